"""Errors over HTTP, in one place: every named exception maps to a status code and the one JSON
shape ``{"error": code, "message": text, "position": {...} | null}`` (an HTML page for browsers).
Routes raise; they never build error responses themselves."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, QuerySyntaxError, StoreError
from ..executor.service import (
    BadRequest, ExecutionError, GraphNotFound, NotAcceptable, QueryTimeout, TooBusy, TooManyRows,
)
from .negotiation import NotAcceptableFormat, parse_accept


class ApiError(Exception):
    """An HTTP error with a machine code and a message that says what to do."""

    def __init__(self, status: int, code: str, message: str, position: dict | None = None,
                 headers: dict[str, str] | None = None, extra: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.position, self.headers, self.extra = position, headers or {}, extra or {}


def as_api_error(exc: Exception) -> ApiError:
    """The status and code of each core exception: the single mapping table."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, QuerySyntaxError):
        return ApiError(400, "syntax_error", exc.message, exc.position)
    if isinstance(exc, (BadRequest, InputError)):
        return ApiError(400, "bad_request", str(exc))
    if isinstance(exc, (NotAcceptable, NotAcceptableFormat)):
        return ApiError(406, "not_acceptable", str(exc))
    if isinstance(exc, GraphNotFound):
        return ApiError(404, "graph_not_found", str(exc))
    if isinstance(exc, QueryTimeout):
        return ApiError(503, "timeout", str(exc), headers={"Retry-After": "5"})
    if isinstance(exc, TooManyRows):
        # 422: the request is well formed but its answer is larger than this server sends
        return ApiError(422, "too_many_rows", str(exc), extra={"limit": exc.limit})
    if isinstance(exc, TooBusy):
        return ApiError(429, "too_many_queries", str(exc), headers={"Retry-After": str(exc.retry_after)})
    if isinstance(exc, (ExecutionError, StoreError)):
        return ApiError(500, "execution_error", str(exc))
    return ApiError(500, "internal_error", f"unexpected error: {exc}")


def wants_html(request: Request) -> bool:
    """A browser: text/html is accepted at least as much as JSON."""
    ranges = parse_accept(request.headers.get("accept"))
    html = max((r.q for r in ranges if (r.type, r.subtype) == ("text", "html")), default=0.0)
    json_q = max((r.q for r in ranges if r.subtype in ("json", "*") and r.type in ("application", "*")), default=0.0)
    return html > 0 and html >= json_q


def error_response(request: Request, error: ApiError) -> Response:
    body = {"error": error.code, "message": error.message, "position": error.position, **error.extra}
    if request.method != "HEAD" and wants_html(request):
        templates = request.app.state.templates
        return templates.TemplateResponse(request, "error.html", {"error": body, "status": error.status},
                                          status_code=error.status, headers=error.headers)
    if request.method == "HEAD":
        return Response(status_code=error.status, headers=error.headers)
    return JSONResponse(body, status_code=error.status, headers=error.headers)


def install(app: FastAPI) -> None:
    async def on_error(request: Request, exc: Exception) -> Response:
        return error_response(request, as_api_error(exc))

    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404:
            message = f"nothing here at {request.url.path}; see / for what this server offers, /docs for the API"
        return error_response(request, ApiError(exc.status_code, code, message, headers=exc.headers))

    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return error_response(request, ApiError(400, "bad_request", problems))

    for cls in (ApiError, QuerySyntaxError, BadRequest, InputError, NotAcceptable, NotAcceptableFormat,
                GraphNotFound, QueryTimeout, TooBusy, TooManyRows, ExecutionError, StoreError):
        app.add_exception_handler(cls, on_error)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
