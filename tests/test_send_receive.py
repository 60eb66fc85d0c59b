"""Reference-only receiving behaviour that SPEC.md leaves open.

The SEND and RECV clauses are checked, for any binding, by ``conformance/suite/test_send.py``
and ``conformance/suite/test_recv.py``.
"""

from __future__ import annotations

import pytest

from conformance.peer import CONNECT, Peer, make_scope
from wsproto_api.reference import WebSocket, WebSocketDisconnected

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("method", ["receive_text", "receive_bytes", "receive_json"])
async def test_receive_of_a_connect_message_names_its_type(method: str) -> None:
    # A raw accept skips receiving websocket.connect, so the next data read meets it; no
    # clause says what then happens (Starlette 1.10 raises KeyError), the reference names it.
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    await ws.send({"type": "websocket.accept"})
    with pytest.raises(RuntimeError, match=r"got 'websocket\.connect'"):
        await getattr(ws, method)()


@pytest.mark.parametrize("method", ["receive_text", "receive_bytes", "receive_json"])
async def test_receive_after_the_application_closed_says_so(method: str) -> None:
    # RECV-4 covers receiving before accept(); after close() no clause gives the wording, and
    # "call accept first" would send the reader the wrong way.
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    await ws.accept()
    await ws.close()
    with pytest.raises(WebSocketDisconnected, match="application_state is DISCONNECTED"):
        await getattr(ws, method)()
    assert peer.receive_calls == 1
