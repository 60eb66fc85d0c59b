"""Reference-only receiving behaviour that SPEC.md leaves open.

The SEND and RECV clauses are checked, for any binding, by ``conformance/suite/test_send.py``
and ``conformance/suite/test_recv.py``.
"""

from __future__ import annotations

import pytest

from conformance.peer import CONNECT, Peer, binary, disconnect, make_scope, text
from wsproto_api.asgi import Message
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


class Recording(WebSocket):
    """A subclass that watches every message through the send() and receive() hooks."""

    __slots__ = ("seen",)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.seen: list[str] = []

    async def send(self, message: Message) -> None:
        self.seen.append(f"sent {message['type']}")
        await super().send(message)

    async def receive(self) -> Message:
        message = await super().receive()
        self.seen.append(f"received {message['type']}")
        return message


async def test_a_subclass_hooking_send_and_receive_sees_every_data_message() -> None:
    # The data methods skip send() and receive() for speed; a subclass that overrides those
    # must still see the messages they carry.
    peer = Peer(CONNECT, text("a"), binary(b"b"), text("c"), disconnect())
    ws = Recording(make_scope(), peer.receive, peer.send)
    await ws.accept()
    assert await ws.receive_text() == "a"
    assert await ws.receive_bytes() == b"b"
    await ws.send_text("x")
    await ws.send_bytes(b"y")
    assert [t async for t in ws.iter_text()] == ["c"]
    assert ws.seen == [
        "received websocket.connect",
        "sent websocket.accept",
        "received websocket.receive",
        "received websocket.receive",
        "sent websocket.send",
        "sent websocket.send",
        "received websocket.receive",
        "received websocket.disconnect",
    ]
    with pytest.raises(TypeError, match="str"):
        await ws.send_text(b"x")  # type: ignore[arg-type]
