"""ACCEPT: accepting the connection."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pytest

from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, binary, disconnect, make_scope, text
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio

Pairs = list[tuple[bytes, bytes]]

# A repeated name and a name other than the first in between: the order must survive as given.
PAIRS: Pairs = [(b"x-first", b"1"), (b"set-cookie", b"a=b"), (b"x-first", b"2")]


def accept_message(subprotocol: str | None, headers: Pairs) -> Message:
    return {"type": "websocket.accept", "subprotocol": subprotocol, "headers": headers}


def pairs_generator() -> Iterator[tuple[bytes, bytes]]:
    yield (b"x-first", b"1")
    yield (b"set-cookie", b"a=b")
    yield (b"x-first", b"2")


def with_listed_headers(message: Message) -> Message:
    """``message`` with its ``headers`` read into a list.

    ACCEPT-3 lets ``headers`` be any iterable and asks only for its pairs in order, so a
    binding may pass the caller's own iterable on; everything else is compared as sent.
    """
    listed = dict(message)
    if "headers" in listed:
        listed["headers"] = list(listed["headers"])
    return listed


@pytest.mark.clause("ACCEPT-1")
async def test_accept_receives_connect_then_sends_default_accept(binding: Binding) -> None:
    peer, ws = binding.connect(CONNECT)
    await ws.accept()
    expect.equal(peer.receive_calls, 1, "calls to receive during accept()")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("ACCEPT-1")
async def test_accept_awaits_receive_before_sending(binding: Binding) -> None:
    peer = Peer(CONNECT)
    order: list[str] = []

    async def receive() -> Message:
        order.append("receive")
        return await peer.receive()

    async def send(message: Message) -> None:
        order.append(f"send {message.get('type')}")
        await peer.send(message)

    await binding.WebSocket(make_scope(), receive, send).accept()
    expect.equal(order, ["receive", "send websocket.accept"], "order of the calls accept() made to the peer")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("ACCEPT-2")
async def test_accept_after_connect_received_does_not_receive_again(binding: Binding) -> None:
    peer, ws = binding.connect(CONNECT)
    await ws.receive()
    expect.equal(peer.receive_calls, 1, "calls to receive after receive()")
    await ws.accept()
    expect.equal(peer.receive_calls, 1, "calls to receive after accept() following receive()")
    expect.sent(peer, [DEFAULT_ACCEPT])


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
async def test_accept_sends_subprotocol_and_headers_in_order(
    binding: Binding, headers: Callable[[], Iterable[tuple[bytes, bytes]]]
) -> None:
    peer, ws = binding.connect(CONNECT, scope=make_scope(subprotocols=["chat.v1", "chat.v2"]))
    await ws.accept(subprotocol="chat.v2", headers=headers())
    expect.equal(len(peer.sent), 1, "number of messages sent by accept()")
    expect.equal(with_listed_headers(peer.sent[0]), accept_message("chat.v2", PAIRS), "accept message sent")


@pytest.mark.clause("ACCEPT-3")
@pytest.mark.parametrize(
    ("subprotocol", "headers"),
    [
        ("", []),
        ("graphql-ws", []),
        ("Chat.V1", [(b"x-single", b"v")]),
        (None, [(b"sec-websocket-extensions", b"permessage-deflate")]),
    ],
)
async def test_accept_sends_subprotocol_unchanged_positionally(
    binding: Binding, subprotocol: str | None, headers: Pairs
) -> None:
    offered = [] if subprotocol is None else [subprotocol]
    peer, ws = binding.connect(CONNECT, scope=make_scope(subprotocols=offered))
    await ws.accept(subprotocol, list(headers))
    expect.equal(len(peer.sent), 1, "number of messages sent by accept()")
    expect.equal(with_listed_headers(peer.sent[0]), accept_message(subprotocol, headers), "accept message sent")


@pytest.mark.clause("ACCEPT-4")
@pytest.mark.parametrize("receive_first", [False, True], ids=["fresh", "connect-received"])
async def test_accept_makes_both_states_connected(binding: Binding, receive_first: bool) -> None:
    _, ws = binding.connect(CONNECT)
    if receive_first:
        await ws.receive()
    await ws.accept()
    expect.equal(ws.client_state.name, "CONNECTED", "client_state after accept()")
    expect.equal(ws.application_state.name, "CONNECTED", "application_state after accept()")


@pytest.mark.clause("ACCEPT-5")
@pytest.mark.parametrize(
    "first",
    [
        pytest.param(text("hello"), id="text"),
        pytest.param(binary(b"hello"), id="binary"),
        pytest.param(disconnect(1001, "bye"), id="disconnect"),
        pytest.param({"type": "websocket.bogus"}, id="bogus"),
        pytest.param({"type": "http.request", "body": b"", "more_body": False}, id="http.request"),
    ],
)
async def test_accept_refuses_first_message_that_is_not_connect(binding: Binding, first: Message) -> None:
    peer, ws = binding.connect(first)
    message_type = str(first["type"])
    with expect.raises(
        RuntimeError, what=f"accept() when the first message is {message_type!r}", mentioning=(message_type,)
    ):
        await ws.accept()
    expect.sent(peer, [])


@pytest.mark.clause("ACCEPT-6")
@pytest.mark.parametrize(
    ("subprotocol", "headers"), [(None, None), ("chat", [(b"x-a", b"1")])], ids=["default", "with-args"]
)
@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
async def test_second_accept_raises_and_sends_nothing(
    binding: Binding, subprotocol: str | None, headers: Pairs | None, closed: bool
) -> None:
    # The subprotocol is offered, so only the state can make the second accept() wrong.
    peer, ws = await binding.accepted(scope=make_scope(subprotocols=["chat"]))
    if closed:
        await ws.close()
    before = list(peer.sent)
    with expect.raises(RuntimeError, what="a second accept()"):
        await ws.accept(subprotocol, headers)
    expect.sent(peer, before)
