"""The zygote: a single-threaded process that holds the store in memory and forks query workers.

It is started as a fresh interpreter (``python -m conflictkg.executor.zygote FD``), so it has no
threads of the server (uvicorn, the test runner, RocksDB) and ``fork()`` is safe. It loads a
snapshot of the on-disk store (its serving snapshot, ``store.serving_snapshot``), then serves requests on its
control socket, one at a time:

- ``fork``: fork a worker; the worker shares the store's pages (copy-on-write) and answers requests
  on its own socket, whose other end is sent back to the server (SCM_RIGHTS) with the worker's pid;
- ``update``: apply a SPARQL Update to the memory store (the server has committed it to disk);
  triples of withheld predicates (article bodies whose rights forbid republishing) are removed
  after loading and after every update, so queries never see them;
- ``stop``: exit.

The zygote never evaluates queries itself, so it is always free to fork a replacement for a
worker that was killed. SIGCHLD is ignored so that killed workers are reaped by the kernel.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys

import pyoxigraph as ox

from .channel import ChannelClosed, recv_message, send_message, send_socket
from .worker import evaluate

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies, so nothing outlives the server."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers still exit on EOF of their socket
        pass


def load_snapshot(snapshot: str, named_graphs: list[str]) -> ox.Store:
    """The in-memory store, read straight from the serving snapshot file. Lenient: the snapshot is
    the store's own dump (or files ``load`` already parsed), so re-validating every IRI and literal
    would only cost time (about 25%)."""
    store = ox.Store()
    if os.path.getsize(snapshot):
        store.bulk_load(path=snapshot, format=ox.RdfFormat.N_QUADS, lenient=True)
    for graph in named_graphs:  # empty named graphs exist too (Graph Store PUT of an empty graph)
        store.add_graph(ox.NamedNode(graph))
    return store


def withhold(store: ox.Store, predicates: list[str]) -> None:
    """Remove every triple with one of ``predicates`` from the memory store (e.g. article bodies
    when their rights do not allow republishing: CONFLICTKG_SERVE_ARTICLE_BODIES=false)."""
    for predicate in predicates:
        store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?s <{predicate}> ?o }} }}")


def worker_loop(sock: socket.socket, store: ox.Store, spill_limit: int, spill_dir: str | None) -> None:
    """Answer requests until the server closes the socket."""
    while True:
        try:
            request = recv_message(sock)
        except (ChannelClosed, OSError):
            return
        header, payload = evaluate(store, request, spill_limit, spill_dir)
        try:
            send_message(sock, header, payload)
        except OSError:
            return


def fork_worker(control: socket.socket, store: ox.Store, spill_limit: int, spill_dir: str | None) -> None:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:  # the worker
        code = 0
        try:
            control.close()
            theirs.close()
            _die_with_parent()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            worker_loop(ours, store, spill_limit, spill_dir)
        except BaseException:  # noqa: BLE001 - a worker must never return into the zygote's loop
            code = 1
        finally:
            os._exit(code)
    ours.close()
    send_socket(control, {"pid": pid}, theirs.fileno())
    theirs.close()


def serve(control: socket.socket) -> None:
    setup = recv_message(control)
    store = load_snapshot(setup["snapshot"], setup["named_graphs"])
    withheld = setup.get("withheld", [])
    withhold(store, withheld)
    spill_limit, spill_dir = setup["spill_limit"], setup.get("spill_dir")
    send_message(control, {"status": "ready", "pid": os.getpid(), "quads": len(store)})
    while True:
        try:
            message = recv_message(control)
        except ChannelClosed:
            return
        op = message["op"]
        if op == "fork":
            fork_worker(control, store, spill_limit, spill_dir)
        elif op == "update":
            try:
                store.update(message["update"], base_iri=message.get("base_iri"))
                withhold(store, withheld)  # a write may bring withheld triples back
                send_message(control, {"status": "ok"})
            except (SyntaxError, OSError, ValueError) as exc:
                send_message(control, {"status": "error", "message": str(exc)})
        elif op == "add_graph":
            store.add_graph(ox.NamedNode(message["graph"]))
            send_message(control, {"status": "ok"})
        elif op == "stop":
            send_message(control, {"status": "ok"})
            return


def main(argv: list[str]) -> int:
    _die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed workers are reaped by the kernel
    # Ctrl-C, or a service manager's SIGTERM sent to the whole process group, stops the server,
    # which lets in-flight queries finish and then stops us: the workers must outlive the signal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    control = socket.socket(fileno=int(argv[0]))
    try:
        serve(control)
    finally:
        control.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
