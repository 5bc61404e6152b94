"""The curated reference records (``data/reference/*.ttl``) as a name index: known actors and
places are found by their labels and altLabels and keep their IRIs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from ..namespaces import ACTOR, CKG, PLACE, RDF, RDFS, SKOS, WGS84
from ..rdf_io import load_graph
from .gazetteer import fold


@dataclass
class Record:
    iri: str
    kind: str  # the ckg class's local name
    label: str
    names: list[str]
    lat: float | None = None
    lon: float | None = None
    located_in: str | None = None
    territory: str | None = None


@dataclass
class ReferenceIndex:
    records: dict[str, Record] = field(default_factory=dict)
    by_name: dict[str, list[Record]] = field(default_factory=dict)  # folded name → records

    @property
    def iris(self) -> set[str]:
        return set(self.records)

    def find(self, name: str, category: str) -> Record | None:
        """The record of an actor (``category="actor"``) or place named ``name``."""
        prefix = str(ACTOR) if category == "actor" else str(PLACE)
        for record in self.by_name.get(fold(name), ()):
            if record.iri.startswith(prefix):
                return record
        return None

    def names(self, category: str) -> list[tuple[str, Record]]:
        prefix = str(ACTOR) if category == "actor" else str(PLACE)
        return [(n, r) for r in self.records.values() if r.iri.startswith(prefix) for n in r.names]


def index_graph(graph: Graph) -> ReferenceIndex:
    ref = ReferenceIndex()
    for s in sorted(set(graph.subjects(RDF.type, None)), key=str):
        iri = str(s)
        if not (iri.startswith(str(ACTOR)) or iri.startswith(str(PLACE))) or "/geometry" in iri:
            continue
        kinds = sorted(str(o)[len(str(CKG)):] for o in graph.objects(s, RDF.type) if str(o).startswith(str(CKG)))
        label = graph.value(s, RDFS.label)
        names = [str(label)] if label is not None else []
        names += sorted(str(o) for o in graph.objects(s, SKOS.altLabel))
        lat, lon = graph.value(s, WGS84.lat), graph.value(s, WGS84.long)
        located = graph.value(s, CKG.locatedIn)
        territory = graph.value(s, CKG.territory)
        record = Record(iri, kinds[0] if kinds else "Actor", str(label) if label is not None else iri.rsplit("/", 1)[1],
                        names, float(lat) if lat is not None else None, float(lon) if lon is not None else None,
                        str(located) if located is not None else None,
                        str(territory) if territory is not None else None)
        ref.records[iri] = record
        for name in names:
            ref.by_name.setdefault(fold(name), []).append(record)
    return ref


def load_reference(data_root: Path) -> ReferenceIndex:
    """The reference records of a data repository (an empty index when it has none)."""
    files = sorted((data_root / "data" / "reference").glob("*.ttl"))
    return index_graph(load_graph(files)) if files else ReferenceIndex()


def record_iri(record: Record | None) -> URIRef | None:
    return URIRef(record.iri) if record else None
