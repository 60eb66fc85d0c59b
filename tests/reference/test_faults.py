"""Faults at every point of a session, on the reference and on Starlette 1.10.

Each session is scripted once and replayed with one fault at each point in turn: the peer's
``send`` raising (STATE-6, STATE-8, STATE-14 to STATE-16), the peer's ``receive`` cancelled
(RECV-10), the application raising or being cancelled inside ``async for`` over an iterator
(ITER-1 to ITER-3, JSON-7). What must hold afterwards is written out from SPEC.md: which exception
comes out, the states, and the peer's record, which must hold every message exactly once.
Where SPEC.md says nothing (the state after a failed send outside ``CONNECTED``, for one)
nothing is asserted.

Starlette 1.10 runs as a second witness: SPEC.md lists no departure from it for anything
checked here.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import types
import warnings
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import anyio
import pytest

from conformance.binding import Binding, load_binding
from conformance.peer import make_scope
from wsproto_api import WebSocket
from wsproto_api.asgi import Message, Receive, Scope, Send

pytestmark = pytest.mark.anyio

TIMEOUT = 5.0
"""Seconds any one test may take: a binding that hangs fails the test instead of the run."""

T = TypeVar("T")


@pytest.fixture(params=["wsproto_api.reference", "starlette.websockets"])
def binding(request: pytest.FixtureRequest) -> Binding:
    return load_binding(str(request.param))


class FaultyPeer:
    """The server side of one connection, with one fault armed on each channel.

    ``receive`` returns the scripted messages in order. At call number ``receive_fault[0]``
    it raises ``receive_fault[1]`` or, when that is ``None``, waits until cancelled, as a
    server does while no frame arrives; either way it takes no message from the script.
    ``send`` records each message, except at call number ``send_fault[0]``, where it raises
    ``send_fault[1]`` and records nothing.
    """

    def __init__(self, *incoming: Message) -> None:
        self.incoming = list(incoming)
        self.sent: list[Message] = []
        self.receive_calls = 0
        self.send_calls = 0
        self.receive_fault: tuple[int, BaseException | None] | None = None
        self.send_fault: tuple[int, BaseException] | None = None
        self.stalled = anyio.Event()

    async def receive(self) -> Message:
        self.receive_calls += 1
        if self.receive_fault is not None and self.receive_fault[0] == self.receive_calls:
            error = self.receive_fault[1]
            if error is not None:
                raise error
            self.stalled.set()
            await anyio.sleep_forever()
        if not self.incoming:
            raise AssertionError("the application received more messages than the script holds")
        return self.incoming.pop(0)

    async def send(self, message: Message) -> None:
        self.send_calls += 1
        if self.send_fault is not None and self.send_fault[0] == self.send_calls:
            raise self.send_fault[1]
        self.sent.append(message)


def states(ws: WebSocket) -> tuple[str, str]:
    return ws.client_state.name, ws.application_state.name


async def _cancel_when_stalled(peer: FaultyPeer, scope: anyio.CancelScope) -> None:
    await peer.stalled.wait()
    scope.cancel()


async def cancelled_from_outside(peer: FaultyPeer, call: Callable[[], Awaitable[object]]) -> str:
    """Run ``call``, cancelled by another task once the peer's ``receive`` stalls; say how it ended."""
    outcome = "returned"
    with anyio.CancelScope() as scope:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(_cancel_when_stalled, peer, scope)
            try:
                await call()
            except anyio.get_cancelled_exc_class():
                outcome = "cancelled"
                raise
            except Exception as error:
                outcome = f"raised {error!r}"
            # Reached only when call swallowed the cancellation or never stalled: end the canceller.
            scope.cancel()
    return outcome


def closable(iterator: AsyncIterator[T]) -> AsyncGenerator[T, None]:
    # The contract promises an AsyncIterator; both bindings give async generators, which close.
    assert isinstance(iterator, AsyncGenerator)
    return cast("AsyncGenerator[T, None]", iterator)


CONNECT: Message = {"type": "websocket.connect"}


def disconnect_1001() -> Message:
    return {"type": "websocket.disconnect", "code": 1001, "reason": "gone"}


# -- the peer's send raises (STATE-6, STATE-8, STATE-14 to STATE-16) ---------------------------------


class PeerFault(Exception):
    """An error from the peer's ``send`` that is not an ``OSError``: it passes through unchanged."""


