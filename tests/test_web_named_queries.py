"""Named queries as an API: parameters bound by substitution, every results format, /docs."""

import pytest
from fastapi.testclient import TestClient

from conflictkg import resources
from conflictkg.executor.embedded import EmbeddedQueryService
from conflictkg.queries import named_queries
from conflictkg.web import create_app
from conftest import build_test_store, make_settings

HTS = "https://w3id.org/conflictkg/id/actor/hayat-tahrir-al-sham"


def test_listed(client):
    listed = client.get("/queries").json()["queries"]
    assert [q["name"] for q in listed] == ["named-query"]
    assert listed[0]["parameters"][0] == {"name": "actor", "type": "iri", "required": False,
                                          "description": "the IRI of an actor"}


@pytest.mark.parametrize("fmt,media", [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
                                       ("csv", "text/csv"), ("tsv", "text/tab-separated-values")])
def test_answers_in_every_results_format(client, fmt, media):
    r = client.get("/queries/named-query", params={"format": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "HTS offensive on Aleppo" in r.text


def test_parameters_are_substituted_not_pasted(client):
    hit = client.get("/queries/named-query", params={"actor": HTS}).json()["results"]["bindings"]
    assert [b["label"]["value"] for b in hit] == ["HTS offensive on Aleppo"]
    miss = client.get("/queries/named-query", params={"actor": "https://w3id.org/conflictkg/id/actor/syrian-arab-army"})
    assert miss.json()["results"]["bindings"] == []
    injected = client.get("/queries/named-query", params={"actor": f"{HTS}> . ?x ?y ?z . <{HTS}"})
    assert injected.status_code == 400 and injected.json()["error"] == "bad_parameter"


def test_unknown_query_and_parameter(client):
    assert "named-query" in client.get("/queries/nope").json()["message"]
    assert client.get("/queries/named-query", params={"colour": "red"}).status_code == 400


def test_every_repository_query_gets_a_documented_route(tmp_path):
    store = build_test_store(tmp_path / "store")
    settings = make_settings(store, queries_dir=None)
    app = create_app(EmbeddedQueryService(store, settings), settings)
    schema = app.openapi()
    expected = named_queries(resources.queries_dir())
    for name, query in expected.items():
        operation = schema["paths"][f"/queries/{name}"]["get"]
        declared = {p["name"] for p in operation.get("parameters", [])}
        assert {p.name for p in query.parameters} <= declared, name
    with TestClient(app) as client:  # and they run on the sample store
        for name, query in expected.items():
            if not any(p.required for p in query.parameters):
                assert client.get(f"/queries/{name}").status_code == 200, name
