"""A remote SPARQL 1.1 store: where it is, how to authenticate, and the engine-specific details of
talking to it over the Query, Update and Graph Store HTTP protocols.

Everything here is plain data and pure functions (request pieces, the reading of error answers),
shared by the server's ``RemoteQueryService`` (async) and ``conflictkg build --endpoint`` (sync).

- **Credentials** come only from the environment (``Settings.remote_user`` / ``remote_password``
  for HTTP Basic, or Digest with ``remote_auth = "digest"``; or ``remote_token`` for a Bearer
  token), never from command-line flags, which other users of the machine can read.
- **Timeouts** are forwarded to the engine where it has a per-request parameter (Fuseki and
  GraphDB take ``timeout=`` in seconds, Virtuoso ``timeout=`` in milliseconds); Oxigraph has only a
  server-wide ``--timeout-s``. The caller also abandons the HTTP call when the limit fires.
- **Incomplete answers.** Virtuoso's "anytime" queries answer ``206`` (or ``200`` with an
  ``X-SQL-State`` header) with partial results when its timeout fires; both are read as timeouts,
  never passed on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyoxigraph as ox

from ..errors import QuerySyntaxError, StoreError
from ..executor.service import BadRequest, ExecutionError, GraphNotFound, QueryTimeout
from ..settings import Settings

ENGINES = ("oxigraph", "fuseki", "virtuoso", "graphdb", "generic")
MAX_ERROR_TEXT = 2000  # characters of a remote error body worth showing


@dataclass(frozen=True)
class RemoteStore:
    """The endpoints of one remote store and how to reach them."""

    query_url: str
    update_url: str | None = None
    gsp_url: str | None = None
    user: str | None = None
    password: str | None = None
    token: str | None = None
    engine: str = "auto"
    auth_scheme: str = "basic"  # basic | digest

    @classmethod
    def from_settings(cls, settings: Settings) -> "RemoteStore":
        if not settings.endpoint:
            raise BadRequest("no remote endpoint is configured: pass --endpoint URL (or set CONFLICTKG_ENDPOINT)")
        for name, url in (("--endpoint", settings.endpoint), ("--update-endpoint", settings.update_endpoint),
                          ("--gsp-endpoint", settings.gsp_endpoint)):
            if url and urlsplit(url).scheme not in ("http", "https"):
                raise BadRequest(f"{name} {url!r} is not an http(s) URL")
            if url and urlsplit(url).username:
                raise BadRequest(f"{name} carries credentials in its URL; put them in CONFLICTKG_REMOTE_USER / "
                                 "CONFLICTKG_REMOTE_PASSWORD (or CONFLICTKG_REMOTE_TOKEN) instead")
        engine = (settings.remote_engine or "auto").lower()
        if engine not in ENGINES + ("auto",):
            raise BadRequest(f"CONFLICTKG_REMOTE_ENGINE={engine!r} is not one of auto, {', '.join(ENGINES)}")
        if settings.remote_token and settings.remote_user:
            raise BadRequest("set either CONFLICTKG_REMOTE_TOKEN or CONFLICTKG_REMOTE_USER/_PASSWORD, not both")
        scheme = (settings.remote_auth or "basic").lower()
        if scheme not in ("basic", "digest"):
            raise BadRequest(f"CONFLICTKG_REMOTE_AUTH={scheme!r} is not basic or digest")
        return cls(settings.endpoint, settings.update_endpoint, settings.gsp_endpoint, settings.remote_user,
                   settings.remote_password, settings.remote_token, engine, scheme)

    @property
    def writable(self) -> bool:
        return bool(self.update_url or self.gsp_url)

    def client_options(self) -> dict:
        """Keyword arguments for ``httpx.Client`` / ``httpx.AsyncClient``."""
        import httpx

        options: dict = {"headers": {"User-Agent": "conflictkg"}, "follow_redirects": False}
        if self.token:
            options["headers"]["Authorization"] = f"Bearer {self.token}"
        elif self.user:
            scheme = httpx.DigestAuth if self.auth_scheme == "digest" else httpx.BasicAuth
            options["auth"] = scheme(self.user, self.password or "")
        return options

    def describe(self) -> str:
        parts = [f"query {self.query_url}"]
        if self.update_url:
            parts.append(f"update {self.update_url}")
        if self.gsp_url:
            parts.append(f"graph store {self.gsp_url}")
        return ", ".join(parts)


def probe(remote: RemoteStore, timeout: float = 10.0) -> str:
    """Check that the query endpoint answers ``ASK {}``; return the engine (configured or detected).
    Raises StoreError with what to do when it does not."""
    import httpx

    try:
        with httpx.Client(**remote.client_options(), timeout=timeout) as client:
            response = client.post(remote.query_url, data={"query": "ASK {}"},
                                   headers={"Accept": "application/sparql-results+json"})
    except httpx.HTTPError as exc:
        raise StoreError(f"the remote store at {remote.query_url} does not answer ({exc or type(exc).__name__}); "
                         "check the URL and that the store is running") from None
    if response.status_code != 200:
        raise StoreError(str(remote_error(response.status_code, response.text, "query")))
    return remote.engine if remote.engine != "auto" else detect_engine(response.headers.get("server"))


def detect_engine(server_header: str | None) -> str:
    """The engine behind an endpoint, from its ``Server`` response header."""
    text = (server_header or "").lower()
    for needle, engine in (("oxigraph", "oxigraph"), ("fuseki", "fuseki"), ("jena", "fuseki"),
                           ("virtuoso", "virtuoso"), ("graphdb", "graphdb"), ("rdf4j", "graphdb")):
        if needle in text:
            return engine
    return "generic"


def timeout_params(engine: str, seconds: float) -> dict[str, str]:
    """The request parameter that asks the engine itself to stop a query after ``seconds``."""
    if engine == "fuseki":
        return {"timeout": f"{seconds:.3f}"}
    if engine == "graphdb":  # RDF4J's protocol: whole seconds
        return {"timeout": str(max(1, math.ceil(seconds)))}
    if engine == "virtuoso":  # milliseconds; partial answers are caught by ``is_partial_answer``
        return {"timeout": str(max(1, int(seconds * 1000)))}
    return {}  # Oxigraph: only the server-wide --timeout-s; others: nothing standard


def is_partial_answer(status: int, headers) -> bool:
    """Virtuoso's "anytime" answers: partial results after its timeout fired."""
    return status == 206 or bool(headers.get("x-sql-state"))


