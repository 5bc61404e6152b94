"""The server's side of the zygote and its workers: start the zygote, keep idle workers ready,
admit at most ``size`` queries at once (a bounded queue, then TooBusy), and enforce time limits
by killing the worker (SIGKILL) that runs over — the only way to stop a pyoxigraph query. A
request whose caller gives up (the HTTP client went away, so the route's task is cancelled)
kills its worker at once too, instead of letting it run to its deadline while holding a slot.
A killed worker's spill file (if it was writing one) is removed.

The worker sockets are non-blocking and driven by the event loop (``loop.sock_*``): a request
is sent, and its answer awaited under ``asyncio.timeout_at(deadline)``, with no thread in
between (a hop to a thread cost about a quarter of a millisecond per request). Only forking a
worker, which talks to the zygote and waits for ``fork()``, runs in a thread; replacements are
forked in the background so that the request that retired a worker does not wait for them. The
zygote's control socket is used by one thread at a time (a lock).
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

from .channel import ChannelClosed, frame, recv_answer, recv_message, recv_socket, send_message
from .service import ExecutionError, QueryTimeout, TooBusy
from .worker import spill_prefix


@dataclass
class Worker:
    pid: int
    sock: socket.socket
    generation: int
    uses: int = 0

    async def call(self, loop: asyncio.AbstractEventLoop, request: bytes) -> tuple[dict, bytes]:
        """Send a framed request (``channel.frame``) and await the answer, on the event loop."""
        await loop.sock_sendall(self.sock, request)
        return await recv_answer(loop, self.sock)

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

    def __init__(self, snapshot: str, named_graphs: list[str], spill_limit: int, spill_dir: str | None,
                 withheld: tuple[str, ...] = ()):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._lock = threading.Lock()
        self._sock = ours
        self.process = subprocess.Popen(
            [sys.executable, "-m", "conflictkg.executor.zygote", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
        )
        theirs.close()
        send_message(ours, {"snapshot": snapshot, "named_graphs": named_graphs,
                            "spill_limit": spill_limit, "spill_dir": spill_dir, "withheld": list(withheld)})
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
        sock.setblocking(False)  # driven by the server's event loop
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
        self._forking: set[asyncio.Future] = set()  # background forks (a reference keeps them alive)

    def prefork(self) -> None:
        for _ in range(self.size):
            self._put_idle(self._fork())

    def _fork(self) -> Worker:
        self.stats.forked += 1
        return self.zygote.fork(self.generation)

    def _take(self) -> Worker | None:
        """An idle worker of the current generation, or None."""
        with self._idle_lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.generation == self.generation:
                    return worker
                worker.retire()
        return None

    def _put_idle(self, worker: Worker) -> None:
        with self._idle_lock:
            if worker.generation == self.generation and len(self._idle) < self.size:
                self._idle.append(worker)
                return
        worker.retire()  # stale (forked across a write), or one too many

    def _release(self, worker: Worker) -> None:
        """Back to the idle workers, or, when stale or worn, retired and replaced in the background."""
        if worker.generation != self.generation or worker.uses >= self.max_uses:
            worker.retire()
            self._replace_soon()
        else:
            self._put_idle(worker)

    def _replace_soon(self) -> None:
        """Fork a replacement in a thread, without making the current request wait for it."""
        def fork_and_keep() -> None:
            try:
                self._put_idle(self._fork())
            except (OSError, ChannelClosed):
                pass  # the zygote is gone; health() reports it

        task = asyncio.ensure_future(asyncio.to_thread(fork_and_keep))
        self._forking.add(task)
        task.add_done_callback(self._forking.discard)

    def invalidate(self) -> None:
        """After a write (called from the writing thread): idle workers are replaced now, busy ones
        when they come back."""
        self.generation += 1
        with self._idle_lock:
            stale, self._idle = self._idle, []
        for worker in stale:
            worker.retire()
        for _ in range(min(len(stale), self.size)):
            self._put_idle(self._fork())

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
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        slots = self._slots
        if slots.locked():
            if self._waiting >= self.max_queued:
                self.stats.refused += 1
                raise TooBusy()
            self._waiting += 1
            try:
                async with asyncio.timeout_at(deadline):
                    await slots.acquire()
            except TimeoutError:
                self.stats.refused += 1
                raise TooBusy() from None
            finally:
                self._waiting -= 1
        else:
            await slots.acquire()  # free: returns at once
        # The slot is held until the worker is done, so at most ``size`` workers ever run.
        try:
            return await self._run(loop, frame(request), deadline, timeout)
        finally:
            slots.release()

    async def _run(self, loop: asyncio.AbstractEventLoop, request: bytes, deadline: float,
                   timeout: float) -> tuple[dict, bytes]:
        if loop.time() >= deadline:  # it spent its whole time limit waiting for a slot
            self.stats.timeouts += 1
            raise QueryTimeout(timeout)
        worker = self._take()
        try:
            async with asyncio.timeout_at(deadline):
                if worker is None:  # all were killed or retired and their replacements are not ready
                    worker = await asyncio.to_thread(self._fork)
                header, payload = await worker.call(loop, request)
        except TimeoutError:
            self.stats.timeouts += 1
            self._kill(worker)
            raise QueryTimeout(timeout) from None
        except (ChannelClosed, OSError, EOFError) as exc:
            self._kill(worker)
            raise ExecutionError(f"the query worker died while answering ({exc}); the query may need "
                                 "more memory than the server allows") from None
        except BaseException:
            # Cancelled: the caller went away (its client disconnected), or the server is stopping.
            # Nobody will read the answer: stop the work now rather than at the deadline.
            self.stats.abandoned += 1
            self._kill(worker)
            raise
        worker.uses += 1
        self._release(worker)
        self.stats.answered += 1
        return header, payload

    def _kill(self, worker: Worker | None) -> None:
        if worker is None:
            return
        worker.kill(self.spill_dir)
        self.stats.killed += 1
        self._replace_soon()

    def close(self) -> None:
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.retire()
        self.zygote.stop()
