"""DENY: the denial response, an HTTP answer to the handshake sent by an ASGI application."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, make_scope, text
from conformance.suite.support import (
    ACCEPTED,
    ACCEPTED_THEN_CLOSED,
    BODY_CHUNK,
    BODY_END,
    CLIENT_LEFT,
    CLOSED_FIRST,
    DENIED,
    EXCHANGED,
    RAW_ACCEPTED,
    START,
    STARTED,
    Route,
    reach,
    scope_with_denial,
)
from wsproto_api.asgi import ASGIApp, Message, Receive, Scope, Send

pytestmark = pytest.mark.anyio

LAST_FALSE: Message = {"type": "websocket.http.response.body", "body": b"", "more_body": False}


class App:
    """An ASGI application that sends ``messages`` in order and records what it was given and saw."""

    def __init__(self, *messages: Message, receive_first: bool = False) -> None:
        self.messages = [copy.deepcopy(message) for message in messages]
        self.receive_first = receive_first
        self.scopes: list[Scope] = []
        self.received: list[Message] = []
        self.sent: list[Message] = []
        self.states: list[str] = []
        self.ws: wsproto_api.WebSocket | None = None
        """The connection whose application_state is recorded after each send."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Receive once if asked to, then send the messages."""
        self.scopes.append(scope)
        if self.receive_first:
            self.received.append(await receive())
        for message in self.messages:
            self.sent.append(message)
            await send(message)
            if self.ws is not None:
                self.states.append(self.ws.application_state.name)


# -- DENY-1 ---------------------------------------------------------------------------------------


@pytest.mark.clause("DENY-1")
async def test_denial_messages_reach_the_peer_unchanged(binding: Binding) -> None:
    scope = scope_with_denial()
    peer, ws = binding.connect(CONNECT, scope=scope)
    app = App(START, BODY_CHUNK, BODY_END)
    app.ws = ws
    await ws.send_denial_response(app)
    expect.sent(peer, [START, BODY_CHUNK, BODY_END], "messages sent to the peer by send_denial_response(app)")
    expect.true(
        all(got is given for got, given in zip(peer.sent, app.sent, strict=True)),
        "the peer to get the very message objects the app sent",
        peer.sent,
    )
    expect.equal(len(app.scopes), 1, "calls of app by send_denial_response(app)")
    expect.true(app.scopes[0] is scope, "app to be called with the connection's scope object", app.scopes[0])
    expect.equal(app.states, ["RESPONSE", "RESPONSE", "DISCONNECTED"], "application_state after each message app sent")
    expect.equal(ws.application_state.name, "DISCONNECTED", "application_state after send_denial_response(app)")


@pytest.mark.clause("DENY-1")
@pytest.mark.parametrize(
    "messages",
    [[START, BODY_END], [START, LAST_FALSE], [START, BODY_CHUNK, BODY_CHUNK, LAST_FALSE]],
    ids=["start-body", "start-body-more_body-false", "start-chunk-chunk-body"],
)
async def test_denial_response_ends_disconnected(binding: Binding, messages: list[Message]) -> None:
    peer, ws = binding.connect(CONNECT, scope=scope_with_denial())
    await ws.send_denial_response(App(*messages))
    expect.sent(peer, messages, "messages sent to the peer by send_denial_response(app)")
    expect.equal(ws.application_state.name, "DISCONNECTED", "application_state after send_denial_response(app)")


@pytest.mark.clause("DENY-1")
async def test_denial_app_receive_goes_through_the_state_machine(binding: Binding) -> None:
    connect = dict(CONNECT)
    peer, ws = binding.connect(connect, scope=scope_with_denial())
    app = App(START, BODY_END, receive_first=True)
    await ws.send_denial_response(app)
    expect.equal(app.received, [CONNECT], "what app's receive returned")
    expect.true(app.received[0] is connect, "app's receive to return the peer's message object", app.received[0])
    expect.equal(peer.receive_calls, 1, "calls to the peer's receive")
    expect.equal(ws.client_state.name, "CONNECTED", "client_state after app received websocket.connect")
    expect.sent(peer, [START, BODY_END], "messages sent to the peer by send_denial_response(app)")


