"""Named queries: headers and safely bound parameters."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conflictkg.queries import parse_named_query

QUERY = """#+ summary: Events of an actor
#+ description: Every event where the actor acts.
#+ param.actor: the actor's IRI
PREFIX ckg: <https://w3id.org/conflictkg/ontology#>
SELECT ?event ?_actor_iri ?__min_integer ?__word WHERE {
  ?event ckg:agent ?_actor_iri ; ckg:fatalities ?n .
  FILTER(?n >= ?__min_integer || !BOUND(?__min_integer))
  OPTIONAL { ?event ckg:text ?__word }
}
"""


@pytest.fixture
def named(tmp_path):
    path = tmp_path / "events-of-actor.rq"
    path.write_text(QUERY)
    return parse_named_query(path)


def test_header_and_parameters(named):
    assert named.name == "events-of-actor"
    assert named.summary == "Events of an actor"
    assert named.kind == "SELECT"
    params = {p.name: p for p in named.parameters}
    assert params["actor"].type == "iri" and params["actor"].required
    assert params["actor"].description == "the actor's IRI"
    assert params["min"].type == "integer" and not params["min"].required
    assert params["word"].type == "string"


def test_values_are_bound_not_pasted(named):
    store = ox.Store()
    a, b = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b")
    agent = ox.NamedNode("https://w3id.org/conflictkg/ontology#agent")
    fat = ox.NamedNode("https://w3id.org/conflictkg/ontology#fatalities")
    for event, actor, n in ((ox.NamedNode("http://x/e1"), a, 5), (ox.NamedNode("http://x/e2"), b, 50)):
        store.add(ox.Quad(event, agent, actor))
        store.add(ox.Quad(event, fat, ox.Literal(n)))
    rows = list(store.query(named.text, substitutions=named.substitutions({"actor": "http://x/b", "min": "10"})))
    assert [r["event"].value for r in rows] == ["http://x/e2"]
    # an injection attempt stays a literal value
    subs = named.substitutions({"actor": "http://x/a", "word": '"} } DROP ALL #'})
    assert list(subs.values())[-1].value == '"} } DROP ALL #'


@pytest.mark.parametrize(
    "values, message",
    [({}, "needs the parameter 'actor'"), ({"actor": "not an iri"}, "absolute IRI"),
     ({"actor": "http://x/a", "min": "ten"}, "integer"), ({"actor": "http://x/a", "bogus": "1"}, "unknown parameter")],
)
def test_bad_parameter_values(named, values, message):
    with pytest.raises(ValueError, match=message):
        named.substitutions(values)


def test_select_must_project_its_parameters(tmp_path):
    from conflictkg.errors import InputError

    path = tmp_path / "bad.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?e ?p ?_actor_iri }")
    with pytest.raises(InputError, match="must appear in the SELECT clause"):
        parse_named_query(path)
    path.write_text("SELECT ?_actor_iri (COUNT(*) AS ?n) WHERE { ?e ?p ?_actor_iri } GROUP BY ?_actor_iri")
    assert parse_named_query(path).parameters[0].name == "actor"


def test_hash_in_iri_or_string_is_not_a_comment(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text('PREFIX ckg: <https://w3id.org/conflictkg/ontology#> SELECT ?where ?_actor_iri WHERE {\n'
                    '  ?where ckg:agent ?_actor_iri ; ckg:text "a # b" . # ?_ignored\n}')
    named = parse_named_query(path)
    assert named.kind == "SELECT"
    assert [p.name for p in named.parameters] == ["actor"]
