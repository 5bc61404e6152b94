"""/store (Graph Store HTTP Protocol) in process: writes need the token; direct and indirect names."""

import pyoxigraph as ox

from conftest import UPDATE_TOKEN

AUTH = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
TTL = {"content-type": "text/turtle"}
DATA = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> ."


def test_writes_need_the_token(client):
    assert client.put("/store", params={"graph": "http://example.org/g1"}, content=DATA, headers=TTL).status_code == 401
    assert client.delete("/store", params={"graph": "http://example.org/g1"}).status_code == 401
    assert client.head("/store", params={"graph": "http://example.org/g1"}).status_code == 404


def test_put_get_post_delete(client):
    graph = {"graph": "http://example.org/g2"}
    assert client.put("/store", params=graph, content=DATA, headers={**TTL, **AUTH}).status_code == 201
    assert client.put("/store", params=graph, content=DATA, headers={**TTL, **AUTH}).status_code == 204
    more = b'<http://example.org/s> <http://example.org/q> "x" .'
    assert client.post("/store", params=graph, content=more, headers={"content-type": "application/n-triples", **AUTH}).status_code == 204
    r = client.get("/store", params=graph, headers={"accept": "application/n-triples"})
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))) == 2
    assert client.delete("/store", params=graph, headers=AUTH).status_code == 204
    assert client.get("/store", params=graph).status_code == 404
    assert client.delete("/store", params=graph, headers=AUTH).status_code == 404


def test_bad_payloads(client):
    graph = {"graph": "http://example.org/g3"}
    r = client.put("/store", params=graph, content=b"<http://e/s> <http://e/p> .", headers={**TTL, **AUTH})
    assert r.status_code == 400 and r.json()["error"] == "syntax_error" and r.json()["position"]["line"] == 1
    assert client.put("/store", params=graph, content=DATA, headers={"content-type": "image/png", **AUTH}).status_code == 415
    assert client.put("/store", params={"graph": "not an iri"}, content=DATA, headers={**TTL, **AUTH}).status_code == 400
    assert client.get("/store", params={"graph": "http://example.org/g3"}).status_code == 404


def test_whole_dataset(client):
    r = client.get("/store", headers={"accept": "application/n-quads"})
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.N_QUADS))) >= 40
