"""``python bench/validate_scale.py N [N...]``: time ``conflictkg validate`` over N generated articles.

For each N, the synthetic corpus (``bench/generate.py``, seeded) is split into a temporary data
repository shaped like a real one: ``data/graphs/{slug}.ttl`` per article (its text moved to
``data/articles/{slug}.txt``, where the validator joins it back as schema:articleBody) and the
reference graph in ``data/reference/reference.ttl``. Then, each as a fresh ``conflictkg``
process (start-up included, as a user or hook sees it):

- full: the whole repository, no cache (``--no-cache``), with the chosen engine;
- filling the cache: the same with the cache on (one entry per article is written);
- cached: the whole repository again, everything from the cache;
- one changed: one article graph edited, the whole repository (re-checks one article, re-runs
  the quality checks over the union);
- hook: the same edit, the changed file passed as PATH (what the pre-commit hook runs).

The machine's load average is printed with each figure: the development machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_corpus  # noqa: E402

from conflictkg.namespaces import ARTICLE_GRAPH, ONTOLOGY_GRAPH, PREFIXES, REFERENCE_GRAPH, SCHEMA  # noqa: E402

BODY = str(SCHEMA.articleBody)


def split_corpus(corpus: Path, root: Path) -> int:
    """Write the corpus as a data repository at ``root``; return the number of articles."""
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(corpus), format=ox.RdfFormat.N_QUADS):
        graphs[quad.graph_name.value].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    data = root / "data"
    for folder in ("graphs", "articles", "reference"):
        (data / folder).mkdir(parents=True, exist_ok=True)
    (data / "reference" / "reference.ttl").write_bytes(_turtle(graphs.pop(REFERENCE_GRAPH)))
    graphs.pop(ONTOLOGY_GRAPH, None)  # the validator reads the installed ontology
    for graph, triples in graphs.items():
        slug = graph.removeprefix(str(ARTICLE_GRAPH))
        body = [t for t in triples if t.predicate.value == BODY]
        (data / "articles" / f"{slug}.txt").write_text(body[0].object.value if body else "", encoding="utf-8")
        (data / "graphs" / f"{slug}.ttl").write_bytes(_turtle([t for t in triples if t.predicate.value != BODY]))
    return len(graphs)


def _turtle(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def run(root: Path, *args: str) -> tuple[float, dict]:
    """Time one ``conflictkg validate`` process; its JSON report's summary."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "conflictkg", "--data", str(root), "validate", "--format", "json",
                           *args], capture_output=True, text=True, cwd=root)
    took = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"validate failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    severities = [r["severity"] for r in report["results"]]
    return took, {"violations": severities.count("Violation"), "warnings": severities.count("Warning")}


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def measure(n: int, seed: int, workdir: Path, engine: str) -> list[tuple[str, float, str, dict]]:
    corpus = workdir / f"corpus-{n}-{seed}.nq"
    if not corpus.exists():
        write_corpus(n, seed, corpus, ontology=False)
    root = workdir / f"repo-{n}-{seed}"
    if not (root / "data").exists():
        started = time.perf_counter()
        split_corpus(corpus, root)
        print(f"N={n}: data repository written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    rows = []

    def step(name: str, *args: str) -> None:
        before = load()
        took, summary = run(root, *args)
        rows.append((name, took, f"{before} → {load()}", summary))
        print(f"N={n} {name}: {took:.2f} s (load {rows[-1][2]}) {summary}", file=sys.stderr)

    shutil.rmtree(root / ".conflictkg", ignore_errors=True)
    step(f"full, no cache ({engine})", "--no-cache", "--engine", engine)
    step("full, filling the cache", "--engine", engine)
    step("full again, everything from the cache", "--engine", engine)
    graph = sorted((root / "data" / "graphs").glob("*.ttl"))[n // 2]
    original = graph.read_text()
    try:
        graph.write_text(original.replace('"@en', ' (edited)"@en', 1))
        step("one article changed, whole repository", "--engine", engine)
        graph.write_text(original.replace('"@en', ' (edited again)"@en', 1))
        step("one article changed, passed as PATH (hook)", "--engine", engine, str(graph))
    finally:
        graph.write_text(original)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+", metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", default="auto", choices=("auto", "sparql", "shacl"))
    parser.add_argument("--workdir", type=Path, help="keep corpora and repositories here (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="validate-scale-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"| N | run | time (s) | load average (1/5/15 min) before → after | violations / warnings |")
        print("|---|---|---|---|---|")
        for n in args.sizes:
            for name, took, load_note, summary in measure(n, args.seed, workdir, args.engine):
                print(f"| {n:,} | {name} | {took:.2f} | {load_note} | {summary['violations']} / {summary['warnings']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
