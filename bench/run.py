"""``python bench/run.py``: the benchmark, in one command.

For each corpus size N (generated on the fly, cached under bench/out/), loads the same corpus into
  conflictkg      `conflictkg load` into a fresh --store, then `conflictkg serve` on it
  oxigraph-disk   `oxigraph load --location DIR`, then `oxigraph serve --location DIR --union-default-graph`
  oxigraph-mem    `oxigraph serve --union-default-graph` in memory, loaded with POST /store (Graph Store)
  rdflib-endpoint `rdflib-endpoint serve corpus.nq` (rdflib Dataset, default union), only up to
                  --rdflib-max-articles: it needs minutes to parse a million quads
and runs the same queries over HTTP on loopback: bench/queries/*.rq and the researcher's
queries/*.rq with parameters bound to values of the corpus. It checks that all systems return the
same result counts, and reports per-query median and p95 latency, throughput at concurrency 1, 4, 8
(bounded in time and count), load time, start-up time on an existing store and peak memory, with
ratios against oxigraph serve. A table goes to stdout, everything to bench/out/results-*.json.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import signal
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import httpx  # noqa: E402

import systems  # noqa: E402
from corpus import GENERATOR_VERSION, parameters  # noqa: E402
from generate import params_path, write_corpus  # noqa: E402
from workload import Query, load_queries, measure_latencies, measure_throughput  # noqa: E402

ALL_SYSTEMS = ("oxigraph-disk", "oxigraph-mem", "conflictkg", "rdflib-endpoint")
OXIGRAPH = ("oxigraph-disk", "oxigraph-mem")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_corpus(out: Path, n: int, seed: int) -> tuple[Path, int, dict]:
    corpus = out / f"corpus-{n}-s{seed}-g{GENERATOR_VERSION}.nq"
    meta = out / f"corpus-{n}-s{seed}-g{GENERATOR_VERSION}.meta.json"
    if corpus.is_file() and meta.is_file() and params_path(corpus).is_file():
        quads = json.loads(meta.read_text())["quads"]
        log(f"corpus {corpus.name} cached ({quads} quads)")
    else:
        log(f"generating {n} articles (seed {seed})")
        started = time.perf_counter()
        quads = write_corpus(n, seed, corpus)
        meta.write_text(json.dumps({"articles": n, "seed": seed, "quads": quads,
                                    "generate_s": round(time.perf_counter() - started, 2)}))
        log(f"corpus: {quads} quads in {time.perf_counter() - started:.1f} s")
    params = parameters(n, seed)  # cheap, and never stale when the parameter list grows
    params_path(corpus).write_text(json.dumps(params, indent=1, sort_keys=True) + "\n")
    return corpus, quads, params


def query_mix(params: dict, include_named: bool) -> tuple[list[Query], list[str]]:
    queries, skipped = load_queries(BENCH / "queries", params, "bench")
    if include_named:
        from conflictkg import resources
        named, skipped_named = load_queries(resources.queries_dir(), params, "queries")
        queries += named
        skipped += skipped_named
    return queries, skipped


def run_size(chosen: list[str], corpus: Path, quads: int, queries: list[Query], workdir: Path, args) -> dict:
    """Load and start every system (they all stay up, idle ones cost no CPU), measure them side by
    side, stop them, then time a restart on the existing store. Failures are recorded, never raised."""
    results = {name: {"system": name, "queries": {}, "throughput": []} for name in chosen}
    logs = workdir / "logs"
    with systems.Servers() as servers:
        live: dict[str, systems.Server] = {}
        for name in chosen:
            log(f"--- {name}: loading {quads:,} quads")
            try:
                live[name] = _load_and_start(name, corpus, quads, workdir, logs, servers, results[name], args)
            except Exception as exc:  # a system that fails is a result, and the others still run
                _failed(results[name], exc)
        try:
            _measure(live, queries, results, args, servers, corpus, workdir, logs)
        finally:
            for name, server in live.items():
                _keep_peak(results[name], servers.stop(server))
        for name in ("conflictkg", "oxigraph-disk"):
            if name in live and "error" not in results[name]:
                try:
                    restarted = _start(name, workdir, logs, servers, args)
                    results[name]["startup_s"] = systems.wait_ready(restarted, timeout=args.start_timeout,
                                                                    health_path=_health(name))
                    log(f"{name}: start-up on the existing store {results[name]['startup_s']:.2f} s")
                    servers.stop(restarted)
                except Exception as exc:
                    _failed(results[name], exc)
    return results


def _failed(result: dict, exc: Exception) -> None:
    result["error"] = f"{type(exc).__name__}: {exc}"
    log(f"{result['system']}: FAILED: {result['error']}")


def _restart(name: str, corpus: Path, workdir: Path, logs: Path, servers: systems.Servers, args) -> systems.Server:
    if name == "rdflib-endpoint":
        server = systems.rdflib_start(servers, corpus, logs / "rdflib-endpoint.log")
        systems.wait_ready(server, timeout=args.load_timeout)
        return server
    if name == "oxigraph-mem":
        server = systems.oxigraph_start(servers, None, logs / "oxigraph-mem.log", args.timeout)
        systems.wait_ready(server, timeout=args.start_timeout)
        systems.oxigraph_post_dataset(server, corpus, args.load_timeout)
        return server
    server = _start(name, workdir, logs, servers, args)
    systems.wait_ready(server, timeout=args.start_timeout, health_path=_health(name))
    return server


def _health(name: str) -> str | None:
    return "/health" if name == "conflictkg" else None


def _start(name: str, workdir: Path, logs: Path, servers: systems.Servers, args) -> systems.Server:
    if name == "conflictkg":
        return systems.conflictkg_start(servers, workdir / "conflictkg" / "store", logs / "conflictkg.log", args.timeout)
    return systems.oxigraph_start(servers, workdir / "oxigraph-disk", logs / "oxigraph-disk.log", args.timeout)


def _load_and_start(name, corpus, quads, workdir, logs, servers, result, args) -> systems.Server:
    if name == "conflictkg":
        store = workdir / "conflictkg" / "store"
        store.parent.mkdir(parents=True, exist_ok=True)
        load_s = systems.conflictkg_load(corpus, store, logs / "conflictkg-load.log", args.load_timeout)
    elif name == "oxigraph-disk":
        load_s = systems.oxigraph_load(corpus, workdir / "oxigraph-disk", logs / "oxigraph-load.log", args.load_timeout)
    if name in ("conflictkg", "oxigraph-disk"):
        result["load"] = {"seconds": round(load_s, 2), "quads_per_s": round(quads / load_s)}
        log(f"{name}: loaded {quads} quads in {load_s:.1f} s ({quads / load_s:,.0f} quads/s)")
        server = _start(name, workdir, logs, servers, args)
        result["first_start_s"] = systems.wait_ready(server, timeout=args.start_timeout, health_path=_health(name))
        log(f"{name}: ready after {result['first_start_s']:.2f} s")
        return server
    if name == "oxigraph-mem":
        server = systems.oxigraph_start(servers, None, logs / "oxigraph-mem.log", args.timeout)
        systems.wait_ready(server, timeout=args.start_timeout)
        load_s = systems.oxigraph_post_dataset(server, corpus, args.load_timeout)
        result["load"] = {"seconds": round(load_s, 2), "quads_per_s": round(quads / load_s), "via": "POST /store"}
        log(f"{name}: loaded {quads} quads over the Graph Store protocol in {load_s:.1f} s")
        return server
    server = systems.rdflib_start(servers, corpus, logs / "rdflib-endpoint.log")
    ready = systems.wait_ready(server, timeout=args.load_timeout)
    result["load"] = {"seconds": round(ready, 2), "quads_per_s": round(quads / ready), "via": "parse at start-up"}
    log(f"{name}: parsed and ready after {ready:.1f} s")
    return server


def _measure(live: dict[str, systems.Server], queries: list[Query], results: dict, args,
             servers: systems.Servers, corpus: Path, workdir: Path, logs: Path) -> None:
    """Latency of every query on every live system (interleaved), then throughput per level.
    A system that stops answering after a timeout (rdflib-endpoint cannot cancel a query) is
    started again, at most --max-restarts times, else dropped from the rest of the run."""
    restarts = dict.fromkeys(live, 0)
    for query in queries:
        endpoints = {name: server.endpoint for name, server in live.items()}
        if not endpoints:
            return
        measured = measure_latencies(endpoints, query, timeout=args.timeout, max_runs=args.repeat,
                                     budget=args.query_budget)
        cells = []
        for name, latency in measured.items():
            summary = latency.summary()
            results[name]["queries"][query.name] = summary
            cells.append(f"{name} " + (f"{summary['median_s'] * 1000:.1f} ms" if "median_s" in summary
                                       else summary["status"]) + f" ({summary['count']})")
            if latency.status == "timeout" and not _responsive(live[name]):
                _keep_peak(results[name], servers.stop(live[name]))
                if restarts[name] >= args.max_restarts:
                    _failed(results[name], RuntimeError(f"stopped answering after {query.name} timed out, "
                                                        f"{restarts[name]} restarts already"))
                    del live[name]
                    continue
                restarts[name] += 1
                log(f"{name}: not answering after the timeout; restarting it ({restarts[name]})")
                try:
                    live[name] = _restart(name, corpus, workdir, logs, servers, args)
                except Exception as exc:
                    _failed(results[name], exc)
                    del live[name]
        log(f"{query.name}: " + "; ".join(cells))
    for name in live:
        results[name]["restarts"] = restarts[name]
        results[name]["throughput_mix"] = [q.name for q in queries if q.mix == "interactive"
                                           and all(r["queries"].get(q.name, {}).get("status") == "ok"
                                                   for r in results.values() if r["system"] in live)]
    for concurrency in args.concurrency:
        for name, server in list(live.items()):
            mix = [q for q in queries if q.name in results[name]["throughput_mix"]]
            run = measure_throughput(server.endpoint, mix, concurrency=concurrency, duration=args.duration,
                                     max_requests=args.max_requests, timeout=args.timeout)
            results[name]["throughput"].append(run.summary())
            log(f"{name}: concurrency {concurrency}: {run.completed / run.elapsed_s:.1f} queries/s "
                f"({run.completed} ok, {run.failed} failed, {run.timeouts} timeouts, {run.rejected} rejected)")
            if run.timeouts and not _responsive(server):
                log(f"{name}: not answering after throughput timeouts; its later levels are skipped")
                _keep_peak(results[name], servers.stop(server))
                del live[name]


def _keep_peak(result: dict, memory: dict) -> None:
    """Peak memory over every instance of a server in this run."""
    old = result.get("memory", {})
    result["memory"] = {k: max(v, old.get(k, 0)) for k, v in memory.items()}


def _responsive(server: systems.Server) -> bool:
    try:
        response = httpx.post(server.endpoint.query_url, data={"query": systems.PROBE},
                              headers={"Accept": "application/sparql-results+json"}, timeout=10)
        return response.status_code == 200
    except httpx.HTTPError:
        return False


# ---------------------------------------------------------------------------------------------
def compare_counts(results: dict[str, dict], queries: list[Query]) -> list[str]:
    """Queries whose result counts differ between systems that answered them."""
    mismatches = []
    for query in queries:
        counts = {}
        for name, result in results.items():
            entry = result.get("queries", {}).get(query.name)
            if entry and entry["status"] == "ok":
                counts[name] = entry["count"]
        if query.deref_path:  # GET /id/... and the CONSTRUCT stand-in need not match exactly
            counts.pop("conflictkg", None)
        if len(set(counts.values())) > 1:
            mismatches.append(f"{query.name}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return mismatches


def summarise(results: dict[str, dict], queries: list[Query]) -> dict:
    """Headline figures per system, and ratios against the oxigraph configurations."""
    summary = {}
    for name, result in results.items():
        medians = {q: e["median_s"] for q, e in result.get("queries", {}).items() if "median_s" in e}
        entry = {"median_of_medians_s": statistics.median(medians.values()) if medians else None}
        for t in result.get("throughput", []):
            entry[f"qps_c{t['concurrency']}"] = t["queries_per_s"]
        for ref in OXIGRAPH + ("rdflib-endpoint",):
            other = results.get(ref)
            if name == ref or not other:
                continue
            theirs = {q: e["median_s"] for q, e in other.get("queries", {}).items() if "median_s" in e}
            shared = [q for q in medians if q in theirs and medians[q] > 0 and theirs[q] > 0]
            if shared:
                # > 1 means `name` is faster than `ref`
                entry[f"speedup_vs_{ref}"] = math.exp(statistics.mean(math.log(theirs[q] / medians[q]) for q in shared))
            ref_qps = {t["concurrency"]: t["queries_per_s"] for t in other.get("throughput", [])}
            for t in result.get("throughput", []):
                if ref_qps.get(t["concurrency"]):
                    entry[f"qps_c{t['concurrency']}_vs_{ref}"] = t["queries_per_s"] / ref_qps[t["concurrency"]]
        summary[name] = entry
    return summary


def _ms(entry: dict | None) -> str:
    if not entry:
        return "-"
    if "median_s" not in entry:
        return entry["status"]
    return f"{entry['median_s'] * 1000:.1f}/{entry['p95_s'] * 1000:.0f}"


def print_tables(n: int, quads: int, results: dict[str, dict], queries: list[Query], summary: dict,
                 mismatches: list[str]) -> None:
    names = list(results)
    width = max(len(q.name) for q in queries) + 2
    print(f"\n== N = {n} articles, {quads:,} quads ==")
    print("\nload, start-up, memory")
    print(f"{'system':<17}{'load s':>9}{'quads/s':>11}{'ready s':>9}{'restart s':>11}{'RSS MiB':>10}{'PSS MiB':>10}")
    for name in names:
        r = results[name]
        load = r.get("load", {})
        mem = r.get("memory", {})
        print(f"{name:<17}{load.get('seconds', '-'):>9}{load.get('quads_per_s', '-'):>11}"
              f"{_fmt(r.get('first_start_s')):>9}{_fmt(r.get('startup_s')):>11}"
              f"{mem.get('peak_rss_mib', '-'):>10}{mem.get('peak_pss_mib', '-'):>10}"
              + (f"   ERROR {r['error']}" if "error" in r else ""))
    print("\nlatency per query, median/p95 ms (result count)")
    print(f"{'query':<{width}}" + "".join(f"{n_:>24}" for n_ in names))
    for query in queries:
        cells = []
        for name in names:
            entry = results[name].get("queries", {}).get(query.name)
            cells.append(f"{_ms(entry)} ({entry['count'] if entry else '-'})")
        print(f"{query.name:<{width}}" + "".join(f"{c:>24}" for c in cells))
    print("\nthroughput (queries/s over the interactive mix)")
    levels = sorted({t["concurrency"] for r in results.values() for t in r.get("throughput", [])})
    print(f"{'system':<17}" + "".join(f"{'c=' + str(c):>10}" for c in levels) + f"{'median of medians ms':>24}")
    for name in names:
        qps = {t["concurrency"]: t["queries_per_s"] for t in results[name].get("throughput", [])}
        mm = summary[name]["median_of_medians_s"]
        print(f"{name:<17}" + "".join(f"{qps.get(c, float('nan')):>10.1f}" for c in levels)
              + f"{(mm * 1000 if mm is not None else float('nan')):>24.1f}")
    print("\nratios (latency: geometric mean over shared queries of their median / ours; > 1 = faster)")
    for name, entry in summary.items():
        ratios = {k: v for k, v in entry.items() if "_vs_" in k}
        if ratios:
            print(f"{name:<17}" + "  ".join(f"{k}={v:.2f}" for k, v in ratios.items()))
    if mismatches:
        print("\n!!! RESULT COUNT MISMATCH !!!")
        for line in mismatches:
            print(f"!!! {line}")
    else:
        print("\nresult counts: all systems agree")


def _fmt(value) -> str:
    return f"{value:.2f}" if isinstance(value, (int, float)) else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="conflictkg benchmark: conflictkg serve vs oxigraph serve vs rdflib-endpoint")
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000], metavar="N",
                        help="corpus sizes (default: 1000 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--systems", default=",".join(ALL_SYSTEMS), help=f"comma-separated subset of {', '.join(ALL_SYSTEMS)}")
    parser.add_argument("--rdflib-max-articles", type=int, default=1000,
                        help="skip rdflib-endpoint above this N (it needed ~5 min to parse 1M quads)")
    parser.add_argument("--queries", type=lambda s: s.split(","), metavar="PATTERN,...",
                        help="only queries whose name matches one of these glob patterns, e.g. 'point-*,queries/*'")
    parser.add_argument("--no-named-queries", action="store_true", help="leave out queries/*.rq")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (at most)")
    parser.add_argument("--query-budget", type=float, default=8.0, help="seconds of timed runs per query")
    parser.add_argument("--concurrency", type=lambda s: [int(x) for x in s.split(",")], default=[1, 4, 8])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per concurrency level")
    parser.add_argument("--max-requests", type=int, default=400, help="requests per concurrency level")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a query counts as a timeout")
    parser.add_argument("--max-restarts", type=int, default=3,
                        help="restarts of a system that stops answering after a timeout (rdflib-endpoint)")
    parser.add_argument("--load-timeout", type=float, default=1800.0)
    parser.add_argument("--start-timeout", type=float, default=300.0)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(chosen) - set(ALL_SYSTEMS)
    if unknown:
        parser.error(f"unknown systems {sorted(unknown)}; choose from {', '.join(ALL_SYSTEMS)}")
    # SIGTERM ends the run like Ctrl-C: the finally/with blocks stop every server.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))

    report = {"command": " ".join([Path(sys.argv[0]).name] + (argv if argv is not None else sys.argv[1:])),
              "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": systems.machine(),
              "versions": systems.versions(), "settings": {k: (str(v) if isinstance(v, Path) else v)
                                                           for k, v in vars(args).items()}, "runs": []}
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    results_path = args.out / f"results-{stamp}.json"
    any_mismatch = False
    try:
        for n in args.articles:
            corpus, quads, params = ensure_corpus(args.out, n, args.seed)
            queries, skipped = query_mix(params, not args.no_named_queries)
            if args.queries:
                queries = [q for q in queries if any(fnmatch.fnmatch(q.name, pattern) for pattern in args.queries)]
            for line in skipped:
                log(f"skipped {line}")
            workdir = args.out / f"run-{n}"
            here = [name for name in chosen if name != "rdflib-endpoint" or n <= args.rdflib_max_articles]
            if len(here) < len(chosen):
                log(f"rdflib-endpoint skipped at N={n} (> --rdflib-max-articles {args.rdflib_max_articles})")
            results = run_size(here, corpus, quads, queries, workdir, args)
            mismatches = compare_counts(results, queries)
            summary = summarise(results, queries)
            any_mismatch |= bool(mismatches)
            report["runs"].append({"articles": n, "quads": quads, "params": params, "skipped_queries": skipped,
                                   "queries": {q.name: {"mix": q.mix, "source": q.source} for q in queries},
                                   "results": results, "summary": summary, "count_mismatches": mismatches})
            results_path.write_text(json.dumps(report, indent=1))
            print_tables(n, quads, results, queries, summary, mismatches)
    except KeyboardInterrupt:
        log("interrupted: every server was stopped")
        results_path.write_text(json.dumps(report, indent=1))
        return 130
    (args.out / "results-latest.json").write_text(json.dumps(report, indent=1))
    print(f"\nresults: {results_path}")
    return 1 if any_mismatch else 0


if __name__ == "__main__":
    sys.exit(main())
