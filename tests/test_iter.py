"""ITER: iterating over messages."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from tests.connections import accepted
from conformance.peer import CONNECT, Peer, binary, disconnect, make_scope, text
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocket

pytestmark = pytest.mark.anyio

Iterate = Callable[[WebSocket], AsyncIterator[Any]]

ITERATORS: dict[str, Iterate] = {
    "iter_text": lambda ws: ws.iter_text(),
    "iter_bytes": lambda ws: ws.iter_bytes(),
    "iter_json": lambda ws: ws.iter_json(),
}

# (iterator, incoming data messages, what it yields)
CASES = [
    ("iter_text", [text("a"), text(""), text("☃ 😀")], ["a", "", "☃ 😀"]),
    ("iter_bytes", [binary(b"a"), binary(b""), binary(b"\x00\xff")], [b"a", b"", b"\x00\xff"]),
    ("iter_json", [text('{"é": [1, 2]}'), text("null"), text('"x"')], [{"é": [1, 2]}, None, "x"]),
    ("iter_text", [], []),
    ("iter_bytes", [], []),
    ("iter_json", [], []),
]


async def drain(iterator: AsyncIterator[Any], seen: list[Any]) -> None:
    async for item in iterator:
        seen.append(item)


@pytest.mark.clause("ITER-1", "ITER-2")
@pytest.mark.parametrize("end", [disconnect(), disconnect(1001, "bye"), disconnect(1006)], ids=["1000", "1001", "1006"])
@pytest.mark.parametrize(("name", "incoming", "expected"), CASES)
async def test_iterator_yields_in_order_and_ends_on_disconnect(
    name: str, incoming: list[Message], expected: list[Any], end: Message
) -> None:
    peer, ws = await accepted(*incoming, end)
    iterator = ITERATORS[name](ws)
    assert isinstance(iterator, AsyncIterator)
    assert [item async for item in iterator] == expected
    assert peer.receive_calls == 1 + len(incoming) + 1
    assert peer.sent == [{"type": "websocket.accept", "subprotocol": None, "headers": []}]


@pytest.mark.clause("ITER-1")
async def test_iterator_receives_one_message_per_item() -> None:
    peer, ws = await accepted(text("a"), text("b"), disconnect())
    iterator = ws.iter_text()
    assert await iterator.__anext__() == "a"
    assert peer.receive_calls == 2
    assert await iterator.__anext__() == "b"
    assert peer.receive_calls == 3
    with pytest.raises(StopAsyncIteration):
        await iterator.__anext__()


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("payload", ["{", "not json", ""])
async def test_invalid_json_propagates(payload: str) -> None:
    _, ws = await accepted(text("[1]"), text(payload), text("[2]"), disconnect())
    seen: list[Any] = []
    with pytest.raises(json.JSONDecodeError):
        await drain(ws.iter_json(), seen)
    assert seen == [[1]]


class Boom(Exception):
    """An error raised by the peer's receive."""


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize(
    ("name", "first"), [("iter_text", text("a")), ("iter_bytes", binary(b"a")), ("iter_json", text("1"))]
)
async def test_receive_error_propagates(name: str, first: Message) -> None:
    peer = Peer(CONNECT, first)

    async def receive() -> Message:
        if peer.receive_calls == 2:
            raise Boom
        return await peer.receive()

    ws = WebSocket(make_scope(), receive, peer.send)
    await ws.accept()
    seen: list[Any] = []
    with pytest.raises(Boom):
        await drain(ITERATORS[name](ws), seen)
    assert len(seen) == 1
