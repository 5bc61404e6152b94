"""The server starts from the store's serving snapshot: it writes one when there is none, loads
it (not RocksDB) when it is valid, and a write removes it before reaching the disk, so that a
server killed with SIGKILL right after a write restarts with the write."""

from __future__ import annotations

import json
import signal

import httpx

from conflictkg.store import serving_snapshot
from conftest import UPDATE_TOKEN, build_test_store, start_server, stop_server

COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
ASK_PROBE = "ASK { GRAPH <http://probe/g> { <http://probe/s> <http://probe/p> 'written' } }"


def ask(url: str, query: str) -> bool:
    answer = httpx.get(url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    return answer.json()["boolean"]


def count(url: str) -> int:
    answer = httpx.get(url + "/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_the_server_writes_a_snapshot_then_serves_from_it(tmp_path):
    store = build_test_store(tmp_path / "store")
    assert serving_snapshot.valid_snapshot(store) is None
    server = start_server(store, token=None)
    try:
        quads = count(server.url)
    finally:
        stop_server(server)
    snapshot = serving_snapshot.valid_snapshot(store)
    assert snapshot is not None and quads > 10
    # Prove the next start reads the snapshot, not RocksDB: a quad only the snapshot has shows up.
    extra = b"<http://probe/s> <http://probe/p> \"written\" <http://probe/g> .\n"
    data = snapshot.path.read_bytes() + extra
    snapshot.path.write_bytes(data)
    marker = json.loads((store / serving_snapshot.MARKER).read_text())
    (store / serving_snapshot.MARKER).write_text(json.dumps({**marker, "bytes": len(data)}))
    server = start_server(store, token=None)
    try:
        assert count(server.url) == quads + 1
        assert ask(server.url, ASK_PROBE)
    finally:
        stop_server(server)


def test_a_write_survives_sigkill_right_after_it(tmp_path):
    store = build_test_store(tmp_path / "store")
    server = start_server(store)
    stop_server(server)
    assert serving_snapshot.valid_snapshot(store) is not None
    server = start_server(store)
    try:
        answer = httpx.post(server.url + "/sparql", headers={"Authorization": f"Bearer {UPDATE_TOKEN}"},
                            data={"update": "INSERT DATA { GRAPH <http://probe/g> { <http://probe/s> <http://probe/p> 'written' } }"})
        assert answer.status_code == 204, answer.text
        assert serving_snapshot.valid_snapshot(store) is None  # gone before the write reached the disk
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
    server = start_server(store)  # the zygote died with the server (PR_SET_PDEATHSIG): the lock is free
    try:
        assert ask(server.url, ASK_PROBE)
    finally:
        stop_server(server)
    assert serving_snapshot.valid_snapshot(store) is not None  # rewritten, with the write
    server = start_server(store)
    try:
        assert ask(server.url, ASK_PROBE)
    finally:
        stop_server(server)
