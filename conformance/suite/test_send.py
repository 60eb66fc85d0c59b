"""SEND: sending data."""

from __future__ import annotations

from collections import UserString
from collections.abc import Awaitable, Callable
from typing import cast

import anyio
import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import CONNECT, Peer, ScriptExhausted, disconnect, make_scope, text
from conformance.suite import support
from conformance.suite.payloads import (
    DECOMPOSED,
    MANY_TEXTS,
    OwnBytes,
    OwnKind,
    OwnText,
    long_bytes_param,
    long_text_param,
)
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio

Operation = Callable[[wsproto_api.WebSocket], Awaitable[None]]

SENDERS: dict[str, Operation] = {
    "send_text": lambda ws: ws.send_text("hi"),
    "send_bytes": lambda ws: ws.send_bytes(b"hi"),
    "send_json": lambda ws: ws.send_json({"a": 1}),
    "send_json-binary": lambda ws: ws.send_json({"a": 1}, mode="binary"),
}


async def needs_operation(binding: Binding, operation: Operation) -> None:
    """Block the binary ``send_json`` case by JSON-10 unless that call sends a message on an accepted connection.

    SEND-3 and SEND-4 name ``send_json`` but no mode: a binding whose binary mode does not
    work at all fails JSON-10, not the state rule judged through it.
    """
    if operation is not SENDERS["send_json-binary"]:
        return
    peer, probe = await support.accepted(binding)
    with support.arrange("JSON-10", 'send_json({"a": 1}, mode="binary") on an accepted connection'):
        await operation(probe)
        expect.sent_types(peer, ["websocket.send"], 'message types sent by send_json({"a": 1}, mode="binary")')


async def send_the_other_kind_first(peer: Peer, ws: wsproto_api.WebSocket, kind: str) -> None:
    """Send one message of the kind other than ``kind``, an arrangement by its own clause, and clear the record.

    A message carries its own payload alone (SPEC.md: ASGI equivalence): nothing of a message
    of the other kind sent before it may be left in it.
    """
    if kind == "text":
        with support.sending(peer, "SEND-2", "send_bytes(b'other kind first')", "websocket.send"):
            await ws.send_bytes(b"other kind first")
    else:
        with support.sending(peer, "SEND-1", "send_text('other kind first')", "websocket.send"):
            await ws.send_text("other kind first")
    peer.forget()


def text_message(data: str) -> Message:
    return {"type": "websocket.send", "text": data}


def bytes_message(data: bytes) -> Message:
    return {"type": "websocket.send", "bytes": data}


@pytest.mark.clause("SEND-1")
@pytest.mark.parametrize(
    "data",
    [
        "Hello, world!",
        "",
        "snow ☃ and 😀",
        "line\nbreak",
        '{"not": "json-encoded"}',
        " padded\t\r\n",
        " ",
        DECOMPOSED,
        "nul\x00inside",
        long_text_param(),
        pytest.param(OwnText("own type"), id="str-subclass"),
        # Sent as the text it holds, which str() of it is not.
        pytest.param(OwnKind.TEXT, id="str-enum-member"),
    ],
)
async def test_send_text_sends_text_message(binding: Binding, data: str) -> None:
    peer, ws = await support.accepted(binding)
    await ws.send_text(data)
    expect.sent(peer, [text_message(data)])


@pytest.mark.clause("SEND-1")
async def test_send_text_sends_one_message_per_call_in_order(binding: Binding) -> None:
    peer, ws = await support.accepted(binding)
    await send_the_other_kind_first(peer, ws, "text")
    for data in MANY_TEXTS:
        await ws.send_text(data)
    expect.sent(peer, [text_message(data) for data in MANY_TEXTS])


@pytest.mark.clause("SEND-2")
@pytest.mark.parametrize(
    "data",
    [
        b"Hello",
        b"",
        b"\x00\xff\x80",
        "snow ☃".encode(),
        b" padded\r\n",
        b"\n",
        long_bytes_param(),
        pytest.param(OwnBytes(b"own type"), id="bytes-subclass"),
    ],
)
async def test_send_bytes_sends_bytes_message(binding: Binding, data: bytes) -> None:
    peer, ws = await support.accepted(binding)
    await ws.send_bytes(data)
    expect.sent(peer, [bytes_message(data)])


