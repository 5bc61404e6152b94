"""The shapes translated into SPARQL queries for the bulk engine, generated from the shapes graph
each run (so they cannot drift from ``shapes/*.ttl``).

The store holds every article graph as a named graph next to the reference and ontology graphs.
A query finds, in one pass over all of them, the results that validating each graph on its own
would give: each result row names the graph (``?__graph``) whose job it belongs to.

- **Focus nodes** are what the per-article validator takes: IRIs that are subjects in the graph
  and, for an article graph, not subjects of the reference data (those are checked once, with the
  reference graph). A target class includes its subclasses from the ontology.
- **Values** of a property are read from the focus node's own graph (a focus node of an article
  is never described elsewhere); ``sh:class`` looks the value's types up in the graph, the
  reference data and the ontology, which is what the per-article data graph holds.
- Results are what pySHACL reports: a node shape's own constraints give the focus as ``sh:value``;
  a property shape's count constraints (min/maxCount, hasValue) give no value, its value
  constraints the offending value; shape, path, severity and message as in the shapes.
- ``sh:sparql`` constraints keep their own ``sh:select``, scoped by ``sparql_scope``.

Translated: targetClass / targetNode / targetSubjectsOf / targetObjectsOf; class, datatype,
nodeKind, pattern (with flags), in, hasValue, min/maxInclusive, min/maxExclusive, min/maxLength,
minCount, maxCount, or, and, not, node. Anything else in a shape stops the run with a message
(use ``--engine shacl`` until it is added here, with its fixture).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection

from ..namespaces import RDF, RDFS, SH, XSD
from .sparql_constraints import SparqlConstraint
from .sparql_scope import GRAPH_VARIABLE, ScopeError, scoped_select

G = GRAPH_VARIABLE
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_IGNORED = {RDF.type, SH.path, SH.message, SH.severity, SH.property, SH.name, SH.description, SH.order,
            SH.group, SH.deactivated, SH.flags, SH.sparql, SH.declare, SH.prefixes, SH.select,
            RDFS.label, RDFS.comment, *_TARGETS}
_COUNTS = {SH.minCount, SH.maxCount, SH.hasValue}
_CHECKED_DATATYPES = {XSD.integer, XSD.decimal, XSD.boolean, XSD.date, XSD.dateTime, XSD.time, XSD.float,
                      XSD.double, XSD.gYear, XSD.gYearMonth}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature that the bulk engine does not translate."""


@dataclass(frozen=True)
class ShapeQuery:
    """One query and how to read its rows: ``?__graph``, ``?this`` and, where bound, ``?value``."""

    shape: URIRef
    path: URIRef | None  # the property shape's path (None for a node shape's own constraints)
    severity: URIRef  # sh:Violation, sh:Warning or sh:Info
    message: str
    query: str
    constraint: SparqlConstraint | None = None  # for sh:sparql: its message template and variables


def shape_queries(shapes: Graph, constraints: Iterable[SparqlConstraint], subclasses: dict[str, set[str]],
                  reference: str, ontology: str) -> list[ShapeQuery]:
    """Every query the shapes need. ``subclasses`` maps a class IRI to itself and its subclasses."""
    builder = _Builder(shapes, subclasses, reference, ontology)
    queries = []
    for shape in sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}
                        | set(shapes.subjects(RDF.type, RDFS.Class)) & set(shapes.subjects(RDF.type, SH.NodeShape))):
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        queries += builder.for_shape(shape)
    for constraint in constraints:
        queries.append(builder.for_sparql(constraint))
    return queries


