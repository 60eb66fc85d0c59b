"""Per echoed message: text, bytes and JSON, each through an ``iter_*`` loop and a ``receive_*`` loop.

A sample echoes ``count`` messages through one accepted connection whose peer answers at
once (a script of ``websocket.connect``, ``count`` messages, then ``websocket.disconnect``),
and divides the time by ``count``. The raw floor is the same echo written with bare
``receive()`` and ``send()`` calls and no ``WebSocket`` object; for JSON it calls
``json.loads`` and ``json.dumps`` itself, as the connection objects do, so the floor is fair.

Each framework is driven through the methods its ``Spelling`` names, looked up once per
connection; a framework without one of them has no sample for that case. Every sample
checks that every message was echoed, and that the last echo is the message sent, so a
framework that drops or mangles messages cannot look fast.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Final, Literal, cast

from benchmarks.common import Sampler, Unsupported, WrongResult, cpu_clock, websocket_scope
from benchmarks.frameworks import Iterator, Kind, Loaded, Method, Receiver, Sender
from wsproto_api.asgi import Message, Receive, Scope, Send

__all__ = ["CASES", "MessageCase", "PatientPeer", "ScriptedPeer", "echoed_right", "samplers"]

Loop = Literal["iter", "receive"]

_ACCEPT: Final[Message] = {"type": "websocket.accept"}
_JSON_TEXT: Final = '{"op":"echo","id":17,"text":"hello, world"}'
_PAYLOADS: Final[dict[Kind, Message]] = {
    "text": {"type": "websocket.receive", "text": "hello, world"},
    "bytes": {"type": "websocket.receive", "bytes": b"hello, world"},
    "json": {"type": "websocket.receive", "text": _JSON_TEXT},
}
"""The message the peer delivers each time, per kind: small, as chat and RPC messages are."""
_JSON_VALUE: Final[object] = json.loads(_JSON_TEXT)


def echoed_right(kind: Kind, message: Message | None) -> bool:
    """Whether ``message`` echoes the payload of ``kind``: same type of frame, same content.

    JSON is compared as the value it encodes, since frameworks may space it differently.
    """
    if message is None or message.get("type") != "websocket.send":
        return False
    text, data = message.get("text"), message.get("bytes")
    if kind == "bytes":
        return data == b"hello, world" and text is None
    if data is not None or not isinstance(text, str):
        return False
    if kind == "text":
        return text == "hello, world"
    try:
        return bool(json.loads(text) == _JSON_VALUE)
    except ValueError:
        return False


class ScriptedPeer:
    """An ASGI server side that delivers a fixed script of messages at once and counts sends."""

    __slots__ = ("_next", "last_sent", "sent")

    def __init__(self, script: list[Message]) -> None:
        self._next = iter(script).__next__
        self.last_sent: Message | None = None
        self.sent = 0

    async def receive(self) -> Message:
        """The script's next message."""
        return self._next()

    async def send(self, message: Message) -> None:
        """Count the message and keep only the last, so that a send costs the peer nothing that grows."""
        self.last_sent = message
        self.sent += 1


class PatientPeer(ScriptedPeer):
    """A scripted peer that holds its last message back until it has had every reply, as a client does.

    For a ``WebSocket`` that receives ahead of the application in a task of its own: with
    the disconnect delivered at once, it would learn of it before echoing the last messages.
    """

    __slots__ = ("_left", "_replies")

    def __init__(self, script: list[Message], replies: int) -> None:
        super().__init__(script)
        self._left = len(script)
        self._replies = replies

    async def receive(self) -> Message:
        """The script's next message; the last only once ``replies`` messages were sent."""
        self._left -= 1
        while self._left == 0 and self.sent < self._replies:
            await asyncio.sleep(0)
        return await super().receive()


def echo_script(kind: Kind, count: int) -> list[Message]:
    """``websocket.connect``, ``count`` messages of ``kind``, then ``websocket.disconnect``."""
    return [
        {"type": "websocket.connect"},
        *([_PAYLOADS[kind]] * count),
        {"type": "websocket.disconnect", "code": 1000},
    ]


# -- the raw floor: bare ASGI calls -----------------------------------------------------------


