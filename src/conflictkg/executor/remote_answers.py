"""A remote store's answer made into a complete ``Answer`` in the format the client negotiated.

The remote is asked for the negotiated format itself (``accept_header``), with a format pyoxigraph
can read as a fallback. Every answer is then read through pyoxigraph's parsers before it is
passed on, because an HTTP 200 does not prove an answer complete: Oxigraph's server, for one,
streams a 200 and, when its ``--timeout-s`` fires, ends the body with an error text. An answer
that does not parse is never sent on. When the remote sent the format asked for, its bytes are
passed on untouched; otherwise (or for prefixed Turtle on Linked Data pages, and for CSV, which
pyoxigraph cannot read back and so cannot check) pyoxigraph re-serialises what it parsed.
rdflib is never involved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .formats import BY_NAME, FORMATS, Format
from .service import Answer, ExecutionError, NotAcceptable, QueryTimeout, TooManyRows

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FALLBACK = {"results": ("json", "xml"), "graph": ("ntriples", "turtle")}
PREFIXED = ("turtle", "trig")


@dataclass
class Body:
    """A received body: in memory, or in a temporary file that the owner deletes."""

    content: bytes | None = None
    path: Path | None = None

    def source(self) -> dict:
        return {"input": self.content} if self.content is not None else {"path": str(self.path)}

    def tail(self, size: int = 400) -> str:
        if self.content is not None:
            return self.content[-size:].decode("utf-8", "replace")
        with open(self.path, "rb") as handle:
            handle.seek(max(0, self.path.stat().st_size - size))
            return handle.read().decode("utf-8", "replace")

    def discard(self) -> None:
        if self.path is not None:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass


def fetch_format(kind: str, name: str | None, prefixes: bool = False) -> str | None:
    """The format to ask the remote for when the client wants ``name``."""
    if name is None:
        return None
    if kind == "results" and name == "csv":
        return "json"  # CSV cannot be parsed back, so it could not be checked complete
    if kind == "graph" and prefixes and name in PREFIXED:
        return "ntriples"  # written again with our prefixes, sorted, as the embedded store does
    return name


def accept_header(formats: dict[str, str | None], prefixes: bool = False) -> str:
    """Accept for a query whose answer kind is not known before it runs: the wanted format of
    each acceptable kind first, then formats pyoxigraph reads."""
    first, second = [], []
    for kind in ("results", "graph"):
        name = fetch_format(kind, formats.get(kind), prefixes)
        if name is None:
            continue
        first.append(BY_NAME[name].media_type)
        second += [BY_NAME[f].media_type for f in FALLBACK[kind] if f != name]
    return ", ".join(first + [f"{m};q=0.5" for m in dict.fromkeys(second)])


def format_of(media_type: str | None) -> Format | None:
    main = (media_type or "").split(";")[0].strip().lower()
    for fmt in FORMATS:
        if main == fmt.media_type or main in fmt.aliases:
            return fmt
    return None


def _triples(items):
    for item in items:
        yield item.triple if isinstance(item, ox.Quad) else item


def _check_results(body: Body, got: Format, max_rows: int) -> ox.QuerySolutions | ox.QueryBoolean:
    parsed = ox.parse_query_results(**body.source(), format=got.writer)
    if isinstance(parsed, ox.QuerySolutions):
        rows = 0
        for _row in parsed:
            rows += 1
            if max_rows and rows > max_rows:
                raise TooManyRows(max_rows)
    return parsed


def complete_answer(body: Body, media_type: str | None, formats: dict[str, str | None], *,
                    prefixes: dict[str, str] | None = None, max_rows: int = 0, seconds: float = 0,
                    spill_limit: int = 16 * 1024 * 1024, spill_dir: str | None = None) -> Answer:
    """Check the remote's answer and return it in the negotiated format (see the module docstring).
    Owns ``body``: it is passed on as the answer, or deleted."""
    from .worker import SpillBuffer

    keep = False
    try:
        got = format_of(media_type)
        if got is None or not ({"results", "graph"} & set(got.kinds)):
            raise ExecutionError(f"the remote store answered in {media_type or 'no declared format'}, "
                                 "which this server cannot read; configure it to offer SPARQL JSON / N-Triples")
        kind = "results" if "results" in got.kinds else "graph"
        wanted_name = formats.get(kind)
        if wanted_name is None:
            raise NotAcceptable(kind)
        wanted = BY_NAME[wanted_name]
        try:
            if kind == "results":
                _check_results(body, got, max_rows)
                if got is wanted:
                    keep = True
                    return Answer(kind, wanted.name, content=body.content, path=body.path)
                out = SpillBuffer(spill_limit, spill_dir)
                ox.parse_query_results(**body.source(), format=got.writer).serialize(out, format=wanted.writer)
            else:
                if got is wanted and not (prefixes and wanted.name in PREFIXED):
                    for _item in ox.parse(**body.source(), format=got.writer):
                        pass
                    keep = True
                    return Answer(kind, wanted.name, content=body.content, path=body.path)
                out = SpillBuffer(spill_limit, spill_dir)
                triples = _triples(ox.parse(**body.source(), format=got.writer))
                if prefixes and wanted.name in PREFIXED:
                    # Linked Data pages are small: sorted, prefixed Turtle is worth building in memory
                    triples = sorted(triples, key=lambda t: (str(t.subject), t.predicate.value != RDF_TYPE,
                                                             str(t.predicate), str(t.object)))
                ox.serialize(triples, out, format=wanted.writer,
                             prefixes=prefixes if wanted.name in PREFIXED else None)
        except SyntaxError as exc:
            tail = body.tail()
            if any(word in tail.lower() for word in ("cancel", "timeout", "timed out")):
                raise QueryTimeout(seconds) from None  # the engine stopped the query mid-answer
            raise ExecutionError(f"the remote store sent an incomplete or malformed {got.name} answer ({exc}); "
                                 "nothing was passed on") from None
        content = out.finish()
        return Answer(kind, wanted.name, content=content, path=None if content is not None else Path(out.path))
    finally:
        if not keep:
            body.discard()


__all__ = ["Body", "accept_header", "complete_answer", "fetch_format", "format_of"]
