"""The README's examples keep working: every `conflictkg query` line runs on the repository's data,
every `curl` line against the HTTP API answers 200 from a real server over that data, and every
command of the CLI list exists. Docs that a test runs cannot drift."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import httpx
import pytest

from conftest import start_server, stop_server
from conflictkg.cli import build_parser, main
from conflictkg.dataset import repository
from conflictkg.store.embedded import build_store

REPO_ROOT = Path(__file__).resolve().parent.parent
README = (REPO_ROOT / "README.md").read_text()
SHELL_LINES = [line.strip() for block in re.findall(r"```sh\n(.*?)```", README, re.S) for line in block.splitlines()]
QUERY_LINES = [line for line in SHELL_LINES if line.startswith("conflictkg query ")]
CURL_LINES = [line for line in SHELL_LINES if line.startswith("curl ")]


@pytest.fixture(scope="module")
def repo_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("readme") / "store"
    build_store(repository(REPO_ROOT), path)
    return path


def test_the_readme_has_examples():
    assert len(QUERY_LINES) >= 3 and len(CURL_LINES) >= 3
    assert "pip install . && conflictkg serve" in README and "./scripts/test" in README


@pytest.mark.parametrize("line", QUERY_LINES)
def test_query_example_runs(line, repo_store, capsys):
    args = shlex.split(line)[1:]
    assert main(["--data", str(REPO_ROOT), *args, "--store", str(repo_store)]) == 0
    out = capsys.readouterr().out
    assert out.strip() and "(0 rows)" not in out


def test_every_documented_command_exists():
    documented = set(re.findall(r"^conflictkg (\w+)", README, re.M))
    commands = set(build_parser()._subparsers._group_actions[0].choices)  # noqa: SLF001 - argparse has no public API
    assert documented and documented <= commands, documented - commands


@pytest.fixture(scope="module")
def repo_server(repo_store):
    server = start_server(repo_store, token=None)
    yield server
    stop_server(server)


@pytest.mark.parametrize("line", CURL_LINES)
def test_curl_example_answers(line, repo_server):
    args = shlex.split(line)[1:]
    url = next(a for a in args if a.startswith("http"))
    headers = dict(args[i + 1].split(": ", 1) for i, a in enumerate(args) if a == "-H")
    data = [args[i + 1] for i, a in enumerate(args) if a == "--data-urlencode"]
    url = url.replace("http://127.0.0.1:8000", repo_server.url)
    if data:
        answer = httpx.post(url, data=dict(d.split("=", 1) for d in data), headers=headers, timeout=30)
    else:
        answer = httpx.get(url, headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.content