async def raw_echo(kind: Kind, receive: Receive, send: Send) -> None:
    """Accept, then echo every message until the disconnect, with bare ASGI calls."""
    await receive()
    await send(_ACCEPT)
    while True:
        message = await receive()
        if message["type"] != "websocket.receive":
            return
        if kind == "text":
            await send({"type": "websocket.send", "text": message["text"]})
        elif kind == "bytes":
            await send({"type": "websocket.send", "bytes": message["bytes"]})
        else:
            data = json.loads(message["text"])
            await send({"type": "websocket.send", "text": json.dumps(data, separators=(",", ":"), ensure_ascii=False)})


# -- the same echo through a WebSocket ----------------------------------------------------------


async def iter_echo(iterate: Iterator, send: Sender) -> None:
    """Echo with ``async for ... in ws.iter_*()`` until the disconnect."""
    async for item in iterate():
        await send(item)


async def receive_echo(receive: Receiver, send: Sender, count: int) -> None:
    """Echo ``count`` messages with ``ws.receive_*()`` and ``ws.send_*()``."""
    for _ in range(count):
        await send(await receive())


@dataclass(frozen=True)
class MessageCase:
    """One row: a kind of message and the loop that echoes it."""

    kind: Kind
    loop: Loop

    @property
    def name(self) -> str:
        """For example ``text, iter_text`` or ``json, receive_json``."""
        return f"{self.kind}, {self.loop}_{self.kind}"


CASES: Final = tuple(MessageCase(kind, loop) for kind in ("text", "bytes", "json") for loop in ("iter", "receive"))
"""Every per-message case, in the table's order."""


def _timed_session(peer: ScriptedPeer, kind: Kind, count: int, session: Coroutine[object, object, None]) -> float:
    """Seconds per message of ``session``, run in an event loop; checks that every message was echoed.

    A session that never suspends costs the same as without a loop: the timing is inside it.
    """

    async def timed() -> float:
        started = cpu_clock()
        await session
        return cpu_clock() - started

    elapsed = asyncio.run(timed())
    if peer.sent != count + 1 or not echoed_right(kind, peer.last_sent):
        raise WrongResult(f"{kind}: sent {peer.sent} messages for {count}, the last {peer.last_sent!r}")
    return elapsed / count


def _method(ws: object, method: Method, what: str) -> object:
    if method is None:
        raise Unsupported(f"no {what}")
    if not isinstance(method, str):
        return method(ws)
    if not hasattr(ws, method):
        raise Unsupported(f"no {method}")
    return getattr(ws, method)


def _through(case: MessageCase, loaded: Loaded, count: int) -> Sampler:
    kind, spelling = case.kind, loaded.spelling
    receive_method = spelling.receive[kind] if case.loop == "receive" else spelling.iterate[kind]
    send_method = spelling.send[kind]

    async def session(peer: ScriptedPeer, scope: Scope) -> None:
        if spelling.app_receives_connect:
            await peer.receive()
        ws = loaded.factory(scope, peer.receive, peer.send)
        send = cast(Sender, _method(ws, send_method, f"send_{kind}"))
        if case.loop == "iter":
            iterate = cast(Iterator, _method(ws, receive_method, f"iter_{kind}"))
            await _accept(ws)
            await iter_echo(iterate, send)
        else:
            receive = cast(Receiver, _method(ws, receive_method, f"receive_{kind}"))
            await _accept(ws)
            await receive_echo(receive, send, count)

    def sample() -> float:
        script = echo_script(kind, count)
        peer = PatientPeer(script, count + 1) if spelling.reads_ahead else ScriptedPeer(script)
        scope = {**_scope(), **spelling.scope_keys()}
        return _timed_session(peer, kind, count, session(peer, scope))

    return sample


async def _accept(ws: object) -> None:
    accept = cast(Receiver, _method(ws, "accept", "accept"))
    await accept()


def samplers(case: MessageCase, frameworks: list[Loaded], count: int) -> dict[str, Sampler]:
    """A sampler per column (``raw`` and each framework) for ``case``, each echoing ``count`` messages.

    A framework's sampler raises ``Unsupported`` if it lacks a method the case needs, and
    ``WrongResult`` if it does not echo every message.
    """
    kind = case.kind

    def raw() -> float:
        peer = ScriptedPeer(echo_script(kind, count))
        return _timed_session(peer, kind, count, raw_echo(kind, peer.receive, peer.send))

    return {"raw": raw, **{loaded.column: _through(case, loaded, count) for loaded in frameworks}}


def _scope() -> Scope:
    """A minimal websocket scope, one per connection: the per-message cases never read the handshake data."""
    return {**websocket_scope([(b"host", b"example.org")], path="/echo"), "state": {}}