def class_closure(subclass_pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """``{class: {class and all its subclasses}}`` from (subclass, superclass) pairs."""
    below: dict[str, set[str]] = {}
    for sub, sup in subclass_pairs:
        below.setdefault(sup, set()).add(sub)
    closure = {}
    for cls in below:
        seen, todo = {cls}, [cls]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        closure[cls] = seen
    return closure


def term(node) -> str:
    """An rdflib term in SPARQL syntax."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if node.language:
            return f'"{text}"@{node.language}'
        return f'"{text}"^^<{node.datatype or XSD.string}>'
    raise UnsupportedShape(f"a blank node {node} where a constant was expected")


class _Builder:
    def __init__(self, shapes: Graph, subclasses: dict[str, set[str]], reference: str, ontology: str):
        self.shapes = shapes
        self.subclasses = subclasses
        self.reference, self.ontology = reference, ontology
        self.fresh = itertools.count()

    # -- the queries -------------------------------------------------------------------------

    def for_shape(self, shape) -> list[ShapeQuery]:
        targets = self.targets(shape)
        if self.shapes.value(shape, SH.path) is not None:  # a property shape with targets of its own
            return self.property_queries(shape, targets)
        queries = []
        node_conditions = self.node_conditions(shape, "?this", top=True)
        if node_conditions:
            queries.append(self.query(shape, None, f"{targets} BIND(?this AS ?value) "
                                                   f"FILTER(!COALESCE({_all(node_conditions)}, false))"))
        for cls in sorted(self.shapes.objects(shape, SH["class"])):  # sh:class as MINUS: evaluated once
            queries.append(self.query(shape, None, f"{targets} BIND(?this AS ?value) "
                                                   f"MINUS {{ {self.instances(cls, '?value')} }}"))
        for prop in sorted(self.shapes.objects(shape, SH.property)):
            if self.shapes.value(prop, SH.deactivated) != Literal(True):
                queries += self.property_queries(prop, targets)
        return queries

    def property_queries(self, prop, targets: str) -> list[ShapeQuery]:
        path = self.path(prop)
        counts = self.count_conditions(prop, "?this", path, scoped=False)
        values = self.node_conditions(prop, "?value", top=True)
        shape_path = self.shapes.value(prop, SH.path)
        queries = []
        if counts:  # no value: the focus node has too few or too many
            queries.append(self.query(prop, shape_path, f"{targets} FILTER(!({_all(counts)}))", with_value=False))
        if values:
            queries.append(self.query(prop, shape_path, f"{targets} GRAPH {G} {{ ?this {path} ?value }} "
                                                        f"FILTER(!COALESCE({_all(values)}, false))"))
        for cls in sorted(self.shapes.objects(prop, SH["class"])):
            queries.append(self.query(prop, shape_path, f"{targets} GRAPH {G} {{ ?this {path} ?value }} "
                                                        f"MINUS {{ {self.instances(cls, '?value')} }}"))
        return queries

    def query(self, shape, path, where: str, with_value: bool = True) -> ShapeQuery:
        severity = self.shapes.value(shape, SH.severity) or SH.Violation
        message = self.shapes.value(shape, SH.message)
        text = f"SELECT DISTINCT {G} ?this {'?value ' if with_value else ''}WHERE {{ {where} }}"
        return ShapeQuery(shape, path, severity, str(message) if message is not None else
                          f"{shape} not met (the shape has no sh:message: add one)", text)

    def for_sparql(self, constraint: SparqlConstraint) -> ShapeQuery:
        targets = self.target_pattern(constraint.target_classes, constraint.target_nodes,
                                      constraint.target_subjects_of, constraint.target_objects_of)
        try:
            prologue, text = scoped_select(constraint.query, self.reference, self.ontology, targets)
        except ScopeError as exc:
            raise UnsupportedShape(f"{constraint.shape}: {exc}") from None
        return ShapeQuery(constraint.shape, None, SH.Violation, constraint.message, f"{prologue}\n{text}", constraint)

    # -- targets -----------------------------------------------------------------------------

    def targets(self, shape) -> str:
        def iris(predicate):
            return tuple(sorted(str(o) for o in self.shapes.objects(shape, predicate)))

        classes = iris(SH.targetClass)
        if (shape, RDF.type, RDFS.Class) in self.shapes:
            classes += (str(shape),)
        return self.target_pattern(classes, iris(SH.targetNode), iris(SH.targetSubjectsOf), iris(SH.targetObjectsOf))

    def target_pattern(self, classes, nodes, subjects_of, objects_of) -> str:
        """A group binding ``?__graph`` and ``?this`` to every focus node of these targets: in an
        article graph, minus the reference records (MINUS is evaluated once; a NOT EXISTS per
        node cost seconds at 10,000 articles); in the reference graph, all of them."""
        ref, ont = f"<{self.reference}>", f"<{self.ontology}>"

        def branches(g: str) -> str:
            found = []
            types = sorted({c for cls in classes for c in self.subclasses.get(cls, {cls})})
            if types:
                found.append(f"{{ VALUES ?__type {{ {' '.join(f'<{t}>' for t in types)} }} GRAPH {g} {{ ?this a ?__type }} }}")
            for node in nodes:
                found.append(f"{{ BIND(<{node}> AS ?this) GRAPH {g} {{ ?this ?__p ?__o }} }}")
            for predicate in subjects_of:
                found.append(f"{{ GRAPH {g} {{ ?this <{predicate}> ?__o }} }}")
            for predicate in objects_of:
                found.append(f"{{ GRAPH {g} {{ ?__s <{predicate}> ?this }} FILTER EXISTS {{ GRAPH {g} {{ ?this ?__p ?__o }} }} }}")
                if g != ref:
                    found.append(f"{{ GRAPH {ref} {{ ?__s <{predicate}> ?this }} GRAPH {g} {{ ?this ?__p ?__o }} }}")
            return " UNION ".join(found)

        if not (classes or nodes or subjects_of or objects_of):
            return "{ FILTER(false) }"
        article = (f"{{ {branches(G)} FILTER(isIRI(?this) && {G} != {ref} && {G} != {ont}) "
                   f"MINUS {{ GRAPH {ref} {{ ?this ?__rp ?__ro }} }} }}")
        reference = f"{{ {branches(ref)} FILTER(isIRI(?this)) BIND({ref} AS {G}) }}"
        return f"{{ SELECT DISTINCT {G} ?this WHERE {{ {article} UNION {reference} }} }}"

    def instances(self, cls, v: str) -> str:
        """A pattern matching ``v`` typed ``cls`` (or a subclass) in the job's data graph."""
        types = " ".join(f"<{t}>" for t in sorted(self.subclasses.get(str(cls), {str(cls)})))
        return f"VALUES ?__class {{ {types} }} {self.scope(f'{v} a ?__class')}"

    # -- constraints as SPARQL expressions ----------------------------------------------------

    def path(self, shape) -> str:
        path = self.shapes.value(shape, SH.path)
        if not isinstance(path, URIRef):
            raise UnsupportedShape(f"{shape}: only a predicate (an IRI) is translated as sh:path")
        return f"<{path}>"

    def scope(self, pattern: str) -> str:
        """A triple pattern read from the job's data graph: its graph, the reference, the ontology."""
        graphs = (G, f"<{self.reference}>", f"<{self.ontology}>")
        return "{ " + " UNION ".join(f"{{ GRAPH {g} {{ {pattern} }} }}" for g in graphs) + " }"

    def var(self) -> str:
        return f"?__v{next(self.fresh)}"

    def node_conditions(self, shape, v: str, top: bool = False) -> list[str]:
        """Expressions that hold when the node ``v`` meets the shape's own (non-count) constraints
        (``top``: without sh:class, which a query of its own checks with MINUS)."""
        conditions = []
        for predicate, obj in sorted(self.shapes.predicate_objects(shape)):
            if predicate in _IGNORED or predicate in _COUNTS or (top and predicate == SH["class"]):
                continue
            conditions.append(self.condition(shape, predicate, obj, v))
        return conditions

    def condition(self, shape, predicate, obj, v: str) -> str:
        if predicate == SH["class"]:
            c = self.var()
            types = " ".join(f"<{t}>" for t in sorted(self.subclasses.get(str(obj), {str(obj)})))
            return f"EXISTS {{ VALUES {c} {{ {types} }} {self.scope(f'{v} a {c}')} }}"
        if predicate == SH.datatype:
            if obj == RDFS.Literal:
                return f"isLiteral({v})"
            check = f"isLiteral({v}) && sameTerm(DATATYPE({v}), <{obj}>)"
            if obj in _CHECKED_DATATYPES:  # well-formed too, as pySHACL checks ("2024-02-30" is no date)
                check += f" && sameTerm(DATATYPE(<{obj}>(STR({v}))), <{obj}>)"
            return f"({check})"
        if predicate == SH.nodeKind:
            if obj not in _NODE_KINDS:
                raise UnsupportedShape(f"{shape}: unknown sh:nodeKind {obj}")
            return _NODE_KINDS[obj].format(v=v)
        if predicate == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            extra = f", {term(Literal(str(flags)))}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {term(Literal(str(obj)))}{extra}))"
        if predicate == SH["in"]:
            members = list(Collection(self.shapes, obj))
            return "(" + (" || ".join(f"sameTerm({v}, {term(m)})" for m in members) or "false") + ")"
        if predicate in _COMPARISONS:
            return f"({v} {_COMPARISONS[predicate]} {term(obj)})"
        if predicate in (SH.minLength, SH.maxLength):
            op = ">=" if predicate == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(obj)})"
        if predicate == SH["or"]:
            return "(" + (" || ".join(self.conforms(m, v) for m in Collection(self.shapes, obj)) or "false") + ")"
        if predicate == SH["and"]:
            return self.conforms_all(list(Collection(self.shapes, obj)), v)
        if predicate == SH["not"]:
            return f"!{self.conforms(obj, v)}"
        if predicate == SH.node:
            return self.conforms(obj, v)
        raise UnsupportedShape(f"{shape}: {predicate} is not translated by the bulk engine; "
                               "run `conflictkg validate --engine shacl` or add it to validate/shape_queries.py")

    def conforms_all(self, shapes: list, v: str) -> str:
        return "(" + (" && ".join(self.conforms(s, v) for s in shapes) or "true") + ")"

    def conforms(self, shape, v: str) -> str:
        """An expression: the node ``v`` conforms to ``shape`` (a nested shape of or/and/not/node)."""
        conditions = []
        if self.shapes.value(shape, SH.path) is not None:
            path = self.path(shape)
            conditions += self.count_conditions(shape, v, path, scoped=True)
            values = self.node_conditions(shape, "?__x")
            if values:
                x = self.var()
                checks = _all(values).replace("?__x", x)
                conditions.append(f"NOT EXISTS {{ {self.scope(f'{v} {path} {x}')} FILTER(!COALESCE({checks}, false)) }}")
        else:
            conditions += self.node_conditions(shape, v)
        return "(" + (" && ".join(conditions) or "true") + ")"

    def count_conditions(self, shape, v: str, path: str, scoped: bool) -> list[str]:
        """Expressions that hold when ``v`` has as many values (and the value) the shape requires."""
        def pattern(x):
            return self.scope(f"{v} {path} {x}") if scoped else f"GRAPH {G} {{ {v} {path} {x} }}"

        conditions = []
        minimum = self.shapes.value(shape, SH.minCount)
        if minimum is not None and int(minimum) > 0:
            xs = [self.var() for _ in range(int(minimum))]
            conditions.append(f"EXISTS {{ {' '.join(pattern(x) for x in xs)} {_distinct(xs)} }}")
        maximum = self.shapes.value(shape, SH.maxCount)
        if maximum is not None:
            xs = [self.var() for _ in range(int(maximum) + 1)]
            conditions.append(f"NOT EXISTS {{ {' '.join(pattern(x) for x in xs)} {_distinct(xs)} }}")
        for value in self.shapes.objects(shape, SH.hasValue):
            x = self.var()
            conditions.append(f"EXISTS {{ {pattern(x)} FILTER(sameTerm({x}, {term(value)})) }}")
        return conditions


def _all(conditions: list[str]) -> str:
    return "(" + " && ".join(conditions) + ")"


def _distinct(xs: list[str]) -> str:
    pairs = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(xs, 2)]
    return f"FILTER({' && '.join(pairs)})" if pairs else ""

