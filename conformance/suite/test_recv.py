"""RECV: receiving data."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, binary, disconnect, text
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio

Operation = Callable[[wsproto_api.WebSocket], Awaitable[Any]]

RECEIVERS: dict[str, Operation] = {
    "receive_text": lambda ws: ws.receive_text(),
    "receive_bytes": lambda ws: ws.receive_bytes(),
    "receive_json": lambda ws: ws.receive_json(),
    "receive_json-binary": lambda ws: ws.receive_json(mode="binary"),
}

CALLS: dict[str, str] = {
    "receive_text": "receive_text()",
    "receive_bytes": "receive_bytes()",
    "receive_json": "receive_json()",
    "receive_json-binary": 'receive_json(mode="binary")',
}
"""How each of :data:`RECEIVERS` is written, for failure messages."""

RECEIVE_ALL: dict[str, Operation] = {**RECEIVERS, "receive": lambda ws: ws.receive()}


@pytest.mark.clause("RECV-1")
@pytest.mark.parametrize("data", ["hello", "", "snow ☃ and 😀", '{"a": 1}'])
async def test_receive_text_returns_text_of_one_message(binding: Binding, data: str) -> None:
    peer, ws = await binding.accepted(text(data), text("second"))
    expect.equal(await ws.receive_text(), data, "receive_text() of the first message")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_text()")
    expect.equal(await ws.receive_text(), "second", "receive_text() of the second message")
    expect.equal(peer.receive_calls, 3, "calls to receive after accept() and two receive_text()")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("RECV-1")
async def test_receive_text_reads_text_beside_a_none_bytes_key(binding: Binding) -> None:
    # ASGI lets a message hold both keys as long as exactly one of them is not None.
    peer, ws = await binding.accepted({"type": "websocket.receive", "bytes": None, "text": "hi"})
    expect.equal(await ws.receive_text(), "hi", "receive_text() of a text message whose 'bytes' is None")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_text()")


@pytest.mark.clause("RECV-2")
@pytest.mark.parametrize("data", [b"hello", b"", b"\x00\xff\x80", b'{"a": 1}'])
async def test_receive_bytes_returns_bytes_of_one_message(binding: Binding, data: bytes) -> None:
    peer, ws = await binding.accepted(binary(data), binary(b"second"))
    expect.equal(await ws.receive_bytes(), data, "receive_bytes() of the first message")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_bytes()")
    expect.equal(await ws.receive_bytes(), b"second", "receive_bytes() of the second message")
    expect.equal(peer.receive_calls, 3, "calls to receive after accept() and two receive_bytes()")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("RECV-2")
async def test_receive_bytes_reads_bytes_beside_a_none_text_key(binding: Binding) -> None:
    # ASGI lets a message hold both keys as long as exactly one of them is not None.
    peer, ws = await binding.accepted({"type": "websocket.receive", "text": None, "bytes": b"hi"})
    expect.equal(await ws.receive_bytes(), b"hi", "receive_bytes() of a binary message whose 'text' is None")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_bytes()")


@pytest.mark.clause("RECV-3")
@pytest.mark.parametrize("operation", RECEIVERS.values(), ids=RECEIVERS.keys())
@pytest.mark.parametrize(
    ("message", "code", "reason"),
    [
        (disconnect(1001, "going away"), 1001, "going away"),
        (disconnect(4000, "é ☃"), 4000, "é ☃"),
        (disconnect(1000, ""), 1000, ""),
        ({"type": "websocket.disconnect", "code": 1006}, 1006, ""),
        ({"type": "websocket.disconnect", "code": 1011, "reason": None}, 1011, ""),
    ],
    ids=["reason", "non-ascii-reason", "empty-reason", "no-reason", "reason-none"],
)
async def test_receive_disconnect_raises_websocket_disconnect(
    binding: Binding, operation: Operation, message: Message, code: int, reason: str
) -> None:
    peer, ws = await binding.accepted(message)
    with expect.raises(binding.WebSocketDisconnect, what="receiving a websocket.disconnect message") as raised:
        await operation(ws)
    expect.equal(getattr(raised.value, "code", None), code, "WebSocketDisconnect.code")
    expect.equal(getattr(raised.value, "reason", None), reason, "WebSocketDisconnect.reason")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("RECV-4")
@pytest.mark.parametrize("operation", RECEIVERS.values(), ids=RECEIVERS.keys())
@pytest.mark.parametrize("before", ["fresh", "connect-received", "refused"])
async def test_receive_before_accept_raises_without_receiving(
    binding: Binding, operation: Operation, before: str
) -> None:
    peer, ws = binding.connect(CONNECT, text("1"), binary(b"1"))
    if before == "connect-received":
        await ws.receive()
    elif before == "refused":
        # close() instead of accept(): the connection never was accepted.
        await ws.close()
    calls = peer.receive_calls
    sent = list(peer.sent)
    with expect.raises(RuntimeError, what=f"receiving data before accept() ({before})"):
        await operation(ws)
    expect.equal(peer.receive_calls, calls, "calls to receive")
    expect.sent(peer, sent)


@pytest.mark.clause("RECV-5")
@pytest.mark.parametrize("operation", RECEIVE_ALL.values(), ids=RECEIVE_ALL.keys())
@pytest.mark.parametrize("first", RECEIVE_ALL.values(), ids=[f"after-{name}" for name in RECEIVE_ALL])
async def test_receive_after_disconnect_raises_disconnected_without_receiving(
    binding: Binding, operation: Operation, first: Operation
) -> None:
    peer, ws = await binding.accepted(disconnect(1001, "bye"), text("late"), binary(b"late"))
    # How the disconnect surfaces from the first call is RECV-3's business; only its receipt matters here.
    with contextlib.suppress(Exception):
        await first(ws)
    expect.equal(peer.receive_calls, 2, "calls to receive once the disconnect was received")
    with expect.raises(binding.disconnected_error, what="receiving after websocket.disconnect was received"):
        await operation(ws)
    expect.equal(peer.receive_calls, 2, "calls to receive after receiving again past the disconnect")
    expect.sent(peer, [DEFAULT_ACCEPT])


# For each method RECV-6 names: messages without the payload it reads.
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


@pytest.mark.clause("RECV-6")
@pytest.mark.parametrize("method", RECEIVERS)
async def test_receive_missing_payload_raises_runtime_error_naming_key(binding: Binding, method: str) -> None:
    key = PAYLOAD_KEY[method]
    other = "bytes" if key == "text" else "text"
    # Every message on a new connection; the test fails at the first one handled wrongly.
    for message in WITHOUT_PAYLOAD[method]:
        _, ws = await binding.accepted(message)
        # The other key counts as what the message holds only when it holds a payload.
        held = other if message.get(other) is not None else None
        what = f"{CALLS[method]} of {message!r}, without a {key!r} payload"
        with expect.raises(RuntimeError, what=what) as raised:
            await RECEIVERS[method](ws)
        for word, role in [(key, "the missing key"), (held, "the key the message holds instead")]:
            if word is None:
                continue
            # A key as a word of its own, not inside a method name such as "receive_text".
            expect.true(
                re.search(rf"\b{word}\b", str(raised.value)) is not None,
                f"a RuntimeError from {what} naming {role}, {word!r}",
                raised.value,
            )


# For each of RECEIVE_ALL: two messages the peer may deliver, and what the call returns for each.
DELIVERIES: dict[str, list[tuple[Message, object]]] = {
    "receive_text": [(text("next"), "next"), (text("after"), "after")],
    "receive_bytes": [(binary(b"next"), b"next"), (binary(b"after"), b"after")],
    "receive_json": [(text('{"next": 1}'), {"next": 1}), (text("[2]"), [2])],
    "receive_json-binary": [(binary(b'{"next": 1}'), {"next": 1}), (binary(b"[2]"), [2])],
    "receive": [(text("next"), text("next")), (binary(b"after"), binary(b"after"))],
}

CALLS_ALL: dict[str, str] = {**CALLS, "receive": "receive()"}
"""How each of :data:`RECEIVE_ALL` is written, for failure messages."""


async def outcome_of(operation: Operation, ws: wsproto_api.WebSocket) -> object:
    """What ``operation`` returns, or the exception it raises, so that another task can report it."""
    try:
        return await operation(ws)
    except Exception as error:
        return error


async def cancelled_while_waiting(peer: Peer, ws: wsproto_api.WebSocket, name: str, history: str = "") -> None:
    """Start ``name`` in a task, and cancel it once it waits on the peer's ``receive``.

    ``history`` says what came before, for failure messages.
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
    label = f"{CALLS_ALL[name]}{history}"
    expect.equal(finished, [], f"what {label} gave before the peer delivered anything")
    expect.equal(waiting_calls, calls + 1, f"calls to receive while {label} waits")


