"""RDF reading and the canonical writer."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from conflictkg.errors import RDFSyntaxError
from conflictkg.namespaces import CKG, EVENT
from conflictkg.rdf_io import canonical_turtle, load_graph, parse_quads, rdf_format, write_atomic


def test_syntax_error_names_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated\n')
    with pytest.raises(RDFSyntaxError) as info:
        parse_quads(bad)
    err = info.value
    assert err.file == str(bad)
    assert err.line == 3
    assert err.column is not None and err.column > 1
    assert str(err).startswith(f"{bad}:3:")


def test_unknown_suffix_is_an_input_error(tmp_path):
    with pytest.raises(RDFSyntaxError, match="unknown RDF file suffix"):
        rdf_format(tmp_path / "data.xyz")


def test_triples_go_to_the_requested_graph(tmp_path):
    path = tmp_path / "g.ttl.gz"
    path.write_bytes(gzip.compress(b"<http://a> <http://b> <http://c> ."))
    [quad] = parse_quads(path, default_graph="http://graph")
    assert quad.graph_name.value == "http://graph"


def test_canonical_turtle_is_deterministic_and_round_trips():
    g = Graph()
    e = EVENT["x-e1"]
    g.add((e, CKG.fatalities, Literal(300)))
    g.add((e, CKG.evidence, Literal('He said "no".\nThen left.')))
    g.add((e, CKG.date, Literal("2024-11", datatype=XSD.gYearMonth)))
    g.add((e, CKG.planned, Literal(True)))
    text = canonical_turtle(g)
    assert text == canonical_turtle(g)
    assert "@prefix event:" in text and "event:x-e1" in text
    assert Graph().parse(data=text, format="turtle").isomorphic(g)


def test_canonical_turtle_refuses_blank_nodes():
    from rdflib import BNode

    g = Graph()
    g.add((BNode(), CKG.date, Literal("2024")))
    with pytest.raises(ValueError, match="blank nodes"):
        canonical_turtle(g)


iris = st.sampled_from([URIRef(str(EVENT[f"a-e{i}"])) for i in range(4)] + [URIRef("http://example.org/p#x")])
literals = st.one_of(
    st.text(max_size=30).map(Literal),
    st.integers(-10**9, 10**9).map(Literal),
    st.booleans().map(Literal),
    st.text(alphabet="abc", max_size=5).map(lambda t: Literal(t, lang="en")),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(iris, st.sampled_from([CKG.evidence, CKG.date, CKG.agent]), st.one_of(iris, literals)), max_size=12))
def test_canonical_turtle_round_trips_any_graph(triples):
    g = Graph()
    for s, p, o in triples:
        g.add((URIRef(s), p, o))
    text = canonical_turtle(g)
    back = Graph().parse(data=text, format="turtle")
    assert back.isomorphic(g)
    assert canonical_turtle(back) == text


def test_rdflib_and_pyoxigraph_read_the_same_triples(tmp_path):
    g = Graph()
    g.add((EVENT["a-e1"], CKG.evidence, Literal("Smoke \u00e9 rose.\t\"x\"")))
    g.add((EVENT["a-e1"], CKG.fatalities, Literal(20)))
    path = tmp_path / "x.ttl"
    path.write_text(canonical_turtle(g))
    assert load_graph([path]).isomorphic(Graph().parse(path))


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "sub" / "f.ttl"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["f.ttl"]


def test_position_is_not_repeated_in_the_message(tmp_path):
    bad = tmp_path / "b.ttl"
    bad.write_text("@prefix ex: <http://e/> .\nex:a oops ex:c .\n")
    with pytest.raises(RDFSyntaxError) as info:
        parse_quads(bad)
    assert str(info.value) == f"{bad}:2:6: oops is not a valid predicate"
