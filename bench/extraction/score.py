"""Score the extractor against the gold annotations and measure its throughput.

    python bench/extraction/score.py [--data DIR] [--markdown] [--throughput N]

Gold: every data/graphs/{slug}.ttl whose article is data/articles/{slug}.txt (the curated, reviewed
graphs) and every data/gold/graphs/{slug}.ttl with data/gold/articles/{slug}.txt. Reference records
(names of actors and places) come from data/reference/*.ttl and data/gold/reference/*.ttl; the extractor's new records are added
to the extracted side. Prints P/R/F1 per category and article, micro (summed counts) and macro
(mean of articles) overall, and the attribute accuracy of matched events and statements.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from rdflib import Graph

from conflictkg.article import read_article
from conflictkg.extract.gazetteer import index as gazetteer_index
from conflictkg.extract.pipeline import extract
from conflictkg.extract.reference import index_graph
from conflictkg.mapping import map_article
from conflictkg.rdf_io import load_graph
from conflictkg.scoring import CATEGORIES, Counts, Score, format_table, score


def gold_pairs(root: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for graphs, articles in ((root / "data" / "graphs", root / "data" / "articles"),
                             (root / "data" / "gold" / "graphs", root / "data" / "gold" / "articles")):
        for graph in sorted(graphs.glob("*.ttl")):
            article = articles / (graph.name[:-4] + ".txt")
            if article.exists():
                pairs.append((article, graph))
    return pairs


def reference_files(root: Path, cold: bool) -> tuple[list[Path], list[Path]]:
    """(what the extractor sees, every record the gold side names). The gold annotations' own
    records live in data/gold/reference/, outside the published reference data: warm runs show
    them to the extractor (as for articles about actors already in the dataset), cold runs do not."""
    published = sorted((root / "data" / "reference").glob("*.ttl"))
    gold = sorted((root / "data" / "gold" / "reference").glob("*.ttl"))
    return (published if cold else published + gold), published + gold


def run(root: Path, cold: bool = False, skip: set[str] | None = None,
        only: set[str] | None = None) -> tuple[list[tuple[str, Score]], Score, dict[str, float]]:
    """Score every gold article. ``cold``: the extractor does not see the reference records that
    the gold annotations introduced (data/gold/reference/), as on articles about new actors."""
    seen_files, all_files = reference_files(root, cold)
    reference_graph = load_graph(all_files)
    reference = index_graph(load_graph(seen_files))
    rows, total = [], Score()
    for article_path, gold_path in gold_pairs(root):
        slug = gold_path.name[:-4]
        if (skip is not None and slug in skip) or (only is not None and slug not in only):
            continue  # not even extracted: held-out articles stay unseen while tuning
        article = read_article(article_path)
        graph, new = map_article(extract(article, reference), taken=reference.iris)
        names = _names(reference, new, reference_graph)
        s = score(graph, load_graph([gold_path]), names, reference_graph)
        rows.append((article.slug, s))
        total.add(s)
    macro = {c: sum(s.counts[c].f1 for _, s in rows) / len(rows) for c in CATEGORIES} if rows else {}
    return rows, total, macro


def _names(reference, new: Graph, full: Graph) -> Graph:
    """The names the extracted side knows: the reference it saw plus its own new records."""
    seen = Graph()
    for t in full:
        if str(t[0]) in reference.records or str(t[0]).rsplit("/geometry", 1)[0] in reference.records:
            seen.add(t)
    return seen + new


def throughput(root: Path, seconds: float = 5.0) -> tuple[float, float]:
    """Articles per second on one core, for the gold articles (their mean size in kB)."""
    reference = index_graph(load_graph(reference_files(root, cold=True)[0]))
    originals = [read_article(a) for a, _ in gold_pairs(root)]
    # ~4 kB articles: each gold article followed by lines of the next ones up to 4 kB
    lines = [line for a in originals for line in a.body.splitlines() if line.strip()]
    articles = []
    for i, a in enumerate(originals):
        text, j = a.text, i * 7
        while len((text + lines[j % len(lines)]).encode()) < 4100:
            text += lines[j % len(lines)] + "\n"
            j += 1
        articles.append(dataclasses.replace(a, text=text))
    gazetteer_index()  # loaded once per process; not part of the per-article cost
    extract(articles[0], reference)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for a in articles:
            map_article(extract(a, reference), taken=reference.iris)
            n += 1
    rate = n / (time.perf_counter() - start)
    size = sum(len(a.text.encode()) for a in articles) / len(articles) / 1000
    return rate, size


def heldout(root: Path) -> set[str]:
    """Slugs of the held-out gold articles (data/gold/heldout.txt): scored apart, never tuned on."""
    path = root / "data" / "gold" / "heldout.txt"
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}


def report(rows: list[tuple[str, Score]], title: str) -> None:
    total = Score()
    for _, s in rows:
        total.add(s)
    macro = {c: sum(s.counts[c].f1 for _, s in rows) / len(rows) for c in CATEGORIES}
    print(f"### {title}")
    print(format_table(rows + [("**micro (all articles)**", total)]))
    print()
    print("macro F1 (mean of articles): " + ", ".join(f"{c} {v:.2f}" for c, v in macro.items())
          + f"; mean {sum(macro.values()) / len(macro):.2f}")
    print("attributes of matched facts (correct / scored): " + ", ".join(
        f"{k} {ok}/{n}" for k, (ok, n) in sorted(total.attributes.items())))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path.cwd(), help="the data repository (default: cwd)")
    parser.add_argument("--cold", action="store_true",
                        help="hide data/gold/reference/ from the extractor (actors and places it must discover)")
    parser.add_argument("--throughput", type=float, default=0, metavar="SECONDS",
                        help="also measure articles/s for this many seconds")
    parser.add_argument("--set", choices=("dev", "heldout", "all"), default="all", dest="which",
                        help="which gold articles to score (tune on dev only; score held-out once at the end)")
    args = parser.parse_args(argv)
    held = heldout(args.data)
    rows, _total, _macro = run(args.data, args.cold,
                               skip=held if args.which == "dev" else None,
                               only=held if args.which == "heldout" else None)
    if not rows:
        print("no gold annotations found under data/graphs or data/gold/graphs", file=sys.stderr)
        return 2
    if any(r[0] not in held for r in rows):
        report([r for r in rows if r[0] not in held], "development articles (the rules were written against these)")
    if any(r[0] in held for r in rows):
        report([r for r in rows if r[0] in held], "held-out articles (data/gold/heldout.txt: never tuned on)")
    if args.throughput:
        rate, size = throughput(args.data, args.throughput)
        print(f"throughput: {rate:.1f} articles/s on one core (mean article {size:.1f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
