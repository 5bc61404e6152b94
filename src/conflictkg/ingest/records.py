"""The reference records of an ingest: the curated records the extractor sees (every
``data/reference/*.ttl`` but the ``extracted-*.ttl`` files ingest writes), the records earlier
ingests and the batch's earlier articles wrote, and the reconciliation of an article's new actors
and places with them, by name (places: by GeoNames id when both have one): one real entity, one
record. What is still new gets a minted IRI (``settle_iris``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .. import resources
from ..extract.allegiances import dedupe
from ..extract.gazetteer import fold
from ..extract.reference import ReferenceIndex, Record, index_graph
from ..mapping import assign_iris
from ..model import ArticleFacts
from ..namespaces import ACTOR, GEONAMES, PLACE, SKOS
from ..rdf_io import load_graph


def curated_reference(root: Path) -> ReferenceIndex:
    """The records the extractor sees: data/reference/*.ttl except what ingest wrote itself."""
    files = [p for p in reference_files(root) if not p.name.startswith("extracted-")]
    return index_graph(load_graph(files)) if files else ReferenceIndex()


def reference_files(root: Path) -> list[Path]:
    return sorted(resources.data_layout(root)["reference"].glob("*.ttl"))

# -- reconciliation: one record per real entity across articles --------------------------------

@dataclass
class Records:
    """The reference records outside the curated ones (earlier ingests and this batch), by name."""

    index: ReferenceIndex
    taken: set[str]  # every IRI in use (curated, extracted, minted in this batch)
    graph: Graph  # the records of extracted-*.ttl, growing with the batch
    geonames: dict[str, str] = field(default_factory=dict)  # place IRI → its GeoNames IRI (skos:exactMatch)



def extracted_records(root: Path, curated: ReferenceIndex) -> Records:
    files = [p for p in reference_files(root) if p.name.startswith("extracted-")]
    graph = load_graph(files) if files else Graph()
    index = index_graph(graph)
    geonames = {str(s): str(o) for s, o in graph.subject_objects(SKOS.exactMatch)}
    return Records(index, curated.iris | index.iris, graph, geonames)


def reconcile(facts: ArticleFacts, records: Records) -> ArticleFacts:
    """Point the article's new actors and places at records that already bear their name; two
    nodes of the article that land on the same record become one."""
    same: dict[tuple[str, str], str] = {}  # (category, key) → key it merges into
    claimed: dict[str, str] = {}  # IRI → key
    for category, entities in (("place", facts.places), ("actor", facts.actors)):
        for entity in entities:
            if entity.iri is not None:
                if entity.iri in claimed:
                    same[category, entity.key] = claimed[entity.iri]
                else:
                    claimed[entity.iri] = entity.key
                continue
            record = _find(records, category, entity)
            if record is None:
                continue
            if record.iri in claimed:
                same[category, entity.key] = claimed[record.iri]
            else:
                entity.iri = record.iri
                claimed[record.iri] = entity.key
    if same:
        _merge(facts, same)
    return facts


def _find(records: Records, category: str, entity) -> Record | None:
    prefix = str(ACTOR) if category == "actor" else str(PLACE)
    names = [entity.label, *entity.alt_labels]
    geonames = records.geonames
    for name in names:
        for record in records.index.by_name.get(fold(name), ()):
            if not record.iri.startswith(prefix):
                continue
            if category == "place":
                theirs = geonames.get(record.iri)
                mine = f"{GEONAMES}{entity.geonames_id}/" if entity.geonames_id else None
                if theirs and mine and theirs != mine:
                    continue
            return record
    return None


def _merge(facts: ArticleFacts, same: dict[tuple[str, str], str]) -> None:
    actor = {k: v for (c, k), v in same.items() if c == "actor"}
    place = {k: v for (c, k), v in same.items() if c == "place"}

    def a(key: str) -> str:
        return actor.get(key, key)

    def p(key: str | None) -> str | None:
        return place.get(key, key) if key is not None else None

    for e in facts.events:
        e.agents = list(dict.fromkeys(a(k) for k in e.agents))
        e.targets = [k for k in dict.fromkeys(a(k) for k in e.targets) if k not in e.agents]
        e.location = p(e.location)
    for s in facts.statements:
        s.speaker = a(s.speaker)
        s.cited_in = a(s.cited_in) if s.cited_in else None
        s.about = [dataclasses.replace(r, key=a(r.key) if r.kind == "actor" else p(r.key) if r.kind == "place" else r.key)
                   for r in s.about]
    for al in facts.allegiances:
        al.of, al.to = a(al.of), a(al.to)
    facts.allegiances = dedupe(facts.allegiances)
    kept_actors = {x.key: x for x in facts.actors if x.key not in actor}
    for old, new in actor.items():
        target = kept_actors.get(new)
        gone = next(x for x in facts.actors if x.key == old)
        if target is not None:
            target.hidden_labels += [h for h in [gone.label, *gone.alt_labels, *gone.hidden_labels]
                                     if h not in target.hidden_labels and h != target.label]
    facts.actors = list(kept_actors.values())
    for x in facts.actors:
        x.territory = p(x.territory)
    facts.places = [x for x in facts.places if x.key not in place]
    for x in facts.places:
        x.located_in = p(x.located_in)


def settle_iris(facts: ArticleFacts, records: Records) -> None:
    """Reconcile the article's new actors and places with the records (earlier ingests and the
    batch's earlier articles), mint IRIs for the rest and remember them for the next articles.
    Minted IRIs are kept as the entities' slugs, so that mapping (in a worker) gives the same."""
    reconcile(facts, records)
    iris = assign_iris(facts, records.taken)
    for category, entities in (("actor", facts.actors), ("place", facts.places)):
        for entity in entities:
            if entity.iri is not None:
                continue
            iri = iris[category, entity.key]
            entity.slug = iri.rsplit("/", 1)[1]
            record = Record(iri, entity.kind, entity.label, [entity.label, *entity.alt_labels])
            records.index.records[iri] = record
            for name in record.names:
                records.index.by_name.setdefault(fold(name), []).append(record)
            records.taken.add(iri)
            if category == "place" and entity.geonames_id:
                records.geonames[iri] = f"{GEONAMES}{entity.geonames_id}/"

