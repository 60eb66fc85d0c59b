"""RAW: raw ASGI messages through ``ws.send()`` and ``ws.receive()``."""

from __future__ import annotations

import copy

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, binary, disconnect, text
from conformance.suite.support import ACCEPTED, NEW, START, STARTED, Route, scope_with_denial
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio

# The route to each application_state from which the table lets a message through, and how to say it.
SETUPS: dict[str, tuple[str, Route]] = {
    "CONNECTING": ("a new connection", NEW),
    "CONNECTED": ("accept()", ACCEPTED),
    "RESPONSE": ("send(response.start)", STARTED),
}


async def in_state(binding: Binding, state: str) -> tuple[Peer, wsproto_api.WebSocket, str]:
    """A connection whose application_state is ``state``, and how it got there."""
    how, route = SETUPS[state]
    peer, ws = binding.connect(CONNECT, scope=scope_with_denial())
    await route.steps(ws)
    expect.equal(ws.application_state.name, state, f"application_state after {how}")
    return peer, ws, how


def label(message: Message) -> str:
    return "-".join(f"{key}={value!r}" for key, value in message.items()) or "empty"


# -- RAW-1 ------------------------------------------------------------------------------------------

# Minimal messages and messages with keys the binding has no use for: it passes them on as they are,
# neither filling in defaults nor dropping what it does not know.
PASSED_ON: list[tuple[str, Message]] = [
    ("CONNECTING", {"type": "websocket.accept"}),
    ("CONNECTING", {"type": "websocket.accept", "subprotocol": "chat", "headers": [(b"x-a", b"1"), (b"x-a", b"2")]}),
    ("CONNECTING", {"type": "websocket.close"}),
    ("CONNECTING", {"type": "websocket.close", "code": 4001, "reason": "no", "x-extension": {"k": [1]}}),
    ("CONNECTING", {"type": "websocket.http.response.start", "status": 401, "headers": [], "trailers": False}),
    ("CONNECTED", {"type": "websocket.send", "text": "é ☃"}),
    ("CONNECTED", {"type": "websocket.send", "bytes": b"\x00\xff", "text": None}),
    ("CONNECTED", {"type": "websocket.close", "code": 1001}),
    ("RESPONSE", {"type": "websocket.http.response.body", "body": b"den", "more_body": True}),
    ("RESPONSE", {"type": "websocket.http.response.body"}),
]


@pytest.mark.clause("RAW-1")
@pytest.mark.parametrize(
    ("state", "message"), [pytest.param(state, message, id=label(message)) for state, message in PASSED_ON]
)
async def test_send_passes_the_message_unchanged(binding: Binding, state: str, message: Message) -> None:
    peer, ws, how = await in_state(binding, state)
    before = list(peer.sent)
    given = copy.deepcopy(message)
    await ws.send(given)
    what = f"after {how}, send({message})"
    expect.sent(peer, [*before, message], f"messages sent to the peer {what}")
    expect.true(peer.sent[-1] is given, f"the peer to get the very message object given to {what}", peer.sent[-1])
    expect.equal(given, message, f"the message object after {what}")


# -- RAW-2 ------------------------------------------------------------------------------------------

RECEIVED: list[tuple[str, Message]] = [
    ("CONNECTING", {"type": "websocket.connect"}),
    ("CONNECTING", {"type": "websocket.connect", "x-extension": {"k": [1]}}),
    ("CONNECTED", text("é ☃")),
    ("CONNECTED", binary(b"\x00\xff")),
    ("CONNECTED", {"type": "websocket.receive", "bytes": None, "text": "both keys"}),
    ("CONNECTED", disconnect(1001, "bye")),
    ("CONNECTED", {"type": "websocket.disconnect", "code": 1006}),
]


@pytest.mark.clause("RAW-2")
@pytest.mark.parametrize(
    ("state", "message"), [pytest.param(state, message, id=label(message)) for state, message in RECEIVED]
)
async def test_receive_returns_the_message_unchanged(binding: Binding, state: str, message: Message) -> None:
    given = copy.deepcopy(message)
    if state == "CONNECTING":
        peer, ws = binding.connect(given)
    else:
        peer, ws = await binding.accepted(given)
    calls = peer.receive_calls
    what = f"receive() of {message} from client_state {state}"
    received = await ws.receive()
    expect.true(received is given, f"{what} to return the very message object the peer returned", received)
    expect.equal(received, message, f"the message returned by {what}")
    expect.equal(peer.receive_calls, calls + 1, f"calls to the peer's receive during {what}")


# -- RAW-3 ------------------------------------------------------------------------------------------

# Each step is a raw call and the (client_state, application_state) it leaves, from the STATE tables.
Step = tuple[str, Message, str, str]

