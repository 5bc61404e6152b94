"""The Content-Security-Policy of every response: pages may load scripts, styles, images and data
from this server only (``default-src 'self'``), run no inline script, and be framed by nobody.

The one exception is a configured map tile server (``settings.tile_url``), whose origin is added
to ``img-src`` so that tiles can load. Inline ``style=`` attributes are allowed
(``style-src 'self' 'unsafe-inline'``) because Leaflet, Cytoscape and Yasgui position elements
with them; styles cannot run code, scripts stay strictly ``'self'``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import FastAPI, Request


def tile_origin(tile_url: str | None) -> str | None:
    """``https://tile.example.org`` for ``https://{s}.tile.example.org/{z}/{x}/{y}.png``: the
    origin a browser must be allowed to load tiles from (a ``{s}`` subdomain becomes ``*.``)."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"tile_url {tile_url!r} must be an http(s) URL template such as "
                         "https://tile.example.org/{z}/{x}/{y}.png")
    host = parts.netloc.replace("{s}.", "*.")
    return f"{parts.scheme}://{host}"


def policy(tile_url: str | None = None) -> str:
    images = "'self' data:"
    origin = tile_origin(tile_url)
    if origin:
        images += f" {origin}"
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src {images}",
        "connect-src 'self'",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def install(app: FastAPI, tile_url: str | None) -> None:
    """Add the policy to every response that does not set its own."""
    header = policy(tile_url)

    @app.middleware("http")
    async def content_security_policy(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", header)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
