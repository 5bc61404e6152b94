"""The example queries as the query editor opens them: each required parameter replaced by the
example value its header gives (``#+ param.actor: an actor IRI, e.g. https://…``), so that every
tab runs as it is and shows rows. The named query API (``/queries/{name}``) is not affected: it
keeps the parameters and binds them from the request.

The replacement mirrors what binding does: the variable becomes the constant everywhere in the
pattern; in the SELECT clause it becomes ``(value AS ?var)`` so the column stays; in GROUP BY it
is dropped (a constant needs no grouping). Optional parameters (``?__name``) stay variables:
unbound, they mean "any". A parameter without a usable example stays too, and a comment at the
top says what to set.
"""

from __future__ import annotations

import re

from ...queries import NamedQuery, Parameter

_EXAMPLE = {
    "iri": re.compile(r"\b(https?://[^\s,;()<>\"]+[^\s,;()<>\".])"),
    "decimal": re.compile(r"e\.g\.\s*([+-]?\d+(?:\.\d+)?)\b"),
    "integer": re.compile(r"e\.g\.\s*([+-]?\d+)\b"),
    "date": re.compile(r"\b(\d{4}-\d{2}-\d{2})\b"),
    "string": re.compile(r"e\.g\.\s*\"?([^\s\",;()]+)"),
}


def example_value(param: Parameter) -> str | None:
    """The example value of the parameter's header description, if it has one of its type."""
    match = _EXAMPLE.get(param.type, _EXAMPLE["string"]).search(param.description or "")
    if not match:
        return None
    try:
        param.bind(match.group(1))
    except ValueError:
        return None
    return match.group(1)


def sparql_term(param: Parameter, raw: str) -> str:
    """The value as SPARQL text, as short as is exact: <iri>, 36.2, 60.0, 7, "text", "…"^^xsd:date."""
    term = param.bind(raw)
    if param.type == "decimal":
        text = term.value
        return text if "." in text else f"{text}.0"
    if param.type == "integer":
        return term.value
    return str(term)


def editor_text(query: NamedQuery) -> str:
    """The query's text for an editor tab (see the module's docstring)."""
    text = query.text
    filled, unset = [], []
    for param in query.parameters:
        if not param.required:
            continue
        raw = example_value(param)
        if raw is None:
            unset.append(param)
            continue
        text = bind_in_text(text, param.variable, sparql_term(param, raw))
        filled.append((param, raw))
    notes = [f"# Example value: ?{p.variable} = {raw} (the API takes any: /queries/{query.name}?{p.name}=…)"
             for p, raw in filled]
    notes += [f"# Set ?{p.variable} before running: {p.description or p.type}" for p in unset]
    if not notes:
        return text
    lines = text.splitlines(keepends=True)
    header_end = next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines))
    return "".join(lines[:header_end]) + "\n".join(notes) + "\n" + "".join(lines[header_end:])


def bind_in_text(text: str, variable: str, value: str) -> str:
    """``text`` with ``?variable`` replaced by ``value`` outside comments (see the docstring)."""
    code = code_only(text)
    select = re.search(r"(?is)(?<![?$\w])SELECT\b.*?(?=\bWHERE\b|\{)", code)
    group_by = [m.span() for m in re.finditer(r"(?is)\bGROUP\s+BY\b.*?(?=\b(?:HAVING|ORDER|LIMIT|OFFSET|VALUES)\b|\}|$)", code)]
    out, last = [], 0
    for use in re.finditer(rf"[?$]{re.escape(variable)}(?!\w)", code):
        at = use.start()
        if select and select.start() <= at < select.end():
            replacement = f"({value} AS ?{variable})"
        elif any(a <= at < b for a, b in group_by):
            replacement = ""
            while at > last and text[at - 1] in " \t":
                at -= 1
        else:
            replacement = value
        out += [text[last:at], replacement]
        last = use.end()
    return "".join(out) + text[last:]


_TOKENS = re.compile(r"\'\'\'[\s\S]*?\'\'\'|\"\"\"[\s\S]*?\"\"\"|<[^<>\"{}|^`\\\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


def code_only(text: str) -> str:
    """``text`` with comments, IRIs and strings blanked out (same length, so positions match):
    what is left is where variables and keywords can be."""
    return _TOKENS.sub(lambda m: " " * len(m.group(0)), text)
