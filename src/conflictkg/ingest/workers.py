"""Extraction and mapping of a batch in forked worker processes (they inherit what this process
loaded: the gazetteer, the reference indexes), results in the order of the articles."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..article import Article, read_article
from ..extract import EXTRACTOR_VERSION
from ..extract.pipeline import extract
from ..extract.reference import ReferenceIndex
from ..mapping import map_article
from ..model import ArticleFacts
from ..rdf_io import canonical_turtle

GRAPH_HEADER = ("Extracted by the conflictkg extractor {version} from data/articles/{slug}.txt (conflictkg ingest):\n"
                "not reviewed. Review it against docs/CODEBOOK.md and set ckg:reviewStatus ckg:Reviewed.")


@dataclass
class Mapped:
    graph: str  # the article graph, canonical Turtle
    new_reference: list[tuple]  # triples of the records first seen in the article


_worker: dict = {}  # what forked workers inherit: the curated index


def _extract_one(item: tuple[Path, dt.date | None]) -> tuple[Article, ArticleFacts]:
    path, published = item
    article = read_article(path, published)
    return article, extract(article, _worker["curated"])


def _map_one(item: tuple[Article, ArticleFacts]) -> Mapped:
    article, facts = item
    graph, new_reference = map_article(facts, with_body=False)  # new IRIs were settled by ``settle_iris``
    header = GRAPH_HEADER.format(version=EXTRACTOR_VERSION, slug=article.slug)
    return Mapped(canonical_turtle(graph, header=header), list(new_reference))


def _in_workers(function, items: list, jobs: int, progress: Callable[[int], None] | None) -> list:
    """``function`` over ``items`` in ``jobs`` forked processes (they inherit what this process
    loaded: the gazetteer, the indexes), results in the order of ``items``."""
    if jobs < 2 or len(items) < 8:
        out = []
        for item in items:
            out.append(function(item))
            if progress:
                progress(1)
        return out
    out = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        for result in pool.map(function, items, chunksize=4):
            out.append(result)
            if progress:
                progress(1)
    return out


def extract_all(paths: Sequence[Path], curated: ReferenceIndex, published: dt.date | None = None,
                jobs: int = 2, progress: Callable[[int], None] | None = None) -> list[tuple[Article, ArticleFacts]]:
    """The facts of every article (extraction sees the curated records only)."""
    from ..extract.gazetteer import index as gazetteer_index
    gazetteer_index()  # loaded once, before forking
    _worker["curated"] = curated
    try:
        return _in_workers(_extract_one, [(Path(p), published) for p in paths], jobs, progress)
    finally:
        _worker.clear()
