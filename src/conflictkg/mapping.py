"""Model objects → RDF: the only place that knows how facts become triples and how IRIs are
minted (DESIGN.md, "IRIs and namespaces"; docs/MODELLING.md, "Where each triple lives").

``map_article(facts)`` returns two graphs: the article graph (the article, its events,
statements, allegiances and the article's descriptions of actors) and the reference records of
actors and places seen for the first time (type, label, altLabels, coordinates, locatedIn), which
ingest adds to ``data/reference/``. Known actors and places keep their reference IRIs and are
never described again in the article graph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from .model import Actor, ArticleFacts, Place, When
from .namespaces import (ALLEGIANCE, ARTICLE, CKG, DCTERMS, EVENT, GEO, GEONAMES, PROV, RDF, RDFS,
                         REFERENCE_GRAPH, SCHEMA, SKOS, STATEMENT, WGS84, XSD, article_graph,
                         resource_iri)

EVENT_TYPE_LABELS = {
    "Offensive": "offensive", "Withdrawal": "withdrawal", "TerritorialCapture": "capture",
    "Airstrike": "air strike", "Shelling": "shelling", "Clash": "clash", "Curfew": "curfew",
    "DiplomaticVisit": "diplomatic visit", "Ceasefire": "ceasefire", "Crackdown": "crackdown",
    "Casualties": "casualties", "Displacement": "displacement", "Other": "event",
}
_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def slugify(text: str) -> str:
    """A slug from a label: accents dropped, lowercase, ``[a-z0-9-]`` only, e.g.
    ``"Bashar al-Assad"`` → ``bashar-al-assad``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug or "unnamed"


def mint(kind: str, label: str, taken: set[str], slug: str | None = None) -> str:
    """A new IRI for ``label`` (or the chosen ``slug``); a numeric suffix only when it is already taken."""
    base = slug or slugify(label)
    iri, n = resource_iri(kind, base), 2
    while iri in taken:
        iri, n = resource_iri(kind, f"{base}-{n}"), n + 1
    taken.add(iri)
    return iri


def date_literal(when: When) -> Literal:
    return Literal(when.value, datatype=_DATE_TYPES[when.precision])


def event_label(facts: ArticleFacts, index: int) -> str:
    event = facts.events[index]
    if event.label:
        return event.label
    parts = [EVENT_TYPE_LABELS[event.type]]
    if event.agents:
        parts.append("by " + " and ".join(_name(facts, "actor", k) for k in event.agents))
    if event.location:
        parts.append("in " + _name(facts, "place", event.location))
    if event.date:
        parts.append(f"({event.date.value})")
    text = " ".join(parts)
    return text[0].upper() + text[1:]


def _name(facts: ArticleFacts, kind: str, key: str) -> str:
    return (facts.actor(key) if kind == "actor" else facts.place(key)).label


def assign_iris(facts: ArticleFacts, taken: Iterable[str] = ()) -> dict[tuple[str, str], str]:
    """IRIs of the article's actors and places: reference IRIs where known, new ones minted in the
    order of the lists (so the same facts always get the same IRIs)."""
    used = set(taken) | {a.iri for a in facts.actors if a.iri} | {p.iri for p in facts.places if p.iri}
    iris: dict[tuple[str, str], str] = {}
    for actor in facts.actors:
        iris["actor", actor.key] = actor.iri or mint("actor", actor.label, used, actor.slug)
    for place in facts.places:
        iris["place", place.key] = place.iri or mint("place", place.label, used, place.slug)
    return iris


