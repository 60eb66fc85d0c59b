"""STATE: the connection state machine.

Every row of SPEC.md's two transition tables, and every (state, message type) pair they
leave out, is checked from states reached only through the public API: ``receive()``,
``send()``, ``accept()``, ``close()`` and ``send_denial_response()``. Each state is reached
by several routes, so that a binding cannot pass by special-casing one history.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, binary, disconnect, text
from conformance.suite.support import (
    ACCEPTED,
    ALL_ROUTES,
    BODY_CHUNK,
    BODY_END,
    RAW_CLOSE,
    Route,
    accept,
    close,
    deny,
    reach,
    routes,
    scope_with_denial,
    start,
)
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio

STATE_NAMES = ("CONNECTING", "CONNECTED", "DISCONNECTED", "RESPONSE")

# One well-formed message of each type ASGI defines for websockets, and one of a type it does not.
SAMPLES: dict[str, Message] = {
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
MESSAGE_TYPES = list(SAMPLES)

# The table tells a body chunk with more_body from the last one, so each is a message kind of its own.
BODY_MORE = "websocket.http.response.body+more_body"
SEND_SAMPLES: dict[str, Message] = {
    **SAMPLES,
    BODY_MORE: {"type": "websocket.http.response.body", "body": b"den", "more_body": True},
}


def sample(kind: str) -> Message:
    """A fresh message of ``kind`` (a message type, or ``BODY_MORE``)."""
    return copy.deepcopy(SEND_SAMPLES[kind])


def type_of(kind: str) -> str:
    return kind.partition("+")[0]


def label(value: Message | str) -> str:
    if isinstance(value, str):
        return value
    return "-".join(f"{key}={item!r}" if key != "type" else str(item) for key, item in value.items())


def spread(cases: Sequence[tuple[Any, ...]], over: Sequence[Route]) -> list[Any]:
    """Each case once, the routes taken in turn, so that every case and every route is run."""
    params: list[Any] = []
    for i in range(max(len(cases), len(over))):
        route, case = over[i % len(over)], cases[i % len(cases)]
        params.append(pytest.param(route, *case, id=f"{route.name}-{label(case[0])}"))
    return params


# -- STATE-1 --------------------------------------------------------------------------------------


@pytest.mark.clause("STATE-1")
def test_new_connection_is_connecting_on_both_sides(binding: Binding) -> None:
    _, ws = binding.connect(scope=scope_with_denial())
    expect.equal(ws.client_state.name, "CONNECTING", "client_state of a new connection")
    expect.equal(ws.application_state.name, "CONNECTING", "application_state of a new connection")


@pytest.mark.clause("STATE-1")
async def test_states_take_only_the_four_names(binding: Binding) -> None:
    seen: set[str] = set()
    for route in ALL_ROUTES:
        _, ws = await reach(binding, route, check=False)
        for side, state in (("client_state", ws.client_state), ("application_state", ws.application_state)):
            expect.true(state.name in STATE_NAMES, f"{side} after {route.name} named one of {STATE_NAMES}", state.name)
            seen.add(state.name)
    # The routes visit every state, so each of the four names is in use.
    expect.equal(sorted(seen), sorted(STATE_NAMES), "state names seen over every route")


# -- receiving: client_state (STATE-2, STATE-3) ---------------------------------------------------

RECEIVE_ROWS: list[tuple[str, Message, str]] = [
    ("CONNECTING", {"type": "websocket.connect"}, "CONNECTED"),
    ("CONNECTED", text("hi"), "CONNECTED"),
    ("CONNECTED", binary(b"\x00\xff"), "CONNECTED"),
    ("CONNECTED", disconnect(1001, "bye"), "DISCONNECTED"),
    ("CONNECTED", {"type": "websocket.disconnect", "code": 1006}, "DISCONNECTED"),
]
RECEIVE_ALLOWED = {(state, message["type"]) for state, message, _ in RECEIVE_ROWS}


@pytest.mark.clause("STATE-2")
@pytest.mark.parametrize(
    ("route", "message", "next_state"),
    [
        param
        for state in ("CONNECTING", "CONNECTED")
        for param in spread([row[1:] for row in RECEIVE_ROWS if row[0] == state], routes(client=state))
    ],
)
async def test_receiving_a_listed_message_moves_client_state(
    binding: Binding, route: Route, message: Message, next_state: str
) -> None:
    _, ws = await reach(binding, route, copy.deepcopy(message))
    await ws.receive()
    what = f"after {route.name}, receiving {message['type']}"
    expect.equal(ws.client_state.name, next_state, f"client_state {what}")
    expect.equal(ws.application_state.name, route.application, f"application_state (moved only by sending) {what}")


@pytest.mark.clause("STATE-3")
@pytest.mark.parametrize(
    ("route", "message_type"),
    [
        *spread([(t,) for t in MESSAGE_TYPES if ("CONNECTING", t) not in RECEIVE_ALLOWED], routes(client="CONNECTING")),
        *spread([(t,) for t in MESSAGE_TYPES if ("CONNECTED", t) not in RECEIVE_ALLOWED], routes(client="CONNECTED")),
    ],
)
async def test_receiving_an_unlisted_message_raises(binding: Binding, route: Route, message_type: str) -> None:
    _, ws = await reach(binding, route, sample(message_type))
    what = f"after {route.name}, receiving {message_type}"
    with expect.raises(RuntimeError, what=what, mentioning=(message_type,)):
        await ws.receive()
    expect.equal(ws.client_state.name, route.client, f"client_state {what}")


# -- sending: application_state (STATE-4 to STATE-7) ------------------------------------------------

SEND_ROWS: list[tuple[str, Message, str]] = [
    ("CONNECTING", {"type": "websocket.accept", "subprotocol": "chat", "headers": [(b"x-a", b"1")]}, "CONNECTED"),
    ("CONNECTING", {"type": "websocket.close", "code": 1008, "reason": "no"}, "DISCONNECTED"),
    ("CONNECTING", {"type": "websocket.http.response.start", "status": 403, "headers": []}, "RESPONSE"),
    ("CONNECTED", {"type": "websocket.send", "text": "hi"}, "CONNECTED"),
    ("CONNECTED", {"type": "websocket.send", "bytes": b"hi"}, "CONNECTED"),
    ("CONNECTED", {"type": "websocket.close", "code": 1001, "reason": "bye"}, "DISCONNECTED"),
    ("RESPONSE", {"type": "websocket.http.response.body", "body": b"a", "more_body": True}, "RESPONSE"),
    ("RESPONSE", {"type": "websocket.http.response.body", "body": b"a"}, "DISCONNECTED"),
    ("RESPONSE", {"type": "websocket.http.response.body", "body": b"a", "more_body": False}, "DISCONNECTED"),
]
SEND_ALLOWED = {
    ("CONNECTING", "websocket.accept"),
    ("CONNECTING", "websocket.close"),
    ("CONNECTING", "websocket.http.response.start"),
    ("CONNECTED", "websocket.send"),
    ("CONNECTED", "websocket.close"),
    ("RESPONSE", BODY_MORE),
    ("RESPONSE", "websocket.http.response.body"),
}


@pytest.mark.clause("STATE-4")
@pytest.mark.parametrize(
    ("route", "message", "next_state"),
    [
        pytest.param(route, message, next_state, id=f"{route.name}-{label(message)}")
        for state, message, next_state in SEND_ROWS
        for route in routes(application=state)
    ],
)
async def test_sending_a_listed_message_moves_application_state(
    binding: Binding, route: Route, message: Message, next_state: str
) -> None:
    peer, ws = await reach(binding, route)
    before = list(peer.sent)
    await ws.send(copy.deepcopy(message))
    what = f"after {route.name}, sending {message}"
    expect.equal(ws.application_state.name, next_state, f"application_state {what}")
    expect.sent(peer, [*before, message], f"messages sent to the peer {what}")
    expect.equal(ws.client_state.name, route.client, f"client_state (moved only by receiving) {what}")


@pytest.mark.clause("STATE-5")
@pytest.mark.parametrize(
    ("route", "kind"),
    [
        *spread(
            [(k,) for k in SEND_SAMPLES if ("CONNECTING", k) not in SEND_ALLOWED], routes(application="CONNECTING")
        ),
        *spread([(k,) for k in SEND_SAMPLES if ("CONNECTED", k) not in SEND_ALLOWED], routes(application="CONNECTED")),
        *spread([(k,) for k in SEND_SAMPLES if ("RESPONSE", k) not in SEND_ALLOWED], routes(application="RESPONSE")),
    ],
)
async def test_sending_an_unlisted_message_raises(binding: Binding, route: Route, kind: str) -> None:
    peer, ws = await reach(binding, route)
    before = list(peer.sent)
    what = f"after {route.name}, sending {kind}"
    with expect.raises(RuntimeError, what=what, mentioning=(type_of(kind),)):
        await ws.send(sample(kind))
    expect.sent(peer, before, f"messages sent to the peer {what}")
    expect.equal(ws.application_state.name, route.application, f"application_state {what}")


@pytest.mark.clause("STATE-6")
@pytest.mark.parametrize(("route", "kind"), spread([(k,) for k in SEND_SAMPLES], routes(application="DISCONNECTED")))
async def test_sending_anything_when_disconnected_raises_disconnected(
    binding: Binding, route: Route, kind: str
) -> None:
    peer, ws = await reach(binding, route)
    before = list(peer.sent)
    what = f"after {route.name}, sending {kind}"
    with expect.raises(binding.disconnected_error, what=what):
        await ws.send(sample(kind))
    expect.sent(peer, before, f"messages sent to the peer {what}")
    expect.equal(ws.application_state.name, "DISCONNECTED", f"application_state {what}")


# -- STATE-7: the peer's send raises OSError ---------------------------------------------------------

Operation = Callable[[wsproto_api.WebSocket], Awaitable[None]]


async def _send_text(ws: wsproto_api.WebSocket) -> None:
    await ws.send_text("hi")


async def _send_bytes(ws: wsproto_api.WebSocket) -> None:
    await ws.send_bytes(b"hi")


async def _send_json(ws: wsproto_api.WebSocket) -> None:
    await ws.send_json({"a": 1})


async def _send_accept(ws: wsproto_api.WebSocket) -> None:
    await ws.send(copy.deepcopy(DEFAULT_ACCEPT))


async def _raw_send(ws: wsproto_api.WebSocket) -> None:
    await ws.send({"type": "websocket.send", "text": "hi"})


async def _raw_close(ws: wsproto_api.WebSocket) -> None:
    await ws.send(copy.deepcopy(RAW_CLOSE))


async def _raw_body_chunk(ws: wsproto_api.WebSocket) -> None:
    await ws.send(copy.deepcopy(BODY_CHUNK))


async def _raw_body_end(ws: wsproto_api.WebSocket) -> None:
    await ws.send(copy.deepcopy(BODY_END))


CONNECTED_SENDS: list[tuple[str, Operation]] = [
    ("send_text()", _send_text),
    ("send_bytes()", _send_bytes),
    ("send_json()", _send_json),
    ("close()", close),
    ("send(websocket.send)", _raw_send),
    ("send(websocket.close)", _raw_close),
]

CONNECTING_SENDS: list[tuple[str, Operation]] = [
    ("accept()", accept),
    ("close()", close),
    ("send(websocket.accept)", _send_accept),
    ("send(response.start)", start),
    ("send_denial_response()", deny),
]

RESPONSE_SENDS: list[tuple[str, Operation]] = [
    ("send(response.body more_body)", _raw_body_chunk),
    ("send(response.body)", _raw_body_end),
]


@pytest.mark.clause("STATE-7")
@pytest.mark.parametrize(
    ("route", "name", "operation", "error_class"),
    [
        *spread([(name, operation, OSError) for name, operation in CONNECTED_SENDS], routes(application="CONNECTED")),
        pytest.param(ACCEPTED, "send_text()", _send_text, ConnectionResetError, id="ConnectionResetError"),
        pytest.param(ACCEPTED, "close()", close, BrokenPipeError, id="BrokenPipeError"),
    ],
)
async def test_os_error_while_connected_becomes_disconnect_1006(
    binding: Binding, route: Route, name: str, operation: Operation, error_class: type[OSError]
) -> None:
    peer, ws = await reach(binding, route)
    peer.send_error = error_class("connection lost")
    what = f"after {route.name}, {name} when the peer's send raises {error_class.__name__}"
    with expect.raises(binding.WebSocketDisconnect, what=what) as raised:
        await operation(ws)
    expect.equal(getattr(raised.value, "code", None), 1006, f"WebSocketDisconnect.code {what}")
    expect.equal(ws.application_state.name, "DISCONNECTED", f"application_state {what}")


@pytest.mark.clause("STATE-7")
@pytest.mark.parametrize(
    ("route", "name", "operation"),
    [
        *spread(CONNECTING_SENDS, routes(application="CONNECTING")),
        *spread(RESPONSE_SENDS, routes(application="RESPONSE")),
    ],
)
async def test_os_error_while_not_connected_propagates(
    binding: Binding, route: Route, name: str, operation: Operation
) -> None:
    # accept() from a new connection first receives websocket.connect.
    peer, ws = await reach(binding, route, CONNECT)
    error = OSError("connection lost")
    peer.send_error = error
    what = f"after {route.name}, {name} when the peer's send raises OSError"
    with expect.raises(OSError, what=what) as raised:
        await operation(ws)
    expect.true(raised.value is error, f"the peer's own OSError to propagate {what}", raised.value)


@pytest.mark.clause("STATE-7")
@pytest.mark.parametrize("error_class", [ValueError, Exception])
async def test_other_errors_while_connected_propagate(binding: Binding, error_class: type[Exception]) -> None:
    # Only an OSError means the connection is lost; any other error from the peer is no disconnect.
    peer, ws = await reach(binding, ACCEPTED)
    error = error_class("not an OSError")
    peer.send_error = error
    what = f"send_text() after accept() when the peer's send raises {error_class.__name__}"
    with expect.raises(error_class, what=what) as raised:
        await ws.send_text("hi")
    expect.true(raised.value is error, f"the peer's own {error_class.__name__} to propagate {what}", raised.value)


@pytest.mark.clause("STATE-8")
@pytest.mark.parametrize(
    ("route", "name", "operation"),
    [
        *spread(CONNECTING_SENDS, routes(application="CONNECTING")),
        *spread(RESPONSE_SENDS, routes(application="RESPONSE")),
    ],
)
async def test_os_error_while_not_connected_leaves_the_connection_closed(
    binding: Binding, route: Route, name: str, operation: Operation
) -> None:
    peer, ws = await reach(binding, route, CONNECT)
    peer.send_error = OSError("connection lost")
    what = f"after {route.name}, {name} when the peer's send raises OSError"
    with expect.raises(OSError, what=what):
        await operation(ws)
    expect.equal(ws.application_state.name, "DISCONNECTED", f"application_state {what}")
    peer.send_error = None
    before = list(peer.sent)
    with expect.raises(binding.disconnected_error, what=f"send_text() {what}"):
        await ws.send_text("hi")
    expect.sent(peer, before, f"messages sent by send_text() {what}")
