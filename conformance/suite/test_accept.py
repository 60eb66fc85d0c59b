"""ACCEPT: accepting the connection."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

import pytest

import wsproto_api
from conformance import expect, features
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, ScriptExhausted, binary, disconnect, make_scope, text
from conformance.suite import support
from conformance.suite.payloads import OwnBytes, OwnKind, OwnText
from wsproto_api.asgi import Message, Scope

pytestmark = pytest.mark.anyio

Pairs = list[tuple[bytes, bytes]]

# A repeated name and a name other than the first in between: the order must survive as given.
PAIRS: Pairs = [(b"x-first", b"1"), (b"set-cookie", b"a=b"), (b"x-first", b"2")]


def accept_message(subprotocol: str | None, headers: Pairs) -> Message:
    return {"type": "websocket.accept", "subprotocol": subprotocol, "headers": headers}


class HeaderPair(NamedTuple):
    """An application's own header type: a ``tuple`` of two ``bytes`` all the same, so a pair (ACCEPT-8)."""

    name: bytes
    value: bytes


def pairs_generator() -> Iterator[tuple[bytes, bytes]]:
    yield (b"x-first", b"1")
    yield (b"set-cookie", b"a=b")
    yield (b"x-first", b"2")


def with_listed_headers(message: Message) -> Message:
    """``message`` with its ``headers`` read into a list.

    ACCEPT-3 lets ``headers`` be any iterable and asks only for its pairs in order, and ASGI
    takes any iterable of pairs there, so a binding may pass the caller's own iterable on.
    """
    listed = dict(message)
    if "headers" in listed and listed["headers"] is not None:
        listed["headers"] = list(listed["headers"])
    return listed


def check_sent(peer: Peer, expected: Sequence[Message], what: str) -> None:
    """Fail unless the peer got messages ASGI treats as ``expected``, any ``headers`` iterable read as a list."""
    seen = [expect.asgi_equivalent(with_listed_headers(message)) for message in peer.sent]
    wanted = [expect.asgi_equivalent(message) for message in expected]
    if not expect.same(seen, wanted) or not expect.asgi_typed(seen, wanted):
        raise AssertionError(f"{what}: expected {list(expected)!r} or an ASGI equivalent, saw {peer.sent!r}")


def accept_with(ws: wsproto_api.WebSocket, subprotocol: object, headers: object) -> Awaitable[None]:
    """``ws.accept()`` with only the arguments given (not ``None``), by keyword.

    A test's rule names the arguments it gives; a binding whose ``accept`` lacks one it does
    not give (``headers``) is judged on the rest, its signature being SIG-10's.
    """
    return ws.accept(**_given(subprotocol, headers))  # type: ignore[arg-type]


def _given(subprotocol: object, headers: object) -> dict[str, object]:
    return {name: value for name, value in (("subprotocol", subprotocol), ("headers", headers)) if value is not None}


def accept_call(subprotocol: object, headers: object) -> str:
    """The call :func:`accept_with` makes, as text for a failure message."""
    return "accept(" + ", ".join(f"{name}={value!r}" for name, value in _given(subprotocol, headers).items()) + ")"


async def new_connection(
    binding: Binding, scope: Scope | None = None, *, receive_first: bool = False
) -> tuple[Peer, wsproto_api.WebSocket]:
    """A connection whose peer delivers ``websocket.connect``, received through ``receive()`` or not.

    With ``receive_first``, the peer's record is cleared after ``receive()``, so ``receive_calls``
    counts from 0 either way: the calls the test itself causes.
    """
    if receive_first:
        support.require(binding, "raw")
    peer, ws = support.connected(binding, CONNECT, scope=scope)
    if receive_first:
        await support.receive(peer, ws)
        peer.forget()
    return peer, ws


RECEIVE_FIRST = pytest.mark.parametrize("receive_first", [False, True], ids=["fresh", "connect-received"])
"""On a new connection, and once ``websocket.connect`` was received through ``receive()`` (raw)."""


