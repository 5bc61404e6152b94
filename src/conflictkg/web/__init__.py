"""The HTTP face of conflictkg: a FastAPI app made by ``create_app(service, settings)``.

One router per concept (``sparql_routes``, ``store_routes``, ``linked_data_routes``,
``named_query_routes``, ``dataset_routes``); routes are thin and call the query service, which
evaluates and serialises answers in worker processes (``conflictkg.executor``). The web UI adds
its own routers and templates on top (``web/templates/base.html`` is the shared layout)."""

from .app import create_app

__all__ = ["create_app"]
