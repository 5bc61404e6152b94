"""The serialisation formats answers can be written in: one declared table, used by the workers
(to serialise) and by the web layer's content negotiation (to choose).

Kinds: "results" (SELECT / ASK), "graph" (CONSTRUCT, DESCRIBE, one graph), "dataset" (quads).
The first format of each kind is its default (for ``*/*`` or no Accept header).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    name: str  # the value of the ``format=`` parameter and of path suffixes' lookup
    media_type: str
    kinds: tuple[str, ...]
    writer: ox.QueryResultsFormat | ox.RdfFormat
    aliases: tuple[str, ...] = ()  # other media types that ask for this format
    suffix: str = ""
    textual: bool = True

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.textual else self.media_type


FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("results",), ox.QueryResultsFormat.JSON,
           ("application/json",), ".srj"),
    Format("xml", "application/sparql-results+xml", ("results",), ox.QueryResultsFormat.XML,
           ("application/xml", "text/xml"), ".srx"),
    Format("csv", "text/csv", ("results",), ox.QueryResultsFormat.CSV, (), ".csv"),
    Format("tsv", "text/tab-separated-values", ("results",), ox.QueryResultsFormat.TSV, (), ".tsv"),
    Format("turtle", "text/turtle", ("graph",), ox.RdfFormat.TURTLE, ("application/x-turtle",), ".ttl"),
    Format("trig", "application/trig", ("dataset", "graph"), ox.RdfFormat.TRIG, (), ".trig"),
    Format("ntriples", "application/n-triples", ("graph",), ox.RdfFormat.N_TRIPLES, ("text/plain",), ".nt"),
    Format("nquads", "application/n-quads", ("dataset", "graph"), ox.RdfFormat.N_QUADS, (), ".nq"),
    Format("jsonld", "application/ld+json", ("graph", "dataset"), ox.RdfFormat.JSON_LD, (), ".jsonld"),
    Format("rdfxml", "application/rdf+xml", ("graph",), ox.RdfFormat.RDF_XML, (), ".rdf"),
)
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
# names people type in ``format=`` besides the canonical ones
NAME_ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "rdf": "rdfxml",
                "n-triples": "ntriples", "n-quads": "nquads", "srj": "json", "srx": "xml"}


def formats_for(kind: str) -> list[Format]:
    """The formats of one kind, default first (a graph's defaults put Turtle first)."""
    return [f for f in FORMATS if kind in f.kinds]


def by_name(name: str) -> Format | None:
    key = name.strip().lower()
    return BY_NAME.get(NAME_ALIASES.get(key, key))
