"""ITER: iterating over messages."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

import wsproto_api
from conformance import expect, features
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import CONNECT, Peer, binary, disconnect, make_scope, text
from conformance.plugin import cancelled_by_the_binding
from conformance.suite import support
from conformance.suite.payloads import MANY_TEXTS
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio


RECEIVER_OF: dict[str, Callable[[wsproto_api.WebSocket], Awaitable[Any]]] = {
    "iter_text": lambda ws: ws.receive_text(),
    "iter_bytes": lambda ws: ws.receive_bytes(),
    "iter_json": lambda ws: ws.receive_json(),
}
"""The call whose results and errors each iterator gives."""

RECEIVER_NAME: dict[str, str] = {
    "iter_text": "receive_text()",
    "iter_bytes": "receive_bytes()",
    "iter_json": "receive_json()",
}

# (iterator, incoming data messages, what it yields for them)
DATA = [
    ("iter_text", [text("a"), text(""), text("☃ 😀"), text('{"a": 1}')], ["a", "", "☃ 😀", '{"a": 1}']),
    ("iter_bytes", [binary(b"a"), binary(b""), binary(b"\x00\xff")], [b"a", b"", b"\x00\xff"]),
    (
        "iter_json",
        [text('{"é": [1, 2]}'), text("null"), text('"x"'), text("3"), text("[1, 2.5, true]")],
        [{"é": [1, 2]}, None, "x", 3, [1, 2.5, True]],
    ),
]

# A data message each iterator reads, and the item it yields for it.
ONE = {"iter_text": text("a"), "iter_bytes": binary(b"a"), "iter_json": text("1")}
ITEM_OF_ONE: dict[str, object] = {"iter_text": "a", "iter_bytes": b"a", "iter_json": 1}

ENDS = [
    pytest.param(disconnect(), id="1000"),
    pytest.param(disconnect(1001, "going away"), id="1001-reason"),
    pytest.param({"type": "websocket.disconnect", "code": 1006}, id="1006-no-reason"),
    pytest.param(disconnect(4000, "é"), id="4000-reason"),
    # A code that reports an error on the client's side: the iteration ends all the same.
    pytest.param(disconnect(1011, "internal error"), id="1011-reason"),
]


async def check_item(binding: Binding, name: str, message: Message, item: object, expected: object, what: str) -> None:
    """Fail unless ``item``, for ``message``, is what the receiving call would return: ``expected``, of its type.

    A text that only equals the message's (a ``UserString``), a ``bytearray``, a ``3.0`` for
    the JSON ``3``: none is what ``receive_text()``, ``receive_bytes()`` or ``receive_json()``
    returns (RECV-1, RECV-2, JSON-3). Where the call itself returns a value of that kind on a
    new connection, the iterator yields what it would return, and the test is blocked by the
    call's clause; so it is where the call returns the same wrong value
    (:func:`block_by_the_receiver`).
    """
    if not expect.same(item, expected):
        await block_by_the_receiver(binding, name, message, item)
    expect.equal(item, expected, what)
    if typed_alike(name, item, expected):
        return
    _, probe = await support.accepted(binding, message)
    returned = await outcome_of(RECEIVER_OF[name], probe)
    if not typed_alike(name, returned, expected):
        pytest.skip(f"{BLOCKED}{RECEIVER_CLAUSE[name]}: {RECEIVER_NAME[name]} of {message!r} returned {returned!r}")
    # The failure, said as the type check says it.
    if name == "iter_json":
        expect.json_kinds(item, expected, what)
    else:
        expect.true(isinstance(item, type(expected)), f"{what} to be a {type(expected).__name__}", type(item))


async def block_by_the_receiver(binding: Binding, name: str, message: Message, item: object) -> None:
    """Block the test by the receiving call's clause where it returns ``item``, a wrong item, for ``message`` too.

    ITER-1 asks for what ``receive_text()``, ``receive_bytes()`` or ``receive_json()`` would
    return: an iterator that yields what the call wrongly returns, on a new connection, follows
    it, and the value is the call's rule (RECV-1, RECV-2, JSON-3).
    """
    _, probe = await support.accepted(binding, message)
    returned = await outcome_of(RECEIVER_OF[name], probe)
    if not isinstance(returned, Exception) and expect.same(returned, item):
        pytest.skip(f"{BLOCKED}{RECEIVER_CLAUSE[name]}: {RECEIVER_NAME[name]} of {message!r} returned {returned!r}")


async def block_by_the_receivers(
    binding: Binding, name: str, incoming: list[Message], seen: list[Any], expected: list[Any]
) -> None:
    """:func:`block_by_the_receiver` for the first of ``seen``, the items yielded for ``incoming``, that is wrong."""
    for message, item, wanted in zip(incoming, seen, expected, strict=False):
        if not expect.same(item, wanted):
            await block_by_the_receiver(binding, name, message, item)
            return


def typed_alike(name: str, item: object, expected: object) -> bool:
    """Whether ``item`` is of ``expected``'s type (``iter_text``, ``iter_bytes``) or JSON kinds (``iter_json``)."""
    if name != "iter_json":
        return isinstance(item, type(expected))
    try:
        expect.json_kinds(item, expected, "")
    except AssertionError:
        return False
    return True