SCENARIOS: dict[str, list[Step]] = {
    "conversation": [
        ("receive", CONNECT, "CONNECTED", "CONNECTING"),
        ("send", DEFAULT_ACCEPT, "CONNECTED", "CONNECTED"),
        ("send", {"type": "websocket.send", "text": "hi"}, "CONNECTED", "CONNECTED"),
        ("receive", text("hello"), "CONNECTED", "CONNECTED"),
        ("receive", disconnect(1001), "DISCONNECTED", "CONNECTED"),
        ("send", {"type": "websocket.close", "code": 1000, "reason": ""}, "DISCONNECTED", "DISCONNECTED"),
    ],
    "server-closes-first": [
        ("receive", CONNECT, "CONNECTED", "CONNECTING"),
        ("send", DEFAULT_ACCEPT, "CONNECTED", "CONNECTED"),
        ("send", {"type": "websocket.close", "code": 1001, "reason": "bye"}, "CONNECTED", "DISCONNECTED"),
        ("receive", binary(b"late"), "CONNECTED", "DISCONNECTED"),
        ("receive", disconnect(1000), "DISCONNECTED", "DISCONNECTED"),
    ],
    "refused": [
        ("send", {"type": "websocket.close", "code": 1008, "reason": ""}, "CONNECTING", "DISCONNECTED"),
        ("receive", CONNECT, "CONNECTED", "DISCONNECTED"),
        ("receive", disconnect(1006), "DISCONNECTED", "DISCONNECTED"),
    ],
    "denied": [
        ("send", START, "CONNECTING", "RESPONSE"),
        ("send", {"type": "websocket.http.response.body", "body": b"a", "more_body": True}, "CONNECTING", "RESPONSE"),
        ("receive", CONNECT, "CONNECTED", "RESPONSE"),
        ("send", {"type": "websocket.http.response.body", "body": b"b"}, "CONNECTED", "DISCONNECTED"),
    ],
}


@pytest.mark.clause("RAW-3")
@pytest.mark.parametrize("steps", SCENARIOS.values(), ids=SCENARIOS.keys())
async def test_raw_calls_keep_both_states_up_to_date(binding: Binding, steps: list[Step]) -> None:
    incoming = [copy.deepcopy(message) for call, message, _, _ in steps if call == "receive"]
    _, ws = binding.connect(*incoming, scope=scope_with_denial())
    done: list[str] = []
    for call, message, client_state, application_state in steps:
        if call == "receive":
            await ws.receive()
        else:
            await ws.send(copy.deepcopy(message))
        done.append(f"{call}({message['type']})")
        after = "after " + ", ".join(done)
        expect.equal(ws.client_state.name, client_state, f"client_state {after}")
        expect.equal(ws.application_state.name, application_state, f"application_state {after}")


# -- RAW-4 ------------------------------------------------------------------------------------------

UNTYPED: list[Message] = [{}, {"text": "hi"}, {"code": 1000, "reason": ""}]


@pytest.mark.clause("RAW-4")
@pytest.mark.parametrize(
    ("state", "message"),
    [
        # Each state with two of the messages, each message in two states.
        pytest.param(state, UNTYPED[(i + i // 3) % 3], id=f"{state}-{label(UNTYPED[(i + i // 3) % 3])}")
        for i, state in enumerate(["CONNECTING", "CONNECTED", "RESPONSE"] * 2)
    ],
)
async def test_send_without_type_raises(binding: Binding, state: str, message: Message) -> None:
    peer, ws, how = await in_state(binding, state)
    before = list(peer.sent)
    what = f"after {how}, send({message})"
    with expect.raises(RuntimeError, what=what, mentioning=("type",)):
        await ws.send(copy.deepcopy(message))
    expect.sent(peer, before, f"messages sent to the peer {what}")


@pytest.mark.clause("RAW-4")
@pytest.mark.parametrize(
    ("accept_first", "message"),
    [
        pytest.param(accept_first, message, id=f"{'CONNECTED' if accept_first else 'CONNECTING'}-{label(message)}")
        for accept_first in (False, True)
        for message in UNTYPED[:2]
    ],
)
async def test_receive_without_type_raises(binding: Binding, accept_first: bool, message: Message) -> None:
    if accept_first:
        peer, ws = await binding.accepted(copy.deepcopy(message))
    else:
        peer, ws = binding.connect(copy.deepcopy(message))
    before = list(peer.sent)
    what = f"receive() of {message} {'after accept()' if accept_first else 'on a new connection'}"
    with expect.raises(RuntimeError, what=what, mentioning=("type",)):
        await ws.receive()
    expect.sent(peer, before, f"messages sent to the peer during {what}")
