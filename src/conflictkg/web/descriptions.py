"""What a Linked Data page says about a resource: the SPARQL that gathers it (pure functions)
and the grouping of its triples for the HTML page.

A description holds the resource's own triples, the triples that point at it (at most
``INCOMING_LIMIT``), the label of every resource it mentions (subjects, predicates, objects),
and the evidence sentences of the resources that point at it (events and statements about an
actor or a place)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import CKG, DCTERMS, OWL, RDF, RDFS, SCHEMA, SKOS

INCOMING_LIMIT = 200
LABELS_LIMIT = 2000


def without(variable: str, excluded: tuple[str, ...]) -> str:
    """A FILTER that keeps ``excluded`` predicates out of ``variable`` (nothing when none are)."""
    return f"FILTER({variable} NOT IN ({', '.join(f'<{p}>' for p in excluded)}))" if excluded else ""


def description_query(iri: str, excluded: tuple[str, ...] = ()) -> str:
    """The CONSTRUCT of a resource's description, without its ``excluded`` predicates."""
    r = str(ox.NamedNode(iri))  # validates the IRI and writes it as <…>
    return f"""CONSTRUCT {{
  {r} ?p ?o . ?s ?q {r} . ?m <{RDFS.label}> ?label . ?s <{CKG.evidence}> ?evidence .
}} WHERE {{
  {{ SELECT DISTINCT ?p ?o WHERE {{ {r} ?p ?o {without("?p", excluded)} }} }}
  UNION
  {{ {{ SELECT DISTINCT ?s ?q WHERE {{ ?s ?q {r} }} LIMIT {INCOMING_LIMIT} }}
     OPTIONAL {{ ?s <{CKG.evidence}> ?evidence }} }}
  UNION
  {{ {{ SELECT DISTINCT ?m WHERE {{
        {{ {r} ?m ?x }} UNION {{ {r} ?x ?m }} UNION {{ ?x ?m {r} }}
        UNION {{ {{ SELECT ?m WHERE {{ ?m ?x {r} }} LIMIT {INCOMING_LIMIT} }} }}
      }} LIMIT {LABELS_LIMIT} }}
     ?m <{RDFS.label}> ?label }}
}}"""


def exists_query(iri: str) -> str:
    r = str(ox.NamedNode(iri))
    return f"ASK {{ {{ {r} ?p ?o }} UNION {{ ?s ?q {r} }} }}"


def status_query(iri: str) -> str:
    """One row: whether anything is known about ``iri``, whether it is deprecated, and its
    successor (the first, if a record wrongly names several). One round trip per request."""
    r = str(ox.NamedNode(iri))
    return f"""SELECT ?exists ?deprecated ?successor WHERE {{
  BIND(EXISTS {{ {{ {r} ?p ?o }} UNION {{ ?s ?q {r} }} }} AS ?exists)
  OPTIONAL {{ {r} <{OWL.deprecated}> ?deprecated }}
  OPTIONAL {{ {r} <{DCTERMS.isReplacedBy}> ?successor FILTER(isIRI(?successor)) }}
}} ORDER BY DESC(?deprecated) ?successor LIMIT 1"""


@dataclass(frozen=True)
class Status:
    """What a resource's IRI answers: 404 (unknown), 301 (merged), 410 (withdrawn) or 200."""

    exists: bool
    deprecated: bool = False
    successor: str | None = None

    @property
    def gone(self) -> bool:
        return self.deprecated and self.successor is None

    @property
    def moved(self) -> bool:
        return self.deprecated and self.successor is not None


def status_of(row: dict | None) -> Status:
    """The Status from ``status_query``'s row (SPARQL JSON terms)."""
    if not row:
        return Status(exists=False)

    def val(name: str) -> str:
        return row[name]["value"] if name in row else ""

    return Status(exists=val("exists") in ("true", "1"), deprecated=val("deprecated") in ("true", "1"),
                  successor=val("successor") or None)


def graph_query(graph: str, excluded: tuple[str, ...]) -> str:
    """A named graph's triples without its ``excluded`` predicates (used instead of a plain graph
    read only when something must be left out)."""
    g = str(ox.NamedNode(graph))
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o {without('?p', excluded)} }} }}"


def withdrawal_notes(desc: "Description") -> list[str]:
    """Why a resource was withdrawn, from its ``rdfs:comment`` and ``skos:changeNote``."""
    return [term.value for p in (str(SKOS.changeNote), str(RDFS.comment)) for term in desc.properties.get(p, [])]


def similar_query(prefix: str) -> str:
    return ("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "
            + ox.Literal(prefix).__str__() + ")) } LIMIT 20000")


@dataclass
class Description:
    """The triples of a description, arranged for a page."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    types: list[ox.NamedNode] = field(default_factory=list)
    properties: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    incoming: list[tuple[ox.NamedNode, ox.NamedNode]] = field(default_factory=list)
    evidence_of: dict[str, list[str]] = field(default_factory=dict)  # subject IRI -> its evidence sentences
    evidence_predicate: str = str(CKG.evidence)

    @property
    def label(self) -> str:
        return self.labels.get(self.iri) or self.iri.rsplit("/", 1)[-1]

    @property
    def evidence(self) -> list[str]:
        """The resource's own evidence sentences."""
        return self.evidence_of.get(self.iri, [])

    @property
    def referrers(self) -> list[tuple[ox.NamedNode, list[ox.NamedNode], list[str]]]:
        """The resources that point at this one, once each: (resource, its predicates, its
        evidence sentences)."""
        grouped: dict[ox.NamedNode, list[ox.NamedNode]] = {}
        for subject, predicate in self.incoming:
            grouped.setdefault(subject, []).append(predicate)
        rows = [(s, ps, self.evidence_of.get(s.value, []) if isinstance(s, ox.NamedNode) else [])
                for s, ps in grouped.items()]
        return sorted(rows, key=lambda row: (row[1][0].value, self.labels.get(row[0].value, row[0].value)))


def arrange(iri: str, triples: list[ox.Triple]) -> Description:
    desc = Description(iri)
    node = ox.NamedNode(iri)
    label, evidence = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(CKG.evidence))
    rdf_type = ox.NamedNode(str(RDF.type))
    for t in triples:
        if t.predicate == label and isinstance(t.subject, ox.NamedNode):
            desc.labels.setdefault(t.subject.value, t.object.value)
    for t in triples:
        if t.predicate == evidence and isinstance(t.subject, ox.NamedNode):
            sentences = desc.evidence_of.setdefault(t.subject.value, [])
            if t.object.value not in sentences:
                sentences.append(t.object.value)
        if t.subject == node:
            if t.predicate == rdf_type:
                desc.types.append(t.object)
            elif t.predicate != evidence:
                desc.properties[t.predicate.value].append(t.object)
        elif t.object == node:
            desc.incoming.append((t.subject, t.predicate))
    for values in desc.properties.values():
        values.sort(key=lambda term: str(term))
    for sentences in desc.evidence_of.values():
        sentences.sort()
    desc.incoming.sort(key=lambda pair: (pair[1].value, pair[0].value))
    desc.properties = dict(sorted(desc.properties.items(), key=lambda kv: (kv[0] != str(SKOS.prefLabel), kv[0])))
    return desc


def article_source(desc: Description) -> dict | None:
    """An article's source and rights, shown at the top of its page (None for other resources)."""
    def first(predicate) -> str:
        values = desc.properties.get(str(predicate), [])
        return values[0].value if values else ""

    source = {"url": first(SCHEMA.url), "publisher": first(DCTERMS.publisher), "rights": first(DCTERMS.rights)}
    return source if any(source.values()) else None
