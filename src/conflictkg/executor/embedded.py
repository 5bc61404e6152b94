"""``QueryService`` over the embedded pyoxigraph store: durable on disk, answered from memory.

Design (DESIGN.md, "Storage and execution" and "Performance facts"):

- **Serve from memory.** The on-disk store is the durable copy, opened read-write by this
  (the server's) process only. At start-up a fresh, single-threaded *zygote* process
  (``python -m conflictkg.executor.zygote``) loads the store's serving snapshot (N-Quads beside
  the store, ``store.serving_snapshot``) straight from its file into an in-memory store: queries
  over memory are 3-10x faster than over RocksDB. Without a valid snapshot the store is dumped
  once into a new one (about 7 s per million quads), which the next start finds. The first write
  removes the snapshot before it touches the disk, so a crash never leaves a stale one.
- **Timeouts that stop work.** pyoxigraph cannot cancel a query, so queries run in *worker*
  processes forked by the zygote (fork from a single-threaded process is safe; children share the
  store's pages copy-on-write). A worker that runs past its deadline is SIGKILLed and the zygote
  forks a replacement; the client gets 503. Workers serialise the complete answer natively into
  a bounded buffer that spills to a temporary file, so a 200 is only ever sent for a complete answer.
- **Writes** (SPARQL Update, Graph Store writes) are serialised by a lock, committed to disk as one
  transaction, then applied to the zygote's memory store; idle workers are then replaced (busy ones
  when they finish), so every query that starts after a write returns sees it.
- **Admission**: at most ``settings.query_workers`` queries run at once, ``max_queued_queries`` wait,
  the rest get 429 (see ``pool``).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import SCHEMA
from ..settings import Settings
from ..store import serving_snapshot
from ..store.embedded import open_store
from .channel import ChannelClosed
from .formats import BY_NAME
from .pool import WorkerPool, Zygote
from .service import (
    Answer, BadRequest, ExecutionError, GraphNotFound, NotAcceptable, QueryRequest, TooManyRows, UpdateRequest,
)
from .sparql_tokens import check_federation, check_load, has_dataset_clause
from .update_dataset import with_protocol_dataset
from ..errors import QuerySyntaxError


def _answer(header: dict, payload: bytes) -> Answer:
    path = header.get("path")
    return Answer(header["kind"], header["format"], content=None if path else payload,
                  path=Path(path) if path else None, encoding=header.get("encoding"))


def _check(header: dict) -> dict:
    if header["status"] == "ok":
        return header
    code, message = header["code"], header.get("message", "")
    if code == "syntax":
        raise QuerySyntaxError.from_parser(SyntaxError(message))
    if code == "not_acceptable":
        raise NotAcceptable(header["kind"])
    if code == "not_found":
        raise GraphNotFound(message)
    if code == "too_many_rows":
        raise TooManyRows(header["limit"])
    raise ExecutionError(message)


def _triple_lines(quads: list[ox.Quad]) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def _graph_term(graph: str | None) -> str:
    return "DEFAULT" if graph is None else f"GRAPH {ox.NamedNode(graph)}"


class EmbeddedQueryService:
    """The embedded store behind the ``QueryService`` interface (see the module docstring)."""

    def __init__(self, store_path: Path, settings: Settings):
        self.store_path = Path(store_path)
        self.settings = settings
        self._disk: ox.Store | None = None
        self._pool: WorkerPool | None = None
        self._zygote: Zygote | None = None
        self._write_lock = asyncio.Lock()
        self._snapshot_kept = False  # True while the store's serving snapshot may still be valid
        self.started_at: float | None = None

    @property
    def updates_enabled(self) -> bool:
        return self.settings.update_token is not None

    # -- life cycle ------------------------------------------------------------------------------

    def start_sync(self, wait: bool = True) -> None:
        """Open the store, start the zygote on the serving snapshot and fork the first workers.
        ``wait=False``: return once the zygote is loading (call again to wait for it), so that the
        caller can do other start-up work meanwhile."""
        if self._pool is not None:
            return
        if self._zygote is None:
            # The snapshot is removed by our first write (``_write_sync``), not now: a server that
            # is only read leaves it for the next start.
            self._disk = open_store(self.store_path, keep_snapshot=True)
            self._snapshot_kept = True
            snapshot = serving_snapshot.valid_snapshot(self.store_path)  # checked holding the store's lock
            if snapshot is None:
                snapshot = serving_snapshot.write_from_store(self._disk, self.store_path)
            # Articles whose rights do not allow republishing: their text stays on disk (evidence is
            # checked against it) but never reaches the memory store that queries read.
            withheld = () if self.settings.serve_article_bodies else (str(SCHEMA.articleBody),)
            self._zygote = Zygote(str(snapshot.path), snapshot.named_graphs, self.settings.spill_bytes,
                                  self.settings.spill_dir, withheld)
        if not wait:
            return
        self._zygote.wait_ready()
        self._pool = WorkerPool(self._zygote, self.settings.query_workers, self.settings.max_queued_queries,
                                self.settings.spill_dir)
        self._pool.prefork()
        self.started_at = time.time()

    async def start(self) -> None:
        await asyncio.to_thread(self.start_sync)

    def close_sync(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        elif self._zygote is not None:  # started without waiting, never finished
            self._zygote.stop()
        self._zygote = None
        self._disk = None  # dropping the last reference closes RocksDB and frees its lock

    async def close(self) -> None:
        await asyncio.to_thread(self.close_sync)

    @property
    def pool(self) -> WorkerPool:
        if self._pool is None:
            raise ExecutionError("the query service is not started")
        return self._pool

    def _timeout(self, requested: float | None) -> float:
        limit = self.settings.query_timeout
        return limit if requested is None else max(0.001, min(requested, limit))

    # -- reading ---------------------------------------------------------------------------------

    async def query(self, request: QueryRequest) -> Answer:
        check_federation(request.query, self.settings.allow_service)
        message = {
            "op": "query", "query": request.query, "formats": request.formats, "base_iri": request.base_iri,
            "default_graphs": list(request.default_graphs) if request.default_graphs is not None else None,
            "named_graphs": list(request.named_graphs) if request.named_graphs is not None else None,
            "substitutions": request.substitutions, "prefixes": request.prefixes,
            "max_rows": self.settings.max_result_rows if request.max_rows is None else request.max_rows,
            "union": request.default_graphs is None and not has_dataset_clause(request.query),
            "gzip": request.gzip,
        }
        header, payload = await self.pool.run(message, self._timeout(request.timeout))
        return _answer(_check(header), payload)

    async def describe(self, query: str, format: str, prefixes: dict[str, str] | None = None) -> Answer:
        """A CONSTRUCT for Linked Data pages, written with ``prefixes`` when the format has them."""
        message = {"op": "query", "query": query, "formats": {"graph": format, "results": None},
                   "prefixes": prefixes}
        header, payload = await self.pool.run(message, self._timeout(None))
        return _answer(_check(header), payload)

    async def graph_get(self, graph: str | None, format: str, prefixes: dict[str, str] | None = None) -> Answer:
        header, payload = await self.pool.run({"op": "graph", "graph": graph, "format": format,
                                               "prefixes": prefixes}, self._timeout(None))
        return _answer(_check(header), payload)

    async def graph_exists(self, graph: str | None) -> bool:
        header, _ = await self.pool.run({"op": "exists", "graph": graph}, self._timeout(None))
        return bool(_check(header)["exists"])

    async def dump(self, format: str, exclude_predicates: tuple[str, ...] = ()) -> Answer:
        if BY_NAME[format].writer not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD):
            raise BadRequest(f"a dump needs a dataset format (trig, nquads, jsonld), not {format}")
        # Dumps are not user queries: they get the full limit and are never cut short.
        header, payload = await self.pool.run({"op": "dump", "format": format,
                                               "exclude_predicates": list(exclude_predicates)},
                                              max(self.settings.query_timeout, 600.0))
        return _answer(_check(header), payload)

    async def health(self) -> dict:
        pool = self.pool
        header, _ = await pool.run({"op": "ping"}, min(5.0, self.settings.query_timeout))
        _check(header)
        return {"status": "ok", "store": str(self.store_path), "quads": header["quads"],
                "zygote": pool.zygote.alive(), "workers": pool.size, "answered": pool.stats.answered,
                "timeouts": pool.stats.timeouts, "refused": pool.stats.refused,
                "updates": self.updates_enabled}

    # -- writing ---------------------------------------------------------------------------------

    async def update(self, request: UpdateRequest) -> None:
        check_federation(request.update, self.settings.allow_service)
        check_load(request.update, self.settings.allow_load)
        text = with_protocol_dataset(request.update, request.using_graphs, request.using_named_graphs)
        await self._write(text, request.base_iri)

    async def graph_put(self, graph: str | None, quads: list[ox.Quad]) -> bool:
        created = not await self._exists_on_disk(graph)
        create = "" if graph is None else f"CREATE SILENT {_graph_term(graph)} ;\n"
        body = _triple_lines(quads)
        text = f"CLEAR SILENT {_graph_term(graph)} ;\n{create}"
        if body:
            text += f"INSERT DATA {{ {self._wrap(graph, body)} }}"
        await self._write(text.rstrip(" ;\n"), None)
        return created

    async def graph_post(self, graph: str | None, quads: list[ox.Quad]) -> bool:
        created = not await self._exists_on_disk(graph)
        text = "" if graph is None else f"CREATE SILENT {_graph_term(graph)} ;\n"
        body = _triple_lines(quads)
        if body:
            text += f"INSERT DATA {{ {self._wrap(graph, body)} }}"
        if text:
            await self._write(text.rstrip(" ;\n"), None)
        return created

    async def graph_delete(self, graph: str | None) -> bool:
        if graph is not None and not await self._exists_on_disk(graph):
            return False
        await self._write(f"DROP SILENT {_graph_term(graph)}" if graph else "CLEAR SILENT DEFAULT", None)
        return True

    @staticmethod
    def _wrap(graph: str | None, body: str) -> str:
        return body if graph is None else f"{_graph_term(graph)} {{\n{body}\n}}"

    async def _exists_on_disk(self, graph: str | None) -> bool:
        if graph is None:
            return True
        return await asyncio.to_thread(self._disk.contains_named_graph, ox.NamedNode(graph))

    async def _write(self, text: str, base_iri: str | None) -> None:
        # Shielded: a write whose client hangs up still finishes, holding the lock until it has
        # reached both disk and memory (cancelling it midway would let the next write overtake it).
        await asyncio.shield(asyncio.ensure_future(self._write_locked(text, base_iri)))

    async def _write_locked(self, text: str, base_iri: str | None) -> None:
        async with self._write_lock:
            await asyncio.to_thread(self._write_sync, text, base_iri)

    def _write_sync(self, text: str, base_iri: str | None) -> None:
        if self._snapshot_kept:  # before the first write reaches the disk (serving_snapshot's rule)
            serving_snapshot.invalidate(self.store_path)
            self._snapshot_kept = False
        try:
            self._disk.update(text, base_iri=base_iri)  # one transaction: all of it or nothing
        except SyntaxError as exc:
            raise QuerySyntaxError.from_parser(exc) from None
        except OSError as exc:
            raise ExecutionError(f"the update failed and nothing was written: {exc}") from None
        try:
            reply = self.pool.zygote.call({"op": "update", "update": text, "base_iri": base_iri})
        except (ChannelClosed, OSError) as exc:
            raise ExecutionError(f"the update was saved on disk but the in-memory copy is gone ({exc}); "
                                 "restart the server") from None
        if reply["status"] != "ok":
            raise ExecutionError(f"the update was saved on disk but not applied in memory: {reply['message']}; "
                                 "restart the server to reload it")
        self.pool.invalidate()
