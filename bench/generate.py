"""``python bench/generate.py N --seed S -o corpus.nq[.gz]``: write the synthetic benchmark corpus.

N articles (each its own named graph), the reference graph and the ontology graph as N-Quads;
N=10,000 gives about a million quads. The same N and seed give the same bytes (gzip too: no
timestamp or file name in the header). Next to the corpus, ``<output>.params.json`` lists values
that exist in it, for binding query parameters (see corpus.parameters).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus_lines, parameters  # noqa: E402


def write_corpus(n_articles: int, seed: int, output: Path, *, ontology: bool = True) -> int:
    """Write the corpus to ``output`` (gzipped when the name ends in .gz); return the quad count.
    Written to a temporary name and renamed, so a cached corpus is never half-written."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    count = 0
    with open(partial, "wb") as raw:
        sink = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) \
            if output.name.endswith(".gz") else raw
        batch: list[str] = []
        for line in corpus_lines(n_articles, seed, ontology=ontology):
            batch.append(line)
            if len(batch) >= 50_000:
                sink.write("".join(batch).encode())
                count += len(batch)
                batch.clear()
        sink.write("".join(batch).encode())
        count += len(batch)
        if sink is not raw:
            sink.close()
    partial.replace(output)
    params_path(output).write_text(json.dumps(parameters(n_articles, seed), indent=1, sort_keys=True) + "\n")
    return count


def params_path(output: Path) -> Path:
    return output.with_name(output.name + ".params.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, metavar="N", help="number of articles (named graphs)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                        help="output file, .nq or .nq.gz")
    parser.add_argument("--no-ontology", action="store_true", help="leave the ontology graph out")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("N must be at least 1")
    if not args.output.name.endswith((".nq", ".nq.gz")):
        parser.error("the output must be an N-Quads file: name it *.nq or *.nq.gz")
    started = time.perf_counter()
    count = write_corpus(args.articles, args.seed, args.output, ontology=not args.no_ontology)
    took = time.perf_counter() - started
    print(f"wrote {count} quads ({args.articles} articles, seed {args.seed}) to {args.output} "
          f"in {took:.1f} s ({count / took:,.0f} quads/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
