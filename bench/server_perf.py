"""``python bench/server_perf.py``: the server's own performance, before/after style.

Focused on what ``bench/run.py`` reports only once per run: start-up on an existing store
(process start → ``/health`` 200 and a first answer), per-query latency of a few small and large
queries, and throughput of the interactive mix at several concurrency levels, for several
*variants* of ``conflictkg serve`` side by side in one run (so that load from other work on a
shared machine falls on all alike): another source tree (``--variant before=/path/to/src``, to
compare with an older commit) and other ``--workers`` counts. Optionally ``oxigraph serve`` in
memory, loaded with POST /store, as the reference.

    python bench/server_perf.py --store bench/out/run-10000/conflictkg-store \\
        --params bench/out/corpus-10000-s0.nq.params.json --workers 1 2 3
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import shutil
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import systems  # noqa: E402
from run import query_mix  # noqa: E402
from workload import Endpoint, measure_latencies, measure_throughput  # noqa: E402

DEFAULT_QUERIES = "point-lookup,dereference,allies,construct-article,label-search,queries/statements-by-type"


def start_conflictkg(servers: systems.Servers, name: str, src: Path | None, store: Path, workers: int,
                     log: Path) -> systems.Server:
    port = systems.free_port()
    env = {"PYTHONPATH": str(src)} if src else {}
    argv = [sys.executable, "-m", "conflictkg", "--data", str(store.parent), "serve", "--store", str(store),
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    return servers.start(name, argv, Endpoint(name, f"http://127.0.0.1:{port}", "/sparql", linked_data=True),
                         log, env=env, cwd=store.parent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="an existing conflictkg store (copied, never modified)")
    parser.add_argument("--params", type=Path, required=True, help="the corpus's .params.json")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=SRC",
                        help="a source tree to serve with (its src/ folder), NAME=SRC or NAME=SRC@WORKERS; "
                        "default: the installed one")
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--oxigraph-corpus", type=Path, help="also start `oxigraph serve` in memory with this corpus")
    parser.add_argument("--queries", default=DEFAULT_QUERIES)
    parser.add_argument("--startups", type=int, default=2, help="start-up measurements per variant")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--budget", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--max-requests", type=int, default=400)
    parser.add_argument("--scratch", type=Path, default=BENCH / "out" / "server-perf-stores",
                        help="where the copies of the store go (one per variant and worker count)")
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "server-perf-latest.json")
    args = parser.parse_args(argv)

    variants = []
    for text in args.variant:  # NAME=SRC or NAME=SRC@WORKERS (only that worker count)
        name, _, rest = text.partition("=")
        src, _, only = rest.partition("@")
        variants.append((name, Path(src), [int(only)] if only else args.workers))
    variants = variants or [("installed", None, args.workers)]
    params = json.loads(args.params.read_text())
    queries, _ = query_mix(params, include_named=True)
    patterns = args.queries.split(",")
    chosen = [q for q in queries if any(fnmatch.fnmatch(q.name, p) for p in patterns)]
    mix = [q for q in queries if q.mix == "interactive"]
    logs = BENCH / "out" / "server-perf-logs"
    results: dict = {"startup_s": {}, "latency": {}, "throughput": {}}
    with systems.Servers() as servers:
        live: dict[str, systems.Server] = {}
        for name, src, worker_counts in variants:
            for workers in worker_counts:
                label = f"{name}-w{workers}"
                # A copy per server: each holds its store's lock, and a variant may write a snapshot into it.
                store = args.scratch / label / args.store.name
                shutil.rmtree(store.parent, ignore_errors=True)
                store.parent.mkdir(parents=True)
                shutil.copytree(args.store, store)
                times = []
                for attempt in range(args.startups):
                    server = start_conflictkg(servers, label, src, store, workers, logs / f"{label}.log")
                    times.append(systems.wait_ready(server, timeout=300, health_path="/health"))
                    print(f"{label}: start-up {times[-1]:.2f} s", flush=True)
                    if attempt < args.startups - 1:
                        servers.stop(server)
                results["startup_s"][label] = times
                live[label] = server
                # one server per variant stays up; the next variant's start-up is measured while it idles
        if args.oxigraph_corpus:
            server = systems.oxigraph_start(servers, None, logs / "oxigraph-mem.log", 30)
            systems.wait_ready(server, timeout=60)
            systems.oxigraph_post_dataset(server, args.oxigraph_corpus, 600)
            live["oxigraph-mem"] = server
        for query in chosen:
            measured = measure_latencies({n: s.endpoint for n, s in live.items()}, query, timeout=30,
                                         max_runs=args.repeat, budget=args.budget)
            results["latency"][query.name] = {n: m.summary() for n, m in measured.items()}
            print(f"{query.name}: " + "; ".join(
                f"{n} {m.summary().get('median_s', float('nan')) * 1000:.1f} ms ({m.count})" for n, m in measured.items()),
                flush=True)
        for concurrency in args.concurrency:
            for name, server in live.items():
                run = measure_throughput(server.endpoint, mix, concurrency=concurrency, duration=args.duration,
                                         max_requests=args.max_requests, timeout=30)
                results["throughput"].setdefault(name, []).append(run.summary())
                print(f"{name}: c={concurrency}: {run.completed / run.elapsed_s:.1f} q/s "
                      f"(median {statistics.median(run.latencies) * 1000:.1f} ms)", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
