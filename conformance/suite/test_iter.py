"""ITER: iterating over messages."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, binary, disconnect, make_scope, text
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio

Iterate = Callable[[wsproto_api.WebSocket], AsyncIterator[Any]]

ITERATORS: dict[str, Iterate] = {
    "iter_text": lambda ws: ws.iter_text(),
    "iter_bytes": lambda ws: ws.iter_bytes(),
    "iter_json": lambda ws: ws.iter_json(),
}

# (iterator, incoming data messages, what it yields for them)
DATA = [
    ("iter_text", [text("a"), text(""), text("☃ 😀"), text('{"a": 1}')], ["a", "", "☃ 😀", '{"a": 1}']),
    ("iter_bytes", [binary(b"a"), binary(b""), binary(b"\x00\xff")], [b"a", b"", b"\x00\xff"]),
    ("iter_json", [text('{"é": [1, 2]}'), text("null"), text('"x"'), text("3")], [{"é": [1, 2]}, None, "x", 3]),
]

ENDS = [
    pytest.param(disconnect(), id="1000"),
    pytest.param(disconnect(1001, "going away"), id="1001-reason"),
    pytest.param({"type": "websocket.disconnect", "code": 1006}, id="1006-no-reason"),
    pytest.param(disconnect(4000, "é"), id="4000-reason"),
]


def is_async_iterator(value: object) -> bool:
    return isinstance(value, AsyncIterator)


async def collect(iterator: AsyncIterator[Any], seen: list[Any], what: str) -> None:
    """Iterate to the end, keeping each item; an error from the iteration fails the test, saying so."""
    try:
        async for item in iterator:
            seen.append(item)
    except Exception as error:
        raise AssertionError(
            f"{what}: expected the iteration to end without raising, saw {type(error).__name__}: {error}"
        ) from error


async def close_early(iterator: AsyncIterator[Any]) -> None:
    """Finalize an iterator left before its end, as ``async for`` ... ``break`` code should."""
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        await aclose()


class Boom(Exception):
    """An error raised by the peer's receive."""


@pytest.mark.clause("ITER-1")
@pytest.mark.parametrize(("name", "incoming", "expected"), DATA, ids=[name for name, _, _ in DATA])
async def test_iterator_yields_one_message_per_item_in_order(
    binding: Binding, name: str, incoming: list[Message], expected: list[Any]
) -> None:
    peer, ws = await binding.accepted(*incoming)
    iterator = ITERATORS[name](ws)
    expect.true(is_async_iterator(iterator), f"{name}() to return an async iterator", iterator)
    expect.equal(peer.receive_calls, 1, f"calls to receive after {name}() before iterating")
    for index, item in enumerate(expected):
        expect.equal(await iterator.__anext__(), item, f"item {index} of {name}()")
        expect.equal(peer.receive_calls, 2 + index, f"calls to receive after item {index} of {name}()")
    await close_early(iterator)
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("ITER-1")
@pytest.mark.parametrize(("name", "incoming", "expected"), DATA, ids=[name for name, _, _ in DATA])
async def test_iterator_in_async_for_yields_every_message(
    binding: Binding, name: str, incoming: list[Message], expected: list[Any]
) -> None:
    peer, ws = await binding.accepted(*incoming)
    iterator = ITERATORS[name](ws)
    seen: list[Any] = []
    async for item in iterator:
        seen.append(item)
        if len(seen) == len(expected):
            break
    await close_early(iterator)
    expect.equal(seen, expected, f"items of async for over {name}()")
    expect.equal(peer.receive_calls, 1 + len(incoming), f"calls to receive after iterating {name}()")


