"""The routes of the visual interface: the pages (``/map``, ``/network``, ``/timeline``,
``/query``, ``/search``) and the JSON their scripts draw (``/api/...``).

Every JSON endpoint runs one or more of the SPARQL files in ``sparql/`` through the app's query
service (the same killable workers and time limits as ``/sparql``) and shapes the rows with the
pure functions of ``graph_views``. Pages are thin templates; data reaches scripts only through
these endpoints and ``data-`` attributes, never through inline script.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from ...executor.service import QueryRequest
from ...namespaces import PREFIXES
from . import graph_views
from .examples import editor_text
from .assets import assets

SPARQL_DIR = Path(__file__).resolve().parent / "sparql"
RESULTS_AS_JSON = {"results": "json", "graph": None}
MAX_QUERY_LENGTH = 100


@cache
def sparql(name: str) -> str:
    """The text of ``sparql/{name}.rq``."""
    return (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


async def run(request: Request, name: str, substitutions: dict | None = None) -> list[graph_views.Row]:
    answer = await request.app.state.service.query(
        QueryRequest(sparql(name), RESULTS_AS_JSON, substitutions=substitutions or {}))
    return graph_views.rows_of(answer.read())


def base_iri(request: Request) -> str:
    return request.app.state.settings.base_iri


def page(request: Request, template: str, **context) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, {"assets": assets(), **context})


def router() -> APIRouter:
    api = APIRouter(tags=["Views"])

    @api.get("/map", summary="Map of events", include_in_schema=False)
    async def map_page(request: Request) -> Response:
        return page(request, "ui/map.html", tile_url=request.app.state.settings.tile_url or "")

    @api.get("/network", summary="Allegiance network", include_in_schema=False)
    async def network_page(request: Request) -> Response:
        return page(request, "ui/network.html")

    @api.get("/timeline", summary="Timeline of events", include_in_schema=False)
    async def timeline_page(request: Request) -> Response:
        return page(request, "ui/timeline.html")

    @api.get("/query", summary="Query editor", include_in_schema=False)
    async def query_page(request: Request) -> Response:
        return page(request, "ui/query.html")

    @api.get("/search", summary="Search page", include_in_schema=False)
    async def search_page(request: Request, q: str = "") -> Response:
        q = q.strip()[:MAX_QUERY_LENGTH]
        hits = await search_hits(request, q) if len(q) >= 2 else []
        return page(request, "ui/search.html", q=q, hits=hits)

    @api.get("/api/events.json", summary="Every event, with type, date, place, actors and article")
    async def events_json(request: Request) -> JSONResponse:
        items = graph_views.events(await run(request, "events"), base_iri(request))
        return JSONResponse({"events": items, "eventTypes": graph_views.event_types(items)})

    @api.get("/api/events.geojson", summary="Events that have a located place, as GeoJSON")
    async def events_geojson(request: Request) -> JSONResponse:
        items = graph_views.events(await run(request, "events"), base_iri(request))
        return JSONResponse(graph_views.geojson(items), media_type="application/geo+json")

    @api.get("/api/timeline.json", summary="Dated events in date order, and the undated ones")
    async def timeline_json(request: Request) -> JSONResponse:
        items = graph_views.events(await run(request, "events"), base_iri(request))
        return JSONResponse(graph_views.timeline(items))

    @api.get("/api/network.json", summary="Actors (nodes) and allegiances (edges)")
    async def network_json(request: Request) -> JSONResponse:
        base = base_iri(request)
        return JSONResponse(graph_views.network(
            await run(request, "actors"), await run(request, "allegiances"), await run(request, "articles"), base))

    @api.get("/api/search", summary="Actors, places and events by name, other names and descriptions")
    async def search_json(request: Request, q: str = Query("", description="at least 2 characters")) -> JSONResponse:
        q = q.strip()[:MAX_QUERY_LENGTH]
        return JSONResponse({"q": q, "results": await search_hits(request, q) if len(q) >= 2 else []})

    @api.get("/api/examples.json", summary="The example queries of the query editor (parameters set to their examples)")
    async def examples_json(request: Request) -> JSONResponse:
        named = getattr(request.app.state, "named_queries", {}) or {}
        return JSONResponse({"prefixes": PREFIXES, "examples": [
            {"name": q.name, "summary": q.summary, "kind": q.kind, "query": editor_text(q)}
            for q in sorted(named.values(), key=lambda q: q.name)
        ]})

    return api


async def search_hits(request: Request, q: str) -> list[dict]:
    rows = await run(request, "search", {ox.Variable("q"): ox.Literal(q)})
    return graph_views.search_results(rows, q, base_iri(request))
