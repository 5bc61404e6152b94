"""The place names of the world: the committed GeoNames-derived gazetteer (data/gazetteer.tsv.gz,
CC BY 4.0, built by data/build_gazetteer.py), read once per process on first use."""

from __future__ import annotations

import functools
import gzip
import unicodedata
from dataclasses import dataclass

from .lexicon import DATA

ATTRIBUTION = "Place data from GeoNames (https://www.geonames.org/), licensed CC BY 4.0."
KINDS = {"C": "Country", "R": "Region", "P": "City"}
TOWN_BELOW = 100_000  # populated places smaller than this are towns


@dataclass(frozen=True)
class GazetteerEntry:
    kind: str  # Country, Region, City, Town
    geonames_id: int | None
    name: str
    country: str
    lat: float | None
    lon: float | None
    population: int
    alternates: tuple[str, ...]


def fold(name: str) -> str:
    """The form names are looked up by: accents dropped, lower case, apostrophes and dashes as spaces."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for ch in "'’‘`ʼ":
        text = text.replace(ch, "")
    return " ".join(text.replace("-", " ").split())


@functools.cache
def entries() -> tuple[GazetteerEntry, ...]:
    out = []
    with gzip.open(DATA / "gazetteer.tsv.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            kind, gid, name, cc, lat, lon, pop, alts = line.rstrip("\n").split("\t")
            population = int(pop)
            k = KINDS[kind]
            if k == "City" and population < TOWN_BELOW:
                k = "Town"
            out.append(GazetteerEntry(k, int(gid) if gid else None, name, cc, float(lat) if lat else None,
                                      float(lon) if lon else None, population,
                                      tuple(a for a in alts.split("|") if a)))
    return tuple(out)


@functools.cache
def index() -> dict[str, tuple[GazetteerEntry, ...]]:
    """Folded name → entries bearing it."""
    table: dict[str, list[GazetteerEntry]] = {}
    for entry in entries():
        for name in (entry.name, *entry.alternates):
            bucket = table.setdefault(fold(name), [])
            if entry not in bucket:
                bucket.append(entry)
    return {k: tuple(v) for k, v in table.items()}


@functools.cache
def countries() -> dict[str, GazetteerEntry]:
    return {e.country: e for e in entries() if e.kind == "Country"}


def lookup(name: str, focus: tuple[str, ...] = ()) -> GazetteerEntry | None:
    """The place a name most plausibly means in an article about the ``focus`` countries:
    a country first, then places in the focus countries (largest first), then large places elsewhere."""
    candidates = index().get(fold(name), ())
    if not candidates:
        return None
    rank = {"Country": 0, "Region": 1, "City": 2, "Town": 2}

    def score(e: GazetteerEntry) -> tuple:
        in_focus = e.country in focus
        return (rank[e.kind] if e.kind == "Country" else 1, 0 if in_focus else 1, -e.population, rank[e.kind])

    best = min(candidates, key=score)
    if best.kind != "Country" and best.country not in focus and best.population < 500_000:
        return None  # a small place abroad is more likely a word or a person's name
    return best
