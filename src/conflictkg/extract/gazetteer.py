"""The place names of the world: the committed GeoNames-derived gazetteer (data/gazetteer.tsv.gz,
CC BY 4.0, built by data/build_gazetteer.py) completed by a small hand-written supplement of
conflict regions and areas (data/gazetteer_supplement.tsv: disputed territories, historical
regions, English names of states and provinces stored under local names), read once per process
on first use."""

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
    label: str | None = None  # the English label chosen by the supplement, over any rule


SUPPLEMENT = "gazetteer_supplement.tsv"


def fold(name: str) -> str:
    """The form names are looked up by: accents dropped, lower case, apostrophes and dashes as spaces."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for ch in "'’‘`ʼ":
        text = text.replace(ch, "")
    return " ".join(text.replace("-", " ").split())


@functools.cache
def entries() -> tuple[GazetteerEntry, ...]:
    return tuple(supplemented(_geonames_entries(), _supplement_rows()))


def _geonames_entries() -> list[GazetteerEntry]:
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
    return out


def _supplement_rows() -> list[list[str]]:
    rows = []
    for line in (DATA / SUPPLEMENT).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            row = line.split("\t")
            if len(row) != 10:
                raise ValueError(f"{SUPPLEMENT}: expected 10 tab-separated columns, got {len(row)} in {line!r}")
            rows.append(row)
    return rows


def supplemented(base: list[GazetteerEntry], rows: list[list[str]]) -> list[GazetteerEntry]:
    """``base`` with the supplement's rows: a row that names an existing place (same GeoNames id,
    or same kind, country and name — its own or the one in ``merges``) completes it (English label,
    more names, coordinates when it had none); any other row is a place of its own."""
    out = list(base)
    by_id = {e.geonames_id: i for i, e in enumerate(out) if e.geonames_id}
    by_name: dict[tuple[str, str, str], int] = {}
    for i, e in enumerate(out):
        for n in (e.name, *e.alternates):
            by_name.setdefault((_letter(e.kind), e.country, fold(n)), i)
    for kind, gid, name, cc, lat, lon, pop, alts, merges, _source in rows:
        names = tuple(a for a in alts.split("|") if a)
        i = by_id.get(int(gid)) if gid else None
        for n in (merges, name):
            if i is None and n:
                i = by_name.get((kind, cc, fold(n)))
        population = int(pop or 0)
        point = (float(lat), float(lon)) if lat else None
        if i is None:
            if point is None:
                raise ValueError(f"{SUPPLEMENT}: {name!r} is in no gazetteer row and has no coordinates")
            k = KINDS[kind] if kind != "P" or population >= TOWN_BELOW else "Town"
            out.append(GazetteerEntry(k, int(gid) if gid else None, name, cc, *point, population, names, name))
            continue
        old = out[i]
        more = tuple(dict.fromkeys(n for n in (*names, old.name, *old.alternates) if fold(n) != fold(name)))
        lat_lon = point or (old.lat, old.lon)
        out[i] = GazetteerEntry(old.kind, old.geonames_id or (int(gid) if gid else None), name, old.country,
                                *lat_lon, max(old.population, population), more, name)
    return out


def _letter(kind: str) -> str:
    return {"Country": "C", "Region": "R", "City": "P", "Town": "P"}[kind]


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
    if best.kind != "Country" and best.country not in focus and best.population < 500_000 and best.label is None:
        return None  # a small place abroad is more likely a word or a person's name (not a known conflict area)
    return best