async def accepts_alike(binding: Binding, scope: Scope, *, receive_first: bool) -> None:
    """Block the test unless ``accept()`` sends ``websocket.accept`` on a new connection brought as the test's was.

    A test that accepts only to show that a connection was left as it was relies on ``accept()``
    itself working there: that is ACCEPT-1's rule on a new connection, ACCEPT-2's once
    ``websocket.connect`` was received.
    """
    clause = "ACCEPT-2" if receive_first else "ACCEPT-1"
    peer, ws = await new_connection(binding, scope, receive_first=receive_first)
    with support.arrange(clause, "accept()"):
        await ws.accept()
    sent = [message.get("type") for message in peer.sent]
    support.step_gave(sent, ["websocket.accept"], clause, "accept() on a connection brought alike: the types sent")


async def check_accepts_after(
    binding: Binding, peer: Peer, ws: wsproto_api.WebSocket, scope: Scope, what: str, *, receive_first: bool
) -> None:
    """Fail unless ``accept()`` now sends ``websocket.accept``: ``what`` left the connection as it was.

    When it does not, a control connection brought the same way tells whether ``accept()``
    works there at all; if not, the means failed, not what the test judges.
    """
    try:
        await ws.accept()
        expect.sent_types(peer, ["websocket.accept"], f"message types sent by accept() after {what}")
    except Exception:  # an accept() that receives past the script too: the control tells whose
        await accepts_alike(binding, scope, receive_first=receive_first)
        raise


# -- ACCEPT-1, ACCEPT-2: the handshake answer -------------------------------------------------------


@pytest.mark.clause("ACCEPT-1")
@pytest.mark.parametrize("offered", [[], ["graphql-ws", "chat"]], ids=["none-offered", "two-offered"])
async def test_accept_receives_connect_then_sends_default_accept(binding: Binding, offered: list[str]) -> None:
    # What the client offers chooses nothing: accept() without a subprotocol sends none.
    peer, ws = support.connected(binding, CONNECT, scope=make_scope(subprotocols=offered))
    await ws.accept()
    expect.equal(peer.receive_calls, 1, "calls to receive during accept()")
    expect.sent(peer, [DEFAULT_ACCEPT], f"messages sent by accept() when the client offered {offered!r}")


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

    with support.arrange("CONN-1", "building the connection"):
        ws = binding.WebSocket(make_scope(), receive, send)
    await ws.accept()
    expect.equal(order, ["receive", "send websocket.accept"], "order of the calls accept() made to the peer")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("ACCEPT-2")
async def test_accept_after_connect_received_does_not_receive_again(binding: Binding) -> None:
    peer, ws = await support.reach(binding, support.RECEIVED_CONNECT)
    await ws.accept()
    expect.equal(peer.receive_calls, 0, "calls to receive during accept() after receive() got websocket.connect")
    # What the message holds is ACCEPT-1's: this clause asks that it is sent without receiving again.
    expect.sent_types(peer, ["websocket.accept"], "message types sent by accept() after receive()")


# -- ACCEPT-3: what accept(subprotocol, headers) sends ---------------------------------------------


def block_unless_positional(accept: Callable[..., object]) -> None:
    """Block the test by SIG-10 unless ``accept``'s first two positional parameters are ``subprotocol, headers``.

    ACCEPT-3 names the arguments; which goes first when they are given by position is SIG-10's
    rule. A signature that cannot be read, or that takes ``*args`` early, is left to the call.
    """
    try:
        parameters = inspect.signature(accept).parameters.values()
    except (TypeError, ValueError):
        return
    names: list[str] = []
    for parameter in parameters:
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL and len(names) < 2:
            return
        if parameter.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            names.append(parameter.name)
    if names[:2] != ["subprotocol", "headers"]:
        pytest.skip(f"{BLOCKED}SIG-10: accept()'s positional parameters are {names!r}, not subprotocol, headers")


