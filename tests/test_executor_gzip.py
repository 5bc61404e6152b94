"""Answers compressed by the query worker: a client that accepts gzip gets the same rows
gzip-encoded (from memory, and from a spill file), one that does not gets them as they are,
and small answers are never compressed."""

from __future__ import annotations

import gzip
import json

import pytest
from fastapi.testclient import TestClient

from conflictkg.executor.embedded import EmbeddedQueryService
from conflictkg.web import create_app
from conflictkg.web.sparql_routes import accepts_gzip
from conftest import build_test_store, make_settings

ALL = "SELECT * { ?s ?p ?o } ORDER BY ?s ?p ?o"
ONE = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module", params=[16 << 20, 256], ids=["in-memory", "spilled"])
def client(request, tmp_path_factory):
    store = build_test_store(tmp_path_factory.mktemp("gzip") / "store")
    settings = make_settings(store, spill_bytes=request.param)
    with TestClient(create_app(EmbeddedQueryService(store, settings), settings)) as test_client:
        yield test_client


def raw_get(client: TestClient, query: str, encoding: str):
    # ``stream`` keeps the body as sent: the test reads the bytes before any decoding
    with client.stream("GET", "/sparql", params={"query": query},
                       headers={"Accept": "application/sparql-results+json", "Accept-Encoding": encoding}) as answer:
        return answer.status_code, answer.headers, b"".join(answer.iter_raw())


def test_gzip_answers_hold_the_same_rows(client):
    status, headers, plain = raw_get(client, ALL, "identity")
    assert status == 200 and "content-encoding" not in headers
    status, headers, packed = raw_get(client, ALL, "gzip, deflate")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in headers["vary"] and "Accept" in headers["vary"]
    assert len(packed) < len(plain) / 3
    # Compressed by the worker at level 1 (gzip's XFL byte 4, "fastest"), not by the GZip
    # middleware in the server process (level 9: XFL 2).
    assert packed[8] == 4
    assert json.loads(gzip.decompress(packed)) == json.loads(plain)
    assert len(json.loads(plain)["results"]["bindings"]) > 30


def test_small_answers_are_not_compressed(client):
    status, headers, small = raw_get(client, ONE, "gzip")
    assert status == 200 and "content-encoding" not in headers and json.loads(small)["boolean"] is True


def test_accept_encoding_is_read_with_its_weights():
    assert accepts_gzip("gzip, deflate, br") and accepts_gzip("deflate, gzip;q=0.5") and accepts_gzip("x-gzip")
    assert not accepts_gzip("gzip;q=0") and not accepts_gzip("identity") and not accepts_gzip(None)
