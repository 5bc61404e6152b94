"""The visual interface for researchers: map of events, allegiance network, timeline, query
editor and search, on top of the SPARQL server.

``install(app, settings)`` is the one call ``create_app`` makes: it serves the static files
(vendored libraries, base map, our scripts), adds the routes and the Content-Security-Policy.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ...settings import Settings
from . import csp, routes
from .assets import LEAFLET_URL, STATIC_DIR, STATIC_URL, leaflet_dir


def install(app: FastAPI, settings: Settings) -> None:
    # Leaflet's folder first: a mount matches by prefix, in order.
    app.mount(LEAFLET_URL, StaticFiles(directory=leaflet_dir()), name="leaflet")
    app.mount(STATIC_URL, StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(routes.router())
    csp.install(app, settings.tile_url)


__all__ = ["install"]
