"""DENY: the denial response, an HTTP answer to the handshake sent by an ASGI application.

A test that calls ``send_denial_response`` on a new connection scripts ``websocket.connect``
into the peer: a binding may receive it itself before running the app, or leave it for the
app, and the tests judge neither.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from contextlib import suppress
from http import HTTPStatus
from typing import Any

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import CONNECT, Peer, ScriptExhausted, disconnect, make_scope, text
from conformance.suite import support
from conformance.suite.support import (
    ACCEPTED,
    ACCEPTED_THEN_CLOSED,
    BODY_CHUNK,
    BODY_END,
    BOTH_CLOSED,
    CLIENT_LEFT,
    CLOSED_FIRST,
    DENIED,
    EXCHANGED,
    NEW,
    RECEIVED_CONNECT,
    RECEIVED_THEN_CLOSED,
    START,
    Route,
    reach,
    scope_with_denial,
)
from wsproto_api.asgi import ASGIApp, Message, Receive, Scope, Send

pytestmark = pytest.mark.anyio


LAST_FALSE: Message = {"type": "websocket.http.response.body", "body": b"", "more_body": False}
LATE_BODY: Message = {"type": "websocket.http.response.body", "body": b"late"}
"""A body after the last one, which the table refuses (DENY-9)."""

BARE_START: Message = {"type": "websocket.http.response.start", "status": 403}
"""A start without ``headers``, which ASGI makes optional (an empty list when missing)."""

EMPTY_CHUNK: Message = {"type": "websocket.http.response.body", "body": b"", "more_body": True}
"""A body message with nothing in it yet more to come: still a message the app sent."""

REDIRECT: Message = {
    "type": "websocket.http.response.start",
    "status": HTTPStatus.TEMPORARY_REDIRECT,
    "headers": [[b"location", b"/login"]],
}
"""A start whose status is no error: ASGI's denial response may have any HTTP status.