ERRORS: dict[str, Callable[[], BaseException]] = {
    "OSError": lambda: OSError("connection lost"),
    "BrokenPipeError": lambda: BrokenPipeError("broken pipe"),
    "PeerFault": lambda: PeerFault("server bug"),
}

RAW_SEND: Message = {"type": "websocket.send", "text": "raw"}
DENIAL_START: Message = {"type": "websocket.http.response.start", "status": 403, "headers": []}
DENIAL_CHUNK: Message = {"type": "websocket.http.response.body", "body": b"for", "more_body": True}
DENIAL_END: Message = {"type": "websocket.http.response.body", "body": b"bidden"}


async def denial_app(scope: Scope, receive: Receive, send: Send) -> None:
    for message in (DENIAL_START, DENIAL_CHUNK, DENIAL_END):
        await send(message)


@dataclass(frozen=True)
class SendStep:
    """One call of a session, and what each peer ``send`` it makes should carry."""

    name: str
    run: Callable[[WebSocket], Awaitable[None]]
    sends: tuple[tuple[str, Message], ...]
    """Per ``send``: the application_state before it, and the message the peer gets."""
    uncopied: bool = False
    """The messages are the test's own objects and reach the peer as they are (RAW-1, DENY-9)."""


ACCEPTED_SESSION = (
    SendStep(
        "accept",
        lambda ws: ws.accept(),
        (("CONNECTING", {"type": "websocket.accept", "subprotocol": None, "headers": []}),),
    ),
    SendStep("send_text", lambda ws: ws.send_text("één"), (("CONNECTED", {"type": "websocket.send", "text": "één"}),)),
    SendStep(
        "send_bytes",
        lambda ws: ws.send_bytes(b"\x00\xff"),
        (("CONNECTED", {"type": "websocket.send", "bytes": b"\x00\xff"}),),
    ),
    SendStep(
        "send_json",
        lambda ws: ws.send_json({"a": [1, "ü"]}),
        (("CONNECTED", {"type": "websocket.send", "text": '{"a":[1,"ü"]}'}),),
    ),
    SendStep(
        "send_json_binary",
        lambda ws: ws.send_json({"a": [1, "ü"]}, mode="binary"),
        (("CONNECTED", {"type": "websocket.send", "bytes": '{"a":[1,"ü"]}'.encode()}),),
    ),
    SendStep("send", lambda ws: ws.send(RAW_SEND), (("CONNECTED", RAW_SEND),), uncopied=True),
    SendStep(
        "close",
        lambda ws: ws.close(1001, "bye"),
        (("CONNECTED", {"type": "websocket.close", "code": 1001, "reason": "bye"}),),
    ),
)
DENIAL_SESSION = (
    SendStep(
        "send_denial_response",
        lambda ws: ws.send_denial_response(denial_app),
        (("CONNECTING", DENIAL_START), ("RESPONSE", DENIAL_CHUNK), ("RESPONSE", DENIAL_END)),
        uncopied=True,
    ),
)
REFUSAL_SESSION = (
    SendStep(
        "close_before_accept",
        lambda ws: ws.close(1008, "no"),
        (("CONNECTING", {"type": "websocket.close", "code": 1008, "reason": "no"}),),
    ),
)
SESSIONS: dict[str, tuple[Callable[[], Scope], tuple[Message, ...], tuple[SendStep, ...]]] = {
    "accepted": (make_scope, (CONNECT,), ACCEPTED_SESSION),
    "denial": (lambda: make_scope(extensions={"websocket.http.response": {}}), (), DENIAL_SESSION),
    "refusal": (make_scope, (), REFUSAL_SESSION),
}


def _send_points() -> list[Any]:
    points: list[Any] = []
    for session, (_, _, steps) in SESSIONS.items():
        k = 0
        for step in steps:
            for index, (state, _) in enumerate(step.sends):
                k += 1
                label = f"{session}-{k}-{step.name}" + (f"[{index}]" if len(step.sends) > 1 else "")
                points.append(pytest.param(session, k, id=f"{label}-in-{state}"))
    return points


