"""The systems under test, each started as a server process on 127.0.0.1 and a random free port:
conflictkg serve (embedded store), oxigraph serve on disk, oxigraph serve in memory (loaded over
its Graph Store endpoint) and rdflib-endpoint (rdflib's in-memory Dataset, default union).

Every process is started in its own session and killed with its group (``Server.stop``), and
``Servers`` stops all that are still alive, even on Ctrl-C or an exception. Memory is sampled
for the whole process tree (RSS, and PSS from /proc where available: forked query workers share
pages, so the sum of their RSS overstates what they cost).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from workload import Endpoint

PROBE = "ASK { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pss(process: psutil.Process) -> int:
    try:
        with open(f"/proc/{process.pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


class MemorySampler:
    """Peak RSS and PSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.pid)
            return [root] + root.children(recursive=True)
        except psutil.Error:
            return []

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            tree = self._tree()
            rss = 0
            for process in tree:
                try:
                    rss += process.memory_info().rss
                except psutil.Error:
                    pass
            self.peak_rss = max(self.peak_rss, rss)
            if tick % 4 == 0:  # PSS reads smaps: cheap with smaps_rollup, still not every tick
                self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in tree))
            tick += 1
            self._stop.wait(self.interval)

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join(2)
        return {"peak_rss_mib": round(self.peak_rss / 2**20, 1), "peak_pss_mib": round(self.peak_pss / 2**20, 1)}


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    endpoint: Endpoint
    log: Path
    started_at: float
    memory: MemorySampler = field(init=False)

    def __post_init__(self) -> None:
        self.memory = MemorySampler(self.process.pid)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> dict:
        """Kill the server's process group (it runs in its own session); return its peak memory."""
        memory = self.memory.stop()
        if self.alive():
            for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        return memory

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Servers:
    """Every server started in a run, so that all are stopped at the end whatever happens."""

    def __init__(self):
        self.running: list[Server] = []

    def start(self, name: str, argv: list[str], endpoint: Endpoint, log: Path, env: dict | None = None,
              cwd: Path | None = None) -> Server:
        log.parent.mkdir(parents=True, exist_ok=True)
        handle = open(log, "ab")
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
                                   env={**os.environ, **(env or {})}, cwd=cwd)
        handle.close()
        server = Server(name, process, endpoint, log, started)
        self.running.append(server)
        return server

    def stop(self, server: Server) -> dict:
        memory = server.stop()
        if server in self.running:
            self.running.remove(server)
        return memory

    def stop_all(self) -> None:
        for server in list(self.running):
            self.stop(server)

    def __enter__(self) -> "Servers":
        return self

    def __exit__(self, *exc) -> None:
        self.stop_all()


def wait_ready(server: Server, *, timeout: float, health_path: str | None = None) -> float:
    """Poll until the server answers (``health_path`` 200, then a first query); return seconds
    since the process started. Raises RuntimeError when it dies or ``timeout`` passes."""
    deadline = server.started_at + timeout
    with httpx.Client() as client:
        while True:
            if not server.alive():
                raise RuntimeError(f"{server.name} exited with code {server.process.returncode}:\n{server.log_tail()}")
            try:
                if health_path:
                    ok = client.get(server.endpoint.base + health_path, timeout=5).status_code == 200
                else:
                    ok = True
                if ok:
                    response = client.post(server.endpoint.query_url, data={"query": PROBE},
                                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
                    if response.status_code == 200:
                        return time.perf_counter() - server.started_at
            except httpx.HTTPError:
                pass
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{server.name} did not answer within {timeout:.0f} s:\n{server.log_tail()}")
            time.sleep(0.05)


# ---------------------------------------------------------------------------------------------
# How each system is loaded and started.

def _executable(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"`{name}` is not on PATH: install the bench extra (pip install -e '.[bench]')")
    return found


def run_timed(argv: list[str], log: Path, timeout: float, cwd: Path | None = None) -> float:
    """Run a command to completion, output to ``log``; return its wall time."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(log, "ab") as handle:
        process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True, cwd=cwd)
        try:
            code = process.wait(timeout)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
    if code != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-10:])
        raise RuntimeError(f"{' '.join(argv[:3])} … failed with code {code}:\n{tail}")
    return time.perf_counter() - started


def conflictkg_load(corpus: Path, store: Path, log: Path, timeout: float) -> float:
    shutil.rmtree(store, ignore_errors=True)
    return run_timed([_executable("conflictkg"), "load", str(corpus), "--store", str(store)], log, timeout,
                     cwd=store.parent)


def conflictkg_start(servers: Servers, store: Path, log: Path, timeout_s: float) -> Server:
    port = free_port()
    endpoint = Endpoint("conflictkg", f"http://127.0.0.1:{port}", "/sparql", linked_data=True)
    # An empty data root next to the store: serve must use the loaded store, not build one from data/.
    return servers.start("conflictkg", [_executable("conflictkg"), "--data", str(store.parent), "serve",
                                        "--store", str(store), "--host", "127.0.0.1", "--port", str(port),
                                        "--query-timeout", str(timeout_s), "--log-level", "warning"],
                         endpoint, log, cwd=store.parent)


def oxigraph_load(corpus: Path, location: Path, log: Path, timeout: float) -> float:
    shutil.rmtree(location, ignore_errors=True)
    return run_timed([_executable("oxigraph"), "load", "--location", str(location), "--file", str(corpus)],
                     log, timeout)


def oxigraph_start(servers: Servers, location: Path | None, log: Path, timeout_s: float) -> Server:
    port = free_port()
    name = "oxigraph-disk" if location else "oxigraph-mem"
    argv = [_executable("oxigraph"), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph",
            "--timeout-s", str(int(timeout_s))]
    if location:
        argv += ["--location", str(location)]
    return servers.start(name, argv, Endpoint(name, f"http://127.0.0.1:{port}", "/query"), log)


def oxigraph_post_dataset(server: Server, corpus: Path, timeout: float) -> float:
    """Load the corpus into a running oxigraph over the Graph Store protocol (POST /store)."""
    started = time.perf_counter()
    with open(corpus, "rb") as body:
        response = httpx.post(server.endpoint.base + "/store", content=body,
                              headers={"Content-Type": "application/n-quads"}, timeout=timeout)
    if response.status_code not in (200, 201, 204):
        raise RuntimeError(f"POST /store answered {response.status_code}: {response.text[:300]}")
    return time.perf_counter() - started


def rdflib_start(servers: Servers, corpus: Path, log: Path) -> Server:
    port = free_port()
    endpoint = Endpoint("rdflib-endpoint", f"http://127.0.0.1:{port}", "/")
    return servers.start("rdflib-endpoint", [_executable("rdflib-endpoint"), "serve", str(corpus),
                                             "--host", "127.0.0.1", "--port", str(port)], endpoint, log)


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version
    found = {"python": sys.version.split()[0]}
    for package in ("conflictkg", "pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "fastapi", "uvicorn", "httpx"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "ram_gib": round(psutil.virtual_memory().total / 2**30, 1), "cpu": cpu,
            "platform": sys.platform}
