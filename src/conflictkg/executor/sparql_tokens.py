"""A minimal SPARQL tokenizer: enough to know where strings, IRIs, comments and braces are, so
that keywords can be found safely (``USING`` rewriting, refusing ``SERVICE`` when federation is
off). Parsing proper is left to pyoxigraph."""

from __future__ import annotations

import re

from .service import BadRequest

TOKEN = re.compile(
    r'''(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'''
    r'''|(?P<comment>\#[^\n\r]*)'''
    r'''|(?P<open>\{)|(?P<close>\})|(?P<semi>;)'''
    r'''|(?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?|[?$]\w+)'''
    r'''|(?P<other>\S)''',
    re.S,
)


def check_federation(query: str, allowed: tuple[str, ...]) -> None:
    """Refuse ``SERVICE`` calls to endpoints that are not in ``allowed`` (empty: federation off).
    A query could otherwise make the server send requests anywhere."""
    _check_targets(query, "SERVICE", allowed, "federated queries (SERVICE) are off on this server")


def check_load(update: str, allowed: tuple[str, ...]) -> None:
    """Refuse ``LOAD <url>`` unless ``url`` is in ``allowed``: pyoxigraph fetches it over HTTP."""
    _check_targets(update, "LOAD", allowed, "LOAD is off on this server: it would fetch a URL; send the "
                                            "data itself (Graph Store PUT/POST, or INSERT DATA)")


def _check_targets(query: str, keyword: str, allowed: tuple[str, ...], off_message: str) -> None:
    """Every ``keyword [SILENT] <iri>`` must name an allowed IRI (a variable or prefixed name never)."""
    previous = None
    for match in TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "comment":
            continue
        if previous is not None:
            target = match.group()[1:-1] if kind == "iri" else match.group()
            if target.upper() == "SILENT":
                continue
            if kind != "iri" or target not in allowed:
                raise BadRequest(off_message if not allowed else
                                 f"{keyword} {match.group()} is not allowed; this server may call: {', '.join(allowed)}")
            previous = None
            continue
        if kind == "word" and match.group().upper() == keyword:
            previous = match


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``): then its default graph
    is what it names, not the union of all graphs (pyoxigraph's union flag would override it)."""
    return any(m.lastgroup == "word" and m.group().upper() == "FROM" for m in TOKEN.finditer(query))