@pytest.mark.clause("STATE-6", "STATE-14", "STATE-8", "RAW-1", "DENY-9")
@pytest.mark.parametrize("error_name", ERRORS)
@pytest.mark.parametrize(("session", "k"), _send_points())
async def test_a_send_that_fails_at_any_point_loses_and_repeats_nothing(
    binding: Binding, session: str, k: int, error_name: str
) -> None:
    make, incoming, steps = SESSIONS[session]
    flat = [(step, state, message) for step in steps for state, message in step.sends]
    failing_step, state_at_k, _ = flat[k - 1]
    error = ERRORS[error_name]()
    peer = FaultyPeer(*incoming)
    peer.send_fault = (k, error)
    ws = binding.WebSocket(make(), peer.receive, peer.send)
    with anyio.fail_after(TIMEOUT):
        for step in steps[: steps.index(failing_step)]:
            await step.run(ws)
        assert ws.application_state.name == failing_step.sends[0][0]
        if state_at_k == "CONNECTED" and isinstance(error, OSError):
            with pytest.raises(binding.WebSocketDisconnect) as raised:
                await failing_step.run(ws)
            assert getattr(raised.value, "code", None) == 1006
            assert ws.application_state.name == "DISCONNECTED"
            # Every kind of send, not only the ones the session had left, is refused at the door.
            for later in ACCEPTED_SESSION:
                with pytest.raises(binding.disconnected_error):
                    await later.run(ws)
        else:
            # Outside CONNECTED, or not an OSError: the peer's own exception, unchanged.
            with pytest.raises(type(error)) as raised_unchanged:
                await failing_step.run(ws)
            assert raised_unchanged.value is error
            if isinstance(error, OSError) and binding.name == "wsproto_api.reference":
                # STATE-8, a departure from Starlette 1.10: the failed answer closes the connection.
                assert ws.application_state.name == "DISCONNECTED"
    assert peer.send_calls == k
    expected = [message for _, _, message in flat[: k - 1]]
    assert peer.sent == expected
    for (step, _, message), sent in zip(flat[: k - 1], peer.sent, strict=True):
        if step.uncopied:
            assert sent is message


# -- the peer's receive is cancelled (RECV-10) ------------------------------------------------------

RAW_RECEIVED: Message = {"type": "websocket.receive", "text": "raw"}


async def _disconnect_step(ws: WebSocket, binding: Binding) -> None:
    with pytest.raises(binding.WebSocketDisconnect) as raised:
        await ws.receive_text()
    assert (getattr(raised.value, "code", None), getattr(raised.value, "reason", None)) == (1001, "gone")


async def _invalid_json_step(ws: WebSocket, binding: Binding) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  JSON-7 names ValueError and nothing narrower
        await ws.receive_json()


async def _accept_step(ws: WebSocket, binding: Binding) -> None:
    await ws.accept()


async def _text_step(ws: WebSocket, binding: Binding) -> None:
    assert await ws.receive_text() == "één"


async def _bytes_step(ws: WebSocket, binding: Binding) -> None:
    assert await ws.receive_bytes() == b"\x00\xff"


async def _json_step(ws: WebSocket, binding: Binding) -> None:
    assert await ws.receive_json() == {"a": [1, 2]}


async def _json_binary_step(ws: WebSocket, binding: Binding) -> None:
    assert await ws.receive_json(mode="binary") == ["ü"]


async def _raw_step(ws: WebSocket, binding: Binding) -> None:
    assert await ws.receive() is RAW_RECEIVED


@dataclass(frozen=True)
class ReceiveStep:
    """One call of a receiving session: it awaits the peer's ``receive`` once."""

    name: str
    run: Callable[[WebSocket, Binding], Awaitable[None]]
    incoming: Callable[[], Message]
    after: tuple[str, str]
    """``(client_state, application_state)`` once the call has received its message."""


RECEIVING_SESSION = (
    ReceiveStep("accept", _accept_step, lambda: {"type": "websocket.connect"}, ("CONNECTED", "CONNECTED")),
    ReceiveStep(
        "receive_text", _text_step, lambda: {"type": "websocket.receive", "text": "één"}, ("CONNECTED", "CONNECTED")
    ),
    ReceiveStep(
        "receive_bytes",
        _bytes_step,
        lambda: {"type": "websocket.receive", "bytes": b"\x00\xff"},
        ("CONNECTED", "CONNECTED"),
    ),
    ReceiveStep(
        "receive_json",
        _json_step,
        lambda: {"type": "websocket.receive", "text": '{"a": [1, 2]}'},
        ("CONNECTED", "CONNECTED"),
    ),
    ReceiveStep(
        "receive_json_binary",
        _json_binary_step,
        lambda: {"type": "websocket.receive", "bytes": '["ü"]'.encode()},
        ("CONNECTED", "CONNECTED"),
    ),
    ReceiveStep(
        "receive_json_invalid",
        _invalid_json_step,
        lambda: {"type": "websocket.receive", "text": '{"a": '},
        ("CONNECTED", "CONNECTED"),
    ),
    ReceiveStep("receive", _raw_step, lambda: RAW_RECEIVED, ("CONNECTED", "CONNECTED")),
    ReceiveStep("receive_text_disconnect", _disconnect_step, disconnect_1001, ("DISCONNECTED", "CONNECTED")),
)


