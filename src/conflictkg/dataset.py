"""The data repository as RDF: which files make which named graph.

One place decides how ``ontology/``, ``data/reference/`` and ``data/graphs/`` become named
graphs, and how an article's text (``data/articles/{slug}.txt``) is joined to its graph as
``schema:articleBody``. The store builder, the validator, ingest and the remote loader all
read the repository through here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import resources
from .article import Article, read_article
from .namespaces import ARTICLE, ONTOLOGY_GRAPH, REFERENCE_GRAPH, SCHEMA, article_graph
from .rdf_io import parse_quads


@dataclass(frozen=True)
class GraphSource:
    """The files that make one named graph."""

    graph: str  # the graph IRI
    files: tuple[Path, ...]
    article: Path | None = None  # the article text joined in, for article graphs

    @property
    def all_files(self) -> tuple[Path, ...]:
        return self.files + ((self.article,) if self.article else ())


@dataclass
class Repository:
    root: Path
    ontology: GraphSource
    reference: GraphSource
    articles: list[GraphSource] = field(default_factory=list)

    @property
    def sources(self) -> list[GraphSource]:
        return [self.ontology, self.reference, *self.articles]


def repository(root: Path) -> Repository:
    """Describe the data repository at ``root`` (nothing is parsed yet)."""
    layout = resources.data_layout(root)
    ontology = GraphSource(ONTOLOGY_GRAPH, tuple(resources.ontology_files()))
    reference = GraphSource(REFERENCE_GRAPH, tuple(sorted(layout["reference"].glob("*.ttl"))))
    articles = [article_source(path, layout["articles"]) for path in sorted(layout["graphs"].glob("*.ttl"))]
    return Repository(root, ontology, reference, articles)


def article_source(graph_file: Path, articles_dir: Path | None = None) -> GraphSource:
    """The graph source for ``data/graphs/{slug}.ttl``; its text is ``data/articles/{slug}.txt``."""
    slug = graph_file.name.split(".", 1)[0]
    articles_dir = articles_dir if articles_dir is not None else graph_file.parent.parent / "articles"
    text = articles_dir / f"{slug}.txt"
    return GraphSource(article_graph(slug), (graph_file,), text if text.exists() else None)


def body_quad(article: Article, graph: str) -> ox.Quad:
    """The article text as ``schema:articleBody`` of the article resource, in its graph."""
    return ox.Quad(
        ox.NamedNode(str(ARTICLE[article.slug])),
        ox.NamedNode(str(SCHEMA.articleBody)),
        ox.Literal(article.text),
        ox.NamedNode(graph),
    )


def source_quads(source: GraphSource) -> Iterator[ox.Quad]:
    """Every quad of one graph source, in its named graph (files parsed, article text joined)."""
    for path in source.files:
        yield from parse_quads(path, default_graph=source.graph)
    if source.article is not None:
        yield body_quad(read_article(source.article), source.graph)


def content_hash(paths: tuple[Path, ...] | list[Path]) -> str:
    """A hash of the files' names and bytes: what the store manifest and validation cache key on."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
