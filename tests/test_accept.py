"""ACCEPT: accepting the connection."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pytest

from conformance.peer import CONNECT, Peer, binary, disconnect, make_scope, text
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocket

pytestmark = pytest.mark.anyio

PAIRS = [(b"x-first", b"1"), (b"set-cookie", b"a=b"), (b"x-first", b"2")]


def connect(peer: Peer) -> WebSocket:
    return WebSocket(make_scope(), peer.receive, peer.send)


def pairs_generator() -> Iterator[tuple[bytes, bytes]]:
    yield from [(b"x-first", b"1"), (b"set-cookie", b"a=b"), (b"x-first", b"2")]


@pytest.mark.clause("ACCEPT-1", "ACCEPT-4")
async def test_accept_receives_connect_then_sends_accept() -> None:
    peer = Peer(CONNECT)
    ws = connect(peer)
    await ws.accept()
    assert peer.receive_calls == 1
    assert peer.sent == [{"type": "websocket.accept", "subprotocol": None, "headers": []}]
    assert ws.client_state.name == "CONNECTED"
    assert ws.application_state.name == "CONNECTED"


@pytest.mark.clause("ACCEPT-1")
async def test_accept_awaits_receive_before_sending() -> None:
    peer = Peer(CONNECT)
    order: list[str] = []

    async def receive() -> Message:
        order.append("receive")
        return await peer.receive()

    async def send(message: Message) -> None:
        order.append("send")
        await peer.send(message)

    await WebSocket(make_scope(), receive, send).accept()
    assert order == ["receive", "send"]


@pytest.mark.clause("ACCEPT-2", "ACCEPT-4")
async def test_accept_after_connect_received_does_not_receive_again() -> None:
    peer = Peer(CONNECT)
    ws = connect(peer)
    assert await ws.receive() == {"type": "websocket.connect"}
    await ws.accept()
    assert peer.receive_calls == 1
    assert peer.sent == [{"type": "websocket.accept", "subprotocol": None, "headers": []}]
    assert ws.client_state.name == "CONNECTED"
    assert ws.application_state.name == "CONNECTED"


@pytest.mark.clause("ACCEPT-3")
@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda: list(PAIRS), id="list"),
        pytest.param(lambda: tuple(PAIRS), id="tuple"),
        pytest.param(pairs_generator, id="generator"),
        pytest.param(lambda: iter(PAIRS), id="iterator"),
    ],
)
async def test_accept_sends_subprotocol_and_headers(headers: Callable[[], Iterable[tuple[bytes, bytes]]]) -> None:
    given = headers()
    peer = Peer(CONNECT)
    await connect(peer).accept(subprotocol="chat.v2", headers=given)
    assert len(peer.sent) == 1
    sent = peer.sent[0]
    assert set(sent) == {"type", "subprotocol", "headers"}
    assert sent["type"] == "websocket.accept"
    assert sent["subprotocol"] == "chat.v2"
    assert list(sent["headers"]) == [(b"x-first", b"1"), (b"set-cookie", b"a=b"), (b"x-first", b"2")]


@pytest.mark.clause("ACCEPT-3")
@pytest.mark.parametrize("subprotocol", ["", "graphql-ws", "Chat.V1"])
async def test_accept_sends_subprotocol_unchanged(subprotocol: str) -> None:
    peer = Peer(CONNECT)
    await connect(peer).accept(subprotocol)
    assert peer.sent == [{"type": "websocket.accept", "subprotocol": subprotocol, "headers": []}]


@pytest.mark.clause("ACCEPT-5")
@pytest.mark.parametrize(
    "first",
    [
        text("hello"),
        binary(b"hello"),
        disconnect(1001),
        {"type": "websocket.accept"},
        {"type": "websocket.bogus"},
    ],
    ids=lambda m: str(m["type"]),
)
async def test_accept_refuses_first_message_that_is_not_connect(first: Message) -> None:
    peer = Peer(first)
    ws = connect(peer)
    with pytest.raises(RuntimeError) as excinfo:
        await ws.accept()
    assert first["type"] in str(excinfo.value)
    assert peer.sent == []


@pytest.mark.clause("ACCEPT-6")
@pytest.mark.parametrize(
    ("subprotocol", "headers"), [(None, None), ("chat", [(b"x-a", b"1")])], ids=["default", "with-args"]
)
async def test_second_accept_raises_and_sends_nothing(
    subprotocol: str | None, headers: list[tuple[bytes, bytes]] | None
) -> None:
    peer = Peer(CONNECT)
    ws = connect(peer)
    await ws.accept()
    with pytest.raises(RuntimeError):
        await ws.accept(subprotocol, headers)
    assert peer.sent == [{"type": "websocket.accept", "subprotocol": None, "headers": []}]
