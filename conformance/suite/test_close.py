"""CLOSE: closing the connection."""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Sequence
from typing import Literal

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import CONNECT, Peer, ScriptExhausted, binary, disconnect, make_scope, text
from conformance.suite import support
from conformance.suite.payloads import OwnKind, OwnText
from wsproto_api.asgi import Message
from wsproto_api.close_code import CloseCode

pytestmark = pytest.mark.anyio


def close_message(code: int, reason: str) -> Message:
    return {"type": "websocket.close", "code": code, "reason": reason}


async def connection(binding: Binding, accept_first: bool) -> tuple[Peer, wsproto_api.WebSocket]:
    """A connection accepted by ``accept()``, or new (its peer delivers ``websocket.connect``, nothing received).

    Either way the peer's record is empty: what it holds afterwards is what the test caused.
    """
    if accept_first:
        return await support.accepted(binding)
    return support.connected(binding, CONNECT)


ACCEPT_FIRST = pytest.mark.parametrize("accept_first", [True, False], ids=["accepted", "not-accepted"])


async def closes_alike(binding: Binding, accept_first: bool) -> None:
    """Block the test unless ``close()`` sends ``websocket.close`` on a connection brought as the test's was.

    Whether ``close()`` sends a close message at all is CLOSE-1's rule after ``accept()`` and
    CLOSE-10's before it; a test about the code and reason sent, or about what a refused call
    left behind, relies on it.
    """
    clause = "CLOSE-1" if accept_first else "CLOSE-10"
    peer, ws = await connection(binding, accept_first)
    with support.arrange(clause, "close()"):
        await ws.close()
    sent = [message.get("type") for message in peer.sent]
    support.step_gave(sent, ["websocket.close"], clause, "close() on a connection brought alike: the types sent")


async def closes_without_receiving(binding: Binding) -> None:
    """Block the test by CLOSE-10 unless ``close()`` before ``accept()``, on a new connection, receives nothing.

    That ``close()`` before ``accept()`` does not await ``receive`` is CLOSE-10's rule: a refused
    ``close()`` that took a message, or a valid one after it that awaited more than the peer
    holds, is judged by it where a plain ``close()`` takes one too.
    """
    peer, ws = support.connected(binding, CONNECT)
    with support.arrange("CLOSE-10", "close() before accept()"):
        await ws.close()
    received = peer.receive_calls
    support.step_gave(received, 0, "CLOSE-10", "close() before accept() on a new connection: the messages it received")


async def check_closing(binding: Binding, accept_first: bool, check: Callable[[], object]) -> None:
    """Run ``check`` on what a close sent; when it fails, block the test if ``close()`` sends no close there at all."""
    try:
        check()
    except ScriptExhausted:
        raise
    except Exception:
        await closes_alike(binding, accept_first)
        raise


async def check_closes_after(
    binding: Binding, accept_first: bool, peer: Peer, ws: wsproto_api.WebSocket, after: str
) -> None:
    """Fail unless a valid ``close()`` now sends ``websocket.close``: what came ``after`` left the connection as it was.

    When it does not, it is blocked if ``close()`` sends no close on a connection brought alike either.
    """
    try:
        await ws.close()
        expect.sent_types(peer, ["websocket.close"], f"message types sent by a valid close() after {after}")
    except ScriptExhausted:
        if not accept_first:
            await closes_without_receiving(binding)
        raise
    except Exception:
        await closes_alike(binding, accept_first)
        raise


# -- CLOSE-1, CLOSE-2, CLOSE-10: what close() sends ----------------------------------------------------


@pytest.mark.clause("CLOSE-1")
# Before accept() too: the rule gives close() one message, not one for each side of the handshake.
@ACCEPT_FIRST
async def test_close_sends_code_1000_and_empty_reason(binding: Binding, accept_first: bool) -> None:
    peer, ws = await connection(binding, accept_first)
    await ws.close()
    await check_closing(binding, accept_first, lambda: expect.sent(peer, [close_message(1000, "")]))


