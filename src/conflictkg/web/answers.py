"""Turning the query service's complete answers into HTTP responses, and reading request bodies
within the size limit."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from ..executor.formats import BY_NAME
from ..executor.service import Answer
from .http_errors import ApiError


def answer_response(answer: Answer, headers: dict[str, str] | None = None, status: int = 200) -> Response:
    """A 200 with the answer's bytes: small answers from memory, large ones from their spill file
    (deleted once sent)."""
    content_type = BY_NAME[answer.format].content_type
    headers = {**(headers or {}), "content-type": content_type}
    if answer.encoding:  # compressed by the worker; the GZip middleware leaves it alone
        headers["content-encoding"] = answer.encoding
        headers["vary"] = ", ".join(filter(None, (headers.pop("Vary", None), "Accept-Encoding")))
    if answer.path is not None:
        return FileResponse(answer.path, status_code=status, headers=headers, media_type=content_type,
                            background=BackgroundTask(answer.discard))
    return Response(answer.content, status_code=status, headers=headers, media_type=content_type)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 beyond ``limit`` bytes (before reading, when the
    Content-Length says so)."""
    declared = request.headers.get("content-length")
    too_large = ApiError(413, "body_too_large", f"the request body is larger than this server accepts "
                                                 f"({limit} bytes); send less, or split it into several requests")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def media_type_of(request: Request) -> tuple[str, dict[str, str]]:
    """The request's Content-Type without parameters (lowercase), and its parameters."""
    raw = request.headers.get("content-type", "")
    main, *params = [part.strip() for part in raw.split(";")]
    values = {}
    for param in params:
        name, _, value = param.partition("=")
        values[name.strip().lower()] = value.strip().strip('"')
    return main.lower(), values


def require_utf8(params: dict[str, str]) -> None:
    charset = params.get("charset")
    if charset and charset.lower().replace("-", "") != "utf8":
        raise ApiError(415, "unsupported_charset", f"the body must be UTF-8, not {charset}; re-encode it and "
                                                   "send 'charset=utf-8' or no charset")
