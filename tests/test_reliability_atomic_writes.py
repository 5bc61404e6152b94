"""Writes are atomic: ``conflictkg build``, ``load`` and ``ingest`` are killed with SIGKILL at
random (seeded) moments, and afterwards the store and data/ hold the old or the new state of
every article graph, never half of one; the store opens and answers, scratch copies of killed
runs are cleaned up, and at the end ``conflictkg serve`` starts on the store."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from conflictkg.namespaces import article_graph
from conflictkg.store.embedded import open_store
from conftest import start_server, stop_server

ARTICLES = 300
TRIPLES = 120
SEED = 20240611
INGEST_ARTICLES = sorted((Path(__file__).parent / "data" / "ingest").glob("*.txt"))
MARKER = "http://example.org/version"


def slug(i: int) -> str:
    return f"2024-01-01-generated-article-{i:04d}"


def write_graphs(root: Path, version: str) -> None:
    """Every article graph of the generated repository, each triple carrying ``version``; files are
    replaced by rename, as an editor or git would."""
    graphs = root / "data" / "graphs"
    graphs.mkdir(parents=True, exist_ok=True)
    for i in range(ARTICLES):
        lines = [f'<https://w3id.org/conflictkg/id/event/{slug(i)}-e{j}> <{MARKER}> "{version}" .'
                 for j in range(TRIPLES)]
        partial = graphs / f".{slug(i)}.partial"
        partial.write_text("\n".join(lines) + "\n")
        partial.replace(graphs / f"{slug(i)}.ttl")


def versions_by_graph(store: ox.Store) -> dict[str, tuple[str, int]]:
    """{graph: (the one version its triples carry, how many)}; "mixed" when they disagree."""
    rows = store.query(f"SELECT ?g (MIN(?v) AS ?lo) (MAX(?v) AS ?hi) (COUNT(*) AS ?n) "
                       f"{{ GRAPH ?g {{ ?s <{MARKER}> ?v }} }} GROUP BY ?g")
    return {r["g"].value: (r["lo"].value if r["lo"].value == r["hi"].value else "mixed", int(r["n"].value))
            for r in rows}


def conflictkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "conflictkg", *args]


def kill_at(command: list[str], delay: float, cwd: Path | None = None) -> int | None:
    """Run ``command``, SIGKILL it after ``delay`` seconds; its exit code when it finished first."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL)
    try:
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None


def check_store(store_path: Path, expected: dict[str, dict[str, int]]) -> dict[str, tuple[str, int]]:
    """Open the store as the server does (finishing an interrupted swap) and check that every graph
    is in one of its expected states {version: triple count} — never mixed, never partly there."""
    store = open_store(store_path)
    try:
        found = versions_by_graph(store)
    finally:
        del store
    for graph, states in expected.items():
        version, count = found.get(graph, ("absent", 0))
        assert version in states and states[version] == count, (graph, version, count, states)
    return found


def leftovers(store_path: Path) -> list[str]:
    return sorted(p.name for p in store_path.parent.iterdir() if p.name != store_path.name)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    (root / "data" / "reference").mkdir(parents=True)
    write_graphs(root, "v1")
    return root


