"""RDF terms written short for reports: prefixed names where a known prefix fits, literals
quoted (and cut when long, so that a report line stays readable)."""

from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef

from ..namespaces import PREFIXES, XSD

_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
MAX_LITERAL = 120
_BARE = {XSD.integer, XSD.decimal, XSD.boolean}


def short_iri(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``ckg:Clash`` for the IRI of ckg:Clash; ``<…>`` when no prefix fits."""
    best = None
    for prefix, ns in (prefixes or PREFIXES).items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            local = iri[len(ns):]
            if _LOCAL.match(local) and not local.endswith("."):
                best = (prefix, ns)
    if best is None:
        return f"<{iri}>"
    return f"{best[0]}:{iri[len(best[1]):]}"


def short(term, prefixes: dict[str, str] | None = None) -> str:
    """Any rdflib term as short text."""
    if isinstance(term, URIRef):
        return short_iri(str(term), prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = str(term)
        if len(text) > MAX_LITERAL:
            text = text[: MAX_LITERAL - 1] + "…"
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is None or term.datatype == XSD.string:
            return f'"{text}"'
        if term.datatype in _BARE and re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?|true|false", text):
            return text  # as Turtle writes them: 300, 36.2, true
        return f'"{text}"^^{short_iri(str(term.datatype), prefixes)}'
    return str(term)


def expand(name: str, prefixes: dict[str, str] | None = None) -> str:
    """The full IRI of a short name written by ``short_iri`` (``<…>`` or ``prefix:local``)."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    table = prefixes or PREFIXES
    return table[prefix] + local if prefix in table else name
