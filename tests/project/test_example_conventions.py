"""The seed's first example, run on the reference."""

from __future__ import annotations

import pytest

from conformance.peer import CONNECT, Peer, make_scope
from wsproto_api.reference import WebSocket

pytestmark = pytest.mark.anyio


@pytest.mark.clause("CONN-1", "ACCEPT-1", "SEND-1", "CLOSE-1")
async def test_seed_hello_world_app() -> None:
    peer = Peer(CONNECT)
    websocket = WebSocket(scope=make_scope(), receive=peer.receive, send=peer.send)
    await websocket.accept()
    await websocket.send_text("Hello, world!")
    await websocket.close()
    assert peer.sent == [
        {"type": "websocket.accept", "subprotocol": None, "headers": []},
        {"type": "websocket.send", "text": "Hello, world!"},
        {"type": "websocket.close", "code": 1000, "reason": ""},
    ]
