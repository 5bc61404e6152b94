"""Real clients against a real ``conflictkg serve`` over a socket: SPARQLWrapper (GET and POST),
rdflib's SPARQLStore, Comunica (Node), plain HTTP for Linked Data and the time limit."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.server

CLIENTS = Path(__file__).parent / "clients"
COMUNICA = CLIENTS / "node_modules" / ".bin" / "comunica-sparql"
LABELS = ("SELECT ?label WHERE { ?a <http://www.w3.org/2004/02/skos/core#altLabel> ?label }")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper(live_server, method):
    from SPARQLWrapper import JSON, POST, GET, SPARQLWrapper

    sparql = SPARQLWrapper(live_server.url + "/sparql")
    sparql.setMethod(POST if method == "POST" else GET)
    sparql.setQuery(LABELS)
    sparql.setReturnFormat(JSON)
    rows = sparql.queryAndConvert()["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == ["HTS"]


def test_rdflib_sparqlstore(live_server):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(live_server.url + "/sparql"))
    assert [str(row.label) for row in graph.query(LABELS)] == ["HTS"]
    assert graph.query("ASK { ?s a ?t }").askAnswer is True


def test_comunica(live_server):
    if not COMUNICA.exists():
        pytest.fail(f"Comunica is not installed: run `npm ci` in {CLIENTS} (scripts/test does it)")
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH; install Node.js 18+ (Debian: apt-get install nodejs)")
    out = subprocess.run([str(COMUNICA), f"sparql@{live_server.url}/sparql", "-q", LABELS, "-t", "application/sparql-results+json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == ["HTS"]


def test_linked_data_over_a_socket(live_server):
    r = httpx.get(live_server.url + "/id/actor/hayat-tahrir-al-sham", headers={"accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    assert "Hayat Tahrir al-Sham" in r.text


def test_time_limit_over_a_socket_while_small_queries_flow(live_server):
    cartesian = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
    result: dict = {}

    def runaway():
        result["response"] = httpx.get(live_server.url + "/sparql", params={"query": cartesian, "timeout": "1.5"}, timeout=30)

    thread = threading.Thread(target=runaway)
    thread.start()
    answered = 0
    with httpx.Client(base_url=live_server.url, timeout=10) as http:
        while thread.is_alive():
            started = time.monotonic()
            assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
            assert time.monotonic() - started < 1.0
            answered += 1
        thread.join()
        response = result["response"]
        assert response.status_code == 503
        assert response.json()["error"] == "timeout" and "time limit" in response.json()["message"]
        assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
    assert answered >= 5