@pytest.mark.clause("ACCEPT-3")
@pytest.mark.parametrize(
    ("headers", "receive_first"),
    [
        pytest.param(lambda: list(PAIRS), False, id="list"),
        pytest.param(lambda: tuple(PAIRS), False, id="tuple"),
        pytest.param(pairs_generator, False, id="generator"),
        pytest.param(lambda: iter(PAIRS), False, id="iterator"),
        # ASGI writes a header as a two-item iterable, and ACCEPT-8 counts a list of two bytes as a pair.
        pytest.param(lambda: [list(pair) for pair in PAIRS], False, id="list-pairs"),
        # Names and values of an application's own bytes type: bytes all the same.
        pytest.param(
            lambda: [(OwnBytes(name), OwnBytes(value)) for name, value in PAIRS], False, id="bytes-subclasses"
        ),
        # Pairs of an application's own tuple type: pairs all the same.
        pytest.param(lambda: [HeaderPair(name, value) for name, value in PAIRS], False, id="tuple-subclass-pairs"),
        # Once receive() took websocket.connect (raw), accept() sends its arguments all the same.
        pytest.param(lambda: list(PAIRS), True, id="list-connect-received"),
    ],
)
async def test_accept_sends_subprotocol_and_headers_in_order(
    binding: Binding, headers: Callable[[], Iterable[tuple[bytes, bytes]]], receive_first: bool
) -> None:
    scope = make_scope(subprotocols=["chat.v1", "chat.v2"])
    if receive_first:
        # That accept() answers there without receiving again is ACCEPT-2's rule.
        await accepts_alike(binding, scope, receive_first=True)
    peer, ws = await new_connection(binding, scope, receive_first=receive_first)
    await ws.accept(subprotocol="chat.v2", headers=headers())
    what = "messages sent by accept(subprotocol, headers)" + (" after receive()" if receive_first else "")
    check_sent(peer, [accept_message("chat.v2", PAIRS)], what)


@pytest.mark.clause("ACCEPT-3")
@pytest.mark.parametrize(
    ("subprotocol", "headers"),
    [
        ("", []),
        ("graphql-ws", []),
        ("Chat.V1", [(b"x-single", b"v")]),
        (None, [(b"sec-websocket-extensions", b"permessage-deflate")]),
        # Fourteen pairs, the thirteenth the same as the one before it.
        (None, [(b"x-n", str(index).encode()) for index in (*range(12), 11, 0)]),
    ],
)
async def test_accept_sends_subprotocol_unchanged_positionally(
    binding: Binding, subprotocol: str | None, headers: Pairs
) -> None:
    offered = [] if subprotocol is None else [subprotocol]
    peer, ws = support.connected(binding, CONNECT, scope=make_scope(subprotocols=offered))
    block_unless_positional(ws.accept)
    await ws.accept(subprotocol, list(headers))
    check_sent(peer, [accept_message(subprotocol, headers)], f"messages sent by accept({subprotocol!r}, headers)")


@pytest.mark.clause("ACCEPT-3")
@pytest.mark.parametrize(
    "subprotocol",
    [
        "chat.v1",
        "chat.v2",
        "",
        pytest.param(OwnText("chat.v2"), id="str-subclass"),
        # Sent as the text it holds, which str() of it is not.
        pytest.param(OwnKind.SUBPROTOCOL, id="str-enum-member"),
    ],
)
async def test_accept_sends_an_offered_subprotocol(binding: Binding, subprotocol: str) -> None:
    # ACCEPT-7 allows every subprotocol the client offered, a str of a subclass too, so ACCEPT-3 has it sent.
    peer, ws = support.connected(binding, CONNECT, scope=make_scope(subprotocols=["chat.v1", "chat.v2", ""]))
    await ws.accept(subprotocol=subprotocol)
    check_sent(peer, [accept_message(subprotocol, [])], f"messages sent by accept(subprotocol={subprotocol!r})")


TCHARS = b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz"
"""Every lower-case character RFC 7230 allows in a token (ACCEPT-3 asks for lower-case names)."""

WELL_FORMED: list[Pairs] = [
    [(TCHARS, b"v")],
    [(b"x-tabs", b"\ta\tb\t")],
    [(b"x-obs-text", bytes(range(0x80, 0x100)))],
    [(b"x-spaces", b" a b ")],
    [(b"x-empty", b"")],
    [(b"x-visible", bytes(range(0x21, 0x7F)))],
    # As many headers as an application may give: a binding that keeps the first few drops the rest.
    [(b"x-many", str(index).encode()) for index in range(300)],
]
"""The edges of what ACCEPT-8 allows, all with lower-case names: a binding that refuses one checks too much,
and one that sends fewer than were given sends too little."""


