"""Operations: structured access logs, /health that checks the store, graceful shutdown (a query
in flight when SIGTERM reaches the whole process group still gets its answer), and a clear
message and exit code 2 when the store is locked by another process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import httpx
from fastapi.testclient import TestClient

from conflictkg.executor.embedded import EmbeddedQueryService
from conflictkg.web import create_app
from conftest import build_test_store, free_port, make_settings, start_server, stop_server

SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 40^4 rows, ~1 s


def test_access_log_lines_are_json_with_timings(tmp_path):
    store = build_test_store(tmp_path / "store")
    log = tmp_path / "access.log"
    config = make_settings(store, access_log=str(log))
    with TestClient(create_app(EmbeddedQueryService(store, config), config)) as client:
        assert client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"},
                          headers={"Accept": "text/csv", "User-Agent": "probe/1"}).status_code == 200
        assert client.get("/nothing-here").status_code == 404
        client.post("/sparql", content="SELEC", headers={"Content-Type": "application/sparql-query"})
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    query, missing, bad = lines[-3:]
    assert query["method"] == "GET" and query["path"] == "/sparql" and query["status"] == 200
    assert query["bytes"] > 100 and query["duration_ms"] >= query["query_ms"] > 0
    assert query["user_agent"] == "probe/1" and query["time"].endswith("+00:00")
    assert missing["status"] == 404 and missing["query_ms"] == 0
    assert bad["method"] == "POST" and bad["status"] == 400
    assert "query" not in query  # the query text is not logged


def test_health_reports_a_dead_store_process(tmp_path):
    store = build_test_store(tmp_path / "store")
    config = make_settings(store)
    service = EmbeddedQueryService(store, config)
    with TestClient(create_app(service, config)) as client:
        healthy = client.get("/health").json()
        assert healthy["status"] == "ok" and healthy["quads"] == 40 and healthy["zygote"] is True
        service.pool.zygote.process.kill()  # the in-memory store is gone (and its workers with it)
        service.pool.zygote.process.wait()
        deadline = time.monotonic() + 10
        answer = client.get("/health")
        while answer.status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.1)
            answer = client.get("/health")
        assert answer.status_code == 503 and answer.json()["status"] == "failing"


def test_sigterm_to_the_process_group_lets_the_query_in_flight_finish(tmp_path):
    store = build_test_store(tmp_path / "store")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "conflictkg", "serve", "--store", str(store), "--port", str(port),
                                "--log-level", "warning"], start_new_session=True, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None, "the server did not start"
                time.sleep(0.05)
        outcome = {}

        def slow_query():
            outcome["answer"] = httpx.get(url + "/sparql", params={"query": SLOW},
                                          headers={"Accept": "application/sparql-results+json"}, timeout=60)

        thread = threading.Thread(target=slow_query)
        thread.start()
        time.sleep(0.3)  # the query is running in a worker
        os.killpg(process.pid, signal.SIGTERM)  # as a service manager does: the whole group
        thread.join(60)
        answer = outcome["answer"]
        assert answer.status_code == 200, answer.text
        assert answer.json()["results"]["bindings"][0]["n"]["value"] == str(40 ** 4)
        # uvicorn re-raises the signal after its graceful shutdown: the exit status says SIGTERM
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
        try:
            httpx.get(url + "/health", timeout=2)
            raise AssertionError("the server still answers after SIGTERM")
        except httpx.TransportError:
            pass
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_second_server_on_the_same_store_exits_2_with_a_clear_message(tmp_path):
    store = build_test_store(tmp_path / "store")
    first = start_server(store, token=None)
    try:
        second = subprocess.run([sys.executable, "-m", "conflictkg", "serve", "--store", str(store),
                                 "--port", str(free_port())], capture_output=True, text=True, timeout=60)
        assert second.returncode == 2, second.stderr
        assert "locked by another process" in second.stderr and "Traceback" not in second.stderr
        build = subprocess.run([sys.executable, "-m", "conflictkg", "load", "--store", str(store),
                                str(tmp_path.parent)], capture_output=True, text=True, timeout=60)
        assert build.returncode == 2
        assert httpx.get(first.url + "/health").status_code == 200  # the first one is unharmed
    finally:
        stop_server(first)
