"""Parameters of a query bound as a ``VALUES`` block, for stores that cannot take substitutions.

pyoxigraph binds named-query parameters with ``substitutions``; a remote SPARQL endpoint has no
such thing. There the values are written into the query as one ``VALUES (?a ?b) { (t1 t2) }``
block placed first in the query's WHERE group, which binds the variables for the whole group as
a substitution does (a parameter inside a sub-select is not reached, as with pyoxigraph).

Safety: a value is never pasted as the user typed it. It is an RDF term (built and validated by
pyoxigraph: ``NamedNode`` refuses what no IRI may hold), written in its N-Triples form by
pyoxigraph's ``str()`` (quotes, backslashes and line breaks escaped), and that text is then read
back by pyoxigraph's SPARQL parser, which must give exactly the same term, alone, or the request is
refused. Nothing a user sends can end the VALUES block or add to the query.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from .service import BadRequest
from .sparql_tokens import TOKEN

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@cache
def _parser_store() -> ox.Store:
    """An empty in-memory store, used only to parse SPARQL (created on first use)."""
    return ox.Store()


def term_text(term: ox.NamedNode | ox.Literal) -> str:
    """The term as SPARQL text, proven to read back as exactly this term."""
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise BadRequest(f"a parameter value must be an IRI or a literal, not {type(term).__name__}")
    text = str(term)
    try:
        rows = list(_parser_store().query(f"SELECT ?v WHERE {{ VALUES ?v {{ {text} }} }}"))
    except SyntaxError:
        rows = []
    if len(rows) != 1 or rows[0]["v"] != term:
        raise BadRequest(f"the parameter value {text[:80]!r} cannot be written safely into a query")
    return text


def where_group_start(query: str) -> int:
    """The offset just after the ``{`` that opens the query's WHERE group."""
    depth = 0
    form = None
    seen_where = False
    template_closed = False
    for match in TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "comment":
            continue
        if kind == "open":
            if depth == 0:
                # CONSTRUCT { template } WHERE { … }: the first group is the template
                if seen_where or (form in ("SELECT", "ASK", "DESCRIBE")) or (form == "CONSTRUCT" and template_closed):
                    return match.end()
            depth += 1
            continue
        if kind == "close":
            depth -= 1
            if depth == 0 and form == "CONSTRUCT":
                template_closed = True
            continue
        if depth == 0 and kind == "word":
            word = text.upper()
            if form is None and word in FORMS:
                form = word
            elif word == "WHERE":
                seen_where = True
    raise BadRequest("the query has no WHERE group to bind its parameters in")


def bind_values(query: str, substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """The query with ``substitutions`` as a VALUES block first in its WHERE group (on the same
    line, so that the positions of later lines do not move)."""
    if not substitutions:
        return query
    names = " ".join(str(ox.Variable(v.value if isinstance(v, ox.Variable) else str(v))) for v in substitutions)
    values = " ".join(term_text(t) for t in substitutions.values())
    at = where_group_start(query)
    return f"{query[:at]} VALUES ({names}) {{ ({values}) }} {query[at:]}"


__all__ = ["bind_values", "term_text", "where_group_start"]