@pytest.mark.clause("RECV-10", "JSON-7", "RAW-2")
@pytest.mark.parametrize("fault", ["cancel-scope", "CancelledError"])
@pytest.mark.parametrize("point", range(len(RECEIVING_SESSION)), ids=[s.name for s in RECEIVING_SESSION])
async def test_a_receive_cancelled_at_any_point_loses_and_repeats_nothing(
    binding: Binding, point: int, fault: str
) -> None:
    # "cancel-scope": another task cancels the call while the peer waits (asyncio or trio).
    # "CancelledError": the peer's receive raises asyncio.CancelledError, as an await does
    # when its asyncio task is cancelled; under trio it is just a BaseException passing through.
    peer = FaultyPeer(*(step.incoming() for step in RECEIVING_SESSION))
    peer.receive_fault = (point + 1, None if fault == "cancel-scope" else asyncio.CancelledError())
    ws = binding.WebSocket(make_scope(), peer.receive, peer.send)
    step = RECEIVING_SESSION[point]
    with anyio.fail_after(TIMEOUT):
        for earlier in RECEIVING_SESSION[:point]:
            await earlier.run(ws, binding)
        before = RECEIVING_SESSION[point - 1].after if point else ("CONNECTING", "CONNECTING")
        assert states(ws) == before
        sent_before = list(peer.sent)
        if fault == "cancel-scope":
            assert await cancelled_from_outside(peer, lambda: step.run(ws, binding)) == "cancelled"
        else:
            with pytest.raises(asyncio.CancelledError):
                await step.run(ws, binding)
        assert states(ws) == before
        assert peer.sent == sent_before
        # The call is repeated and gets the message it was waiting for; the rest follow in order.
        for later in RECEIVING_SESSION[point:]:
            await later.run(ws, binding)
            assert states(ws) == later.after
    assert peer.incoming == []
    assert peer.receive_calls == len(RECEIVING_SESSION) + 1
    assert peer.sent == [{"type": "websocket.accept", "subprotocol": None, "headers": []}]


# -- the application raises, or is cancelled, inside async for (ITER-1 to ITER-3, JSON-7) ----------


class AppFailure(Exception):
    """The application's own error, raised in the body of its ``async for``."""


@dataclass(frozen=True)
class Iteration:
    """An iterator method, the matching receive method, and four messages with their values."""

    iterate: Callable[[WebSocket], AsyncIterator[Any]]
    receive: Callable[[WebSocket], Awaitable[Any]]
    messages: Callable[[], list[Message]]
    values: list[Any]


ITERATIONS = {
    "iter_text": Iteration(
        lambda ws: ws.iter_text(),
        lambda ws: ws.receive_text(),
        lambda: [{"type": "websocket.receive", "text": f"m{n}"} for n in range(1, 5)],
        ["m1", "m2", "m3", "m4"],
    ),
    "iter_bytes": Iteration(
        lambda ws: ws.iter_bytes(),
        lambda ws: ws.receive_bytes(),
        lambda: [{"type": "websocket.receive", "bytes": bytes([n, 0xFF])} for n in range(1, 5)],
        [b"\x01\xff", b"\x02\xff", b"\x03\xff", b"\x04\xff"],
    ),
    "iter_json": Iteration(
        lambda ws: ws.iter_json(),
        lambda ws: ws.receive_json(),
        lambda: [{"type": "websocket.receive", "text": f'{{"n": {n}}}'} for n in range(1, 5)],
        [{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}],
    ),
}


async def _accepted(binding: Binding, *incoming: Message) -> tuple[FaultyPeer, WebSocket]:
    peer = FaultyPeer(CONNECT, *incoming, disconnect_1001())
    ws = binding.WebSocket(make_scope(), peer.receive, peer.send)
    await ws.accept()
    return peer, ws


