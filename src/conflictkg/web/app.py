"""The app factory: middleware, error handlers, templates and routers, wired once per app.
Nothing happens at import time; ``create_app`` starts nothing until the app's lifespan begins
(then the query service starts its processes, and stops them when the app shuts down)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pyoxigraph as ox
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..executor.service import QueryService
from ..namespaces import PREFIXES
from ..settings import Settings
from . import api_docs, dataset_routes, http_errors, linked_data_routes, named_query_routes, sparql_routes, store_routes, ui
from .access_log import AccessLog
from .disconnects import CancelOnDisconnect

TEMPLATES = Path(__file__).parent / "templates"


def make_templates(settings: Settings) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    base = settings.base_iri

    def href(iri: str) -> str:
        """Where a browser finds a resource: our own IRIs map onto this server's routes."""
        return "/" + iri[len(base):] if iri.startswith(base) else iri

    def curie(iri: str) -> str:
        best = max((p for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda p: len(PREFIXES[p]), default=None)
        return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri

    def is_iri(term) -> bool:
        return isinstance(term, ox.NamedNode)

    templates.env.filters.update(href=href, curie=curie)
    templates.env.tests["iri"] = is_iri
    templates.env.globals.update(version=__version__, base_iri=base)
    return templates


def create_app(service: QueryService, settings: Settings) -> FastAPI:
    """The server over ``service`` (any ``QueryService``), configured by ``settings``."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await service.start()
        try:
            yield
        finally:
            await service.close()

    # FastAPI's /docs and /redoc pages load scripts from a CDN: api_docs serves /docs offline.
    app = FastAPI(title="conflictkg", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
                  description="News reports of armed conflicts as a knowledge graph: SPARQL 1.1 endpoint, "
                              "Graph Store, Linked Data and named queries.")
    named = named_query_routes.load_named_queries(Path(settings.queries_dir) if settings.queries_dir else None)
    app.state.settings = settings
    app.state.service = service
    app.state.templates = make_templates(settings)
    app.state.named_queries = named
    app.state.prefixes_text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

    # CORS for reading: any site may query (GET / POST) and dereference; writes need the
    # Authorization header, which is not allowed cross-origin, so browsers cannot write.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["Accept", "Content-Type"], expose_headers=["Location", "Vary"])
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    http_errors.install(app)
    for router in (dataset_routes.router(), sparql_routes.router(), store_routes.router(),
                   linked_data_routes.router(), named_query_routes.router(named)):
        app.include_router(router)
    ui.install(app, settings)  # the visual interface: /map, /network, /timeline, /query, /search, /static
    app.include_router(api_docs.router(app.openapi_url))  # /docs, offline
    # Outermost: a client that hangs up stops its query's worker; then the access log sees it all.
    app.add_middleware(CancelOnDisconnect)
    if settings.access_log:
        app.add_middleware(AccessLog, target=settings.access_log)
    return app
