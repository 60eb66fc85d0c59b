"""Helpers shared by several suite modules.

Routes (for STATE, DENY and RAW): ways to bring a new connection to a given pair of
(client_state, application_state) through the public API only: ``receive()``, ``send()``,
``accept()``, ``close()`` and ``send_denial_response()``. Each state is reached by several
routes, so that a binding cannot pass by special-casing one history.

``outcome()`` and ``check_str_items()`` (for HDR and QP): a call's result or the exception
it raised, so that a failure message shows either as what was seen; and the check that a
multi-dict maps each ``str`` key to a ``str`` value.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import NoReturn

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.outcomes import ABSENT
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, disconnect, make_scope, text
from wsproto_api.asgi import Message, Receive, Scope, Send

START: Message = {"type": "websocket.http.response.start", "status": 403, "headers": [(b"content-type", b"text/plain")]}
"""The ``websocket.http.response.start`` message the routes and denial apps send."""

BODY_CHUNK: Message = {"type": "websocket.http.response.body", "body": b"go ", "more_body": True}
"""A denial response body chunk with more to come."""

BODY_END: Message = {"type": "websocket.http.response.body", "body": b"away"}
"""The last denial response body chunk (no ``more_body``)."""

OUTGOING_TEXT: Message = {"type": "websocket.send", "text": "hello"}
"""A ``websocket.send`` message sent raw on an accepted connection."""

RAW_CLOSE: Message = {"type": "websocket.close", "code": 1000, "reason": ""}
"""A ``websocket.close`` message sent raw."""


def skip_absent(name: str) -> NoReturn:
    """Skip a test that needs ``name``, an optional name of the binding module that it does not export.

    Only such a skip leaves a clause judged (as ``skipped``); any other skip leaves it not judged.
    """
    pytest.skip(f"{ABSENT}the binding exports no {name}")


def scope_with_denial() -> Scope:
    """A scope whose extensions allow a denial response."""
    return make_scope(extensions={"websocket.http.response": {}})


async def denial_app(scope: Scope, receive: Receive, send: Send) -> None:
    """An ASGI application that sends a whole denial response: ``START``, then ``BODY_END``."""
    await send(copy.deepcopy(START))
    await send(copy.deepcopy(BODY_END))


# -- routes to each pair of states ---------------------------------------------------------------

Steps = Callable[[wsproto_api.WebSocket], Awaitable[None]]
"""What a route does to a new connection."""


@dataclass(frozen=True)
class Route:
    """A way to bring a new connection to a (client_state, application_state) pair."""

    name: str
    """How the route got there, for test IDs and failure messages."""
    client: str
    """The client_state name the route ends in."""
    application: str
    """The application_state name the route ends in."""
    incoming: tuple[Message, ...]
    """What the steps receive, in order."""
    steps: Steps
    """What the route does to the connection."""


async def nothing(ws: wsproto_api.WebSocket) -> None:
    """Leave the connection new."""


async def receive(ws: wsproto_api.WebSocket) -> None:
    """``receive()`` once."""
    await ws.receive()


async def accept(ws: wsproto_api.WebSocket) -> None:
    """``accept()``."""
    await ws.accept()


async def raw_accept(ws: wsproto_api.WebSocket) -> None:
    """``receive()``, then send the default ``websocket.accept`` raw."""
    await ws.receive()
    await ws.send(copy.deepcopy(DEFAULT_ACCEPT))


async def accept_and_exchange(ws: wsproto_api.WebSocket) -> None:
    """``accept()``, send ``OUTGOING_TEXT`` raw, then ``receive()``."""
    await ws.accept()
    await ws.send(copy.deepcopy(OUTGOING_TEXT))
    await ws.receive()


async def accept_then_client_leaves(ws: wsproto_api.WebSocket) -> None:
    """``accept()``, then ``receive()`` (the client's ``websocket.disconnect``)."""
    await ws.accept()
    await ws.receive()


async def close(ws: wsproto_api.WebSocket) -> None:
    """``close()``."""
    await ws.close()


async def receive_then_close(ws: wsproto_api.WebSocket) -> None:
    """``receive()``, then ``close()``."""
    await ws.receive()
    await ws.close()


async def accept_then_close(ws: wsproto_api.WebSocket) -> None:
    """``accept()``, then ``close()``."""
    await ws.accept()
    await ws.close()


async def raw_accept_then_raw_close(ws: wsproto_api.WebSocket) -> None:
    """:func:`raw_accept`, then send ``RAW_CLOSE`` raw."""
    await raw_accept(ws)
    await ws.send(copy.deepcopy(RAW_CLOSE))


async def client_leaves_then_close(ws: wsproto_api.WebSocket) -> None:
    """:func:`accept_then_client_leaves`, then ``close()``."""
    await accept_then_client_leaves(ws)
    await ws.close()


async def start(ws: wsproto_api.WebSocket) -> None:
    """Send ``START`` raw."""
    await ws.send(copy.deepcopy(START))


async def start_and_chunk(ws: wsproto_api.WebSocket) -> None:
    """Send ``START``, then ``BODY_CHUNK``, raw."""
    await start(ws)
    await ws.send(copy.deepcopy(BODY_CHUNK))


async def receive_then_start(ws: wsproto_api.WebSocket) -> None:
    """``receive()``, then send ``START`` raw."""
    await ws.receive()
    await start(ws)


async def whole_response(ws: wsproto_api.WebSocket) -> None:
    """Send ``START``, ``BODY_CHUNK`` and ``BODY_END`` raw."""
    await start_and_chunk(ws)
    await ws.send(copy.deepcopy(BODY_END))


async def deny(ws: wsproto_api.WebSocket) -> None:
    """``send_denial_response(denial_app)``."""
    await ws.send_denial_response(denial_app)


NEW = Route("new", "CONNECTING", "CONNECTING", (), nothing)
"""A new connection."""
RECEIVED_CONNECT = Route("receive()", "CONNECTED", "CONNECTING", (CONNECT,), receive)
"""``websocket.connect`` received, nothing sent."""
ACCEPTED = Route("accept()", "CONNECTED", "CONNECTED", (CONNECT,), accept)
"""Accepted by ``accept()``."""
RAW_ACCEPTED = Route("receive()+send(accept)", "CONNECTED", "CONNECTED", (CONNECT,), raw_accept)
"""Accepted by raw messages."""
EXCHANGED = Route("accept()+send()+receive()", "CONNECTED", "CONNECTED", (CONNECT, text("hi")), accept_and_exchange)
"""Accepted, then a message each way."""
CLIENT_LEFT = Route(
    "accept()+receive(disconnect)", "DISCONNECTED", "CONNECTED", (CONNECT, disconnect(1001)), accept_then_client_leaves
)
"""Accepted, then the client disconnected."""
CLOSED_FIRST = Route("close()", "CONNECTING", "DISCONNECTED", (), close)
"""Closed before anything was received."""
RECEIVED_THEN_CLOSED = Route("receive()+close()", "CONNECTED", "DISCONNECTED", (CONNECT,), receive_then_close)
"""Closed after ``websocket.connect`` was received, without accepting."""
ACCEPTED_THEN_CLOSED = Route("accept()+close()", "CONNECTED", "DISCONNECTED", (CONNECT,), accept_then_close)
"""Accepted, then closed by the application."""
RAW_CLOSED = Route(
    "receive()+send(accept)+send(close)", "CONNECTED", "DISCONNECTED", (CONNECT,), raw_accept_then_raw_close
)
"""Accepted, then closed, by raw messages."""
BOTH_CLOSED = Route(
    "accept()+receive(disconnect)+close()",
    "DISCONNECTED",
    "DISCONNECTED",
    (CONNECT, disconnect(1001)),
    client_leaves_then_close,
)
"""Accepted, then disconnected by the client and closed by the application."""
STARTED = Route("send(response.start)", "CONNECTING", "RESPONSE", (), start)
"""A denial response started."""
CHUNKED = Route("send(response.start)+send(response.body more_body)", "CONNECTING", "RESPONSE", (), start_and_chunk)
"""A denial response started, with a body chunk sent and more to come."""
RECEIVED_THEN_STARTED = Route("receive()+send(response.start)", "CONNECTED", "RESPONSE", (CONNECT,), receive_then_start)
"""A denial response started after ``websocket.connect`` was received."""
RESPONDED = Route("send(response.start)+send(response.body)x2", "CONNECTING", "DISCONNECTED", (), whole_response)
"""A whole denial response sent raw."""
DENIED = Route("send_denial_response()", "CONNECTING", "DISCONNECTED", (), deny)
"""A whole denial response sent by ``send_denial_response()``."""

ALL_ROUTES = [
    NEW,
    RECEIVED_CONNECT,
    ACCEPTED,
    RAW_ACCEPTED,
    EXCHANGED,
    CLIENT_LEFT,
    CLOSED_FIRST,
    RECEIVED_THEN_CLOSED,
    ACCEPTED_THEN_CLOSED,
    RAW_CLOSED,
    BOTH_CLOSED,
    STARTED,
    CHUNKED,
    RECEIVED_THEN_STARTED,
    RESPONDED,
    DENIED,
]
"""Every route, in the order tests take them."""


def routes(*, client: str | None = None, application: str | None = None) -> list[Route]:
    """The routes that end in ``client`` and ``application`` states (``None``: any)."""
    return [
        route for route in ALL_ROUTES if client in (None, route.client) and application in (None, route.application)
    ]


async def reach(
    binding: Binding, route: Route, *then: Message, check: bool = True
) -> tuple[Peer, wsproto_api.WebSocket]:
    """A connection brought along ``route``, whose peer will deliver ``then`` next.

    With ``check``, first check that the route ended in the states it names.
    """
    peer, ws = binding.connect(*copy.deepcopy(route.incoming), *then, scope=scope_with_denial())
    await route.steps(ws)
    if check:
        expect.equal(ws.client_state.name, route.client, f"client_state after {route.name}")
        expect.equal(ws.application_state.name, route.application, f"application_state after {route.name}")
    return peer, ws


# -- observing ------------------------------------------------------------------------------------


def states(ws: wsproto_api.WebSocket) -> tuple[str, str]:
    """``(client_state, application_state)`` by name, to check that a refused call left both alone."""
    return ws.client_state.name, ws.application_state.name


def outcome(action: Callable[[str], object], argument: str) -> object:
    """``action(argument)``, or the exception it raised, so that an error reads as what was seen."""
    try:
        return action(argument)
    except Exception as error:
        return error


def check_str_items(
    mapping: wsproto_api.Headers | wsproto_api.QueryParams, expected: dict[str, str], what: str
) -> None:
    """Fail unless ``{key: mapping[key] for key in mapping}`` is ``expected``, all of it ``str``."""
    as_dict = {key: outcome(mapping.__getitem__, key) for key in mapping}
    expect.equal(as_dict, expected, f"{{key: {what}[key]}}")
    expect.true(
        all(type(key) is str and type(value) is str for key, value in as_dict.items()),
        "str keys and str values",
        [(type(key).__name__, type(value).__name__) for key, value in as_dict.items()],
    )