async def _the_rest_arrive_once(
    peer: FaultyPeer, ws: WebSocket, kind: Iteration, received: int, stalled_calls: int = 0
) -> None:
    """The next receive gets message ``received + 1``; a new iterator gets the rest and ends (ITER-2)."""
    assert await kind.receive(ws) == kind.values[received]
    assert [item async for item in kind.iterate(ws)] == kind.values[received + 1 :]
    assert states(ws) == ("DISCONNECTED", "CONNECTED")
    assert peer.incoming == []
    # connect, the four messages and the disconnect, each received once, besides calls that stalled.
    assert peer.receive_calls == 6 + stalled_calls


async def _iterate_and_fail(iterators: list[AsyncIterator[Any]], got: list[Any], after: int, error: Exception) -> None:
    # The iterator is popped, so the loop holds the only reference and drops it as the error leaves.
    async for item in iterators.pop():
        got.append(item)
        if len(got) == after:
            raise error


async def _iterate_and_fail_closing(
    iterator: AsyncGenerator[Any, None], got: list[Any], after: int, error: Exception
) -> None:
    # What an application that closes its iterators writes.
    async with contextlib.aclosing(iterator):
        async for item in iterator:
            got.append(item)
            if len(got) == after:
                raise error


async def _collect(iterator: AsyncIterator[Any], got: list[Any]) -> None:
    async for item in iterator:
        got.append(item)


FINALIZER_WARNING = "Async generator .* was garbage collected before it had been exhausted"
"""What trio warns when it finalizes an async generator that was dropped before its end."""


def _iterates_with_generators(ws: WebSocket) -> bool:
    """Whether ``ws.iter_text()`` is an async generator (one that is never started needs no finalizing)."""
    return isinstance(ws.iter_text(), types.AsyncGeneratorType)


@contextlib.contextmanager
def _finalizer_warning_allowed(allowed: bool) -> Iterator[None]:
    """Let trio's warning about a dropped async generator pass, when ``allowed``.

    Starlette's iterators are async generators, so dropping one mid-loop makes trio warn:
    that is what such a generator does, not a fault. The reference's iterators hold no
    frame and must not make it warn, so for them nothing is let pass.
    """
    with warnings.catch_warnings():
        if allowed:
            warnings.filterwarnings("ignore", FINALIZER_WARNING, ResourceWarning)
        yield


@pytest.mark.clause("ITER-1", "ITER-2")
@pytest.mark.parametrize("closing", ["aclosing", "dropped"])
@pytest.mark.parametrize("after", [1, 2, 3])
@pytest.mark.parametrize("kind_name", ITERATIONS)
async def test_an_error_in_the_loop_body_loses_and_repeats_nothing(
    binding: Binding, kind_name: str, after: int, closing: str
) -> None:
    kind = ITERATIONS[kind_name]
    failure = AppFailure("handler failed")
    got: list[Any] = []
    with anyio.fail_after(TIMEOUT):
        peer, ws = await _accepted(binding, *kind.messages())
        if closing == "aclosing":
            iterator = closable(kind.iterate(ws))
            with pytest.raises(AppFailure) as raised:
                await _iterate_and_fail_closing(iterator, got, after, failure)
            assert raised.value is failure
            # Closed, and closing received nothing: the next step finds the iterator finished.
            assert peer.receive_calls == 1 + after
            with pytest.raises(StopAsyncIteration):
                await iterator.__anext__()
            assert peer.receive_calls == 1 + after
        else:
            iterators = [kind.iterate(ws)]
            with _finalizer_warning_allowed(isinstance(iterators[0], types.AsyncGeneratorType)):
                with pytest.raises(AppFailure) as raised:
                    await _iterate_and_fail(iterators, got, after, failure)
                assert raised.value is failure
                del raised
                # The event loop's async-generator finaliser closes the dropped iterator.
                gc.collect()
                for _ in range(3):
                    await anyio.sleep(0)
        assert got == kind.values[:after]
        assert states(ws) == ("CONNECTED", "CONNECTED")
        await _the_rest_arrive_once(peer, ws, kind, after)


@pytest.mark.parametrize("kind_name", ITERATIONS)
async def test_a_reference_iterator_dropped_mid_loop_leaves_nothing_to_finalize(kind_name: str) -> None:
    # Not a clause: the reference's own promise that an application may leave an iterator
    # without closing it, under trio as under asyncio, and no warning comes of it.
    kind = ITERATIONS[kind_name]
    got: list[Any] = []
    with anyio.fail_after(TIMEOUT), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        peer, ws = await _accepted(load_binding("wsproto_api.reference"), *kind.messages())
        with pytest.raises(AppFailure):
            await _iterate_and_fail([kind.iterate(ws)], got, 1, AppFailure("handler failed"))
        gc.collect()
        for _ in range(3):
            await anyio.sleep(0)
    assert [str(warning.message) for warning in caught] == []
    assert got == kind.values[:1]
    await _the_rest_arrive_once(peer, ws, kind, 1)