def map_article(facts: ArticleFacts, taken: Iterable[str] = (), with_body: bool = True) -> tuple[Graph, Graph]:
    """The article graph and the reference records of new actors and places.

    ``taken`` are IRIs already used by the reference data (new slugs avoid them).
    ``with_body`` adds ``schema:articleBody`` (the repository joins it from the article file).
    """
    iris = assign_iris(facts, taken)
    # named identifiers: an anonymous Graph() draws a random BNode id, which costs more than the mapping;
    # SimpleMemory keeps no per-context indexes: adding and the canonical writer are ~15% faster
    graph = Graph(store="SimpleMemory", identifier=URIRef(article_graph(facts.slug)))
    reference = Graph(store="SimpleMemory", identifier=URIRef(REFERENCE_GRAPH))
    art = ARTICLE[facts.slug]
    _article(graph, facts, art, with_body)
    actor = {a.key: URIRef(iris["actor", a.key]) for a in facts.actors}
    place = {p.key: URIRef(iris["place", p.key]) for p in facts.places}
    for a in facts.actors:
        for hidden in a.hidden_labels:
            graph.add((actor[a.key], SKOS.hiddenLabel, Literal(hidden)))
        if not a.iri:
            _actor_record(reference, a, actor[a.key], place)
    for p in facts.places:
        for hidden in p.hidden_labels:
            graph.add((place[p.key], SKOS.hiddenLabel, Literal(hidden)))
        if not p.iri:
            _place_record(reference, p, place[p.key], place)
    events = [EVENT[f"{facts.slug}-e{n}"] for n in range(1, len(facts.events) + 1)]
    statements = [STATEMENT[f"{facts.slug}-s{n}"] for n in range(1, len(facts.statements) + 1)]
    for i, e in enumerate(facts.events):
        s = events[i]
        _fact(graph, s, CKG.Event, event_label(facts, i), e.evidence, art)
        graph.add((s, CKG.eventType, CKG[e.type]))
        for k in e.agents:
            graph.add((s, CKG.agent, actor[k]))
        for k in e.targets:
            graph.add((s, CKG.target, actor[k]))
        if e.location:
            graph.add((s, CKG.location, place[e.location]))
        if e.date:
            graph.add((s, CKG.date, date_literal(e.date)))
        if e.planned:
            graph.add((s, CKG.planned, Literal(True)))
        for value, qualifier, p, q in ((e.fatalities, e.fatalities_qualifier, CKG.fatalities, CKG.fatalitiesQualifier),
                                       (e.civilian_fatalities, e.civilian_fatalities_qualifier,
                                        CKG.civilianFatalities, CKG.civilianFatalitiesQualifier)):
            if value is not None:
                graph.add((s, p, Literal(value, datatype=XSD.integer)))
                graph.add((s, q, CKG[qualifier or "Exact"]))
    refs = {"actor": actor, "place": place}
    for i, st in enumerate(facts.statements):
        s = statements[i]
        label = st.label or f"{st.type} by {facts.actor(st.speaker).label}"
        _fact(graph, s, CKG.Statement, label, st.evidence, art)
        graph.add((s, CKG.speaker, actor[st.speaker]))
        graph.add((s, CKG.statementType, CKG[st.type]))
        graph.add((s, CKG.text, Literal(st.text)))
        for ref in st.about:
            if ref.kind == "event":
                graph.add((s, CKG.about, events[int(ref.key)]))
            elif ref.kind == "statement":
                graph.add((s, CKG.about, statements[int(ref.key)]))
            else:
                graph.add((s, CKG.about, refs[ref.kind][ref.key]))
        if st.date:
            graph.add((s, CKG.date, date_literal(st.date)))
        if st.cited_in:
            graph.add((s, CKG.citedIn, actor[st.cited_in]))
        for j in st.disputes:
            graph.add((s, CKG.disputes, statements[j]))
    for n, al in enumerate(facts.allegiances, start=1):
        s = ALLEGIANCE[f"{facts.slug}-a{n}"]
        label = al.label or f"{facts.actor(al.of).label} {_allegiance_phrase(al.type)} {facts.actor(al.to).label}"
        _fact(graph, s, CKG.Allegiance, label, al.evidence, art)
        graph.add((s, CKG.allegianceOf, actor[al.of]))
        graph.add((s, CKG.allegianceType, CKG[al.type]))
        graph.add((s, CKG.allegianceTo, actor[al.to]))
    return graph, reference


