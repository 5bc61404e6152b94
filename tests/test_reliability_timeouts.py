"""Time limits under pressure, with the real zygote and worker processes: more runaway queries than
workers, a runaway query during a burst of small ones, and a client that hangs up mid-query (its
worker must be killed at once, not at its deadline). Figures (how close to the limit a query is
stopped, how long a replacement worker takes) are printed for docs/OPERATIONS.md (run with -s)."""

from __future__ import annotations

import asyncio
import json
import statistics
import time

import httpx
import pytest

from conflictkg.executor.embedded import EmbeddedQueryService
from conflictkg.executor.service import QueryRequest, QueryTimeout, TooBusy
from conftest import build_test_store, make_settings, start_server, stop_server

# 40 triples to the fifth power: about 10^8 rows, many seconds of work for any engine.
CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
SMALL = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
JSON = {"results": "json", "graph": "turtle"}


def count(answer) -> int:
    return int(json.loads(answer.read())["results"]["bindings"][0]["n"]["value"])


def run(service, scenario):
    async def main():
        await service.start()
        try:
            return await scenario()
        finally:
            await service.close()
    return asyncio.run(main())


@pytest.fixture
def store(tmp_path):
    return build_test_store(tmp_path / "store")


async def timed(coroutine) -> tuple[float, object]:
    started = time.monotonic()
    try:
        result = await coroutine
    except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
        result = exc
    return time.monotonic() - started, result


def test_more_runaway_queries_than_workers_are_all_stopped_at_their_limit(store):
    limit = 1.0
    service = EmbeddedQueryService(store, make_settings(store, query_timeout=limit, query_workers=2))

    async def scenario():
        runaways = [asyncio.ensure_future(timed(service.query(QueryRequest(CARTESIAN, JSON)))) for _ in range(5)]
        await asyncio.sleep(0.05)
        small = [asyncio.ensure_future(timed(service.query(QueryRequest(SMALL, JSON)))) for _ in range(4)]
        runaway_results = await asyncio.gather(*runaways)
        small_results = await asyncio.gather(*small)
        after = await timed(service.query(QueryRequest(SMALL, JSON)))
        return runaway_results, small_results, after, service.pool.stats

    runaways, small, after, stats = run(service, scenario)
    stopped_after = [elapsed for elapsed, outcome in runaways]
    # Two run and are killed (503); the three queued behind them spend their whole limit waiting
    # and are refused (429): one deadline covers queueing and running, so none lasts much longer.
    outcomes = [type(outcome) for _, outcome in runaways]
    assert outcomes.count(QueryTimeout) >= 2 and set(outcomes) <= {QueryTimeout, TooBusy}, runaways
    assert max(stopped_after) < limit + 0.5, stopped_after
    assert min(stopped_after) >= limit * 0.95
    # small queries queued behind them are answered (within the limit, not refused)
    assert all(not isinstance(outcome, Exception) and count(outcome) == 40 for _, outcome in small), small
    assert count(after[1]) == 40 and after[0] < 0.5
    assert stats.killed == outcomes.count(QueryTimeout)
    print(f"\nFIGURE runaway x5 on 2 workers, limit {limit} s: stopped after "
          f"{min(stopped_after):.3f}-{max(stopped_after):.3f} s (median {statistics.median(stopped_after):.3f})")


def test_a_runaway_query_during_a_burst_of_small_queries(store):
    service = EmbeddedQueryService(store, make_settings(store, query_timeout=1.5, query_workers=2,
                                                        max_queued_queries=64))

    async def scenario():
        runaway = asyncio.ensure_future(timed(service.query(QueryRequest(CARTESIAN, JSON))))
        await asyncio.sleep(0.05)
        latencies = []

        async def client():
            while not runaway.done():
                elapsed, outcome = await timed(service.query(QueryRequest(SMALL, JSON)))
                assert count(outcome) == 40
                latencies.append(elapsed)

        await asyncio.gather(*(client() for _ in range(8)))
        return await runaway, latencies

    (elapsed, outcome), latencies = run(service, scenario)
    assert isinstance(outcome, QueryTimeout) and elapsed < 2.0
    assert len(latencies) >= 50, "small queries must keep flowing on the free worker"
    p95 = sorted(latencies)[int(len(latencies) * 0.95)]
    assert p95 < 0.5, p95
    print(f"\nFIGURE burst of 8 clients beside a runaway query: {len(latencies)} small queries in "
          f"{elapsed:.2f} s, p95 {p95 * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")


