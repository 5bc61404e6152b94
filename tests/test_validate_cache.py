"""The validation cache: a second run re-validates nothing; changing one article re-validates
that article only; a changed shape or reference file re-validates everything that depends on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conflictkg.validate import validate

FIXTURE_REPO = Path(__file__).parent / "data" / "validate" / "repo"
SLUG = "2024-11-30-fixture"


@pytest.fixture
def repo(tmp_path) -> Path:
    """The fixture repository with three articles (copies of the fixture article under new slugs)."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, root)
    data = root / "data"
    for n in (2, 3):
        slug = f"{SLUG}-{n}"
        graph = (data / "graphs" / f"{SLUG}.ttl").read_text().replace(SLUG, slug)
        (data / "graphs" / f"{slug}.ttl").write_text(graph)
        shutil.copy(data / "articles" / f"{SLUG}.txt", data / "articles" / f"{slug}.txt")
    return root


def test_second_run_validates_nothing(repo):
    first = validate(repo, jobs=1)
    assert (first.graphs, first.validated, first.conforms) == (4, 4, True)
    assert (repo / ".conflictkg" / "validation-cache").is_dir()
    second = validate(repo, jobs=1)
    assert (second.graphs, second.validated, second.qc_cached) == (4, 0, True)
    assert second.results == first.results


def test_changing_one_article_revalidates_only_it(repo):
    validate(repo, jobs=1)
    graph = repo / "data" / "graphs" / f"{SLUG}-2.ttl"
    graph.write_text(graph.read_text().replace("ckg:eventType ckg:TerritorialCapture ;\n", ""))
    report = validate(repo, jobs=1)
    assert report.validated == 1
    assert not report.conforms
    assert {r.file for r in report.results} == {str(graph)}
    # and only the changed file when the hook passes it alone
    assert validate(repo, [graph], jobs=1).validated == 0


def test_changing_an_article_text_revalidates_its_graph(repo):
    validate(repo, jobs=1)
    text = repo / "data" / "articles" / f"{SLUG}-3.txt"
    text.write_text(text.read_text() + "One more sentence.\n")
    assert validate(repo, jobs=1).validated == 1


def test_changing_reference_data_revalidates_everything(repo):
    validate(repo, jobs=1)
    actors = repo / "data" / "reference" / "actors.ttl"
    actors.write_text(actors.read_text() + "\n# a comment changes the bytes\n")
    assert validate(repo, jobs=1).validated == 4


def test_parallel_run_gives_the_same_results(repo):
    graph = repo / "data" / "graphs" / f"{SLUG}-3.ttl"
    graph.write_text(graph.read_text().replace("ckg:speaker actor:army", "ckg:speaker actor:nobody"))
    serial = validate(repo, jobs=1, use_cache=False)
    parallel = validate(repo, jobs=2, use_cache=False)
    assert parallel.validated == 4
    assert parallel.results == serial.results and not serial.conforms


def test_a_rule_file_among_the_paths_checks_everything(repo):
    from conflictkg import resources

    report = validate(repo, [resources.shapes_files()[0]], jobs=1)
    assert report.graphs == 4