def test_build_and_load_killed_at_random_moments(repo, tmp_path):
    rng = random.Random(SEED)
    store_path = repo / ".conflictkg" / "store"
    started = time.monotonic()
    subprocess.run(conflictkg("--data", str(repo), "build"), check=True, capture_output=True)
    build_time = time.monotonic() - started
    graphs = [article_graph(slug(i)) for i in range(ARTICLES)]
    both = {"v1": TRIPLES, "v2": TRIPLES}
    check_store(store_path, {g: {"v1": TRIPLES} for g in graphs})

    # Kill moments are drawn inside the measured run time; a run that still finishes first (a busy or
    # a quiet machine changes the timing) does not count, so go on, bounded, until enough were killed.
    current, kills, finished, attempts = "v1", 0, 0, 0
    while kills < 12 and attempts < 30:
        attempts += 1
        target = "v2" if current == "v1" else "v1"
        write_graphs(repo, target)
        code = kill_at(conflictkg("--data", str(repo), "build"), rng.uniform(0.05, build_time * 0.8))
        kills += code is None
        assert code in (None, 0)
        found = check_store(store_path, {g: both for g in graphs})
        # a build swaps the whole store: all graphs are of one version
        states = {version for version, _ in found.values()}
        assert len(states) == 1, states
        current = states.pop()
        finished += current == target
        assert not [name for name in leftovers(store_path) if ".new-" in name or name.endswith(".old")]

    # conflictkg load: an N-Quads file of 100 more graphs, killed while it loads
    extra = tmp_path / "extra.nq"
    extra_graphs = [f"http://example.org/loaded/{i}" for i in range(100)]
    extra.write_text("".join(f'<http://example.org/s{i}-{j}> <{MARKER}> "loaded" <{g}> .\n'
                             for i, g in enumerate(extra_graphs) for j in range(TRIPLES)))
    subprocess.run(conflictkg("--data", str(repo), "build"), check=True, capture_output=True)
    before = check_store(store_path, {})
    started = time.monotonic()
    probe = repo.parent / "probe-store"
    shutil.copytree(store_path, probe)
    subprocess.run(conflictkg("load", "--store", str(probe), str(extra)), check=True, capture_output=True)
    load_time = time.monotonic() - started
    shutil.rmtree(probe)
    loaded = False
    load_kills, attempts = 0, 0
    while load_kills < 6 and attempts < 15:
        attempts += 1
        code = kill_at(conflictkg("load", "--store", str(store_path), str(extra)), rng.uniform(0.05, load_time * 0.8))
        load_kills += code is None
        kills += code is None
        found = check_store(store_path, {**{g: {before[g][0]: before[g][1]} for g in graphs},
                                         **{g: {"absent": 0, "loaded": TRIPLES} for g in extra_graphs}})
        states = {found.get(g, ("absent", 0))[0] for g in extra_graphs}
        assert len(states) == 1, states  # one load is one swap: all of its graphs or none
        loaded = states == {"loaded"}
        if loaded:  # start again from a store without them
            subprocess.run(conflictkg("--data", str(repo), "build", "--force"), check=True, capture_output=True)
        assert not [name for name in leftovers(store_path) if ".new-" in name or name.endswith(".old")]

    assert kills >= 15, f"only {kills} runs were killed before they finished"
    print(f"\nFIGURE atomic writes: build {build_time:.2f} s, load {load_time:.2f} s, {kills} kills, "
          f"{finished} builds finished first")

    # the server starts on what is left
    server = start_server(store_path, token=None)
    try:
        answer = httpx.get(server.url + "/sparql", headers={"Accept": "application/sparql-results+json"},
                           params={"query": f"SELECT (COUNT(DISTINCT ?g) AS ?n) {{ GRAPH ?g {{ ?s <{MARKER}> ?v }} }}"})
        assert answer.status_code == 200
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) in (ARTICLES, ARTICLES + len(extra_graphs))
    finally:
        stop_server(server)


def repository_state(root: Path, slug_: str) -> str:
    """An ingested article in data/: "absent", "complete" (text and parseable graph), else "half"."""
    text = root / "data" / "articles" / f"{slug_}.txt"
    graph = root / "data" / "graphs" / f"{slug_}.ttl"
    if not graph.exists():
        return "absent"
    try:
        quads = list(ox.parse(path=str(graph), format=ox.RdfFormat.TURTLE))
    except SyntaxError:
        return "half"
    return "complete" if text.exists() and quads else "half"


@pytest.mark.skipif(len(INGEST_ARTICLES) < 2, reason="needs the ingest test articles")
def test_ingest_killed_at_random_moments(tmp_path):
    rng = random.Random(SEED + 1)
    main = Path(__file__).parent.parent
    template = tmp_path / "template"
    (template / "data").mkdir(parents=True)
    shutil.copytree(main / "data" / "reference", template / "data" / "reference")
    subprocess.run(conflictkg("--data", str(template), "build"), check=True, capture_output=True)
    args = [str(p) for p in INGEST_ARTICLES]
    started = time.monotonic()
    done = tmp_path / "done"
    shutil.copytree(template, done)
    subprocess.run(conflictkg("--data", str(done), "ingest", *args), check=True, capture_output=True)
    ingest_time = time.monotonic() - started
    slugs = [p.stem for p in INGEST_ARTICLES]
    complete_store = versions_of(done / ".conflictkg" / "store", slugs)

    kills = 0
    attempt = 0
    # Kill moments are drawn inside the measured run time; a run that still finishes first on a
    # loaded machine does not count, so keep going (bounded) until four runs were really killed.
    while kills < 4 and attempt < 12:
        root = tmp_path / f"run{attempt}"
        attempt += 1
        shutil.copytree(template, root)
        kills += kill_at(conflictkg("--data", str(root), "ingest", *args), rng.uniform(0.2, 0.8 * ingest_time)) is None
        for s in slugs:
            assert repository_state(root, s) in ("absent", "complete"), (attempt, s)
        found = versions_of(root / ".conflictkg" / "store", slugs)
        for s in slugs:
            assert found[s] in (0, complete_store[s]), (attempt, s, found[s], complete_store[s])
    # a later ingest recovers and finishes the job
    subprocess.run(conflictkg("--data", str(root), "ingest", *args), check=True, capture_output=True)
    assert all(repository_state(root, s) == "complete" for s in slugs)
    assert versions_of(root / ".conflictkg" / "store", slugs) == complete_store
    assert kills >= 3, f"only {kills} of {attempt} ingest runs were killed before they finished"
    print(f"\nFIGURE ingest: {ingest_time:.2f} s, {kills} of {attempt} runs killed")


def versions_of(store_path: Path, slugs: list[str]) -> dict[str, int]:
    """Triples per article graph in the store (0: absent)."""
    store = open_store(store_path)
    try:
        return {s: len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(article_graph(s)))))
                for s in slugs}
    finally:
        del store
