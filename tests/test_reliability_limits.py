"""Limits, against a real server: the request body size (413, with and without Content-Length),
the rows of a SELECT answer (422, never a truncated 200), and concurrent queries (429 with
Retry-After)."""

from __future__ import annotations

import csv
import io
import json
import threading
import time

import httpx
import pytest

from conflictkg.settings import from_environment
from conftest import build_test_store, start_server, stop_server

MAX_BODY = 4096
MAX_ROWS = 10
CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
ACCEPT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
          "csv": "text/csv", "tsv": "text/tab-separated-values"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_test_store(tmp_path_factory.mktemp("limits") / "store")
    live = start_server(store, "--workers", "1", "--query-timeout", "3", env={
        "CONFLICTKG_MAX_BODY_BYTES": str(MAX_BODY), "CONFLICTKG_MAX_RESULT_ROWS": str(MAX_ROWS),
        "CONFLICTKG_MAX_QUEUED_QUERIES": "0"})
    yield live
    stop_server(live)


def padded_query(size: int) -> bytes:
    query = b"ASK { ?s ?p ?o }\n"
    return query + b"#" * (size - len(query) - 1) + b"\n"


def test_a_body_over_the_limit_is_413_with_content_length(server):
    ok = httpx.post(server.url + "/sparql", content=padded_query(MAX_BODY),
                    headers={"Content-Type": "application/sparql-query"})
    assert ok.status_code == 200, ok.text
    big = httpx.post(server.url + "/sparql", content=padded_query(MAX_BODY + 1),
                     headers={"Content-Type": "application/sparql-query"})
    assert big.status_code == 413 and big.json()["error"] == "body_too_large"


@pytest.mark.parametrize("path,content_type", [("/sparql", "application/sparql-query"),
                                               ("/sparql", "application/x-www-form-urlencoded"),
                                               ("/store?graph=http://example.org/g", "text/turtle")])
def test_a_chunked_body_without_content_length_is_cut_off_too(server, path, content_type):
    sent = {"bytes": 0}

    def chunks():  # 64 KiB in 1 KiB chunks: no Content-Length, Transfer-Encoding: chunked
        for _ in range(64):
            sent["bytes"] += 1024
            yield b"#" * 1024

    answer = httpx.post(server.url + path, content=chunks(), headers={"Content-Type": content_type, **server.auth()})
    assert answer.status_code == 413, answer.text
    assert "bytes" in answer.json()["message"]


def test_a_multipart_upload_over_the_limit_is_413(server):
    files = {"file": ("g.ttl", b"<http://a> <http://b> <http://c> .\n" * 200, "text/turtle")}
    answer = httpx.post(server.url + "/store?graph=http://example.org/up", files=files, headers=server.auth())
    assert answer.status_code == 413


def rows_query(n: int, value: str = "v") -> str:
    literal = json.dumps(value)  # a SPARQL string with the same escapes as JSON
    return "SELECT ?i ?x { VALUES (?i ?x) { " + " ".join(f"({i} {literal})" for i in range(n)) + " } }"


def parsed_rows(fmt: str, text: str) -> int:
    if fmt == "json":
        return len(json.loads(text)["results"]["bindings"])
    if fmt == "xml":
        return text.count("<result>")
    if fmt == "csv":
        return len(list(csv.reader(io.StringIO(text, newline="")))) - 1
    return len(text.splitlines()) - 1


@pytest.mark.parametrize("fmt", list(ACCEPT))
def test_select_answers_over_the_row_limit_are_refused_whole(server, fmt):
    over = httpx.get(server.url + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, headers={"Accept": ACCEPT[fmt]})
    assert over.status_code == 422, over.text[:300]
    body = over.json()
    assert body["error"] == "too_many_rows" and body["limit"] == MAX_ROWS and f"LIMIT {MAX_ROWS}" in body["message"]
    at = httpx.get(server.url + "/sparql", params={"query": f"SELECT * {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"},
                   headers={"Accept": ACCEPT[fmt]})
    assert at.status_code == 200 and parsed_rows(fmt, at.text) == MAX_ROWS


@pytest.mark.parametrize("fmt", list(ACCEPT))
def test_values_with_line_breaks_and_braces_are_not_miscounted(server, fmt):
    """Markers inside values ({ in JSON, line breaks in CSV) raise the cheap count; the exact count
    then decides: 10 such rows pass, 11 do not."""
    tricky = 'a\r\nb,{"c"},\n{}\t<result>'
    at = httpx.get(server.url + "/sparql", params={"query": rows_query(MAX_ROWS, tricky)}, headers={"Accept": ACCEPT[fmt]})
    assert at.status_code == 200, at.text[:300]
    assert parsed_rows(fmt, at.text) == MAX_ROWS
    over = httpx.get(server.url + "/sparql", params={"query": rows_query(MAX_ROWS + 1, tricky)},
                     headers={"Accept": ACCEPT[fmt]})
    assert over.status_code == 422


def test_the_row_limit_is_for_select_only(server):
    ask = httpx.get(server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    graph = httpx.get(server.url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"Accept": "application/n-triples"})
    assert ask.status_code == 200 and graph.status_code == 200
    assert len(graph.text.strip().splitlines()) == 40


def test_the_row_limit_comes_from_the_environment():
    assert from_environment(environ={"CONFLICTKG_MAX_RESULT_ROWS": "7"}).max_result_rows == 7
    assert from_environment(environ={}).max_result_rows == 100_000


def test_queries_beyond_the_workers_and_queue_get_429_with_retry_after(server):
    """One worker, no queue: while a runaway query holds the worker, the next query is refused."""
    started = threading.Event()
    outcome = {}

    def runaway():
        started.set()
        outcome["runaway"] = httpx.get(server.url + "/sparql", params={"query": CARTESIAN}, timeout=30)

    thread = threading.Thread(target=runaway)
    thread.start()
    started.wait()
    refused = None
    deadline = time.monotonic() + 20
    # until the runaway query holds the worker (on a loaded machine its request may arrive late)
    while thread.is_alive() and time.monotonic() < deadline:
        answer = httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
        if answer.status_code == 429:
            refused = answer
            break
    thread.join()
    assert refused is not None, "no query was refused while the only worker was busy"
    assert refused.headers["Retry-After"].isdigit() and refused.json()["error"] == "too_many_queries"
    assert outcome["runaway"].status_code == 503 and "Retry-After" in outcome["runaway"].headers
    assert httpx.get(server.url + "/sparql", params={"query": "ASK {}"}).status_code == 200
