"""The interface between the HTTP layer and whatever answers SPARQL: requests, answers, errors.

The web layer only ever sees ``QueryService``. ``EmbeddedQueryService`` implements it over the
embedded pyoxigraph store; a remote store (HTTP to another SPARQL endpoint) can implement the same
methods later. Answers are already serialised bytes (or a temporary file holding them), so the web
layer never touches result rows, and a 200 is only sent once an answer is complete.
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from ..errors import ConflictKGError


@dataclass(frozen=True)
class QueryRequest:
    """One SPARQL query with its dataset and the formats acceptable for each kind of answer.

    ``formats`` maps an answer kind ("results" for SELECT/ASK, "graph" for CONSTRUCT/DESCRIBE)
    to a format name of ``conflictkg.web.negotiation`` (None: nothing acceptable, answer 406)."""

    query: str
    formats: dict[str, str | None]
    default_graphs: tuple[str, ...] | None = None  # None: the union of all graphs
    named_graphs: tuple[str, ...] | None = None  # None: every named graph
    substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] = field(default_factory=dict)
    base_iri: str | None = None
    timeout: float | None = None  # seconds; None: the service's limit
    prefixes: dict[str, str] | None = None  # written into Turtle / TriG answers when given
    max_rows: int | None = None  # rows a SELECT answer may have; None: the service's limit, 0: none
    gzip: bool = False  # the client accepts a gzip-compressed answer (the worker compresses it)


@dataclass(frozen=True)
class UpdateRequest:
    update: str
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None


@dataclass
class Answer:
    """A complete, serialised answer: ``content`` in memory, or ``path`` to a temporary file that
    the receiver must delete once sent."""

    kind: str  # "results" | "graph" | "dataset"
    format: str  # a format name of the negotiation table
    content: bytes | None = None
    path: Path | None = None
    encoding: str | None = None  # "gzip": the bytes are compressed (HTTP Content-Encoding)

    @property
    def size(self) -> int:
        return len(self.content) if self.content is not None else self.path.stat().st_size

    def read(self) -> bytes:
        """The answer's bytes, uncompressed (for small answers the caller wants to look at, e.g. counts)."""
        if self.content is not None:
            data = self.content
        else:
            data = self.path.read_bytes()
            self.discard()
        return gzip.decompress(data) if self.encoding == "gzip" else data

    def discard(self) -> None:
        if self.path is not None:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass


class ExecutionError(ConflictKGError):
    """A query or update failed while it ran (not a syntax error)."""


class BadRequest(ConflictKGError):
    """The request cannot be answered as sent (e.g. a dataset given twice)."""


class QueryTimeout(ConflictKGError):
    def __init__(self, seconds: float):
        super().__init__(f"the query did not finish within its time limit of {seconds:g} s and was stopped; "
                         "make it more selective (add a LIMIT, bind more variables) or ask the maintainers "
                         "for a higher limit")
        self.seconds = seconds


class TooBusy(ConflictKGError):
    def __init__(self, retry_after: int = 2):
        super().__init__("too many queries are running or waiting; retry in a few seconds")
        self.retry_after = retry_after


class TooManyRows(ConflictKGError):
    """A SELECT answer longer than the row limit: refused whole, never truncated."""

    def __init__(self, limit: int):
        super().__init__(f"the answer has more than {limit} rows, the most this server returns; add "
                         f"LIMIT {limit} (and page with OFFSET), or make the query more selective")
        self.limit = limit


class NotAcceptable(ConflictKGError):
    """The answer's kind has no format the client accepts (known only after evaluation starts)."""

    def __init__(self, kind: str):
        super().__init__(f"the query gives {'a graph' if kind == 'graph' else 'results'}, and none of the "
                         "formats in the Accept header (or format=) can express that")
        self.kind = kind


class GraphNotFound(ConflictKGError):
    def __init__(self, graph: str):
        super().__init__(f"there is no graph named <{graph}> in the store")
        self.graph = graph


class QueryService(Protocol):
    """What the web layer needs from a store. All methods are coroutines and never block the loop."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def query(self, request: QueryRequest) -> Answer: ...

    async def update(self, request: UpdateRequest) -> None: ...

    async def graph_get(self, graph: str | None, format: str) -> Answer:
        """The named graph ``graph`` (None: the default graph); raises GraphNotFound."""

    async def graph_exists(self, graph: str | None) -> bool: ...

    async def graph_put(self, graph: str | None, quads: list[ox.Quad]) -> bool:
        """Replace the graph's content; True when the graph was created."""

    async def graph_post(self, graph: str | None, quads: list[ox.Quad]) -> bool:
        """Add to the graph; True when the graph was created."""

    async def graph_delete(self, graph: str | None) -> bool:
        """Remove the graph (clear the default graph); False when there was no such graph."""

    async def dump(self, format: str, exclude_predicates: tuple[str, ...] = ()) -> Answer: ...

    async def health(self) -> dict: ...

    @property
    def updates_enabled(self) -> bool: ...
