"""``conflictkg ingest`` end to end on a temporary data repository: the files it writes, the
store it loads (queried for real), all-or-nothing on an invalid article, dry runs, idempotence,
one record per entity across articles, a locked store, and recovery of a killed ingest."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg import ingest
from conflictkg.cli import main
from conflictkg.model import Allegiance
from conflictkg.namespaces import REFERENCE_GRAPH, SCHEMA, article_graph

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((Path(__file__).parent / "data" / "ingest").glob("*.txt"))
PONT_SONDE, SAINT_MARC = ARTICLES


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A data repository with the curated reference records and no articles."""
    (tmp_path / "data" / "reference").mkdir(parents=True)
    for name in ("actors.ttl", "places.ttl"):
        shutil.copy(ROOT / "data" / "reference" / name, tmp_path / "data" / "reference" / name)
    return tmp_path


def snapshot(root: Path) -> dict[str, str]:
    """Every file under data/ with the hash of its bytes."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "data").rglob("*")) if p.is_file()}


def run(repo: Path, *args: str) -> int:
    return main(["--data", str(repo), "ingest", "--jobs", "1", *args])


def test_ingest_writes_files_and_loads_the_store(repo: Path, capsys) -> None:
    assert run(repo, str(PONT_SONDE)) == 0
    slug = PONT_SONDE.stem
    text = (repo / "data" / "articles" / f"{slug}.txt").read_bytes()
    assert text == PONT_SONDE.read_bytes()  # the source, front matter included
    graph = (repo / "data" / "graphs" / f"{slug}.ttl").read_text()
    assert "schema:articleBody" not in graph and "ckg:Event" in graph
    places = (repo / "data" / "reference" / "extracted-places.ttl").read_text()
    assert "place:haiti" in places
    assert not list((repo / "data").rglob("*.ingest-staged")) and not (repo / ingest.JOURNAL).exists()

    store = ox.Store.read_only(str(repo / ".conflictkg" / "store"))
    g = ox.NamedNode(article_graph(slug))
    events = list(store.query(f"SELECT ?e WHERE {{ GRAPH {g} {{ ?e a <https://w3id.org/conflictkg/ontology#Event> }} }}"))
    assert len(events) == graph.count("a ckg:Event")
    body = list(store.quads_for_pattern(None, ox.NamedNode(str(SCHEMA.articleBody)), None, g))
    assert len(body) == 1 and "Pont-Sondé" in body[0].object.value  # the build joins the text
    haiti = list(store.quads_for_pattern(ox.NamedNode("https://w3id.org/conflictkg/id/place/haiti"), None, None,
                                         ox.NamedNode(REFERENCE_GRAPH)))
    assert haiti


def test_second_ingest_replaces_graphs_in_the_live_store(repo: Path) -> None:
    assert run(repo, str(PONT_SONDE)) == 0
    manifest = json.loads((repo / ".conflictkg" / "store" / "conflictkg-manifest.json").read_text())
    assert run(repo, str(SAINT_MARC)) == 0
    store = ox.Store.read_only(str(repo / ".conflictkg" / "store"))
    names = {g.value for g in store.named_graphs()}
    assert {article_graph(PONT_SONDE.stem), article_graph(SAINT_MARC.stem), REFERENCE_GRAPH} <= names
    after = json.loads((repo / ".conflictkg" / "store" / "conflictkg-manifest.json").read_text())
    assert after != manifest and after == ingest.store_manifest(repo)  # the store is known to be up to date


def test_invalid_article_writes_and_loads_nothing(repo: Path, monkeypatch, capsys) -> None:
    real = ingest.workers.extract

    def self_allegiance(article, reference):
        facts = real(article, reference)
        actor = facts.actors[0].key
        facts.allegiances.append(Allegiance(actor, "AlliedWith", actor, [facts.events[0].evidence[0]]))
        return facts

    monkeypatch.setattr(ingest.workers, "extract", self_allegiance)
    before = snapshot(repo)
    assert run(repo, str(PONT_SONDE), str(SAINT_MARC)) == 1
    out = capsys.readouterr().out
    assert "nothing was written" in out and "qc:allegiance-to-self" in out
    assert str(PONT_SONDE.name) in out  # the report names the article to fix
    assert snapshot(repo) == before
    assert not (repo / ".conflictkg" / "store").exists()


def test_dry_run_writes_nothing_and_says_what_would_change(repo: Path, capsys) -> None:
    before = snapshot(repo)
    assert run(repo, "--dry-run", str(PONT_SONDE)) == 0
    out = capsys.readouterr().out
    assert snapshot(repo) == before and not (repo / ".conflictkg" / "store").exists()
    assert f"new      data/graphs/{PONT_SONDE.stem}.ttl" in out.replace(str(repo) + "/", "")
    assert "new reference record <https://w3id.org/conflictkg/id/place/haiti>" in out
    assert "events" in out


def test_reingest_is_idempotent(repo: Path, capsys) -> None:
    assert run(repo, str(PONT_SONDE), str(SAINT_MARC)) == 0
    first = snapshot(repo)
    capsys.readouterr()
    assert run(repo, str(SAINT_MARC), str(PONT_SONDE)) == 0
    assert snapshot(repo) == first
    assert "writing 0 file(s)" in capsys.readouterr().out


def test_one_record_per_entity_whatever_the_batches(repo: Path, tmp_path_factory) -> None:
    other = tmp_path_factory.mktemp("other")
    shutil.copytree(repo / "data", other / "data")
    assert run(repo, str(PONT_SONDE), str(SAINT_MARC)) == 0
    assert run(other, str(PONT_SONDE)) == 0
    assert run(other, str(SAINT_MARC)) == 0
    assert snapshot(repo) == snapshot(other)
    places = (repo / "data" / "reference" / "extracted-places.ttl").read_text()
    assert places.count("place:haiti\n") == 1 and "place:haiti-2" not in places


def test_locked_store_keeps_the_files_and_says_so(repo: Path, capsys) -> None:
    assert run(repo, "--no-load", str(PONT_SONDE)) == 0
    assert not (repo / ".conflictkg" / "store").exists()
    holder = ox.Store(str(repo / ".conflictkg" / "store"))  # as a running server would
    try:
        assert run(repo, str(SAINT_MARC)) == 0
    finally:
        del holder
    err = capsys.readouterr().err
    assert "locked" in err and "restart" in err
    assert (repo / "data" / "graphs" / f"{SAINT_MARC.stem}.ttl").exists()


def test_recover_finishes_a_committed_ingest_and_drops_an_uncommitted_one(repo: Path) -> None:
    graphs = repo / "data" / "graphs"
    graphs.mkdir(parents=True)
    target = graphs / "a.ttl"
    staged = graphs / f".a.ttl{ingest.STAGED_SUFFIX}"
    staged.write_text("new")
    orphan = graphs / f".b.ttl{ingest.STAGED_SUFFIX}"
    orphan.write_text("never committed")
    (repo / ingest.JOURNAL).parent.mkdir(parents=True, exist_ok=True)
    (repo / ingest.JOURNAL).write_text(json.dumps({"renames": [[str(staged), str(target)]]}))
    assert ingest.recover(repo) == 1
    assert target.read_text() == "new"
    assert not staged.exists() and not orphan.exists() and not (repo / ingest.JOURNAL).exists()
