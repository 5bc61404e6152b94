"""What a query worker does with one request: evaluate it on the in-memory store and serialise
the complete answer natively with pyoxigraph into a bounded buffer that spills to a temporary
file when large. The worker is a forked child of the zygote; it can be killed at any moment
(that is how timeouts stop work), so it holds nothing that needs cleaning up but its spill file.
"""

from __future__ import annotations

import io
import os
import tempfile

import pyoxigraph as ox

from .formats import BY_NAME

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class SpillBuffer(io.RawIOBase):
    """A write-only buffer kept in memory up to ``limit`` bytes, then moved to a temporary file."""

    def __init__(self, limit: int, spill_dir: str | None):
        super().__init__()
        self._memory = bytearray()
        self._file = None
        self.path: str | None = None
        self._limit = limit
        self._dir = spill_dir

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._file is None and len(self._memory) + len(data) > self._limit:
            fd, self.path = tempfile.mkstemp(prefix="conflictkg-answer-", dir=self._dir)
            self._file = os.fdopen(fd, "wb")
            self._file.write(self._memory)
            self._memory = bytearray()
        if self._file is not None:
            self._file.write(data)
        else:
            self._memory += data
        return len(data)

    def finish(self) -> bytes | None:
        """The bytes when they fit in memory; None when they were spilled to ``path``."""
        if self._file is not None:
            self._file.close()
            return None
        return bytes(self._memory)


def _kind(results) -> str:
    return "graph" if isinstance(results, ox.QueryTriples) else "results"


def evaluate(store: ox.Store, request: dict, spill_limit: int, spill_dir: str | None) -> tuple[dict, bytes]:
    """Run one operation; return (header, payload). Errors become headers, never exceptions."""
    try:
        op = request["op"]
        buffer = SpillBuffer(spill_limit, spill_dir)
        if op == "query":
            header = _query(store, request, buffer)
        elif op == "graph":
            header = _graph(store, request, buffer)
        elif op == "exists":
            graph = request["graph"]
            return {"status": "ok", "exists": graph is None or store.contains_named_graph(ox.NamedNode(graph))}, b""
        elif op == "dump":
            header = _dump(store, request, buffer)
        elif op == "ping":
            return {"status": "ok", "pid": os.getpid(), "quads": len(store)}, b""
        else:
            return {"status": "error", "code": "internal", "message": f"unknown operation {op!r}"}, b""
    except SyntaxError as exc:
        return {"status": "error", "code": "syntax", "message": str(exc)}, b""
    except (OSError, ValueError, RuntimeError, TypeError) as exc:
        # pyoxigraph raises these for evaluation errors (e.g. a SERVICE call, a bad substitution)
        return {"status": "error", "code": "evaluation", "message": str(exc)}, b""
    if header["status"] != "ok":
        return header, b""
    content = buffer.finish()
    if content is None:
        header["path"] = buffer.path
        return header, b""
    header["size"] = len(content)
    return header, content


def _query(store: ox.Store, request: dict, buffer: SpillBuffer) -> dict:
    default = request.get("default_graphs")
    named = request.get("named_graphs")
    results = store.query(
        request["query"],
        base_iri=request.get("base_iri"),
        use_default_graph_as_union=default is None,
        default_graph=[ox.NamedNode(g) for g in default] if default is not None else None,
        named_graphs=[ox.NamedNode(g) for g in named] if named is not None else None,
        substitutions=request.get("substitutions") or None,
    )
    kind = _kind(results)
    name = request["formats"].get(kind)
    if name is None:
        return {"status": "error", "code": "not_acceptable", "kind": kind, "message": ""}
    fmt = BY_NAME[name]
    if kind == "graph" and request.get("prefixes") and fmt.writer in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        # Linked Data pages are small: readable prefixed Turtle is worth the per-triple Python cost.
        triples = sorted(results, key=lambda t: (str(t.subject), t.predicate.value != RDF_TYPE, str(t.predicate), str(t.object)))
        ox.serialize(triples, buffer, format=fmt.writer, prefixes=request["prefixes"])
    else:
        results.serialize(buffer, format=fmt.writer)
    return {"status": "ok", "kind": kind, "format": name}


def _graph(store: ox.Store, request: dict, buffer: SpillBuffer) -> dict:
    graph = request["graph"]
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    if graph is not None and not store.contains_named_graph(name):
        return {"status": "error", "code": "not_found", "message": graph}
    fmt = BY_NAME[request["format"]]
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, name))
    ox.serialize(triples, buffer, format=fmt.writer, prefixes=request.get("prefixes"))
    return {"status": "ok", "kind": "graph", "format": fmt.name}


def _dump(store: ox.Store, request: dict, buffer: SpillBuffer) -> dict:
    fmt = BY_NAME[request["format"]]
    excluded = {ox.NamedNode(p) for p in request.get("exclude_predicates", ())}
    if excluded:
        quads = (q for q in store.quads_for_pattern(None, None, None, None) if q.predicate not in excluded)
        ox.serialize(quads, buffer, format=fmt.writer)
    else:
        store.dump(buffer, format=fmt.writer)
    return {"status": "ok", "kind": "dataset", "format": fmt.name}
