"""SEND and RECV: sending and receiving data."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.connections import accepted
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, binary, disconnect, make_scope, text
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocket, WebSocketDisconnect, WebSocketDisconnected

pytestmark = pytest.mark.anyio

Operation = Callable[[WebSocket], Awaitable[Any]]

SENDERS: dict[str, Operation] = {
    "send_text": lambda ws: ws.send_text("hi"),
    "send_bytes": lambda ws: ws.send_bytes(b"hi"),
    "send_json": lambda ws: ws.send_json({"a": 1}),
    "send_json-binary": lambda ws: ws.send_json({"a": 1}, mode="binary"),
}

RECEIVERS: dict[str, Operation] = {
    "receive_text": lambda ws: ws.receive_text(),
    "receive_bytes": lambda ws: ws.receive_bytes(),
    "receive_json": lambda ws: ws.receive_json(),
    "receive_json-binary": lambda ws: ws.receive_json(mode="binary"),
}


# -- SEND ------------------------------------------------------------------------------------


@pytest.mark.clause("SEND-1")
@pytest.mark.parametrize("data", ["Hello, world!", "", "snow ☃ and 😀", "line\nbreak"])
async def test_send_text(data: str) -> None:
    peer, ws = await accepted()
    await ws.send_text(data)
    assert peer.sent == [DEFAULT_ACCEPT, {"type": "websocket.send", "text": data}]


@pytest.mark.clause("SEND-2")
@pytest.mark.parametrize("data", [b"Hello", b"", b"\x00\xff\x80"])
async def test_send_bytes(data: bytes) -> None:
    peer, ws = await accepted()
    await ws.send_bytes(data)
    assert peer.sent == [DEFAULT_ACCEPT, {"type": "websocket.send", "bytes": data}]


@pytest.mark.clause("SEND-3")
@pytest.mark.parametrize("operation", SENDERS.values(), ids=SENDERS.keys())
@pytest.mark.parametrize("connect_received", [False, True], ids=["fresh", "connect-received"])
async def test_send_before_accept_raises(operation: Operation, connect_received: bool) -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    if connect_received:
        await ws.receive()
    with pytest.raises(RuntimeError):
        await operation(ws)
    assert peer.sent == []


@pytest.mark.clause("SEND-4")
@pytest.mark.parametrize("operation", SENDERS.values(), ids=SENDERS.keys())
@pytest.mark.parametrize("accept_first", [True, False], ids=["accepted", "not-accepted"])
async def test_send_after_close_raises_disconnected(operation: Operation, accept_first: bool) -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    if accept_first:
        await ws.accept()
    await ws.close()
    sent_before = list(peer.sent)
    with pytest.raises(WebSocketDisconnected):
        await operation(ws)
    assert peer.sent == sent_before


# -- RECV ------------------------------------------------------------------------------------


@pytest.mark.clause("RECV-1")
@pytest.mark.parametrize("data", ["hello", "", "snow ☃ and 😀"])
async def test_receive_text(data: str) -> None:
    peer, ws = await accepted(text(data), text("second"))
    assert await ws.receive_text() == data
    assert peer.receive_calls == 2
    assert await ws.receive_text() == "second"


@pytest.mark.clause("RECV-2")
@pytest.mark.parametrize("data", [b"hello", b"", b"\x00\xff\x80"])
async def test_receive_bytes(data: bytes) -> None:
    peer, ws = await accepted(binary(data), binary(b"second"))
    assert await ws.receive_bytes() == data
    assert peer.receive_calls == 2
    assert await ws.receive_bytes() == b"second"


@pytest.mark.clause("RECV-3")
@pytest.mark.parametrize("operation", RECEIVERS.values(), ids=RECEIVERS.keys())
@pytest.mark.parametrize(
    ("message", "code", "reason"),
    [
        (disconnect(1001, "going away"), 1001, "going away"),
        (disconnect(4000, ""), 4000, ""),
        ({"type": "websocket.disconnect", "code": 1006}, 1006, ""),
        ({"type": "websocket.disconnect", "code": 1000, "reason": None}, 1000, ""),
    ],
    ids=["reason", "empty-reason", "no-reason", "reason-none"],
)
async def test_receive_disconnect_raises(operation: Operation, message: Message, code: int, reason: str) -> None:
    _, ws = await accepted(message)
    with pytest.raises(WebSocketDisconnect) as excinfo:
        await operation(ws)
    assert excinfo.value.code == code
    assert excinfo.value.reason == reason


@pytest.mark.clause("RECV-4")
@pytest.mark.parametrize("operation", RECEIVERS.values(), ids=RECEIVERS.keys())
@pytest.mark.parametrize("connect_received", [False, True], ids=["fresh", "connect-received"])
async def test_receive_before_accept_raises_without_receiving(operation: Operation, connect_received: bool) -> None:
    peer = Peer(CONNECT, text("1"), binary(b"1"))
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    if connect_received:
        await ws.receive()
    calls = peer.receive_calls
    with pytest.raises(RuntimeError):
        await operation(ws)
    assert peer.receive_calls == calls
    assert peer.sent == []


RECEIVE_ALL: dict[str, Operation] = {**RECEIVERS, "receive": lambda ws: ws.receive()}


@pytest.mark.clause("RECV-5")
@pytest.mark.parametrize("operation", RECEIVE_ALL.values(), ids=RECEIVE_ALL.keys())
@pytest.mark.parametrize("first", RECEIVE_ALL.values(), ids=[f"after-{name}" for name in RECEIVE_ALL])
async def test_receive_after_disconnect_raises_disconnected(operation: Operation, first: Operation) -> None:
    peer, ws = await accepted(disconnect(1001, "bye"), text("late"), binary(b"late"))
    with contextlib.suppress(WebSocketDisconnect):
        await first(ws)
    assert peer.receive_calls == 2
    with pytest.raises(WebSocketDisconnected):
        await operation(ws)
    assert peer.receive_calls == 2


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
        ("receive_json-binary", text("{}"), "bytes"),
        ("receive_json-binary", {"type": "websocket.receive"}, "bytes"),
        ("receive_json-binary", {"type": "websocket.receive", "bytes": None}, "bytes"),
    ],
    ids=lambda value: (
        value["type"][len("websocket.") :] + "-" + "-".join(sorted(set(value) - {"type"}))
        if isinstance(value, dict)
        else None
    ),
)
async def test_receive_missing_payload_raises_runtime_error(method: str, message: Message, key: str) -> None:
    _, ws = await accepted(message)
    with pytest.raises(RuntimeError) as excinfo:
        await RECEIVERS[method](ws)
    # The key as a word of its own, not as part of a method name such as "receive_text".
    assert re.search(rf"\b{key}\b", str(excinfo.value)), str(excinfo.value)


@pytest.mark.parametrize("method", ["receive_text", "receive_bytes", "receive_json"])
async def test_receive_of_a_connect_message_names_its_type(method: str) -> None:
    # A raw accept skips receiving websocket.connect, so the next data read meets it.
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    await ws.send({"type": "websocket.accept"})
    with pytest.raises(RuntimeError, match=r"got 'websocket\.connect'"):
        await getattr(ws, method)()
