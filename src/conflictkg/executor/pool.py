"""The server's side of the zygote and its workers: start the zygote, keep idle workers ready,
admit at most ``size`` queries at once (a bounded queue, then TooBusy), and enforce time limits
by killing the worker (SIGKILL) that runs over — the only way to stop a pyoxigraph query. A
request whose caller gives up (the HTTP client went away, so the route's task is cancelled)
kills its worker at once too, instead of letting it run to its deadline while holding a slot.
A killed worker's spill file (if it was writing one) is removed.

Socket I/O with a worker is blocking and runs in a thread (``asyncio.to_thread``): the event loop
only awaits. The zygote's control socket is used by one thread at a time (a lock).
"""

from __future__ import annotations

import asyncio
import glob
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from .channel import ChannelClosed, recv_exactly, recv_message, recv_socket, send_message
from .service import ExecutionError, QueryTimeout, TooBusy
from .worker import spill_prefix


@dataclass
class Worker:
    pid: int
    sock: socket.socket
    generation: int
    uses: int = 0

    def call(self, request: dict, deadline: float | None) -> tuple[dict, bytes]:
        self.sock.settimeout(None)
        send_message(self.sock, request)
        header = recv_message(self.sock, deadline)
        payload = recv_exactly(self.sock, header["size"], deadline) if header.get("size") else b""
        return header, payload

    def kill(self, spill_dir: str | None = None) -> None:
        self.signal_kill()
        self.sock.close()
        # A worker killed while spilling leaves its partial answer behind: remove it.
        pattern = os.path.join(spill_dir or tempfile.gettempdir(), glob.escape(spill_prefix(self.pid)) + "*")
        for path in glob.glob(pattern):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass

    def signal_kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def retire(self) -> None:
        """Let an idle worker go: it exits when it sees its socket close."""
        self.sock.close()


