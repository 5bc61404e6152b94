"""Named SPARQL queries (``queries/*.rq``) with grlc-style headers and parameters.

A file starts with ``#+ key: value`` lines (``summary``, ``description``, ``tags``,
``severity`` for quality checks, ``param.<name>: <explanation>``). In the query body, ``?_name``
is a required parameter and ``?__name`` an optional one; a suffix types it: ``?_actor_iri``,
``?_km_integer``/``_decimal``, ``?_from_date``, otherwise a plain string. Values are bound with
pyoxigraph's ``substitutions`` — never pasted into the query text — and an unbound optional
parameter simply stays a variable.

pyoxigraph binds only variables that a SELECT query projects, so every parameter variable of a
SELECT query must appear in its SELECT clause (or the query uses ``SELECT *``); in an aggregate
query, group by it. ``parse_named_query`` refuses a file that breaks this rule, with a message
that says so. CONSTRUCT, DESCRIBE and ASK queries have no such rule. With pyoxigraph 0.5 a
substituted variable is not ``BOUND()`` inside the query: write optional parameters as
``COALESCE(?__name, default)`` rather than testing ``BOUND(?__name)``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import XSD

_HEADER = re.compile(r"^#\+\s*([A-Za-z_][\w.-]*)\s*:\s*(.*)$")
_PARAM = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
_TYPES = ("iri", "integer", "decimal", "date", "string", "literal")


@dataclass(frozen=True)
class Parameter:
    name: str  # the public name, e.g. "actor"
    variable: str  # the SPARQL variable without "?", e.g. "_actor_iri"
    type: str  # iri | integer | decimal | date | string
    required: bool
    description: str = ""

    def bind(self, raw: str) -> ox.NamedNode | ox.Literal:
        """Turn a request value into an RDF term of the declared type, or raise ValueError."""
        if self.type == "iri":
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw):
                raise ValueError(f"parameter {self.name!r} must be an absolute IRI, got {raw!r}")
            return ox.NamedNode(raw)
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", raw.strip()):
                raise ValueError(f"parameter {self.name!r} must be an integer, got {raw!r}")
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode(str(XSD.integer)))
        if self.type == "decimal":
            try:
                value = Decimal(raw.strip())
            except InvalidOperation:
                raise ValueError(f"parameter {self.name!r} must be a number, got {raw!r}") from None
            if not value.is_finite():
                raise ValueError(f"parameter {self.name!r} must be a finite number, got {raw!r}")
            return ox.Literal(str(value), datatype=ox.NamedNode(str(XSD.decimal)))
        if self.type == "date":
            try:
                value = dt.date.fromisoformat(raw.strip())
            except ValueError:
                raise ValueError(f"parameter {self.name!r} must be a date YYYY-MM-DD, got {raw!r}") from None
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(str(XSD.date)))
        return ox.Literal(raw)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    parameters: tuple[Parameter, ...] = ()

    @property
    def kind(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (the first query form keyword after the prologue)."""
        body = strip_comments(self.text)
        body = re.sub(r"(?is)^\s*((PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", "", body)
        match = re.match(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.I)
        return match.group(1).upper() if match else "SELECT"

    def substitutions(self, values: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
        """Bind request values (by public name) to the query's parameter variables.
        Raises ValueError naming what is missing or malformed."""
        bound: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
        known = {p.name for p in self.parameters}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown parameter(s) {', '.join(unknown)} for query {self.name!r}; "
                             f"it takes: {', '.join(sorted(known)) or 'none'}")
        for param in self.parameters:
            raw = values.get(param.name)
            if raw is None or raw == "":
                if param.required:
                    raise ValueError(f"query {self.name!r} needs the parameter {param.name!r} ({param.type})")
                continue
            bound[ox.Variable(param.variable)] = param.bind(raw)
        return bound


def parse_named_query(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read query: {exc}") from None
    meta: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            key, value = match.group(1).lower(), match.group(2).strip()
            meta[key] = f"{meta[key]} {value}".strip() if key in meta else value
    params: dict[str, Parameter] = {}
    body = strip_comments(text)
    for underscores, rest in _PARAM.findall(body):
        name, type_ = rest, "string"
        for candidate in _TYPES:
            if rest.endswith("_" + candidate):
                name, type_ = rest[: -len(candidate) - 1], candidate
        type_ = "string" if type_ == "literal" else type_
        required = underscores == "_"
        if name not in params:
            params[name] = Parameter(name, underscores + rest, type_, required, meta.get(f"param.{name}", ""))
    named = NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=meta.get("summary", path.stem.replace("-", " ")),
        description=meta.get("description", ""),
        meta=meta,
        parameters=tuple(params.values()),
    )
    if named.kind == "SELECT":
        projection = _select_clause(body)
        missing = [p.variable for p in named.parameters
                   if "*" not in projection and not re.search(rf"[?$]{re.escape(p.variable)}\b", projection)]
        if missing:
            raise InputError(str(path), "parameter variable(s) " + ", ".join("?" + m for m in missing)
                             + " must appear in the SELECT clause (pyoxigraph binds only projected variables): "
                             "add them to the SELECT list (and to GROUP BY in an aggregate query), or use SELECT *")
    return named


_TOKENS = re.compile(
    r"<[^<>\"{}|^`\\\s]*>"  # an IRI, which may contain '#'
    r"|'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\""  # long strings
    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""  # short strings
    r"|#[^\n]*"  # a comment
)


def strip_comments(text: str) -> str:
    """The query without comments; a ``#`` inside an IRI or a string is not a comment."""
    return _TOKENS.sub(lambda m: "" if m.group(0).startswith("#") else m.group(0), text)


def _select_clause(body: str) -> str:
    """The text between the first SELECT keyword and the start of its WHERE pattern."""
    match = re.search(r"(?<![?$\w])SELECT\b(.*?)(?:(?<![?$\w])WHERE\b|\{)", body, re.I | re.S)
    clause = match.group(1) if match else "*"
    # Expressions such as (COUNT(*) AS ?n) project ?n, not their inner variables or star.
    while re.search(r"\([^()]*\)", clause):
        clause = re.sub(r"\([^()]*\)", " ", clause)
    return clause


def named_queries(folder: Path) -> dict[str, NamedQuery]:
    """Every ``*.rq`` directly in ``folder`` (not the ``qc/`` checks), by name."""
    return {path.stem: parse_named_query(path) for path in sorted(folder.glob("*.rq"))}
