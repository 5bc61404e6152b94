"""The shapes tested as data: for every shape (and every SHACL-SPARQL constraint) a conforming
fixture and a violating one in tests/data/shapes/, each added to _base.ttl, a small conforming
article graph with its reference records and text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from conflictkg import resources
from conflictkg.namespaces import CKG, RDF, SH, SKOS
from conflictkg.rdf_io import load_graph
from conflictkg.validate.shacl import load_rules, validate_graph

FIXTURES = Path(__file__).parent / "data" / "shapes"
SHAPES = "https://w3id.org/conflictkg/shapes#"
# Constraint parameters that make a shape check something (targets and sh:property do not).
CONSTRAINTS = {SH[n] for n in (
    "class datatype nodeKind minCount maxCount minInclusive maxInclusive minExclusive maxExclusive "
    "pattern in or and not node hasValue minLength maxLength languageIn uniqueLang equals disjoint "
    "lessThan qualifiedValueShape closed sparql").split()}


@pytest.fixture(scope="module")
def rules():
    return load_rules(resources.shapes_files(), resources.ontology_files())


def checking_shapes() -> list[str]:
    """Local names of every shape that carries a constraint of its own."""
    shapes = load_graph(resources.shapes_files())
    names = set()
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if any(p in CONSTRAINTS for p in shapes.predicates(shape)):
            names.add(str(shape).removeprefix(SHAPES))
    return sorted(names)


def results_with(rules, fixture: Path | None):
    data = load_graph([FIXTURES / "_base.ttl"] + ([fixture] if fixture else []))
    return validate_graph(data, rules)


def test_base_fixture_conforms(rules):
    assert results_with(rules, None) == []


@pytest.mark.parametrize("shape", checking_shapes())
def test_conforming_fixture(rules, shape):
    fixture = FIXTURES / f"{shape}.ok.ttl"
    assert fixture.exists(), f"add a conforming fixture {fixture.name}"
    assert results_with(rules, fixture) == []


@pytest.mark.parametrize("shape", checking_shapes())
def test_violating_fixture(rules, shape):
    fixture = FIXTURES / f"{shape}.bad.ttl"
    assert fixture.exists(), f"add a violating fixture {fixture.name}"
    match = re.search(r"^# expect: (\w+)", fixture.read_text(), re.M)
    expected = match.group(1) if match else "Violation"
    results = results_with(rules, fixture)
    mine = [r for r in results if r.shape == f"ckgsh:{shape}"]
    assert mine, f"{fixture.name} produced no result from ckgsh:{shape}; got {results}"
    assert {r.severity for r in mine} == {expected}
    assert all(r.message and "sh:message" not in r.message for r in mine)


def test_every_fixture_names_a_shape():
    names = set(checking_shapes())
    stray = sorted(p.name for p in FIXTURES.glob("*.ttl")
                   if p.name != "_base.ttl" and p.name.split(".")[0] not in names)
    assert stray == []


def test_every_constraint_has_a_message():
    shapes = load_graph(resources.shapes_files())
    missing = []
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        own = {p for p in shapes.predicates(shape) if p in CONSTRAINTS and p != SH.sparql}
        if own and not isinstance(shapes.value(shape, SH.message), Literal):
            missing.append(str(shape))
        for constraint in shapes.objects(shape, SH.sparql):
            if not isinstance(shapes.value(constraint, SH.message), Literal):
                missing.append(f"{shape} sh:sparql {constraint}")
    assert missing == []


def test_every_sparql_constraint_has_its_own_shape_with_a_severity():
    shapes = load_graph(resources.shapes_files())
    for shape, constraint in shapes.subject_objects(SH.sparql):
        assert isinstance(shape, URIRef) and isinstance(constraint, URIRef)
        assert len(list(shapes.objects(shape, SH.sparql))) == 1, f"{shape}: one constraint per shape"
        assert shapes.value(shape, SH.severity) is not None, f"{shape}: say its severity"


@pytest.mark.parametrize("path, scheme", [
    (CKG.eventType, CKG.EventTypes), (CKG.statementType, CKG.StatementTypes),
    (CKG.allegianceType, CKG.AllegianceTypes), (CKG.fatalitiesQualifier, CKG.FigureQualifiers),
    (CKG.civilianFatalitiesQualifier, CKG.FigureQualifiers), (CKG.reviewStatus, CKG.ReviewStatuses),
])
def test_closed_lists_match_the_ontology(path, scheme):
    shapes = load_graph(resources.shapes_files())
    ontology = load_graph(resources.ontology_files())
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    assert concepts, f"the ontology has no concepts in {scheme}"
    for shape in shapes.subjects(SH.path, path):
        listed = shapes.value(shape, SH["in"])
        if listed is not None:
            assert set(shapes.items(listed)) == concepts


def test_sh_class_accepts_subclasses(rules):
    # actor:army is a ckg:StateForce; Event-agent says sh:class ckg:Actor.
    data = load_graph([FIXTURES / "_base.ttl", FIXTURES / "Event-agent.ok.ttl"])
    data.add((URIRef("https://w3id.org/conflictkg/id/event/fixture-e1"), CKG.agent,
              URIRef("https://w3id.org/conflictkg/id/actor/army")))
    assert validate_graph(data, rules) == []