@pytest.mark.clause("ITER-2")
@pytest.mark.parametrize("end", ENDS)
@pytest.mark.parametrize(("name", "incoming", "expected"), DATA, ids=[name for name, _, _ in DATA])
async def test_iterator_ends_quietly_on_disconnect(
    binding: Binding, name: str, incoming: list[Message], expected: list[Any], end: Message
) -> None:
    peer, ws = await binding.accepted(*incoming, end)
    iterator = ITERATORS[name](ws)
    seen: list[Any] = []
    await collect(iterator, seen, f"{name}() meeting websocket.disconnect")
    expect.equal(seen, expected, f"items of {name}() before the disconnect")
    expect.equal(peer.receive_calls, 1 + len(incoming) + 1, f"calls to receive once {name}() ended")
    # An ended iterator stays ended, without receiving again.
    with expect.raises(StopAsyncIteration, what=f"a further step of {name}() after it ended"):
        await iterator.__anext__()
    expect.equal(peer.receive_calls, 1 + len(incoming) + 1, f"calls to receive after stepping {name}() past its end")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("ITER-2")
@pytest.mark.parametrize("name", ITERATORS)
async def test_iterator_on_immediate_disconnect_yields_nothing(binding: Binding, name: str) -> None:
    peer, ws = await binding.accepted(disconnect(1001))
    seen: list[Any] = []
    await collect(ITERATORS[name](ws), seen, f"{name}() whose first message is websocket.disconnect")
    expect.equal(seen, [], f"items of {name}()")
    expect.equal(peer.receive_calls, 2, f"calls to receive once {name}() ended")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("payload", ["{", "not json", "", "[1,]"])
async def test_invalid_json_propagates_out_of_iter_json(binding: Binding, payload: str) -> None:
    peer, ws = await binding.accepted(text("[1]"), text(payload), text("[2]"), disconnect())
    seen: list[Any] = []
    with expect.raises(json.JSONDecodeError, what=f"iter_json() meeting the invalid JSON {payload!r}"):
        async for item in ws.iter_json():
            seen.append(item)
    expect.equal(seen, [[1]], "items of iter_json() before the invalid JSON")
    expect.equal(peer.receive_calls, 3, "calls to receive once the invalid JSON was received")


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize(
    ("name", "first"),
    [("iter_text", text("a")), ("iter_bytes", binary(b"a")), ("iter_json", text("1"))],
    ids=["iter_text", "iter_bytes", "iter_json"],
)
async def test_error_from_peer_receive_propagates(binding: Binding, name: str, first: Message) -> None:
    peer = Peer(CONNECT, first, disconnect())
    error = Boom("the server's receive failed")

    async def receive() -> Message:
        # The third call: after websocket.connect and the first data message.
        if peer.receive_calls == 2:
            peer.receive_calls += 1
            raise error
        return await peer.receive()

    ws = binding.WebSocket(make_scope(), receive, peer.send)
    await ws.accept()
    seen: list[Any] = []
    with expect.raises(Boom, what=f"{name}() when the peer's receive raises") as raised:
        async for item in ITERATORS[name](ws):
            seen.append(item)
    expect.true(raised.value is error, "the very exception the peer's receive raised", raised.value)
    expect.equal(len(seen), 1, f"number of items of {name}() before the error")


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("name", ITERATORS)
async def test_unexpected_message_error_propagates(binding: Binding, name: str) -> None:
    # A second websocket.connect is not in the receiving table for CONNECTED (STATE-3).
    _, ws = await binding.accepted(CONNECT, disconnect())
    with expect.raises(RuntimeError, what=f"{name}() receiving websocket.connect after accept()"):
        async for _ in ITERATORS[name](ws):
            pass


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("name", ITERATORS)
async def test_disconnected_error_propagates(binding: Binding, name: str) -> None:
    peer, ws = await binding.accepted(disconnect(1001))
    await ws.receive()
    # Receiving past a received disconnect raises WebSocketDisconnected (RECV-5), not WebSocketDisconnect.
    with expect.raises(binding.disconnected_error, what=f"{name}() after websocket.disconnect was received"):
        async for _ in ITERATORS[name](ws):
            pass
    expect.equal(peer.receive_calls, 2, f"calls to receive after {name}()")
