"""Parameters bound as a VALUES block (for remote stores) give the same answers as pyoxigraph's
substitutions, for every named query of the package, and no value can escape its term."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings, strategies as st

from conflictkg import resources
from conflictkg.executor.service import BadRequest
from conflictkg.executor.values_binding import bind_values, term_text, where_group_start
from conflictkg.queries import parse_named_query
from conftest import WEB_DATA

ID = "https://w3id.org/conflictkg/id/"
SAMPLES = {  # a value per parameter name, for the sample graph and the package's queries
    "actor": ID + "actor/hayat-tahrir-al-sham", "place": ID + "place/aleppo", "speaker": ID + "actor/syrian-arab-army",
    "article": ID + "article/sample", "fact": ID + "event/sample-e1", "name": "Aleppo", "lat": "36.2",
    "long": "37.1", "km": "50", "from": "2020-01-01", "to": "2025-12-31",
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(WEB_DATA / "sample.trig"), format=ox.RdfFormat.TRIG)
    return store


def rows(results) -> list:
    if isinstance(results, ox.QueryBoolean):
        return [bool(results)]
    if isinstance(results, ox.QueryTriples):
        return sorted(str(t) for t in results)
    variables = results.variables
    return sorted(tuple(str(row[v]) if row[v] is not None else "" for v in variables) for row in results)


def named_queries():
    return sorted(resources.queries_dir().glob("*.rq"))


@pytest.mark.parametrize("path", named_queries(), ids=lambda p: p.stem)
def test_values_block_answers_like_substitutions(store, path):
    named = parse_named_query(path)
    values = {p.name: SAMPLES[p.name] for p in named.parameters if p.name in SAMPLES}
    substitutions = named.substitutions(values)
    expected = rows(store.query(named.text, use_default_graph_as_union=True, substitutions=substitutions or None))
    bound = bind_values(named.text, substitutions)
    assert rows(store.query(bound, use_default_graph_as_union=True)) == expected
    assert bound.count("\n") == named.text.count("\n")  # later lines keep their positions


def test_the_sample_queries_bind_something():
    with_parameters = [p for p in named_queries() if parse_named_query(p).parameters]
    assert len(with_parameters) >= 5


@pytest.mark.parametrize("query,before", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE {"),
    ("PREFIX a: <http://a/> SELECT * { ?s ?p ?o }", "SELECT * {"),
    ("ASK { ?s ?p ?o }", "ASK {"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE {"),
    ("DESCRIBE ?s WHERE { ?s ?p ?o }", "DESCRIBE ?s WHERE {"),
    ("# a { comment\nSELECT ?x FROM <http://g> WHERE { { SELECT ?x WHERE { ?x ?p '}' } } }", "FROM <http://g> WHERE {"),
])
def test_the_where_group_is_found(query, before):
    assert query[:where_group_start(query)].endswith(before)


def test_a_query_without_a_where_group_is_refused():
    with pytest.raises(BadRequest):
        bind_values("DESCRIBE <http://a>", {ox.Variable("x"): ox.NamedNode("http://b")})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_string_stays_one_literal(text):
    """Quotes, braces, backslashes, line breaks, '#': the value is one literal, and the query
    sees exactly that value."""
    store = ox.Store()
    query = "SELECT ?v WHERE { BIND(STRLEN(?v) AS ?n) }"
    bound = bind_values(query, {ox.Variable("v"): ox.Literal(text)})
    result = list(store.query(bound))
    assert len(result) == 1 and result[0]["v"] == ox.Literal(text)


@pytest.mark.parametrize("term", [
    ox.Literal('a "quoted" } ) . # value\n'), ox.Literal("x", language="en"),
    ox.Literal("36.2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ox.NamedNode("https://w3id.org/conflictkg/id/actor/x?y=1#z"),
])
def test_terms_read_back_as_themselves(term):
    assert term_text(term) == str(term)


def test_only_iris_and_literals_are_bound():
    with pytest.raises(BadRequest):
        term_text(ox.BlankNode("b"))
