"""Messages between the server, the zygote and the workers: length-prefixed pickles over Unix
sockets (all three are processes of the same program on the same machine, so pickle is safe),
plus raw payload bytes after a header, and passing a socket's file descriptor to another process.

The server reads its workers' answers on the event loop itself (``recv_answer``: non-blocking
socket, ``loop.sock_recv``), so that a small query costs no hop to a thread.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct
import time

_LENGTH = struct.Struct("!Q")
_READ = 1 << 16
# A payload up to this size goes out in the same write as its header: one wake-up of the reader.
_INLINE_PAYLOAD = 1 << 18


class ChannelClosed(ConnectionError):
    """The other end went away (exited, was killed, or closed its socket)."""


def send_message(sock: socket.socket, message: object, payload: bytes = b"") -> None:
    data = frame(message)
    if payload and len(payload) <= _INLINE_PAYLOAD:
        sock.sendall(data + payload)
        return
    sock.sendall(data)
    if payload:
        sock.sendall(payload)


def frame(message: object) -> bytes:
    """``message`` as it travels: its length, then its pickle."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


async def recv_answer(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> tuple[dict, bytes]:
    """A header and the ``header["size"]`` payload bytes after it, read from the non-blocking
    ``sock`` on the event loop (the caller bounds the time, e.g. with ``asyncio.timeout_at``)."""
    data = bytearray()
    while len(data) < _LENGTH.size:
        data += await _recv_some(loop, sock)
    (length,) = _LENGTH.unpack_from(data)
    end = _LENGTH.size + length
    while len(data) < end:
        data += await _recv_some(loop, sock)
    header = pickle.loads(memoryview(data)[_LENGTH.size:end])
    size = header.get("size") or 0
    got = len(data) - end
    if got >= size:
        return header, bytes(memoryview(data)[end:end + size])
    buffer = bytearray(size)
    buffer[:got] = memoryview(data)[end:]
    view = memoryview(buffer)
    while got < size:
        n = await loop.sock_recv_into(sock, view[got:])
        if n == 0:
            raise ChannelClosed("the other process closed the connection")
        got += n
    return header, bytes(buffer)


async def _recv_some(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> bytes:
    data = await loop.sock_recv(sock, _READ)
    if not data:
        raise ChannelClosed("the other process closed the connection")
    return data


def recv_exactly(sock: socket.socket, size: int, deadline: float | None = None) -> bytes:
    """Read ``size`` bytes; raise TimeoutError once ``deadline`` (time.monotonic()) passes."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
        try:
            n = sock.recv_into(view[got:], size - got)
        except socket.timeout:
            raise TimeoutError from None
        if n == 0:
            raise ChannelClosed("the other process closed the connection")
        got += n
    return bytes(buffer)


def recv_message(sock: socket.socket, deadline: float | None = None) -> object:
    (length,) = _LENGTH.unpack(recv_exactly(sock, _LENGTH.size, deadline))
    return pickle.loads(recv_exactly(sock, length, deadline))


def send_socket(sock: socket.socket, message: object, fd: int) -> None:
    """Send a message together with a file descriptor (SCM_RIGHTS)."""
    data = pickle.dumps(message)
    socket.send_fds(sock, [_LENGTH.pack(len(data)) + data], [fd])


def recv_socket(sock: socket.socket) -> tuple[object, socket.socket]:
    data, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 1)
    if not data:
        raise ChannelClosed("the zygote closed its control connection")
    (length,) = _LENGTH.unpack(data[:_LENGTH.size])
    body = data[_LENGTH.size:]
    if len(body) < length:
        body += recv_exactly(sock, length - len(body))
    if not fds:
        raise ChannelClosed("no socket came with the zygote's answer")
    return pickle.loads(body), socket.socket(fileno=fds[0])
