"""Validation of a data repository: SHACL shapes per graph, then the quality-check queries.

``validate(root, paths)`` is the one core function behind ``conflictkg validate`` and ingest.
Each article graph is validated on its own (with its text and the reference records it points
at) and cached by the hash of everything it depends on; the reference data is one more job; the
quality checks then run over the union of the validated graphs.

Two engines give the same results (a test compares them on every shape fixture): ``shacl``
runs pySHACL per graph in a pool of processes (~35 ms a graph), ``sparql`` loads every pending
graph into one store and runs the shapes as generated SPARQL queries over all of them at once
(``bulk``). ``auto`` takes the bulk engine when more than ``BULK_THRESHOLD`` graphs need checking.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..dataset import GraphSource, article_source, content_hash
from ..errors import InputError
from ..namespaces import ONTOLOGY_GRAPH
from .bulk import BulkStore, check, compile_rules
from .cache import ResultCache, key
from .jobs import ARTICLE, REFERENCE, Inputs, Job, located, reference_source, run_job, shared
from .location import locate
from .qc import quality_checks, run_checks
from .result import VIOLATION, WARNING, Result
from .terms import expand

__all__ = ["ENGINES", "Report", "Result", "plan", "validate"]

_CODE = Path(__file__).resolve().parent
ENGINES = ("auto", "shacl", "sparql")
BULK_THRESHOLD = 50  # pending graphs above which loading one store beats pySHACL per graph


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)  # unreadable inputs
    graphs: int = 0  # graphs checked (article graphs and the reference data)
    validated: int = 0  # of which validated now (the rest came from the cache)
    qc_cached: bool = False

    @property
    def conforms(self) -> bool:
        return not self.errors and not any(r.severity == VIOLATION for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def violations(self) -> int:
        return self.count(VIOLATION)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)


@dataclass(frozen=True)
class Plan:
    jobs: tuple[Job, ...]
    inputs: Inputs
    repository: bool  # every graph of the repository is checked (repository-wide checks run)


def plan(root: Path, paths: Iterable[str | os.PathLike] | None = None) -> Plan:
    """The jobs for ``paths`` (files or folders), or for the whole repository when none are
    given or when a rule file (ontology, shapes, quality checks) is among them."""
    layout = resources.data_layout(root)
    shape_files = tuple(resources.shapes_files())
    ontology_files = tuple(resources.ontology_files())
    qc_files = tuple(sorted((resources.queries_dir() / "qc").glob("*.rq")))
    reference_files = tuple(sorted(layout["reference"].glob("*.ttl")))
    code_files = tuple(sorted(_CODE.glob("*.py")))
    rules_hash = content_hash(shape_files + ontology_files + qc_files + code_files)
    reference_hash = content_hash(reference_files)
    inputs = Inputs(shape_files, ontology_files, reference_files, rules_hash, reference_hash)

    all_graphs = sorted(layout["graphs"].glob("*.ttl"))
    graph_files, with_reference, everything = _select(root, layout, paths, all_graphs)
    if everything:
        graph_files, with_reference = all_graphs, True
    jobs = []
    if with_reference and reference_files:
        source = reference_source(reference_files)
        jobs.append(Job(REFERENCE, source, key(REFERENCE, *map(str, reference_files), reference_hash, rules_hash)))
    for graph_file in graph_files:
        source = _article_source(graph_file, layout)
        files = source.all_files
        jobs.append(Job(ARTICLE, source, key(ARTICLE, *map(str, files), content_hash(files),
                                             reference_hash, rules_hash)))
    repository = with_reference and {p.resolve() for p in graph_files} >= {p.resolve() for p in all_graphs}
    return Plan(tuple(jobs), inputs, repository)


def _article_source(graph_file: Path, layout: dict[str, Path]) -> GraphSource:
    """An article graph and its text: ``../articles/{slug}.txt`` next to the graph's folder (so
    data/gold/graphs/ finds data/gold/articles/), else the repository's data/articles/."""
    sibling = article_source(graph_file)
    return sibling if sibling.article is not None else article_source(graph_file, layout["articles"])


def _select(root: Path, layout: dict[str, Path], paths, all_graphs) -> tuple[list[Path], bool, bool]:
    """(article graph files, whether the reference data is included, whether to check everything)."""
    if not paths:
        return all_graphs, True, True
    rule_dirs = [resources.ontology_dir(), resources.shapes_dir(), resources.queries_dir() / "qc",
                 root / "ontology", root / "shapes", root / "queries" / "qc"]
    graphs: dict[Path, None] = {}
    with_reference = False
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(str(raw), "no such file or folder: give article graphs (data/graphs/*.ttl), "
                                       "article texts, reference files, or nothing to check the whole repository")
        resolved = path.resolve()
        if any(_within(resolved, d) for d in rule_dirs):
            return all_graphs, True, True
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            resolved = file.resolve()
            name = file.name[:-3] if file.name.endswith(".gz") else file.name
            if _within(resolved, layout["reference"]) and name.endswith(".ttl"):
                with_reference = True
            elif name.endswith(".txt") and _within(resolved, layout["articles"]):
                graph = layout["graphs"] / (name[:-4] + ".ttl")
                if graph.exists():
                    graphs[graph] = None
            elif name.endswith((".ttl", ".trig", ".nt", ".nq")):
                graphs[file] = None
    return list(graphs), with_reference, False


