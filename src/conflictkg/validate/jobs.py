"""The units of validation work and how one is done.

An article job validates one article graph (its file, its text joined as schema:articleBody)
with the reference records it points at as context; only the article's own resources are focus
nodes. The reference job validates data/reference/ on its own. Jobs run in worker processes:
each keeps the parsed shapes, ontology and reference data between jobs (``_state``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..dataset import GraphSource, source_quads
from ..errors import InputError
from ..namespaces import REFERENCE_GRAPH
from ..rdf_io import parse_quads, to_rdflib
from .location import locate
from .result import Result
from .shacl import Rules, load_rules, validate_graph
from .terms import expand

ARTICLE, REFERENCE = "article", "reference"
CONTEXT_DEPTH = 6  # event → place → container → country → geometry: a few hops suffice


@dataclass(frozen=True)
class Job:
    kind: str  # ARTICLE or REFERENCE
    source: GraphSource
    key: str  # the cache key: hash of every input the results depend on


@dataclass(frozen=True)
class Inputs:
    """What every job shares: the rule files and the reference data (with their hashes)."""

    shape_files: tuple[Path, ...]
    ontology_files: tuple[Path, ...]
    reference_files: tuple[Path, ...]
    rules_hash: str
    reference_hash: str


@dataclass
class _Shared:
    rules: Rules
    reference: ox.Store  # reference quads in the default graph
    reference_subjects: frozenset[str]


_state: dict[tuple[str, str], _Shared] = {}


def shared(inputs: Inputs) -> _Shared:
    """The parsed rules and reference data, once per process (forked workers inherit them)."""
    cache_key = (inputs.rules_hash, inputs.reference_hash)
    if cache_key not in _state:
        _state.clear()
        rules = load_rules(inputs.shape_files, inputs.ontology_files)
        reference = ox.Store()
        for path in inputs.reference_files:
            reference.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                             for q in parse_quads(path))
        subjects = frozenset(q.subject.value for q in reference if isinstance(q.subject, ox.NamedNode))
        _state[cache_key] = _Shared(rules, reference, subjects)
    return _state[cache_key]


def run_job(job: Job, inputs: Inputs) -> list[Result] | InputError:
    """Validate one job. An unreadable input is returned (not raised), so that one broken file
    does not hide the others' errors."""
    try:
        state = shared(inputs)
        if job.kind == REFERENCE:
            return _reference_results(job, state)
        return _article_results(job, state)
    except InputError as exc:
        return exc


def _article_results(job: Job, state: _Shared) -> list[Result]:
    quads = list(source_quads(job.source))
    focus = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)} - state.reference_subjects
    data = Graph(bind_namespaces="none")
    for q in quads:
        data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    for q in _context(state.reference, quads):
        data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    results = validate_graph(data, state.rules, [URIRef(iri) for iri in focus])
    return located(results, job.source.files, state.rules)


def _context(reference: ox.Store, quads: list[ox.Quad]) -> list[ox.Quad]:
    """The reference records an article graph points at, and what they point at in turn: enough
    for sh:class checks (types) without copying the whole reference data into every job."""
    seen: set[ox.NamedNode] = set()
    frontier = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    found: list[ox.Quad] = []
    for _ in range(CONTEXT_DEPTH):
        next_frontier = set()
        for node in frontier - seen:
            seen.add(node)
            for quad in reference.quads_for_pattern(node, None, None):
                found.append(quad)
                if isinstance(quad.object, ox.NamedNode):
                    next_frontier.add(quad.object)
        if not next_frontier - seen:
            break
        frontier = next_frontier
    return found


def _reference_results(job: Job, state: _Shared) -> list[Result]:
    data = Graph(bind_namespaces="none")
    for q in state.reference:
        data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    results = validate_graph(data, state.rules, [URIRef(s) for s in state.reference_subjects])
    return located(results, job.source.files, state.rules)


def located(results: list[Result], files: tuple[Path, ...], rules: Rules) -> list[Result]:
    found = []
    for result in results:
        where = locate(expand(result.focus, rules.prefixes), files)
        file, line = where if where else (str(files[0]) if files else "", None)
        found.append(result.with_location(file, line))
    return found


def reference_source(files: tuple[Path, ...]) -> GraphSource:
    return GraphSource(REFERENCE_GRAPH, files)