The status is an ``HTTPStatus``, an ``int`` as ASGI asks, which an app may well send; the header
pair is a list, which ASGI allows as it does a tuple (SPEC.md's conventions).
"""


class App:
    """An ASGI application that sends ``messages`` in order and records what it was given and saw."""

    def __init__(self, *messages: Message, receives: int = 0) -> None:
        self.messages = [copy.deepcopy(message) for message in messages]
        self.receives = receives
        self.scopes: list[Scope] = []
        self.received: list[Message] = []
        self.sent: list[Message] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Receive ``receives`` times, then send the messages."""
        self.scopes.append(scope)
        for _ in range(self.receives):
            self.received.append(await receive())
        for message in self.messages:
            self.sent.append(message)
            await send(message)


async def before_accept(binding: Binding, route: Route, *then: Message) -> tuple[Peer, wsproto_api.WebSocket]:
    """A connection along ``route`` (new, or with connect received), whose peer holds connect if still due."""
    due = (CONNECT,) if route.client == "CONNECTING" else ()
    return await reach(binding, route, *due, *then)


BEFORE_ACCEPT_ROUTES = [NEW, RECEIVED_CONNECT]
"""A new connection, and one that received connect through ``receive()`` (raw)."""


def rejected(error: Exception | None, what: str) -> None:
    """Fail unless the call raised (``error`` is not ``None``)."""
    if error is None:
        raise AssertionError(f"{what}: expected the call to raise, nothing was raised")


async def outcome_of(ws: wsproto_api.WebSocket, app: ASGIApp) -> Exception | None:
    """``send_denial_response(app)``, and the error it raised (``None``: none)."""
    try:
        await ws.send_denial_response(app)
    except Exception as error:
        return error
    return None


def named(ws: wsproto_api.WebSocket, name: str, refusal: support.Refusal) -> Any:
    """The connection's method ``name``, which the refusal's clause names.

    Judged for ERR-1, a connection without it leaves the test blocked by the clause, whose own
    test fails for it: the error's class is not what is missing.
    """
    if refusal.aspect != "rule" and getattr(ws, name, None) is None:
        pytest.skip(f"{BLOCKED}{refusal.clause}: the connection has no {name}")
    return getattr(ws, name)


# -- DENY-9 ---------------------------------------------------------------------------------------


@pytest.mark.clause("DENY-9")
@pytest.mark.parametrize(
    ("route", "messages"),
    [
        pytest.param(route, messages, id=f"{route.name}-{name}")
        for route in BEFORE_ACCEPT_ROUTES
        for name, messages in [
            ("start-chunk-body", [START, BODY_CHUNK, BODY_END]),
            ("start-body", [START, BODY_END]),
            ("start-without-headers-body-more_body-false", [BARE_START, LAST_FALSE]),
            ("start-chunk-chunk-body", [START, BODY_CHUNK, BODY_CHUNK, LAST_FALSE]),
            ("start-empty-chunk-body", [START, EMPTY_CHUNK, BODY_CHUNK, BODY_END]),
            ("redirect-body", [REDIRECT, BODY_END]),
        ]
    ],
)
async def test_denial_messages_reach_the_peer_as_the_very_objects(
    binding: Binding, route: Route, messages: list[Message]
) -> None:
    await support.objects_run(binding)
    peer, ws = await before_accept(binding, route)
    app = App(*messages)
    what = f"send_denial_response(app) after {route.name}"
    await ws.send_denial_response(app)
    expect.passed_on(peer, app.sent, f"messages sent to the peer by {what}")
    expect.equal(app.sent, messages, f"the messages app sent, after {what}")


@pytest.mark.clause("DENY-9")
async def test_denial_app_runs_once_with_the_connection_scope(binding: Binding) -> None:
    await support.objects_run(binding)
    scope = scope_with_denial()
    _, ws = support.connected(binding, CONNECT, scope=scope)
    app = App(START, BODY_END)
    await ws.send_denial_response(app)
    expect.equal(len(app.scopes), 1, "calls of app by send_denial_response(app)")
    expect.equal(app.scopes[0], scope, "the scope app was called with")


@pytest.mark.clause("DENY-9")
async def test_denial_app_receive_delivers_what_the_table_allows(binding: Binding) -> None:
    await support.objects_run(binding)
    # The binding may receive websocket.connect itself; then the app gets the client's next message.
    scripted = [copy.deepcopy(CONNECT), text("hi")]
    peer, ws = support.connected(binding, *scripted, scope=scope_with_denial())
    app = App(START, BODY_END, receives=1)
    await ws.send_denial_response(app)
    # Only what the app sends must reach the peer as the very objects; what it receives is compared by value.
    expect.true(
        len(app.received) == 1 and any(expect.same(app.received[0], message) for message in scripted),
        "app's receive to return one of the peer's messages",
        app.received,
    )
    expect.sent(peer, [START, BODY_END], "messages sent to the peer by send_denial_response(app)")


@pytest.mark.clause("DENY-9")
@pytest.mark.parametrize(
    "bad",
    [{"type": "websocket.bogus"}, {"type": "websocket.accept"}, {"type": "websocket.connect"}],
    ids=lambda message: message["type"],
)
async def test_denial_app_receive_refuses_what_the_table_does_not_list(binding: Binding, bad: Message) -> None:
    await support.objects_run(binding)
    # Whoever receives websocket.connect, the message after it is not listed for a connected client.
    peer, ws = support.connected(binding, CONNECT, copy.deepcopy(bad), scope=scope_with_denial())
    app = App(START, BODY_END, receives=2)
    what = f"send_denial_response(app) whose app receives {bad['type']} after websocket.connect"
    error = await outcome_of(ws, app)
    rejected(error, what)
    refused_type = f"app's receive not to return {bad['type']} after websocket.connect"
    expect.true(len(app.received) <= 1, refused_type, app.received)
    expect.sent(peer, [], f"messages sent to the peer by {what}")


async def receive_refused_once_left(binding: Binding) -> None:
    """Block the test by RECV-5 unless ``receive()`` after the client's disconnect, on a new connection, is refused.

    That a receive once ``websocket.disconnect`` was received is refused without awaiting the
    peer is RECV-5's rule; a denial app's receive goes through it as ``receive()`` does. Seen
    with ``receive()`` where the binding has it, else with ``receive_text()``.
    """
    has_receive = getattr(support.connected(binding)[1], "receive", None) is not None
    name = "receive" if has_receive else "receive_text"
    peer, ws = support.connected(binding, CONNECT, disconnect(1001))
    if has_receive:
        with support.arrange("RAW-2", "receive() of websocket.connect, then of websocket.disconnect"):
            await ws.receive()
            with suppress(binding.WebSocketDisconnect):  # a receive() may raise it, once it was received
                await ws.receive()
    else:
        await support.accept(peer, ws)
        await support.client_leaves(binding, ws)
    before = peer.receive_calls
    what = f"{name}() after websocket.disconnect, on a new connection"
    try:
        await getattr(ws, name)()
    except ScriptExhausted:
        pytest.skip(f"{BLOCKED}RECV-5: {what} awaited the peer's receive")
    except Exception:
        pass
    else:
        pytest.skip(f"{BLOCKED}RECV-5: {what} was not refused")
    support.step_gave(peer.receive_calls - before, 0, "RECV-5", f"{what}: the messages it received")


@pytest.mark.clause("DENY-9")
async def test_denial_app_receive_refuses_after_the_client_left(binding: Binding) -> None:
    await support.objects_run(binding)
    # Whoever receives websocket.connect, a receive after websocket.disconnect is refused (the
    # receiving table's last row), and without awaiting the peer's receive again.
    peer, ws = support.connected(binding, CONNECT, disconnect(1001), scope=scope_with_denial())
    app = App(START, BODY_END, receives=3)
    what = "send_denial_response(app) whose app receives again after websocket.disconnect"
    error = await outcome_of(ws, app)
    if isinstance(error, ScriptExhausted) or peer.receive_calls != 2 or len(app.received) > 2:
        await receive_refused_once_left(binding)
    rejected(error, what)
    expect.true(len(app.received) <= 2, "app's receive to return nothing after websocket.disconnect", app.received)
    expect.equal(peer.receive_calls, 2, f"calls to the peer's receive during {what}")
    expect.sent(peer, [], f"messages sent to the peer by {what}")


@pytest.mark.clause("DENY-9")
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
    await support.objects_run(binding)
    peer, ws = support.connected(binding, CONNECT, scope=scope_with_denial())
    what = f"send_denial_response(app) whose app sends {extra['type']} after websocket.http.response.start"
    rejected(await outcome_of(ws, App(START, extra)), what)
    expect.sent(peer, [START], f"messages sent to the peer by {what}")


@pytest.mark.clause("DENY-9")
@pytest.mark.parametrize(
    "first",
    [BODY_END, BODY_CHUNK, {"type": "websocket.send", "text": "x"}],
    ids=["body", "body-more_body", "websocket.send"],
)
async def test_denial_app_cannot_send_a_body_before_its_start(binding: Binding, first: Message) -> None:
    await support.objects_run(binding)
    # The sending table lists no body for a connection that has sent nothing: a response
    # begins with its start, whoever received websocket.connect.
    peer, ws = support.connected(binding, CONNECT, scope=scope_with_denial())
    what = f"send_denial_response(app) whose app sends {first!r} first"
    rejected(await outcome_of(ws, App(first, START, BODY_END)), what)
    expect.sent(peer, [], f"messages sent to the peer by {what}")


@pytest.mark.clause("DENY-9")
@pytest.mark.parametrize("last", [BODY_END, LAST_FALSE], ids=["without-more_body", "more_body-false"])
async def test_denial_app_cannot_send_after_the_last_body(binding: Binding, last: Message) -> None:
    await support.objects_run(binding)
    peer, ws = support.connected(binding, CONNECT, scope=scope_with_denial())
    what = f"send_denial_response(app) whose app sends a body after the last one, {last!r}"
    rejected(await outcome_of(ws, App(START, last, LATE_BODY)), what)
    expect.sent(peer, [START, last], f"messages sent to the peer by {what}")


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


async def positional_app(s: Scope, r: Receive, sender: Send, /) -> None:
    """An application whose parameters are positional only: ASGI calls an application with three arguments."""
    await function_app(s, r, sender)


class Responder:
    """An object whose bound method is the ASGI application."""

    async def respond(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the 401 response."""
        await function_app(scope, receive, send)


class SyncCallableReturningAwaitable:
    """A callable object whose ``__call__`` is not a coroutine function but returns an awaitable."""

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Any:
        """Return the coroutine of :func:`function_app`."""
        return function_app(scope, receive, send)


APPS: dict[str, Callable[[], ASGIApp]] = {
    "async-function": lambda: function_app,
    "callable-object": lambda: App(*RESPONSE_401),
    "bound-method": lambda: Responder().respond,
    "functools.partial": lambda: functools.partial(app_with_status, 401),
    "sync-callable-returning-coroutine": lambda: SyncCallableReturningAwaitable(),
    "positional-only-parameters": lambda: positional_app,
}


@pytest.mark.clause("DENY-2")
@pytest.mark.parametrize("make_app", APPS.values(), ids=APPS.keys())
async def test_any_asgi_application_can_deny(binding: Binding, make_app: Callable[[], ASGIApp]) -> None:
    peer, ws = support.connected(binding, CONNECT, scope=scope_with_denial())
    app = make_app()
    CALLED_WITH.clear()
    await ws.send_denial_response(app)
    expect.sent(peer, RESPONSE_401, f"messages sent to the peer by send_denial_response({app!r})")
    scopes = app.scopes if isinstance(app, App) else CALLED_WITH
    expect.equal(len(scopes), 1, f"calls of {app!r}")


# -- DENY-3, DENY-6, DENY-7: no denial extension ---------------------------------------------------

NO_EXTENSION: dict[str, dict[str, Any]] = {
    "no-extensions-key": {},
    "empty-extensions": {"extensions": {}},
    "other-extensions": {"extensions": {"http.response.trailers": {}, "websocket.http.response.trailers": {}}},
}


@pytest.mark.clause("DENY-3")
@pytest.mark.parametrize("extra", NO_EXTENSION.values(), ids=NO_EXTENSION.keys())
async def test_denial_without_the_extension_raises_runtime_error(binding: Binding, extra: dict[str, Any]) -> None:
    await support.objects_run(binding)
    peer, ws = support.built(binding, CONNECT, scope=make_scope(**extra))
    app = App(START, BODY_END)
    what = f"send_denial_response(app) when the scope's extensions are {extra.get('extensions', 'missing')}"
    with expect.raises(RuntimeError, what=what):
        await ws.send_denial_response(app)
    expect.equal(len(app.scopes), 0, f"calls of app by {what}")
    expect.sent(peer, [], f"messages sent to the peer by {what}")


@pytest.mark.clause("DENY-3")
async def test_denial_without_the_extension_after_receive_raises_runtime_error(binding: Binding) -> None:
    support.require(binding, "raw")
    await support.objects_run(binding)
    peer, ws = support.connected(binding, CONNECT, scope=make_scope())
    with support.arrange("RAW-2", "receive()"):
        await ws.receive()
    peer.forget()
    app = App(START, BODY_END)
    what = "send_denial_response(app) after receive(), when the scope has no extensions"
    with expect.raises(RuntimeError, what=what):
        await ws.send_denial_response(app)
    expect.equal(len(app.scopes), 0, f"calls of app by {what}")
    expect.sent(peer, [], f"messages sent to the peer by {what}")


@pytest.mark.clause("DENY-7")
@pytest.mark.parametrize("receive_first", [False, True], ids=["new", "after-receive"])
async def test_denial_with_extensions_none_raises_and_sends_nothing(binding: Binding, receive_first: bool) -> None:
    await support.objects_run(binding)
    peer, ws = support.built(binding, CONNECT, scope=make_scope(extensions=None))
    if receive_first:
        support.require(binding, "raw")
        with support.arrange("RAW-2", "receive()"):
            await ws.receive()
        peer.forget()
    app = App(START, BODY_END)
    what = "send_denial_response(app) when scope['extensions'] is None"
    rejected(await outcome_of(ws, app), what)
    expect.equal(len(app.scopes), 0, f"calls of app by {what}")
    expect.sent(peer, [], f"messages sent to the peer by {what}")


@pytest.mark.clause("DENY-6")
async def test_denial_with_extensions_none_raises_runtime_error(binding: Binding) -> None:
    await support.objects_run(binding)
    peer, ws = support.built(binding, CONNECT, scope=make_scope(extensions=None))
    app = App(START, BODY_END)
    what = "send_denial_response(app) when scope['extensions'] is None"
    with expect.raises(RuntimeError, what=what):
        await ws.send_denial_response(app)
    expect.equal(len(app.scopes), 0, f"calls of app by {what}")
    expect.sent(peer, [], f"messages sent to the peer by {what}")


# -- DENY-4 and DENY-5: after the handshake ------------------------------------------------------------

# Every route through accept().
ACCEPTED_ROUTES: list[Route] = [ACCEPTED, EXCHANGED, CLIENT_LEFT]


@pytest.mark.clause("DENY-4")
@pytest.mark.parametrize(
    ("route", "messages"),
    [
        pytest.param(route, messages, id=f"{route.name}-{name}")
        for route, (name, messages) in zip(
            [*ACCEPTED_ROUTES, ACCEPTED],
            [
                ("start-body", [START, BODY_END]),
                ("start", [START]),
                ("start-chunk-body", [START, BODY_CHUNK, BODY_END]),
                ("start-body-more_body-false", [START, LAST_FALSE]),
            ],
            strict=True,
        )
    ],
)
async def test_denial_after_accept_cannot_start(binding: Binding, route: Route, messages: list[Message]) -> None:
    await support.objects_run(binding)
    peer, ws = await reach(binding, route)
    what = f"send_denial_response(app) after {route.name}, app beginning with websocket.http.response.start"
    rejected(await outcome_of(ws, App(*messages)), what)
    expect.sent(peer, [], f"messages sent to the peer by {what}")


HANDSHAKE_OVER: dict[str, Route] = {
    "accept": ACCEPTED,
    "accept-exchange": EXCHANGED,
    "close": CLOSED_FIRST,
    "receive-close": RECEIVED_THEN_CLOSED,
    "accept-close": ACCEPTED_THEN_CLOSED,
    "client-left-close": BOTH_CLOSED,
}
WOULD_SEND: dict[str, list[Message]] = {
    "close": [{"type": "websocket.close", "code": 1008, "reason": ""}],
    "text": [{"type": "websocket.send", "text": "x"}],
    "nothing": [],
    "denial": [START, BODY_END],
    "body": [BODY_END],
}


@support.refusal("DENY-5", words=False)
@pytest.mark.parametrize(
    ("state", "app"),
    [
        # Starlette 1.10 lets the first through: the app closes an accepted connection.
        ("accept", "close"),
        ("accept", "text"),
        ("accept", "nothing"),
        ("accept", "denial"),
        ("accept-exchange", "body"),
        ("close", "nothing"),
        ("close", "denial"),
        ("receive-close", "close"),
        ("accept-close", "close"),
        ("client-left-close", "denial"),
    ],
    ids=lambda value: str(value),
)
async def test_denial_after_accept_or_close_refuses_without_calling_app(
    binding: Binding, refusal: support.Refusal, state: str, app: str
) -> None:
    await support.objects_run(binding)
    route = HANDSHAKE_OVER[state]
    peer, ws = await reach(binding, route)
    denial = App(*WOULD_SEND[app])
    what = f"send_denial_response(app) after {route.name}, app sending {[m['type'] for m in WOULD_SEND[app]]}"
    send_denial_response = named(ws, "send_denial_response", refusal)
    with refusal.raises(RuntimeError, what=what):
        await send_denial_response(denial)
    expect.equal(len(denial.scopes), 0, f"calls of app by {what}")
    expect.sent(peer, [], f"messages sent to the peer by {what}")
    if route.application == "CONNECTED" and getattr(ws, "send_text", None) is not None:
        # The connection is as it was: an accepted one still sends (where send_text() is there to show it).
        await support.still_sends(ws, peer, lambda: reach(binding, route), what)


# -- DENY-8 ---------------------------------------------------------------------------------------


async def ends_on_a_false_more_body(binding: Binding) -> bool:
    """Whether a denial response's body saying ``more_body`` False is its last, as DENY-9's table has it.

    Seen on a connection of its own: a body sent after it must be refused.
    """
    _, ws = support.connected(binding, CONNECT, scope=scope_with_denial())
    return await outcome_of(ws, App(START, LAST_FALSE, LATE_BODY)) is not None


AFTER_DENIAL: dict[str, tuple[str, tuple[Any, ...]]] = {
    "accept()": ("accept", ()),
    "send_text()": ("send_text", ("hi",)),
    "close()": ("close", ()),
}
"""Each call DENY-8 names: the method and its arguments."""


@support.refusal("DENY-8", words=False)
@pytest.mark.parametrize("call", AFTER_DENIAL.keys())
@pytest.mark.parametrize("receive_first", [False, True], ids=["new", "after-receive"])
async def test_calls_after_a_whole_denial_response_refuse(
    binding: Binding, refusal: support.Refusal, call: str, receive_first: bool
) -> None:
    if receive_first:
        # A whole denial response sent by send_denial_response(), after receive().
        peer, ws = await reach(binding, DENIED)
    else:
        await support.objects_run(binding)
        peer, ws = support.connected(binding, CONNECT, scope=scope_with_denial())
        with support.arrange("DENY-9", "send_denial_response()"):
            # Its last body says more_body False, where the DENIED route's leaves more_body out.
            await ws.send_denial_response(App(START, BODY_CHUNK, LAST_FALSE))
        peer.forget()
        if refusal.aspect != "rule" and not await ends_on_a_false_more_body(binding):
            # The binding holds the response open, so what it refuses next says nothing of DENY-8's error.
            pytest.skip(f"{BLOCKED}DENY-9: a body saying more_body False does not end the denial response")
    what = f"{call} after a whole denial response{' (connect received first)' if receive_first else ''}"
    name, args = AFTER_DENIAL[call]
    method = named(ws, name, refusal)
    with refusal.raises(binding.disconnected_error, what=what):
        try:
            await method(*args)
        except ScriptExhausted:
            if name == "accept" and receive_first:
                await accepts_without_receiving(binding)
            raise
    expect.sent(peer, [], f"messages sent to the peer by {what}")


async def accepts_without_receiving(binding: Binding) -> None:
    """Block the test by ACCEPT-2 unless ``accept()`` after ``receive()``, on a new connection, receives nothing.

    An ``accept()`` that awaits ``receive`` once ``websocket.connect`` was received through
    ``receive()`` breaks ACCEPT-2's rule; one that does so after a denial response too has
    awaited past the peer's script for that, not for what DENY-8 says of the response.
    """
    peer, ws = await reach(binding, RECEIVED_CONNECT)
    with support.sending(peer, "ACCEPT-2", "accept() after receive()", "websocket.accept"):
        await ws.accept()
    support.step_gave(peer.receive_calls, 0, "ACCEPT-2", "accept() after receive(): the messages it received")
