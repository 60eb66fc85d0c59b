"""RAW: raw ASGI messages through ``ws.send()`` and ``ws.receive()``.

Which messages the STATE tables let through is STATE's; here, what ``send()`` does with a
message it lets through, what ``receive()`` returns, and a message without ``type``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from conformance import expect
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import Peer, binary, disconnect, text
from conformance.suite import support
from conformance.suite.support import ACCEPTED, NEW, RECEIVED_CONNECT, STARTED, Route
from wsproto_api.asgi import Message
from wsproto_api.close_code import CloseCode

pytestmark = pytest.mark.anyio


# A route to each application_state from which the table lets a message through; the handshake
# answers are sent once websocket.connect was received (SPEC.md, STATE).
ROUTE_TO: dict[str, Route] = {"CONNECTING": RECEIVED_CONNECT, "CONNECTED": ACCEPTED, "RESPONSE": STARTED}


def label(message: Message) -> str:
    return "-".join(f"{key}={value!r}" for key, value in message.items()) or "empty"


class OwnMessage(dict[str, Any]):
    """An application's or a server's own message class: a ``dict`` all the same, as ASGI's messages are."""

    __slots__ = ()


# -- RAW-1 ------------------------------------------------------------------------------------------

# Minimal messages and messages with keys the binding has no use for: it passes them on as they are,
# neither filling in defaults nor dropping what it does not know.
PASSED_ON: list[tuple[str, Message]] = [
    ("CONNECTING", {"type": "websocket.accept"}),
    ("CONNECTING", {"type": "websocket.accept", "subprotocol": "chat", "headers": [(b"x-a", b"1"), (b"x-a", b"2")]}),
    ("CONNECTING", {"type": "websocket.close"}),
    ("CONNECTING", {"type": "websocket.close", "code": 4001, "reason": "no", "x-extension": {"k": [1]}}),
    # An empty reason is ASGI's default, but the key is the caller's: it is not tidied away.
    ("CONNECTING", {"type": "websocket.close", "reason": ""}),
    ("CONNECTING", {"type": "websocket.http.response.start", "status": 401, "headers": [], "trailers": False}),
    # Header pairs as lists, which ASGI allows beside tuples: passed on as the caller made them.
    ("CONNECTING", {"type": "websocket.accept", "headers": [[b"x-a", b"1"]]}),
    ("CONNECTING", {"type": "websocket.http.response.start", "status": 403, "headers": [[b"x-a", b"1"]]}),
    ("CONNECTED", {"type": "websocket.send", "text": "é ☃"}),
    ("CONNECTED", {"type": "websocket.send", "bytes": b"\x00\xff", "text": None}),
    # Passed on as the very object, not made into a plain dict.
    ("CONNECTED", OwnMessage(type="websocket.send", text="own type")),
    ("CONNECTED", {"type": "websocket.close", "code": 1001}),
    ("CONNECTED", {"type": "websocket.close", "code": 1000, "reason": ""}),
    # A reason of None means "" to ASGI, and a code may be an IntEnum member, which is the int
    # it stands for: a send() that tidies either into what ASGI's default or a plain int would
    # be has passed on another object than the caller's.
    ("CONNECTED", {"type": "websocket.close", "code": 1000, "reason": None}),
    ("CONNECTED", {"type": "websocket.close", "code": CloseCode.GOING_AWAY, "reason": "bye"}),
    ("RESPONSE", {"type": "websocket.http.response.body", "body": b"den", "more_body": True}),
    ("RESPONSE", {"type": "websocket.http.response.body"}),
]


@pytest.mark.clause("RAW-1")
@pytest.mark.parametrize(
    ("state", "message"), [pytest.param(state, message, id=label(message)) for state, message in PASSED_ON]
)
async def test_send_passes_the_very_message_on(binding: Binding, state: str, message: Message) -> None:
    support.require(binding, *support.sending_needs(message))
    route = ROUTE_TO[state]
    peer, ws = await support.reach(binding, route)
    given = copy.deepcopy(message)
    what = f"send({message}) after {route.name}"
    await ws.send(given)
    expect.passed_on(peer, [given], f"messages sent to the peer by {what}")
    # Unchanged when it reached the peer (the peer's record of it then) and after.
    expect.equal(peer.sent, [message], f"the message as the peer was sent it by {what}")
    expect.equal(given, message, f"the message object after {what}")