@pytest.mark.clause("ACCEPT-3")
@pytest.mark.parametrize("headers", WELL_FORMED, ids=lambda headers: headers[0][0][:12].decode("latin-1"))
async def test_accept_sends_well_formed_headers(binding: Binding, headers: Pairs) -> None:
    peer, ws = support.connected(binding, CONNECT)
    await ws.accept(headers=list(headers))
    check_sent(peer, [accept_message(None, headers)], f"messages sent by accept(headers={headers!r})")


# -- ACCEPT-5, ACCEPT-6: refused by what came before -----------------------------------------------


@support.refusal("ACCEPT-5")
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
async def test_accept_refuses_first_message_that_is_not_connect(
    binding: Binding, refusal: support.Refusal, first: Message
) -> None:
    peer, ws = support.connected(binding, first)
    message_type = str(first["type"])
    what = f"accept() when the first message is {message_type!r}"
    with refusal.raises(RuntimeError, what=what, mentioning=[message_type], peer=peer, receives=1):
        await ws.accept()
        if peer.receive_calls == 0:
            # It never looked at the first message, so it had nothing to refuse: ACCEPT-1 has
            # accept() await receive first.
            pytest.skip(f"{BLOCKED}ACCEPT-1: {what} returned without awaiting receive")
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 1, f"calls to receive during {what}")


async def accepted_then(binding: Binding, scope: Scope, *, client_left: bool) -> tuple[Peer, wsproto_api.WebSocket]:
    """A connection accepted over ``scope``; with ``client_left``, then the client's disconnect received (RECV-3)."""
    peer, ws = await support.accepted(binding, *([disconnect(1001)] if client_left else []), scope=scope)
    if client_left:
        await support.client_leaves(binding, ws)
        peer.forget()
    return peer, ws


@support.refusal("ACCEPT-6", words=False)
@pytest.mark.parametrize(
    ("subprotocol", "headers", "client_left"),
    [(None, None, False), ("chat", [(b"x-a", b"1")], False), (None, None, True)],
    ids=["default", "with-args", "after-the-client-left"],
)
async def test_second_accept_is_refused(
    binding: Binding, refusal: support.Refusal, subprotocol: str | None, headers: Pairs | None, client_left: bool
) -> None:
    # The subprotocol is offered, so only the history can make the second accept() wrong; the
    # client leaving in between makes it no less a second accept().
    scope = make_scope(subprotocols=["chat"])
    peer, ws = await accepted_then(binding, scope, client_left=client_left)
    what = "a second accept()" + (" after the client left" if client_left else "")
    with refusal.raises(RuntimeError, what=what, peer=peer):
        try:
            await accept_with(ws, subprotocol, headers)
        except Exception as error:
            if features.signature_mismatch(error) is None:
                # Raised for arguments that a first accept() cannot take either: ACCEPT-3's.
                await accepts_valid_arguments(binding, subprotocol, headers)
            raise
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 0, f"calls to receive during {what}")
    # Left as it was: the connection still sends data.
    await support.still_sends(ws, peer, lambda: accepted_then(binding, scope, client_left=client_left), what)


@support.refusal("ACCEPT-6", words=False)
async def test_accept_after_accept_and_close_is_refused(binding: Binding, refusal: support.Refusal) -> None:
    peer, ws = await support.accepted(binding)
    with support.arrange("CLOSE-1", "close()"):
        await ws.close()
    peer.forget()
    # A closed connection may raise WebSocketDisconnected instead (SPEC.md: one call, several clauses).
    with refusal.raises(
        RuntimeError, binding.disconnected_error, what="accept() after accept() and close()", peer=peer
    ):
        await ws.accept()
    expect.sent(peer, [], "messages sent by accept() after accept() and close()")
    expect.equal(peer.receive_calls, 0, "calls to receive during accept() after accept() and close()")