def is_async_iterator(value: object) -> bool:
    return isinstance(value, AsyncIterator)


async def collect(iterator: AsyncIterator[Any], seen: list[Any], what: str) -> None:
    """Iterate to the end, keeping each item; an error from the iteration fails the test, saying so."""
    try:
        async for item in iterator:
            seen.append(item)
    except Exception as error:
        raise AssertionError(
            f"{what}: expected the iteration to end without raising, saw {type(error).__name__}: {error}"
        ) from error


async def items_to_the_end(iterator: AsyncIterator[Any], seen: list[Any]) -> str:
    """Iterate to the end, keeping each item; how the iteration ended, for a failure message.

    For a test of what the items are (ITER-1): whether the end raises is ITER-2's rule, so an
    error there fails nothing here, and one raised before an item shows as that item missing.
    """
    try:
        async for item in iterator:
            seen.append(item)
    except BaseException as error:
        if not isinstance(error, Exception) and not cancelled_by_the_binding(error):
            raise
        return f", the iteration then raising {type(error).__name__}: {error}"
    return ""


async def close_early(iterator: AsyncIterator[Any]) -> None:
    """Finalize an iterator left before its end, as ``async for`` ... ``break`` code should."""
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        await aclose()


# -- ITER-1: one item per message, in order -------------------------------------------------------


@pytest.mark.clause("ITER-1")
@pytest.mark.parametrize(("name", "incoming", "expected"), DATA, ids=[name for name, _, _ in DATA])
async def test_iterator_yields_one_message_per_item_in_order(
    binding: Binding, name: str, incoming: list[Message], expected: list[Any]
) -> None:
    peer, ws = await support.accepted(binding, *incoming)
    iterator = support.ITERATORS[name](ws)
    expect.true(is_async_iterator(iterator), f"{name}() to return an async iterator", iterator)
    for index, (message, item) in enumerate(zip(incoming, expected, strict=True)):
        await check_item(binding, name, message, await iterator.__anext__(), item, f"item {index} of {name}()")
        expect.equal(peer.receive_calls, 1 + index, f"messages received once {name}() gave item {index}")
    await close_early(iterator)


@pytest.mark.clause("ITER-1")
@pytest.mark.parametrize(("name", "incoming", "expected"), DATA, ids=[name for name, _, _ in DATA])
async def test_iterator_in_async_for_yields_every_message(
    binding: Binding, name: str, incoming: list[Message], expected: list[Any]
) -> None:
    peer, ws = await support.accepted(binding, *incoming)
    iterator = support.ITERATORS[name](ws)
    seen: list[Any] = []
    async for item in iterator:
        seen.append(item)
        if len(seen) == len(expected):
            break
    await close_early(iterator)
    expect.equal(len(seen), len(expected), f"items of async for over {name}()")
    for index, (message, item, wanted) in enumerate(zip(incoming, seen, expected, strict=True)):
        await check_item(binding, name, message, item, wanted, f"item {index} of async for over {name}()")
    expect.equal(peer.receive_calls, len(incoming), f"messages received by iterating {name}()")