def _allegiance_phrase(kind: str) -> str:
    return {"LoyalTo": "loyal to", "SupportedBy": "supported by", "AffiliatedWith": "affiliated with",
            "AlliedWith": "allied with", "Opposes": "opposes", "LedBy": "led by"}[kind]


def _article(graph: Graph, facts: ArticleFacts, art: URIRef, with_body: bool) -> None:
    graph.add((art, RDF.type, CKG.Article))
    graph.add((art, RDFS.label, Literal(facts.title)))
    graph.add((art, DCTERMS.title, Literal(facts.title)))
    if facts.published:
        day = Literal(facts.published.isoformat(), datatype=XSD.date)
        graph.add((art, DCTERMS.date, day))
        graph.add((art, SCHEMA.datePublished, day))
    if facts.url:
        graph.add((art, SCHEMA.url, URIRef(facts.url)))
    if facts.publisher:
        graph.add((art, DCTERMS.publisher, Literal(facts.publisher)))
    if facts.rights:
        graph.add((art, DCTERMS.rights, Literal(facts.rights)))
    if with_body:
        graph.add((art, SCHEMA.articleBody, Literal(facts.text)))
    g = URIRef(article_graph(facts.slug))
    graph.add((g, RDF.type, PROV.Entity))
    graph.add((g, PROV.wasDerivedFrom, art))
    graph.add((g, CKG.reviewStatus, CKG.Reviewed if facts.reviewed else CKG.Unreviewed))
    if facts.extractor_version:
        graph.add((g, PROV.wasAttributedTo, CKG.Extractor))
        graph.add((g, CKG.extractorVersion, Literal(facts.extractor_version)))
    else:
        graph.add((g, PROV.wasAttributedTo, CKG.Maintainers))


def _fact(graph: Graph, s: URIRef, cls: URIRef, label: str, evidence: list[str], art: URIRef) -> None:
    graph.add((s, RDF.type, cls))
    graph.add((s, RDFS.label, Literal(label)))
    graph.add((s, PROV.wasDerivedFrom, art))
    for sentence in evidence:
        graph.add((s, CKG.evidence, Literal(sentence)))


def _typed_names(reference: Graph, s: URIRef, kind: str, label: str, alt_labels) -> None:
    """A reference record's class, its one label and its other names (DESIGN.md, "Names")."""
    reference.add((s, RDF.type, CKG[kind]))
    reference.add((s, RDFS.label, Literal(label)))
    for alt in alt_labels:
        if alt != label:
            reference.add((s, SKOS.altLabel, Literal(alt)))


def _actor_record(reference: Graph, a: Actor, s: URIRef, place: dict[str, URIRef]) -> None:
    _typed_names(reference, s, a.kind, a.label, a.alt_labels)
    if a.territory:
        reference.add((s, CKG.territory, place[a.territory]))


def _place_record(reference: Graph, p: Place, s: URIRef, place: dict[str, URIRef]) -> None:
    _typed_names(reference, s, p.kind, p.label, p.alt_labels)
    if p.located_in:
        reference.add((s, CKG.locatedIn, place[p.located_in]))
    if p.lat is not None and p.lon is not None:
        lat, lon = Decimal(f"{p.lat:.5f}").normalize(), Decimal(f"{p.lon:.5f}").normalize()
        reference.add((s, WGS84.lat, Literal(_decimal(lat), datatype=XSD.decimal)))
        reference.add((s, WGS84.long, Literal(_decimal(lon), datatype=XSD.decimal)))
        geometry = URIRef(f"{s}/geometry")
        reference.add((s, GEO.hasGeometry, geometry))
        reference.add((geometry, RDF.type, GEO.Geometry))
        reference.add((geometry, GEO.asWKT, Literal(f"POINT({_decimal(lon)} {_decimal(lat)})", datatype=GEO.wktLiteral)))
    if p.geonames_id:
        reference.add((s, SKOS.exactMatch, URIRef(f"{GEONAMES}{p.geonames_id}/")))


def _decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text if "." in text else text + ".0"
