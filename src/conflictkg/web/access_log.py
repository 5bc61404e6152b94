"""Structured access logs: one JSON object per request and line (``settings.access_log``,
``CONFLICTKG_ACCESS_LOG``: a file path, or ``-`` for stderr).

Each line has the time (UTC, ISO 8601), client address, method, path, status, duration in
milliseconds, the time the request spent in the query service (``query_ms``: waiting for a
worker and evaluating), the response body bytes sent, and the user agent. A request whose client
went away before the answer is logged with status 499 (nginx's "client closed request").
The query text itself is not logged: it can be long and may hold what users typed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import time

from ..executor.pool import QUERY_TIME

CLIENT_CLOSED = 499


def access_logger(target: str) -> logging.Logger:
    """A logger that writes bare JSON lines to ``target`` (a path, or "-" for stderr)."""
    logger = logging.getLogger(f"conflictkg.access.{target}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr) if target == "-" else logging.FileHandler(target, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    return logger


class AccessLog:
    def __init__(self, app, target: str):
        self.app = app
        self.logger = access_logger(target)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        seen = {"status": None, "bytes": 0}
        query_time = [0.0]
        token = QUERY_TIME.set(query_time)

        async def logged_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        except BaseException:
            seen["status"] = seen["status"] or 500
            raise
        finally:
            QUERY_TIME.reset(token)
            if seen["status"] is None and scope.get("state", {}).get("client_gone"):
                seen["status"] = CLIENT_CLOSED
            self.logger.info(json.dumps(self.record(scope, seen, started, query_time[0]), ensure_ascii=False))

    @staticmethod
    def record(scope, seen: dict, started: float, query_seconds: float) -> dict:
        headers = dict(scope.get("headers") or ())
        client = scope.get("client")
        return {
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
            "client": client[0] if client else None,
            "method": scope["method"],
            "path": scope["path"],
            "status": seen["status"],
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "query_ms": round(query_seconds * 1000, 2),
            "bytes": seen["bytes"],
            "user_agent": headers.get(b"user-agent", b"").decode("latin-1") or None,
        }
