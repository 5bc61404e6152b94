"""Build the gold graphs of data/gold/ from their annotations, and the reference records of the
actors and places they introduce.

    python bench/extraction/build_gold.py

data/gold/annotations/{slug}.yaml codes data/gold/articles/{slug}.txt by docs/CODEBOOK.md in a
compact form (actors, places, hidden labels, events, statements, allegiances; evidence sentences
named by a phrase that occurs in exactly one sentence). This script writes
data/gold/graphs/{slug}.ttl (the canonical writer) and data/gold/reference/gold-actors.ttl /
gold-places.ttl (records not already in data/reference/; place coordinates and GeoNames ids from the
gazetteer, GeoNames data CC BY 4.0). The gold records are kept out of the published reference data:
they would let the extractor "know" the actors of its own test articles (the scorer's warm mode
loads them, its cold mode does not).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml
from rdflib import Graph

from conflictkg.article import read_article
from conflictkg.extract import gazetteer
from conflictkg.extract.reference import index_graph
from conflictkg.extract.sentences import split_sentences
from conflictkg.mapping import map_article
from conflictkg.model import Actor, Allegiance, ArticleFacts, Event, Place, Ref, Statement, When
from conflictkg.namespaces import ACTOR, PLACE
from conflictkg.rdf_io import canonical_turtle, load_graph, write_atomic

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "data" / "gold"
GOLD_REFERENCE = GOLD / "reference"


def sentence_with(phrase: str, sentences: list[str], where: str) -> str:
    hits = [s for s in sentences if phrase in s]
    if len(hits) != 1:
        sys.exit(f"{where}: evidence phrase {phrase!r} occurs in {len(hits)} sentences; make it unique")
    return hits[0]


def main() -> int:
    reference = index_graph(load_graph(sorted((ROOT / "data" / "reference").glob("*.ttl"))))
    annotations = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((GOLD / "annotations").glob("*.yaml"))}
    new_actors: dict[str, Actor] = {}
    new_places: dict[str, Place] = {}
    for slug, spec in annotations.items():
        for key, a in (spec.get("actors") or {}).items():
            if str(ACTOR[key]) in reference.records:
                continue
            if key in new_actors:  # named again by a later annotation: one record, all its names
                known = new_actors[key]
                known.alt_labels += [n for n in a.get("alt", []) if n not in known.alt_labels and n != known.label]
                continue
            new_actors[key] = Actor(key, a["label"], a["kind"], alt_labels=a.get("alt", []), territory=a.get("territory"))
        for key, p in (spec.get("places") or {}).items():
            if str(PLACE[key]) in reference.records or key in new_places:
                continue
            if "gaz" in p:
                entry = gazetteer.lookup(p["gaz"], (p["country"],))
                if entry is None:
                    sys.exit(f"{slug}: {p['gaz']!r} is not in the gazetteer")
                kind = entry.kind
                new_places[key] = Place(key, p.get("label", p["gaz"]), kind,
                                        alt_labels=[n for n in (entry.name,) if n != p["gaz"]] + p.get("alt", []),
                                        lat=entry.lat, lon=entry.lon, geonames_id=entry.geonames_id, located_in=p.get("in"))
            else:
                new_places[key] = Place(key, p["label"], p["kind"], alt_labels=p.get("alt", []), lat=p.get("lat"),
                                        lon=p.get("lon"), located_in=p.get("in"))
    for key, place in new_places.items():  # areas and facilities without a point take their place's
        if place.lat is None and place.located_in:
            parent = new_places.get(place.located_in)
            place.lat, place.lon = (parent.lat, parent.lon) if parent else (None, None)
    # reference records: everything new, with IRIs equal to the keys
    facts = ArticleFacts(slug="gold", title="gold", text="", actors=list(new_actors.values()),
                         places=list(new_places.values()))
    for p in facts.places:
        if p.located_in and p.located_in not in new_places:
            facts.places.append(Place(p.located_in, "", iri=str(PLACE[p.located_in])))
    for a in facts.actors:
        if a.territory and a.territory not in new_places:
            facts.places.append(Place(a.territory, "", iri=str(PLACE[a.territory])))
    _, records = map_article(_dedupe(facts), taken=reference.iris)
    actors_graph, places_graph = Graph(), Graph()
    for t in records:
        (actors_graph if str(t[0]).startswith(str(ACTOR)) else places_graph).add(t)
    write_atomic(GOLD_REFERENCE / "gold-actors.ttl", canonical_turtle(actors_graph, header=(
        "Actors introduced by the gold annotations of data/gold/ (written by bench/extraction/build_gold.py\n"
        "from data/gold/annotations/*.yaml; edit those and rerun).")))
    write_atomic(GOLD_REFERENCE / "gold-places.ttl", canonical_turtle(places_graph, header=(
        "Places introduced by the gold annotations of data/gold/ (written by bench/extraction/build_gold.py).\n"
        "Coordinates and GeoNames ids from GeoNames (https://www.geonames.org/), licensed CC BY 4.0.")))
    for slug, spec in annotations.items():
        graph = gold_graph(slug, spec)
        write_atomic(GOLD / "graphs" / f"{slug}.ttl", canonical_turtle(graph, header=(
            f"Gold annotation of data/gold/articles/{slug}.txt, coded by docs/CODEBOOK.md\n"
            f"(generated from data/gold/annotations/{slug}.yaml by bench/extraction/build_gold.py).")))
    print(f"wrote {len(annotations)} gold graphs, {len(new_actors)} actor and {len(new_places)} place records")
    return 0


def _dedupe(facts: ArticleFacts) -> ArticleFacts:
    seen, places = set(), []
    for p in facts.places:
        if p.key not in seen:
            seen.add(p.key)
            places.append(p)
    facts.places = places
    for a in facts.actors:
        a.iri, a.slug = None, a.key
    for p in facts.places:
        if p.label:
            p.iri, p.slug = None, p.key
    return facts


def gold_graph(slug: str, spec: dict) -> Graph:
    article = read_article(GOLD / "articles" / f"{slug}.txt")
    sentences = [s.text for s in split_sentences(article.body)]
    actor_keys, place_keys = set(), set()

    def actor(key: str) -> str:
        actor_keys.add(key)
        return key

    def place(key: str) -> str:
        place_keys.add(key)
        return key

    events = []
    for i, e in enumerate(spec.get("events") or [], start=1):
        where = f"{slug} e{i}"
        events.append(Event(
            type=e["type"], evidence=[sentence_with(ph, sentences, where) for ph in e["ev"]],
            agents=[actor(k) for k in e.get("agent", [])], targets=[actor(k) for k in e.get("target", [])],
            location=place(e["place"]) if e.get("place") else None,
            date=When(str(e["date"])) if e.get("date") else When(article.published.isoformat()), planned=bool(e.get("planned")),
            fatalities=e.get("fatalities"), fatalities_qualifier=e.get("q"),
            civilian_fatalities=e.get("civilianFatalities"), civilian_fatalities_qualifier=e.get("cq")))
    statements = []
    for i, s in enumerate(spec.get("statements") or [], start=1):
        evidence = sentence_with(s["ev"], sentences, f"{slug} s{i}")
        about = []
        for ref in s.get("about", []):
            if ref.startswith("e"):
                about.append(Ref("event", str(int(ref[1:]) - 1)))
            else:
                kind, key = ref.split()
                about.append(Ref(kind, actor(key) if kind == "actor" else place(key)))
        statements.append(Statement(
            speaker=actor(s["speaker"]), type=s["type"], text=s["text"], evidence=[evidence], about=about,
            date=When(str(s["date"])) if s.get("date") else When(article.published.isoformat()),
            cited_in=actor(s["cited"]) if s.get("cited") else None,
            disputes=[int(d[1:]) - 1 for d in s.get("disputes", [])]))
    allegiances = [Allegiance(of=actor(a["of"]), type=a["type"], to=actor(a["to"]),
                              evidence=[sentence_with(a["ev"], sentences, f"{slug} a{i}")])
                   for i, a in enumerate(spec.get("allegiances") or [], start=1)]
    hidden = spec.get("hidden") or {}
    for key in hidden:
        actor_keys.add(key)
    facts = ArticleFacts(slug=slug, title=article.title or article.headline, text=article.text,
                         published=article.published, url=article.url, publisher=article.publisher,
                         rights=article.rights, events=events, statements=statements, allegiances=allegiances,
                         reviewed=True)
    facts.actors = [Actor(k, k, iri=str(ACTOR[k]), hidden_labels=list(hidden.get(k, []))) for k in sorted(actor_keys)]
    facts.places = [Place(k, k, iri=str(PLACE[k])) for k in sorted(place_keys)]
    graph, extra = map_article(facts, with_body=False)
    assert not len(extra)
    return graph


if __name__ == "__main__":
    sys.exit(main())
