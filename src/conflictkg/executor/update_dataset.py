"""The protocol's ``using-graph-uri`` / ``using-named-graph-uri`` for SPARQL Update.

pyoxigraph's Python API cannot set an update's dataset, so the protocol's graphs are written into
the update as ``USING`` / ``USING NAMED`` clauses of every INSERT/DELETE … WHERE operation (and
``DELETE WHERE`` is expanded to its long form, which may carry them). This needs only a tokenizer
that knows where strings, IRIs, comments and braces are; the result is parsed by pyoxigraph as
usual. As SPARQL 1.1 Protocol §2.2.3 requires, an update that has its own USING or WITH together
with protocol graphs is refused.
"""

from __future__ import annotations

from .service import BadRequest
from .sparql_tokens import TOKEN as _TOKEN

def _operations(text: str) -> list[list[tuple[str, str, int, int]]]:
    """Tokens at brace depth 0 (plus braces), grouped by operation (split at top-level ';')."""
    operations: list[list[tuple[str, str, int, int]]] = [[]]
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "open":
            depth += 1
            if depth == 1:
                operations[-1].append(("open", "{", match.start(), match.end()))
            continue
        if kind == "close":
            depth -= 1
            if depth == 0:
                operations[-1].append(("close", "}", match.start(), match.end()))
            continue
        if depth:
            continue
        if kind == "semi":
            operations.append([])
            continue
        operations[-1].append((kind, match.group(), match.start(), match.end()))
    return operations


def with_protocol_dataset(update: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """The update with the protocol's graphs as USING clauses (unchanged when there are none)."""
    if not using and not using_named:
        return update
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named]) + " "
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    for tokens in _operations(update):
        words = [(t[1].upper(), t) for t in tokens if t[0] == "word" and ":" not in t[1]]
        keywords = [w for w, _ in words if w not in ("PREFIX", "BASE")]
        if not keywords:
            continue
        if "USING" in keywords or keywords[0] == "WITH":
            raise BadRequest("the update names its own dataset (USING or WITH) and the request gives "
                             "using-graph-uri / using-named-graph-uri too; use one or the other")
        if keywords[0] not in ("INSERT", "DELETE") or (len(keywords) > 1 and keywords[1] == "DATA"):
            continue
        first = next(i for i, t in enumerate(tokens) if t[0] == "word" and t[1].upper() in ("INSERT", "DELETE"))
        following = tokens[first + 1] if first + 1 < len(tokens) else None
        if keywords[0] == "DELETE" and following is not None and following[1].upper() == "WHERE":
            # DELETE WHERE { P } cannot carry USING: write it as DELETE { P } USING … WHERE { P }.
            where = next(t for w, t in words if w == "WHERE")
            opening = next(t for t in tokens if t[0] == "open" and t[2] > where[2])
            closing = next(t for t in tokens if t[0] == "close" and t[2] > opening[2])
            pattern = update[opening[2]:closing[3]]
            edits.append((where[2], closing[3], f"{pattern} {clause}WHERE {pattern}"))
            continue
        where = next((t for w, t in words if w == "WHERE"), None)
        if where is not None:
            edits.append((where[2], where[2], clause))
    for start, end, replacement in sorted(edits, reverse=True):
        update = update[:start] + replacement + update[end:]
    return update
