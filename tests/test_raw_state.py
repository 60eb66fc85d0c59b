"""RAW and STATE: raw ASGI messages and the connection state machine."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable

import pytest

from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, make_scope
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocket, WebSocketDisconnect, WebSocketDisconnected

pytestmark = pytest.mark.anyio

STATE_NAMES = {"CONNECTING", "CONNECTED", "DISCONNECTED", "RESPONSE"}

MESSAGE_TYPES = [
    "websocket.connect",
    "websocket.accept",
    "websocket.receive",
    "websocket.send",
    "websocket.disconnect",
    "websocket.close",
    "websocket.http.response.start",
    "websocket.http.response.body",
    "websocket.bogus",
]

START: Message = {"type": "websocket.http.response.start", "status": 403, "headers": []}
END: Message = {"type": "websocket.http.response.body", "body": b""}


def sample(message_type: str) -> Message:
    """A fresh, well-formed message of ``message_type``."""
    samples: dict[str, Message] = {
        "websocket.connect": {"type": "websocket.connect"},
        "websocket.accept": {"type": "websocket.accept", "subprotocol": "chat", "headers": [(b"x-a", b"1")]},
        "websocket.receive": {"type": "websocket.receive", "text": "hi"},
        "websocket.send": {"type": "websocket.send", "bytes": b"hi"},
        "websocket.disconnect": {"type": "websocket.disconnect", "code": 1001, "reason": "bye"},
        "websocket.close": {"type": "websocket.close", "code": 1000, "reason": ""},
        "websocket.http.response.start": {"type": "websocket.http.response.start", "status": 403, "headers": []},
        "websocket.http.response.body": {"type": "websocket.http.response.body", "body": b"denied"},
        "websocket.bogus": {"type": "websocket.bogus", "text": "?"},
    }
    return samples[message_type]


def new_connection(*incoming: Message) -> tuple[Peer, WebSocket]:
    peer = Peer(*incoming)
    scope = make_scope(extensions={"websocket.http.response": {}})
    return peer, WebSocket(scope, peer.receive, peer.send)


# -- STATE-1 -----------------------------------------------------------------------------------


@pytest.mark.clause("STATE-1")
def test_new_connection_states() -> None:
    _, ws = new_connection()
    assert ws.client_state.name == "CONNECTING"
    assert ws.application_state.name == "CONNECTING"
    assert {state.name for state in type(ws.client_state)} == STATE_NAMES
    assert {state.name for state in type(ws.application_state)} == STATE_NAMES


# -- receiving (client_state) ------------------------------------------------------------------

# The messages that bring client_state to each state, from a new connection.
CLIENT_SETUP: dict[str, list[Message]] = {
    "CONNECTING": [],
    "CONNECTED": [CONNECT],
    "DISCONNECTED": [CONNECT, {"type": "websocket.disconnect", "code": 1000}],
}

RECEIVE_TABLE = [
    ("CONNECTING", "websocket.connect", "CONNECTED"),
    ("CONNECTED", "websocket.receive", "CONNECTED"),
    ("CONNECTED", "websocket.disconnect", "DISCONNECTED"),
]
RECEIVE_ALLOWED = {(state, message_type) for state, message_type, _ in RECEIVE_TABLE}


async def client_in(state: str, *then: Message) -> tuple[Peer, WebSocket]:
    setup = CLIENT_SETUP[state]
    peer, ws = new_connection(*setup, *then)
    for _ in setup:
        await ws.receive()
    assert ws.client_state.name == state
    return peer, ws


@pytest.mark.clause("RAW-2", "RAW-3", "STATE-2")
@pytest.mark.parametrize(("state", "message_type", "next_state"), RECEIVE_TABLE)
async def test_receive_table_row(state: str, message_type: str, next_state: str) -> None:
    message = sample(message_type)
    expected = copy.deepcopy(message)
    peer, ws = await client_in(state, message)
    calls = peer.receive_calls
    received = await ws.receive()
    assert received is message
    assert received == expected
    assert peer.receive_calls == calls + 1
    assert ws.client_state.name == next_state
    assert ws.application_state.name == "CONNECTING"
    assert peer.sent == []


@pytest.mark.clause("STATE-3")
@pytest.mark.parametrize(
    ("state", "message_type"),
    [
        (state, message_type)
        for state in ("CONNECTING", "CONNECTED")
        for message_type in MESSAGE_TYPES
        if (state, message_type) not in RECEIVE_ALLOWED
    ],
)
async def test_receive_disallowed(state: str, message_type: str) -> None:
    peer, ws = await client_in(state, sample(message_type))
    with pytest.raises(RuntimeError) as excinfo:
        await ws.receive()
    assert message_type in str(excinfo.value)
    assert ws.client_state.name == state
    assert peer.sent == []


@pytest.mark.clause("RECV-5")
@pytest.mark.parametrize("message_type", MESSAGE_TYPES)
async def test_receive_when_client_disconnected(message_type: str) -> None:
    peer, ws = await client_in("DISCONNECTED", sample(message_type))
    calls = peer.receive_calls
    with pytest.raises(WebSocketDisconnected):
        await ws.receive()
    assert peer.receive_calls == calls
    assert ws.client_state.name == "DISCONNECTED"
    assert peer.sent == []


# -- sending (application_state) ---------------------------------------------------------------


async def app_in(state: str, via: str = "") -> tuple[Peer, WebSocket]:
    """A connection whose application_state is ``state``; DISCONNECTED is reached ``via`` a state."""
    peer, ws = new_connection(CONNECT)
    if state == "CONNECTED" or via == "CONNECTED":
        await ws.accept()
    if state == "RESPONSE" or via == "RESPONSE":
        await ws.send(dict(START))
    if state == "DISCONNECTED":
        await ws.send(dict(END) if via == "RESPONSE" else {"type": "websocket.close", "code": 1000, "reason": ""})
    assert ws.application_state.name == state
    return peer, ws


SEND_TABLE = [
    ("CONNECTING", sample("websocket.accept"), "CONNECTED"),
    ("CONNECTING", sample("websocket.close"), "DISCONNECTED"),
    ("CONNECTING", sample("websocket.http.response.start"), "RESPONSE"),
    ("CONNECTED", sample("websocket.send"), "CONNECTED"),
    ("CONNECTED", {"type": "websocket.send", "text": "hi"}, "CONNECTED"),
    ("CONNECTED", sample("websocket.close"), "DISCONNECTED"),
    ("RESPONSE", {"type": "websocket.http.response.body", "body": b"a", "more_body": True}, "RESPONSE"),
    ("RESPONSE", {"type": "websocket.http.response.body", "body": b"a"}, "DISCONNECTED"),
    ("RESPONSE", {"type": "websocket.http.response.body", "body": b"a", "more_body": False}, "DISCONNECTED"),
]
SEND_ALLOWED = {(state, message["type"]) for state, message, _ in SEND_TABLE}


@pytest.mark.clause("RAW-1", "RAW-3", "STATE-4")
@pytest.mark.parametrize(("state", "message", "next_state"), SEND_TABLE)
async def test_send_table_row(state: str, message: Message, next_state: str) -> None:
    message = copy.deepcopy(message)
    expected = copy.deepcopy(message)
    peer, ws = await app_in(state)
    sent_before = list(peer.sent)
    client_state = ws.client_state.name
    await ws.send(message)
    assert peer.sent == [*sent_before, expected]
    assert peer.sent[-1] is message
    assert ws.application_state.name == next_state
    assert ws.client_state.name == client_state


@pytest.mark.clause("STATE-5")
@pytest.mark.parametrize(
    ("state", "message"),
    [
        (state, sample(message_type))
        for state in ("CONNECTING", "CONNECTED", "RESPONSE")
        for message_type in MESSAGE_TYPES
        if (state, message_type) not in SEND_ALLOWED
    ]
    + [
        (state, {"type": "websocket.http.response.body", "body": b"a", "more_body": True})
        for state in ("CONNECTING", "CONNECTED")
    ],
    ids=lambda value: value if isinstance(value, str) else value["type"],
)
async def test_send_disallowed(state: str, message: Message) -> None:
    message = copy.deepcopy(message)
    peer, ws = await app_in(state)
    sent_before = list(peer.sent)
    with pytest.raises(RuntimeError) as excinfo:
        await ws.send(message)
    assert message["type"] in str(excinfo.value)
    assert peer.sent == sent_before
    assert ws.application_state.name == state


@pytest.mark.clause("STATE-6")
@pytest.mark.parametrize("via", ["CONNECTING", "CONNECTED", "RESPONSE"])
@pytest.mark.parametrize(
    "message",
    [sample(message_type) for message_type in MESSAGE_TYPES]
    + [{"type": "websocket.http.response.body", "body": b"a", "more_body": True}],
    ids=[*MESSAGE_TYPES, "websocket.http.response.body-more"],
)
async def test_send_when_disconnected(via: str, message: Message) -> None:
    message = copy.deepcopy(message)
    peer, ws = await app_in("DISCONNECTED", via)
    sent_before = list(peer.sent)
    with pytest.raises(WebSocketDisconnected):
        await ws.send(message)
    assert peer.sent == sent_before
    assert ws.application_state.name == "DISCONNECTED"


# -- STATE-7: the peer's send fails ------------------------------------------------------------

Operation = Callable[[WebSocket], Awaitable[None]]

CONNECTED_SENDS: dict[str, Operation] = {
    "send_text": lambda ws: ws.send_text("hi"),
    "send_bytes": lambda ws: ws.send_bytes(b"hi"),
    "send_json": lambda ws: ws.send_json([1]),
    "close": lambda ws: ws.close(),
    "send-raw": lambda ws: ws.send({"type": "websocket.send", "text": "hi"}),
    "close-raw": lambda ws: ws.send({"type": "websocket.close", "code": 1000, "reason": ""}),
}


@pytest.mark.clause("STATE-7", "STATE-6")
@pytest.mark.parametrize("error_class", [OSError, ConnectionResetError, BrokenPipeError])
@pytest.mark.parametrize("operation", CONNECTED_SENDS.values(), ids=CONNECTED_SENDS.keys())
async def test_os_error_while_connected_becomes_disconnect(operation: Operation, error_class: type[OSError]) -> None:
    peer, ws = await app_in("CONNECTED")
    peer.send_error = error_class("connection lost")
    with pytest.raises(WebSocketDisconnect) as excinfo:
        await operation(ws)
    assert excinfo.value.code == 1006
    assert ws.application_state.name == "DISCONNECTED"
    peer.send_error = None
    with pytest.raises(WebSocketDisconnected):
        await ws.send_text("after")
    assert peer.sent == [DEFAULT_ACCEPT]


NOT_CONNECTED_SENDS: list[tuple[str, Operation]] = [
    ("CONNECTING", lambda ws: ws.accept()),
    ("CONNECTING", lambda ws: ws.close()),
    ("CONNECTING", lambda ws: ws.send(dict(START))),
    ("RESPONSE", lambda ws: ws.send(dict(END))),
]


@pytest.mark.clause("STATE-7")
@pytest.mark.parametrize(("state", "operation"), NOT_CONNECTED_SENDS, ids=["accept", "close", "start", "body"])
async def test_os_error_while_not_connected_propagates(state: str, operation: Operation) -> None:
    peer, ws = await app_in(state)
    error = OSError("connection lost")
    peer.send_error = error
    with pytest.raises(OSError, match="connection lost") as excinfo:
        await operation(ws)
    assert excinfo.value is error


# -- RAW-4: messages without a type -------------------------------------------------------------

UNTYPED: list[Message] = [{}, {"text": "hi"}, {"code": 1000, "reason": ""}]


@pytest.mark.clause("RAW-4")
@pytest.mark.parametrize("state", ["CONNECTING", "CONNECTED", "RESPONSE"])
@pytest.mark.parametrize("message", UNTYPED, ids=["empty", "text", "close-like"])
async def test_send_without_type(state: str, message: Message) -> None:
    peer, ws = await app_in(state)
    sent_before = list(peer.sent)
    with pytest.raises(RuntimeError) as excinfo:
        await ws.send(dict(message))
    assert "type" in str(excinfo.value)
    assert peer.sent == sent_before


@pytest.mark.clause("RAW-4")
@pytest.mark.parametrize("state", ["CONNECTING", "CONNECTED"])
@pytest.mark.parametrize("message", UNTYPED, ids=["empty", "text", "close-like"])
async def test_receive_without_type(state: str, message: Message) -> None:
    peer, ws = await client_in(state, dict(message))
    with pytest.raises(RuntimeError) as excinfo:
        await ws.receive()
    assert "type" in str(excinfo.value)
    assert peer.sent == []
