"""The shapes' SHACL-SPARQL constraints (``sh:sparql``), evaluated with pyoxigraph.

pySHACL hands every SHACL-SPARQL constraint to rdflib, which parses the query text again for
every focus node (about 25 ms each time): an article with fifty events would take seconds. Here
each constraint is read once from the shapes graph and run by pyoxigraph with ``$this`` bound
through ``substitutions`` — the SHACL pre-binding — which takes well under a millisecond.
Supported: ``sh:select`` with ``sh:prefixes`` / ``sh:declare``, the targets ``sh:targetClass``
(subclasses included), ``sh:targetSubjectsOf``, ``sh:targetObjectsOf`` and ``sh:targetNode``,
``sh:severity`` on the shape, ``sh:message`` with ``{?var}`` / ``{$this}`` templates and the
``?path`` / ``?value`` result variables (``sh:value`` defaults to ``$this``, as the spec says).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from ..namespaces import RDF, RDFS, SH
from ..rdf_io import to_oxigraph, to_rdflib
from .result import INFO, VIOLATION, WARNING, Result
from .terms import short

_SEVERITIES = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}
_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class SparqlConstraint:
    shape: URIRef  # the node shape that owns the constraint (reported as sh:sourceShape)
    constraint: URIRef  # the sh:sparql node
    severity: str
    query: str  # prefix declarations + the sh:select text
    message: str
    target_classes: tuple[str, ...] = ()
    target_subjects_of: tuple[str, ...] = ()
    target_objects_of: tuple[str, ...] = ()
    target_nodes: tuple[str, ...] = ()

    def targets_query(self) -> str:
        """A SELECT of this shape's focus nodes in the data."""
        parts = [f"{{ ?this a/<{RDFS.subClassOf}>* <{c}> }}" for c in self.target_classes]
        parts += [f"{{ ?this <{p}> ?o }}" for p in self.target_subjects_of]
        parts += [f"{{ ?s <{p}> ?this }}" for p in self.target_objects_of]
        parts += [f"{{ BIND(<{n}> AS ?this) }}" for n in self.target_nodes]
        return "SELECT DISTINCT ?this WHERE { " + (" UNION ".join(parts) or "FILTER(false)") + " }"


def sparql_constraints(shapes: Graph) -> list[SparqlConstraint]:
    """Every sh:sparql constraint of the shapes graph (deactivated ones left out)."""
    found = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        if shapes.value(constraint, SH.deactivated) == Literal(True):
            continue
        select = shapes.value(constraint, SH.select)
        if select is None:
            raise ValueError(f"{constraint}: only sh:select SPARQL constraints are supported")
        prologue = "".join(
            f"PREFIX {prefix}: <{namespace}>\n"
            for source in shapes.objects(constraint, SH.prefixes)
            for prefix, namespace in _declarations(shapes, source)
        )
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
        severity = _SEVERITIES.get(shapes.value(shape, SH.severity), VIOLATION)

        def iris(predicate):
            return tuple(sorted(str(o) for o in shapes.objects(shape, predicate)))

        found.append(SparqlConstraint(
            shape=shape, constraint=constraint, severity=severity, query=prologue + str(select),
            message=str(message) if message is not None else "",
            target_classes=iris(SH.targetClass) + (  # an implicit class target: the shape is a class
                (str(shape),) if (shape, RDF.type, RDFS.Class) in shapes else ()),
            target_subjects_of=iris(SH.targetSubjectsOf),
            target_objects_of=iris(SH.targetObjectsOf),
            target_nodes=iris(SH.targetNode),
        ))
    return found


def _declarations(shapes: Graph, source) -> Iterable[tuple[str, str]]:
    for declaration in shapes.objects(source, SH.declare):
        prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            yield str(prefix), str(namespace)


def evaluate(store: ox.Store, constraints: Iterable[SparqlConstraint], prefixes: dict[str, str],
             focus: set[str] | None = None) -> list[Result]:
    """Run the constraints on ``store`` (its default graph is the data graph). With ``focus``
    (IRIs), only those focus nodes are checked."""
    results = []
    this = ox.Variable("this")
    for constraint in constraints:
        nodes = [row["this"] for row in store.query(constraint.targets_query())]
        for node in nodes:
            if focus is not None and (not isinstance(node, ox.NamedNode) or node.value not in focus):
                continue
            for row in store.query(constraint.query, substitutions={this: node}):
                results.append(_result(constraint, node, row, prefixes))
    return results


def _result(constraint: SparqlConstraint, node, row: ox.QuerySolution, prefixes: dict[str, str]) -> Result:
    def binding(name: str):
        try:
            value = row[name]
        except KeyError:
            return None
        return to_rdflib(value) if value is not None else None

    focus = to_rdflib(node)
    path, value = binding("path"), binding("value")
    if value is None:
        value = focus

    def fill(match: re.Match) -> str:
        term = focus if match.group(1) == "this" else binding(match.group(1))
        return short(term, prefixes) if term is not None else match.group(0)

    return Result(
        file="", line=None,
        focus=short(focus, prefixes),
        path=short(path, prefixes) if path is not None else None,
        value=short(value, prefixes),
        severity=constraint.severity,
        message=_TEMPLATE.sub(fill, constraint.message),
        shape=short(constraint.shape, prefixes),
    )


def core_shapes(shapes: Graph) -> Graph:
    """The shapes graph without its SPARQL constraints (those run here, not in pySHACL)."""
    core = Graph(bind_namespaces="none")
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


def quads_into(store: ox.Store, graph: Graph) -> None:
    """Add an rdflib graph's triples to the default graph of a pyoxigraph store."""
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph()) for s, p, o in graph)
