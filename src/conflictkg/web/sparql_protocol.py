"""Reading a SPARQL 1.1 Protocol request (query or update, by GET, POST form or POST direct) into
one ``Operation``: the pure rules of §2.1 and §2.2, kept apart from the route that runs it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import Request

from .answers import media_type_of, read_body, require_utf8
from .http_errors import ApiError

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


@dataclass(frozen=True)
class Operation:
    kind: str | None  # "query", "update", or None (no operation: describe the service)
    text: str
    params: dict[str, list[str]]  # every parameter of the URL and of a form body

    def values(self, name: str) -> tuple[str, ...]:
        return tuple(self.params.get(name, ()))

    def one(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[-1] if values else None


def _collect(pairs) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in pairs:
        params.setdefault(key, []).append(value)
    return params


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad_encoding", f"the body is not valid UTF-8 (byte {exc.start}); send UTF-8") from None


def _single(params: dict[str, list[str]]) -> tuple[str | None, str]:
    queries, updates = params.get("query", []), params.get("update", [])
    if len(queries) > 1 or len(updates) > 1:
        raise ApiError(400, "bad_request", "send exactly one 'query' or one 'update' parameter, not several")
    if queries and updates:
        raise ApiError(400, "bad_request", "send either 'query' or 'update', not both")
    if queries:
        return "query", queries[0]
    if updates:
        return "update", updates[0]
    return None, ""


async def read_operation(request: Request, max_body: int) -> Operation:
    url_params = _collect(request.query_params.multi_items())
    if request.method in ("GET", "HEAD"):
        if "update" in url_params:
            raise ApiError(400, "update_via_get", "SPARQL Update is not allowed by GET; POST it as "
                                                  "application/sparql-update or as a form field 'update'")
        kind, text = _single(url_params)
        return Operation(kind, text, url_params)
    media, mparams = media_type_of(request)
    body = await read_body(request, max_body)
    if media == FORM:
        require_utf8(mparams)
        form = _collect(parse_qsl(_decode(body), keep_blank_values=True))
        if "query" in url_params or "update" in url_params:
            raise ApiError(400, "bad_request", "with a form POST, send 'query' / 'update' in the body only")
        kind, text = _single(form)
        if kind is None:
            raise ApiError(400, "bad_request", "the form has no 'query' or 'update' field")
        merged = {k: url_params.get(k, []) + form.get(k, []) for k in set(url_params) | set(form)}
        return Operation(kind, text, merged)
    if media in (QUERY_TYPE, UPDATE_TYPE):
        require_utf8(mparams)
        if "query" in url_params or "update" in url_params:
            raise ApiError(400, "bad_request", "a direct POST carries the operation in its body, not in the URL")
        return Operation("query" if media == QUERY_TYPE else "update", _decode(body), url_params)
    raise ApiError(415, "unsupported_media_type",
                   f"POST to /sparql needs Content-Type {QUERY_TYPE}, {UPDATE_TYPE} or {FORM}"
                   + (f", not {media}" if media else "; the request had none"))


def graph_iris(values: tuple[str, ...], parameter: str) -> tuple[str, ...]:
    """Validate graph IRIs of the dataset parameters (pyoxigraph checks IRI syntax)."""
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise ApiError(400, "bad_request", f"{parameter}={value!r} is not an absolute IRI") from None
    return values


def requested_timeout(operation: Operation) -> float | None:
    raw = operation.one("timeout")
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ApiError(400, "bad_request", f"timeout={raw!r} is not a number of seconds") from None
    if value <= 0:
        raise ApiError(400, "bad_request", "timeout must be a positive number of seconds")
    return value
