"""A scripted ASGI peer: what the server side of a websocket connection looks like to a test.

``receive`` returns the scripted messages in order, and records each one it returned;
past the script it fails the test, or, with ``block_when_empty``, waits as a silent client
would until the test calls ``push``.
``send`` records every message, or raises ``send_error`` once a test sets it (an ``OSError``
for a connection that breaks mid-session), after letting ``sends_before_error`` more through.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import anyio

from conformance.builtin_values import copied
from wsproto_api.asgi import Message, Scope

__all__ = [
    "ASGI_SPEC_VERSION",
    "CONNECT",
    "DEFAULT_ACCEPT",
    "Peer",
    "ScriptExhausted",
    "as_sent",
    "binary",
    "disconnect",
    "make_scope",
    "text",
]

ASGI_SPEC_VERSION = "2.5"
"""The ASGI HTTP and WebSocket spec version the suite's scopes declare (``asgi["spec_version"]``).

The clauses rely on what each version added: headers in ``websocket.accept`` (2.1), a close
``reason`` (2.3), an ``OSError`` from ``send`` on a closed connection (2.4) and a disconnect
``reason`` (2.5). A scope without the key reads as 2.0, where a framework that honours the
version may rightly drop the accept headers and the close reason.
"""


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
        "asgi": {"version": "3.0", "spec_version": ASGI_SPEC_VERSION},
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


class ScriptExhausted(AssertionError):
    """The application awaited ``receive`` past the peer's script: a test's failure, never a refusal."""


class Peer:
    """The ASGI server side of one connection, scripted."""

    def __init__(self, *incoming: Message, block_when_empty: bool = False) -> None:
        self.incoming: list[Message] = list(incoming)
        self.block_when_empty = block_when_empty
        self.sent: list[Message] = []
        """What each message ``send`` was awaited with held at that moment (:func:`as_sent`)."""
        self.sent_objects: list[Message] = []
        """The objects ``send`` was awaited with, for the clauses that ask for the very object."""
        self.received: list[Message] = []
        self.receive_calls = 0
        self.send_error: BaseException | None = None
        self.sends_before_error = 0
        """How many more messages ``send`` records before it raises ``send_error``."""
        # Made on first wait, not here: an anyio event needs a running event loop.
        self._pushed: anyio.Event | None = None

    async def receive(self) -> Message:
        """The next scripted message; past the script, fail the test or wait for ``push``.

        A wait that is cancelled takes nothing: the message pushed next is still there for
        the next call.
        """
        self.receive_calls += 1
        while not self.incoming:
            if not self.block_when_empty:
                raise ScriptExhausted("the application received more messages than the script holds")
            if self._pushed is None:
                self._pushed = anyio.Event()
            await self._pushed.wait()
        message = self.incoming.pop(0)
        self.received.append(message)
        return message

    def has_received(self, message_type: str) -> bool:
        """Whether ``receive`` has returned a message of ``message_type`` since the record was cleared."""
        return any(message.get("type") == message_type for message in self.received)

    def push(self, message: Message) -> None:
        """Deliver ``message`` after the scripted ones, waking a ``receive`` that waits for it."""
        self.incoming.append(message)
        if self._pushed is not None:
            self._pushed.set()
            self._pushed = None

    def forget(self) -> None:
        """Forget what was sent, received and how often ``receive`` was awaited: the arrangement is over."""
        self.sent.clear()
        self.sent_objects.clear()
        self.received.clear()
        self.receive_calls = 0

    async def send(self, message: Message) -> None:
        """Record ``message``, and what it holds now, or raise the configured error instead."""
        if self.send_error is not None:
            if self.sends_before_error <= 0:
                raise self.send_error
            self.sends_before_error -= 1
        copy = as_sent(message)
        self.sent_objects.append(message)
        self.sent.append(copy)


def as_sent(value: Message) -> Message:
    """``value`` as a server reads it when it is sent: its containers copied, so that later changes do not show.

    A server serialises a message when ``send`` is awaited; a binding that fills a message in
    after that has sent it empty. The copy reads the containers by the built-in types' own
    methods (``conformance.builtin_values``), not by a subclass's overrides.
    """
    copy = copied(value)
    return cast(Message, copy) if isinstance(copy, dict) else value


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