MANY: dict[str, tuple[list[Message], list[Any]]] = {
    "iter_text": ([text(data) for data in MANY_TEXTS], list(MANY_TEXTS)),
    "iter_bytes": ([binary(data.encode()) for data in MANY_TEXTS], [data.encode() for data in MANY_TEXTS]),
    "iter_json": ([text(json.dumps(data)) for data in MANY_TEXTS], list(MANY_TEXTS)),
}
"""Fourteen messages for each iterator, with what it yields for them: more than any other case."""


@pytest.mark.clause("ITER-1")
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_iterator_yields_each_of_many_messages(binding: Binding, name: str) -> None:
    incoming, expected = MANY[name]
    peer, ws = await support.accepted(binding, *incoming, disconnect())
    seen: list[Any] = []
    # What ends the iteration is ITER-2's; ITER-1's is an item for every message before it.
    ended = await items_to_the_end(support.ITERATORS[name](ws), seen)
    await block_by_the_receivers(binding, name, incoming, seen, expected)
    expect.equal(seen, expected, f"items of {name}() for {len(incoming)} messages{ended}")
    expect.equal(peer.receive_calls, len(incoming) + 1, f"messages received by iterating {name}() to its end")


@pytest.mark.clause("ITER-1")
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_a_new_iterator_goes_on_where_the_last_was_left(binding: Binding, name: str) -> None:
    incoming, expected = MANY[name]
    peer, ws = await support.accepted(binding, *incoming[:3], disconnect())
    first = support.ITERATORS[name](ws)
    items = [await first.__anext__()]
    await close_early(first)
    # Each call makes a new iterator over the messages still to come.
    ended = await items_to_the_end(support.ITERATORS[name](ws), items)
    await block_by_the_receivers(binding, name, incoming[:3], items, expected[:3])
    expect.equal(items, expected[:3], f"items of {name}(), one, then of a second {name}(){ended}")
    expect.equal(peer.receive_calls, 4, f"messages received by the two {name}() iterators")


@pytest.mark.clause("ITER-1")
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_two_iterators_made_at_once_step_in_turn(binding: Binding, name: str) -> None:
    # Making a second iterator ends nothing: each step of either receives the next message.
    incoming, expected = MANY[name]
    peer, ws = await support.accepted(binding, *incoming[:3], disconnect())
    first = support.ITERATORS[name](ws)
    second = support.ITERATORS[name](ws)
    items: list[Any] = []
    ended = ""
    for label, iterator in (("first", first), ("second", second), ("first", first)):
        try:
            items.append(await iterator.__anext__())
        except StopAsyncIteration:
            ended = f", the {label} then ending"
            break
    await close_early(first)
    await close_early(second)
    await block_by_the_receivers(binding, name, incoming[:3], items, expected[:3])
    what = f"items of two {name}() iterators made one after the other, stepped first, second, first{ended}"
    expect.equal(items, expected[:3], what)
    expect.equal(peer.receive_calls, 3, f"messages received by the three steps of two {name}() iterators")


@pytest.mark.clause("ITER-1")
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_an_iterator_made_before_accept_yields_once_accepted(binding: Binding, name: str) -> None:
    # An iterator receives when it is stepped: made before accept() and stepped after, it
    # yields what the receiving call would return then. accept() is the means: it must work on
    # a connection of its own first, as it must for every other ITER test.
    await support.accepted(binding)
    peer, ws = support.connected(binding, CONNECT, ONE[name], disconnect())
    iterator = support.ITERATORS[name](ws)
    await support.accept(peer, ws)
    item = await iterator.__anext__()
    what = f"the first item of {name}() made before accept()"
    await check_item(binding, name, ONE[name], item, ITEM_OF_ONE[name], what)
    await close_early(iterator)


def beside_a_none_key(name: str) -> tuple[Message, object]:
    """A data message ``name`` reads that also holds the other payload key as ``None``, and its item."""
    if name == "iter_bytes":
        return {"type": "websocket.receive", "text": None, "bytes": b"a"}, b"a"
    payload = "1" if name == "iter_json" else "a"
    return {"type": "websocket.receive", "bytes": None, "text": payload}, ITEM_OF_ONE[name]