# Several messages on one connection: each is passed on as it is, not only the first of its type.
SEVERAL_SENT: list[Message] = [
    {"type": "websocket.send", "text": "one"},
    {"type": "websocket.send", "bytes": b"two"},
    {"type": "websocket.send", "text": "three"},
    {"type": "websocket.close", "code": 1000, "reason": ""},
]


@pytest.mark.clause("RAW-1")
async def test_send_passes_each_of_several_messages_on(binding: Binding) -> None:
    peer, ws = await support.reach(binding, ACCEPTED)
    given = copy.deepcopy(SEVERAL_SENT)
    for number, message in enumerate(given, start=1):
        what = f"send() number {number} of {SEVERAL_SENT} after {ACCEPTED.name}"
        await ws.send(message)
        expect.passed_on(peer, given[:number], f"messages sent to the peer by the sends up to {what}")
    what = f"send() of each of {SEVERAL_SENT} after {ACCEPTED.name}"
    expect.equal(peer.sent, SEVERAL_SENT, f"the messages as the peer was sent them by {what}")
    expect.equal(given, SEVERAL_SENT, f"the message objects after {what}")


# -- RAW-2 ------------------------------------------------------------------------------------------

RECEIVED: list[tuple[str, Message]] = [
    ("CONNECTING", {"type": "websocket.connect"}),
    ("CONNECTING", {"type": "websocket.connect", "x-extension": {"k": [1]}}),
    ("CONNECTED", text("é ☃")),
    ("CONNECTED", binary(b"\x00\xff")),
    ("CONNECTED", OwnMessage(text("own type"))),
    ("CONNECTED", {"type": "websocket.receive", "bytes": None, "text": "both keys"}),
    ("CONNECTED", disconnect(1001, "bye")),
    ("CONNECTED", {"type": "websocket.disconnect", "code": 1006}),
    # A reason of None, which a server may send for "no reason": returned as it came, not tidied into "".
    ("CONNECTED", {"type": "websocket.disconnect", "code": 1000, "reason": None}),
]


@pytest.mark.clause("RAW-2")
@pytest.mark.parametrize(
    ("state", "message"), [pytest.param(state, message, id=label(message)) for state, message in RECEIVED]
)
async def test_receive_returns_the_very_message(binding: Binding, state: str, message: Message) -> None:
    given = copy.deepcopy(message)
    if state == "CONNECTING":
        _, ws = support.connected(binding, given)
    else:
        _, ws = await support.accepted(binding, given)
    what = f"receive() of {message} from client_state {state}"
    received = await ws.receive()
    expect.true(received is given, f"{what} to return the very message object the peer returned", received)
    expect.equal(received, message, f"the message returned by {what}")


# Several messages on one connection: each is returned as it is, not only the first of its type.
SEVERAL_RECEIVED: list[Message] = [text("one"), binary(b"two"), text("three"), binary(b"four")]


@pytest.mark.clause("RAW-2")
async def test_receive_returns_each_of_several_messages(binding: Binding) -> None:
    given = copy.deepcopy(SEVERAL_RECEIVED)
    _, ws = await support.accepted(binding, *given)
    for number, (message, original) in enumerate(zip(given, SEVERAL_RECEIVED, strict=True), start=1):
        what = f"receive() number {number} of {SEVERAL_RECEIVED} after accept()"
        received = await ws.receive()
        expect.true(received is message, f"{what} to return the very message object the peer returned", received)
        expect.equal(received, original, f"the message returned by {what}")


# -- RAW-5 and RAW-4: a message without type -------------------------------------------------------

UNTYPED: list[Message] = [{}, {"text": "hi"}, {"code": 1000, "reason": ""}]