@pytest.mark.clause("CLOSE-2")
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        # Both given in every case: what an omitted one defaults to is CLOSE-1's and SIG-10's.
        ((1001, "going away"), {}, close_message(1001, "going away")),
        ((4000, ""), {}, close_message(4000, "")),
        ((1011, None), {}, close_message(1011, "")),
        ((1000, "bye"), {}, close_message(1000, "bye")),
        ((), {"code": 3000, "reason": "é ☃"}, close_message(3000, "é ☃")),
        ((), {"code": 1008, "reason": None}, close_message(1008, "")),
        ((4001, " padded\t"), {}, close_message(4001, " padded\t")),
        # Line breaks and NUL are UTF-8 like any text: no check of a header value's applies to a reason.
        ((4003, "two\r\nlines\x00"), {}, close_message(4003, "two\r\nlines\x00")),
        # A member of an IntEnum such as CloseCode is an int: CLOSE-12 refuses only what is not one.
        ((CloseCode.POLICY_VIOLATION, "policy"), {}, close_message(1008, "policy")),
        # A reason of a str subclass (a StrEnum member) is a str: CLOSE-15 refuses only what is not one.
        ((4002, OwnText("own type")), {}, close_message(4002, "own type")),
        # A (str, Enum) member holds its text, which str() of it is not: "OwnKind.TEXT".
        ((4002, OwnKind.TEXT), {}, close_message(4002, "own kind")),
    ],
)
@ACCEPT_FIRST
async def test_close_sends_code_and_reason(
    binding: Binding,
    args: tuple[int | str | None, ...],
    kwargs: dict[str, int | str | None],
    expected: Message,
    accept_first: bool,
) -> None:
    peer, ws = await connection(binding, accept_first)
    await ws.close(*args, **kwargs)  # type: ignore[arg-type]
    await check_closing(binding, accept_first, lambda: expect.sent(peer, [expected]))


SENDABLE_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999]
"""Codes CLOSE-11 allows: every one from 1000 to 1014 that it does, and the edges of 3000 to 4999."""


@pytest.mark.clause("CLOSE-2")
@pytest.mark.parametrize("code", SENDABLE_CODES)
@ACCEPT_FIRST
async def test_close_sends_a_code_an_endpoint_may_send(binding: Binding, code: int, accept_first: bool) -> None:
    peer, ws = await connection(binding, accept_first)
    await ws.close(code, "")
    await check_closing(
        binding,
        accept_first,
        lambda: expect.sent(peer, [close_message(code, "")], f"messages sent by close({code}, '')"),
    )


# 123 bytes in UTF-8 at most: one, two, three and four bytes a character.
LONGEST_REASONS = ["a" * 123, "é" * 61 + "a", "☃" * 41, "😀" * 30 + "abc"]
TOO_LONG_REASONS = ["a" * 124, "é" * 62, "☃" * 41 + "a", "😀" * 31, "a" * 1000]
# Text UTF-8 cannot encode: a lone surrogate, high or low, alone or beside valid text.
UNENCODABLE_REASONS = ["\ud800", "bye \udc80", "\udfff\ud800"]


def describe(reason: str) -> str:
    return f"<a reason of {len(reason)} characters, {len(reason.encode(errors='surrogatepass'))} bytes>"


def shown(args: tuple[object, ...]) -> str:
    """The arguments of a call, for a failure message, a long reason by its length."""
    return ", ".join(describe(arg) if isinstance(arg, str) and len(arg) > 20 else repr(arg) for arg in args)


@pytest.mark.clause("CLOSE-2")
@pytest.mark.parametrize("reason", LONGEST_REASONS, ids=describe)
@ACCEPT_FIRST
async def test_close_sends_a_reason_of_123_bytes(binding: Binding, reason: str, accept_first: bool) -> None:
    peer, ws = await connection(binding, accept_first)
    await ws.close(4000, reason)
    what = f"messages sent by close(4000, {describe(reason)})"
    await check_closing(binding, accept_first, lambda: expect.sent(peer, [close_message(4000, reason)], what))


async def refused_denial(peer: Peer, ws: wsproto_api.WebSocket, binding: Binding) -> None:
    """``send_denial_response()`` on a scope without the denial extension, an arrangement (DENY-3).

    It must raise and send nothing; whether it received ``websocket.connect`` first is not
    DENY-3's business, and the peer's record is cleared after it.
    """
    support.require(binding, "denial")
    step = "send_denial_response(app) without the denial extension"
    try:
        await ws.send_denial_response(support.denial_app)
    except Exception:
        pass
    else:
        pytest.skip(f"{BLOCKED}DENY-3 ({step}): nothing was raised")
    support.step_gave([message.get("type") for message in peer.sent], [], "DENY-3", f"{step}: the types sent")
    peer.forget()