@pytest.mark.clause("ITER-1")
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_iterator_reads_a_message_beside_a_none_key(binding: Binding, name: str) -> None:
    # ASGI lets a message hold both keys as long as exactly one of them is not None: the
    # receiving call reads it as the kind whose key is not None, and so does the iterator.
    message, expected = beside_a_none_key(name)
    peer, ws = await support.accepted(binding, message, disconnect())
    iterator = support.ITERATORS[name](ws)
    what = f"the first item of {name}() for {message!r}"
    try:
        item = await iterator.__anext__()
    except Exception as error:
        # Where the receiving call raises for it too, the iterator yields what the call would
        # return: the call's clause fails (RECV-1, RECV-2, JSON-3).
        _, probe = await support.accepted(binding, beside_a_none_key(name)[0])
        returned = await outcome_of(RECEIVER_OF[name], probe)
        if isinstance(returned, Exception) and features.missing_member(returned) is None:
            call = f"{RECEIVER_NAME[name]} of {message!r}"
            pytest.skip(f"{BLOCKED}{RECEIVER_CLAUSE[name]} ({call}): raised {type(returned).__name__}: {returned}")
        raise AssertionError(
            f"{what}: expected {expected!r}, as {RECEIVER_NAME[name]} returns, saw {type(error).__name__}: {error}"
        ) from error
    await check_item(binding, name, message, item, expected, what)
    expect.equal(peer.receive_calls, 1, f"messages received once {name}() gave its first item")
    await close_early(iterator)


# -- ITER-2: a disconnect ends the iteration ------------------------------------------------------


@pytest.mark.clause("ITER-2")
@pytest.mark.parametrize("end", ENDS)
@pytest.mark.parametrize(("name", "incoming", "expected"), DATA, ids=[name for name, _, _ in DATA])
async def test_iterator_ends_quietly_on_disconnect(
    binding: Binding, name: str, incoming: list[Message], expected: list[Any], end: Message
) -> None:
    peer, ws = await support.accepted(binding, *incoming, end)
    iterator = support.ITERATORS[name](ws)
    seen: list[Any] = []
    await collect(iterator, seen, f"{name}() meeting websocket.disconnect")
    # What the messages' items are is ITER-1's rule (the receiving call's, where it gives the
    # same); ITER-2's is that the disconnect ends the iteration.
    await block_by_the_receivers(binding, name, incoming, seen, expected)
    support.step_gave(seen[: len(expected)], expected, "ITER-1", f"{name}(), for the messages before the disconnect,")
    expect.equal(seen, expected, f"items of {name}() before the disconnect, and none for it")
    expect.equal(peer.receive_calls, len(incoming) + 1, f"messages received once {name}() ended")
    # An ended iterator stays ended, without receiving again.
    with expect.raises(StopAsyncIteration, what=f"a further step of {name}() after it ended"):
        await iterator.__anext__()
    expect.equal(peer.receive_calls, len(incoming) + 1, f"messages received after stepping {name}() past its end")


@pytest.mark.clause("ITER-2")
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_iterator_on_immediate_disconnect_yields_nothing(binding: Binding, name: str) -> None:
    peer, ws = await support.accepted(binding, disconnect(1001))
    seen: list[Any] = []
    await collect(support.ITERATORS[name](ws), seen, f"{name}() whose first message is websocket.disconnect")
    expect.equal(seen, [], f"items of {name}()")
    expect.equal(peer.receive_calls, 1, f"messages received once {name}() ended")


# -- ITER-3: any other error propagates -----------------------------------------------------------


async def outcome_of(receive: Callable[[wsproto_api.WebSocket], Awaitable[Any]], ws: wsproto_api.WebSocket) -> object:
    """What ``receive(ws)`` returns, or the exception it raises."""
    try:
        return await receive(ws)
    except Exception as error:
        return error


async def error_of(
    receive: Callable[[wsproto_api.WebSocket], Awaitable[Any]], ws: wsproto_api.WebSocket
) -> Exception | None:
    """The error ``receive(ws)`` raises, or ``None``; a binding without the method blocks the test by its clause."""
    try:
        await receive(ws)
    except Exception as error:
        support.block_if_missing(error)
        return error
    return None


