"""``conflictkg dump``: versioned, byte-identical for the same store, checksummed, described by
VoID, and without article bodies when asked. Fixture: tests/data/web/sample.trig + persistence.trig."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
from datetime import date

import pyoxigraph as ox
import pytest

from conflictkg import __version__
from conflictkg.cli import main
from conflictkg.dumps import write_dump

from conftest import WEB_DATA, build_test_store

FILES = [WEB_DATA / "sample.trig", WEB_DATA / "persistence.trig"]
ISSUED = date(2025, 3, 4)
STEM = f"conflictkg-{__version__}-20250304"
BODY = "https://schema.org/articleBody"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build_test_store(tmp_path_factory.mktemp("dump") / "store", FILES)


def expected_quads(store_path) -> set[ox.Quad]:
    store = ox.Store.read_only(str(store_path))
    return set(store.quads_for_pattern(None, None, None, None))


def dump_cli(store_path, out, *extra) -> int:
    return main(["dump", "--store", str(store_path), "--out", str(out), "--date", ISSUED.isoformat(), *extra])


@pytest.mark.parametrize("fmt,rdf_format", [("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)])
def test_dump_holds_every_quad_under_a_versioned_name(store_path, tmp_path, fmt, rdf_format):
    assert dump_cli(store_path, tmp_path, "--format", fmt) == 0
    dump = tmp_path / f"{STEM}.{fmt}.gz"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([dump.name, f"{dump.name}.sha256", f"{STEM}.void.ttl"])
    assert set(ox.parse(gzip.decompress(dump.read_bytes()), format=rdf_format)) == expected_quads(store_path)


def test_two_dumps_of_the_same_store_are_byte_identical(store_path, tmp_path):
    """One dump in this process, one by a fresh interpreter: same bytes for all three files."""
    assert dump_cli(store_path, tmp_path / "a", "--format", "trig") == 0
    subprocess.run([sys.executable, "-m", "conflictkg", "dump", "--store", str(store_path), "--out", str(tmp_path / "b"),
                    "--date", ISSUED.isoformat(), "--format", "trig"], check=True, capture_output=True)
    for name in (f"{STEM}.trig.gz", f"{STEM}.trig.gz.sha256", f"{STEM}.void.ttl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_nquads_lines_are_sorted_within_each_graph(store_path, tmp_path):
    report = write_dump(ox.Store.read_only(str(store_path)), tmp_path, "nq", issued=ISSUED)
    lines = gzip.decompress(report.dump.read_bytes()).decode().splitlines()
    by_graph: dict[str, list[str]] = {}
    for line in lines:
        by_graph.setdefault(line.rsplit(" ", 2)[-2], []).append(line)
    assert list(by_graph) == sorted(by_graph)
    assert all(group == sorted(group) for group in by_graph.values())


def test_checksum_matches_the_dump(store_path, tmp_path):
    assert dump_cli(store_path, tmp_path) == 0
    digest, name = (tmp_path / f"{STEM}.nq.gz.sha256").read_text().split()
    assert name == f"{STEM}.nq.gz"
    assert digest == hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()


def test_void_describes_the_release(store_path, tmp_path):
    assert dump_cli(store_path, tmp_path, "--base-url", "https://example.org/releases/") == 0
    triples = list(ox.parse(path=str(tmp_path / f"{STEM}.void.ttl"), format=ox.RdfFormat.TURTLE))
    dataset = ox.NamedNode(f"https://example.org/releases/{STEM}.void.ttl#dataset")
    about = {(t.predicate.value, t.object.value) for t in triples if t.subject == dataset}
    assert (DCTERMS + "hasVersion", __version__) in about
    assert (DCTERMS + "issued", "2025-03-04") in about
    assert (VOID + "dataDump", f"https://example.org/releases/{STEM}.nq.gz") in about
    counts = {t.subject.value: int(t.object.value) for t in triples
              if t.predicate.value == VOID + "triples" and t.subject != dataset}
    quads = expected_quads(store_path)
    assert counts == {g: sum(1 for q in quads if q.graph_name.value == g) for g in {q.graph_name.value for q in quads}}
    assert int(dict(about)[VOID + "triples"]) == len(quads)


def test_no_bodies_leaves_no_article_body(store_path, tmp_path):
    assert dump_cli(store_path, tmp_path / "with") == 0
    assert BODY.encode() in gzip.decompress((tmp_path / "with" / f"{STEM}.nq.gz").read_bytes())  # so this can fail
    assert dump_cli(store_path, tmp_path / "without", "--no-bodies") == 0
    quads = list(ox.parse(gzip.decompress((tmp_path / "without" / f"{STEM}.nq.gz").read_bytes()),
                          format=ox.RdfFormat.N_QUADS))
    assert quads and not any(q.predicate.value == BODY for q in quads)
    assert len(quads) == len(expected_quads(store_path)) - 1


def test_bad_date_is_an_input_error(store_path, tmp_path, capsys):
    assert dump_cli(store_path, tmp_path, "--date", "04/03/2025") == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_bodies_setting_off_also_leaves_them_out(store_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTKG_SERVE_ARTICLE_BODIES", "false")
    assert dump_cli(store_path, tmp_path) == 0
    assert BODY.encode() not in gzip.decompress((tmp_path / f"{STEM}.nq.gz").read_bytes())