@pytest.mark.clause("CLOSE-10")
@pytest.mark.parametrize(
    ("args", "what"), [((), "close()"), ((1008, "no"), "close(1008, 'no')")], ids=["default", "code"]
)
# Where the server offers a denial response, close() still sends websocket.close: the 403 is the server's.
# Where it does not, an application whose send_denial_response() was refused for it refuses with close().
@pytest.mark.parametrize(
    "denial", ["none", "offered", "refused"], ids=["no-extensions", "denial-extension", "denial-refused"]
)
async def test_close_before_accept_sends_close_without_receiving(
    binding: Binding, args: tuple[object, ...], what: str, denial: str
) -> None:
    peer, ws = support.connected(binding, CONNECT, scope=support.scope_with_denial() if denial == "offered" else None)
    if denial == "refused":
        await refused_denial(peer, ws, binding)
    await ws.close(*args)  # type: ignore[arg-type]
    # The code and reason sent are CLOSE-1's and CLOSE-2's; this clause asks for the message alone.
    expect.sent_types(peer, ["websocket.close"], f"message types sent by {what} before accept()")
    expect.equal(peer.receive_calls, 0, f"calls to receive during {what} before accept()")


# -- CLOSE-4, CLOSE-9: close() after what came before ------------------------------------------------


@support.refusal("CLOSE-4", words=False)
@pytest.mark.parametrize(
    "route",
    # The first close() after the client left is CLOSE-9's, which returns whether or not it
    # sends; it is a close() all the same, and the client leaving does not excuse a second one.
    [support.ACCEPTED_THEN_CLOSED, support.CLOSED_FIRST, support.BOTH_CLOSED],
    ids=["accepted", "not-accepted", "client-left"],
)
async def test_second_close_is_refused(binding: Binding, refusal: support.Refusal, route: support.Route) -> None:
    peer, ws = await support.reach(binding, route)
    what = f"a second close() ({route.name})"
    with refusal.raises(binding.disconnected_error, what=what, peer=peer):
        await ws.close()
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 0, f"calls to receive during {what}")


@pytest.mark.clause("CLOSE-9")
@pytest.mark.parametrize(
    ("left", "method"),
    # Each receiving method RECV-3 names takes the disconnect in turn: whichever received it, the
    # application has not closed.
    [
        (disconnect(1000), "receive_text"),
        (disconnect(1001, "bye"), "receive_bytes"),
        (disconnect(1005), "receive_json"),
        (disconnect(1006), "receive_text"),
    ],
    ids=["1000-receive_text", "1001-bye-receive_bytes", "1005-receive_json", "1006-receive_text"],
)
@pytest.mark.parametrize("args", [(), (1000, "done"), (4000,)], ids=["close()", "close(1000, 'done')", "close(4000)"])
async def test_close_after_the_client_left_returns(
    binding: Binding,
    left: Message,
    method: Literal["receive_text", "receive_bytes", "receive_json"],
    args: tuple[int, str],
) -> None:
    _, ws = await support.accepted(binding, left)
    await support.client_leaves(binding, ws, method)
    # Whether a websocket.close is sent now is not specified: only that close() returns.
    await ws.close(*args)


READ_BY: dict[str, Message] = {
    "iter_text": text("hello"),
    "iter_bytes": binary(b"hello"),
    "iter_json": text('{"a": 1}'),
}
"""For each iterator, a data message it reads before the client's disconnect ends the loop."""


@pytest.mark.clause("CLOSE-9")
@pytest.mark.parametrize("left", [disconnect(1001, "bye"), disconnect(1005)], ids=["1001-bye", "1005"])
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_close_after_an_iteration_ended_by_the_client_leaving_returns(
    binding: Binding, name: str, left: Message
) -> None:
    # The seed's example: `async for message in websocket.iter_text(): ...`, then `close()`.
    peer, ws = await support.accepted(binding, READ_BY[name], left)
    await support.iterate_to_the_disconnect(peer, ws, name, items=1)
    # Whether a websocket.close is sent now is not specified: only that close() returns.
    await ws.close()


# -- CLOSE-5: WebSocketClose ---------------------------------------------------------------------------


def websocket_close(binding: Binding) -> Callable[..., wsproto_api.ASGIApp]:
    """The binding's ``WebSocketClose``: the suite runs this module's tests of it only where it exists."""
    close_app = binding.WebSocketClose
    assert close_app is not None, "the websocket-close feature is present, so WebSocketClose exists"
    return close_app