def _within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def validate(root: Path, paths: Iterable[str | os.PathLike] | None = None, *, jobs: int = 2,
             use_cache: bool = True, engine: str = "auto") -> Report:
    """Validate the data repository at ``root`` (or only ``paths`` in it) with ``engine``
    (``auto``, ``shacl`` or ``sparql``, see the module docstring)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}: choose one of {', '.join(ENGINES)}")
    the_plan = plan(root, paths)
    cache = ResultCache.for_data_root(root, use_cache)
    report = Report(graphs=len(the_plan.jobs))
    pending = []
    for job in the_plan.jobs:
        cached = cache.get(job.key)
        if cached is None:
            pending.append(job)
        else:
            report.results.extend(cached)
    bulk = engine == "sparql" or (engine == "auto" and len(pending) > BULK_THRESHOLD)
    store = BulkStore.empty() if bulk else None
    outcomes = _run_bulk(pending, the_plan.inputs, store, jobs) if store is not None else _run(pending, the_plan.inputs, jobs)
    for job, outcome in zip(pending, outcomes):
        if isinstance(outcome, InputError):
            report.errors.append(outcome)
            continue
        cache.put(job.key, outcome)
        report.results.extend(outcome)
    report.validated = len(pending)
    if not report.errors:
        report.results.extend(_quality(the_plan, cache, report, store))
    report.results = sorted(set(report.results), key=Result.sort_key)
    return report


def _run(pending: list[Job], inputs: Inputs, workers: int) -> list:
    if len(pending) < 2 or workers < 2:
        return [run_job(job, inputs) for job in pending]
    shared(inputs)  # parse rules and reference once; forked workers inherit them
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(16, len(pending) // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(run_job, pending, [inputs] * len(pending), chunksize=chunk))


def _run_bulk(pending: list[Job], inputs: Inputs, store: BulkStore, workers: int) -> list:
    """The pending jobs' results from one store (see ``bulk``); an unreadable file is its job's
    outcome, as in ``run_job``."""
    if not pending:
        return []
    state = shared(inputs)
    outcomes: dict[str, list[Result] | InputError] = {}
    store.add([_ontology_source(inputs), reference_source(inputs.reference_files)])
    for job in pending:
        try:
            store.add([job.source])
        except InputError as exc:
            outcomes[job.source.graph] = exc
    readable = {job.source.graph for job in pending} - set(outcomes)
    found = check(store.store, compile_rules(state.rules), state.rules, readable, workers)
    for job in pending:
        if job.source.graph not in outcomes:
            outcomes[job.source.graph] = located(found.get(job.source.graph, []), job.source.files, state.rules)
    return [outcomes[job.source.graph] for job in pending]


def _ontology_source(inputs: Inputs) -> GraphSource:
    return GraphSource(ONTOLOGY_GRAPH, inputs.ontology_files)


def _quality(the_plan: Plan, cache: ResultCache, report: Report, store: BulkStore | None = None) -> list[Result]:
    """The quality checks over the union of the checked graphs, the reference data and the
    ontology (in the bulk engine's store when there is one: only the graphs it lacks are loaded)."""
    qc_key = key("qc", str(the_plan.repository), the_plan.inputs.rules_hash, the_plan.inputs.reference_hash,
                 *(job.key for job in the_plan.jobs))
    cached = cache.get(qc_key)
    if cached is not None:
        report.qc_cached = True
        return cached
    checks = quality_checks(resources.queries_dir() / "qc")
    state = shared(the_plan.inputs)
    store = store or BulkStore.empty()
    sources = [job.source for job in the_plan.jobs if job.kind == ARTICLE]
    sources.append(reference_source(the_plan.inputs.reference_files))
    sources.append(_ontology_source(the_plan.inputs))
    store.add(sources)
    # A result is located in the files of the graphs that describe its focus (article graphs
    # first, in file order, then the reference data): scanning every file for each result
    # took seconds with thousands of articles.
    order = {source.graph: (i, source.files) for i, source in enumerate(sources)}
    results = []
    for result in run_checks(store.store, checks, state.rules.prefixes, the_plan.repository):
        iri = expand(result.focus, state.rules.prefixes)
        graphs = sorted((order[g] for g in _graphs_describing(store.store, iri) if g in order), key=lambda o: o[0])
        where = locate(iri, [f for _, files in graphs for f in files])
        results.append(result.with_location(*where) if where else result)
    cache.put(qc_key, results)
    return results


def _graphs_describing(store: ox.Store, iri: str) -> list[str]:
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # a blank node or literal focus: no file defines it
        return []
    return list({q.graph_name.value for q in store.quads_for_pattern(node, None, None)
                 if isinstance(q.graph_name, ox.NamedNode)})
