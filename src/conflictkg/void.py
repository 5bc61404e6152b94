"""The VoID description of the dataset (https://www.w3.org/TR/void/): what it is, its version,
licence and rights, where it can be queried or downloaded, and one subset per named graph with
its triple count (and, for an article graph, the article's rights and source).

One pure builder, used by the server (``/.well-known/void``, the live data) and by
``conflictkg dump`` (the VoID file that travels with a versioned dump)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import CKG, DCTERMS, PREFIXES, RDF, RDFS, SCHEMA

VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
GEONAMES_SITE = "https://www.geonames.org/"
TITLE = "conflictkg: armed-conflict news reports as a knowledge graph"
RIGHTS = ("The ontology, the reference records and the facts drawn from the articles are licensed CC BY 4.0. "
          "The articles' texts belong to their publishers: each article graph records the article's source "
          "(schema:url) and rights (dcterms:rights); evidence sentences are short quotations.")
GEONAMES_ATTRIBUTION = "Contains data from GeoNames (geonames.org), CC BY 4.0."
PREFIX_MAP = {"void": VOID, "dcterms": PREFIXES["dcterms"], "rdfs": PREFIXES["rdfs"], "sd": SD,
              "xsd": PREFIXES["xsd"]}

# Every article graph's article, with its rights and source (for the per-graph subsets).
ARTICLE_RIGHTS = f"""SELECT ?g (SAMPLE(?r) AS ?rights) (SAMPLE(?u) AS ?url) WHERE {{
  GRAPH ?g {{ ?article a <{CKG.Article}> . OPTIONAL {{ ?article <{DCTERMS.rights}> ?r }}
             OPTIONAL {{ ?article <{SCHEMA.url}> ?u }} }}
}} GROUP BY ?g ORDER BY ?g"""
GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@dataclass(frozen=True)
class ArticleRights:
    graph: str
    rights: str = ""
    url: str = ""


def void_triples(dataset: str, *, version: str, base_iri: str, counts: Iterable[tuple[str, int]],
                 articles: Iterable[ArticleRights] = (), sparql_endpoint: str | None = None,
                 dumps: Iterable[str] = (), issued: str | None = None) -> list[ox.Triple]:
    """The VoID triples of the dataset ``dataset`` (an IRI). ``issued`` is an xsd:date (YYYY-MM-DD)."""
    n = ox.NamedNode
    ds = n(dataset)
    counts = list(counts)

    def triple(s, p, o) -> ox.Triple:
        return ox.Triple(s, n(p), o)

    def integer(v: int) -> ox.Literal:
        return ox.Literal(str(v), datatype=n(PREFIXES["xsd"] + "integer"))

    geonames = n(GEONAMES_SITE)
    triples = [
        triple(ds, str(RDF.type), n(VOID + "Dataset")),
        triple(ds, str(DCTERMS.title), ox.Literal(TITLE)),
        triple(ds, str(DCTERMS.hasVersion), ox.Literal(version)),
        triple(ds, str(DCTERMS.license), n(CC_BY_4)),
        triple(ds, str(DCTERMS.rights), ox.Literal(RIGHTS)),
        triple(ds, str(DCTERMS.source), geonames),
        triple(ds, str(RDFS.comment), ox.Literal(GEONAMES_ATTRIBUTION)),
        triple(geonames, str(RDFS.label), ox.Literal("GeoNames")),
        triple(geonames, str(DCTERMS.license), n(CC_BY_4)),
        triple(geonames, str(DCTERMS.rights), ox.Literal(GEONAMES_ATTRIBUTION)),
        triple(ds, VOID + "uriSpace", ox.Literal(base_iri + "id/")),
        triple(ds, VOID + "vocabulary", n(str(CKG))),
        triple(ds, VOID + "triples", integer(sum(c for _, c in counts))),
    ]
    if issued:
        triples.append(triple(ds, str(DCTERMS.issued), ox.Literal(issued, datatype=n(PREFIXES["xsd"] + "date"))))
    if sparql_endpoint:
        triples.append(triple(ds, VOID + "sparqlEndpoint", n(sparql_endpoint)))
    triples += [triple(ds, VOID + "dataDump", n(dump)) for dump in dumps]
    rights = {a.graph: a for a in articles}
    for graph, count in counts:
        subset = n(graph)
        triples += [
            triple(ds, VOID + "subset", subset),
            triple(subset, str(RDF.type), n(VOID + "Dataset")),
            triple(subset, SD + "name", subset),
            triple(subset, VOID + "triples", integer(count)),
        ]
        article = rights.get(graph)
        if article and article.rights:
            triples.append(triple(subset, str(DCTERMS.rights), ox.Literal(article.rights)))
        if article and article.url:
            triples.append(triple(subset, str(DCTERMS.source), n(article.url)))
    return triples


def article_rights(rows: Iterable[dict]) -> list[ArticleRights]:
    """``ARTICLE_RIGHTS`` answer rows (SPARQL JSON terms) as ArticleRights; a malformed source URL is
    left out rather than breaking the description."""
    found = []
    for row in rows:
        url = row.get("url", {}).get("value", "")
        try:
            ox.NamedNode(url) if url else None
        except ValueError:
            url = ""
        found.append(ArticleRights(row["g"]["value"], row.get("rights", {}).get("value", ""), url))
    return found
