"""Routes that answer several HTTP methods, documented as one OpenAPI operation per method.

FastAPI gives a route a single operationId for all its methods, so ``/sparql`` (GET, POST),
``/id/...`` (GET, HEAD) or the Graph Store would repeat theirs, and an OpenAPI document with a
repeated operationId is invalid. ``multi_method_route`` registers the endpoint twice: once for
all its methods, out of the document — this route serves every request, so a wrong method
still gets a 405 whose ``Allow`` names them all — and once per method for the document only,
with the operationId ``{name}_{method}``. The per-method routes come later and never match a
request the first one does not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import APIRouter


def multi_method_route(api: APIRouter, path: str, methods: Sequence[str], name: str, **options) -> Callable:
    """A decorator like ``api.api_route(path, methods=methods, name=name, **options)`` whose
    methods each appear in the OpenAPI document with an operationId of their own."""

    def register(endpoint: Callable) -> Callable:
        api.add_api_route(path, endpoint, methods=list(methods), name=name, include_in_schema=False, **options)
        for method in methods:
            api.add_api_route(path, endpoint, methods=[method], name=name,
                              operation_id=f"{name}_{method.lower()}", **options)
        return endpoint

    return register
