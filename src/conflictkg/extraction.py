"""An article file → its proposed graph: extract (facts) then map (RDF), and the serialised forms
that ``conflictkg extract`` writes and ``ingest`` will reuse.

Output: Turtle holds the article graph only (what goes to ``data/graphs/{slug}.ttl``); the
reference records of actors and places seen for the first time are returned separately (the CLI
prints them to stderr). TriG holds both: the article graph in its named graph and the new
reference records in the reference graph.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .article import Article, read_article
from .extract import EXTRACTOR_VERSION
from .extract.pipeline import extract
from .extract.reference import ReferenceIndex, load_reference
from .mapping import map_article
from .namespaces import PREFIXES, REFERENCE_GRAPH, article_graph
from .rdf_io import canonical_turtle, to_oxigraph

HEADER = ("Proposed by the conflictkg extractor {version} from data/articles/{slug}.txt: not reviewed.\n"
          "Review it against docs/CODEBOOK.md before committing it to data/graphs/.")


def extract_graphs(article: Article, reference: ReferenceIndex) -> tuple[Graph, Graph]:
    """The article graph and the reference records of new actors and places."""
    facts = extract(article, reference)
    return map_article(facts, taken=reference.iris)


def extract_path(path: str | Path, data_root: Path, published: dt.date | None = None) -> tuple[Article, Graph, Graph]:
    article = read_article(path, published)
    graph, new_reference = extract_graphs(article, load_reference(data_root))
    return article, graph, new_reference


def turtle(article: Article, graph: Graph) -> str:
    return canonical_turtle(graph, header=HEADER.format(version=EXTRACTOR_VERSION, slug=article.slug))


def reference_turtle(new_reference: Graph) -> str:
    return canonical_turtle(new_reference, header="Reference records of actors and places not yet in data/reference/ "
                                                  "(add them there when the graph is accepted).")


def trig(article: Article, graph: Graph, new_reference: Graph) -> str:
    """Both graphs as TriG, quads sorted so that the same graphs give the same bytes."""
    quads = []
    for g, name in ((graph, article_graph(article.slug)), (new_reference, REFERENCE_GRAPH)):
        for s, p, o in g:
            quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.NamedNode(name)))
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    body = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return body.decode("utf-8") if isinstance(body, bytes) else body