@pytest.mark.clause("SEND-2")
async def test_send_bytes_sends_one_message_per_call_in_order(binding: Binding) -> None:
    peer, ws = await support.accepted(binding)
    await send_the_other_kind_first(peer, ws, "bytes")
    chunks = [data.encode() for data in MANY_TEXTS]
    for data in chunks:
        await ws.send_bytes(data)
    expect.sent(peer, [bytes_message(data) for data in chunks])


async def check_sends_after_the_client_left(binding: Binding, operation: Operation, message: Message) -> None:
    """Fail unless ``operation`` sends ``message`` once the client left, the application not having closed.

    Only the application's close ends its sending (SEND-4); the peer's ``send`` says whether
    the message can still go out (STATE-14), not the connection.
    """
    peer, ws = await support.accepted(binding, disconnect(1001))
    await support.client_leaves(binding, ws)
    await operation(ws)
    expect.sent(peer, [message], "messages sent after the client left, before the application closed")


async def check_goes_out_while_another_task_waits(
    binding: Binding, method: str, operation: Operation, message: Message
) -> None:
    """Fail unless ``operation`` (a call of ``method``) sends ``message`` at once while another task waits to receive.

    A server pushes while its client is silent: one task waits for a message, another sends.
    """
    peer, ws = await support.accepted(binding, block_when_empty=True)
    # Each task keeps what it gave, so that an error is raised here, not inside the task group.
    outcomes: dict[str, object] = {}
    waiting = sent_at_once = False
    what = f"{method}() while another task waited in receive_text()"
    sent_then = ""

    async def run(name: str, call: Callable[[], Awaitable[object]]) -> None:
        try:
            outcomes[name] = await call()
        except Exception as error:
            outcomes[name] = error

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(run, "read", ws.receive_text)
        await anyio.wait_all_tasks_blocked()
        waiting = "read" not in outcomes and peer.receive_calls == 1
        if waiting:
            tasks.start_soon(run, "send", lambda: operation(ws))
            await anyio.wait_all_tasks_blocked()
            sent_at_once = "send" in outcomes
            # Sent by the time the call returned, not held back until a message comes.
            try:
                expect.sent(peer, [message], f"messages sent by {what}, when it returned")
            except AssertionError as error:
                sent_then = str(error)
        peer.push(text("hello"))
    if not waiting:
        # Waiting for a message is RECV-1's rule: without it there is no sending beside it.
        with support.arrange("RECV-1", "receive_text() waiting for the client's message"):
            if isinstance(outcomes.get("read"), Exception):
                raise cast(Exception, outcomes["read"])
        pytest.skip(f"{BLOCKED}RECV-1: receive_text() gave {outcomes.get('read')!r} before the peer delivered anything")
    if isinstance(outcomes.get("send"), Exception):
        raise cast(Exception, outcomes["send"])
    expect.true(sent_at_once, f"{what} to return without waiting for a message", "it waited")
    if sent_then:
        raise AssertionError(sent_then)


@pytest.mark.clause("SEND-1")
async def test_send_text_goes_out_while_another_task_waits_to_receive(binding: Binding) -> None:
    await check_goes_out_while_another_task_waits(
        binding, "send_text", lambda ws: ws.send_text("pushed"), text_message("pushed")
    )


@pytest.mark.clause("SEND-2")
async def test_send_bytes_goes_out_while_another_task_waits_to_receive(binding: Binding) -> None:
    # Each method sends on its own: one that waits for a pending receive holds binary pushes back.
    await check_goes_out_while_another_task_waits(
        binding, "send_bytes", lambda ws: ws.send_bytes(b"pushed"), bytes_message(b"pushed")
    )


@pytest.mark.clause("SEND-1")
async def test_send_text_goes_out_inside_a_loop_over_iter_text(binding: Binding) -> None:
    # The seed's echo: each message answered from inside the async for loop that received it.
    control_peer, control = await support.accepted(binding, text("a"), text("b"), disconnect())
    if not support.has_iterator(control, "iter_text"):
        return
    await support.iterate_to_the_disconnect(control_peer, control, "iter_text", items=2)
    peer, ws = await support.accepted(binding, text("a"), text("b"), disconnect())
    ended: list[object] = []

    async def echo() -> None:
        try:
            async for item in ws.iter_text():
                await ws.send_text(f"echo {item}")
        except Exception as error:
            ended.append(error)
        else:
            ended.append(None)

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(echo)
        await anyio.wait_all_tasks_blocked()
        # Whatever still waits would wait for ever: fail now rather than at the time limit.
        tasks.cancel_scope.cancel()
    what = "send_text() inside async for over iter_text()"
    if not ended:
        raise AssertionError(f"{what}: expected it to send and return, it waited; sent {peer.sent!r}")
    if isinstance(ended[0], Exception):
        raise ended[0]
    expect.sent(peer, [text_message("echo a"), text_message("echo b")], f"messages sent by {what}")


