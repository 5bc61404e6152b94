"""The query executor with its real zygote and worker processes: time limits that stop work
while small queries keep flowing, admission (429), writes seen by later queries, spilling."""

import asyncio
import json
import time

import pytest

from conflictkg.executor.embedded import EmbeddedQueryService
from conflictkg.executor.service import QueryRequest, QueryTimeout, TooBusy, UpdateRequest
from conftest import build_test_store, make_settings

# 40 triples to the fifth power: about 10^8 rows, many seconds of work for any engine.
CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
SMALL = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
JSON = {"results": "json", "graph": "turtle"}


def run(service, coroutine_factory):
    async def main():
        await service.start()
        try:
            return await coroutine_factory()
        finally:
            await service.close()
    return asyncio.run(main())


def n(answer) -> int:
    return int(json.loads(answer.read())["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def store(tmp_path):
    return build_test_store(tmp_path / "store")


def test_a_runaway_query_is_stopped_while_small_ones_keep_being_answered(store):
    service = EmbeddedQueryService(store, make_settings(store, query_timeout=1.5))

    async def scenario():
        runaway = asyncio.ensure_future(service.query(QueryRequest(CARTESIAN, JSON)))
        latencies = []
        while not runaway.done():
            started = time.monotonic()
            assert n(await service.query(QueryRequest(SMALL, JSON))) == 40
            latencies.append(time.monotonic() - started)
            await asyncio.sleep(0.05)
        with pytest.raises(QueryTimeout):
            await runaway
        # the server goes on: the killed worker was replaced
        for _ in range(4):
            assert n(await service.query(QueryRequest(SMALL, JSON))) == 40
        return latencies, service.pool.stats

    latencies, stats = run(service, scenario)
    assert len(latencies) >= 10, "small queries must keep flowing while the runaway one runs"
    assert max(latencies) < 1.0
    assert stats.timeouts == 1 and stats.killed == 1


def test_a_request_may_lower_its_time_limit_never_raise_it(store):
    service = EmbeddedQueryService(store, make_settings(store, query_timeout=1.0))

    async def scenario():
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            await service.query(QueryRequest(CARTESIAN, JSON, timeout=0.3))
        lowered = time.monotonic() - started
        started = time.monotonic()
        with pytest.raises(QueryTimeout) as raised:
            await service.query(QueryRequest(CARTESIAN, JSON, timeout=60))
        return lowered, time.monotonic() - started, raised.value.seconds

    lowered, capped, seconds = run(service, scenario)
    assert lowered < 0.9
    assert seconds == 1.0 and capped < 5


def test_too_many_queries_are_refused(store):
    service = EmbeddedQueryService(store, make_settings(store, query_timeout=1.0, query_workers=1, max_queued_queries=1))

    async def scenario():
        running = asyncio.ensure_future(service.query(QueryRequest(CARTESIAN, JSON)))
        await asyncio.sleep(0.1)
        queued = asyncio.ensure_future(service.query(QueryRequest(SMALL, JSON)))
        await asyncio.sleep(0.1)
        with pytest.raises(TooBusy):
            await service.query(QueryRequest(SMALL, JSON))
        with pytest.raises(QueryTimeout):
            await running
        return n(await queued)

    assert run(service, scenario) == 40


def test_writes_reach_disk_and_every_later_query(store, tmp_path):
    settings = make_settings(store)
    service = EmbeddedQueryService(store, settings)
    insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 7 } }"

    async def scenario():
        await service.query(QueryRequest(SMALL, JSON))
        await service.update(UpdateRequest(insert))
        return [n(await service.query(QueryRequest(SMALL, JSON))) for _ in range(5)]

    assert run(service, scenario) == [41] * 5
    # a new service (a restart) loads the write from disk
    again = EmbeddedQueryService(store, settings)

    async def after_restart():
        return n(await again.query(QueryRequest(SMALL, JSON)))

    assert run(again, after_restart) == 41


def test_large_answers_spill_to_a_file_and_are_complete(store):
    service = EmbeddedQueryService(store, make_settings(store, spill_bytes=64))

    async def scenario():
        answer = await service.query(QueryRequest("SELECT * { ?s ?p ?o }", {"results": "tsv", "graph": None}))
        return answer.path is not None, answer.read()

    spilled, content = run(service, scenario)
    assert spilled
    assert len(content.decode().strip().splitlines()) == 41  # header + every row


def test_syntax_errors_carry_the_position(store):
    from conflictkg.errors import QuerySyntaxError

    service = EmbeddedQueryService(store, make_settings(store))

    async def scenario():
        with pytest.raises(QuerySyntaxError) as raised:
            await service.query(QueryRequest("SELECT * {\n ?s ?p }", JSON))
        return raised.value.position

    assert run(service, scenario)["line"] == 2
