"""Shared fixtures: a small built store, the app over it (with its real zygote and worker
processes), and a real ``conflictkg serve`` on a free loopback port.

Fixtures are module-scoped where they start processes, so that each test module pays for one
server; tests that write use their own graphs or clean up after themselves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

DATA = Path(__file__).parent / "data"
WEB_DATA = DATA / "web"
UPDATE_TOKEN = "test-token"


def build_test_store(path: Path, files: list[Path] | None = None) -> Path:
    """A store directory holding ``files`` (default: the server tests' sample graph)."""
    store = ox.Store(str(path))
    for file in files if files is not None else [WEB_DATA / "sample.trig"]:
        store.bulk_load(path=str(file), format=ox.RdfFormat.from_extension(file.suffix.lstrip(".")))
    store.flush()
    del store
    return path


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    return build_test_store(tmp_path_factory.mktemp("store") / "store")


def make_settings(store: Path, **overrides):
    from conflictkg.settings import Settings

    values = dict(store_path=store, update_token=UPDATE_TOKEN, query_timeout=10.0, queries_dir=str(WEB_DATA),
                  data_root=store.parent)
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="module")
def client(sample_store) -> Iterator:
    """An in-process client of the app over a copy of the sample store (real worker processes)."""
    from fastapi.testclient import TestClient

    from conflictkg.executor.embedded import EmbeddedQueryService
    from conflictkg.web import create_app

    settings = make_settings(sample_store)
    app = create_app(EmbeddedQueryService(sample_store, settings), settings)
    with TestClient(app) as test_client:  # the lifespan starts and stops the query processes
        yield test_client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    token: str | None

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def start_server(store: Path | None, *extra: str, token: str | None = UPDATE_TOKEN, env: dict | None = None,
                 timeout: float = 60.0) -> LiveServer:
    """Start ``conflictkg serve`` and wait until /health answers (polling, never sleeping blindly).
    ``store`` None: no --store (e.g. ``--endpoint URL`` in ``extra``)."""
    port = free_port()
    args = [sys.executable, "-m", "conflictkg", "serve", *(["--store", str(store)] if store else []),
            "--port", str(port), "--log-level", "warning", *extra]
    if token:
        args += ["--update-token", token]
    process = subprocess.Popen(args, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"conflictkg serve exited with code {process.returncode} before answering")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return LiveServer(url, process, token)
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    stop_server(LiveServer(url, process, token))
    raise RuntimeError(f"conflictkg serve did not answer /health within {timeout} s")


def stop_server(server: LiveServer) -> None:
    server.process.send_signal(signal.SIGINT)
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """A real ``conflictkg serve`` over its own copy of the sample store, with updates on."""
    store = build_test_store(tmp_path_factory.mktemp("live") / "store")
    server = start_server(store, "--query-timeout", "20")
    yield server
    stop_server(server)