@pytest.mark.clause("DENY-1")
async def test_denial_app_receive_refuses_what_the_table_does_not_list(binding: Binding) -> None:
    peer, ws = binding.connect(text("too early"), scope=scope_with_denial())
    app = App(START, BODY_END, receive_first=True)
    what = "send_denial_response(app) whose receive gets websocket.receive before websocket.connect"
    with expect.raises(RuntimeError, what=what, mentioning=("websocket.receive",)):
        await ws.send_denial_response(app)
    expect.equal(ws.client_state.name, "CONNECTING", f"client_state after {what}")
    expect.sent(peer, [], f"messages sent to the peer by {what}")


@pytest.mark.clause("DENY-1")
@pytest.mark.parametrize(
    "extra",
    [
        {"type": "websocket.send", "text": "x"},
        {"type": "websocket.accept", "subprotocol": None, "headers": []},
        {"type": "websocket.close", "code": 1000, "reason": ""},
        {"type": "websocket.http.response.start", "status": 500, "headers": []},
    ],
    ids=lambda message: message["type"],
)
async def test_denial_app_send_refuses_what_the_table_does_not_list(binding: Binding, extra: Message) -> None:
    peer, ws = binding.connect(CONNECT, scope=scope_with_denial())
    what = f"send_denial_response(app) whose app sends {extra['type']} after websocket.http.response.start"
    with expect.raises(RuntimeError, what=what, mentioning=(extra["type"],)):
        await ws.send_denial_response(App(START, extra))
    expect.sent(peer, [START], f"messages sent to the peer by {what}")
    expect.equal(ws.application_state.name, "RESPONSE", f"application_state after {what}")


@pytest.mark.clause("DENY-1")
async def test_denial_app_cannot_send_after_the_last_body(binding: Binding) -> None:
    peer, ws = binding.connect(CONNECT, scope=scope_with_denial())
    what = "send_denial_response(app) whose app sends a body after the last one"
    with expect.raises(binding.disconnected_error, what=what):
        await ws.send_denial_response(App(START, BODY_END, {"type": "websocket.http.response.body", "body": b"late"}))
    expect.sent(peer, [START, BODY_END], f"messages sent to the peer by {what}")


# -- DENY-2 ---------------------------------------------------------------------------------------

RESPONSE_401: list[Message] = [
    {"type": "websocket.http.response.start", "status": 401, "headers": [(b"www-authenticate", b"Bearer")]},
    {"type": "websocket.http.response.body", "body": b"log in first"},
]
CALLED_WITH: list[Scope] = []


async def function_app(scope: Scope, receive: Receive, send: Send) -> None:
    CALLED_WITH.append(scope)
    for message in RESPONSE_401:
        await send(copy.deepcopy(message))


async def app_with_status(status: int, scope: Scope, receive: Receive, send: Send) -> None:
    CALLED_WITH.append(scope)
    await send({**copy.deepcopy(RESPONSE_401[0]), "status": status})
    await send(copy.deepcopy(RESPONSE_401[1]))