@pytest.mark.clause("RECV-10", "ITER-1", "ITER-2")
@pytest.mark.parametrize("after", [0, 1, 2])
@pytest.mark.parametrize("kind_name", ITERATIONS)
async def test_an_iteration_cancelled_while_waiting_loses_and_repeats_nothing(
    binding: Binding, kind_name: str, after: int
) -> None:
    kind = ITERATIONS[kind_name]
    got: list[Any] = []
    with anyio.fail_after(TIMEOUT):
        peer, ws = await _accepted(binding, *kind.messages())
        # connect was receive call 1; the iterator stalls on the call after its `after` messages.
        peer.receive_fault = (2 + after, None)
        iterator = closable(kind.iterate(ws))
        assert await cancelled_from_outside(peer, lambda: _collect(iterator, got)) == "cancelled"
        assert got == kind.values[:after]
        assert states(ws) == ("CONNECTED", "CONNECTED")
        with pytest.raises(StopAsyncIteration):
            await iterator.__anext__()
        assert peer.receive_calls == 2 + after
        # The stalled call took nothing: the message it waited for is the next one received.
        await _the_rest_arrive_once(peer, ws, kind, after, stalled_calls=1)


@pytest.mark.clause("ITER-3", "JSON-7")
@pytest.mark.parametrize("bad", [0, 1, 2])
async def test_invalid_json_mid_iteration_propagates_and_loses_nothing(binding: Binding, bad: int) -> None:
    kind = ITERATIONS["iter_json"]
    messages = kind.messages()
    messages.insert(bad, {"type": "websocket.receive", "text": "{not json"})
    got: list[Any] = []
    with anyio.fail_after(TIMEOUT):
        peer, ws = await _accepted(binding, *messages)
        iterator = closable(kind.iterate(ws))
        with pytest.raises(ValueError):  # noqa: PT011  JSON-7 names ValueError and nothing narrower
            await _collect(iterator, got)
        assert got == kind.values[:bad]
        assert states(ws) == ("CONNECTED", "CONNECTED")
        with pytest.raises(StopAsyncIteration):
            await iterator.__anext__()
        # The invalid message counts as received (JSON-7): the next call gets the one after it.
        assert await kind.receive(ws) == kind.values[bad]
        assert [item async for item in kind.iterate(ws)] == kind.values[bad + 1 :]
        assert states(ws) == ("DISCONNECTED", "CONNECTED")
    assert peer.incoming == []
    assert peer.receive_calls == 7


async def _echo(ws: WebSocket, got: list[str]) -> None:
    async for item in ws.iter_text():
        got.append(item)
        await ws.send_text(item.upper())


@pytest.mark.clause("STATE-14", "ITER-2", "STATE-2")
async def test_a_failing_echo_ends_the_loop_with_1006_and_the_client_side_stays_readable(binding: Binding) -> None:
    # ITER-2 ends the loop quietly only for a disconnect *received*; a send that fails in the
    # body raises WebSocketDisconnect(1006) (STATE-14), which must come out of the loop.
    peer = FaultyPeer(CONNECT, {"type": "websocket.receive", "text": "a"}, RAW_RECEIVED, disconnect_1001())
    peer.send_fault = (2, ConnectionResetError("reset"))
    ws = binding.WebSocket(make_scope(), peer.receive, peer.send)
    got: list[str] = []
    with anyio.fail_after(TIMEOUT):
        await ws.accept()
        with (
            _finalizer_warning_allowed(_iterates_with_generators(ws)),
            pytest.raises(binding.WebSocketDisconnect) as raised,
        ):
            await _echo(ws, got)
        assert getattr(raised.value, "code", None) == 1006
        assert got == ["a"]
        assert states(ws) == ("CONNECTED", "DISCONNECTED")
        # Receiving follows client_state alone (STATE-2): the next message is still there.
        assert await ws.receive() is RAW_RECEIVED
        assert (await ws.receive())["type"] == "websocket.disconnect"
        assert states(ws) == ("DISCONNECTED", "DISCONNECTED")
    assert peer.send_calls == 2
    assert peer.sent == [{"type": "websocket.accept", "subprotocol": None, "headers": []}]