def gsp_params(graph: str | None) -> dict[str, str]:
    """The indirect graph identification of the Graph Store protocol."""
    return {"default": ""} if graph is None else {"graph": graph}


def ntriples(quads) -> bytes:
    """Quads (or triples) as N-Triples, the body of Graph Store writes."""
    triples = (q.triple if isinstance(q, ox.Quad) else q for q in quads)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def triple_lines(quads) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def replace_graph_update(graph: str | None, quads) -> str:
    """SPARQL Update that replaces a graph (one request: applied atomically by the engines we know)."""
    target = "DEFAULT" if graph is None else f"GRAPH {ox.NamedNode(graph)}"
    text = f"CLEAR SILENT {target}" if graph is None else f"DROP SILENT {target}"
    body = triple_lines(quads)
    if body:
        text += f" ;\nINSERT DATA {{ {body if graph is None else f'{target} {{{chr(10)}{body}{chr(10)}}}'} }}"
    return text


def add_to_graph_update(graph: str | None, quads) -> str | None:
    body = triple_lines(quads)
    if not body:
        return None
    return f"INSERT DATA {{ {body if graph is None else f'GRAPH {ox.NamedNode(graph)} {{{chr(10)}{body}{chr(10)}}}'} }}"


_POSITION = (re.compile(r"error at (\d+):(\d+)"), re.compile(r"line (\d+), column (\d+)", re.I),
             re.compile(r"line:? (\d+),? col(?:umn)?:? (\d+)", re.I))
_TIMEOUT_WORDS = re.compile(r"time ?out|timed out|cancel+ed|deadline|SR171|S1T00", re.I)


def syntax_error(text: str, line_shift: int = 0) -> QuerySyntaxError:
    """The engine's parse error with its position where it gives one (``line_shift``: lines we
    added before the user's text, taken back off)."""
    message = text.strip()[:MAX_ERROR_TEXT] or "the remote store could not parse the request"
    for pattern in _POSITION:
        match = pattern.search(message)
        if match:
            line, column = int(match.group(1)) - line_shift, int(match.group(2))
            if line >= 1:
                rest = message[match.end():].lstrip(": ") if match.start() == 0 else message
                return QuerySyntaxError(f"line {line}, column {column}: {rest}", line, column)
    return QuerySyntaxError(message)


def remote_error(status: int, text: str, what: str, *, seconds: float | None = None, graph: str | None = None,
                 line_shift: int = 0) -> Exception:
    """The exception for a remote error answer (``what``: e.g. "query", "update", "graph store")."""
    text = (text or "").strip()[:MAX_ERROR_TEXT]
    if status in (408, 503, 504) or (status >= 500 and _TIMEOUT_WORDS.search(text)) or status == 206:
        return QueryTimeout(seconds if seconds is not None else 0)
    if status == 404 and graph is not None:
        return GraphNotFound(graph)
    if status in (401, 403):
        return ExecutionError(f"the remote store refused the {what} ({status}): check CONFLICTKG_REMOTE_USER / "
                              "CONFLICTKG_REMOTE_PASSWORD or CONFLICTKG_REMOTE_TOKEN, and that the account may "
                              f"{'write' if what != 'query' else 'read'}")
    if status == 400 and what in ("query", "update"):
        return syntax_error(text, line_shift)
    if 400 <= status < 500:
        return BadRequest(f"the remote store refused the {what} ({status}): {text or 'no reason given'}")
    return ExecutionError(f"the remote store failed on the {what} ({status}): {text or 'no reason given'}")


__all__ = ["ENGINES", "RemoteStore", "add_to_graph_update", "detect_engine", "gsp_params", "is_partial_answer",
           "ntriples", "probe", "remote_error", "replace_graph_update", "syntax_error", "timeout_params", "triple_lines"]
