"""The API's documentation page, ``/docs``: the OpenAPI document (``/openapi.json``) shown by
Swagger UI, offline and under the site's Content-Security-Policy.

FastAPI's own ``/docs`` and ``/redoc`` pages load their scripts from a CDN and start Swagger UI
with an inline script; both are switched off (``create_app``) and replaced by this page, which
loads the vendored ``swagger-ui-dist`` (``static/vendor/swagger-ui-*``, refreshed by
scripts/refresh-vendor) and starts it from ``static/ui/api-docs.js``. (The operationIds of the
document are made unique by ``operations.multi_method_route``.)
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .ui.assets import assets


def router(openapi_url: str) -> APIRouter:
    api = APIRouter()

    @api.get("/docs", include_in_schema=False)
    async def docs_page(request: Request) -> Response:
        return request.app.state.templates.TemplateResponse(request, "ui/api_docs.html", {
            "assets": assets(), "openapi_url": openapi_url})

    return api
