"""What an ingest would write for a batch (``prepare``): each article's text and graph, the
extracted reference files merged with the new records, each file marked new, changed or
unchanged, in write order; nothing is written to the repository."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import Graph

from .. import resources
from ..article import Article
from ..errors import InputError
from ..namespaces import ACTOR, RDFS
from ..rdf_io import canonical_turtle
from ..validate import Report, Result
from .check import check_plan
from .records import curated_reference, extracted_records, settle_iris
from .workers import _in_workers, _map_one, extract_all

EXTRACTED_ACTORS = "extracted-actors.ttl"
EXTRACTED_PLACES = "extracted-places.ttl"
ACTORS_HEADER = ("Actors first seen by `conflictkg ingest` in the articles of data/articles/ (not reviewed).\n"
                 "Move a record to actors.ttl once checked; ingest merges new records into this file.")
PLACES_HEADER = ("Places first seen by `conflictkg ingest` (not reviewed). Coordinates and GeoNames ids from\n"
                 "GeoNames (https://www.geonames.org/), licensed CC BY 4.0. Move a record to places.ttl once checked.")


@dataclass
class ArticlePlan:
    """What ingest would write for one article."""

    source: Path
    article: Article
    text: bytes  # data/articles/{slug}.txt
    graph: str  # data/graphs/{slug}.ttl
    counts: dict[str, int] = field(default_factory=dict)  # events, statements, allegiances, actors, places
    new_records: list[tuple[str, str]] = field(default_factory=list)  # (IRI, label) first seen here

    @property
    def slug(self) -> str:
        return self.article.slug


@dataclass
class Change:
    path: Path
    status: str  # "new", "changed" or "unchanged"
    content: bytes


@dataclass
class Plan:
    root: Path
    articles: list[ArticlePlan]
    changes: list[Change]  # in write order: reference files, texts, graphs
    report: Report | None = None  # validation of the batch
    problems: list[Result] = field(default_factory=list)  # results mapped to the files a user edits

    @property
    def valid(self) -> bool:
        return self.report is not None and self.report.conforms

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.status != "unchanged"]


def article_file_bytes(source: Path, article: Article, published: dt.date | None) -> bytes:
    """What data/articles/{slug}.txt holds: the source itself when its front matter says it all,
    else the text under front matter written from what is known."""
    raw = source.read_bytes()
    if raw.lstrip(b"\xef\xbb\xbf").startswith(b"---\n") and published is None:
        return raw
    meta = {name: getattr(article, name) for name in ("title", "published", "url", "publisher", "rights")}
    meta = {k: v for k, v in meta.items() if v is not None}
    if article.language != "en":
        meta["language"] = article.language
    head = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False) if meta else ""
    return ("---\n" + head + "---\n" + article.text).encode("utf-8")


def prepare(root: Path, paths: Sequence[str | os.PathLike], published: dt.date | None = None, *,
            jobs: int = 2, progress: Callable[[str, int, int], None] | None = None,
            check: bool = True) -> Plan:
    """Extract, reconcile, serialise and (``check``) validate a batch: nothing is written to the
    repository. ``progress(stage, done, total)`` is called as articles are extracted."""
    root = Path(root)
    sources = [Path(p) for p in paths]
    for p in sources:
        if not p.is_file():
            raise InputError(str(p), "no such article file: give article texts (.txt) to ingest")
    slugs: dict[str, Path] = {}
    for p in sources:
        slug = p.name.split(".", 1)[0]
        if slug in slugs:
            raise InputError(str(p), f"two articles have the slug {slug!r} (also {slugs[slug]}): rename one")
        slugs[slug] = p
    curated = curated_reference(root)
    records = extracted_records(root, curated)
    extracted = extract_all(sources, curated, published, jobs, _ticker("extracting", len(sources), progress))
    for _, facts in extracted:  # sequential and cheap: what the batch's earlier articles introduced counts
        settle_iris(facts, records)
    mapped = _in_workers(_map_one, extracted, jobs, _ticker("mapping", len(sources), progress))
    layout = resources.data_layout(root)
    plans = []
    for source, (article, facts), m in zip(sources, extracted, mapped):
        for t in m.new_reference:
            records.graph.add(t)
        new = sorted({(str(s_), str(o_)) for s_, p_, o_ in m.new_reference if p_ == RDFS.label})
        plans.append(ArticlePlan(source, article, article_file_bytes(source, article, published), m.graph,
                                 {"events": len(facts.events), "statements": len(facts.statements),
                                  "allegiances": len(facts.allegiances), "actors": len(facts.actors),
                                  "places": len(facts.places)}, new))
    changes = []
    actors_graph, places_graph = Graph(), Graph()
    for t in records.graph:
        (actors_graph if str(t[0]).startswith(str(ACTOR)) else places_graph).add(t)
    for name, g, header in ((EXTRACTED_ACTORS, actors_graph, ACTORS_HEADER), (EXTRACTED_PLACES, places_graph, PLACES_HEADER)):
        if len(g):
            changes.append(_change(layout["reference"] / name, canonical_turtle(g, header=header).encode("utf-8")))
    changes += [_change(layout["articles"] / f"{a.slug}.txt", a.text) for a in plans]
    changes += [_change(layout["graphs"] / f"{a.slug}.ttl", a.graph.encode("utf-8")) for a in plans]
    plan = Plan(root, plans, changes)
    if check:
        check_plan(plan, jobs)
    return plan


def _ticker(stage: str, total: int, progress: Callable[[str, int, int], None] | None) -> Callable[[int], None]:
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress:
            progress(stage, done[0], total)
    return tick


def _change(path: Path, content: bytes) -> Change:
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        return Change(path, "new", content)
    return Change(path, "unchanged" if old == content else "changed", content)