class Zygote:
    """The zygote process, seen from the server."""

    def __init__(self, snapshot: str, named_graphs: list[str], spill_limit: int, spill_dir: str | None):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._lock = threading.Lock()
        self._sock = ours
        self.process = subprocess.Popen(
            [sys.executable, "-m", "conflictkg.executor.zygote", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
        )
        theirs.close()
        send_message(ours, {"snapshot": snapshot, "named_graphs": named_graphs,
                            "spill_limit": spill_limit, "spill_dir": spill_dir})
        self.quads: int | None = None  # set by ``wait_ready``; the zygote loads the store meanwhile

    def wait_ready(self) -> None:
        if self.quads is not None:
            return
        try:
            ready = recv_message(self._sock)
        except ChannelClosed:
            raise ExecutionError("the query zygote exited while loading the store; see the messages above") from None
        self.quads = ready["quads"]

    def fork(self, generation: int) -> Worker:
        with self._lock:
            send_message(self._sock, {"op": "fork"})
            info, sock = recv_socket(self._sock)
        return Worker(info["pid"], sock, generation)

    def call(self, message: dict) -> dict:
        with self._lock:
            send_message(self._sock, message)
            return recv_message(self._sock)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.quads is None:  # still loading: nothing to finish
            self.process.kill()
        try:
            self.call({"op": "stop"})
        except OSError:
            pass
        self._sock.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# Seconds the current request spent in ``WorkerPool.run`` (set per request by the access log).
QUERY_TIME: ContextVar[list[float] | None] = ContextVar("conflictkg_query_time", default=None)


def _finished(done: asyncio.Future, slots: asyncio.Semaphore, running: dict) -> None:
    """Free the slot; drop the answer of a request nobody waits for any more (its spill file)."""
    slots.release()
    if done.cancelled() or done.exception() is not None:
        return
    header, _payload = done.result()
    if running.get("abandoned") and header.get("path"):
        try:
            os.unlink(header["path"])
        except FileNotFoundError:
            pass


@dataclass
class PoolStats:
    answered: int = 0
    timeouts: int = 0
    refused: int = 0
    abandoned: int = 0  # requests whose caller went away; their workers were killed
    killed: int = 0
    forked: int = 0
    recent: list = field(default_factory=list)


class WorkerPool:
    """Admission and dispatch. ``generation`` rises with every committed write; a worker of an
    older generation sees old data and is replaced before it answers another request."""

    def __init__(self, zygote: Zygote, size: int, max_queued: int, spill_dir: str | None = None,
                 max_uses: int = 500):
        self.zygote = zygote
        self.spill_dir = spill_dir
        self.size = max(1, size)
        self.max_queued = max_queued
        self.max_uses = max_uses
        self.generation = 0
        self.stats = PoolStats()
        self._idle: list[Worker] = []
        self._idle_lock = threading.Lock()
        self._slots: asyncio.Semaphore | None = None
        self._waiting = 0

    def prefork(self) -> None:
        for _ in range(self.size):
            self._release(self._fork())

    def _fork(self) -> Worker:
        self.stats.forked += 1
        return self.zygote.fork(self.generation)

    def _take(self) -> Worker:
        with self._idle_lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.generation == self.generation:
                    return worker
                worker.retire()
        return self._fork()

    def _release(self, worker: Worker) -> None:
        if worker.generation != self.generation or worker.uses >= self.max_uses:
            worker.retire()
            worker = self._fork()
        with self._idle_lock:
            self._idle.append(worker)

    def invalidate(self) -> None:
        """After a write: idle workers are replaced now, busy ones when they come back."""
        self.generation += 1
        with self._idle_lock:
            stale, self._idle = self._idle, []
        for worker in stale:
            worker.retire()
        for _ in range(min(len(stale), self.size)):
            self._release(self._fork())

    def _run(self, request: dict, deadline: float, timeout: float, running: dict) -> tuple[dict, bytes]:
        if time.monotonic() >= deadline:  # it spent its whole time limit waiting for a slot
            self.stats.timeouts += 1
            raise QueryTimeout(timeout)
        worker = self._take()
        running["worker"] = worker
        if running.get("abandoned"):  # the caller went away while the worker was being taken
            worker.signal_kill()
        try:
            header, payload = worker.call(request, deadline)
        except TimeoutError:
            worker.kill(self.spill_dir)
            self.stats.killed += 1
            self.stats.timeouts += 1
            self._replace_soon()
            raise QueryTimeout(timeout) from None
        except (ChannelClosed, OSError, EOFError) as exc:
            worker.kill(self.spill_dir)
            self.stats.killed += 1
            self._replace_soon()
            if running.get("abandoned"):
                raise asyncio.CancelledError() from None
            raise ExecutionError(f"the query worker died while answering ({exc}); the query may need "
                                 "more memory than the server allows") from None
        worker.uses += 1
        self._release(worker)
        self.stats.answered += 1
        return header, payload

    def _replace_soon(self) -> None:
        try:
            self._release(self._fork())
        except (OSError, ChannelClosed):
            pass  # the zygote is gone; health() reports it

    async def run(self, request: dict, timeout: float) -> tuple[dict, bytes]:
        started = time.monotonic()
        try:
            return await self._admit_and_run(request, timeout)
        finally:
            spent = QUERY_TIME.get()
            if spent is not None:
                spent[0] += time.monotonic() - started

    async def _admit_and_run(self, request: dict, timeout: float) -> tuple[dict, bytes]:
        # One deadline for waiting and running: a query is answered or stopped ``timeout`` seconds
        # after it arrived, however long it queued.
        deadline = time.monotonic() + timeout
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        if self._slots.locked() and self._waiting >= self.max_queued:
            self.stats.refused += 1
            raise TooBusy()
        self._waiting += 1
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout)
        except TimeoutError:
            self.stats.refused += 1
            raise TooBusy() from None
        finally:
            self._waiting -= 1
        # The slot is held until the worker is done (so at most ``size`` workers ever run). If the
        # caller is cancelled (its client went away), the worker is killed at once: the thread then
        # sees its socket close, replaces it and frees the slot.
        slots = self._slots
        running: dict = {}
        task = asyncio.ensure_future(asyncio.to_thread(self._run, request, deadline, timeout, running))
        task.add_done_callback(lambda done: _finished(done, slots, running))
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            if not task.done():
                running["abandoned"] = True
                self.stats.abandoned += 1
                if "worker" in running:
                    running["worker"].signal_kill()
            raise

    def close(self) -> None:
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.retire()
        self.zygote.stop()
