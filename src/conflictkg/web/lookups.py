"""Small SELECT queries that pages need (counts, lists, labels), read back as plain rows.

These answers are small JSON documents; parsing them in the server process is cheap, and keeps
rdflib out of every request."""

from __future__ import annotations

import json

from ..executor.service import QueryRequest, QueryService

JSON_ONLY = {"results": "json", "graph": None}


async def select_rows(service: QueryService, query: str, **kwargs) -> list[dict[str, dict]]:
    """Rows of a SELECT as ``{variable: {"type", "value", …}}`` (SPARQL JSON terms)."""
    answer = await service.query(QueryRequest(query, JSON_ONLY, **kwargs))
    return json.loads(answer.read())["results"]["bindings"]


async def ask(service: QueryService, query: str, **kwargs) -> bool:
    answer = await service.query(QueryRequest(query, JSON_ONLY, **kwargs))
    return bool(json.loads(answer.read())["boolean"])


def value(row: dict, name: str, default: str = "") -> str:
    term = row.get(name)
    return term["value"] if term else default
