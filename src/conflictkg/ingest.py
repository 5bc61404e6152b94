"""``conflictkg ingest``: articles in, the repository and the store updated, all or nothing.

For a batch of article files: extract each one (in worker processes), give the actors and places
seen for the first time their reference records, validate everything with the validator's core
function (``conflictkg.validate.validate``) in a staging copy, and only when every article is
valid write the files and load the store. An invalid article stops the whole batch: nothing is
written or loaded, and the report names the file, the focus node and what to fix.

What the extractor knows. Extraction sees the curated reference records only (every
``data/reference/*.ttl`` except the ``extracted-*.ttl`` files that ingest itself writes), so an
article's extraction does not depend on which articles were ingested before it: re-ingesting
an article gives the same bytes, in any order and any batch. New actors and places are then
*reconciled* with the records earlier ingests (or earlier articles of the batch) wrote, by name
(places: by GeoNames id when both have one): one real entity, one record. A maintainer who
reviews an extracted record moves it to ``actors.ttl`` / ``places.ttl``, after which the
extractor knows the name.

Files written (``write`` below), for each article ``{slug}``:

- ``data/articles/{slug}.txt``: the article (the source bytes when they carry front matter and no
  flag overrides it; otherwise front matter is written from what is known);
- ``data/graphs/{slug}.ttl``: its graph, canonical Turtle, without ``schema:articleBody`` (the
  build joins the text);
- ``data/reference/extracted-actors.ttl`` / ``extracted-places.ttl``: the new records merged with
  the records already there, canonical Turtle.

Order of the writes, so that a process killed at any point (SIGKILL included) leaves each
article either fully old or fully new:

1. every new file content is written beside its target as ``.{name}.ingest-staged`` and flushed
   to disk (a kill here leaves the repository untouched; the next ingest deletes the leftovers);
2. a journal, ``.conflictkg/ingest-journal.json``, listing the (staged, target) pairs is written
   atomically: this is the commit point;
3. the staged files are renamed over their targets in this order: the reference files (a
   superset of the old records, so old graphs stay valid), the article texts, and the article
   graphs last (an article is in the repository when its graph is: ``dataset.repository``);
4. the journal is deleted.

A kill during step 3 leaves the journal; the next ingest (any ingest, before it does anything
else: ``recover``) finishes the renames. Without that roll-forward, a new article is either
absent or complete (its graph is renamed last); only an already ingested article whose *text*
changed can be seen with the new text and the old graph until the next ingest recovers.

Loading (``load_store``), after the files: when the embedded store was built from this
repository and was up to date, the reference graph and each changed article graph are replaced,
one transaction each (``store.embedded.replace_graph``), and the store's manifest is updated; a
stale store is rebuilt (``build_store``, swapped in whole); a store that ``conflictkg load``
filled (no manifest) only gets its graphs replaced. A store held by a running server is
reported as locked: the files are written, and the server picks them up when restarted (its
start-up rebuilds a store whose manifest is out of date), or the graphs can be sent to its Graph
Store endpoint (``push_graphs``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib import Graph

from . import resources
from .article import Article, read_article
from .dataset import article_source, repository, source_quads
from .errors import InputError, StoreError
from .extract import EXTRACTOR_VERSION
from .extract.allegiances import dedupe
from .extract.gazetteer import fold
from .extract.pipeline import extract
from .extract.reference import ReferenceIndex, Record, index_graph
from .mapping import assign_iris, map_article
from .model import ArticleFacts
from .namespaces import ACTOR, GEONAMES, PLACE, RDFS, REFERENCE_GRAPH, SKOS, article_graph
from .rdf_io import canonical_turtle, load_graph, write_atomic
from .validate import Report, Result, validate

EXTRACTED_ACTORS = "extracted-actors.ttl"
EXTRACTED_PLACES = "extracted-places.ttl"
JOURNAL = Path(".conflictkg") / "ingest-journal.json"
STAGED_SUFFIX = ".ingest-staged"
GRAPH_HEADER = ("Extracted by the conflictkg extractor {version} from data/articles/{slug}.txt (conflictkg ingest):\n"
                "not reviewed. Review it against docs/CODEBOOK.md and set ckg:reviewStatus ckg:Reviewed.")
ACTORS_HEADER = ("Actors first seen by `conflictkg ingest` in the articles of data/articles/ (not reviewed).\n"
                 "Move a record to actors.ttl once checked; ingest merges new records into this file.")
PLACES_HEADER = ("Places first seen by `conflictkg ingest` (not reviewed). Coordinates and GeoNames ids from\n"
                 "GeoNames (https://www.geonames.org/), licensed CC BY 4.0. Move a record to places.ttl once checked.")
# a check over the whole repository that means nothing for a batch seen on its own
_REPOSITORY_ONLY = {"qc:unused-reference-record"}


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


# -- extraction ------------------------------------------------------------------------------

def curated_reference(root: Path) -> ReferenceIndex:
    """The records the extractor sees: data/reference/*.ttl except what ingest wrote itself."""
    files = [p for p in _reference_files(root) if not p.name.startswith("extracted-")]
    return index_graph(load_graph(files)) if files else ReferenceIndex()


def _reference_files(root: Path) -> list[Path]:
    return sorted(resources.data_layout(root)["reference"].glob("*.ttl"))


# -- reconciliation: one record per real entity across articles --------------------------------

@dataclass
class Records:
    """The reference records outside the curated ones (earlier ingests and this batch), by name."""

    index: ReferenceIndex
    taken: set[str]  # every IRI in use (curated, extracted, minted in this batch)
    graph: Graph  # the records of extracted-*.ttl, growing with the batch
    geonames: dict[str, str] = field(default_factory=dict)  # place IRI → its GeoNames IRI (skos:exactMatch)



def extracted_records(root: Path, curated: ReferenceIndex) -> Records:
    files = [p for p in _reference_files(root) if p.name.startswith("extracted-")]
    graph = load_graph(files) if files else Graph()
    index = index_graph(graph)
    geonames = {str(s): str(o) for s, o in graph.subject_objects(SKOS.exactMatch)}
    return Records(index, curated.iris | index.iris, graph, geonames)


def reconcile(facts: ArticleFacts, records: Records) -> ArticleFacts:
    """Point the article's new actors and places at records that already bear their name; two
    nodes of the article that land on the same record become one."""
    same: dict[tuple[str, str], str] = {}  # (category, key) → key it merges into
    claimed: dict[str, str] = {}  # IRI → key
    for category, entities in (("place", facts.places), ("actor", facts.actors)):
        for entity in entities:
            if entity.iri is not None:
                if entity.iri in claimed:
                    same[category, entity.key] = claimed[entity.iri]
                else:
                    claimed[entity.iri] = entity.key
                continue
            record = _find(records, category, entity)
            if record is None:
                continue
            if record.iri in claimed:
                same[category, entity.key] = claimed[record.iri]
            else:
                entity.iri = record.iri
                claimed[record.iri] = entity.key
    if same:
        _merge(facts, same)
    return facts


def _find(records: Records, category: str, entity) -> Record | None:
    prefix = str(ACTOR) if category == "actor" else str(PLACE)
    names = [entity.label, *entity.alt_labels]
    geonames = records.geonames
    for name in names:
        for record in records.index.by_name.get(fold(name), ()):
            if not record.iri.startswith(prefix):
                continue
            if category == "place":
                theirs = geonames.get(record.iri)
                mine = f"{GEONAMES}{entity.geonames_id}/" if entity.geonames_id else None
                if theirs and mine and theirs != mine:
                    continue
            return record
    return None


def _merge(facts: ArticleFacts, same: dict[tuple[str, str], str]) -> None:
    actor = {k: v for (c, k), v in same.items() if c == "actor"}
    place = {k: v for (c, k), v in same.items() if c == "place"}

    def a(key: str) -> str:
        return actor.get(key, key)

    def p(key: str | None) -> str | None:
        return place.get(key, key) if key is not None else None

    for e in facts.events:
        e.agents = list(dict.fromkeys(a(k) for k in e.agents))
        e.targets = [k for k in dict.fromkeys(a(k) for k in e.targets) if k not in e.agents]
        e.location = p(e.location)
    for s in facts.statements:
        s.speaker = a(s.speaker)
        s.cited_in = a(s.cited_in) if s.cited_in else None
        s.about = [dataclasses.replace(r, key=a(r.key) if r.kind == "actor" else p(r.key) if r.kind == "place" else r.key)
                   for r in s.about]
    for al in facts.allegiances:
        al.of, al.to = a(al.of), a(al.to)
    facts.allegiances = dedupe(facts.allegiances)
    kept_actors = {x.key: x for x in facts.actors if x.key not in actor}
    for old, new in actor.items():
        target = kept_actors.get(new)
        gone = next(x for x in facts.actors if x.key == old)
        if target is not None:
            target.hidden_labels += [h for h in [gone.label, *gone.alt_labels, *gone.hidden_labels]
                                     if h not in target.hidden_labels and h != target.label]
    facts.actors = list(kept_actors.values())
    for x in facts.actors:
        x.territory = p(x.territory)
    facts.places = [x for x in facts.places if x.key not in place]
    for x in facts.places:
        x.located_in = p(x.located_in)


# -- extraction and mapping in worker processes ------------------------------------------------

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
    from .extract.gazetteer import index as gazetteer_index
    gazetteer_index()  # loaded once, before forking
    _worker["curated"] = curated
    try:
        return _in_workers(_extract_one, [(Path(p), published) for p in paths], jobs, progress)
    finally:
        _worker.clear()


def settle_iris(facts: ArticleFacts, records: Records) -> None:
    """Reconcile the article's new actors and places with the records (earlier ingests and the
    batch's earlier articles), mint IRIs for the rest and remember them for the next articles.
    Minted IRIs are kept as the entities' slugs, so that mapping (in a worker) gives the same."""
    reconcile(facts, records)
    iris = assign_iris(facts, records.taken)
    for category, entities in (("actor", facts.actors), ("place", facts.places)):
        for entity in entities:
            if entity.iri is not None:
                continue
            iri = iris[category, entity.key]
            entity.slug = iri.rsplit("/", 1)[1]
            record = Record(iri, entity.kind, entity.label, [entity.label, *entity.alt_labels])
            records.index.records[iri] = record
            for name in record.names:
                records.index.by_name.setdefault(fold(name), []).append(record)
            records.taken.add(iri)
            if category == "place" and entity.geonames_id:
                records.geonames[iri] = f"{GEONAMES}{entity.geonames_id}/"


# -- the plan --------------------------------------------------------------------------------

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


def check_plan(plan: Plan, jobs: int = 2) -> Report:
    """Validate the batch as it would be written: a staging copy of the reference data (with the
    merged extracted records) and the batch's texts and graphs, through the validator's core."""
    layout = resources.data_layout(plan.root)
    staging_parent = plan.root / ".conflictkg"
    staging_parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix="ingest-stage-", dir=staging_parent))
    try:
        staged = resources.data_layout(stage)
        for folder in ("reference", "graphs", "articles"):
            staged[folder].mkdir(parents=True)
        for ref in _reference_files(plan.root):  # hard links: the staging copy costs nothing
            if _same_device(ref, stage):
                os.link(ref, staged["reference"] / ref.name)
            else:
                shutil.copy(ref, staged["reference"])
        back: dict[str, str] = {}
        checked = []
        for change in plan.changes:
            kind = change.path.parent
            folder = next(k for k in ("reference", "graphs", "articles") if kind == layout[k])
            target = staged[folder] / change.path.name
            target.unlink(missing_ok=True)
            target.write_bytes(change.content)
            back[str(target)] = str(change.path)
            if folder != "articles":
                checked.append(target)
        sources = {str(staged["graphs"] / f"{a.slug}.ttl"): str(a.source) for a in plan.articles}
        for ref in staged["reference"].glob("*.ttl"):
            back.setdefault(str(ref), str(layout["reference"] / ref.name))
        report = validate(stage, checked, jobs=jobs, use_cache=False)
        results = [r for r in report.results if r.shape not in _REPOSITORY_ONLY]
        report.results = [r.with_location(back.get(r.file, r.file), r.line) for r in results]
        plan.problems = [_to_article(r, back, sources) for r in results]
        plan.report = report
        return report
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _to_article(result: Result, back: dict[str, str], sources: dict[str, str]) -> Result:
    """What a user edits is the article, not the graph made from it."""
    if result.file in sources:
        return result.with_location(sources[result.file], None)
    return result.with_location(back.get(result.file, result.file), result.line)


def _same_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


# -- writing ---------------------------------------------------------------------------------

def recover(root: Path) -> int:
    """Finish an ingest that was killed after its commit point, and drop staged files of one
    killed before it. Returns the number of files renamed into place."""
    root = Path(root)
    journal = root / JOURNAL
    renamed = 0
    if journal.exists():
        try:
            pairs = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        except (OSError, ValueError, KeyError):
            pairs = []  # a journal is written atomically: unreadable means not ours; leave the files
        for staged, target in pairs:
            if os.path.exists(staged):
                os.replace(staged, target)
                renamed += 1
        for folder in {Path(t).parent for _, t in pairs}:
            _fsync_dir(folder)
        journal.unlink()
    layout = resources.data_layout(root)
    for folder in (layout["reference"], layout["articles"], layout["graphs"]):
        if folder.is_dir():
            for leftover in folder.glob(f".*{STAGED_SUFFIX}"):
                leftover.unlink(missing_ok=True)
    return renamed


def write(plan: Plan) -> list[Path]:
    """Write the plan's changed files (see the module docstring for the order); refuses an
    unvalidated or invalid plan."""
    if not plan.valid:
        raise InputError(str(plan.root), "the batch did not validate: nothing was written")
    changed = plan.changed
    if not changed:
        return []
    pairs = []
    for change in changed:
        staged = change.path.with_name(f".{change.path.name}{STAGED_SUFFIX}")
        staged.parent.mkdir(parents=True, exist_ok=True)
        with open(staged, "wb") as handle:
            handle.write(change.content)
            handle.flush()
            os.fsync(handle.fileno())
        pairs.append((str(staged), str(change.path)))
    for folder in {Path(t).parent for _, t in pairs}:
        _fsync_dir(folder)
    write_atomic(plan.root / JOURNAL, json.dumps({"renames": pairs}, indent=1))  # the commit point
    for staged, target in pairs:
        os.replace(staged, target)
    for folder in {Path(t).parent for _, t in pairs}:
        _fsync_dir(folder)
    (plan.root / JOURNAL).unlink()
    return [c.path for c in changed]


def _fsync_dir(folder: Path | str) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- loading ---------------------------------------------------------------------------------

@dataclass
class LoadOutcome:
    status: str  # "replaced", "built", "rebuilt", "locked"
    graphs: int = 0
    message: str = ""


def store_manifest(root: Path) -> dict[str, str]:
    from .store.embedded import manifest_for
    return manifest_for(repository(root))


def load_store(plan: Plan, store_path: Path, manifest_before: dict[str, str] | None,
               progress: Callable[[int], None] | None = None) -> LoadOutcome:
    """Bring the embedded store up to date with the written plan (see the module docstring)."""
    from .store.embedded import MANIFEST, build_store, open_store, read_manifest, replace_graph

    repo = repository(plan.root)
    if not store_path.exists():
        report = build_store(repo, store_path)
        return LoadOutcome("built", report.graphs)
    current = read_manifest(store_path)
    if current is not None and current != manifest_before:
        try:
            report = build_store(repo, store_path, force=True)
        except OSError as exc:
            return _locked(store_path, exc)
        return LoadOutcome("rebuilt", report.graphs)
    try:
        store = open_store(store_path)
    except StoreError as exc:
        if "locked" in str(exc):
            return _locked(store_path, exc)
        raise
    changed = {c.path for c in plan.changed}
    layout = resources.data_layout(plan.root)
    graphs = 0
    if any(p.parent == layout["reference"] for p in changed) or current is None:
        replace_graph(store, REFERENCE_GRAPH, source_quads(repo.reference))
        graphs += 1
    for a in plan.articles:
        graph_file = layout["graphs"] / f"{a.slug}.ttl"
        if graph_file in changed or layout["articles"] / f"{a.slug}.txt" in changed or current is None:
            replace_graph(store, article_graph(a.slug), source_quads(article_source(graph_file, layout["articles"])))
            graphs += 1
        if progress:
            progress(1)
    store.flush()
    del store
    if current is not None:
        write_atomic(store_path / MANIFEST, json.dumps(store_manifest(plan.root), indent=1, sort_keys=True))
    return LoadOutcome("replaced", graphs)


def _locked(store_path: Path, exc: Exception) -> LoadOutcome:
    return LoadOutcome("locked", 0, (
        f"the store at {store_path} is locked by another process (a running `conflictkg serve`?): the files are "
        "written, and the server loads them when it is restarted (it rebuilds a store whose data changed); "
        "or send them to the running server with --endpoint URL and CONFLICTKG_UPDATE_TOKEN"))


def push_graphs(plan: Plan, endpoint: str, token: str | None, timeout: float = 60.0) -> int:
    """Replace the reference graph and the batch's article graphs on a server's Graph Store
    endpoint (``PUT endpoint?graph=IRI``, N-Triples), with ``Authorization: Bearer token``."""
    layout = resources.data_layout(plan.root)
    repo = repository(plan.root)
    jobs: list[tuple[str, Iterable[ox.Quad]]] = [(REFERENCE_GRAPH, source_quads(repo.reference))]
    for a in plan.articles:
        source = article_source(layout["graphs"] / f"{a.slug}.ttl", layout["articles"])
        jobs.append((source.graph, source_quads(source)))
    sent = 0
    for graph, quads in jobs:
        body = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads).encode("utf-8")
        sep = "&" if "?" in endpoint else "?"
        request = urllib.request.Request(f"{endpoint}{sep}graph={urllib.request.quote(graph, safe='')}", data=body,
                                         method="PUT", headers={"Content-Type": "application/n-triples"})
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            raise StoreError(f"the Graph Store at {endpoint} refused <{graph}>: HTTP {exc.code} {detail} "
                             "(is CONFLICTKG_UPDATE_TOKEN the server's --update-token?)") from None
        except urllib.error.URLError as exc:
            raise StoreError(f"cannot reach the Graph Store at {endpoint}: {exc.reason}") from None
        sent += 1
    return sent


__all__ = ["ArticlePlan", "Change", "LoadOutcome", "Plan", "check_plan", "curated_reference", "extract_all",
           "load_store", "prepare", "push_graphs", "reconcile", "recover", "store_manifest", "write"]
