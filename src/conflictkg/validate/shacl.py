"""SHACL validation of one data graph: pySHACL for the core constraints, pyoxigraph for the
SHACL-SPARQL ones (see ``sparql_constraints``), both turned into ``Result``s.

The ontology is pySHACL's ontology graph (so ``sh:class ckg:Actor`` accepts a ``ckg:StateForce``)
and sits next to the data in the SPARQL constraints' store. No inference is run: the ontology's
rdfs:domain / rdfs:range statements would type every value of ``ckg:agent`` an actor, and
``sh:class`` could never fail. pySHACL still mixes the ontology in, so ``rdfs:subClassOf`` is
followed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..errors import ConflictKGError
from ..namespaces import OWL, PREFIXES, RDF, RDFS, SH
from ..rdf_io import load_graph, parse_quads
from .result import INFO, VIOLATION, WARNING, Result
from .sparql_constraints import SparqlConstraint, core_shapes, evaluate, quads_into, sparql_constraints
from .terms import short

_SEVERITIES = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}


class ShapesError(ConflictKGError):
    """A shapes file that cannot be used (e.g. a malformed SHACL-SPARQL constraint)."""


@dataclass(frozen=True)
class Rules:
    """The shapes and the ontology, parsed once and shared by every validation."""

    shapes: Graph  # every shape, as written
    core: Graph  # the shapes without sh:sparql: what pySHACL runs
    constraints: tuple[SparqlConstraint, ...]
    ontology: Graph
    ontology_quads: tuple[ox.Quad, ...]  # the ontology in the default graph, for SPARQL constraints
    prefixes: dict[str, str]


def load_rules(shape_files: Iterable[Path], ontology_files: Iterable[Path]) -> Rules:
    shape_files, ontology_files = list(shape_files), list(ontology_files)
    shapes = load_graph(shape_files, Graph(bind_namespaces="none"))
    prefixes = dict(PREFIXES)
    for path in shape_files:  # the shapes' own prefixes (ckgsh:) name shapes in reports
        prefixes.update({k: v for k, v in _declared_prefixes(path).items() if k not in PREFIXES})
    try:
        constraints = tuple(sparql_constraints(shapes))
    except ValueError as exc:
        raise ShapesError(str(exc)) from None
    ontology_quads = tuple(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for path in ontology_files for q in parse_quads(path)
    )
    ontology = _class_hierarchy(load_graph(ontology_files, Graph(bind_namespaces="none")))
    return Rules(shapes, core_shapes(shapes), constraints, ontology, ontology_quads, prefixes)


def _class_hierarchy(ontology: Graph) -> Graph:
    """The part of the ontology that SHACL needs (types and subclass axioms). pySHACL copies its
    ontology graph into every data graph; labels and comments would only slow each copy down."""
    kept = Graph(bind_namespaces="none")
    for triple in ontology:
        if triple[1] in (RDF.type, RDFS.subClassOf, OWL.equivalentClass):
            kept.add(triple)
    return kept


def _declared_prefixes(path: Path) -> dict[str, str]:
    found = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*@prefix\s+([A-Za-z][\w.-]*):\s*<([^>]*)>", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def validate_graph(data: Graph, rules: Rules, focus: Iterable[URIRef] | None = None) -> list[Result]:
    """Validate ``data`` against every shape; with ``focus``, only those nodes are checked (the
    rest is context, e.g. the reference records an article graph points at). File and line are
    left empty: the caller knows which file the data came from."""
    focus_nodes = sorted(set(focus)) if focus is not None else None
    if focus_nodes is not None and not focus_nodes:
        return []
    # pySHACL runs on the whole data graph and the results are kept for the focus nodes only:
    # its focus_nodes option also restricts the shapes nested in sh:or to those nodes, so a value
    # checked through sh:or (Event-dateValue: "Saturday" is no date) was never checked at all.
    results = core_results(data, rules, None)
    if focus_nodes is not None:
        wanted = {short(node, rules.prefixes) for node in focus_nodes}
        results = [r for r in results if r.focus in wanted]
    store = ox.Store()
    store.extend(rules.ontology_quads)
    quads_into(store, data)
    results += evaluate(store, rules.constraints, rules.prefixes,
                        {str(n) for n in focus_nodes} if focus_nodes is not None else None)
    return sorted(set(results), key=Result.sort_key)


def core_results(data: Graph, rules: Rules, focus_nodes: list[URIRef] | None) -> list[Result]:
    """pySHACL over the core constraints."""
    # Imported here: pySHACL takes ~0.1 s to import, and a fully cached run never needs it.
    from pyshacl import validate as pyshacl_validate

    _conforms, report, _text = pyshacl_validate(
        data, shacl_graph=rules.core, ont_graph=rules.ontology, inference="none",
        allow_warnings=True, focus_nodes=focus_nodes,
    )
    if not isinstance(report, Graph):
        # pySHACL returns (not raises) a failure when a shape itself is unusable.
        raise ShapesError(f"the shapes cannot be used: {report}; fix the shape named in the message")
    return report_results(report, rules)


def report_results(report: Graph, rules: Rules) -> list[Result]:
    """The results of a SHACL validation report graph."""
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        def one(predicate):
            return report.value(node, predicate)

        path, value, shape = one(SH.resultPath), one(SH.value), one(SH.sourceShape)
        message = one(SH.resultMessage)
        results.append(Result(
            file="",
            line=None,
            focus=short(one(SH.focusNode), rules.prefixes),
            path=short(path, rules.prefixes) if path is not None else None,
            value=short(value, rules.prefixes) if value is not None else None,
            severity=_SEVERITIES.get(one(SH.resultSeverity), VIOLATION),
            message=str(message) if message is not None else _fallback_message(one(SH.sourceConstraintComponent)),
            shape=short(shape, rules.prefixes) if isinstance(shape, URIRef) else "",
        ))
    return results


def _fallback_message(component) -> str:
    # Every shape carries sh:message (a test checks it); this only shows if one is missing.
    return f"constraint {short(component)} not met (the shape has no sh:message: add one)"