@pytest.mark.clause("CLOSE-5")
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((), {}, close_message(1000, "")),
        ((1001,), {}, close_message(1001, "")),
        ((1008, "policy"), {}, close_message(1008, "policy")),
        ((), {"code": 4000, "reason": None}, close_message(4000, "")),
        ((), {"reason": "bye"}, close_message(1000, "bye")),
        # The reason as given: whitespace is part of it, and any text UTF-8 holds is sent whole.
        ((4001, " padded\t"), {}, close_message(4001, " padded\t")),
        ((3000, "é ☃"), {}, close_message(3000, "é ☃")),
        # An int subclass and a str subclass, which CLOSE-13 allows as close() does (CLOSE-2).
        ((CloseCode.POLICY_VIOLATION, OwnText("policy")), {}, close_message(1008, "policy")),
        # A (str, Enum) member, whose str() is its name, not the text it holds.
        ((4002, OwnKind.TEXT), {}, close_message(4002, "own kind")),
    ],
)
async def test_websocket_close_app_sends_close(
    binding: Binding, args: tuple[int | str, ...], kwargs: dict[str, int | str | None], expected: Message
) -> None:
    peer = Peer(CONNECT)
    app = websocket_close(binding)(*args, **kwargs)
    await app(make_scope(), peer.receive, peer.send)
    expect.sent(peer, [expected])


@pytest.mark.clause("CLOSE-5")
@pytest.mark.parametrize("reason", LONGEST_REASONS, ids=describe)
async def test_websocket_close_app_sends_a_reason_of_123_bytes(binding: Binding, reason: str) -> None:
    peer = Peer(CONNECT)
    await websocket_close(binding)(4000, reason)(make_scope(), peer.receive, peer.send)
    expect.sent(peer, [close_message(4000, reason)], f"messages sent by WebSocketClose(4000, {describe(reason)})")


@pytest.mark.clause("CLOSE-5")
async def test_one_websocket_close_app_closes_every_connection_it_serves(binding: Binding) -> None:
    # An ASGI application is called once per connection: one instance may serve many.
    app = websocket_close(binding)(1008, "policy")
    for index in range(3):
        peer = Peer(CONNECT)
        await app(make_scope(), peer.receive, peer.send)
        expect.sent(peer, [close_message(1008, "policy")], f"messages sent by the same WebSocketClose, call {index}")


# -- CLOSE-8, CLOSE-11 to CLOSE-15: refused arguments ------------------------------------------------------


async def refused_close(
    binding: Binding,
    refusal: support.Refusal,
    accept_first: bool,
    error: type[Exception],
    what: str,
    args: tuple[object, ...],
    *,
    mentioning: Sequence[support.Mention] = (),
) -> None:
    """``close(*args)`` is refused before sending anything, and a valid ``close()`` works after it."""
    peer, ws = await connection(binding, accept_first)
    with refusal.raises(error, what=what, mentioning=mentioning, peer=peer):
        await ws.close(*args)  # type: ignore[arg-type]
    expect.sent(peer, [], f"messages sent by {what}")
    if peer.receive_calls and not accept_first:
        await closes_without_receiving(binding)
    expect.equal(peer.receive_calls, 0, f"calls to receive during {what}")
    # Left as it was: a valid close() still closes.
    await check_closes_after(binding, accept_first, peer, ws, what)


REFUSED_CODES = [999, 0, -1, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535, 65536]
"""Codes RFC 6455 forbids an endpoint to send, at each edge of the ranges CLOSE-11 allows."""


class IntegerLike:
    """An integer that is no ``int``, as a NumPy integer is: it converts to one, and calls itself an ``Integral``.

    ``operator.index()`` and ``int()`` take it and ``isinstance(code, numbers.Integral)`` holds,
    so a check written with any of them lets it through; CLOSE-12 asks for an ``int``.
    """

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value

    def __int__(self) -> int:
        return self.value

    def __eq__(self, other: object) -> bool:
        return other == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"IntegerLike({self.value})"


numbers.Integral.register(IntegerLike)

NOT_INT_CODES: list[object] = ["1000", 1000.0, True, False, None, b"1000", IntegerLike(1000)]
"""Codes CLOSE-12 refuses: not an ``int``, or a ``bool``."""

NOT_STR_REASONS: list[object] = [b"bye", 1, ["bye"], b""]
"""Reasons CLOSE-15 refuses: neither ``None`` nor a ``str``; an empty one too, which ``reason or ""`` would send."""


def naming(code: object) -> re.Pattern[str]:
    """What names ``code`` in an error message: the number standing alone ("0" in "1000" does not)."""
    return re.compile(rf"(?<![\d-]){re.escape(str(code))}(?!\d)")


@support.refusal("CLOSE-11")
@pytest.mark.parametrize("code", REFUSED_CODES)
@ACCEPT_FIRST
async def test_close_refuses_a_code_an_endpoint_may_not_send(
    binding: Binding, refusal: support.Refusal, code: int, accept_first: bool
) -> None:
    what = f"close({code})"
    await refused_close(binding, refusal, accept_first, ValueError, what, (code,), mentioning=[naming(code)])


