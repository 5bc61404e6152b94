"""``python bench/soak.py [N] --duration S --concurrency C``: a soak test of ``conflictkg serve``.

Generates (or reuses) the synthetic corpus of N articles (bench/generate.py; N=10,000 is about a
million quads), loads it into a store under bench/out/ (reused), starts a real ``conflictkg serve``
on a free loopback port, and sends the interactive query mix of bench/queries/ (point lookups,
label search, dereferencing, small CONSTRUCTs …) plus /health from C client threads for S seconds.
Every 2 s it samples the memory of the server's process tree (RSS of the server, and the PSS of
the zygote and its workers, which share pages copy-on-write). At the end it prints requests,
errors, throughput, latency percentiles and memory (start, after warm-up, peak, end); it exits 1
when any request failed or when memory grew more than ``--max-growth`` (default 25 %) past its
level after the warm-up (the first fifth of the run). All traffic goes to 127.0.0.1, bounded in
count (``--max-requests``) and time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import params_path, write_corpus  # noqa: E402
from workload import ACCEPT, load_queries  # noqa: E402

OUT = HERE / "out"


def corpus(articles: int, seed: int) -> Path:
    path = OUT / f"corpus-{articles}-s{seed}.nq"
    if not path.exists() or not params_path(path).exists():
        print(f"generating {path.name} …", file=sys.stderr)
        write_corpus(articles, seed, path)
    return path


def store_for(corpus_path: Path) -> Path:
    store = OUT / f"soak-store-{corpus_path.stem}"
    if not store.exists():
        print(f"loading {corpus_path.name} into {store} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "conflictkg", "load", "--store", str(store), str(corpus_path)], check=True)
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: Path, workers: int, timeout: float, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "conflictkg", "serve", "--store", str(store), "--port", str(port), "--workers",
         str(workers), "--query-timeout", str(timeout), "--log-level", "warning", "--access-log", str(log)],
        stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"conflictkg serve exited with {process.returncode}")
        try:
            if httpx.get(url + "/health", timeout=5).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not answer /health within 10 minutes")


def memory(pid: int) -> dict[str, float]:
    """MiB: the server's RSS, and the PSS of the zygote and its workers (shared pages split)."""
    server = psutil.Process(pid)
    children = server.children(recursive=True)
    pss = 0
    for child in children:
        try:
            pss += child.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return {"server_rss": server.memory_info().rss / 2**20, "query_pss": pss / 2**20,
            "total": (server.memory_info().rss + pss) / 2**20, "processes": 1 + len(children)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of load (default 180)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="query workers of the server (default 2)")
    parser.add_argument("--timeout", type=float, default=30.0, help="the server's query time limit")
    parser.add_argument("--max-growth", type=float, default=0.25, help="allowed memory growth after warm-up")
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    corpus_path = corpus(args.articles, args.seed)
    params = json.loads(params_path(corpus_path).read_text())
    mix = [q for q in load_queries(HERE / "queries", params, "bench")[0] if q.mix == "interactive"]
    store = store_for(corpus_path)
    log = OUT / "soak-access.log"
    log.unlink(missing_ok=True)
    started_server = time.monotonic()
    process, url = start(store, args.workers, args.timeout, log)
    startup = time.monotonic() - started_server
    print(f"server up in {startup:.1f} s; {len(mix)} queries in the mix: {', '.join(q.name for q in mix)}",
          file=sys.stderr)

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + args.duration
    budget = {"left": args.max_requests}

    def client(index: int) -> None:
        rng = random.Random(args.seed * 1000 + index)
        with httpx.Client(timeout=args.timeout + 30) as http:
            while time.monotonic() < stop_at:
                with lock:
                    if budget["left"] <= 0:
                        return
                    budget["left"] -= 1
                query = rng.choice(mix)
                began = time.perf_counter()
                try:
                    if rng.random() < 0.02:
                        answer = http.get(url + "/health")
                    elif query.deref_path:
                        answer = http.get(url + query.deref_path, headers={"Accept": "text/turtle"})
                    else:
                        answer = http.post(url + "/sparql", data={"query": query.text},
                                           headers={"Accept": ACCEPT[query.form]})
                    failure = None if answer.status_code == 200 else f"{query.name}: HTTP {answer.status_code} {answer.text[:200]}"
                except httpx.HTTPError as exc:
                    failure = f"{query.name}: {type(exc).__name__} {exc}"
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.append(elapsed)
                    if failure:
                        errors.append(failure)

    samples: list[tuple[float, dict]] = []
    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.concurrency)]
    began = time.monotonic()
    samples.append((0.0, memory(process.pid)))
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        time.sleep(2)
        samples.append((time.monotonic() - began, memory(process.pid)))
    ran = time.monotonic() - began
    health = httpx.get(url + "/health", timeout=10).json()
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)

    warm = [m["total"] for t, m in samples if t >= ran / 5] or [samples[-1][1]["total"]]
    after_warmup, peak, end = warm[0], max(m["total"] for _, m in samples), samples[-1][1]["total"]
    growth = (max(warm) - after_warmup) / after_warmup
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000 if ordered else float("nan")

    figures = {
        "articles": args.articles, "quads": health.get("quads"), "duration_s": round(ran, 1),
        "concurrency": args.concurrency, "workers": args.workers, "startup_s": round(startup, 1),
        "requests": len(latencies), "errors": len(errors), "throughput_rps": round(len(latencies) / ran, 1),
        "latency_ms": {"p50": round(pct(0.5), 1), "p95": round(pct(0.95), 1), "p99": round(pct(0.99), 1),
                       "max": round(ordered[-1] * 1000, 1) if ordered else None},
        "memory_mib": {"start": round(samples[0][1]["total"]), "after_warmup": round(after_warmup),
                       "peak": round(peak), "end": round(end), "growth_after_warmup": f"{growth:.1%}",
                       "server_rss_end": round(samples[-1][1]["server_rss"])},
        "server": {k: health.get(k) for k in ("answered", "timeouts", "refused")},
    }
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    for failure in errors[:10]:
        print("error:", failure, file=sys.stderr)
    ok = not errors and growth <= args.max_growth
    print("soak:", "PASS" if ok else "FAIL", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
