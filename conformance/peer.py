"""A scripted ASGI peer: what the server side of a websocket connection looks like to a test.

``receive`` returns the scripted messages in order; past the script it fails the test.
``send`` records every message, or raises ``send_error`` once a test sets it (an ``OSError``
for a connection that breaks mid-session).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wsproto_api.asgi import Message, Scope

__all__ = ["CONNECT", "DEFAULT_ACCEPT", "Peer", "binary", "disconnect", "make_scope", "text"]


def make_scope(
    *,
    path: str = "/",
    query_string: bytes = b"",
    headers: Iterable[tuple[bytes, bytes]] = ((b"host", b"example.org"),),
    scheme: str | None = "ws",
    server: tuple[str, int | None] | None = ("10.0.0.1", 80),
    **extra: Any,
) -> Scope:
    """A websocket scope with the keys ASGI requires; ``None`` leaves an optional key out."""
    scope: Scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "path": path,
        "raw_path": path.encode(),
        "query_string": query_string,
        "root_path": "",
        "headers": list(headers),
    }
    if scheme is not None:
        scope["scheme"] = scheme
    if server is not None:
        scope["server"] = server
    scope.update(extra)
    return scope


class Peer:
    """The ASGI server side of one connection, scripted."""

    def __init__(self, *incoming: Message) -> None:
        self.incoming: list[Message] = list(incoming)
        self.sent: list[Message] = []
        self.receive_calls = 0
        self.send_error: BaseException | None = None

    async def receive(self) -> Message:
        """The next scripted message; past the script, fail the test."""
        self.receive_calls += 1
        if self.incoming:
            return self.incoming.pop(0)
        raise AssertionError("the application received more messages than the script holds")

    async def send(self, message: Message) -> None:
        """Record ``message``, or raise the configured error instead."""
        if self.send_error is not None:
            raise self.send_error
        self.sent.append(message)


CONNECT: Message = {"type": "websocket.connect"}
"""The client's opening message: the first thing ``receive`` returns on a new connection."""


def text(data: str) -> Message:
    """A ``websocket.receive`` text message."""
    return {"type": "websocket.receive", "text": data}


def binary(data: bytes) -> Message:
    """A ``websocket.receive`` binary message."""
    return {"type": "websocket.receive", "bytes": data}


def disconnect(code: int = 1000, reason: str | None = None) -> Message:
    """A ``websocket.disconnect`` message."""
    message: Message = {"type": "websocket.disconnect", "code": code}
    if reason is not None:
        message["reason"] = reason
    return message


DEFAULT_ACCEPT: Message = {"type": "websocket.accept", "subprotocol": None, "headers": []}
"""What ``accept()`` with no arguments sends, as ACCEPT-1 writes it out."""
