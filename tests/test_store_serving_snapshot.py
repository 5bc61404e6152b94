"""The serving snapshot beside the on-disk store: written by build and load, removed by every
writer before it writes, never trusted when incomplete; ``load --lenient``."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg.cli import main
from conflictkg.dataset import repository
from conflictkg.errors import RDFSyntaxError
from conflictkg.store import serving_snapshot
from conflictkg.store.embedded import build_store, load_files, open_store, replace_graph

TTL = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/conflictkg/id/actor/a> rdfs:label "Group A" .
"""
NQ = (b'<http://x/s1> <http://x/p> "one" <http://x/g1> .\n'
      b'<http://x/s2> <http://x/p> <http://x/o> <http://x/g2> .\n')
NQ_MORE = b'<http://x/s3> <http://x/p> "three"@en <http://x/g1> .\n'
BAD_IRI = b'<http://x/s 4> <http://x/p> "four" <http://x/g1> .\n'


@pytest.fixture
def data_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for folder in ("data/reference", "data/graphs", "data/articles"):
        (root / folder).mkdir(parents=True)
    (root / "data/reference/actors.ttl").write_text(TTL)
    (root / "data/graphs/tiny.ttl").write_text(TTL.replace("Group A", "Group A, again"))
    (root / "data/articles/tiny.txt").write_text("---\npublished: 2024-01-02\n---\nHeadline\nBody.\n")
    return root


def disk_quads(store_path: Path) -> set[str]:
    return {str(q) for q in ox.Store.read_only(str(store_path))}


def snapshot_quads(store_path: Path) -> set[str]:
    snapshot = serving_snapshot.valid_snapshot(store_path)
    assert snapshot is not None, "no valid serving snapshot"
    memory = ox.Store()
    memory.bulk_load(path=str(snapshot.path), format=ox.RdfFormat.N_QUADS)
    return {str(q) for q in memory}


def test_build_writes_a_snapshot_with_every_quad(data_repo, tmp_path):
    store_path = tmp_path / "store"
    build_store(repository(data_repo), store_path)
    assert len(disk_quads(store_path)) > 3
    assert snapshot_quads(store_path) == disk_quads(store_path)


def test_load_extends_the_snapshot_of_the_live_store(tmp_path):
    store_path = tmp_path / "store"
    first, second = tmp_path / "a.nq", tmp_path / "b.nq"
    first.write_bytes(NQ)
    second.write_bytes(NQ_MORE + NQ)  # a quad already loaded is no harm
    load_files(store_path, [first])
    assert snapshot_quads(store_path) == disk_quads(store_path)
    load_files(store_path, [second])
    assert len(disk_quads(store_path)) == 3
    assert snapshot_quads(store_path) == disk_quads(store_path)


def test_load_of_turtle_or_onto_a_store_without_snapshot_leaves_none(data_repo, tmp_path):
    store_path = tmp_path / "store"
    turtle = tmp_path / "extra.ttl"
    turtle.write_text(TTL)
    load_files(store_path, [turtle], into_graph="http://x/extra")
    assert serving_snapshot.valid_snapshot(store_path) is None
    nq = tmp_path / "more.nq"
    nq.write_bytes(NQ)
    load_files(store_path, [nq])  # the live store had none: the server will write one at its start
    assert serving_snapshot.valid_snapshot(store_path) is None
    assert len(disk_quads(store_path)) == 3


def test_every_writer_removes_the_snapshot_before_writing(data_repo, tmp_path):
    store_path = tmp_path / "store"
    build_store(repository(data_repo), store_path)
    assert serving_snapshot.valid_snapshot(store_path) is not None
    store = open_store(store_path)  # ingest's way in: open, then replace_graph
    assert not (store_path / serving_snapshot.SNAPSHOT).exists()
    assert not (store_path / serving_snapshot.MARKER).exists()
    replace_graph(store, "http://x/g", [])
    del store
    reader = open_store(store_path, keep_snapshot=True)  # readers may keep it
    del reader
    serving_snapshot.write_from_store(ox.Store(str(store_path)), store_path)
    reader = open_store(store_path, keep_snapshot=True)
    del reader
    assert serving_snapshot.valid_snapshot(store_path) is not None


def test_a_snapshot_without_marker_or_cut_short_is_not_trusted(tmp_path):
    store_path = tmp_path / "store"
    nq = tmp_path / "a.nq"
    nq.write_bytes(NQ)
    assert load_files(store_path, [nq]) == 2
    snapshot = serving_snapshot.valid_snapshot(store_path)
    assert snapshot is not None and snapshot.path.read_bytes() == NQ
    with open(snapshot.path, "ab") as handle:  # a torn write: more bytes than the marker says
        handle.write(b"<http://x/s9> <http://x/p> ")
    assert serving_snapshot.valid_snapshot(store_path) is None
    (store_path / serving_snapshot.MARKER).unlink()
    assert serving_snapshot.valid_snapshot(store_path) is None
    marker = {"version": 1, "bytes": snapshot.path.stat().st_size, "named_graphs": []}
    (store_path / serving_snapshot.MARKER).write_text(json.dumps(marker))
    assert serving_snapshot.valid_snapshot(store_path) is not None


def test_lenient_load_skips_iri_validation_that_strict_load_enforces(tmp_path, capsys):
    bad = tmp_path / "bad.nq"
    bad.write_bytes(NQ + BAD_IRI)
    with pytest.raises(RDFSyntaxError):
        load_files(tmp_path / "strict", [bad])
    assert main(["--data", str(tmp_path), "load", str(bad), "--store", str(tmp_path / "lenient"), "--lenient"]) == 0
    assert "loaded 3 quads" in capsys.readouterr().out
    assert len(disk_quads(tmp_path / "lenient")) == 3
