"""Every namespace and IRI pattern the project uses, pinned once.

External namespaces are spelled out here rather than taken from rdflib, whose built-in
``SDO`` and ``WGS`` use https / other forms than the ones our data and queries use.
The IRI patterns are a public contract (see DESIGN.md, "IRIs and namespaces").
"""

from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/conflictkg/"
CKG = Namespace(BASE + "ontology#")
ONTOLOGY_IRI = BASE + "ontology"
# ACLED and CAMEO publish no IRIs: their types and codes are minted under the ontology's base
# (ontology/event-types.ttl) so that event types can be mapped to them.
ACLED = Namespace(ONTOLOGY_IRI + "/acled#")
CAMEO = Namespace(ONTOLOGY_IRI + "/cameo#")

ID = BASE + "id/"
KINDS = ("actor", "place", "event", "statement", "allegiance", "article")
ACTOR = Namespace(ID + "actor/")
PLACE = Namespace(ID + "place/")
EVENT = Namespace(ID + "event/")
STATEMENT = Namespace(ID + "statement/")
ALLEGIANCE = Namespace(ID + "allegiance/")
ARTICLE = Namespace(ID + "article/")

GRAPH = BASE + "graph/"
ARTICLE_GRAPH = Namespace(GRAPH + "article/")
REFERENCE_GRAPH = GRAPH + "reference"
ONTOLOGY_GRAPH = GRAPH + "ontology"

SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
CITO = Namespace("http://purl.org/spar/cito/")
LODE = Namespace("http://linkedevents.org/ontology/")
SH = Namespace("http://www.w3.org/ns/shacl#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")

__all__ = [
    "ACLED", "ACTOR", "ALLEGIANCE", "ARTICLE", "ARTICLE_GRAPH", "BASE", "CAMEO", "CITO", "CKG",
    "DCTERMS", "EVENT", "GEO", "GEONAMES", "GRAPH", "ID", "KINDS", "LODE", "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI", "OWL", "PLACE", "PREFIXES", "PROV", "RDF", "RDFS", "REFERENCE_GRAPH", "SCHEMA",
    "SEM", "SH", "SKOS", "STATEMENT", "WGS84", "WIKIDATA", "XSD", "article_graph", "is_slug",
    "resource_iri",
]

# Prefixes bound in every Turtle file we write and offered to every query editor.
# One prefix per kind: a "/" cannot stand in a prefixed name's local part.
PREFIXES: dict[str, str] = {
    "ckg": str(CKG),
    "actor": str(ACTOR),
    "place": str(PLACE),
    "event": str(EVENT),
    "statement": str(STATEMENT),
    "allegiance": str(ALLEGIANCE),
    "article": str(ARTICLE),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "geo": str(GEO),
    "wgs84": str(WGS84),
    "sem": str(SEM),
    "cito": str(CITO),
    "lode": str(LODE),
    "sh": str(SH),
    "wd": str(WIKIDATA),
}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    """True when ``text`` is a valid slug: ``[a-z0-9-]``, no leading, trailing or double dash."""
    return bool(_SLUG.match(text))


def resource_iri(kind: str, slug: str) -> str:
    """The IRI of a resource, e.g. ``resource_iri("actor", "hayat-tahrir-al-sham")``."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not is_slug(slug):
        raise ValueError(f"invalid slug {slug!r}: use lowercase letters, digits and single dashes")
    return f"{ID}{kind}/{slug}"


def article_graph(slug: str) -> str:
    """The IRI of the named graph that holds one article's facts."""
    if not is_slug(slug):
        raise ValueError(f"invalid article slug {slug!r}")
    return f"{ARTICLE_GRAPH}{slug}"
