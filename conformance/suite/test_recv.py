"""RECV: receiving data."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Awaitable, Callable
from typing import Any, cast

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, binary, disconnect, text
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio

Operation = Callable[[wsproto_api.WebSocket], Awaitable[Any]]

RECEIVERS: dict[str, Operation] = {
    "receive_text": lambda ws: ws.receive_text(),
    "receive_bytes": lambda ws: ws.receive_bytes(),
    "receive_json": lambda ws: ws.receive_json(),
    "receive_json-binary": lambda ws: ws.receive_json(mode="binary"),
}

CALLS: dict[str, str] = {
    "receive_text": "receive_text()",
    "receive_bytes": "receive_bytes()",
    "receive_json": "receive_json()",
    "receive_json-binary": 'receive_json(mode="binary")',
}
"""How each of :data:`RECEIVERS` is written, for failure messages."""

RECEIVE_ALL: dict[str, Operation] = {**RECEIVERS, "receive": lambda ws: ws.receive()}


def payload_id(value: object) -> str | None:
    """A test ID that says which payload keys a message holds, and which of them are ``None``."""
    if not isinstance(value, dict):
        return None
    message = cast("dict[str, object]", value)
    keys = sorted(key for key in message if key != "type")
    return "-".join(f"{key}={'None' if message[key] is None else 'set'}" for key in keys) or "no-payload"


@pytest.mark.clause("RECV-1")
@pytest.mark.parametrize("data", ["hello", "", "snow ☃ and 😀", '{"a": 1}'])
async def test_receive_text_returns_text_of_one_message(binding: Binding, data: str) -> None:
    peer, ws = await binding.accepted(text(data), text("second"))
    expect.equal(await ws.receive_text(), data, "receive_text() of the first message")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_text()")
    expect.equal(await ws.receive_text(), "second", "receive_text() of the second message")
    expect.equal(peer.receive_calls, 3, "calls to receive after accept() and two receive_text()")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("RECV-1")
async def test_receive_text_reads_text_beside_a_none_bytes_key(binding: Binding) -> None:
    # ASGI lets a message hold both keys as long as exactly one of them is not None.
    peer, ws = await binding.accepted({"type": "websocket.receive", "bytes": None, "text": "hi"})
    expect.equal(await ws.receive_text(), "hi", "receive_text() of a text message whose 'bytes' is None")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_text()")


@pytest.mark.clause("RECV-2")
@pytest.mark.parametrize("data", [b"hello", b"", b"\x00\xff\x80", b'{"a": 1}'])
async def test_receive_bytes_returns_bytes_of_one_message(binding: Binding, data: bytes) -> None:
    peer, ws = await binding.accepted(binary(data), binary(b"second"))
    expect.equal(await ws.receive_bytes(), data, "receive_bytes() of the first message")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_bytes()")
    expect.equal(await ws.receive_bytes(), b"second", "receive_bytes() of the second message")
    expect.equal(peer.receive_calls, 3, "calls to receive after accept() and two receive_bytes()")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("RECV-2")
async def test_receive_bytes_reads_bytes_beside_a_none_text_key(binding: Binding) -> None:
    # ASGI lets a message hold both keys as long as exactly one of them is not None.
    peer, ws = await binding.accepted({"type": "websocket.receive", "text": None, "bytes": b"hi"})
    expect.equal(await ws.receive_bytes(), b"hi", "receive_bytes() of a binary message whose 'text' is None")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_bytes()")


@pytest.mark.clause("RECV-3")
@pytest.mark.parametrize("operation", RECEIVERS.values(), ids=RECEIVERS.keys())
@pytest.mark.parametrize(
    ("message", "code", "reason"),
    [
        (disconnect(1001, "going away"), 1001, "going away"),
        (disconnect(4000, "é ☃"), 4000, "é ☃"),
        (disconnect(1000, ""), 1000, ""),
        ({"type": "websocket.disconnect", "code": 1006}, 1006, ""),
        ({"type": "websocket.disconnect", "code": 1011, "reason": None}, 1011, ""),
    ],
    ids=["reason", "non-ascii-reason", "empty-reason", "no-reason", "reason-none"],
)
async def test_receive_disconnect_raises_websocket_disconnect(
    binding: Binding, operation: Operation, message: Message, code: int, reason: str
) -> None:
    peer, ws = await binding.accepted(message)
    with expect.raises(binding.WebSocketDisconnect, what="receiving a websocket.disconnect message") as raised:
        await operation(ws)
    expect.equal(getattr(raised.value, "code", None), code, "WebSocketDisconnect.code")
    expect.equal(getattr(raised.value, "reason", None), reason, "WebSocketDisconnect.reason")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("RECV-4")
@pytest.mark.parametrize("operation", RECEIVERS.values(), ids=RECEIVERS.keys())
@pytest.mark.parametrize("before", ["fresh", "connect-received", "refused"])
async def test_receive_before_accept_raises_without_receiving(
    binding: Binding, operation: Operation, before: str
) -> None:
    peer, ws = binding.connect(CONNECT, text("1"), binary(b"1"))
    if before == "connect-received":
        await ws.receive()
    elif before == "refused":
        # close() instead of accept(): the connection never was accepted.
        await ws.close()
    calls = peer.receive_calls
    sent = list(peer.sent)
    with expect.raises(RuntimeError, what=f"receiving data before accept() ({before})"):
        await operation(ws)
    expect.equal(peer.receive_calls, calls, "calls to receive")
    expect.sent(peer, sent)


@pytest.mark.clause("RECV-5")
@pytest.mark.parametrize("operation", RECEIVE_ALL.values(), ids=RECEIVE_ALL.keys())
@pytest.mark.parametrize("first", RECEIVE_ALL.values(), ids=[f"after-{name}" for name in RECEIVE_ALL])
async def test_receive_after_disconnect_raises_disconnected_without_receiving(
    binding: Binding, operation: Operation, first: Operation
) -> None:
    peer, ws = await binding.accepted(disconnect(1001, "bye"), text("late"), binary(b"late"))
    # How the disconnect surfaces from the first call is RECV-3's business; only its receipt matters here.
    with contextlib.suppress(Exception):
        await first(ws)
    expect.equal(peer.receive_calls, 2, "calls to receive once the disconnect was received")
    with expect.raises(binding.disconnected_error, what="receiving after websocket.disconnect was received"):
        await operation(ws)
    expect.equal(peer.receive_calls, 2, "calls to receive after receiving again past the disconnect")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("RECV-6")
@pytest.mark.parametrize(
    ("method", "message", "key"),
    [
        ("receive_text", binary(b"data"), "text"),
        ("receive_text", {"type": "websocket.receive"}, "text"),
        ("receive_text", {"type": "websocket.receive", "text": None}, "text"),
        ("receive_text", {"type": "websocket.receive", "text": None, "bytes": b"x"}, "text"),
        ("receive_bytes", text("data"), "bytes"),
        ("receive_bytes", {"type": "websocket.receive"}, "bytes"),
        ("receive_bytes", {"type": "websocket.receive", "bytes": None}, "bytes"),
        ("receive_bytes", {"type": "websocket.receive", "bytes": None, "text": "x"}, "bytes"),
        ("receive_json", binary(b"{}"), "text"),
        ("receive_json", {"type": "websocket.receive"}, "text"),
        ("receive_json", {"type": "websocket.receive", "text": None}, "text"),
        ("receive_json", {"type": "websocket.receive", "text": None, "bytes": b"{}"}, "text"),
        ("receive_json-binary", text("{}"), "bytes"),
        ("receive_json-binary", {"type": "websocket.receive"}, "bytes"),
        ("receive_json-binary", {"type": "websocket.receive", "bytes": None}, "bytes"),
        ("receive_json-binary", {"type": "websocket.receive", "bytes": None, "text": "{}"}, "bytes"),
    ],
    ids=payload_id,
)
async def test_receive_missing_payload_raises_runtime_error_naming_key(
    binding: Binding, method: str, message: Message, key: str
) -> None:
    _, ws = await binding.accepted(message)
    what = f"{CALLS[method]} of a websocket.receive message without a {key!r} payload"
    with expect.raises(RuntimeError, what=what) as raised:
        await RECEIVERS[method](ws)
    # The key as a word of its own, not inside a method name such as "receive_text".
    expect.true(
        re.search(rf"\b{key}\b", str(raised.value)) is not None,
        f"a RuntimeError from {what} naming {key!r}",
        raised.value,
    )