class Responder:
    """An object whose bound method is the ASGI application."""

    async def respond(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the 401 response."""
        await function_app(scope, receive, send)


APPS: dict[str, Callable[[], ASGIApp]] = {
    "async-function": lambda: function_app,
    "callable-object": lambda: App(*RESPONSE_401),
    "bound-method": lambda: Responder().respond,
    "functools.partial": lambda: functools.partial(app_with_status, 401),
}


@pytest.mark.clause("DENY-2")
@pytest.mark.parametrize("make_app", APPS.values(), ids=APPS.keys())
async def test_any_asgi_application_can_deny(binding: Binding, make_app: Callable[[], ASGIApp]) -> None:
    scope = scope_with_denial()
    peer, ws = binding.connect(CONNECT, scope=scope)
    app = make_app()
    CALLED_WITH.clear()
    await ws.send_denial_response(app)
    expect.sent(peer, RESPONSE_401, f"messages sent to the peer by send_denial_response({app!r})")
    expect.equal(ws.application_state.name, "DISCONNECTED", f"application_state after send_denial_response({app!r})")
    scopes = app.scopes if isinstance(app, App) else CALLED_WITH
    expect.true(len(scopes) == 1 and scopes[0] is scope, "app to be called once, with the connection's scope", scopes)


# -- DENY-3 ---------------------------------------------------------------------------------------


@pytest.mark.clause("DENY-3")
@pytest.mark.parametrize(
    ("extra", "receive_first"),
    [
        ({}, False),
        ({"extensions": {}}, False),
        ({"extensions": {"http.response.trailers": {}, "websocket.http.response.trailers": {}}}, False),
        ({}, True),
    ],
    ids=["no-extensions-key", "empty-extensions", "other-extensions", "no-extensions-key-after-receive"],
)
async def test_denial_without_the_extension_raises(
    binding: Binding, extra: dict[str, Any], receive_first: bool
) -> None:
    peer, ws = binding.connect(CONNECT, scope=make_scope(**extra))
    if receive_first:
        await ws.receive()
    app = App(START, BODY_END)
    what = f"send_denial_response(app) when the scope's extensions are {extra.get('extensions', 'missing')}"
    with expect.raises(RuntimeError, what=what):
        await ws.send_denial_response(app)
    expect.equal(len(app.scopes), 0, f"calls of app by {what}")
    expect.sent(peer, [], f"messages sent to the peer by {what}")


# -- DENY-4 ---------------------------------------------------------------------------------------

# Every route to an accepted connection.
ACCEPTED_ROUTES: list[Route] = [ACCEPTED, RAW_ACCEPTED, EXCHANGED, CLIENT_LEFT]


@pytest.mark.clause("DENY-4")
@pytest.mark.parametrize(
    ("route", "messages"),
    [
        pytest.param(route, messages, id=f"{route.name}-{'-'.join(label)}")
        for route, (label, messages) in zip(
            ACCEPTED_ROUTES,
            [
                (["start", "body"], [START, BODY_END]),
                (["start"], [START]),
                (["start", "chunk", "body"], [START, BODY_CHUNK, BODY_END]),
                (["start", "body"], [START, BODY_END]),
            ],
            strict=True,
        )
    ],
)
async def test_denial_after_accept_cannot_start(binding: Binding, route: Route, messages: list[Message]) -> None:
    peer, ws = await reach(binding, route, check=False)
    before = list(peer.sent)
    what = f"send_denial_response(app) after {route.name}, app beginning with websocket.http.response.start"
    with expect.raises(RuntimeError, what=what):
        await ws.send_denial_response(App(*messages))
    expect.sent(peer, before, f"messages sent to the peer (only the handshake's) by {what}")


# -- DENY-5 ---------------------------------------------------------------------------------------

HANDSHAKE_OVER: dict[str, Route] = {
    "accept": ACCEPTED,
    "raw-accept": RAW_ACCEPTED,
    "close": CLOSED_FIRST,
    "accept-close": ACCEPTED_THEN_CLOSED,
    "start": STARTED,
    "denied": DENIED,
}
WOULD_SEND: dict[str, list[Message]] = {
    "close": [{"type": "websocket.close", "code": 1008, "reason": ""}],
    "text": [{"type": "websocket.send", "text": "x"}],
    "nothing": [],
    "denial": [START, BODY_END],
    "body": [BODY_END],
}


@pytest.mark.clause("DENY-5")
@pytest.mark.parametrize(
    ("state", "app"),
    [
        # Starlette 1.10 lets the first through: the app closes an accepted connection.
        ("accept", "close"),
        ("accept", "text"),
        ("accept", "nothing"),
        ("accept", "denial"),
        ("raw-accept", "close"),
        ("close", "nothing"),
        ("close", "denial"),
        ("accept-close", "close"),
        ("start", "body"),
        ("denied", "denial"),
    ],
    ids=lambda value: str(value),
)
async def test_denial_after_the_handshake_never_calls_app(binding: Binding, state: str, app: str) -> None:
    route = HANDSHAKE_OVER[state]
    peer, ws = await reach(binding, route, check=False)
    before = list(peer.sent)
    denial = App(*WOULD_SEND[app])
    what = f"send_denial_response(app) after {route.name}, app sending {[m['type'] for m in WOULD_SEND[app]]}"
    with expect.raises(RuntimeError, what=what):
        await ws.send_denial_response(denial)
    expect.equal(len(denial.scopes), 0, f"calls of app by {what}")
    expect.sent(peer, before, f"messages sent to the peer by {what}")


# -- DENY-6 ---------------------------------------------------------------------------------------


@pytest.mark.clause("DENY-6")
async def test_denial_with_extensions_none_raises_runtime_error(binding: Binding) -> None:
    peer, ws = binding.connect(CONNECT, scope=make_scope(extensions=None))
    app = App(START, BODY_END)
    what = "send_denial_response(app) when scope['extensions'] is None"
    with expect.raises(RuntimeError, what=what):
        await ws.send_denial_response(app)
    expect.equal(len(app.scopes), 0, f"calls of app by {what}")
    expect.sent(peer, [], f"messages sent to the peer by {what}")
