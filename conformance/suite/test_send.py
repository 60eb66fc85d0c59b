"""SEND: sending data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT

pytestmark = pytest.mark.anyio

Operation = Callable[[wsproto_api.WebSocket], Awaitable[None]]

SENDERS: dict[str, Operation] = {
    "send_text": lambda ws: ws.send_text("hi"),
    "send_bytes": lambda ws: ws.send_bytes(b"hi"),
    "send_json": lambda ws: ws.send_json({"a": 1}),
    "send_json-binary": lambda ws: ws.send_json({"a": 1}, mode="binary"),
}


@pytest.mark.clause("SEND-1")
@pytest.mark.parametrize("data", ["Hello, world!", "", "snow ☃ and 😀", "line\nbreak", '{"not": "json-encoded"}'])
async def test_send_text_sends_text_message(binding: Binding, data: str) -> None:
    peer, ws = await binding.accepted()
    await ws.send_text(data)
    expect.sent(peer, [DEFAULT_ACCEPT, {"type": "websocket.send", "text": data}])


@pytest.mark.clause("SEND-1")
async def test_send_text_sends_one_message_per_call_in_order(binding: Binding) -> None:
    peer, ws = await binding.accepted()
    await ws.send_text("one")
    await ws.send_text("two")
    expect.sent(
        peer, [DEFAULT_ACCEPT, {"type": "websocket.send", "text": "one"}, {"type": "websocket.send", "text": "two"}]
    )


@pytest.mark.clause("SEND-2")
@pytest.mark.parametrize("data", [b"Hello", b"", b"\x00\xff\x80", "snow ☃".encode()])
async def test_send_bytes_sends_bytes_message(binding: Binding, data: bytes) -> None:
    peer, ws = await binding.accepted()
    await ws.send_bytes(data)
    expect.sent(peer, [DEFAULT_ACCEPT, {"type": "websocket.send", "bytes": data}])


@pytest.mark.clause("SEND-2")
async def test_send_bytes_sends_one_message_per_call_in_order(binding: Binding) -> None:
    peer, ws = await binding.accepted()
    await ws.send_bytes(b"one")
    await ws.send_bytes(b"two")
    expect.sent(
        peer, [DEFAULT_ACCEPT, {"type": "websocket.send", "bytes": b"one"}, {"type": "websocket.send", "bytes": b"two"}]
    )


@pytest.mark.clause("SEND-3")
@pytest.mark.parametrize("operation", SENDERS.values(), ids=SENDERS.keys())
@pytest.mark.parametrize("connect_received", [False, True], ids=["fresh", "connect-received"])
async def test_send_before_accept_raises_and_sends_nothing(
    binding: Binding, operation: Operation, connect_received: bool
) -> None:
    peer, ws = binding.connect(CONNECT)
    if connect_received:
        await ws.receive()
    with expect.raises(RuntimeError, what="sending data before accept()"):
        await operation(ws)
    expect.sent(peer, [])


@pytest.mark.clause("SEND-4")
@pytest.mark.parametrize("operation", SENDERS.values(), ids=SENDERS.keys())
@pytest.mark.parametrize("how", ["accept-then-close", "close-before-accept", "raw-close"])
async def test_send_after_close_raises_disconnected_and_sends_nothing(
    binding: Binding, operation: Operation, how: str
) -> None:
    peer, ws = binding.connect(CONNECT)
    if how != "close-before-accept":
        await ws.accept()
    if how == "raw-close":
        await ws.send({"type": "websocket.close", "code": 1000, "reason": ""})
    else:
        await ws.close()
    before = list(peer.sent)
    with expect.raises(binding.disconnected_error, what=f"sending data after websocket.close ({how})"):
        await operation(ws)
    expect.sent(peer, before)
