"""Ingest at scale: generate N ~4 kB articles from the gold articles and time `conflictkg ingest`
on them end to end (extract, reconcile, validate, write, load the store), in a temporary data
repository holding the curated reference records.

    python bench/extraction/ingest_scale.py [-n 1000] [--jobs 2] [--keep DIR]

Articles are varied programmatically (seeded): each is a gold article whose towns are swapped
for other towns of the same country from the gazetteer, whose people get other names, whose
publication date moves, padded to ~4 kB with paragraphs of the other gold articles (varied the
same way). Nothing generated is committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conflictkg.article import read_article
from conflictkg.extract import gazetteer
from conflictkg.extract.pipeline import extract

ROOT = Path(__file__).resolve().parents[2]
FIRST = ["Amina", "Jean", "Omar", "Lucia", "Ahmed", "Grace", "Ivan", "Mariam", "Tun", "Fatou", "Pierre", "Olena"]
LAST = ["Diallo", "Mbeki", "Haddad", "Kovalenko", "Aung", "Traore", "Kabila", "Osman", "Petrenko", "Salem"]


def sources() -> list[Path]:
    return sorted((ROOT / "data" / "gold" / "articles").glob("*.txt")) + sorted((ROOT / "data" / "articles").glob("*.txt"))


def towns_by_country() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for e in gazetteer.entries():
        if e.kind in ("City", "Town") and e.name.isascii() and " " not in e.name and e.population > 20_000:
            table.setdefault(e.country, []).append(e.name)
    return table


def replaceable_towns(article) -> dict[str, str]:
    """The towns an article names (as the extractor finds them), with their country codes."""
    out = {}
    for place in extract(article).places:
        if place.kind in ("City", "Town") and place.label.isascii() and " " not in place.label:
            entry = gazetteer.lookup(place.label)
            if entry is not None:
                out[place.label] = entry.country
    return out


def variant(text: str, rng: random.Random, towns: dict[str, list[str]], named: dict[str, str]) -> str:
    """Swap the towns the text names for others of their country, and people's names for others."""
    for word, country in named.items():
        if len(towns.get(country, ())) > 5 and rng.random() < 0.7:
            text = re.sub(rf"\b{word}\b", rng.choice(towns[country]), text)
    for title in ("President", "Minister", "General", "spokesman", "commander", "leader"):
        for m in set(re.findall(rf"{title} ([A-Z][a-z]+ [A-Z][a-z]+)", text)):
            text = text.replace(m, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
    return text


def generate(folder: Path, n: int, seed: int = 7, size: int = 4000) -> list[Path]:
    rng = random.Random(seed)
    towns = towns_by_country()
    originals = [read_article(p) for p in sources()]
    named = [replaceable_towns(a) for a in originals]
    paragraphs = [(line, named[i]) for i, a in enumerate(originals) for line in a.body.splitlines() if line.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        base = originals[i % len(originals)]
        body = variant(base.body, rng, towns, named[i % len(originals)])
        while len(body.encode()) < size:
            line, its_towns = rng.choice(paragraphs)
            body += variant(line, rng, towns, its_towns) + "\n"
        published = (base.published or dt.date(2024, 1, 1)) + dt.timedelta(days=i // len(originals))
        path = folder / f"{published.isoformat()}-scale-{i:05d}.txt"
        path.write_text(f"---\ntitle: {base.headline} ({i})\npublished: {published.isoformat()}\n---\n"
                        f"{base.headline}\n{body}", encoding="utf-8")
        out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="use this folder (kept) instead of a temporary one")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="ckg-ingest-scale-"))
    try:
        (work / "data" / "reference").mkdir(parents=True, exist_ok=True)
        for name in ("actors.ttl", "places.ttl"):
            shutil.copy(ROOT / "data" / "reference" / name, work / "data" / "reference" / name)
        files = generate(work / "incoming", args.n)
        kb = sum(p.stat().st_size for p in files) / len(files) / 1000
        command = [sys.executable, "-m", "conflictkg", "--data", str(work), "ingest", "--jobs", str(args.jobs),
                   str(work / "incoming")]
        start = time.perf_counter()
        done = subprocess.run(command)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            print(f"ingest failed with exit code {done.returncode}", file=sys.stderr)
            return done.returncode
        print(f"ingested {len(files)} articles (mean {kb:.1f} kB) in {seconds:.1f} s: "
              f"{len(files) / seconds:.1f} articles/s end to end (jobs={args.jobs})")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
