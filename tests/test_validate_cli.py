"""``conflictkg validate`` in process: exit codes, the text and JSON reports, file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conflictkg.cli import main

HERE = Path(__file__).parent
FIXTURE_REPO = HERE / "data" / "validate" / "repo"
REPO_ROOT = HERE.parent
GRAPH = Path("data") / "graphs" / "2024-11-30-fixture.ttl"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture data repository, and the current directory inside it."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, root)
    monkeypatch.chdir(root)
    monkeypatch.delenv("CONFLICTKG_DATA", raising=False)
    return root


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fixture_repository_conforms(repo, capsys):
    code, out, _ = run(capsys, "validate")
    assert code == 0, out
    assert out.startswith("conforms: 0 violations, 0 warnings")


def test_the_repositorys_own_data_conforms(capsys, monkeypatch, tmp_path):
    if not list((REPO_ROOT / "data" / "graphs").glob("*.ttl")):
        pytest.skip("no article graphs in data/graphs yet")
    # A copy, so that the cache is written to a temporary folder, not the work tree.
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    code, out, _ = run(capsys, "--data", str(tmp_path), "validate")
    assert code == 0, out


def test_mistakes_are_reported_with_file_line_focus_and_message(repo, capsys):
    shutil.copy(HERE / "data" / "validate" / "mistakes.ttl", repo / GRAPH)
    code, out, _ = run(capsys, "validate", str(GRAPH))
    assert code == 1
    lines = (repo / GRAPH).read_text().splitlines()
    e1_line = lines.index("event:2024-11-30-fixture-e1") + 1
    assert out.startswith(f"{GRAPH}\n")
    assert f"  {e1_line}:" in out
    assert "event:2024-11-30-fixture-e1 ckg:eventType" in out
    assert "Event needs exactly one ckg:eventType" in out and "[ckgsh:Event-eventType]" in out
    assert "is not a sentence of the article's text" in out
    assert "statement:2024-11-30-fixture-s1 ckg:speaker = actor:nobody" in out
    assert "[qc:speaker-without-type]" in out
    assert "does not conform" in out.splitlines()[-1]


def test_json_report_has_exactly_the_contract_fields(repo, capsys):
    shutil.copy(HERE / "data" / "validate" / "mistakes.ttl", repo / GRAPH)
    code, out, _ = run(capsys, "validate", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert set(report) == {"conforms", "results"}
    assert report["conforms"] is False
    fields = {"file", "line", "focus", "path", "value", "severity", "message", "shape"}
    assert all(set(result) == fields for result in report["results"])
    event_type = [r for r in report["results"] if r["shape"] == "ckgsh:Event-eventType"]
    assert event_type == [{
        "file": str(GRAPH),
        "line": (repo / GRAPH).read_text().splitlines().index("event:2024-11-30-fixture-e1") + 1,
        "focus": "event:2024-11-30-fixture-e1",
        "path": "ckg:eventType",
        "value": None,
        "severity": "Violation",
        "message": event_type[0]["message"],
        "shape": "ckgsh:Event-eventType",
    }]
    assert event_type[0]["message"].startswith("Event needs exactly one ckg:eventType")


def test_json_report_of_conforming_data(repo, capsys):
    code, out, _ = run(capsys, "validate", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"conforms": True, "results": []}


def test_warnings_do_not_change_the_exit_code(repo, capsys):
    places = repo / "data" / "reference" / "places.ttl"
    places.write_text(places.read_text() + '\nplace:hama a ckg:City ; rdfs:label "Hama" ; ckg:locatedIn place:syria .\n')
    code, out, _ = run(capsys, "validate", "--format", "json")
    results = json.loads(out)["results"]
    assert code == 0
    assert {r["severity"] for r in results} == {"Warning"}
    assert {(r["focus"], r["shape"]) for r in results} >= {
        ("place:hama", "ckgsh:Place-lat"), ("place:hama", "qc:unused-reference-record")}


def test_broken_turtle_exits_2_with_file_line_and_column(repo, capsys):
    shutil.copy(HERE / "data" / "validate" / "broken.ttl", repo / GRAPH)
    code, out, err = run(capsys, "validate", str(GRAPH))
    assert code == 2
    assert out == ""
    assert err.startswith(f"{GRAPH}:32:5: ")


def test_a_missing_file_exits_2(repo, capsys):
    code, _, err = run(capsys, "validate", "data/graphs/no-such-article.ttl")
    assert code == 2
    assert "data/graphs/no-such-article.ttl: no such file" in err


def test_changing_an_article_text_revalidates_its_graph(repo, capsys):
    text = repo / "data" / "articles" / "2024-11-30-fixture.txt"
    assert run(capsys, "validate", str(text.relative_to(repo)))[0] == 0
    text.write_text(text.read_text().replace("The army denied that it had withdrawn.\n", ""))
    code, out, _ = run(capsys, "validate", "--format", "json", str(text.relative_to(repo)))
    assert code == 1
    [result] = json.loads(out)["results"]
    assert (result["file"], result["focus"], result["shape"]) == (
        str(GRAPH), "statement:2024-11-30-fixture-s1", "ckgsh:EvidenceInArticle")
    assert result["value"] == '"The army denied that it had withdrawn."'


def test_data_root_from_the_environment(repo, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CONFLICTKG_DATA", str(repo))
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert "2 graphs checked" in out
