"""Messages between the server, the zygote and the workers: length-prefixed pickles over Unix
sockets (all three are processes of the same program on the same machine, so pickle is safe),
plus raw payload bytes after a header, and passing a socket's file descriptor to another process.
"""

from __future__ import annotations

import pickle
import socket
import struct
import time

_LENGTH = struct.Struct("!Q")


class ChannelClosed(ConnectionError):
    """The other end went away (exited, was killed, or closed its socket)."""


def send_message(sock: socket.socket, message: object, payload: bytes = b"") -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_LENGTH.pack(len(data)) + data)
    if payload:
        sock.sendall(payload)


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
