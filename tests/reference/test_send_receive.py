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
    # RECV-4 covers receiving before accept(); after close() no clause gives the wording. The
    # message keeps Starlette's "call accept first", which an application may match, so the
    # hint after it must say why accept() is no way out.
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
    # Every typed method goes through send() and receive(), so a subclass that overrides
    # those sees every message they carry, whichever method carried it.
    peer = Peer(CONNECT, text("a"), binary(b"b"), text('{"j": 1}'), text("c"), binary(b"d"), text("[2]"), disconnect())
    ws = Recording(make_scope(), peer.receive, peer.send)
    await ws.accept()
    assert await ws.receive_text() == "a"
    assert await ws.receive_bytes() == b"b"
    assert await ws.receive_json() == {"j": 1}
    await ws.send_text("x")
    await ws.send_bytes(b"y")
    await ws.send_json([1])
    assert await anext(ws.iter_text()) == "c"
    assert await anext(ws.iter_bytes()) == b"d"
    assert [v async for v in ws.iter_json()] == [[2]]
    await ws.close()
    assert ws.seen == [
        "received websocket.connect",
        "sent websocket.accept",
        *["received websocket.receive"] * 3,
        *["sent websocket.send"] * 3,
        *["received websocket.receive"] * 3,
        "received websocket.disconnect",
        "sent websocket.close",
    ]
    with pytest.raises(TypeError, match="str"):
        await ws.send_text(b"x")  # type: ignore[arg-type]


async def test_a_refusal_from_the_tables_carries_no_lookup_error_along() -> None:
    # The funnels find a refusing state by a failed table lookup; the error they raise must
    # not show that lookup's KeyError as the exception it happened during.
    peer = Peer(CONNECT, disconnect())
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    await ws.accept()
    await ws.receive()
    await ws.close()
    with pytest.raises(WebSocketDisconnected) as received:
        await ws.receive()
    with pytest.raises(WebSocketDisconnected) as sent:
        await ws.send({"type": "websocket.send", "text": "x"})
    with pytest.raises(RuntimeError, match=r"websocket\.connect") as unlisted:
        await WebSocket(make_scope(), peer.receive, peer.send).send({"type": "websocket.connect"})
    assert [error.value.__context__ for error in (received, sent, unlisted)] == [None, None, None]
