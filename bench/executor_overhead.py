"""What the executor design costs per request: a tiny ASK evaluated directly on an in-memory
pyoxigraph store, through the executor (worker process round trip), and over HTTP through a real
``conflictkg serve``. Run: ``python bench/executor_overhead.py [N]`` (not part of the test suite)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import build_test_store, make_settings, start_server, stop_server  # noqa: E402

from conflictkg.executor.embedded import EmbeddedQueryService  # noqa: E402
from conflictkg.executor.service import QueryRequest  # noqa: E402

ASK = "ASK { ?s ?p ?o }"


def timed(fn, n: int) -> tuple[float, float]:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def main(n: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store_path = build_test_store(Path(tmp) / "store")
        memory = ox.Store()
        memory.bulk_load(path=str(Path(__file__).resolve().parent.parent / "tests/data/web/sample.trig"),
                         format=ox.RdfFormat.TRIG)
        direct = timed(lambda: memory.query(ASK, use_default_graph_as_union=True).serialize(
            format=ox.QueryResultsFormat.JSON), n)

        service = EmbeddedQueryService(store_path, make_settings(store_path))

        async def via_executor():
            await service.start()
            loop_samples = []
            for _ in range(n):
                started = time.perf_counter()
                await service.query(QueryRequest(ASK, {"results": "json", "graph": None}))
                loop_samples.append((time.perf_counter() - started) * 1000)
            await service.close()
            loop_samples.sort()
            return statistics.median(loop_samples), loop_samples[int(n * 0.95)]

        executor = asyncio.run(via_executor())
        server = start_server(store_path)
        try:
            with httpx.Client(base_url=server.url) as http:
                over_http = timed(lambda: http.get("/sparql", params={"query": ASK}), n)
        finally:
            stop_server(server)
    for name, (median, p95) in (("direct store.query", direct), ("executor (worker process)", executor),
                                ("HTTP GET /sparql (uvicorn)", over_http)):
        print(f"{name:28s} median {median:.3f} ms   p95 {p95:.3f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