# -- ACCEPT-7 to ACCEPT-10: refused arguments --------------------------------------------------------


async def refused_accept(
    binding: Binding,
    refusal: support.Refusal,
    error: type[Exception],
    what: str,
    subprotocol: object,
    headers: object,
    *,
    offered: list[str] | None = None,
    receive_first: bool = False,
    mentioning: Sequence[str] = (),
) -> None:
    """``accept(subprotocol, headers)`` is refused before ``receive`` is awaited, and ``accept()`` then works.

    The scope offers ``offered`` (no ``subprotocols`` key when ``None``).
    """
    await accepts_valid_arguments(binding, subprotocol, headers)
    scope = make_scope() if offered is None else make_scope(subprotocols=offered)
    peer, ws = await new_connection(binding, scope, receive_first=receive_first)
    with refusal.raises(error, what=what, mentioning=mentioning, peer=peer):
        await accept_with(ws, subprotocol, headers)
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 0, f"calls to receive during {what}")
    # Nothing was consumed or sent, so the connection can still be accepted (the peer holds
    # one websocket.connect, unless receive() took it already).
    await check_accepts_after(binding, peer, ws, scope, what, receive_first=receive_first)


async def accepts_valid_arguments(binding: Binding, subprotocol: object, headers: object) -> None:
    """Block the test by ACCEPT-3 unless ``accept()`` takes valid arguments in place of those given.

    A refusal is judged by the call raising; one that raises because ``accept()`` lacks the
    parameter, or cannot take valid pairs of bytes either, refuses nothing. Only the arguments
    given are passed on: an offered subprotocol, well-formed headers.
    """
    valid_subprotocol = None if subprotocol is None else "chat"
    valid_headers = None if headers is None else list(GOOD)
    if valid_subprotocol is None and valid_headers is None:
        return
    # A silent client past the connect, so that a binding reading ahead in a task waits there.
    _, ws = support.connected(binding, CONNECT, scope=make_scope(subprotocols=["chat"]), block_when_empty=True)
    with support.arrange("ACCEPT-3", f"{accept_call(valid_subprotocol, valid_headers)} with valid arguments"):
        await accept_with(ws, valid_subprotocol, valid_headers)


# (the scope's subprotocols, or None for a scope without the key; the subprotocol asked for)
NOT_OFFERED: list[tuple[list[str] | None, str]] = [
    (None, "chat"),
    ([], "chat"),
    (["chat.v1", "chat.v2"], "chat.v3"),
    (["chat"], "Chat"),
    (["chat"], "chat "),
    (["chat.v1, chat.v2"], "chat.v1"),
    # The empty name, which a check made only for a truthy subprotocol lets through.
    ([], ""),
    (["chat"], ""),
]


@support.refusal("ACCEPT-7")
@pytest.mark.parametrize(("offered", "subprotocol"), NOT_OFFERED)
@RECEIVE_FIRST
async def test_accept_refuses_a_subprotocol_not_offered(
    binding: Binding, refusal: support.Refusal, offered: list[str] | None, subprotocol: str, receive_first: bool
) -> None:
    listed = "absent" if offered is None else offered
    what = f"accept(subprotocol={subprotocol!r}) with scope['subprotocols'] {listed}"
    await refused_accept(
        binding,
        refusal,
        ValueError,
        what,
        subprotocol,
        None,
        offered=offered,
        receive_first=receive_first,
        mentioning=[subprotocol],
    )


NOT_STR_SUBPROTOCOLS: list[object] = [b"chat", 1, ["chat"], b""]

OFFERED_SPELLINGS = ["chat", "b'chat'", "1", "['chat']", "b''"]
"""Offered in every spelling a lax binding might compare with, so that only the type is wrong."""


@support.refusal("ACCEPT-7", words=False)
@pytest.mark.parametrize("subprotocol", NOT_STR_SUBPROTOCOLS, ids=repr)
@RECEIVE_FIRST
async def test_accept_refuses_a_subprotocol_that_is_not_a_str(
    binding: Binding, refusal: support.Refusal, subprotocol: object, receive_first: bool
) -> None:
    what = f"accept(subprotocol={subprotocol!r})"
    await refused_accept(
        binding, refusal, TypeError, what, subprotocol, None, offered=OFFERED_SPELLINGS, receive_first=receive_first
    )


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
    # A final LF alone, which a check anchored with ``$`` (matching before a last newline) passes.
    ((b"x-value-lf-end", b"v\n"), "x-value-lf-end"),
]


