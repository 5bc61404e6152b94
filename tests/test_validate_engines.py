"""The two validation engines agree: pySHACL per graph (``shacl``) and the shapes translated into
SPARQL over one store of every graph (``sparql``, the bulk path). Compared on every shape fixture
(so a drift names the fixture), on the fixture and real repositories, with and without mistakes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from conflictkg import resources
from conflictkg.errors import InputError
from conflictkg.namespaces import ONTOLOGY_GRAPH, SH
from conflictkg.rdf_io import load_graph, to_oxigraph
from conflictkg.validate import bulk as bulk_module
from conflictkg.validate import validate
from conflictkg.validate.bulk import check, compile_rules
from conflictkg.validate.result import Result
from conflictkg.validate.shacl import load_rules, validate_graph
from conflictkg.validate.shape_queries import UnsupportedShape, shape_queries
from conflictkg.validate.sparql_scope import ScopeError, scoped_select

HERE = Path(__file__).parent
FIXTURES = HERE / "data" / "shapes"
FIXTURE_REPO = HERE / "data" / "validate" / "repo"
BENCH = HERE.parent / "bench"
GRAPH = "https://w3id.org/conflictkg/graph/article/fixture"


@pytest.fixture(scope="module")
def rules():
    return load_rules(resources.shapes_files(), resources.ontology_files())


@pytest.fixture(scope="module")
def queries(rules):
    return compile_rules(rules)


def both_engines(rules, queries, data: Graph) -> tuple[list[Result], list[Result]]:
    """The results of validating ``data`` as one article graph (every IRI subject a focus node,
    as an article job without reference data) with pySHACL and with the bulk queries."""
    focus = {s for s in data.subjects() if isinstance(s, URIRef)}
    shacl = validate_graph(data, rules, focus)
    store = ox.Store()
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.NamedNode(GRAPH)) for s, p, o in data)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(ONTOLOGY_GRAPH)) for q in rules.ontology_quads)
    sparql = sorted(set(check(store, queries, rules).get(GRAPH, [])), key=Result.sort_key)
    return shacl, sparql


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.*.ttl")) + ["_base.ttl"])
def test_engines_agree_on_the_shape_fixture(rules, queries, fixture):
    files = [FIXTURES / "_base.ttl"] + ([FIXTURES / fixture] if fixture != "_base.ttl" else [])
    shacl, sparql = both_engines(rules, queries, load_graph(files))
    assert sparql == shacl
    if fixture.endswith(".bad.ttl"):  # the agreement is not vacuous: the shape fires in both
        shape = "ckgsh:" + fixture.split(".")[0]
        assert any(r.shape == shape for r in sparql), f"{fixture}: no result from {shape}"


def repository_copy(tmp_path: Path, source: Path, mistakes: Path | None = None) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(source, root / "data")
    if mistakes is not None:
        shutil.copy(mistakes, root / "data" / "graphs" / "2024-11-30-fixture.ttl")
    return root


def engines_on(root: Path) -> tuple[list[Result], list[Result]]:
    shacl = validate(root, jobs=1, use_cache=False, engine="shacl")
    sparql = validate(root, jobs=1, use_cache=False, engine="sparql")
    assert shacl.validated == sparql.validated == shacl.graphs
    return shacl.results, sparql.results


def test_engines_agree_on_the_fixture_repository_with_mistakes(tmp_path):
    shacl, sparql = engines_on(repository_copy(tmp_path, FIXTURE_REPO / "data", HERE / "data" / "validate" / "mistakes.ttl"))
    assert sparql == shacl
    assert {r.shape for r in shacl} >= {"ckgsh:Event-eventType", "ckgsh:EvidenceInArticle"}
    assert all(r.file.endswith(".ttl") and r.line for r in sparql if r.shape.startswith("ckgsh:"))


def test_engines_agree_on_reference_data_warnings(tmp_path):
    root = repository_copy(tmp_path, FIXTURE_REPO / "data")
    places = root / "data" / "reference" / "places.ttl"
    places.write_text(places.read_text() + '\nplace:hama a ckg:City ; rdfs:label "Hama" ; ckg:locatedIn place:syria ;\n'
                                           '    wgs84:lat "north"^^xsd:decimal .\n')
    shacl, sparql = engines_on(root)
    assert sparql == shacl
    assert {("place:hama", "ckgsh:Place-long"), ("place:hama", "ckgsh:Place-latValue")} <= {(r.focus, r.shape) for r in shacl}


def test_engines_agree_on_the_repositorys_own_data(tmp_path):
    data = HERE.parent / "data"
    if not list((data / "graphs").glob("*.ttl")):
        pytest.skip("no article graphs in data/graphs yet")
    shacl, sparql = engines_on(repository_copy(tmp_path, data))
    assert sparql == shacl


def test_engines_agree_on_a_generated_corpus_with_a_mistake(tmp_path):
    sys.path.insert(0, str(BENCH))
    import validate_scale  # bench/: splits the synthetic corpus into a data repository

    corpus = tmp_path / "corpus.nq"
    validate_scale.write_corpus(12, 3, corpus, ontology=False)
    root = tmp_path / "generated"
    assert validate_scale.split_corpus(corpus, root) == 12
    graph = sorted((root / "data" / "graphs").glob("*.ttl"))[5]
    graph.write_text(graph.read_text().replace("ckg:eventType", "rdfs:comment", 1))
    shacl, sparql = engines_on(root)
    assert sparql == shacl
    assert any(r.shape == "ckgsh:Event-eventType" and r.file == str(graph) for r in sparql)


def test_auto_takes_the_bulk_engine_above_the_threshold_and_caches_per_article(tmp_path, monkeypatch):
    root = repository_copy(tmp_path, FIXTURE_REPO / "data", HERE / "data" / "validate" / "mistakes.ttl")
    calls = []
    original = bulk_module.check

    def counting_check(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr("conflictkg.validate.check", counting_check)
    monkeypatch.setattr("conflictkg.validate.BULK_THRESHOLD", 0)
    first = validate(root, jobs=1)
    assert calls and first.validated == 2 and not first.conforms
    second = validate(root, jobs=1)
    assert (second.validated, second.results) == (0, first.results)
    monkeypatch.setattr("conflictkg.validate.BULK_THRESHOLD", 50)
    calls.clear()
    assert validate(root, jobs=1, use_cache=False).results == first.results and not calls


def test_bulk_engine_reports_an_unreadable_graph(tmp_path):
    root = repository_copy(tmp_path, FIXTURE_REPO / "data", HERE / "data" / "validate" / "broken.ttl")
    report = validate(root, jobs=1, use_cache=False, engine="sparql")
    assert [e.file for e in report.errors] == [str(root / "data" / "graphs" / "2024-11-30-fixture.ttl")]
    assert isinstance(report.errors[0], InputError) and report.errors[0].line == 32


def test_an_untranslated_shacl_feature_stops_with_a_message():
    shapes = Graph()
    shape = URIRef("https://example.org/S")
    shapes.add((shape, SH.targetClass, URIRef("https://example.org/C")))
    shapes.add((shape, SH.closed, Literal(True)))
    with pytest.raises(UnsupportedShape, match="closed.*--engine shacl"):
        shape_queries(shapes, [], {}, "urn:ref", "urn:ont")


def test_scoping_reads_each_triple_from_the_article_reference_or_ontology():
    prologue, text = scoped_select('PREFIX ex: <https://example.org/>\nSELECT $this ?value WHERE { '
                                   '$this ex:p ?value ; ex:q "a { GRAPH } string" . FILTER(?value != $this) }',
                                   "urn:ref", "urn:ont", "{ TARGETS }")
    assert prologue == "PREFIX ex: <https://example.org/>"
    assert text.startswith("SELECT DISTINCT ?__graph ?this ?value WHERE { { TARGETS }")
    assert text.count("GRAPH ?__graph {") == 2 and text.count("GRAPH <urn:ref> {") == 2
    assert '"a { GRAPH } string"' in text and "$this" not in text


def test_a_constraint_may_not_pick_its_own_graph():
    with pytest.raises(ScopeError, match="GRAPH"):
        scoped_select("SELECT $this WHERE { GRAPH ?g { $this ?p ?o } }", "urn:ref", "urn:ont", "{}")