async def check_propagates(
    name: str, ws: wsproto_api.WebSocket, error: Exception, before: list[Any], what: str
) -> None:
    """Iterate ``name`` over ``ws``: fail unless it yields ``before``, then raises an error of ``error``'s class."""
    seen: list[Any] = []
    with expect.raises(type(error), what=f"{name}() {what}, where {type(error).__name__} was raised while receiving"):
        async for item in support.ITERATORS[name](ws):
            seen.append(item)
    expect.equal(seen, before, f"items of {name}() before the error")


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("payload", ["{", "not json", "", "[1,]"])
async def test_invalid_json_error_propagates_out_of_iter_json(binding: Binding, payload: str) -> None:
    # What receive_json() raises for the payload (JSON-7's business) is what the iteration must raise.
    _, probe = await support.accepted(binding, text("[1]"), text(payload))
    first = await outcome_of(RECEIVER_OF["iter_json"], probe)
    support.step_gave(first, [1], "JSON-3", "receive_json() for '[1]'")
    error = await error_of(RECEIVER_OF["iter_json"], probe)
    if error is None:
        return  # receive_json() raised nothing: there is no error to propagate (JSON-7 fails it)
    _, ws = await support.accepted(binding, text("[1]"), text(payload), text("[2]"), disconnect())
    await check_propagates("iter_json", ws, error, [[1]], f"meeting the invalid JSON {payload!r}")


class Boom(Exception):
    """An error raised by the peer's receive."""


RECEIVER_CLAUSE: dict[str, str] = {"iter_text": "RECV-1", "iter_bytes": "RECV-2", "iter_json": "JSON-3"}
"""The clause that says what each iterator's receiving call returns for a data message."""


async def check_reads_one(binding: Binding, name: str) -> None:
    """Block the test by its receiving call's clause when that call raises for ``ONE[name]`` on a new connection.

    The iteration must give its first item before the error under test is reached; a call
    that cannot read a valid message (JSON that fails to decode) never gets there. A missing
    receiving call is left to the iteration itself to show.
    """
    _, probe = await support.accepted(binding, ONE[name])
    seen = await outcome_of(RECEIVER_OF[name], probe)
    if isinstance(seen, Exception) and features.missing_member(seen) is None:
        call = f"{RECEIVER_NAME[name]} of {ONE[name]!r}"
        pytest.skip(f"{BLOCKED}{RECEIVER_CLAUSE[name]} ({call}): raised {type(seen).__name__}: {seen}")


@contextlib.asynccontextmanager
async def as_its_call_does(binding: Binding, name: str) -> AsyncGenerator[None]:
    """Judge an iteration against the error its receiving call raised, where that call works.

    When the iteration does not raise as the call did, the call's error is a measure of the
    iteration only if the call reads a valid message at all: one that cannot (it raises at
    once, whatever it is given) blocks the test by its own clause (:func:`check_reads_one`).
    """
    try:
        yield
    except Exception:
        await check_reads_one(binding, name)
        raise


async def failing_after_one(binding: Binding, name: str, error: Exception) -> wsproto_api.WebSocket:
    """An accepted connection whose peer delivers ``ONE[name]``, then raises ``error`` from its ``receive``."""
    peer = Peer(CONNECT, ONE[name], disconnect())

    async def receive() -> Message:
        # The third call: after websocket.connect and the first data message.
        if peer.receive_calls == 2:
            peer.receive_calls += 1
            raise error
        return await peer.receive()

    with support.arrange("CONN-1", "building the connection"):
        ws = binding.WebSocket(make_scope(), receive, peer.send)
    await support.accept(peer, ws)
    return ws


