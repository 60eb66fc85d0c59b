"""RECV: receiving data."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, cast

import anyio
import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import CONNECT, Peer, binary, disconnect, text
from conformance.suite import support
from conformance.suite.payloads import DECOMPOSED, MANY_TEXTS, long_bytes_param, long_text_param
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio

Operation = Callable[[wsproto_api.WebSocket], Awaitable[Any]]

RECEIVERS: dict[str, Operation] = {
    "receive_text": lambda ws: ws.receive_text(),
    "receive_bytes": lambda ws: ws.receive_bytes(),
    "receive_json": lambda ws: ws.receive_json(),
    "receive_json-binary": lambda ws: ws.receive_json(mode="binary"),
}
"""The typed receiving calls, which every binding has."""

RECEIVE_ALL: dict[str, Operation] = {**RECEIVERS, "receive": lambda ws: ws.receive()}
"""The typed receiving calls and raw ``receive()``, which only a binding with the raw feature has."""

CALLS: dict[str, str] = {
    "receive_text": "receive_text()",
    "receive_bytes": "receive_bytes()",
    "receive_json": "receive_json()",
    "receive_json-binary": 'receive_json(mode="binary")',
    "receive": "receive()",
}
"""How each of :data:`RECEIVE_ALL` is written, for failure messages."""

OWN_CLAUSE: dict[str, str] = {
    "receive_text": "RECV-1",
    "receive_bytes": "RECV-2",
    "receive_json": "JSON-3",
    "receive_json-binary": "JSON-4",
    "receive": "RAW-2",
}
"""The clause that says what each of :data:`RECEIVE_ALL` returns for a data message."""

# For each of RECEIVE_ALL: two messages the peer may deliver, and what the call returns for each.
DELIVERIES: dict[str, list[tuple[Message, object]]] = {
    "receive_text": [(text("next"), "next"), (text("after"), "after")],
    "receive_bytes": [(binary(b"next"), b"next"), (binary(b"after"), b"after")],
    "receive_json": [(text('{"next": 1}'), {"next": 1}), (text("[2]"), [2])],
    "receive_json-binary": [(binary(b'{"next": 1}'), {"next": 1}), (binary(b"[2]"), [2])],
    "receive": [(text("next"), text("next")), (binary(b"after"), binary(b"after"))],
}


def needs(binding: Binding, *names: str) -> None:
    """Leave the test unrun, as absent, when one of ``names`` is ``receive()`` and the binding has no raw feature."""
    if "receive" in names:
        support.require(binding, "raw")


async def outcome_of(operation: Operation, ws: wsproto_api.WebSocket) -> object:
    """What ``operation`` returns, or the exception it raises."""
    try:
        return await operation(ws)
    except Exception as error:
        return error


def shown(outcome: object) -> str:
    """An outcome of :func:`outcome_of` as a failure message shows it."""
    if isinstance(outcome, BaseException):
        return f"raised {type(outcome).__name__}: {outcome}"
    return f"returned {outcome!r}"


async def check_works(binding: Binding, name: str) -> None:
    """Block the test by ``name``'s own clause unless, on a new connection, it returns what the peer delivers.

    A test that judges how a later call behaves after something else happened needs that
    call to work at all; when it does not, the failure is its own clause's.
    """
    message, expected = DELIVERIES[name][0]
    _, probe = await support.accepted(binding, message)
    seen = await outcome_of(RECEIVE_ALL[name], probe)
    support.step_gave(seen, expected, OWN_CLAUSE[name], f"{CALLS[name]} for {message!r} on a new accepted connection")


# -- RECV-1, RECV-2: one message each ------------------------------------------------------------


@pytest.mark.clause("RECV-1")
@pytest.mark.parametrize(
    "data", ["hello", "", "snow ☃ and 😀", '{"a": 1}', " padded\t\r\n", " ", DECOMPOSED, long_text_param()]
)
async def test_receive_text_returns_text_of_one_message(binding: Binding, data: str) -> None:
    peer, ws = await support.accepted(binding, text(data), text("second"))
    # As a plain object: the contract's type already claims a str, the check is on the binding.
    seen = cast(object, await ws.receive_text())
    expect.equal(seen, data, "receive_text() of the first message")
    # The message's text is a str: an object that only equals it is not what was received.
    expect.true(isinstance(seen, str), "receive_text() to return a str", type(seen))
    expect.equal(peer.receive_calls, 1, "messages received by one receive_text()")
    expect.equal(await ws.receive_text(), "second", "receive_text() of the second message")
    expect.equal(peer.receive_calls, 2, "messages received by two receive_text()")


async def check_receives_many_in_order(binding: Binding, kind: str) -> None:
    """Fail unless ``receive_text()`` or ``receive_bytes()`` (``kind``) returns each of ``MANY_TEXTS`` in turn."""
    payloads: list[str | bytes] = [data if kind == "text" else data.encode() for data in MANY_TEXTS]
    peer, ws = await support.accepted(binding, *(text(p) if isinstance(p, str) else binary(p) for p in payloads))
    call = ws.receive_text if kind == "text" else ws.receive_bytes
    for index, data in enumerate(payloads):
        expect.equal(await call(), data, f"receive_{kind}() of message {index}")
    expect.equal(peer.receive_calls, len(payloads), f"messages received by {len(payloads)} receive_{kind}()")


@pytest.mark.clause("RECV-1")
async def test_receive_text_returns_each_of_many_messages_in_order(binding: Binding) -> None:
    await check_receives_many_in_order(binding, "text")


@pytest.mark.clause("RECV-2")
async def test_receive_bytes_returns_each_of_many_messages_in_order(binding: Binding) -> None:
    await check_receives_many_in_order(binding, "bytes")


async def check_receives_after_the_other_kind(binding: Binding, kind: str) -> None:
    """Fail unless ``receive_text()`` or ``receive_bytes()`` (``kind``) reads the message after one of the other kind.

    What the call makes of a message without its payload is RECV-6's and RECV-9's rule: it
    raises, or returns ``None``. Either way that call took one message, and the next call
    receives the next one, as on any accepted connection.
    """
    name = f"receive_{kind}"
    other, message, expected = (
        (binary(b"other"), text("next"), "next") if kind == "text" else (text("other"), binary(b"next"), b"next")
    )
    peer, ws = await support.accepted(binding, other, message)
    first = await outcome_of(RECEIVERS[name], ws)
    if isinstance(first, Exception):
        support.block_if_missing(first, "RECV-1" if kind == "text" else "RECV-2")
    what = f"{CALLS[name]} of {other!r}, which it {shown(first)}"
    if peer.receive_calls > 1:
        # It passed over the message without its payload, which RECV-9 says it may not.
        pytest.skip(f"{BLOCKED}RECV-9 ({what}): it received {peer.receive_calls} messages")
    expect.equal(peer.receive_calls, 1, f"messages received by {what}")
    seen = await outcome_of(RECEIVERS[name], ws)
    expect.equal(shown(seen), shown(expected), f"{CALLS[name]} of {message!r}, after {what}")


@pytest.mark.clause("RECV-1")
async def test_receive_text_after_a_binary_message(binding: Binding) -> None:
    await check_receives_after_the_other_kind(binding, "text")


@pytest.mark.clause("RECV-2")
async def test_receive_bytes_after_a_text_message(binding: Binding) -> None:
    await check_receives_after_the_other_kind(binding, "bytes")


@pytest.mark.clause("RECV-1")
async def test_receive_text_waits_on_two_connections_at_once(binding: Binding) -> None:
    # One receiver at a time is a rule of each connection (RECV-8), not of the process.
    connections = [await support.accepted(binding, block_when_empty=True) for _ in range(2)]
    outcomes: dict[int, object] = {}

    async def receive(index: int) -> None:
        outcomes[index] = await outcome_of(RECEIVERS["receive_text"], connections[index][1])

    async with anyio.create_task_group() as tasks:
        for index in range(2):
            tasks.start_soon(receive, index)
            await anyio.wait_all_tasks_blocked()
        # The second connection's message first: each call gets its own connection's.
        for index in (1, 0):
            connections[index][0].push(text(f"for connection {index}"))
            await anyio.wait_all_tasks_blocked()
    for index in range(2):
        what = f"receive_text() on connection {index} of two, each waiting for its peer at once"
        expect.equal(shown(outcomes[index]), shown(f"for connection {index}"), what)


@pytest.mark.clause("RECV-1")
async def test_receive_text_inside_a_loop_over_iter_text(binding: Binding) -> None:
    # A loop's body runs while its iterator waits at a yield, not for a message: a receive_text()
    # there takes the next message (the iterator stepped by hand, as async for steps it).
    control_peer, control = await support.accepted(binding, text("a"), text("b"), text("c"), disconnect())
    if not support.has_iterator(control, "iter_text"):
        return
    await support.iterate_to_the_disconnect(control_peer, control, "iter_text", items=3)
    peer, ws = await support.accepted(binding, text("a"), text("b"), text("c"), disconnect())
    seen: list[object] = []
    iterator = ws.iter_text()
    with support.arrange("ITER-1", "the first item of iter_text()"):
        seen.append(await iterator.__anext__())
    support.step_gave(seen, ["a"], "ITER-1", "the first item of iter_text()")
    seen.append(await outcome_of(RECEIVERS["receive_text"], ws))
    expect.equal(shown(seen[1]), shown("b"), "receive_text() inside async for over iter_text(), after its first item")
    expect.equal(peer.receive_calls, 2, "messages received once receive_text() inside the loop returned")
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        await aclose()


@pytest.mark.clause("RECV-1")
async def test_receive_text_reads_text_beside_a_none_bytes_key(binding: Binding) -> None:
    # ASGI lets a message hold both keys as long as exactly one of them is not None.
    peer, ws = await support.accepted(binding, {"type": "websocket.receive", "bytes": None, "text": "hi"})
    expect.equal(await ws.receive_text(), "hi", "receive_text() of a text message whose 'bytes' is None")
    expect.equal(peer.receive_calls, 1, "messages received by one receive_text()")


@pytest.mark.clause("RECV-2")
@pytest.mark.parametrize(
    "data", [b"hello", b"", b"\x00\xff\x80", b'{"a": 1}', b" padded\r\n", b"\n", long_bytes_param()]
)
async def test_receive_bytes_returns_bytes_of_one_message(binding: Binding, data: bytes) -> None:
    peer, ws = await support.accepted(binding, binary(data), binary(b"second"))
    seen = cast(object, await ws.receive_bytes())
    expect.equal(seen, data, "receive_bytes() of the first message")
    expect.true(isinstance(seen, bytes), "receive_bytes() to return bytes", type(seen))
    expect.equal(peer.receive_calls, 1, "messages received by one receive_bytes()")
    expect.equal(await ws.receive_bytes(), b"second", "receive_bytes() of the second message")
    expect.equal(peer.receive_calls, 2, "messages received by two receive_bytes()")


@pytest.mark.clause("RECV-2")
async def test_receive_bytes_reads_bytes_beside_a_none_text_key(binding: Binding) -> None:
    # ASGI lets a message hold both keys as long as exactly one of them is not None.
    peer, ws = await support.accepted(binding, {"type": "websocket.receive", "text": None, "bytes": b"hi"})
    expect.equal(await ws.receive_bytes(), b"hi", "receive_bytes() of a binary message whose 'text' is None")
    expect.equal(peer.receive_calls, 1, "messages received by one receive_bytes()")


# -- RECV-3: a disconnect raises WebSocketDisconnect ---------------------------------------------


@pytest.mark.clause("RECV-3")
@pytest.mark.parametrize("name", RECEIVERS)
@pytest.mark.parametrize(
    ("message", "code", "reason"),
    [
        (disconnect(1001, "going away"), 1001, "going away"),
        (disconnect(4000, "é ☃"), 4000, "é ☃"),
        (disconnect(1000, ""), 1000, ""),
        ({"type": "websocket.disconnect", "code": 1006}, 1006, ""),
        ({"type": "websocket.disconnect", "code": 1011, "reason": None}, 1011, ""),
        # The code a server gives when the client's close frame had none (ASGI).
        ({"type": "websocket.disconnect", "code": 1005}, 1005, ""),
        # The reason as the client sent it: whitespace is part of it, not to be stripped.
        (disconnect(1001, "  going away \t"), 1001, "  going away \t"),
        (disconnect(4000, "   "), 4000, "   "),
        # A code the IANA registry gives a framework (3000, Unauthorized): neither RFC 6455's nor private.
        (disconnect(3000, "unauthorized"), 3000, "unauthorized"),
    ],
    ids=[
        "reason",
        "non-ascii-reason",
        "empty-reason",
        "no-reason",
        "reason-none",
        "1005",
        "padded-reason",
        "spaces",
        "3000-registered",
    ],
)
async def test_receive_disconnect_raises_websocket_disconnect(
    binding: Binding, name: str, message: Message, code: int, reason: str
) -> None:
    peer, ws = await support.accepted(binding, message)
    what = f"{CALLS[name]} receiving {message!r}"
    # The seed names the exception: its class is part of the MUST.
    with expect.raises(binding.WebSocketDisconnect, what=what) as raised:
        await RECEIVERS[name](ws)
    expect.equal(getattr(raised.value, "code", None), code, f"WebSocketDisconnect.code from {what}")
    expect.equal(getattr(raised.value, "reason", None), reason, f"WebSocketDisconnect.reason from {what}")
    expect.equal(peer.receive_calls, 1, f"messages received by {what}")


# -- RECV-4: refused before accept() -------------------------------------------------------------

BEFORE_ACCEPT = [
    support.NEW,
    support.RECEIVED_CONNECT,
    support.CLOSED_FIRST,
    support.RECEIVED_THEN_CLOSED,
    # A denial response under way answers the handshake without accepting it: neither
    # CONNECTING nor DISCONNECTED, a state that a check of those two alone lets through.
    support.STARTED,
]
"""Histories in which the application has not accepted the connection."""


@support.refusal("RECV-4", words=False)
@pytest.mark.parametrize("name", RECEIVERS)
@pytest.mark.parametrize("route", BEFORE_ACCEPT, ids=[route.name for route in BEFORE_ACCEPT])
async def test_receive_before_accept_is_refused_without_receiving(
    binding: Binding, refusal: support.Refusal, name: str, route: support.Route
) -> None:
    (message, expected), _ = DELIVERIES[name]
    # websocket.connect, unless the route received it, then a data message: what accept() and
    # the call would receive once the connection is accepted.
    then = (() if route.incoming else (CONNECT,)) + (message,)
    peer, ws = await support.reach(binding, route, *then)
    what = f"{CALLS[name]} before accept() (after {route.name})"
    with refusal.raises(RuntimeError, what=what, peer=peer):
        await RECEIVERS[name](ws)
    expect.equal(peer.receive_calls, 0, f"times {what} awaited the peer's receive")
    expect.sent(peer, [], f"messages sent by {what}")
    if route.application == "CONNECTING":
        # The refused call took nothing: once accepted, the same call receives the message.
        await check_works(binding, name)
        await support.still_accepts(binding, route, peer, ws, what, *then)
        received = await RECEIVERS[name](ws)
        expect.equal(received, expected, f"{CALLS[name]} after accept(), following the refused {what}")


# -- RECV-5: refused after the disconnect was received -------------------------------------------


async def receive_disconnect(peer: Peer, ws: wsproto_api.WebSocket, first: str) -> None:
    """Have ``first`` receive the peer's ``websocket.disconnect``: the arrangement of a RECV-5 test.

    How the disconnect surfaces from that call is RECV-3's business (or RAW-2's, for
    ``receive()``); only its receipt matters here. ``first`` may be an iterator too: the
    disconnect that ends an ``async for`` loop is received as surely as one a call raised for.
    """
    if first in support.ITERATORS:
        await support.iterate_to_the_disconnect(peer, ws, first, items=0)
        peer.forget()
        return
    clause = "RAW-2" if first == "receive" else "RECV-3"
    with support.arrange(clause, CALLS[first]):
        seen = await outcome_of(RECEIVE_ALL[first], ws)
    if peer.receive_calls != 1:
        pytest.skip(
            f"{BLOCKED}{clause} ({CALLS[first]}): it did not receive the peer's websocket.disconnect, it {shown(seen)}"
        )
    peer.forget()


@support.refusal("RECV-5", words=False)
@pytest.mark.parametrize("name", RECEIVE_ALL)
@pytest.mark.parametrize(
    "first",
    [*RECEIVE_ALL, *support.ITERATORS],
    ids=[f"after-{first}" for first in [*RECEIVE_ALL, *support.ITERATORS]],
)
async def test_receive_after_disconnect_is_refused_without_receiving(
    binding: Binding, refusal: support.Refusal, name: str, first: str
) -> None:
    needs(binding, name, first)
    peer, ws = await support.accepted(binding, disconnect(1001, "bye"), text("late"), binary(b"late"))
    await receive_disconnect(peer, ws, first)
    by = f"async for over {first}()" if first in support.ITERATORS else CALLS[first]
    what = f"{CALLS[name]} after {by} received websocket.disconnect"
    with refusal.raises(binding.disconnected_error, what=what, peer=peer):
        await RECEIVE_ALL[name](ws)
    expect.equal(peer.receive_calls, 0, f"times {what} awaited the peer's receive")
    expect.sent(peer, [], f"messages sent by {what}")
    # The refusal changed nothing: the connection is still one whose client has left.
    again = await outcome_of(RECEIVE_ALL[name], ws)
    expect.true(isinstance(again, Exception), f"a second {what} to be refused too", again)
    expect.equal(peer.receive_calls, 0, f"times a second {what} awaited the peer's receive")


@support.refusal("RECV-5", words=False)
@pytest.mark.parametrize("name", RECEIVE_ALL)
async def test_receive_after_disconnect_and_close_is_refused_without_receiving(
    binding: Binding, refusal: support.Refusal, name: str
) -> None:
    # The application closing after the client left changes nothing: the client has left.
    needs(binding, name)
    peer, ws = await support.accepted(binding, disconnect(1001, "bye"), text("late"), binary(b"late"))
    await support.client_leaves(binding, ws)
    with support.arrange("CLOSE-9", "close() after the client left"):
        await ws.close()
    peer.forget()
    what = f"{CALLS[name]} after receive_text() received websocket.disconnect and close() followed"
    with refusal.raises(binding.disconnected_error, what=what, peer=peer):
        await RECEIVE_ALL[name](ws)
    expect.equal(peer.receive_calls, 0, f"times {what} awaited the peer's receive")
    expect.sent(peer, [], f"messages sent by {what}")


# -- RECV-6 and RECV-9: a message without the payload the method reads ---------------------------

# For each typed method: messages without the payload it reads.
WITHOUT_PAYLOAD: dict[str, list[Message]] = {
    "receive_text": [
        binary(b"data"),
        {"type": "websocket.receive"},
        {"type": "websocket.receive", "text": None},
        {"type": "websocket.receive", "bytes": None},
        {"type": "websocket.receive", "text": None, "bytes": b"x"},
    ],
    "receive_bytes": [
        text("data"),
        {"type": "websocket.receive"},
        {"type": "websocket.receive", "bytes": None},
        {"type": "websocket.receive", "text": None},
        {"type": "websocket.receive", "bytes": None, "text": "x"},
    ],
    "receive_json": [
        binary(b"{}"),
        {"type": "websocket.receive"},
        {"type": "websocket.receive", "text": None},
        {"type": "websocket.receive", "text": None, "bytes": b"{}"},
    ],
    "receive_json-binary": [
        text("{}"),
        {"type": "websocket.receive"},
        {"type": "websocket.receive", "bytes": None},
        {"type": "websocket.receive", "bytes": None, "text": "{}"},
    ],
}

PAYLOAD_KEY: dict[str, str] = {
    "receive_text": "text",
    "receive_bytes": "bytes",
    "receive_json": "text",
    "receive_json-binary": "bytes",
}
"""The key each of :data:`RECEIVERS` reads."""


def without_payload_cases(names: list[str]) -> list[Any]:
    return [
        pytest.param(name, message, id=f"{name}-{index}")
        for name in names
        for index, message in enumerate(WITHOUT_PAYLOAD[name])
    ]


@pytest.mark.clause("RECV-6")
@pytest.mark.parametrize(("name", "message"), without_payload_cases(list(RECEIVERS)))
async def test_receive_missing_payload_raises_runtime_error_naming_keys(
    binding: Binding, name: str, message: Message
) -> None:
    key = PAYLOAD_KEY[name]
    other = "bytes" if key == "text" else "text"
    _, ws = await support.accepted(binding, message)
    # The other key counts as what the message holds only when it holds a payload.
    held = other if message.get(other) is not None else None
    what = f"{CALLS[name]} of {message!r}, without a {key!r} payload"
    with expect.raises(RuntimeError, what=what) as raised:
        await RECEIVERS[name](ws)
    # What the message holds instead is the other key, or, where it holds no payload, neither:
    # said in that word, or as "nothing", or by naming the other key that is missing too.
    instead = rf"\b{held}\b" if held is not None else rf"\b((?i:neither|nothing)|{other})\b"
    role = f"the key the message holds instead, {held!r}" if held is not None else "that it holds neither key"
    for pattern, named in [(rf"\b{key}\b", f"the missing key, {key!r}"), (instead, role)]:
        # A key as a word of its own, not inside a method name such as "receive_text".
        expect.true(
            re.search(pattern, str(raised.value)) is not None,
            f"a RuntimeError from {what} naming {named}",
            raised.value,
        )


# Messages of a type that carries no payload at all, after accept(): the call raises or
# returns None for them as for any other message without its payload.
OTHER_TYPES: list[Message] = [CONNECT, {"type": "websocket.bogus"}]

FOLLOWING: dict[str, Message] = {"receive_text": text("next"), "receive_bytes": binary(b"next")}
"""A message with the payload each call reads: a call that passes over the one under test returns it."""


@pytest.mark.clause("RECV-9")
@pytest.mark.parametrize(
    ("name", "message"),
    [
        *without_payload_cases(["receive_text", "receive_bytes"]),
        *(
            pytest.param(name, message, id=f"{name}-{message['type']}")
            for name in ("receive_text", "receive_bytes")
            for message in OTHER_TYPES
        ),
    ],
)
async def test_receive_missing_payload_never_returns_the_other_payload(
    binding: Binding, name: str, message: Message
) -> None:
    # A message with the payload follows, so that a call that skips the one without it
    # returns a payload instead of failing on a peer with nothing left to deliver.
    _, ws = await support.accepted(binding, message, FOLLOWING[name])
    seen = await outcome_of(RECEIVERS[name], ws)
    expect.true(
        isinstance(seen, Exception) or seen is None,
        f"{CALLS[name]} of {message!r}, which has no {PAYLOAD_KEY[name]!r} payload, to raise or return None",
        seen,
    )


# -- RECV-10: a cancelled receive loses nothing --------------------------------------------------


async def cancelled_while_waiting(
    peer: Peer, ws: wsproto_api.WebSocket, name: str, history: str = "", *, again: bool = False
) -> None:
    """Start ``name`` in a task, and cancel it once it waits on the peer's ``receive``.

    That the call waits is the arrangement: a call that returns or raises before the peer
    delivers anything, or that never awaits the peer's ``receive``, blocks the test by the
    clause that says what the call returns. ``history`` says what came before. ``again``:
    the same call already waited on this connection and was cancelled, so one that returns or
    raises at once was left unable to wait by the cancel, which is RECV-10's to judge; one
    that waits on a read the first left pending (a shielded one) is left for the messages
    that follow to judge.
    """
    calls = waiting_calls = peer.receive_calls
    finished: list[object] = []

    async def call() -> None:
        finished.append(await outcome_of(RECEIVE_ALL[name], ws))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(call)
        await anyio.wait_all_tasks_blocked()
        waiting_calls = peer.receive_calls
        tasks.cancel_scope.cancel()
    label = f"{CALLS[name]}{history}"
    if again:
        if finished:
            raise AssertionError(
                f"expected {label} to wait for the peer as the first call did, saw it {shown(finished[0])}"
            )
        return
    if finished:
        pytest.skip(
            f"{BLOCKED}{OWN_CLAUSE[name]} ({label}): it {shown(finished[0])} before the peer delivered anything"
        )
    if waiting_calls == calls:
        pytest.skip(f"{BLOCKED}{OWN_CLAUSE[name]} ({label}): it waited without awaiting the peer's receive")


@pytest.mark.clause("RECV-10")
@pytest.mark.parametrize("later", RECEIVE_ALL)
@pytest.mark.parametrize("name", RECEIVE_ALL)
async def test_cancelled_receive_loses_no_message(binding: Binding, name: str, later: str) -> None:
    needs(binding, name, later)
    await check_works(binding, later)
    peer, ws = await support.accepted(binding, block_when_empty=True)
    await cancelled_while_waiting(peer, ws, name)
    what = f"a {CALLS[name]} cancelled while it waited"
    # Cancelled twice, to catch a binding whose cancelled call leaves it believing a receive is under way.
    await cancelled_while_waiting(peer, ws, name, f" after {what}", again=True)
    for message, expected in DELIVERIES[later]:
        peer.push(message)
        seen = await outcome_of(RECEIVE_ALL[later], ws)
        expect.equal(seen, expected, f"{CALLS[later]} after {what}, once the peer delivers {message!r}")


async def check_receive_gives_connect(binding: Binding) -> None:
    """Block the test by RAW-2 unless ``receive()`` on a new connection returns ``websocket.connect``.

    The peer holds that one message and no more, so a ``receive()`` that skips it fails at
    once instead of waiting for a message that never comes.
    """
    _, probe = support.connected(binding, CONNECT)
    seen = await outcome_of(RECEIVE_ALL["receive"], probe)
    support.step_gave(seen, CONNECT, "RAW-2", "receive() on a new connection")


@pytest.mark.clause("RECV-10")
async def test_cancelled_first_receive_loses_no_message(binding: Binding) -> None:
    support.require(binding, "raw")
    await check_receive_gives_connect(binding)
    peer, ws = support.connected(binding, block_when_empty=True)
    await cancelled_while_waiting(peer, ws, "receive", " before websocket.connect")
    what = "a receive() cancelled while it waited for websocket.connect"
    peer.push(CONNECT)
    seen = await outcome_of(RECEIVE_ALL["receive"], ws)
    expect.equal(seen, CONNECT, f"receive() after {what}, once the peer delivers websocket.connect")


# -- RECV-8: a second receive from another task is refused ---------------------------------------


@pytest.mark.clause("RECV-8")
@pytest.mark.parametrize("second", RECEIVE_ALL)
@pytest.mark.parametrize("first", RECEIVE_ALL)
async def test_second_concurrent_receive_raises_without_receiving(binding: Binding, first: str, second: str) -> None:
    needs(binding, first, second)
    await check_works(binding, first)
    await check_works(binding, second)
    peer, ws = await support.accepted(binding, block_when_empty=True)
    (message, expected), (later, later_expected) = DELIVERIES[first][0], DELIVERIES[second][1]
    first_outcome: list[object] = []
    second_outcomes: list[object] = []
    first_awaited = second_awaited = waiting = False

    async def first_call() -> None:
        first_outcome.append(await outcome_of(RECEIVE_ALL[first], ws))

    async def second_call() -> None:
        # Twice: a refused call must not end the first call's claim on the channel.
        for _ in range(2):
            second_outcomes.append(await outcome_of(RECEIVE_ALL[second], ws))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(first_call)
        await anyio.wait_all_tasks_blocked()
        first_awaited = peer.receive_calls == 1
        waiting = not first_outcome
        if waiting and first_awaited:
            tasks.start_soon(second_call)
            await anyio.wait_all_tasks_blocked()
            second_awaited = peer.receive_calls > 1
            # Only a refused second call leaves the first the one receiver the delivery can go to.
            if len(second_outcomes) == 2:
                peer.push(message)
                await anyio.wait_all_tasks_blocked()
        # Whatever still waits would wait for ever: fail now rather than at the time limit.
        tasks.cancel_scope.cancel()
    head = f"{CALLS[first]}, waiting in one task"
    if not waiting:
        pytest.skip(f"{BLOCKED}{OWN_CLAUSE[first]} ({head}): it {shown(first_outcome[0])} before the peer delivered")
    if not first_awaited:
        pytest.skip(f"{BLOCKED}{OWN_CLAUSE[first]} ({head}): it waited without awaiting the peer's receive")
    during = f"a second {CALLS[second]} from another task while {CALLS[first]} waits"
    if second_awaited:
        raise AssertionError(f"{during}: expected RuntimeError at once, the second call awaited the peer's receive")
    if len(second_outcomes) < 2:
        raise AssertionError(f"{during}: expected RuntimeError at once, the second call waited instead of raising")
    for seen in second_outcomes:
        expect.true(isinstance(seen, RuntimeError), f"{during} to raise RuntimeError", seen)
    if not first_outcome:
        raise AssertionError(
            f"{during}: expected the waiting {CALLS[first]} to get {message!r} once the peer delivered it, "
            "it went on waiting"
        )
    expect.equal(first_outcome[0], expected, f"what the waiting {CALLS[first]} got once the peer delivered {message!r}")
    # The first call is over, so the next receive is no longer refused.
    peer.push(later)
    seen = await outcome_of(RECEIVE_ALL[second], ws)
    expect.equal(seen, later_expected, f"{CALLS[second]} once the first call returned, after {during}")