@pytest.mark.clause("RECV-7")
@pytest.mark.parametrize("name", RECEIVE_ALL)
async def test_cancelled_receive_leaves_the_connection_as_it_was(binding: Binding, name: str) -> None:
    peer, ws = await binding.accepted(block_when_empty=True)
    await cancelled_while_waiting(peer, ws, name)
    what = f"a {CALLS_ALL[name]} cancelled while waiting"
    expect.equal(ws.client_state.name, "CONNECTED", f"client_state after {what}")
    expect.equal(ws.application_state.name, "CONNECTED", f"application_state after {what}")
    # Cancelled twice, to catch a binding whose cancelled call leaves it believing a receive is under way.
    await cancelled_while_waiting(peer, ws, name, f" after {what}")
    for message, expected in DELIVERIES[name]:
        peer.push(message)
        received = await RECEIVE_ALL[name](ws)
        expect.equal(received, expected, f"{CALLS_ALL[name]} after {what}, once the peer delivers {message!r}")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("RECV-7")
async def test_cancelled_first_receive_leaves_the_connection_new(binding: Binding) -> None:
    peer, ws = binding.connect(block_when_empty=True)
    await cancelled_while_waiting(peer, ws, "receive")
    what = "a receive() cancelled while waiting for websocket.connect"
    expect.equal(ws.client_state.name, "CONNECTING", f"client_state after {what}")
    expect.equal(ws.application_state.name, "CONNECTING", f"application_state after {what}")
    peer.push(CONNECT)
    expect.equal(await ws.receive(), CONNECT, f"receive() after {what}, once the peer delivers websocket.connect")
    expect.equal(ws.client_state.name, "CONNECTED", f"client_state after receiving websocket.connect, {what} before")
    expect.sent(peer, [])


