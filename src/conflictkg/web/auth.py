"""Who may write: SPARQL Update and Graph Store writes need ``Authorization: Bearer <token>``
with the configured update token; with no token configured, writes are off."""

from __future__ import annotations

import hmac

from fastapi import Request

from ..settings import Settings
from .http_errors import ApiError


def require_writer(request: Request, settings: Settings) -> None:
    if settings.update_token is None:
        raise ApiError(403, "updates_disabled", "this server is read-only: updates and Graph Store writes are "
                                                "off; start it with --update-token (or CONFLICTKG_UPDATE_TOKEN)")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "writes need the header 'Authorization: Bearer <update token>'",
                       headers={"WWW-Authenticate": 'Bearer realm="conflictkg"'})
    if not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
        raise ApiError(403, "forbidden", "the update token is wrong")