def shown_words(shown: str | None) -> list[str]:
    return [] if shown is None else [shown]


@support.refusal("ACCEPT-8")
@pytest.mark.parametrize(("pair", "shown"), BAD_VALUES, ids=[shown for _, shown in BAD_VALUES])
@RECEIVE_FIRST
async def test_accept_refuses_a_header_value_with_cr_lf_or_nul(
    binding: Binding, refusal: support.Refusal, pair: tuple[bytes, bytes], shown: str, receive_first: bool
) -> None:
    what = f"accept(headers=[..., {pair!r}])"
    await refused_accept(
        binding, refusal, ValueError, what, None, [*GOOD, pair], receive_first=receive_first, mentioning=[shown]
    )


@support.refusal("ACCEPT-8")
@pytest.mark.parametrize(("pair", "shown"), BAD_NAMES, ids=[repr(pair[0]) for pair, _ in BAD_NAMES])
@RECEIVE_FIRST
async def test_accept_refuses_a_header_name_that_is_not_a_token(
    binding: Binding, refusal: support.Refusal, pair: tuple[bytes, bytes], shown: str | None, receive_first: bool
) -> None:
    what = f"accept(headers=[..., {pair!r}])"
    await refused_accept(
        binding,
        refusal,
        ValueError,
        what,
        None,
        [*GOOD, pair],
        receive_first=receive_first,
        mentioning=shown_words(shown),
    )


@support.refusal("ACCEPT-8")
@pytest.mark.parametrize(("item", "shown"), NOT_PAIRS_OF_BYTES, ids=[repr(item) for item, _ in NOT_PAIRS_OF_BYTES])
@RECEIVE_FIRST
async def test_accept_refuses_a_header_that_is_not_a_pair_of_bytes(
    binding: Binding, refusal: support.Refusal, item: object, shown: str | None, receive_first: bool
) -> None:
    what = f"accept(headers=[..., {item!r}])"
    await refused_accept(
        binding,
        refusal,
        TypeError,
        what,
        None,
        [*GOOD, item],
        receive_first=receive_first,
        mentioning=shown_words(shown),
    )


@support.refusal("ACCEPT-8")
@RECEIVE_FIRST
async def test_accept_refuses_a_mapping_of_headers(
    binding: Binding, refusal: support.Refusal, receive_first: bool
) -> None:
    # A mapping is an iterable of its keys, and a key (a name) is no pair.
    headers = {b"x-mapped": b"v"}
    what = f"accept(headers={headers!r})"
    await refused_accept(
        binding, refusal, TypeError, what, None, headers, receive_first=receive_first, mentioning=["x-mapped"]
    )


MANY_GOOD: Pairs = [*GOOD, *((b"x-n", str(index).encode()) for index in range(64))]
"""Sixty-six well-formed headers: a check of the first few, or of the first 64, passes over a bad one after them."""


@support.refusal("ACCEPT-8")
async def test_accept_refuses_a_bad_header_from_a_generator(binding: Binding, refusal: support.Refusal) -> None:
    # The bad header comes after many good ones: each header is checked, not the first few.
    def headers() -> Iterator[tuple[bytes, bytes]]:
        yield from MANY_GOOD
        yield (b"x-bad", b"a\r\nb")

    what = f"accept(headers=<generator of {len(MANY_GOOD)} good headers, then (b'x-bad', b'a\\r\\nb')>)"
    await refused_accept(binding, refusal, ValueError, what, None, headers(), mentioning=["x-bad"])


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


