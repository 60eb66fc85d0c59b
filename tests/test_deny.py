"""DENY: the denial response."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.responses import Response

from conformance.peer import CONNECT, Peer, make_scope
from wsproto_api.asgi import Message, Receive, Scope, Send
from wsproto_api.reference import WebSocket, WebSocketDisconnected

pytestmark = pytest.mark.anyio

EXTENSIONS = {"websocket.http.response": {}}


class DenyApp:
    """A plain ASGI app that sends a denial response in three messages and records what it saw."""

    def __init__(self, ws: WebSocket | None = None) -> None:
        self.ws = ws
        self.calls: list[Scope] = []
        self.sent: list[Message] = []
        self.states: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls.append(scope)
        for message in (
            {"type": "websocket.http.response.start", "status": 403, "headers": [(b"content-type", b"text/plain")]},
            {"type": "websocket.http.response.body", "body": b"go ", "more_body": True},
            {"type": "websocket.http.response.body", "body": b"away"},
        ):
            self.sent.append(message)
            await send(message)
            if self.ws is not None:
                self.states.append(self.ws.application_state.name)


def connection(**extra: Any) -> tuple[Peer, WebSocket]:
    peer = Peer(CONNECT)
    return peer, WebSocket(make_scope(**extra), peer.receive, peer.send)


@pytest.mark.clause("DENY-1", "DENY-2")
async def test_denial_response_reaches_peer() -> None:
    peer, ws = connection(extensions=EXTENSIONS)
    app = DenyApp(ws)
    await ws.send_denial_response(app)
    assert peer.sent == [
        {"type": "websocket.http.response.start", "status": 403, "headers": [(b"content-type", b"text/plain")]},
        {"type": "websocket.http.response.body", "body": b"go ", "more_body": True},
        {"type": "websocket.http.response.body", "body": b"away"},
    ]
    assert all(got is given for got, given in zip(peer.sent, app.sent, strict=True))
    assert len(app.calls) == 1
    assert app.calls[0] is ws.scope
    assert app.states == ["RESPONSE", "RESPONSE", "DISCONNECTED"]
    assert ws.application_state.name == "DISCONNECTED"


@pytest.mark.clause("DENY-1", "DENY-2")
async def test_denial_response_with_plain_function() -> None:
    peer, ws = connection(extensions=EXTENSIONS)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.http.response.start", "status": 404, "headers": []})
        await send({"type": "websocket.http.response.body", "body": b"a", "more_body": True})
        await send({"type": "websocket.http.response.body", "body": b"b", "more_body": False})

    await ws.send_denial_response(app)
    assert peer.sent == [
        {"type": "websocket.http.response.start", "status": 404, "headers": []},
        {"type": "websocket.http.response.body", "body": b"a", "more_body": True},
        {"type": "websocket.http.response.body", "body": b"b", "more_body": False},
    ]
    assert ws.application_state.name == "DISCONNECTED"


@pytest.mark.clause("DENY-1", "STATE-5", "STATE-6")
@pytest.mark.parametrize(
    "extra",
    [
        {"type": "websocket.send", "text": "x"},
        {"type": "websocket.accept", "subprotocol": None, "headers": []},
        {"type": "websocket.http.response.start", "status": 500, "headers": []},
    ],
    ids=lambda message: message["type"],
)
async def test_denial_app_send_goes_through_state_machine(extra: Message) -> None:
    peer, ws = connection(extensions=EXTENSIONS)
    start: Message = {"type": "websocket.http.response.start", "status": 403, "headers": []}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send(start)
        await send(extra)

    with pytest.raises(RuntimeError) as excinfo:
        await ws.send_denial_response(app)
    assert extra["type"] in str(excinfo.value)
    assert peer.sent == [{"type": "websocket.http.response.start", "status": 403, "headers": []}]
    assert ws.application_state.name == "RESPONSE"


@pytest.mark.clause("DENY-1", "STATE-6")
async def test_denial_app_cannot_send_after_final_body() -> None:
    peer, ws = connection(extensions=EXTENSIONS)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.http.response.start", "status": 403, "headers": []})
        await send({"type": "websocket.http.response.body", "body": b""})
        await send({"type": "websocket.http.response.body", "body": b"late"})

    with pytest.raises(WebSocketDisconnected):
        await ws.send_denial_response(app)
    assert peer.sent == [
        {"type": "websocket.http.response.start", "status": 403, "headers": []},
        {"type": "websocket.http.response.body", "body": b""},
    ]


@pytest.mark.clause("DENY-1", "DENY-2")
async def test_denial_response_with_starlette_response() -> None:
    peer, ws = connection(extensions=EXTENSIONS)
    await ws.send_denial_response(Response("no", status_code=401))
    assert peer.sent == [
        {"type": "websocket.http.response.start", "status": 401, "headers": [(b"content-length", b"2")]},
        {"type": "websocket.http.response.body", "body": b"no"},
    ]
    assert ws.application_state.name == "DISCONNECTED"


@pytest.mark.clause("DENY-3")
@pytest.mark.parametrize(
    "extra",
    [{}, {"extensions": {}}, {"extensions": {"websocket.http.response.trailers": {}}}],
    ids=["no-key", "empty", "other-extension"],
)
async def test_denial_without_extension(extra: dict[str, Any]) -> None:
    peer, ws = connection(**extra)
    app = DenyApp()
    with pytest.raises(RuntimeError):
        await ws.send_denial_response(app)
    assert app.calls == []
    assert peer.sent == []


@pytest.mark.clause("DENY-4")
@pytest.mark.parametrize("app", [DenyApp(), Response("no", status_code=401)], ids=["asgi-app", "starlette"])
async def test_denial_after_accept(app: Any) -> None:
    peer, ws = connection(extensions=EXTENSIONS)
    await ws.accept()
    with pytest.raises(RuntimeError):
        await ws.send_denial_response(app)
    assert peer.sent == [{"type": "websocket.accept", "subprotocol": None, "headers": []}]


@pytest.mark.clause("DENY-6")
async def test_denial_with_extensions_none_is_refused_as_unsupported() -> None:
    peer, ws = connection(extensions=None)
    app = DenyApp()
    with pytest.raises(RuntimeError) as excinfo:
        await ws.send_denial_response(app)
    assert type(excinfo.value) is not TypeError
    assert app.calls == []
    assert peer.sent == []


class CloseApp:
    """An ASGI app that closes the connection instead of sending an HTTP response."""

    def __init__(self) -> None:
        self.called = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.called = True
        await send({"type": "websocket.close", "code": 1008, "reason": ""})


@pytest.mark.clause("DENY-5")
@pytest.mark.parametrize("end_handshake", ["accept", "close"])
async def test_denial_after_handshake_never_calls_app(end_handshake: str) -> None:
    peer, ws = connection(extensions=EXTENSIONS)
    await (ws.accept() if end_handshake == "accept" else ws.close())
    sent_before = list(peer.sent)
    app = CloseApp()
    with pytest.raises(RuntimeError):
        await ws.send_denial_response(app)
    assert app.called is False
    assert peer.sent == sent_before


@pytest.mark.clause("DENY-1")
async def test_denial_app_receive_goes_through_state_machine() -> None:
    peer, ws = connection(extensions=EXTENSIONS)
    received: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        received.append(await receive())
        await send({"type": "websocket.http.response.start", "status": 401, "headers": []})
        await send({"type": "websocket.http.response.body", "body": b""})

    await ws.send_denial_response(app)
    assert received == [{"type": "websocket.connect"}]
    assert peer.sent == [
        {"type": "websocket.http.response.start", "status": 401, "headers": []},
        {"type": "websocket.http.response.body", "body": b""},
    ]
    assert ws.client_state.name == "CONNECTED"
    assert ws.application_state.name == "DISCONNECTED"