async def concurrent_receives(binding: Binding, first: str, second: str) -> None:
    """``second`` from another task while ``first`` waits: refused at once, and ``first`` gets the next message."""
    peer, ws = await binding.accepted(block_when_empty=True)
    (message, expected), (later, later_expected) = DELIVERIES[first][0], DELIVERIES[second][1]
    first_outcome: list[object] = []
    second_outcomes: list[object] = []
    calls_while_first_waits = calls_after_second = peer.receive_calls

    async def first_call() -> None:
        first_outcome.append(await outcome_of(RECEIVE_ALL[first], ws))

    async def second_call() -> None:
        # Twice: a refused call must not end the first call's claim on the channel.
        for _ in range(2):
            second_outcomes.append(await outcome_of(RECEIVE_ALL[second], ws))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(first_call)
        await anyio.wait_all_tasks_blocked()
        calls_while_first_waits = peer.receive_calls
        tasks.start_soon(second_call)
        await anyio.wait_all_tasks_blocked()
        calls_after_second = peer.receive_calls
        # Only a refused second call leaves the first the one receiver the delivery can go to.
        if len(second_outcomes) == 2:
            peer.push(message)
            await anyio.wait_all_tasks_blocked()
        # Whatever still waits would wait for ever: fail now rather than at the time limit.
        tasks.cancel_scope.cancel()
    during = f"a second {CALLS_ALL[second]} while another task waits in {CALLS_ALL[first]}"
    expect.equal(calls_while_first_waits, 2, f"calls to receive while {CALLS_ALL[first]} waits")
    expect.equal(calls_after_second - calls_while_first_waits, 0, f"calls to the peer's receive made by {during}")
    expect.equal(len(second_outcomes), 2, f"calls, of 2 in a row, of {during} that returned at once")
    for seen in second_outcomes:
        expect.true(isinstance(seen, RuntimeError), f"{during} to raise RuntimeError", seen)
    expect.equal(first_outcome, [expected], f"what {CALLS_ALL[first]} got once the peer delivered {message!r}")
    # The first call is over, so the next receive is no longer refused.
    peer.push(later)
    expect.equal(await RECEIVE_ALL[second](ws), later_expected, f"{CALLS_ALL[second]} after the first call returned")
    expect.equal(ws.client_state.name, "CONNECTED", f"client_state after {during}")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("RECV-8")
@pytest.mark.parametrize("second", RECEIVE_ALL)
async def test_second_concurrent_receive_raises_without_receiving(binding: Binding, second: str) -> None:
    # Against each call waiting first, each on a new connection; the test fails at the first pair handled wrongly.
    for first in RECEIVE_ALL:
        await concurrent_receives(binding, first, second)