@pytest.mark.clause("SEND-1")
async def test_send_text_after_the_client_left_still_sends(binding: Binding) -> None:
    await check_sends_after_the_client_left(binding, lambda ws: ws.send_text("still"), text_message("still"))


@pytest.mark.clause("SEND-2")
async def test_send_bytes_after_the_client_left_still_sends(binding: Binding) -> None:
    await check_sends_after_the_client_left(binding, lambda ws: ws.send_bytes(b"still"), bytes_message(b"still"))


@support.refusal("SEND-3", words=False)
@pytest.mark.parametrize("operation", SENDERS.values(), ids=SENDERS.keys())
@pytest.mark.parametrize(
    "route",
    # A denial response under way answers the handshake without accepting it (raw, denial).
    [support.NEW, support.RECEIVED_CONNECT, support.STARTED],
    ids=["fresh", "connect-received", "denial-started"],
)
async def test_send_before_accept_is_refused(
    binding: Binding, refusal: support.Refusal, operation: Operation, route: support.Route
) -> None:
    await needs_operation(binding, operation)
    # A new connection's peer delivers websocket.connect, for the accept() after the refusal.
    peer, ws = await support.reach(binding, route, *([CONNECT] if route is support.NEW else []))
    what = f"sending data before accept() ({route.name})"
    with refusal.raises(RuntimeError, what=what, peer=peer):
        await operation(ws)
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 0, f"calls to receive during {what}")
    if route.application == "CONNECTING":
        # Left as it was: the connection can still be accepted.
        await support.still_accepts(binding, route, peer, ws, what, *([CONNECT] if route is support.NEW else []))


@support.refusal("SEND-3", words=False)
@pytest.mark.parametrize("operation", SENDERS.values(), ids=SENDERS.keys())
async def test_send_after_a_refused_accept_is_refused(
    binding: Binding, refusal: support.Refusal, operation: Operation
) -> None:
    await needs_operation(binding, operation)
    peer, ws = support.connected(binding, CONNECT, scope=make_scope(subprotocols=["chat"]))
    refused = "accept('unoffered')"
    try:
        await ws.accept("unoffered")
    except ScriptExhausted:
        raise
    except Exception:  # refused, as ACCEPT-7 asks: the connection is left as it was, not accepted
        pass
    else:
        return  # accepted: whether it should have been is ACCEPT-7's; data may follow an accept
    if peer.sent:
        # A refused accept() that sent something is ACCEPT-10's failure, not a state SEND-3 names.
        pytest.skip(f"{BLOCKED}ACCEPT-10: {refused} raised after it sent {peer.sent!r}")
    received = peer.receive_calls
    what = f"sending data after {refused} raised"
    with refusal.raises(RuntimeError, what=what, peer=peer):
        await operation(ws)
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, received, f"calls to receive during {what}")


@support.refusal("SEND-4", words=False)
@pytest.mark.parametrize("operation", SENDERS.values(), ids=SENDERS.keys())
@pytest.mark.parametrize(
    "route",
    # The client leaving before the close changes nothing: the application closed (raw).
    [support.ACCEPTED_THEN_CLOSED, support.CLOSED_FIRST, support.RAW_CLOSED, support.BOTH_CLOSED],
    ids=["accept-then-close", "close-before-accept", "raw-close", "client-left-then-close"],
)
async def test_send_after_close_is_refused(
    binding: Binding, refusal: support.Refusal, operation: Operation, route: support.Route
) -> None:
    await needs_operation(binding, operation)
    reached = await support.reach_closed(binding, route)
    if reached is None:
        return  # the application sent no websocket.close: SEND-4 says nothing of what follows
    peer, ws = reached
    what = f"sending data after websocket.close ({route.name})"
    with refusal.raises(binding.disconnected_error, what=what, peer=peer):
        await operation(ws)
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 0, f"calls to receive during {what}")
    # The close still stands after a refusal: every later call is refused, not only the first.
    again = f"{what}, a second time"
    with refusal.raises(binding.disconnected_error, what=again, peer=peer):
        await operation(ws)
    expect.sent(peer, [], f"messages sent by {again}")
    expect.equal(peer.receive_calls, 0, f"calls to receive during {again}")


