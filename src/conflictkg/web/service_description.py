"""The SPARQL 1.1 Service Description (sd:) of the endpoint, in any RDF format.

It says that the default graph is the union of all named graphs (sd:UnionDefaultGraph), which
result and RDF formats are produced, and whether SPARQL Update is on."""

from __future__ import annotations

import pyoxigraph as ox

from ..executor.formats import FORMATS, Format
from ..namespaces import PREFIXES

SD = "http://www.w3.org/ns/sparql-service-description#"
W3_FORMATS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads",
    "trig": "TriG", "jsonld": "JSON-LD", "rdfxml": "RDF_XML",
}


def service_description_turtle(endpoint: str, void_url: str, updates: bool) -> str:
    formats = " , ".join(f"<http://www.w3.org/ns/formats/{W3_FORMATS[f.name]}>" for f in FORMATS)
    languages = "sd:SPARQL11Query" + (" , sd:SPARQL11Update" if updates else "")
    return f"""@prefix sd: <{SD}> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage {languages} ;
    sd:feature sd:UnionDefaultGraph , sd:BasicFederatedQuery ;
    sd:resultFormat {formats} ;
    dcterms:description "The conflictkg knowledge graph. The default graph of a query is the union of all named graphs unless the request names graphs (default-graph-uri, named-graph-uri, FROM)." ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; void:inDataset <{void_url}> ]
    ] .
"""


def service_description(endpoint: str, void_url: str, updates: bool, fmt: Format, federation: bool) -> bytes:
    text = service_description_turtle(endpoint, void_url, updates)
    if not federation:
        text = text.replace(" , sd:BasicFederatedQuery", "")
    triples = [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    prefixes = {"sd": SD, "void": "http://rdfs.org/ns/void#", "dcterms": PREFIXES["dcterms"]}
    return ox.serialize(triples, format=fmt.writer, prefixes=prefixes)