def test_timeout_precision_and_replacement_worker_time(store):
    service = EmbeddedQueryService(store, make_settings(store, query_timeout=30.0, query_workers=1))
    stops, forks, recoveries = [], [], []

    async def scenario():
        for limit in (0.25, 0.5, 1.0, 1.0, 1.0):
            elapsed, outcome = await timed(service.query(QueryRequest(CARTESIAN, JSON, timeout=limit)))
            assert isinstance(outcome, QueryTimeout)
            stops.append((limit, elapsed))
            recovery, outcome = await timed(service.query(QueryRequest(SMALL, JSON)))
            assert count(outcome) == 40
            recoveries.append(recovery)
        for _ in range(10):  # what a replacement costs: one fork by the zygote, timed alone
            started = time.monotonic()
            worker = await asyncio.to_thread(service.pool._fork)
            forks.append(time.monotonic() - started)
            worker.retire()

    run(service, scenario)
    overshoot = [elapsed - limit for limit, elapsed in stops]
    assert all(0 <= o < 0.3 for o in overshoot), stops
    assert max(recoveries) < 0.5 and statistics.median(forks) < 0.1
    print(f"\nFIGURE timeout overshoot: {', '.join(f'{l:g} s -> {e:.3f} s' for l, e in stops)}; "
          f"replacement fork median {statistics.median(forks) * 1000:.2f} ms (max {max(forks) * 1000:.2f}); "
          f"first query after a kill {statistics.median(recoveries) * 1000:.1f} ms median")


def test_a_client_that_hangs_up_frees_its_worker_at_once(tmp_path):
    """One worker, a 30 s limit: a client sends a runaway query and disconnects after 0.5 s. The
    next query must be answered at once, not after the runaway's 30 s deadline."""
    store = build_test_store(tmp_path / "store")
    server = start_server(store, "--workers", "1", "--query-timeout", "30", token=None,
                          env={"CONFLICTKG_ACCESS_LOG": str(tmp_path / "access.log")})
    try:
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(server.url + "/sparql", params={"query": CARTESIAN}, timeout=0.5)
        started = time.monotonic()
        answer = httpx.get(server.url + "/sparql", params={"query": SMALL},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
        waited = time.monotonic() - started
        assert answer.status_code == 200 and answer.json()["results"]["bindings"][0]["n"]["value"] == "40"
        assert waited < 3.0, f"the hung-up query kept the only worker for {waited:.1f} s"
        # ... and a POST (body read first, then watched) the same way
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(server.url + "/sparql", content=CARTESIAN,
                       headers={"Content-Type": "application/sparql-query"}, timeout=0.5)
        started = time.monotonic()
        assert httpx.get(server.url + "/sparql", params={"query": SMALL}, timeout=30).status_code == 200
        assert time.monotonic() - started < 3.0
        health = httpx.get(server.url + "/health", timeout=10).json()
        assert health["timeouts"] == 0  # they were not left to time out
    finally:
        stop_server(server)
    lines = [json.loads(line) for line in (tmp_path / "access.log").read_text().splitlines()]
    gone = [line for line in lines if line["path"] == "/sparql" and line["status"] == 499]
    assert len(gone) == 2, lines
    print(f"\nFIGURE hung-up client: next query answered after {waited * 1000:.0f} ms (1 worker, 30 s limit)")