SEND_CASES = [
    # Each state with two of the messages, each message in two states.
    pytest.param(state, UNTYPED[(i + i // 3) % 3], id=f"{state}-{label(UNTYPED[(i + i // 3) % 3])}")
    for i, state in enumerate(["CONNECTING", "CONNECTED", "RESPONSE"] * 2)
]
RECEIVE_CASES = [
    pytest.param(accept_first, message, id=f"{'CONNECTED' if accept_first else 'CONNECTING'}-{label(message)}")
    for accept_first in (False, True)
    for message in UNTYPED[:2]
]


async def send_untyped(
    binding: Binding, state: str, message: Message, clause_id: str
) -> tuple[Peer, Exception | None, str]:
    """``send(message)`` in ``state``, in a test of ``clause_id``: the peer, what it raised (or None), what it was."""
    route = NEW if state == "CONNECTING" else ROUTE_TO[state]
    peer, ws = await support.reach(binding, route)
    try:
        await ws.send(copy.deepcopy(message))
    except Exception as error:
        support.block_if_missing(error, clause_id)
        return peer, error, f"send({message}) after {route.name}"
    return peer, None, f"send({message}) after {route.name}"


async def receive_untyped(
    binding: Binding, accept_first: bool, message: Message, clause_id: str
) -> tuple[Exception | None, str]:
    """``receive()`` of ``message``, for a test of ``clause_id``: what it raised (or ``None``), and what it was."""
    if accept_first:
        _, ws = await support.accepted(binding, copy.deepcopy(message))
    else:
        _, ws = support.connected(binding, copy.deepcopy(message))
    what = f"receive() of {message} {'after accept()' if accept_first else 'on a new connection'}"
    try:
        await ws.receive()
    except Exception as error:
        support.block_if_missing(error, clause_id)
        return error, what
    return None, what


def raised(error: Exception | None, what: str) -> None:
    """RAW-5: fail unless the call raised."""
    if error is None:
        raise AssertionError(f"{what}: expected the call to raise, nothing was raised")


def runtime_error_naming_type(error: Exception | None, what: str) -> None:
    """RAW-4: fail unless the error is a ``RuntimeError`` that mentions ``type``; blocked by RAW-5 if none."""
    if error is None:
        pytest.skip(f"{BLOCKED}RAW-5: {what} did not raise, so its error cannot be judged")
    if not isinstance(error, RuntimeError):
        raise AssertionError(f"{what}: expected RuntimeError, saw {type(error).__name__}: {error}") from error
    expect.true("type" in str(error), f"{what} to raise an error whose message mentions 'type'", error)


@pytest.mark.clause("RAW-5")
@pytest.mark.parametrize(("state", "message"), SEND_CASES)
async def test_send_without_type_raises_and_sends_nothing(binding: Binding, state: str, message: Message) -> None:
    peer, error, what = await send_untyped(binding, state, message, "RAW-5")
    raised(error, what)
    expect.sent(peer, [], f"messages sent to the peer by {what}")


@pytest.mark.clause("RAW-5")
@pytest.mark.parametrize(("accept_first", "message"), RECEIVE_CASES)
async def test_receive_without_type_raises(binding: Binding, accept_first: bool, message: Message) -> None:
    raised(*await receive_untyped(binding, accept_first, message, "RAW-5"))


@pytest.mark.clause("RAW-4")
@pytest.mark.parametrize(("state", "message"), SEND_CASES)
async def test_send_without_type_raises_runtime_error(binding: Binding, state: str, message: Message) -> None:
    _, error, what = await send_untyped(binding, state, message, "RAW-4")
    runtime_error_naming_type(error, what)


@pytest.mark.clause("RAW-4")
@pytest.mark.parametrize(("accept_first", "message"), RECEIVE_CASES)
async def test_receive_without_type_raises_runtime_error(
    binding: Binding, accept_first: bool, message: Message
) -> None:
    runtime_error_naming_type(*await receive_untyped(binding, accept_first, message, "RAW-4"))