FAILURES: dict[str, Callable[[], Exception]] = {
    "exception": lambda: Boom("the server's receive failed"),
    "connection-error": lambda: ConnectionResetError(104, "Connection reset by peer"),
}
"""What the peer's ``receive`` raises: an error of its own, and an ``OSError``, which a binding could mistake for the
client leaving."""


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_error_from_peer_receive_propagates(binding: Binding, name: str, failure: str) -> None:
    await check_reads_one(binding, name)
    error = FAILURES[failure]()
    if isinstance(error, OSError):
        # No rule says what a receiving call makes of an OSError from the peer's receive: the
        # iteration owes only what the call itself lets through, the very error.
        probe = await failing_after_one(binding, name, error)
        await outcome_of(RECEIVER_OF[name], probe)  # reads ONE[name]; the next call meets the error
        if await outcome_of(RECEIVER_OF[name], probe) is not error:
            return
    ws = await failing_after_one(binding, name, error)
    seen: list[Any] = []
    with expect.raises(type(error), what=f"{name}() when the peer's receive raises") as raised:
        async for item in support.ITERATORS[name](ws):
            seen.append(item)
    expect.true(raised.value is error, "the very exception the peer's receive raised", raised.value)
    expect.equal(len(seen), 1, f"number of items of {name}() before the error")


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_unexpected_message_error_propagates(binding: Binding, name: str) -> None:
    # A second websocket.connect: whatever the receiving call raises for it, the iteration raises.
    # A data message follows, so that a call that passes over the connect (RECV-9's to judge)
    # returns it, instead of raising for a peer with nothing left to deliver.
    _, probe = await support.accepted(binding, CONNECT, ONE[name])
    error = await error_of(RECEIVER_OF[name], probe)
    if error is None:
        return  # nothing was raised while receiving, so nothing is to propagate
    _, ws = await support.accepted(binding, CONNECT, ONE[name], disconnect())
    async with as_its_call_does(binding, name):
        await check_propagates(name, ws, error, [], "receiving websocket.connect after accept()")


OTHER_KIND = {"iter_text": binary(b"b"), "iter_bytes": text("b"), "iter_json": binary(b"2")}
"""A data message of the kind each iterator's receiving call does not read (``receive_json()`` reads text)."""


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("name", OTHER_KIND)
async def test_a_message_of_the_other_kind_is_not_skipped(binding: Binding, name: str) -> None:
    # Whatever the receiving call does with it, the iteration does: raising it, or yielding it.
    # A message it reads follows, so that a call that passes over the other kind (RECV-9's to
    # judge) returns it, instead of raising for a peer with nothing left to deliver.
    _, probe = await support.accepted(binding, OTHER_KIND[name], ONE[name])
    error = await error_of(RECEIVER_OF[name], probe)
    if error is None:
        return  # the receiving call reads it, and so does the iteration (ITER-1's rule)
    await check_reads_one(binding, name)
    _, ws = await support.accepted(binding, ONE[name], OTHER_KIND[name], ONE[name], disconnect())
    iterator = support.ITERATORS[name](ws)
    # What the items are is ITER-1's rule; ITER-3's is that the error comes out.
    support.step_gave(await iterator.__anext__(), ITEM_OF_ONE[name], "ITER-1", f"{name}()'s first item")
    with expect.raises(type(error), what=f"{name}() meeting {OTHER_KIND[name]!r}, which {RECEIVER_NAME[name]} refuses"):
        await iterator.__anext__()


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize(
    "route",
    # A denial response under way answers the handshake without accepting it (raw, denial).
    [support.NEW, support.STARTED],
    ids=["fresh", "denial-started"],
)
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_an_iterator_before_accept_raises_as_its_call_does(
    binding: Binding, name: str, route: support.Route
) -> None:
    # The peer holds a data message next: an iteration that receives it yields instead of raising.
    then = (() if route.incoming else (CONNECT,)) + (ONE[name],)
    probe_peer, probe = await support.reach(binding, route, *then)
    error = await error_of(RECEIVER_OF[name], probe)
    if error is None:
        return  # the receiving call raises nothing before accept(): nothing is to propagate
    peer, ws = await support.reach(binding, route, *then)
    iterator = support.ITERATORS[name](ws)  # made outside the check: a missing method is its own clause's
    before = f"before accept() (after {route.name})"
    async with as_its_call_does(binding, name):
        with expect.raises(type(error), what=f"{name}() {before}, where {RECEIVER_NAME[name]} raises"):
            await iterator.__anext__()
        what = f"messages received by {name}() {before}, as by {RECEIVER_NAME[name]} there"
        expect.equal(peer.receive_calls, probe_peer.receive_calls, what)


