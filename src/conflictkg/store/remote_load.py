"""``conflictkg build --endpoint``: the repository's graphs loaded into a remote SPARQL store.

The ontology, the reference data and every article graph (its article text joined, as
``dataset.source_quads`` gives it) are written one named graph at a time with a Graph Store PUT
(or, without a Graph Store endpoint, one SPARQL Update ``DROP … ; INSERT DATA …`` per graph): each
graph is replaced whole, so running the command twice leaves the same store.

To skip work, the content hash of each graph's files (``dataset.content_hash``, the same key as
the embedded store's manifest) is kept *in the remote store*, in a small manifest graph
``{GRAPH}build-manifest`` (``<graph> dcterms:identifier "sha256:…"``). A graph whose hash is
unchanged and that still exists remotely is skipped. The manifest is written after the graphs it
describes (every ``MANIFEST_EVERY`` graphs and at the end, also after a failure), so a crash can
only make the next run load a graph again, never skip one that changed. Graphs this command
loaded before and that are gone from the repository are dropped; graphs it never loaded are
never touched.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from ..dataset import GraphSource, Repository, content_hash, source_quads
from ..errors import StoreError
from ..namespaces import DCTERMS, GRAPH
from .remote import RemoteStore, gsp_params, ntriples, remote_error, replace_graph_update

MANIFEST_GRAPH = f"{GRAPH}build-manifest"
HASH_PROPERTY = str(DCTERMS.identifier)
MANIFEST_EVERY = 100
WRITE_TIMEOUT = 600.0


@dataclass(frozen=True)
class RemoteLoadReport:
    graphs: int  # graphs in the repository
    loaded: int  # written this run
    skipped: int  # unchanged since the last run
    removed: int  # dropped: loaded before, gone from the repository
    quads: int  # quads written this run


class RemoteGraphs:
    """Whole-graph reads and writes on a remote store (synchronous: a command-line job)."""

    def __init__(self, remote: RemoteStore, client):
        if not remote.writable:
            raise StoreError("loading a remote store needs its Graph Store endpoint (--gsp-endpoint) or its "
                             "SPARQL Update endpoint (--update-endpoint)")
        self.remote, self.client = remote, client

    def select(self, query: str) -> list:
        response = self.client.post(self.remote.query_url, data={"query": query},
                                    headers={"Accept": "application/sparql-results+json"})
        if response.status_code != 200:
            raise StoreError(str(remote_error(response.status_code, response.text, "query")))
        return list(ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON))

    def put(self, graph: str, quads: list[ox.Quad]) -> None:
        if self.remote.gsp_url:
            response = self.client.put(self.remote.gsp_url, params=gsp_params(graph), content=ntriples(quads),
                                       headers={"Content-Type": "application/n-triples"})
            what = "graph store"
        else:
            response = self._update(replace_graph_update(graph, quads))
            what = "update"
        if response.status_code not in (200, 201, 204):
            raise StoreError(f"writing <{graph}>: {remote_error(response.status_code, response.text, what)}")

    def drop(self, graph: str) -> None:
        if self.remote.gsp_url:
            response = self.client.delete(self.remote.gsp_url, params=gsp_params(graph))
            if response.status_code in (200, 204, 404):
                return
        else:
            response = self._update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
            if response.status_code in (200, 204):
                return
        raise StoreError(f"dropping <{graph}>: {remote_error(response.status_code, response.text, 'graph store')}")

    def _update(self, text: str):
        return self.client.post(self.remote.update_url, content=text.encode(),
                                headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def named_graphs(self) -> set[str]:
        return {row["g"].value for row in self.select("SELECT ?g WHERE { GRAPH ?g { } }")
                if isinstance(row["g"], ox.NamedNode)}

    def read_manifest(self) -> dict[str, str]:
        rows = self.select(f"SELECT ?g ?h WHERE {{ GRAPH {ox.NamedNode(MANIFEST_GRAPH)} "
                           f"{{ ?g {ox.NamedNode(HASH_PROPERTY)} ?h }} }}")
        return {row["g"].value: row["h"].value.removeprefix("sha256:") for row in rows
                if isinstance(row["g"], ox.NamedNode)}

    def write_manifest(self, manifest: dict[str, str]) -> None:
        hashed = ox.NamedNode(HASH_PROPERTY)
        self.put(MANIFEST_GRAPH, [ox.Quad(ox.NamedNode(g), hashed, ox.Literal(f"sha256:{h}"))
                                  for g, h in sorted(manifest.items())])


def load_repository(repo: Repository, remote: RemoteStore, *, force: bool = False,
                    progress: Callable[[GraphSource, bool], None] | None = None) -> RemoteLoadReport:
    """Write the repository's graphs into the remote store (see the module docstring).
    ``progress(source, written)`` is called once per graph."""
    import httpx

    try:
        with httpx.Client(**remote.client_options(), timeout=WRITE_TIMEOUT) as client:
            return _load(RemoteGraphs(remote, client), repo, force, progress)
    except httpx.HTTPError as exc:
        raise StoreError(f"the remote store stopped answering ({exc or type(exc).__name__}); run the command "
                         "again: graphs already written are skipped") from None


def _load(graphs: RemoteGraphs, repo: Repository, force: bool,
          progress: Callable[[GraphSource, bool], None] | None) -> RemoteLoadReport:
    manifest = graphs.read_manifest()
    present = graphs.named_graphs()
    wanted = {source.graph for source in repo.sources}
    loaded = skipped = removed = quads_written = 0
    dirty = False
    try:
        for source in repo.sources:
            digest = content_hash(source.all_files)
            if not force and manifest.get(source.graph) == digest and source.graph in present:
                skipped += 1
                if progress:
                    progress(source, False)
                continue
            quads = list(source_quads(source))  # parse first: a syntax error leaves the graph as it was
            graphs.put(source.graph, quads)
            manifest[source.graph] = digest
            dirty = True
            loaded += 1
            quads_written += len(quads)
            if progress:
                progress(source, True)
            if loaded % MANIFEST_EVERY == 0:
                graphs.write_manifest(manifest)
                dirty = False
        for graph in sorted(set(manifest) - wanted):
            graphs.drop(graph)
            del manifest[graph]
            dirty = True
            removed += 1
    except BaseException:
        if dirty:  # record what was written, so that the next run skips it; the first error is the one to report
            with contextlib.suppress(Exception):
                graphs.write_manifest(manifest)
        raise
    if dirty:
        graphs.write_manifest(manifest)
    return RemoteLoadReport(len(repo.sources), loaded, skipped, removed, quads_written)


__all__ = ["HASH_PROPERTY", "MANIFEST_GRAPH", "RemoteGraphs", "RemoteLoadReport", "load_repository"]
