"""The embedded on-disk store: build from a repository, manifest reuse, bulk load with swap."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from conflictkg.cli import main
from conflictkg.dataset import repository
from conflictkg.errors import RDFSyntaxError
from conflictkg.namespaces import ARTICLE, REFERENCE_GRAPH, SCHEMA, article_graph
from conflictkg.store.embedded import build_store, load_files, memory_copy, read_manifest, replace_graph, swap_in

ACTOR_TTL = """@prefix ckg: <https://w3id.org/conflictkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/conflictkg/id/actor/a> a ckg:ArmedGroup ; rdfs:label "Group A" .
"""
GRAPH_TTL = """@prefix ckg: <https://w3id.org/conflictkg/ontology#> .
<https://w3id.org/conflictkg/id/event/tiny-e1> a ckg:Event ;
  ckg:agent <https://w3id.org/conflictkg/id/actor/a> .
"""


@pytest.fixture
def data_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for folder in ("data/reference", "data/graphs", "data/articles"):
        (root / folder).mkdir(parents=True)
    (root / "data/reference/actors.ttl").write_text(ACTOR_TTL)
    (root / "data/graphs/tiny.ttl").write_text(GRAPH_TTL)
    (root / "data/articles/tiny.txt").write_text("---\npublished: 2024-01-02\n---\nHeadline\nGroup A attacked.\n")
    return root


def test_build_makes_one_graph_per_article_and_joins_the_text(data_repo, tmp_path):
    store_path = tmp_path / "store"
    report = build_store(repository(data_repo), store_path)
    assert report.rebuilt
    store = ox.Store.read_only(str(store_path))
    graphs = {g.value for g in store.named_graphs()}
    assert {article_graph("tiny"), REFERENCE_GRAPH} <= graphs
    [body] = list(store.quads_for_pattern(ox.NamedNode(str(ARTICLE.tiny)), ox.NamedNode(str(SCHEMA.articleBody)), None))
    assert body.object.value == "Headline\nGroup A attacked.\n"
    assert body.graph_name.value == article_graph("tiny")


def test_build_is_skipped_when_nothing_changed(data_repo, tmp_path):
    store_path = tmp_path / "store"
    build_store(repository(data_repo), store_path)
    assert not build_store(repository(data_repo), store_path).rebuilt
    (data_repo / "data/graphs/tiny.ttl").write_text(GRAPH_TTL + "# changed\n")
    assert build_store(repository(data_repo), store_path).rebuilt
    assert read_manifest(store_path) is not None


def test_a_syntax_error_leaves_the_old_store(data_repo, tmp_path):
    store_path = tmp_path / "store"
    build_store(repository(data_repo), store_path)
    before = len(ox.Store.read_only(str(store_path)))
    (data_repo / "data/graphs/tiny.ttl").write_text(GRAPH_TTL + "\n<broken")
    with pytest.raises(RDFSyntaxError) as info:
        build_store(repository(data_repo), store_path)
    assert info.value.file.endswith("tiny.ttl") and info.value.line == 5
    assert len(ox.Store.read_only(str(store_path))) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "store"]


def test_load_adds_quads_and_keeps_the_store_on_error(data_repo, tmp_path):
    store_path = tmp_path / "store"
    build_store(repository(data_repo), store_path)
    before = len(ox.Store.read_only(str(store_path)))
    nq = tmp_path / "extra.nq.gz"
    nq.write_bytes(gzip.compress(b"<http://s> <http://p> \"o\" <http://g> .\n<http://s> <http://p> \"o2\" .\n"))
    assert load_files(store_path, [nq], progress=lambda _path: None) == 2
    assert len(ox.Store.read_only(str(store_path))) == before + 2
    bad = tmp_path / "bad.nq"
    bad.write_text("<http://s> <http://p> .\n")
    with pytest.raises(RDFSyntaxError):
        load_files(store_path, [nq, bad])
    assert len(ox.Store.read_only(str(store_path))) == before + 2


def test_replace_graph_is_whole(tmp_path):
    store = ox.Store()
    g = "http://g"
    s, p = ox.NamedNode("http://s"), ox.NamedNode("http://p")
    replace_graph(store, g, [ox.Quad(s, p, ox.Literal(i)) for i in range(3)])
    replace_graph(store, g, [ox.Quad(s, p, ox.Literal('new "quoted"\n'))])
    assert [q.object.value for q in store] == ['new "quoted"\n']


def test_interrupted_swap_is_recovered(tmp_path):
    target, new = tmp_path / "store", tmp_path / "new"
    ox.Store(str(target)).add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("old")))
    # a crash between the two renames of swap_in leaves only store.old
    shutil.move(target, tmp_path / "store.old")
    from conflictkg.store.embedded import open_store

    store = open_store(target)
    assert [q.object.value for q in store] == ["old"]
    del store
    ox.Store(str(new)).add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("new")))
    swap_in(new, target)
    assert [q.object.value for q in ox.Store.read_only(str(target))] == ["new"]


def test_memory_copy_has_every_quad_and_empty_graphs():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o"), ox.NamedNode("http://g")))
    store.add_graph(ox.NamedNode("http://empty"))
    copy = memory_copy(store)
    assert set(copy) == set(store)
    assert {g.value for g in copy.named_graphs()} == {"http://g", "http://empty"}


def test_cli_build_load_query(data_repo, tmp_path, capsys):
    store = str(tmp_path / "store")
    assert main(["--data", str(data_repo), "build", "--store", store]) == 0
    assert "built" in capsys.readouterr().out
    extra = tmp_path / "extra.ttl"
    extra.write_text("<http://s> <http://p> 42 .")
    assert main(["--data", str(data_repo), "load", str(extra), "--store", store, "--graph", "http://extra"]) == 0
    capsys.readouterr()
    assert main(["--data", str(data_repo), "query", "SELECT ?o WHERE { GRAPH <http://extra> { ?s ?p ?o } }",
                 "--store", store, "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["o", "42"]
    assert main(["--data", str(data_repo), "query", "SELECT ?x WHERE { ?x", "--store", store]) == 2
    assert "line 1, column" in capsys.readouterr().err
