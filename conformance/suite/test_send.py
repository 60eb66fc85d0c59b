"""SEND: sending data."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT
from wsproto_api.asgi import Message

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


# (a data of the wrong type, the type name a TypeError must give), for each method SEND-5 names
WRONG_TYPES: dict[str, list[tuple[object, str]]] = {
    "send_text": [(b"hi", "bytes"), (1, "int"), (None, "NoneType"), (bytearray(b"hi"), "bytearray"), (["hi"], "list")],
    "send_bytes": [
        ("hi", "str"),
        (bytearray(b"hi"), "bytearray"),
        (memoryview(b"hi"), "memoryview"),
        (1, "int"),
        (None, "NoneType"),
    ],
}

VALID_SEND: dict[str, tuple[Operation, Message]] = {
    "send_text": (lambda ws: ws.send_text("ok"), {"type": "websocket.send", "text": "ok"}),
    "send_bytes": (lambda ws: ws.send_bytes(b"ok"), {"type": "websocket.send", "bytes": b"ok"}),
}


@pytest.mark.clause("SEND-5")
@pytest.mark.parametrize("method", WRONG_TYPES)
async def test_send_refuses_data_of_the_wrong_type(binding: Binding, method: str) -> None:
    # Every case on a new connection; the test fails at the first one refused wrongly.
    for data, type_name in WRONG_TYPES[method]:
        peer, ws = await binding.accepted()
        # A memoryview's repr holds its address, which would change the message from run to run.
        shown = f"memoryview({data.tobytes()!r})" if isinstance(data, memoryview) else repr(data)
        what = f"{method}({shown})"
        with expect.raises(TypeError, what=what) as raised:
            await getattr(ws, method)(data)
        # The type's name as a word of its own, not inside another word ("str" in "string").
        expect.true(
            re.search(rf"(?<![\w.]){type_name}(?!\w)", str(raised.value)) is not None,
            f"a TypeError from {what} naming the type {type_name!r}",
            raised.value,
        )
        expect.sent(peer, [DEFAULT_ACCEPT], f"messages sent after {what}")
        expect.equal(ws.application_state.name, "CONNECTED", f"application_state after {what}")
        expect.equal(ws.client_state.name, "CONNECTED", f"client_state after {what}")
        # The refused call left the connection usable.
        send_valid, valid = VALID_SEND[method]
        await send_valid(ws)
        expect.sent(peer, [DEFAULT_ACCEPT, valid], f"messages sent by a valid {method}() after {what}")
