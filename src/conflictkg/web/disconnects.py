"""Stop the work of a request whose client went away.

A query runs in a worker process until it answers or reaches its time limit. When the client
disconnects first, nothing would be listening for the answer, yet the worker would keep a slot
(and a core) until the deadline: a client that sends heavy queries and hangs up at once could
starve everyone else. This ASGI middleware watches the connection once the request body has been
read and, when the client disconnects before the response starts, cancels the request's task;
the worker pool then kills the request's worker at once (``executor.pool``). Writes are not
cancelled midway (the query service shields them), and once a response has started, Starlette's
own streaming handles a disconnect.

The body is never read ahead of the route (that would defeat the body size limit): for a request
with a body, watching starts after the route has read all of it.
"""

from __future__ import annotations

import asyncio


class CancelOnDisconnect:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        has_body = headers.get(b"content-length", b"0") not in (b"", b"0") or b"transfer-encoding" in headers
        body_read = asyncio.Event()
        lock = asyncio.Lock()
        pending: list[dict] = []
        response = {"started": False}

        def note(message: dict) -> None:
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_read.set()

        async def app_receive() -> dict:
            if body_read.is_set() and not pending:
                return await receive()
            async with lock:
                if pending:
                    return pending.pop(0)
                message = await receive()
                note(message)
                return message

        async def app_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                response["started"] = True
            await send(message)

        app_task = asyncio.ensure_future(self.app(scope, app_receive, app_send))

        async def watch() -> None:
            if has_body:
                await body_read.wait()
            else:  # read the (empty) body for the route, which may never ask for it
                async with lock:
                    if not body_read.is_set():
                        message = await receive()
                        note(message)
                        pending.append(message)
                        if message["type"] == "http.disconnect" and not response["started"]:
                            app_task.cancel()
                            return
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    if not response["started"]:
                        app_task.cancel()
                    return

        watcher = asyncio.ensure_future(watch())
        try:
            await app_task
        except asyncio.CancelledError:
            if not app_task.cancelled():  # we were cancelled ourselves: pass it on
                app_task.cancel()
                raise
            scope.setdefault("state", {})["client_gone"] = True
        finally:
            watcher.cancel()
