"""Per echoed message: text, bytes and JSON, each through an ``iter_*`` loop and a ``receive_*`` loop.

A sample echoes ``count`` messages through one accepted connection whose peer answers at
once (a script of ``websocket.connect``, ``count`` messages, then ``websocket.disconnect``),
and divides the time by ``count``. The raw floor is the same echo written with bare
``receive()`` and ``send()`` calls and no ``WebSocket`` object; for JSON it calls
``json.loads`` and ``json.dumps`` itself, as the connection objects do, so the floor is fair.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Final, Literal

import wsproto_api
from benchmarks.common import Factory, Sampler, drive, websocket_scope
from wsproto_api.asgi import Message, Receive, Scope, Send

__all__ = ["CASES", "MessageCase", "ScriptedPeer", "samplers"]

Kind = Literal["text", "bytes", "json"]
Loop = Literal["iter", "receive"]

_ACCEPT: Final[Message] = {"type": "websocket.accept"}
_PAYLOADS: Final[dict[Kind, Message]] = {
    "text": {"type": "websocket.receive", "text": "hello, world"},
    "bytes": {"type": "websocket.receive", "bytes": b"hello, world"},
    "json": {"type": "websocket.receive", "text": '{"op":"echo","id":17,"text":"hello, world"}'},
}
"""The message the peer delivers each time, per kind: small, as chat and RPC messages are."""
_ECHOES: Final[dict[Kind, Message]] = {
    "text": {"type": "websocket.send", "text": "hello, world"},
    "bytes": {"type": "websocket.send", "bytes": b"hello, world"},
    "json": {"type": "websocket.send", "text": '{"op":"echo","id":17,"text":"hello, world"}'},
}
"""What every implementation must send back for each kind: checked after every sample."""


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


async def iter_echo(kind: Kind, ws: wsproto_api.WebSocket) -> None:
    """Accept, then echo with ``async for ... in ws.iter_*()`` until the disconnect."""
    await ws.accept()
    if kind == "text":
        async for text in ws.iter_text():
            await ws.send_text(text)
    elif kind == "bytes":
        async for data in ws.iter_bytes():
            await ws.send_bytes(data)
    else:
        async for value in ws.iter_json():
            await ws.send_json(value)


async def receive_echo(kind: Kind, ws: wsproto_api.WebSocket, count: int) -> None:
    """Accept, then echo ``count`` messages with ``ws.receive_*()`` and ``ws.send_*()``."""
    await ws.accept()
    if kind == "text":
        for _ in range(count):
            await ws.send_text(await ws.receive_text())
    elif kind == "bytes":
        for _ in range(count):
            await ws.send_bytes(await ws.receive_bytes())
    else:
        for _ in range(count):
            await ws.send_json(await ws.receive_json())


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


def _timed_session(count: int, kind: Kind, session: Callable[[ScriptedPeer], Coroutine[object, object, None]]) -> float:
    """Seconds per message of one session over a fresh peer; checks that every message was echoed."""
    peer = ScriptedPeer(echo_script(kind, count))
    coroutine = session(peer)
    started = time.perf_counter()
    drive(coroutine)
    elapsed = time.perf_counter() - started
    if peer.sent != count + 1 or peer.last_sent != _ECHOES[kind]:
        raise RuntimeError(f"{kind}: the session sent {peer.sent} messages, the last {peer.last_sent!r}")
    return elapsed / count


def samplers(case: MessageCase, factories: dict[str, Factory], count: int) -> dict[str, Sampler]:
    """A sampler per column (``raw`` and each binding) for ``case``, each echoing ``count`` messages."""
    kind = case.kind

    def raw() -> float:
        return _timed_session(count, kind, lambda peer: raw_echo(kind, peer.receive, peer.send))

    def through(factory: Factory) -> Sampler:
        scope = _scope()

        def session(peer: ScriptedPeer) -> Coroutine[object, object, None]:
            ws = factory(scope, peer.receive, peer.send)
            return iter_echo(kind, ws) if case.loop == "iter" else receive_echo(kind, ws, count)

        return lambda: _timed_session(count, kind, session)

    return {"raw": raw, **{column: through(factory) for column, factory in factories.items()}}


def _scope() -> Scope:
    """A minimal websocket scope: the per-message cases never read the handshake data."""
    return websocket_scope([(b"host", b"example.org")], path="/echo")
