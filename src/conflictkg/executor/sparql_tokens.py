"""A minimal SPARQL tokenizer: enough to know where strings, IRIs, comments and braces are, so
that keywords can be found safely (``USING`` rewriting, refusing ``SERVICE`` when federation is
off). Parsing proper is left to pyoxigraph."""

from __future__ import annotations

import re

from .service import BadRequest

TOKEN = re.compile(
    r'''(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'''
    r'''|(?P<comment>\#[^\n]*)'''
    r'''|(?P<open>\{)|(?P<close>\})|(?P<semi>;)'''
    r'''|(?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?|[?$]\w+)'''
    r'''|(?P<other>\S)''',
    re.S,
)


def check_federation(query: str, allowed: tuple[str, ...]) -> None:
    """Refuse ``SERVICE`` calls to endpoints that are not in ``allowed`` (empty: federation off).
    A query could otherwise make the server send requests anywhere."""
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
                raise BadRequest(
                    "federated queries (SERVICE) are off on this server" if not allowed else
                    f"SERVICE {match.group()} is not allowed; this server may call: {', '.join(allowed)}")
            previous = None
            continue
        if kind == "word" and match.group().upper() == "SERVICE":
            previous = match