@support.refusal("CLOSE-12", words=False)
@pytest.mark.parametrize("code", NOT_INT_CODES, ids=repr)
@ACCEPT_FIRST
async def test_close_refuses_a_code_that_is_not_an_int(
    binding: Binding, refusal: support.Refusal, code: object, accept_first: bool
) -> None:
    await refused_close(binding, refusal, accept_first, TypeError, f"close({code!r})", (code,))


@support.refusal("CLOSE-14", words=False)
@pytest.mark.parametrize("reason", [*TOO_LONG_REASONS, *UNENCODABLE_REASONS], ids=describe)
@ACCEPT_FIRST
async def test_close_refuses_a_reason_a_close_frame_cannot_carry(
    binding: Binding, refusal: support.Refusal, reason: str, accept_first: bool
) -> None:
    await refused_close(binding, refusal, accept_first, ValueError, f"close(1000, {describe(reason)})", (1000, reason))


@support.refusal("CLOSE-15", words=False)
@pytest.mark.parametrize("reason", NOT_STR_REASONS, ids=repr)
@ACCEPT_FIRST
async def test_close_refuses_a_reason_that_is_not_a_str(
    binding: Binding, refusal: support.Refusal, reason: object, accept_first: bool
) -> None:
    await refused_close(binding, refusal, accept_first, TypeError, f"close(1000, {reason!r})", (1000, reason))


REFUSED_ARGUMENTS: list[tuple[str, tuple[object, ...]]] = [
    *((f"code-{code}", (code,)) for code in [999, 1005, 1015, 2000, 5000]),
    *((f"code-{code!r}", (code,)) for code in ["1000", True, None]),
    ("reason-124-bytes", (1000, "a" * 124)),
    ("reason-surrogate", (1000, "bye \udc80")),
    *((f"reason-{reason!r}", (1000, reason)) for reason in [b"bye", 1]),
]
"""One of each kind of argument CLOSE-11, CLOSE-12, CLOSE-14 and CLOSE-15 refuse."""


@pytest.mark.clause("CLOSE-8")
@pytest.mark.parametrize("args", [pytest.param(args, id=name) for name, args in REFUSED_ARGUMENTS])
@ACCEPT_FIRST
async def test_close_that_raises_for_its_arguments_sends_nothing(
    binding: Binding, args: tuple[object, ...], accept_first: bool
) -> None:
    # CLOSE-11 to CLOSE-15 say whether these are refused; if they are, nothing may be sent and
    # a valid close() must still close.
    peer, ws = await connection(binding, accept_first)
    what = f"close({shown(args)})"
    try:
        await ws.close(*args)  # type: ignore[arg-type]
    except ScriptExhausted:
        raise
    except Exception:
        pass
    else:
        return  # not refused: that is CLOSE-11 to CLOSE-15's business
    expect.sent(peer, [], f"messages sent by {what}, which raised")
    await check_closes_after(binding, accept_first, peer, ws, f"{what} raised")


# -- CLOSE-13: WebSocketClose refuses what close() refuses --------------------------------------------


def check_refused_close_app(binding: Binding, error: type[Exception], args: tuple[object, ...]) -> None:
    """``WebSocketClose(*args)`` raises ``error`` when it is built, naming the code where CLOSE-11 asks."""
    what = f"WebSocketClose({shown(args)})"
    with expect.raises(error, what=what) as raised:
        websocket_close(binding)(*args)
    if error is ValueError and len(args) == 1:
        expect.true(
            naming(args[0]).search(str(raised.value)) is not None,
            f"a ValueError from {what} naming the code {args[0]}",
            raised.value,
        )


@pytest.mark.clause("CLOSE-13")
def test_websocket_close_refuses_a_code_an_endpoint_may_not_send(binding: Binding) -> None:
    for code in REFUSED_CODES:
        check_refused_close_app(binding, ValueError, (code,))


@pytest.mark.clause("CLOSE-13")
def test_websocket_close_refuses_a_code_that_is_not_an_int(binding: Binding) -> None:
    for code in NOT_INT_CODES:
        check_refused_close_app(binding, TypeError, (code,))


@pytest.mark.clause("CLOSE-13")
def test_websocket_close_refuses_a_reason_a_close_frame_cannot_carry(binding: Binding) -> None:
    for reason in [*TOO_LONG_REASONS, *UNENCODABLE_REASONS]:
        check_refused_close_app(binding, ValueError, (1000, reason))


@pytest.mark.clause("CLOSE-13")
def test_websocket_close_refuses_a_reason_that_is_not_a_str(binding: Binding) -> None:
    for reason in NOT_STR_REASONS:
        check_refused_close_app(binding, TypeError, (1000, reason))
