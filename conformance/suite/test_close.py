"""CLOSE: closing the connection."""

from __future__ import annotations

import re

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, make_scope
from conformance.suite.support import skip_absent, states
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio


def close_message(code: int, reason: str) -> Message:
    return {"type": "websocket.close", "code": code, "reason": reason}


@pytest.mark.clause("CLOSE-1")
async def test_close_sends_code_1000_and_empty_reason(binding: Binding) -> None:
    peer, ws = await binding.accepted()
    await ws.close()
    expect.sent(peer, [DEFAULT_ACCEPT, close_message(1000, "")])


@pytest.mark.clause("CLOSE-2")
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1001, "going away"), {}, close_message(1001, "going away")),
        ((4000,), {}, close_message(4000, "")),
        ((1011, None), {}, close_message(1011, "")),
        ((), {"code": 3000, "reason": "é ☃"}, close_message(3000, "é ☃")),
        ((), {"reason": "bye"}, close_message(1000, "bye")),
        ((), {"code": 1008, "reason": None}, close_message(1008, "")),
    ],
)
async def test_close_sends_code_and_reason(
    binding: Binding, args: tuple[int | str | None, ...], kwargs: dict[str, int | str | None], expected: Message
) -> None:
    peer, ws = await binding.accepted()
    await ws.close(*args, **kwargs)  # type: ignore[arg-type]
    expect.sent(peer, [DEFAULT_ACCEPT, expected])


@pytest.mark.clause("CLOSE-3")
async def test_close_before_accept_sends_close_without_receiving(binding: Binding) -> None:
    peer, ws = binding.connect(CONNECT)
    await ws.close(1008, "no")
    expect.sent(peer, [close_message(1008, "no")])
    expect.equal(peer.receive_calls, 0, "calls to receive")
    expect.equal(ws.application_state.name, "DISCONNECTED", "application_state after close()")


@pytest.mark.clause("CLOSE-4")
@pytest.mark.parametrize("accept_first", [True, False], ids=["accepted", "not-accepted"])
async def test_second_close_raises_disconnected(binding: Binding, accept_first: bool) -> None:
    peer, ws = binding.connect(CONNECT)
    if accept_first:
        await ws.accept()
    await ws.close()
    before = list(peer.sent)
    with expect.raises(binding.disconnected_error, what="a second close()"):
        await ws.close()
    expect.sent(peer, before)


@pytest.mark.clause("CLOSE-5")
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((), {}, close_message(1000, "")),
        ((1001,), {}, close_message(1001, "")),
        ((1008, "policy"), {}, close_message(1008, "policy")),
        ((), {"code": 4000, "reason": None}, close_message(4000, "")),
        ((), {"reason": "bye"}, close_message(1000, "bye")),
    ],
)
async def test_websocket_close_app_sends_close(
    binding: Binding, args: tuple[int | str, ...], kwargs: dict[str, int | str | None], expected: Message
) -> None:
    if binding.WebSocketClose is None:
        skip_absent("WebSocketClose")
    peer = Peer(CONNECT)
    app = binding.WebSocketClose(*args, **kwargs)
    await app(make_scope(), peer.receive, peer.send)
    expect.sent(peer, [expected])


async def connection(binding: Binding, accept_first: bool) -> tuple[Peer, wsproto_api.WebSocket]:
    """A connection that is accepted, or new (nothing received, nothing sent)."""
    return await binding.accepted() if accept_first else binding.connect(CONNECT)


async def check_refused_close(
    binding: Binding,
    accept_first: bool,
    error: type[Exception],
    what: str,
    args: tuple[object, ...],
    *,
    naming_code: int | None = None,
) -> None:
    """``close(*args)`` raises ``error`` before sending anything, and a valid ``close()`` works after it."""
    peer, ws = await connection(binding, accept_first)
    sent, calls, before = list(peer.sent), peer.receive_calls, states(ws)
    with expect.raises(error, what=what) as raised:
        await ws.close(*args)  # type: ignore[arg-type]
    expect.sent(peer, sent, f"messages sent by {what}")
    expect.equal(peer.receive_calls, calls, f"calls to receive during {what}")
    expect.equal(states(ws), before, f"(client_state, application_state) after {what}")
    if naming_code is not None:
        # The code as a number of its own: "0" inside "1000" does not name code 0.
        expect.true(
            re.search(rf"(?<![\d-]){naming_code}(?!\d)", str(raised.value)) is not None,
            f"a {error.__name__} from {what} naming the code {naming_code}",
            raised.value,
        )
    await ws.close()
    expect.sent(peer, [*sent, close_message(1000, "")], f"messages sent by a valid close() after {what}")
    expect.equal(ws.application_state.name, "DISCONNECTED", f"application_state after a valid close() after {what}")


ACCEPT_FIRST = pytest.mark.parametrize("accept_first", [True, False], ids=["accepted", "not-accepted"])

# Each test below tries every case of a list on a new connection, and fails at the first
# case handled wrongly, so that a binding that lacks a check fails once, not once per case.

