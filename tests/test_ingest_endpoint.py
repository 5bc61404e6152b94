"""``conflictkg ingest --endpoint URL`` while a real ``conflictkg serve`` holds the store: the files
are written, the store is reported as locked, and the graphs reach the running server through
its Graph Store endpoint with the update token."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx

from conflictkg.cli import main
from conflictkg.namespaces import article_graph

from conftest import UPDATE_TOKEN, start_server, stop_server

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((Path(__file__).parent / "data" / "ingest").glob("*.txt"))


def test_ingest_sends_graphs_to_a_running_server(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "data" / "reference").mkdir(parents=True)
    for name in ("actors.ttl", "places.ttl"):
        shutil.copy(ROOT / "data" / "reference" / name, tmp_path / "data" / "reference" / name)
    first, second = ARTICLES
    assert main(["--data", str(tmp_path), "ingest", "--jobs", "1", str(first)]) == 0
    server = start_server(tmp_path / ".conflictkg" / "store")
    try:
        monkeypatch.setenv("CONFLICTKG_UPDATE_TOKEN", UPDATE_TOKEN)
        code = main(["--data", str(tmp_path), "ingest", "--jobs", "1", "--endpoint", f"{server.url}/store", str(second)])
        assert code == 0
        captured = capsys.readouterr()
        assert "locked" in captured.err and "sent 2 graph(s)" in captured.out
        graph = article_graph(second.stem)
        answer = httpx.get(f"{server.url}/store", params={"graph": graph}, headers={"Accept": "application/n-triples"},
                           timeout=30)
        assert answer.status_code == 200
        assert "https://w3id.org/conflictkg/ontology#Event" in answer.text and "Saint-Marc" in answer.text
        assert (tmp_path / "data" / "graphs" / f"{second.stem}.ttl").exists()
    finally:
        stop_server(server)
