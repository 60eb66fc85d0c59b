"""ACCEPT: accepting the connection."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, binary, disconnect, make_scope, text
from conformance.suite.support import states
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


RECEIVE_FIRST = pytest.mark.parametrize("receive_first", [False, True], ids=["fresh", "connect-received"])
"""Refuse on a new connection, and once ``websocket.connect`` was received through ``receive()``."""


async def refused_accept(
    binding: Binding,
    error: type[Exception],
    what: str,
    subprotocol: object,
    headers: object,
    *,
    offered: list[str] | None = None,
    receive_first: bool = False,
    mentioning: tuple[str, ...] = (),
) -> tuple[Peer, wsproto_api.WebSocket]:
    """An ``accept(subprotocol, headers)`` that must raise ``error`` before receiving or sending anything."""
    scope = make_scope() if offered is None else make_scope(subprotocols=offered)
    peer, ws = binding.connect(CONNECT, scope=scope)
    if receive_first:
        await ws.receive()
    before = states(ws)
    calls = peer.receive_calls
    with expect.raises(error, what=what, mentioning=mentioning):
        await ws.accept(subprotocol, headers)  # type: ignore[arg-type]
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, calls, f"calls to receive during {what}")
    expect.equal(states(ws), before, f"(client_state, application_state) after {what}")
    return peer, ws


# Each test below tries every case of a list on a new connection, and fails at the first
# case refused wrongly, so that a binding that lacks a check fails once, not once per case.

# (the scope's subprotocols, or None for a scope without the key; the subprotocol asked for)
NOT_OFFERED: list[tuple[list[str] | None, str]] = [
    (None, "chat"),
    ([], "chat"),
    (["chat.v1", "chat.v2"], "chat.v3"),
    (["chat"], "Chat"),
    (["chat"], "chat "),
    (["chat.v1, chat.v2"], "chat.v1"),
]


@pytest.mark.clause("ACCEPT-7")
@RECEIVE_FIRST
async def test_accept_refuses_a_subprotocol_not_offered(binding: Binding, receive_first: bool) -> None:
    for offered, subprotocol in NOT_OFFERED:
        listed = "absent" if offered is None else offered
        what = f"accept(subprotocol={subprotocol!r}) with scope['subprotocols'] {listed}"
        peer, ws = await refused_accept(
            binding,
            ValueError,
            what,
            subprotocol,
            None,
            offered=offered,
            receive_first=receive_first,
            mentioning=(subprotocol,),
        )
        # Nothing was consumed or sent, so the connection can still be accepted.
        await ws.accept()
        expect.equal(peer.receive_calls, 1, f"calls to receive after {what} and then accept()")
        expect.sent(peer, [DEFAULT_ACCEPT], f"messages sent after {what} and then accept()")
        expect.equal(
            states(ws), ("CONNECTED", "CONNECTED"), f"(client_state, application_state) after {what}, accept()"
        )


@pytest.mark.clause("ACCEPT-7")
@RECEIVE_FIRST
async def test_accept_refuses_a_subprotocol_that_is_not_a_str(binding: Binding, receive_first: bool) -> None:
    # Offered in every spelling a lax binding might compare with, so that only the type is wrong.
    offered = ["chat", "b'chat'", "1", "['chat']"]
    for subprotocol in [b"chat", 1, ["chat"]]:
        what = f"accept(subprotocol={subprotocol!r})"
        peer, ws = await refused_accept(
            binding, TypeError, what, subprotocol, None, offered=offered, receive_first=receive_first
        )
        await ws.accept("chat")
        expect.equal(peer.receive_calls, 1, f"calls to receive after {what} and then accept('chat')")
        expect.sent(peer, [accept_message("chat", [])], f"messages sent after {what} and then accept('chat')")
        expect.equal(
            states(ws), ("CONNECTED", "CONNECTED"), f"(client_state, application_state) after {what}, accept()"
        )


@pytest.mark.clause("ACCEPT-7")
async def test_accept_sends_an_offered_subprotocol(binding: Binding) -> None:
    for subprotocol in ["chat.v1", "chat.v2", ""]:
        peer, ws = binding.connect(CONNECT, scope=make_scope(subprotocols=["chat.v1", "chat.v2", ""]))
        await ws.accept(subprotocol=subprotocol)
        expect.sent(peer, [accept_message(subprotocol, [])], f"messages sent by accept(subprotocol={subprotocol!r})")


GOOD: Pairs = [(b"x-good", b"1"), (b"set-cookie", b"a=b")]
"""Well-formed headers that come before the bad one, so that a binding cannot send them first."""

# (the bad item, a part of it a message naming it shows; None where no part is printable)
NOT_PAIRS_OF_BYTES: list[tuple[object, str | None]] = [
    (("x-str-name", b"v"), "x-str-name"),
    ((b"x-str-value", "v"), "x-str-value"),
    (("x-both-str", "v"), "x-both-str"),
    ((b"x-one",), "x-one"),
    ((b"x-three", b"v", b"w"), "x-three"),
    (b"x-bare", "x-bare"),
    ((bytearray(b"x-bytearray"), b"v"), "x-bytearray"),
    ((b"x-bytearray-value", bytearray(b"v")), "x-bytearray-value"),
    ((b"x-none-value", None), "x-none-value"),
    (None, None),
    ((), None),
]

# (a pair whose name is not a token, a part of it a message naming it shows; None where none is printable)
BAD_NAMES: list[tuple[tuple[bytes, bytes], str | None]] = [
    ((b"", b"v"), None),
    ((b"x bad", b"v"), "x bad"),
    ((b"x:bad", b"v"), "x:bad"),
    ((b"x-caf\xc3\xa9", b"v"), "x-caf"),
    ((b"x-latin\xe9", b"v"), "x-latin"),
    ((b"x-cr\r", b"v"), "x-cr"),
    ((b"x-lf\n", b"v"), "x-lf"),
    ((b"x-tab\t", b"v"), "x-tab"),
    ((b"x(paren)", b"v"), "paren"),
]

# (a pair whose value holds CR, LF or NUL, the name a message naming it shows)
BAD_VALUES: list[tuple[tuple[bytes, bytes], str]] = [
    ((b"x-value-cr", b"a\rb"), "x-value-cr"),
    ((b"x-value-lf", b"a\nb"), "x-value-lf"),
    ((b"x-value-crlf", b"a\r\nSet-Cookie: evil=1"), "x-value-crlf"),
    ((b"x-value-nul", b"a\x00b"), "x-value-nul"),
    ((b"x-value-end", b"v\r\n"), "x-value-end"),
]


@pytest.mark.clause("ACCEPT-8")
@RECEIVE_FIRST
async def test_accept_refuses_a_header_value_with_cr_lf_or_nul(binding: Binding, receive_first: bool) -> None:
    for pair, shown in BAD_VALUES:
        what = f"accept(headers=[..., {pair!r}])"
        await refused_accept(
            binding, ValueError, what, None, [*GOOD, pair], receive_first=receive_first, mentioning=(shown,)
        )


@pytest.mark.clause("ACCEPT-8")
@RECEIVE_FIRST
async def test_accept_refuses_a_header_name_that_is_not_a_token(binding: Binding, receive_first: bool) -> None:
    for pair, shown in BAD_NAMES:
        what = f"accept(headers=[..., {pair!r}])"
        mentioning = () if shown is None else (shown,)
        await refused_accept(
            binding, ValueError, what, None, [*GOOD, pair], receive_first=receive_first, mentioning=mentioning
        )


@pytest.mark.clause("ACCEPT-8")
@RECEIVE_FIRST
async def test_accept_refuses_a_header_that_is_not_a_pair_of_bytes(binding: Binding, receive_first: bool) -> None:
    for item, shown in NOT_PAIRS_OF_BYTES:
        what = f"accept(headers=[..., {item!r}])"
        mentioning = () if shown is None else (shown,)
        await refused_accept(
            binding, TypeError, what, None, [*GOOD, item], receive_first=receive_first, mentioning=mentioning
        )


@pytest.mark.clause("ACCEPT-8")
async def test_accept_refuses_a_bad_header_from_a_generator(binding: Binding) -> None:
    def headers() -> Iterator[tuple[bytes, bytes]]:
        yield from GOOD
        yield (b"x-bad", b"a\r\nb")

    await refused_accept(binding, ValueError, "accept(headers=<generator ending in a bad value>)", None, headers())


TCHARS = b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""Every character RFC 7230 allows in a token."""