async def accepted_then_closed(binding: Binding, name: str) -> tuple[Peer, wsproto_api.WebSocket]:
    """An accepted connection closed by ``close()`` (CLOSE-1), its peer holding ``ONE[name]`` twice, then a disconnect.

    The peer's record is cleared once the close is sent: what follows counts from there.
    """
    peer, ws = await support.accepted(binding, ONE[name], ONE[name], disconnect())
    await support.close(peer, ws)
    peer.forget()
    return peer, ws


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_an_iterator_after_close_raises_as_its_call_does(binding: Binding, name: str) -> None:
    # An application that closes inside its async for loop steps the iterator once more: that
    # step is what the receiving call would do once the application has closed.
    probe_peer, probe = await accepted_then_closed(binding, name)
    error = await error_of(RECEIVER_OF[name], probe)
    if error is None:
        return  # the receiving call raises nothing after close(): nothing is to propagate
    await check_reads_one(binding, name)
    peer, ws = await support.accepted(binding, ONE[name], ONE[name], disconnect())
    iterator = support.ITERATORS[name](ws)
    # The item is ITER-1's rule; ITER-3's is that the step after close() raises as the call does.
    support.step_gave(await iterator.__anext__(), ITEM_OF_ONE[name], "ITER-1", f"{name}()'s first item")
    await support.close(peer, ws)
    peer.forget()
    what = f"{name}(), stepped again after close() inside the loop, where {RECEIVER_NAME[name]} raises"
    with expect.raises(type(error), what=what):
        await iterator.__anext__()
    what = f"messages received by {name}() after close(), as by {RECEIVER_NAME[name]} there"
    expect.equal(peer.receive_calls, probe_peer.receive_calls, what)


async def disconnect_received(binding: Binding, name: str, by: str) -> tuple[Peer, wsproto_api.WebSocket]:
    """An accepted connection whose client's ``websocket.disconnect`` was received ``by`` ``name``'s call or iterator.

    ``by`` is ``"call"``, ``name``'s receiving call, or ``"iterator"``, an ``async for`` over
    ``name()`` that ends there (ITER-2).
    """
    peer, ws = await support.accepted(binding, disconnect(1001))
    if by == "iterator":
        await support.iterate_to_the_disconnect(peer, ws, name, items=0)
        return peer, ws
    # How the disconnect surfaces is RECV-3's business; only its receipt matters here.
    with support.arrange("RECV-3", RECEIVER_NAME[name]):
        await error_of(RECEIVER_OF[name], ws)
    if peer.receive_calls != 1:
        pytest.skip(f"{BLOCKED}RECV-3 ({RECEIVER_NAME[name]}): it did not receive the peer's websocket.disconnect")
    return peer, ws


@pytest.mark.clause("ITER-3")
@pytest.mark.parametrize("by", ["call", "iterator"], ids=["after-the-call", "after-an-iterator"])
@pytest.mark.parametrize("name", support.ITERATORS)
async def test_error_after_disconnect_propagates(binding: Binding, name: str, by: str) -> None:
    # Receiving past a received disconnect raises (RECV-5): the iteration raises it too, a new
    # iterator's after one that ended at the disconnect as after the call that raised for it.
    probe_peer, probe = await disconnect_received(binding, name, by)
    error = await error_of(RECEIVER_OF[name], probe)
    if error is None:
        return  # nothing was raised while receiving, so nothing is to propagate (RECV-5 fails it)
    if probe_peer.receive_calls != 1:
        # What the peer raised for a receive it should not have had is no error the iteration owes.
        call = RECEIVER_NAME[name]
        pytest.skip(f"{BLOCKED}RECV-5 ({call}): it awaited the peer's receive after websocket.disconnect")
    _, ws = await disconnect_received(binding, name, by)
    received = RECEIVER_NAME[name] if by == "call" else f"async for over {name}()"
    async with as_its_call_does(binding, name):
        await check_propagates(name, ws, error, [], f"after {received} received websocket.disconnect")
