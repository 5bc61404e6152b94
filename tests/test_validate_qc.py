"""The quality-check queries (queries/qc/*.rq): each has a fixture in tests/data/qc/ on which it
reports exactly the expected focus nodes, and none of them fires on the fixture repository."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg import resources
from conflictkg.dataset import repository, source_quads
from conflictkg.namespaces import PREFIXES
from conflictkg.validate.qc import quality_checks, run_checks

QC_FIXTURES = Path(__file__).parent / "data" / "qc"
FIXTURE_REPO = Path(__file__).parent / "data" / "validate" / "repo"
CHECKS = quality_checks(resources.queries_dir() / "qc")


def store_with(*sources: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    for quads in sources:
        store.extend(quads)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("https://w3id.org/conflictkg/graph/ontology"))
                 for path in resources.ontology_files() for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return store


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_check_reports_its_failing_fixture(check):
    fixture = QC_FIXTURES / f"{check.name}.trig"
    assert fixture.exists(), f"add a failing fixture {fixture.name}"
    expected = set(re.findall(r"^# expect: (\S+)", fixture.read_text(), re.M))
    store = store_with(list(ox.parse(path=str(fixture), format=ox.RdfFormat.TRIG)))
    results = run_checks(store, [check], PREFIXES, repository=True)
    assert {r.focus for r in results} == expected
    assert all(r.shape == f"qc:{check.name}" and r.message for r in results)
    assert {r.severity for r in results} == {check.severity}


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.name)
def test_check_passes_on_the_fixture_repository(check):
    repo = repository(FIXTURE_REPO)
    store = store_with(*[list(source_quads(s)) for s in [repo.reference, *repo.articles]])
    assert run_checks(store, [check], PREFIXES, repository=True) == []


def test_every_check_declares_summary_and_severity():
    for check in CHECKS:
        assert "summary" in check.query.meta and "severity" in check.query.meta, check.name


def test_repository_wide_checks_wait_for_the_whole_repository():
    check = next(c for c in CHECKS if c.name == "unused-reference-record")
    assert check.needs_repository
    store = store_with(list(ox.parse(path=str(QC_FIXTURES / "unused-reference-record.trig"), format=ox.RdfFormat.TRIG)))
    assert run_checks(store, [check], PREFIXES, repository=False) == []
