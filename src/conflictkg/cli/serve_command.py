"""``conflictkg serve``: the SPARQL endpoint and Linked Data server over the embedded store.

With no ``--store``, the store under the data root is built (or reused when its manifest says the
data did not change) first, so that ``conflictkg serve`` on a fresh clone serves the repository's
data. Every flag has a ``CONFLICTKG_*`` environment variable; flags win."""

from __future__ import annotations

import argparse
import sys

from .. import settings as settings_mod
from ..errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="serve SPARQL, the Graph Store and Linked Data over HTTP")
    serve.add_argument("--host", help="interface to listen on (default 127.0.0.1; $CONFLICTKG_HOST)")
    serve.add_argument("--port", type=int, help="port (default 8000; $CONFLICTKG_PORT)")
    serve.add_argument("--store", metavar="PATH", help="an existing store directory (default: build or reuse "
                                                       "<data>/.conflictkg/store; $CONFLICTKG_STORE_PATH)")
    serve.add_argument("--endpoint", metavar="URL", help="serve a remote SPARQL 1.1 store instead: its query endpoint "
                                                        "($CONFLICTKG_ENDPOINT; credentials only from "
                                                        "$CONFLICTKG_REMOTE_USER/_PASSWORD or $CONFLICTKG_REMOTE_TOKEN; "
                                                        "see docs/REMOTE.md)")
    serve.add_argument("--update-endpoint", metavar="URL", help="the remote store's SPARQL Update endpoint "
                                                               "($CONFLICTKG_UPDATE_ENDPOINT)")
    serve.add_argument("--gsp-endpoint", metavar="URL", help="the remote store's Graph Store endpoint "
                                                            "($CONFLICTKG_GSP_ENDPOINT)")
    serve.add_argument("--update-token", metavar="TOKEN", help="allow SPARQL Update and Graph Store writes with "
                                                               "'Authorization: Bearer TOKEN' ($CONFLICTKG_UPDATE_TOKEN)")
    serve.add_argument("--query-timeout", type=float, metavar="S", help="time limit per query in seconds "
                                                                         "(default 30; $CONFLICTKG_QUERY_TIMEOUT)")
    serve.add_argument("--workers", type=int, metavar="N", help="queries evaluated at once, each in a worker process "
                                                                "(default 2; $CONFLICTKG_QUERY_WORKERS)")
    serve.add_argument("--access-log", metavar="FILE", help="write one JSON line per request to FILE ('-': stderr; "
                                                            "$CONFLICTKG_ACCESS_LOG)")
    serve.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from ..executor.embedded import EmbeddedQueryService
    from .store_commands import ensure_store

    settings = settings_mod.from_environment({
        "data_root": args.data, "store_path": args.store, "host": args.host, "port": args.port,
        "update_token": args.update_token, "query_timeout": args.query_timeout, "query_workers": args.workers,
        "access_log": args.access_log,
        "endpoint": args.endpoint, "update_endpoint": args.update_endpoint, "gsp_endpoint": args.gsp_endpoint,
    })
    if settings.endpoint:
        return serve_remote(settings, args.store, args.log_level)
    if settings.store_path is None:
        store_path = ensure_store(settings)
    else:
        store_path = settings.store_path
        if not store_path.is_dir():
            raise InputError(str(store_path), "no store here; build one with `conflictkg build --store PATH`, "
                                              "or leave out --store to serve the data repository")
    service = EmbeddedQueryService(store_path, settings)
    # Open the store and start the query processes before uvicorn, so that a store locked by
    # another process (a second `conflictkg serve`) is a clear message and exit code 2, not a
    # failed application start-up. The app's lifespan finds the service started.
    service.start_sync(wait=False)
    try:
        # The web stack is imported and the app built while the query process loads the store.
        import uvicorn  # the server stack is only imported when serving

        from ..web import create_app

        app = create_app(service, settings)
        service.start_sync()
        print(f"serving {store_path} at http://{settings.host}:{settings.port}/ "
              f"(updates {'on' if settings.update_token else 'off'})", file=sys.stderr)
        # SIGTERM / Ctrl-C: uvicorn stops accepting, lets in-flight requests finish, then the
        # lifespan stops the query processes (which ignore the signal themselves).
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=args.log_level, access_log=False)
    finally:
        service.close_sync()
    return 0


def serve_remote(settings: settings_mod.Settings, store_flag: str | None, log_level: str) -> int:
    """``serve --endpoint``: the same server over a remote SPARQL store (docs/REMOTE.md)."""
    import uvicorn

    from ..executor.remote import RemoteQueryService
    from ..store.remote import RemoteStore, probe
    from ..web import create_app

    if store_flag:
        raise InputError("--store", "give either --store (the embedded store) or --endpoint (a remote store), not both")
    remote = RemoteStore.from_settings(settings)  # checks the URLs and the credentials' source
    probe(remote)  # a store that does not answer is a clear message and exit code 2, not a failed start-up
    app = create_app(RemoteQueryService(settings, remote), settings)
    print(f"serving the remote store ({remote.describe()}) at http://{settings.host}:{settings.port}/ "
          f"(updates {'on' if settings.update_token and remote.writable else 'off'})", file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=log_level, access_log=False)
    return 0
