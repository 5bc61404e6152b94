"""The bulk engine: every pending graph validated at once by SPARQL queries on one pyoxigraph store.

pySHACL costs ~34 ms per article graph whatever its size, so ten thousand articles took minutes.
Here the article graphs, the reference data and the ontology are loaded into one store, in their
named graphs, and the shapes run as queries generated from the shapes graph (``shape_queries``)
over all of them; each row names the graph, hence the job, it belongs to. The results are the
ones the per-article path gives (a test compares both on every shape fixture and on the
repository's data). The same store then serves the quality checks.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..article import read_article
from ..dataset import GraphSource, body_quad
from ..namespaces import ONTOLOGY_GRAPH, RDFS, REFERENCE_GRAPH
from ..rdf_io import parse_quads, rdf_format, read_bytes, syntax_error, to_rdflib
from .result import INFO, VIOLATION, WARNING, Result
from .shacl import Rules, ShapesError
from .shape_queries import ShapeQuery, UnsupportedShape, class_closure, shape_queries
from .sparql_constraints import _result as sparql_result
from .terms import short

_SEVERITIES = {"Violation": VIOLATION, "Warning": WARNING, "Info": INFO}
_DATASET_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


@dataclass
class BulkStore:
    """A store holding graph sources in their named graphs, and which sources it holds."""

    store: ox.Store
    graphs: set[str]

    @classmethod
    def empty(cls) -> "BulkStore":
        return cls(ox.Store(), set())

    def add(self, sources: Iterable[GraphSource]) -> None:
        """Load the sources not loaded yet (an unreadable file raises InputError). Triples files
        are parsed by pyoxigraph straight into their graph: no Python object per quad."""
        for source in sources:
            if source.graph in self.graphs:
                continue
            graph = ox.NamedNode(source.graph)
            for path in source.files:
                fmt = rdf_format(path)
                if fmt in _DATASET_FORMATS:
                    self.store.extend(parse_quads(path, default_graph=source.graph))
                    continue
                try:
                    self.store.load(read_bytes(path), format=fmt, to_graph=graph)
                except SyntaxError as exc:
                    raise syntax_error(str(path), exc) from None
            if source.article is not None:
                self.store.add(body_quad(read_article(source.article), source.graph))
            self.graphs.add(source.graph)


def compile_rules(rules: Rules) -> list[ShapeQuery]:
    """The shapes as SPARQL queries, with the class hierarchy taken from the ontology."""
    subclass_of = str(RDFS.subClassOf)
    pairs = [(q.subject.value, q.object.value) for q in rules.ontology_quads
             if q.predicate.value == subclass_of and isinstance(q.object, ox.NamedNode)]
    try:
        return shape_queries(rules.shapes, rules.constraints, class_closure(pairs), REFERENCE_GRAPH, ONTOLOGY_GRAPH)
    except UnsupportedShape as exc:
        raise ShapesError(str(exc)) from None


def check(store: ox.Store, queries: list[ShapeQuery], rules: Rules, graphs: set[str] | None = None,
          workers: int = 1) -> dict[str, list[Result]]:
    """Run the queries; results (without file and line) by graph IRI, only for ``graphs`` when
    given. With ``workers`` > 1 the queries are shared among forked processes, which inherit the
    store (a query runs on one core)."""
    found: dict[str, list[Result]] = defaultdict(list)
    if workers > 1 and len(queries) > 1:
        global _forked
        _forked = (store, queries, rules, graphs)
        shares = [list(range(i, len(queries), workers)) for i in range(workers)]
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_run_share, shares)
        finally:
            _forked = None
        for part in parts:
            for graph, result in part:
                found[graph].append(result)
        return found
    for graph, result in _rows(store, queries, rules, graphs):
        found[graph].append(result)
    return found


_forked: tuple | None = None  # what forked workers run on (set just before the fork)


def _run_share(indexes: list[int]) -> list[tuple[str, Result]]:
    store, queries, rules, graphs = _forked
    return list(_rows(store, [queries[i] for i in indexes], rules, graphs))


def _rows(store: ox.Store, queries: list[ShapeQuery], rules: Rules, graphs: set[str] | None):
    for query in queries:
        try:
            rows = store.query(query.query)
        except SyntaxError as exc:  # a bug in the translation, not in the data: say which shape
            raise ShapesError(f"the bulk query for {query.shape} does not parse ({exc}); "
                              "run with --engine shacl and report it") from None
        for row in rows:
            graph = row["__graph"].value
            if graphs is None or graph in graphs:
                yield graph, _result(query, row, rules.prefixes)


def _result(query: ShapeQuery, row: ox.QuerySolution, prefixes: dict[str, str]) -> Result:
    if query.constraint is not None:
        return sparql_result(query.constraint, row["this"], row, prefixes)
    try:
        value = row["value"]
    except KeyError:  # a count constraint: no value
        value = None
    return Result(
        file="", line=None,
        focus=short(to_rdflib(row["this"]), prefixes),
        path=short(query.path, prefixes) if query.path is not None else None,
        value=short(to_rdflib(value), prefixes) if value is not None else None,
        severity=_SEVERITIES.get(query.severity.split("#")[-1], VIOLATION),
        message=query.message,
        shape=short(query.shape, prefixes),
    )