@support.refusal("ACCEPT-9", words=False)
@pytest.mark.parametrize(("subprotocol", "offered", "header"), SUBPROTOCOL_HEADERS)
@RECEIVE_FIRST
async def test_accept_refuses_a_subprotocol_header(
    binding: Binding,
    refusal: support.Refusal,
    subprotocol: str | None,
    offered: list[str],
    header: tuple[bytes, bytes],
    receive_first: bool,
) -> None:
    # Every subprotocol given is offered, so that only the header can make accept() wrong.
    what = f"accept(subprotocol={subprotocol!r}, headers=[..., {header!r}])"
    await refused_accept(
        binding, refusal, ValueError, what, subprotocol, [*GOOD, header], offered=offered, receive_first=receive_first
    )


# (what the call shows, the subprotocol, the headers, the scope's subprotocols): one argument
# of each kind that ACCEPT-7 to ACCEPT-9 refuse, the others valid.
REFUSED_ARGUMENTS: list[tuple[str, object, object, list[str] | None]] = [
    ("subprotocol-not-offered", "chat.v3", None, ["chat.v1"]),
    ("subprotocol-not-offered-no-key", "chat", None, None),
    ("subprotocol-bytes", b"chat", None, ["chat", "b'chat'"]),
    ("header-not-a-pair", None, [*GOOD, (b"x-one",)], None),
    ("header-str-name", None, [*GOOD, ("x-str-name", b"v")], None),
    ("header-none", None, [*GOOD, None], None),
    ("header-name-space", None, [*GOOD, (b"x bad", b"v")], None),
    ("header-value-crlf", None, [*GOOD, (b"x-value-crlf", b"a\r\nSet-Cookie: evil=1")], None),
    ("protocol-header", "chat", [*GOOD, (b"sec-websocket-protocol", b"chat")], ["chat"]),
]


@pytest.mark.clause("ACCEPT-10")
@pytest.mark.parametrize(
    ("subprotocol", "headers", "offered"),
    [pytest.param(*case[1:], id=case[0]) for case in REFUSED_ARGUMENTS],
)
async def test_accept_that_raises_for_its_arguments_sends_nothing(
    binding: Binding, subprotocol: object, headers: object, offered: list[str] | None
) -> None:
    # ACCEPT-7 to ACCEPT-9 say whether these are refused; if they are, nothing may be sent
    # and the handshake must still be answerable.
    scope = make_scope() if offered is None else make_scope(subprotocols=offered)
    # A silent client past the connect: a binding that reads ahead in a task of its own
    # (Falcon) waits there, instead of failing the test whenever that task happens to run.
    peer, ws = support.connected(binding, CONNECT, scope=scope, block_when_empty=True)
    what = accept_call(subprotocol, headers)
    try:
        await accept_with(ws, subprotocol, headers)
    except ScriptExhausted:
        raise
    except Exception:
        pass
    else:
        return  # not refused: that is ACCEPT-7 to ACCEPT-9's business
    expect.sent(peer, [], f"messages sent by {what}, which raised")
    # The peer holds one websocket.connect: accept() may receive it now, if the refused call did not.
    await ws.accept()
    # Nothing of the refused call's arguments stays behind: accept() sends what it sends on a new
    # connection (ACCEPT-1), not the headers that came before the bad one.
    await check_sent_as_on_a_new_connection(binding, peer, scope, f"accept() after {what} raised")


async def check_sent_as_on_a_new_connection(binding: Binding, peer: Peer, scope: Scope, what: str) -> None:
    """Fail unless ``what`` (an ``accept()``) sent the default ``websocket.accept`` of ACCEPT-1.

    Where it sent something else, ``accept()`` on a new connection over ``scope`` tells whether
    it sends the default there at all: if not, the test is blocked by ACCEPT-1, whose rule that is.
    """
    try:
        check_sent(peer, [DEFAULT_ACCEPT], f"messages sent by {what}")
    except AssertionError:
        other_peer, other = support.connected(binding, CONNECT, scope=scope, block_when_empty=True)
        with support.arrange("ACCEPT-1", "accept() on a new connection"):
            await other.accept()
        try:
            check_sent(other_peer, [DEFAULT_ACCEPT], "")
        except AssertionError:
            pytest.skip(f"{BLOCKED}ACCEPT-1: accept() on a new connection sent {other_peer.sent!r}")
        raise
