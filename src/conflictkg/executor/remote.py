"""``QueryService`` over a remote SPARQL 1.1 store (Oxigraph server, Jena Fuseki, Virtuoso,
GraphDB, …), reached with httpx over the Query, Update and Graph Store HTTP protocols.

The web layer cannot tell it from the embedded service: same requests, same complete answers,
same errors. What differs, and how it is handled (docs/REMOTE.md has the reasons):

- **Time limits** are forwarded to the engine where it has a per-request parameter
  (``store.remote.timeout_params``) *and* enforced here: at the deadline the HTTP call is
  abandoned and the client gets 503. Waiting for a slot counts against the same deadline.
- **Complete answers only**: the body is received whole (spilling to a temporary file when large)
  and read through pyoxigraph's parsers before anything is sent (``remote_answers``).
- **Parameters** of named queries and of the visual interface's queries are bound as a VALUES block
  (``values_binding``): a remote endpoint has no substitutions.
- **The default graph.** Our queries expect it to be the union of the named graphs. ``start``
  checks: it takes one triple from a named graph and asks whether it is visible without ``GRAPH``.
  If it is, queries go as they are ("union"). If not, and the engine honours Oxigraph's
  ``union-default-graph`` parameter, that is sent ("parameter"). Otherwise every query without a
  dataset of its own is sent with all named graphs as ``default-graph-uri`` and
  ``named-graph-uri`` ("listed": correct on any SPARQL 1.1 engine, slow with many graphs — configure
  the engine's union default graph instead). An empty store is checked again later ("unknown").
- **Admission**: at most ``query_workers`` queries are in flight to the remote, at most
  ``max_queued_queries`` wait; beyond that 429, as with the embedded store.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from contextlib import asynccontextmanager
from pathlib import Path

import pyoxigraph as ox

from ..settings import Settings
from ..store.remote import (
    RemoteStore, add_to_graph_update, detect_engine, gsp_params, is_partial_answer, ntriples, remote_error,
    replace_graph_update, timeout_params,
)
from .formats import BY_NAME
from .remote_answers import Body, accept_header, complete_answer, fetch_format
from .service import Answer, BadRequest, ExecutionError, GraphNotFound, QueryRequest, QueryTimeout, TooBusy, UpdateRequest
from .sparql_tokens import TOKEN, check_federation, check_load
from .update_dataset import with_protocol_dataset
from .values_binding import bind_values

FORM = "application/x-www-form-urlencoded"
JSON_RESULTS = "application/sparql-results+json"
WRITE_TIMEOUT = 600.0  # seconds a write may take on the remote (loading a large graph)
RECHECK_EVERY = 2.0  # seconds between checks of an empty store's default graph
_SCHEME = re.compile(r"^<[A-Za-z][A-Za-z0-9+.-]*:")


def with_base(text: str, base_iri: str | None) -> tuple[str, int]:
    """The text with ``BASE <base_iri>`` first when it holds relative IRIs (which the remote would
    otherwise resolve against its own URL), and how many lines were added."""
    if not base_iri:
        return text, 0
    relative = any(m.lastgroup == "iri" and not _SCHEME.match(m.group()) for m in TOKEN.finditer(text))
    return (f"BASE {ox.NamedNode(base_iri)}\n{text}", 1) if relative else (text, 0)


def names_dataset(text: str) -> bool:
    """Whether a query has FROM / FROM NAMED clauses of its own (outside strings, IRIs, comments)."""
    depth = 0
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        if depth == 0 and kind == "word" and match.group().upper() == "FROM":
            return True
    return False


def _text(body: Body, limit: int = 2000) -> str:
    try:
        if body.content is not None:
            return body.content[:limit].decode("utf-8", "replace")
        with open(body.path, "rb") as handle:
            return handle.read(limit).decode("utf-8", "replace")
    finally:
        body.discard()


class RemoteQueryService:
    """A remote SPARQL store behind the ``QueryService`` interface (see the module docstring)."""

    def __init__(self, settings: Settings, remote: RemoteStore | None = None):
        self.settings = settings
        self.remote = remote or RemoteStore.from_settings(settings)
        self.engine = self.remote.engine
        self.default_graph = "unknown"  # union | parameter | listed | unknown
        self._graphs: list[str] = []
        self._checked_at = 0.0
        self._client = None
        self._slots: asyncio.Semaphore | None = None
        self._waiting = 0
        self._write_lock = asyncio.Lock()
        self.stats = {"answered": 0, "timeouts": 0, "refused": 0}

    @property
    def updates_enabled(self) -> bool:
        return self.settings.update_token is not None and self.remote.writable

    # -- life cycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        import httpx

        if self._client is not None:
            return
        workers = max(1, self.settings.query_workers)
        self._client = httpx.AsyncClient(**self.remote.client_options(), timeout=httpx.Timeout(None),
                                         limits=httpx.Limits(max_connections=workers + 4))
        self._slots = asyncio.Semaphore(workers)
        try:
            status, headers, body = await self._exchange(
                "POST", self.remote.query_url, deadline=min(10.0, self.settings.query_timeout),
                data={"query": "ASK {}"}, headers={"Accept": JSON_RESULTS})
        except (ExecutionError, QueryTimeout) as exc:
            await self.close()
            raise ExecutionError(f"the remote store at {self.remote.query_url} does not answer ({exc}); check "
                                 "--endpoint and that the store is running") from None
        text = _text(body)
        if status != 200:
            await self.close()
            raise remote_error(status, text, "query")
        if self.engine == "auto":
            self.engine = detect_engine(headers.get("server"))
        await self._check_default_graph()

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _timeout(self, requested: float | None) -> float:
        limit = self.settings.query_timeout
        return limit if requested is None else max(0.001, min(requested, limit))

    # -- HTTP ------------------------------------------------------------------------------------

    async def _exchange(self, method: str, url: str, *, deadline: float, **kwargs):
        """Send one request and receive the whole body (spilled when large) before ``deadline``
        seconds; abandon the call when they pass."""
        import httpx

        from .worker import SpillBuffer

        if self._client is None:
            raise ExecutionError("the query service is not started")
        buffer = SpillBuffer(self.settings.spill_bytes, self.settings.spill_dir)
        try:
            async with asyncio.timeout(deadline):
                async with self._client.stream(method, url, **kwargs) as response:
                    async for chunk in response.aiter_bytes():
                        buffer.write(chunk)
        except TimeoutError:
            self._drop(buffer)
            self.stats["timeouts"] += 1
            raise QueryTimeout(deadline) from None
        except httpx.HTTPError as exc:
            self._drop(buffer)
            raise ExecutionError(f"the remote store at {url} failed to answer: {exc or type(exc).__name__}") from None
        content = buffer.finish()
        return response.status_code, response.headers, Body(content, None if content is not None else Path(buffer.path))

    @staticmethod
    def _drop(buffer) -> None:
        buffer.finish()
        if buffer.path:
            try:
                os.unlink(buffer.path)
            except FileNotFoundError:
                pass

    @asynccontextmanager
    async def _admitted(self, deadline_at: float):
        if self._waiting >= self.settings.query_workers + self.settings.max_queued_queries:
            self.stats["refused"] += 1
            raise TooBusy()
        self._waiting += 1
        try:
            try:
                async with asyncio.timeout_at(deadline_at):
                    await self._slots.acquire()
            except TimeoutError:
                self.stats["timeouts"] += 1
                raise QueryTimeout(deadline_at - asyncio.get_running_loop().time()) from None
            try:
                yield
            finally:
                self._slots.release()
        finally:
            self._waiting -= 1

    async def _internal_query(self, query: str, params: dict | None = None):
        """A small query of our own (checks, lookups), parsed: solutions or a boolean."""
        status, headers, body = await self._exchange(
            "POST", self.remote.query_url, deadline=min(30.0, max(5.0, self.settings.query_timeout)),
            params=params or {}, data={"query": query}, headers={"Accept": JSON_RESULTS})
        if status != 200 or is_partial_answer(status, headers):
            raise remote_error(status, _text(body), "query")
        try:
            parsed = ox.parse_query_results(**body.source(), format=ox.QueryResultsFormat.JSON)
            return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else list(parsed)
        except SyntaxError as exc:
            raise ExecutionError(f"the remote store sent a malformed answer to a check: {exc}") from None
        finally:
            body.discard()

    # -- the default graph -----------------------------------------------------------------------

    async def _check_default_graph(self) -> None:
        self._checked_at = time.monotonic()
        rows = await self._internal_query(
            "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && !isBlank(?o)) } LIMIT 1")
        if not rows:
            self.default_graph = "unknown"
            return
        ask = f"ASK {{ {rows[0]['s']} {rows[0]['p']} {rows[0]['o']} }}"
        if await self._internal_query(ask):
            self.default_graph = "union"
            return
        try:
            honoured = await self._internal_query(ask, {"union-default-graph": ""})
        except (BadRequest, ExecutionError):
            honoured = False
        if honoured:
            self.default_graph = "parameter"
            return
        self.default_graph = "listed"
        await self._list_graphs()

    async def _list_graphs(self) -> None:
        rows = await self._internal_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        self._graphs = sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    async def _dataset(self, text: str) -> tuple[dict, dict]:
        """(form fields, URL parameters) that make the default graph the union of the named graphs."""
        if self.default_graph == "unknown" and time.monotonic() - self._checked_at > RECHECK_EVERY:
            await self._check_default_graph()
        if self.default_graph == "parameter":
            return {}, {"union-default-graph": ""}
        if self.default_graph == "listed" and not names_dataset(text):
            return {"default-graph-uri": self._graphs, "named-graph-uri": self._graphs}, {}
        return {}, {}

    async def _after_write(self) -> None:
        if self.default_graph == "unknown":
            await self._check_default_graph()
        elif self.default_graph == "listed":
            await self._list_graphs()

    # -- reading ---------------------------------------------------------------------------------

    async def query(self, request: QueryRequest) -> Answer:
        check_federation(request.query, self.settings.allow_service)
        text, shift = with_base(bind_values(request.query, request.substitutions), request.base_iri)
        seconds = self._timeout(request.timeout)
        deadline_at = asyncio.get_running_loop().time() + seconds
        form: dict = {"query": text}
        if request.default_graphs is not None or request.named_graphs is not None:
            form |= {"default-graph-uri": list(request.default_graphs or ()),
                     "named-graph-uri": list(request.named_graphs or ())}
            params: dict = {}
        else:
            extra, params = await self._dataset(text)
            form |= extra
        params |= timeout_params(self.engine, seconds)
        headers = {"Accept": accept_header(request.formats, bool(request.prefixes)), "Content-Type": FORM}
        async with self._admitted(deadline_at):
            remaining = deadline_at - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise QueryTimeout(seconds)
            status, response_headers, body = await self._exchange(
                "POST", self.remote.query_url, deadline=remaining, params=params, data=form, headers=headers)
        if status != 200 or is_partial_answer(status, response_headers):
            raise remote_error(status, _text(body), "query", seconds=seconds, line_shift=shift)
        max_rows = getattr(request, "max_rows", None)
        answer = await asyncio.to_thread(
            complete_answer, body, response_headers.get("content-type"), request.formats,
            prefixes=request.prefixes, max_rows=self.settings.max_result_rows if max_rows is None else max_rows,
            seconds=seconds, spill_limit=self.settings.spill_bytes, spill_dir=self.settings.spill_dir)
        self.stats["answered"] += 1
        return answer

    async def describe(self, query: str, format: str, prefixes: dict[str, str] | None = None) -> Answer:
        """A CONSTRUCT for Linked Data pages, written with ``prefixes`` when the format has them."""
        return await self.query(QueryRequest(query, {"graph": format, "results": None}, prefixes=prefixes))

    async def graph_get(self, graph: str | None, format: str, prefixes: dict[str, str] | None = None) -> Answer:
        if not self.remote.gsp_url:
            if graph is not None and not await self.graph_exists(graph):
                raise GraphNotFound(graph)
            where = "?s ?p ?o" if graph is None else f"GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }}"
            return await self.query(QueryRequest(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}",
                                                 {"graph": format, "results": None}, prefixes=prefixes))
        name = fetch_format("graph", format, bool(prefixes))
        accept = f"{BY_NAME[name].media_type}, application/n-triples;q=0.5"
        seconds = self._timeout(None)
        status, headers, body = await self._exchange("GET", self.remote.gsp_url, deadline=seconds,
                                                     params=gsp_params(graph), headers={"Accept": accept})
        if status != 200:
            raise remote_error(status, _text(body), "graph store", seconds=seconds, graph=graph)
        return await asyncio.to_thread(
            complete_answer, body, headers.get("content-type"), {"graph": format, "results": None},
            prefixes=prefixes, seconds=seconds, spill_limit=self.settings.spill_bytes, spill_dir=self.settings.spill_dir)

    async def graph_exists(self, graph: str | None) -> bool:
        if graph is None:
            return True
        if not self.remote.gsp_url:
            return bool(await self._internal_query(f"ASK {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"))
        # Connection: close, because some servers (Oxigraph 0.5) send a body with a 404 to HEAD,
        # which would corrupt the next response read from a reused connection.
        status, _headers, body = await self._exchange("HEAD", self.remote.gsp_url, deadline=self._timeout(None),
                                                      params=gsp_params(graph), headers={"Connection": "close"})
        text = _text(body)
        if status in (200, 204):
            return True
        if status == 404:
            return False
        raise remote_error(status, text, "graph store", graph=graph)

    async def dump(self, format: str, exclude_predicates: tuple[str, ...] = ()) -> Answer:
        fmt = BY_NAME[format]
        if "dataset" not in fmt.kinds:
            raise BadRequest(f"a dump needs a dataset format (trig, nquads, jsonld), not {format}")
        where = "GRAPH ?g { ?s ?p ?o }"
        if exclude_predicates:
            where += f" FILTER(?p NOT IN ({', '.join(str(ox.NamedNode(p)) for p in exclude_predicates)}))"
        seconds = max(self.settings.query_timeout, WRITE_TIMEOUT)  # dumps are never cut short
        status, headers, body = await self._exchange(
            "POST", self.remote.query_url, deadline=seconds, data={"query": f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}"},
            headers={"Accept": f"{JSON_RESULTS}, application/sparql-results+xml;q=0.5"})
        if status != 200 or is_partial_answer(status, headers):
            raise remote_error(status, _text(body), "query", seconds=seconds)
        return await asyncio.to_thread(self._quads_answer, body, headers.get("content-type"), fmt)

    def _quads_answer(self, body: Body, media_type: str | None, fmt) -> Answer:
        from .remote_answers import format_of
        from .worker import SpillBuffer

        out = SpillBuffer(self.settings.spill_bytes, self.settings.spill_dir)
        got = format_of(media_type)
        try:
            if got is None or "results" not in got.kinds:
                raise ExecutionError(f"the remote store answered a dump query in {media_type}")
            rows = ox.parse_query_results(**body.source(), format=got.writer)
            ox.serialize((ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows), out, format=fmt.writer)
        except SyntaxError as exc:
            self._drop(out)
            raise ExecutionError(f"the remote store sent an incomplete dump ({exc}); nothing was passed on") from None
        finally:
            body.discard()
        content = out.finish()
        return Answer("dataset", fmt.name, content=content, path=None if content is not None else Path(out.path))

    async def health(self) -> dict:
        started = time.monotonic()
        alive = await self._internal_query("ASK { GRAPH ?g { ?s ?p ?o } }")
        return {"status": "ok", "store": "remote", "endpoint": self.remote.query_url, "engine": self.engine,
                "default_graph": self.default_graph, "has_data": alive,
                "latency_ms": round((time.monotonic() - started) * 1000, 1), "updates": self.updates_enabled,
                **self.stats}

    # -- writing ---------------------------------------------------------------------------------

    def _need(self, what: str) -> str:
        url = self.remote.update_url
        if not url:
            raise BadRequest(f"this server reaches its remote store without an update endpoint, so {what} is not "
                             "possible; start it with --update-endpoint URL")
        return url

    async def update(self, request: UpdateRequest) -> None:
        check_federation(request.update, self.settings.allow_service)
        check_load(request.update, self.settings.allow_load)
        # The protocol's graphs travel as protocol parameters, as the engine expects them (Oxigraph's
        # server with --union-default-graph refuses USING written into the text); the rewriting is
        # only run for its check that the update does not name a dataset of its own as well.
        with_protocol_dataset(request.update, request.using_graphs, request.using_named_graphs)
        text, shift = with_base(request.update, request.base_iri)
        await self._sparql_update(text, shift, {"using-graph-uri": list(request.using_graphs),
                                                "using-named-graph-uri": list(request.using_named_graphs)})

    async def _sparql_update(self, text: str, shift: int = 0, params: dict | None = None) -> None:
        url = self._need("SPARQL Update")
        async with self._write_lock:
            status, _headers, body = await self._exchange(
                "POST", url, deadline=max(self.settings.query_timeout, WRITE_TIMEOUT), content=text.encode(),
                params=params or {}, headers={"Content-Type": "application/sparql-update; charset=utf-8"})
            message = _text(body)
            if status not in (200, 201, 204):
                raise remote_error(status, message, "update", line_shift=shift)
            await self._after_write()

    async def _gsp_write(self, method: str, graph: str | None, quads: list[ox.Quad] | None) -> int:
        async with self._write_lock:
            kwargs = {"content": ntriples(quads), "headers": {"Content-Type": "application/n-triples"}} \
                if quads is not None else {}
            status, _headers, body = await self._exchange(method, self.remote.gsp_url, params=gsp_params(graph),
                                                          deadline=max(self.settings.query_timeout, WRITE_TIMEOUT),
                                                          **kwargs)
            message = _text(body)
            if status not in (200, 201, 204) and not (method == "DELETE" and status == 404):
                raise remote_error(status, message, "graph store", graph=graph)
            await self._after_write()
            return status

    async def graph_put(self, graph: str | None, quads: list[ox.Quad]) -> bool:
        created = not await self.graph_exists(graph)
        if self.remote.gsp_url:
            await self._gsp_write("PUT", graph, quads)
        else:
            await self._sparql_update(replace_graph_update(graph, quads))
        return created

    async def graph_post(self, graph: str | None, quads: list[ox.Quad]) -> bool:
        created = not await self.graph_exists(graph)
        if self.remote.gsp_url:
            await self._gsp_write("POST", graph, quads)
        else:
            text = add_to_graph_update(graph, quads)
            if text:
                await self._sparql_update(text)
        return created

    async def graph_delete(self, graph: str | None) -> bool:
        if graph is not None and not await self.graph_exists(graph):
            return False
        if self.remote.gsp_url:
            return await self._gsp_write("DELETE", graph, None) != 404
        await self._sparql_update("CLEAR SILENT DEFAULT" if graph is None else f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
        return True


__all__ = ["RemoteQueryService", "names_dataset", "with_base"]