REFUSED_CODES = [999, 0, -1, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535, 65536]
"""Codes RFC 6455 forbids an endpoint to send, at each edge of the ranges CLOSE-6 allows."""

SENDABLE_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1011, 1014, 3000, 3999, 4000, 4999]
"""Codes CLOSE-6 allows, at each edge of its ranges."""


@pytest.mark.clause("CLOSE-6")
@ACCEPT_FIRST
async def test_close_refuses_a_code_an_endpoint_may_not_send(binding: Binding, accept_first: bool) -> None:
    for code in REFUSED_CODES:
        await check_refused_close(binding, accept_first, ValueError, f"close({code})", (code,), naming_code=code)


@pytest.mark.clause("CLOSE-6")
@ACCEPT_FIRST
async def test_close_refuses_a_code_that_is_not_an_int(binding: Binding, accept_first: bool) -> None:
    for code in ["1000", 1000.0, True, False, None, b"1000"]:
        await check_refused_close(binding, accept_first, TypeError, f"close({code!r})", (code,))


@pytest.mark.clause("CLOSE-6")
@ACCEPT_FIRST
async def test_close_sends_a_code_an_endpoint_may_send(binding: Binding, accept_first: bool) -> None:
    for code in SENDABLE_CODES:
        peer, ws = await connection(binding, accept_first)
        sent = list(peer.sent)
        await ws.close(code)
        expect.sent(peer, [*sent, close_message(code, "")], f"messages sent by close({code})")


# 123 bytes in UTF-8 at most: one, two, three and four bytes a character.
LONGEST_REASONS = ["a" * 123, "é" * 61 + "a", "☃" * 41, "😀" * 30 + "abc"]
TOO_LONG_REASONS = ["a" * 124, "é" * 62, "☃" * 41 + "a", "😀" * 31, "a" * 1000]
# Text UTF-8 cannot encode: a lone surrogate, high or low, alone or beside valid text.
UNENCODABLE_REASONS = ["\ud800", "bye \udc80", "\udfff\ud800"]


def describe(reason: str) -> str:
    return f"<a reason of {len(reason)} characters, {len(reason.encode())} bytes in UTF-8>"


@pytest.mark.clause("CLOSE-7")
@ACCEPT_FIRST
async def test_close_refuses_a_reason_longer_than_123_bytes(binding: Binding, accept_first: bool) -> None:
    for reason in TOO_LONG_REASONS:
        await check_refused_close(binding, accept_first, ValueError, f"close(1000, {describe(reason)})", (1000, reason))


@pytest.mark.clause("CLOSE-7")
@ACCEPT_FIRST
async def test_close_refuses_a_reason_that_is_not_a_str(binding: Binding, accept_first: bool) -> None:
    for reason in [b"bye", 1, ["bye"]]:
        await check_refused_close(binding, accept_first, TypeError, f"close(1000, {reason!r})", (1000, reason))


@pytest.mark.clause("CLOSE-7")
@ACCEPT_FIRST
async def test_close_sends_a_reason_of_123_bytes(binding: Binding, accept_first: bool) -> None:
    for reason in LONGEST_REASONS:
        peer, ws = await connection(binding, accept_first)
        sent = list(peer.sent)
        await ws.close(4000, reason)
        expect.sent(peer, [*sent, close_message(4000, reason)], f"messages sent by close(4000, {describe(reason)})")


@pytest.mark.clause("CLOSE-7")
@ACCEPT_FIRST
async def test_close_refuses_a_reason_utf8_cannot_encode(binding: Binding, accept_first: bool) -> None:
    for reason in UNENCODABLE_REASONS:
        await check_refused_close(binding, accept_first, ValueError, f"close(1000, {reason!r})", (1000, reason))


def check_refused_close_app(binding: Binding, error: type[Exception], args: tuple[object, ...]) -> None:
    """``WebSocketClose(*args)`` raises ``error`` when it is built."""
    if binding.WebSocketClose is None:
        skip_absent("WebSocketClose")
    with expect.raises(error, what=f"WebSocketClose{args!r}"):
        binding.WebSocketClose(*args)


@pytest.mark.clause("CLOSE-6")
def test_websocket_close_refuses_a_code_an_endpoint_may_not_send(binding: Binding) -> None:
    for code in REFUSED_CODES:
        check_refused_close_app(binding, ValueError, (code,))
    for not_an_int in ["1000", 1000.0, True, None]:
        check_refused_close_app(binding, TypeError, (not_an_int,))


@pytest.mark.clause("CLOSE-7")
def test_websocket_close_refuses_a_reason_a_close_frame_cannot_carry(binding: Binding) -> None:
    for reason in [*TOO_LONG_REASONS, *UNENCODABLE_REASONS]:
        check_refused_close_app(binding, ValueError, (1000, reason))
    for not_a_str in [b"bye", 1]:
        check_refused_close_app(binding, TypeError, (1000, not_a_str))