WELL_FORMED: list[Pairs] = [
    [(TCHARS, b"v")],
    [(b"x-tabs", b"\ta\tb\t")],
    [(b"x-obs-text", bytes(range(0x80, 0x100)))],
    [(b"x-spaces", b" a b ")],
    [(b"x-empty", b"")],
    [(b"x-visible", bytes(range(0x21, 0x7F)))],
    [(b"X", b"1"), (b"x", b"2")],
]


@pytest.mark.clause("ACCEPT-8")
async def test_accept_sends_well_formed_headers(binding: Binding) -> None:
    # The edges of what ACCEPT-8 allows: a binding that refuses any of these checks too much.
    for headers in WELL_FORMED:
        peer, ws = binding.connect(CONNECT)
        await ws.accept(headers=list(headers))
        expect.equal(len(peer.sent), 1, f"number of messages sent by accept(headers={headers!r})")
        expect.equal(with_listed_headers(peer.sent[0]), accept_message(None, headers), "accept message sent")


# (the subprotocol given, the scope's subprotocols, the header)
SUBPROTOCOL_HEADERS: list[tuple[str | None, list[str], tuple[bytes, bytes]]] = [
    (None, [], (b"sec-websocket-protocol", b"chat")),
    (None, ["chat"], (b"sec-websocket-protocol", b"chat")),
    (None, ["chat"], (b"Sec-WebSocket-Protocol", b"chat")),
    (None, ["chat"], (b"SEC-WEBSOCKET-PROTOCOL", b"chat")),
    ("chat", ["chat", "other"], (b"sec-websocket-protocol", b"other")),
    ("chat", ["chat", "other"], (b"Sec-WebSocket-Protocol", b"other")),
    ("chat", ["chat", "Chat"], (b"sec-websocket-protocol", b"Chat")),
    ("chat", ["chat", "other"], (b"sec-websocket-protocol", b"chat, other")),
    ("chat", ["chat"], (b"sec-websocket-protocol", b"")),
    # Even a header that repeats the subprotocol: the server writes its own from subprotocol.
    ("chat", ["chat"], (b"sec-websocket-protocol", b"chat")),
    ("chat", ["chat"], (b"Sec-WebSocket-Protocol", b"chat")),
]


@pytest.mark.clause("ACCEPT-9")
@RECEIVE_FIRST
async def test_accept_refuses_a_subprotocol_header(binding: Binding, receive_first: bool) -> None:
    # Every subprotocol given is offered, so that only the header can make accept() wrong.
    for subprotocol, offered, header in SUBPROTOCOL_HEADERS:
        what = f"accept(subprotocol={subprotocol!r}, headers=[..., {header!r}])"
        await refused_accept(
            binding, ValueError, what, subprotocol, [*GOOD, header], offered=offered, receive_first=receive_first
        )
