"""/sparql in process: the protocol's ways of asking, answer formats, errors and their one shape."""

import json

import pyoxigraph as ox
import pytest

from conftest import UPDATE_TOKEN

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
AUTH = {"Authorization": f"Bearer {UPDATE_TOKEN}"}


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_agree(client):
    via_get = client.get("/sparql", params={"query": COUNT})
    via_form = client.post("/sparql", data={"query": COUNT})
    via_direct = client.post("/sparql", content=COUNT, headers={"content-type": "application/sparql-query"})
    assert count(via_get) == count(via_form) == count(via_direct) == 40


def test_default_graph_is_the_union_unless_the_request_names_graphs(client):
    reference = "https://w3id.org/conflictkg/graph/reference"
    assert count(client.get("/sparql", params={"query": COUNT})) == 40
    assert count(client.get("/sparql", params={"query": COUNT, "default-graph-uri": reference})) == 9
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(client.get("/sparql", params={"query": named, "named-graph-uri": reference})) == 9


@pytest.mark.parametrize("accept,media,parse", [
    ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", "text/csv", None),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
])
def test_select_in_every_results_format(client, accept, media, parse):
    r = client.get("/sparql", params={"query": "SELECT ?l WHERE { ?a <http://www.w3.org/2004/02/skos/core#altLabel> ?l }"},
                   headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    if parse is None:  # CSV is lossy: pyoxigraph will not parse it back
        assert r.text.splitlines() == ["l", "HTS"]
        return
    rows = list(ox.parse_query_results(r.content, format=parse))
    assert [row["l"].value for row in rows] == ["HTS"]


@pytest.mark.parametrize("fmt,rdf", [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                                     ("jsonld", ox.RdfFormat.JSON_LD), ("rdfxml", ox.RdfFormat.RDF_XML),
                                     ("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS)])
def test_construct_in_every_rdf_format(client, fmt, rdf):
    query = "CONSTRUCT { ?a <http://example.org/name> ?l } WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    r = client.get("/sparql", params={"query": query, "format": fmt})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(rdf.media_type)
    labels = {q.object.value for q in ox.parse(r.content, format=rdf)}
    assert {"Hayat Tahrir al-Sham", "Aleppo", "Rebels enter Aleppo"} <= labels


def test_ask_and_describe(client):
    assert client.get("/sparql", params={"query": "ASK { ?s a ?t }"}).json()["boolean"] is True
    r = client.get("/sparql", params={"query": "DESCRIBE <https://w3id.org/conflictkg/id/place/aleppo>"},
                   headers={"accept": "application/n-triples"})
    assert "Aleppo" in r.text and r.headers["content-type"].startswith("application/n-triples")


def test_syntax_error_gives_400_with_the_parsers_position_in_the_one_error_shape(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p ?o \n  FILTER( }"})
    assert r.status_code == 400
    body = r.json()
    assert set(body) == {"error", "message", "position"}
    assert body["error"] == "syntax_error"
    assert body["position"]["line"] == 3 and body["position"]["column"] >= 1
    assert "line 3" in body["message"]


def test_browsers_get_html_errors(client):
    r = client.get("/sparql", params={"query": "ASK {"}, headers={"accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert "syntax error" in r.text


@pytest.mark.parametrize("headers,body,status,code", [
    ({"content-type": "text/plain"}, "ASK {}", 415, "unsupported_media_type"),
    ({}, "ASK {}", 415, "unsupported_media_type"),
    ({"content-type": "application/sparql-query; charset=UTF-16"}, "ASK {}", 415, "unsupported_charset"),
    ({"content-type": "application/x-www-form-urlencoded"}, "query=ASK%7B%7D&query=ASK%7B%7D", 400, "bad_request"),
    ({"content-type": "application/x-www-form-urlencoded"}, "nothing=1", 400, "bad_request"),
])
def test_malformed_requests(client, headers, body, status, code):
    r = client.post("/sparql", content=body.encode(), headers=headers)
    assert (r.status_code, r.json()["error"]) == (status, code)


def test_406_when_the_answer_kind_has_no_accepted_format(client):
    r = client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, headers={"accept": "text/turtle"})
    assert r.status_code == 406 and r.json()["error"] == "not_acceptable"
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "image/png"})
    assert r.status_code == 406


def test_413_for_a_body_beyond_the_limit(client):
    limit = client.app.state.settings.max_body_bytes
    r = client.post("/sparql", content=b"#" * (limit + 1), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413 and r.json()["error"] == "body_too_large"


def test_update_needs_the_token_and_never_goes_by_get(client):
    update = "INSERT DATA { GRAPH <http://example.org/auth> { <http://example.org/a> <http://example.org/b> 1 } }"
    direct = {"content-type": "application/sparql-update"}
    assert client.post("/sparql", content=update, headers=direct).status_code == 401
    assert client.post("/sparql", content=update, headers={**direct, "Authorization": "Bearer wrong"}).status_code == 403
    r = client.get("/sparql", params={"update": update}, headers=AUTH)
    assert (r.status_code, r.json()["error"]) == (400, "update_via_get")
    assert client.get("/sparql", params={"query": "ASK { GRAPH <http://example.org/auth> { ?s ?p ?o } }"}).json()["boolean"] is False


def test_a_write_is_visible_to_the_next_query_and_the_on_disk_store(client):
    graph = "http://example.org/visible"
    ask = {"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p 42 }} }}"}
    assert client.get("/sparql", params=ask).json()["boolean"] is False
    r = client.post("/sparql", data={"update": f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/x> <http://example.org/y> 42 }} }}"},
                    headers=AUTH)
    assert r.status_code == 204, r.text
    for _ in range(3):  # every worker, not just the one that happened to answer first
        assert client.get("/sparql", params=ask).json()["boolean"] is True
    assert client.post("/sparql", content=f"DROP GRAPH <{graph}>", headers={**AUTH, "content-type": "application/sparql-update"}).status_code == 204
    assert client.get("/sparql", params=ask).json()["boolean"] is False


def test_update_syntax_error_writes_nothing(client):
    r = client.post("/sparql", content="INSERT DATA { <http://e/a> <http://e/b> }",
                    headers={**AUTH, "content-type": "application/sparql-update"})
    assert r.status_code == 400 and r.json()["position"] is not None
    assert count(client.get("/sparql", params={"query": COUNT})) == 40


def test_federation_is_off(client):
    r = client.get("/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "SERVICE" in r.json()["message"]


@pytest.mark.parametrize("fmt,rdf", [("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD),
                                     ("application/rdf+xml", ox.RdfFormat.RDF_XML), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                     ("application/trig", ox.RdfFormat.TRIG), ("application/n-quads", ox.RdfFormat.N_QUADS)])
def test_service_description_in_every_rdf_format(client, fmt, rdf):
    r = client.get("/sparql", headers={"accept": fmt})
    assert r.status_code == 200
    quads = list(ox.parse(r.content, format=rdf))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert ox.NamedNode(sd + "UnionDefaultGraph") in {q.object for q in quads}
    assert any(q.predicate.value == sd + "endpoint" and q.object.value.endswith("/sparql") for q in quads)


def test_sparql_page_for_browsers(client):
    r = client.get("/sparql", headers={"accept": "text/html"})
    assert r.status_code == 200 and "<textarea" in r.text


def test_timeout_parameter_is_checked(client):
    r = client.get("/sparql", params={"query": "ASK {}", "timeout": "soon"})
    assert r.status_code == 400
    assert client.get("/sparql", params={"query": "ASK {}", "timeout": "5"}).json()["boolean"] is True


def test_cors_for_reading(client):
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options("/store", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "PUT",
                                            "Access-Control-Request-Headers": "authorization"})
    assert pre.status_code == 400  # browsers may not write from other sites


def test_gzip(client):
    r = client.get("/dump.nq", headers={"accept-encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip"
    assert len(r.text.splitlines()) == 40


def test_health(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["quads"] >= 40 and body["zygote"] is True


def test_void_counts_each_graph(client):
    r = client.get("/.well-known/void", headers={"accept": "application/n-triples"})
    triples = list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))
    counts = {t.subject.value: int(t.object.value) for t in triples if t.predicate.value.endswith("#triples")}
    assert counts["https://w3id.org/conflictkg/graph/reference"] == 9
    assert counts["https://w3id.org/conflictkg/graph/article/sample-article"] == 19


def test_dumps(client):
    trig = client.get("/dump.trig")
    assert trig.headers["content-type"].startswith("application/trig")
    assert len(list(ox.parse(trig.content, format=ox.RdfFormat.TRIG))) == 40
    assert json.loads(client.get("/openapi.json").text)["paths"]["/dump.nq"]
