"""CLOSE: closing the connection."""

from __future__ import annotations

from typing import Any

import pytest

from tests.connections import accepted
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, make_scope
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocket, WebSocketClose, WebSocketDisconnected

pytestmark = pytest.mark.anyio


@pytest.mark.clause("CLOSE-1", "STATE-4")
async def test_close_default() -> None:
    peer, ws = await accepted()
    await ws.close()
    assert peer.sent == [DEFAULT_ACCEPT, {"type": "websocket.close", "code": 1000, "reason": ""}]
    assert ws.application_state.name == "DISCONNECTED"


CODE_REASON = [
    ((1001, "going away"), {}, 1001, "going away"),
    ((4000,), {}, 4000, ""),
    ((1011, None), {}, 1011, ""),
    ((), {"code": 3000, "reason": "é ☃"}, 3000, "é ☃"),
    ((), {"reason": "bye"}, 1000, "bye"),
    ((), {"code": 1008, "reason": None}, 1008, ""),
    ((1000, ""), {}, 1000, ""),
]


@pytest.mark.clause("CLOSE-2")
@pytest.mark.parametrize(("args", "kwargs", "code", "reason"), CODE_REASON)
async def test_close_with_code_and_reason(
    args: tuple[Any, ...], kwargs: dict[str, Any], code: int, reason: str
) -> None:
    peer, ws = await accepted()
    await ws.close(*args, **kwargs)
    assert peer.sent == [DEFAULT_ACCEPT, {"type": "websocket.close", "code": code, "reason": reason}]


@pytest.mark.clause("CLOSE-3")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), {"type": "websocket.close", "code": 1000, "reason": ""}),
        ((1008, "no"), {"type": "websocket.close", "code": 1008, "reason": "no"}),
    ],
)
async def test_close_before_accept(args: tuple[int, str], expected: Message) -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    await ws.close(*args)
    assert peer.sent == [expected]
    assert peer.receive_calls == 0
    assert ws.application_state.name == "DISCONNECTED"


@pytest.mark.clause("CLOSE-4")
@pytest.mark.parametrize("accept_first", [True, False], ids=["accepted", "not-accepted"])
async def test_second_close_raises_disconnected(accept_first: bool) -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    if accept_first:
        await ws.accept()
    await ws.close()
    sent = list(peer.sent)
    with pytest.raises(WebSocketDisconnected):
        await ws.close()
    with pytest.raises(WebSocketDisconnected):
        await ws.close(1001, "again")
    assert peer.sent == sent


@pytest.mark.clause("CLOSE-5")
@pytest.mark.parametrize(
    ("app", "expected"),
    [
        (WebSocketClose(), {"type": "websocket.close", "code": 1000, "reason": ""}),
        (WebSocketClose(1001), {"type": "websocket.close", "code": 1001, "reason": ""}),
        (WebSocketClose(1008, "policy"), {"type": "websocket.close", "code": 1008, "reason": "policy"}),
        (WebSocketClose(code=4000, reason=None), {"type": "websocket.close", "code": 4000, "reason": ""}),
        (WebSocketClose(reason="bye"), {"type": "websocket.close", "code": 1000, "reason": "bye"}),
        (WebSocketClose(1000, ""), {"type": "websocket.close", "code": 1000, "reason": ""}),
    ],
)
async def test_websocket_close_app(app: WebSocketClose, expected: Message) -> None:
    peer = Peer(CONNECT)
    await app(make_scope(), peer.receive, peer.send)
    assert peer.sent == [expected]
