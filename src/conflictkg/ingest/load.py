"""Bringing the store up to date after the files are written.

Loading (``load_store``), after the files: when the embedded store was built from this
repository and was up to date, the reference graph and each changed article graph are replaced,
one transaction each (``store.embedded.replace_graph``), and the store's manifest is updated; a
stale store is rebuilt (``build_store``, swapped in whole); a store that ``conflictkg load``
filled (no manifest) only gets its graphs replaced. A store held by a running server is
reported as locked: the files are written, and the server picks them up when restarted (its
start-up rebuilds a store whose manifest is out of date), or the graphs can be sent to its Graph
Store endpoint (``push_graphs``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .. import resources
from ..dataset import article_source, repository, source_quads
from ..errors import StoreError
from ..namespaces import REFERENCE_GRAPH, article_graph
from ..rdf_io import write_atomic

if TYPE_CHECKING:
    from .plan import Plan


@dataclass
class LoadOutcome:
    status: str  # "replaced", "built", "rebuilt", "locked"
    graphs: int = 0
    message: str = ""


def store_manifest(root: Path) -> dict[str, str]:
    from ..store.embedded import manifest_for
    return manifest_for(repository(root))


def load_store(plan: Plan, store_path: Path, manifest_before: dict[str, str] | None,
               progress: Callable[[int], None] | None = None) -> LoadOutcome:
    """Bring the embedded store up to date with the written plan (see the module docstring)."""
    from ..store.embedded import MANIFEST, build_store, open_store, read_manifest, replace_graph

    repo = repository(plan.root)
    if not store_path.exists():
        report = build_store(repo, store_path)
        return LoadOutcome("built", report.graphs)
    current = read_manifest(store_path)
    if current is not None and current != manifest_before:
        try:
            report = build_store(repo, store_path, force=True)
        except OSError as exc:
            return _locked(store_path, exc)
        return LoadOutcome("rebuilt", report.graphs)
    try:
        store = open_store(store_path)
    except StoreError as exc:
        if "locked" in str(exc):
            return _locked(store_path, exc)
        raise
    changed = {c.path for c in plan.changed}
    layout = resources.data_layout(plan.root)
    graphs = 0
    if any(p.parent == layout["reference"] for p in changed) or current is None:
        replace_graph(store, REFERENCE_GRAPH, source_quads(repo.reference))
        graphs += 1
    for a in plan.articles:
        graph_file = layout["graphs"] / f"{a.slug}.ttl"
        if graph_file in changed or layout["articles"] / f"{a.slug}.txt" in changed or current is None:
            replace_graph(store, article_graph(a.slug), source_quads(article_source(graph_file, layout["articles"])))
            graphs += 1
        if progress:
            progress(1)
    store.flush()
    del store
    if current is not None:
        write_atomic(store_path / MANIFEST, json.dumps(store_manifest(plan.root), indent=1, sort_keys=True))
    return LoadOutcome("replaced", graphs)


def _locked(store_path: Path, exc: Exception) -> LoadOutcome:
    return LoadOutcome("locked", 0, (
        f"the store at {store_path} is locked by another process (a running `conflictkg serve`?): the files are "
        "written, and the server loads them when it is restarted (it rebuilds a store whose data changed); "
        "or send them to the running server with --endpoint URL and CONFLICTKG_UPDATE_TOKEN"))


def push_graphs(plan: Plan, endpoint: str, token: str | None, timeout: float = 60.0) -> int:
    """Replace the reference graph and the batch's article graphs on a server's Graph Store
    endpoint (``PUT endpoint?graph=IRI``, N-Triples), with ``Authorization: Bearer token``."""
    layout = resources.data_layout(plan.root)
    repo = repository(plan.root)
    jobs: list[tuple[str, Iterable[ox.Quad]]] = [(REFERENCE_GRAPH, source_quads(repo.reference))]
    for a in plan.articles:
        source = article_source(layout["graphs"] / f"{a.slug}.ttl", layout["articles"])
        jobs.append((source.graph, source_quads(source)))
    sent = 0
    for graph, quads in jobs:
        body = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads).encode("utf-8")
        sep = "&" if "?" in endpoint else "?"
        request = urllib.request.Request(f"{endpoint}{sep}graph={urllib.request.quote(graph, safe='')}", data=body,
                                         method="PUT", headers={"Content-Type": "application/n-triples"})
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            raise StoreError(f"the Graph Store at {endpoint} refused <{graph}>: HTTP {exc.code} {detail} "
                             "(is CONFLICTKG_UPDATE_TOKEN the server's --update-token?)") from None
        except urllib.error.URLError as exc:
            raise StoreError(f"cannot reach the Graph Store at {endpoint}: {exc.reason}") from None
        sent += 1
    return sent