# (a data of the wrong type, the type name a TypeError must give), for each method SEND-5 names
WRONG_TYPES: list[tuple[str, object, str]] = [
    ("send_text", b"hi", "bytes"),
    ("send_text", 1, "int"),
    ("send_text", None, "NoneType"),
    ("send_text", bytearray(b"hi"), "bytearray"),
    ("send_text", ["hi"], "list"),
    # Not a str, though it has a str's methods: a check that encodes the data lets it through.
    ("send_text", UserString("hi"), "UserString"),
    ("send_bytes", "hi", "str"),
    ("send_bytes", bytearray(b"hi"), "bytearray"),
    ("send_bytes", memoryview(b"hi"), "memoryview"),
    ("send_bytes", 1, "int"),
    ("send_bytes", None, "NoneType"),
]

VALID_SEND: dict[str, Operation] = {
    "send_text": lambda ws: ws.send_text("ok"),
    "send_bytes": lambda ws: ws.send_bytes(b"ok"),
}

SENDING_CLAUSE = {"send_text": "SEND-1", "send_bytes": "SEND-2"}
"""The clause whose rule is what one valid call of each method sends."""


async def check_a_valid_send_goes_through(
    binding: Binding, method: str, peer: Peer, ws: wsproto_api.WebSocket, after: str
) -> None:
    """Fail unless a valid ``method()`` on ``ws`` now sends one ``websocket.send``, as it would before ``after``.

    ``peer``'s record must be clear. Where it sends something else, the same call on a new
    connection tells whether that is the method's own rule broken (SEND-1, SEND-2: the
    test is blocked by it) or what ``after`` left behind.
    """
    what = f"message types sent by a valid {method}() after {after}"
    await VALID_SEND[method](ws)
    if [message.get("type") for message in peer.sent] != ["websocket.send"]:
        other_peer, other = await support.accepted(binding)
        brought = f"a valid {method}() on a new accepted connection"
        with support.arrange(SENDING_CLAUSE[method], brought):
            await VALID_SEND[method](other)
        sent = [message.get("type") for message in other_peer.sent]
        support.step_gave(sent, ["websocket.send"], SENDING_CLAUSE[method], f"{brought}: the types sent")
    expect.sent_types(peer, ["websocket.send"], what)


def shown(method: str, data: object) -> str:
    # A memoryview's repr holds its address, which would change the message from run to run.
    if isinstance(data, memoryview):
        return f"{method}(memoryview({data.tobytes()!r}))"
    # A UserString's repr is its text's, which would show it as a str.
    if isinstance(data, UserString):
        return f"{method}(UserString({data.data!r}))"
    return f"{method}({data!r})"


CASES = pytest.mark.parametrize(
    ("method", "data", "type_name"), WRONG_TYPES, ids=[f"{method}-{name}" for method, _, name in WRONG_TYPES]
)


@support.refusal("SEND-5")
@CASES
async def test_send_refuses_data_of_the_wrong_type(
    binding: Binding, refusal: support.Refusal, method: str, data: object, type_name: str
) -> None:
    peer, ws = await support.accepted(binding)
    what = shown(method, data)
    with refusal.raises(TypeError, what=what, mentioning=[type_name], peer=peer):
        await getattr(ws, method)(data)
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 0, f"calls to receive during {what}")
    # Left as it was: a valid send goes through.
    await check_a_valid_send_goes_through(binding, method, peer, ws, what)


@pytest.mark.clause("SEND-6")
@CASES
async def test_send_that_raises_for_its_data_sends_nothing(
    binding: Binding, method: str, data: object, type_name: str
) -> None:
    # SEND-5 says whether these are refused; if they are, nothing may be sent and the
    # connection must still send.
    peer, ws = await support.accepted(binding)
    what = shown(method, data)
    try:
        await getattr(ws, method)(data)
    except ScriptExhausted:
        raise
    except Exception:
        pass
    else:
        return  # not refused: that is SEND-5's business
    expect.sent(peer, [], f"messages sent by {what}, which raised")
    await check_a_valid_send_goes_through(binding, method, peer, ws, f"{what} raised")
