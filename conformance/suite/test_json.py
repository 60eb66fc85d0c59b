"""JSON: JSON messages."""

from __future__ import annotations

import collections
import copy
import dataclasses
import datetime
import decimal
import json
import math
import uuid
from collections.abc import Callable
from typing import Any, cast

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import Peer, binary, disconnect, text
from conformance.suite import support
from conformance.suite.payloads import LONG_TEXT, OwnKind, OwnText
from wsproto_api.close_code import CloseCode

pytestmark = pytest.mark.anyio

NAN = float("nan")
INF = float("inf")


def type_name(value: object) -> str:
    return type(value).__name__


def sent_payload(peer: Peer, key: str, what: str) -> object:
    """The ``key`` payload of the one ``websocket.send`` message sent to the peer; fail unless there is one."""
    expect.equal(len(peer.sent), 1, f"messages sent by {what}")
    message = peer.sent[0]
    expect.equal(message.get("type"), "websocket.send", f"type of the message sent by {what}")
    other = "bytes" if key == "text" else "text"
    expect.true(message.get(other) is None, f"the message sent by {what} to carry no {other!r} payload", message)
    payload = message.get(key)
    expected_type = str if key == "text" else bytes
    expect.true(
        isinstance(payload, expected_type),
        f"the message sent by {what} to carry a {expected_type.__name__} {key!r} payload",
        message,
    )
    return payload


def sent_value(peer: Peer, mode: str, what: str) -> object:
    """What ``json.loads`` reads from the one message sent, by ``mode``'s payload."""
    if mode == "text":
        return json.loads(str(sent_payload(peer, "text", what)))
    payload = sent_payload(peer, "bytes", what)
    assert isinstance(payload, bytes)
    return json.loads(payload.decode("utf-8"))


CALL_IN: dict[str, str] = {"text": "send_json({data})", "binary": 'send_json({data}, mode="binary")'}
"""How a test names ``send_json`` in each mode: text is the default, called without ``mode``."""


async def send_json_in(ws: wsproto_api.WebSocket, data: object, mode: str) -> None:
    """``send_json(data)`` (text, the default) or ``send_json(data, mode="binary")``.

    A clause whose rule names no mode calls the default, so that a binding that spells its
    modes otherwise is not judged by a mode argument the rule does not name.
    """
    await (ws.send_json(data) if mode == "text" else ws.send_json(data, mode="binary"))


async def needs_mode(binding: Binding, mode: str) -> None:
    """Block a binary-mode case by JSON-10 unless ``send_json(data, mode="binary")`` sends its value at all."""
    if mode == "binary":
        await check_send_works(binding, mode)


# -- JSON-8, JSON-10: the value sent; JSON-9: its text --------------------------------------------

DEPTH = 40
"""How deep the nested documents sent and received are: past a limit of 16 or 32 levels that an
encoder or a parser could set, far below the recursion limit that bounds json.dumps and json.loads."""


def nested_lists(levels: int) -> list[Any]:
    """``levels`` lists, each the only item of the one around it."""
    value: list[Any] = []
    for _ in range(levels - 1):
        value = [value]
    return value


def nested_objects(levels: int) -> dict[str, Any]:
    """``levels`` objects, each the value of ``"a"`` in the one around it; the innermost holds 1."""
    value: dict[str, Any] = {"a": 1}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


VALUES: list[Any] = [
    {"é": [1, 2]},
    {"a": {"b": 1.5}, "c": None},
    {"z": 1, "a": 2},
    {"k": [{"x": []}], "n": -0.5},
    [1, "two", True, False],
    "snow ☃ 😀",
    "é\u2028",
    'q"\\\n',
    42,
    -0.0,
    None,
    {},
    [1e308, -1e308, 5e-324],
    {"shared": [[1], [1]]},
    {"n": [0, 1, 2.0, True, False, None, "1"]},
    # Past what a double holds exactly, and a float of ten digits: what JavaScript-safe
    # numbers or rounding would change.
    {"big": [2**53 + 1, 2**64 + 1, -(2**70)], "digits": 0.1234567891, "small": 1e-7},
    # Floats that only 16 or 17 significant digits write back exactly: a writer that rounds to
    # 15 (C's DBL_DIG, "%.15g") changes each, and writes the largest double as infinity.
    {"17 digits": [0.1 + 0.2, 1 / 3, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308]},
    # A str subclass (a StrEnum member) as a key and a value, and an IntEnum member: json.dumps
    # writes each as the str or int it is; a (str, Enum) member as the text it holds, too,
    # though str() of it is its name ("OwnKind.TEXT").
    {OwnText("own key"): [OwnText("own text"), CloseCode.GOING_AWAY], OwnKind.TEXT: OwnKind.SUBPROTOCOL},
    # A dict subclass, which json.dumps writes as the object it is.
    collections.OrderedDict([("z", [1]), ("a", {"b": None})]),
    # JSON text past 1 MiB: what a limit on a message's length (16 bits, 64 KiB) would cut or split.
    pytest.param({"long": LONG_TEXT}, id=f"a-text-of-{len(LONG_TEXT)}-characters"),
    # Tuples, which json.dumps writes as arrays: an encoder that walks only dicts and lists
    # refuses them as a type JSON has no form for.
    pytest.param((1.5, ["two", (3, None)]), id="a-tuple"),
    pytest.param({"pair": (True, "b"), "empty": ()}, id="tuples-in-an-object"),
    # Nested past a limit of 16 or 32 levels that a hand-written encoder or check could set,
    # far below the recursion limit that bounds json.dumps.
    pytest.param(nested_lists(DEPTH), id=f"lists-{DEPTH}-deep"),
    pytest.param(nested_objects(DEPTH), id=f"objects-{DEPTH}-deep"),
]
"""Data JSON can encode; ``json.loads`` of what is sent must equal each, value for value and
kind for kind (a tuple is read back as a list, which SPEC.md's conventions compare with it
item by item)."""


@pytest.mark.clause("JSON-8")
@pytest.mark.parametrize("data", VALUES)
async def test_send_json_sends_the_value_as_text(binding: Binding, data: Any) -> None:
    peer, ws = await support.accepted(binding)
    what = f"send_json({expect.shown(data)})"
    await ws.send_json(data)
    value = sent_value(peer, "text", what)
    expect.equal(value, data, f"json.loads of the text sent by {what}")
    expect.json_kinds(value, data, f"json.loads of the text sent by {what}")


@pytest.mark.clause("JSON-10")
@pytest.mark.parametrize("data", VALUES)
async def test_send_json_binary_sends_the_value_as_utf8_bytes(binding: Binding, data: Any) -> None:
    peer, ws = await support.accepted(binding)
    what = f'send_json({expect.shown(data)}, mode="binary")'
    await ws.send_json(data, mode="binary")
    value = sent_value(peer, "binary", what)
    expect.equal(value, data, f"json.loads of the UTF-8 bytes sent by {what}")
    expect.json_kinds(value, data, f"json.loads of the UTF-8 bytes sent by {what}")


@pytest.mark.clause("JSON-8")
async def test_send_json_after_the_client_left_still_sends(binding: Binding) -> None:
    # As send_text() (SEND-1): only the application's close ends its sending.
    peer, ws = await support.accepted(binding, disconnect(1001))
    await support.client_leaves(binding, ws)
    what = 'send_json({"a": 1}) after the client left, before the application closed'
    await ws.send_json({"a": 1})
    expect.equal(sent_value(peer, "text", what), {"a": 1}, f"json.loads of the text sent by {what}")


@pytest.mark.clause("JSON-8")
async def test_send_json_sends_the_value_as_it_is_at_each_call(binding: Binding) -> None:
    peer, ws = await support.accepted(binding)
    data: dict[str, Any] = {"n": 1}
    for call, value in enumerate([1, 2, 2]):
        data["n"] = value
        what = f"send_json(d) call {call} on one connection, with d now {data!r}"
        await ws.send_json(data)
        expect.equal(sent_value(peer, "text", what), data, f"json.loads of the text sent by {what}")
        peer.forget()


EQUAL_ACROSS_KINDS: list[Any] = [1, True, 1.0, 0, False, 0.0]
"""Values equal across JSON kinds (``True == 1 == 1.0``, with one hash): a cache of encoded
values keyed by equality, as ``functools.lru_cache`` keeps one, sends the first one's text for
the others."""

OTHER_MODE: dict[str, tuple[str, str]] = {"text": ("binary", "JSON-10"), "binary": ("text", "JSON-8")}
"""For each mode, the other one and the clause that says ``send_json`` sends in it."""


async def check_kinds_in_turn(binding: Binding, mode: str) -> None:
    """``send_json`` in ``mode`` of each of ``EQUAL_ACROSS_KINDS`` in turn, after one in the other mode.

    A binding that refuses the other mode outright (its own clause fails that) cannot have
    sent a message in it first: the values are then sent on a connection of their own, and
    this clause is judged on all it can meet.
    """
    peer, ws = await support.accepted(binding)
    # A message carries its own payload alone (SPEC.md: ASGI equivalence): nothing of one sent
    # in the other mode may be left in the next.
    other, clause = OTHER_MODE[mode]
    first = CALL_IN[other].format(data="{'other mode': 'first'}")
    before = len(peer.sent)
    refused = False
    with support.arrange(clause, first):
        try:
            await send_json_in(ws, {"other mode": "first"}, other)
        except Exception as error:
            support.block_if_missing(error)
            if len(peer.sent) != before:
                raise
            refused = True
    if refused:
        first = f"{first}, refused,"
        peer, ws = await support.accepted(binding)
    else:
        sent = [message.get("type") for message in peer.sent[before:]]
        support.step_gave(sent, ["websocket.send"], clause, f"{first}: the types sent")
    peer.forget()
    for call, data in enumerate(EQUAL_ACROSS_KINDS):
        what = f"{CALL_IN[mode].format(data=repr(data))}, call {call} after {first} and {EQUAL_ACROSS_KINDS[:call]}"
        await send_json_in(ws, data, mode)
        value = sent_value(peer, mode, what)
        expect.equal(value, data, f"json.loads of what was sent by {what}")
        expect.json_kinds(value, data, f"json.loads of what was sent by {what}")
        peer.forget()


@pytest.mark.clause("JSON-8")
async def test_send_json_keeps_the_kind_of_equal_values_sent_in_turn(binding: Binding) -> None:
    await check_kinds_in_turn(binding, "text")


@pytest.mark.clause("JSON-10")
async def test_send_json_binary_keeps_the_kind_of_equal_values_sent_in_turn(binding: Binding) -> None:
    await check_kinds_in_turn(binding, "binary")


# (data, the text JSON-9 defines for it: compact separators, non-ASCII kept, keys in given order)
ENCODED: list[tuple[Any, str]] = [
    ({"é": [1, 2]}, '{"é":[1,2]}'),
    ({"a": {"b": 1.5}, "c": None}, '{"a":{"b":1.5},"c":null}'),
    ({"z": 1, "a": 2}, '{"z":1,"a":2}'),
    ({"k": [{"x": []}], "n": -0.5}, '{"k":[{"x":[]}],"n":-0.5}'),
    ([1, "two", True, False], '[1,"two",true,false]'),
    ((1, 2), "[1,2]"),
    ("snow ☃ 😀", '"snow ☃ 😀"'),
    ("é\u2028", '"é\u2028"'),
    ('q"\\\n', '"q\\"\\\\\\n"'),
    (42, "42"),
    (None, "null"),
    ({}, "{}"),
    ([1e308, -1e308, 5e-324], "[1e+308,-1e+308,5e-324]"),
    (-0.0, "-0.0"),
    # Characters that HTML-safe writers (Flask's htmlsafe_dumps, Go's encoding/json) and ujson
    # escape, and json.dumps keeps.
    ("</script> & 'a/b'", "\"</script> & 'a/b'\""),
]


@pytest.mark.clause("JSON-9")
@pytest.mark.parametrize("mode", ["text", "binary"])
@pytest.mark.parametrize(("data", "expected"), ENCODED)
async def test_send_json_sends_compact_text(binding: Binding, data: Any, expected: str, mode: str) -> None:
    # The text is judged only where send_json sends a value at all, in either mode: JSON-9's floor.
    await check_send_works(binding, mode)
    peer, ws = await support.accepted(binding)
    what = CALL_IN[mode].format(data=repr(data))
    await send_json_in(ws, data, mode)
    if mode == "text":
        expect.equal(sent_payload(peer, "text", what), expected, f"the text sent by {what}")
    else:
        expect.equal(sent_payload(peer, "bytes", what), expected.encode(), f"the bytes sent by {what}")


# -- JSON-3, JSON-4: the value received ----------------------------------------------------------


@pytest.mark.clause("JSON-3")
@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ('{"é": [1, 2]}', {"é": [1, 2]}),
        ('{"a":{"b":1.5},"c":null}', {"a": {"b": 1.5}, "c": None}),
        ('"\\u2603 😀"', "☃ 😀"),
        (" [true, false]\n", [True, False]),
        ("7", 7),
        ("7.0", 7.0),
        ("true", True),
        ('"7"', "7"),
        ("null", None),
        # json.loads keeps the last of a repeated name.
        ('{"a": 1, "a": 2}', {"a": 2}),
        ("[9007199254740993, 18446744073709551617, 0.1234567891, 1e-07]", [2**53 + 1, 2**64 + 1, 0.1234567891, 1e-7]),
        # json.loads has no depth limit of its own: a "hardening" one would refuse these.
        pytest.param("[" * DEPTH + "]" * DEPTH, nested_lists(DEPTH), id=f"lists-{DEPTH}-deep"),
        pytest.param('{"a": ' * DEPTH + "1" + "}" * DEPTH, nested_objects(DEPTH), id=f"objects-{DEPTH}-deep"),
        # An escaped lone surrogate, which RFC 8259 lets a text hold and json.loads reads as the
        # one code point: a parser that refuses what it cannot write back as UTF-8 rejects it.
        pytest.param('["\\ud800", {"k": "\\udfff x"}]', ["\ud800", {"k": "\udfff x"}], id="lone-surrogates"),
    ],
)
async def test_receive_json_loads_text(binding: Binding, payload: str, expected: Any) -> None:
    peer, ws = await support.accepted(binding, text(payload), text("[2]"))
    what = f"receive_json() of {payload!r}"
    received = await ws.receive_json()
    expect.equal(received, expected, what)
    expect.json_kinds(received, expected, what)
    expect.equal(peer.receive_calls, 1, f"messages received by {what}")


def list_items(value: object) -> list[object]:
    """The items of ``value`` if it is a list, else none."""
    return list(cast("list[object]", value)) if isinstance(value, list) else []


@pytest.mark.clause("JSON-3")
async def test_receive_json_loads_nan_and_infinities(binding: Binding) -> None:
    # json.loads reads NaN, Infinity and -Infinity, which RFC 8259 has no form for, as floats:
    # receive_json returns them as it does. NaN equals nothing, itself included: it is judged
    # by math.isnan, the rest by value.
    payload = "[NaN, Infinity, -Infinity]"
    peer, ws = await support.accepted(binding, text(payload), text("[2]"))
    what = f"receive_json() of {payload!r}"
    received: object = await ws.receive_json()
    items = list_items(received)
    expect.true(len(items) == 3, f"{what} to be a list of 3 values", received)
    first, *rest = items
    expect.true(isinstance(first, float) and math.isnan(first), f"{what}[0] to be the float NaN", first)
    expect.equal(rest, [INF, -INF], f"{what}[1:]")
    expect.json_kinds(rest, [INF, -INF], f"{what}[1:]")
    expect.equal(peer.receive_calls, 1, f"messages received by {what}")


@pytest.mark.clause("JSON-4")
@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b'{"\xc3\xa9": [1, 2]}', {"é": [1, 2]}),
        (b'["\xe2\x98\x83", "\xf0\x9f\x98\x80"]', ["☃", "😀"]),
        (b'"\\u00e9"', "é"),
        (b"null", None),
        (b"1.5", 1.5),
        (b"3", 3),
        (b"false", False),
        (b'{"a": 1, "a": 2}', {"a": 2}),
        (b"[9007199254740993, -1180591620717411303424, 0.1234567891]", [2**53 + 1, -(2**70), 0.1234567891]),
        pytest.param(b"[" * DEPTH + b"]" * DEPTH, nested_lists(DEPTH), id=f"lists-{DEPTH}-deep"),
        pytest.param(b'{"a": ' * DEPTH + b"1" + b"}" * DEPTH, nested_objects(DEPTH), id=f"objects-{DEPTH}-deep"),
        pytest.param(b"[Infinity, -Infinity]", [INF, -INF], id="infinities"),
        pytest.param(b'["\\ud800", {"k": "\\udfff x"}]', ["\ud800", {"k": "\udfff x"}], id="lone-surrogates"),
    ],
)
async def test_receive_json_binary_loads_utf8_bytes(binding: Binding, payload: bytes, expected: Any) -> None:
    peer, ws = await support.accepted(binding, binary(payload), binary(b"[2]"))
    what = f'receive_json(mode="binary") of {payload!r}'
    received = await ws.receive_json(mode="binary")
    expect.equal(received, expected, what)
    expect.json_kinds(received, expected, what)
    expect.equal(peer.receive_calls, 1, f"messages received by {what}")


@pytest.mark.clause("JSON-3")
async def test_receive_json_reads_text_beside_a_none_bytes_key(binding: Binding) -> None:
    # ASGI lets a message hold both keys as long as exactly one of them is not None: it is a
    # text message all the same.
    message = {"type": "websocket.receive", "bytes": None, "text": '{"a": [1]}'}
    peer, ws = await support.accepted(binding, message, text("[2]"))
    what = "receive_json() of a text message whose 'bytes' is None"
    expect.equal(await ws.receive_json(), {"a": [1]}, what)
    expect.equal(peer.receive_calls, 1, f"messages received by {what}")


@pytest.mark.clause("JSON-4")
async def test_receive_json_binary_reads_bytes_beside_a_none_text_key(binding: Binding) -> None:
    message = {"type": "websocket.receive", "text": None, "bytes": b'{"a": [1]}'}
    peer, ws = await support.accepted(binding, message, binary(b"[2]"))
    what = "receive_json(mode=\"binary\") of a binary message whose 'text' is None"
    expect.equal(await ws.receive_json(mode="binary"), {"a": [1]}, what)
    expect.equal(peer.receive_calls, 1, f"messages received by {what}")


REPEATED = '{"a": [1]}'
"""A document received twice on one connection, its first value changed by the application in between."""


def change(value: object) -> None:
    """Add to ``value``, as an application may to what it received, through the built-in types' own methods.

    Only a ``dict`` and a ``list`` in it are changed: a binding may return other containers
    for them, which SPEC.md's conventions compare by their items.
    """
    if isinstance(value, dict):
        found = cast("dict[str, object]", value)
        items = dict[str, object].get(found, "a")
        if isinstance(items, list):
            list[object].append(cast("list[object]", items), 2)
        dict[str, object].__setitem__(found, "b", 3)


async def check_a_value_of_its_own(binding: Binding, mode: str) -> None:
    """``receive_json`` in ``mode`` of REPEATED twice: the second gives ``json.loads``'s value, the first changed."""
    message = text(REPEATED) if mode == "text" else binary(REPEATED.encode())
    peer, ws = await support.accepted(binding, message, copy.deepcopy(message))
    call = "receive_json()" if mode == "text" else 'receive_json(mode="binary")'
    first = await receive_json_in(ws, mode)
    expect.equal(first, {"a": [1]}, f"{call} of {REPEATED!r}")
    change(first)
    second = await receive_json_in(ws, mode)
    what = f"{call} of {REPEATED!r} again, after the application added to the first one's value"
    expect.equal(second, {"a": [1]}, what)
    expect.equal(peer.receive_calls, 2, f"messages received by two calls of {call}")


@pytest.mark.clause("JSON-3")
async def test_receive_json_of_a_repeated_text_returns_a_value_of_its_own(binding: Binding) -> None:
    # json.loads builds a new value for each call: what the application did to an earlier one
    # is no part of the next message.
    await check_a_value_of_its_own(binding, "text")


@pytest.mark.clause("JSON-4")
async def test_receive_json_binary_of_repeated_bytes_returns_a_value_of_its_own(binding: Binding) -> None:
    await check_a_value_of_its_own(binding, "binary")


# -- JSON-5: a mode other than "text" or "binary" is refused -------------------------------------

BAD_MODES: list[Any] = ["bytes", "TEXT", "Binary", "", "json", None]
"""Modes JSON-5 refuses; none contains the words "text" or "binary" an error must name."""


@support.refusal("JSON-5")
@pytest.mark.parametrize("mode", BAD_MODES)
async def test_send_json_with_bad_mode_is_refused_before_sending(
    binding: Binding, refusal: support.Refusal, mode: Any
) -> None:
    peer, ws = await support.accepted(binding)
    what = f"send_json({{'a': 1}}, mode={mode!r})"
    with refusal.raises(RuntimeError, what=what, mentioning=("text", "binary"), peer=peer):
        await ws.send_json({"a": 1}, mode=mode)
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 0, f"times {what} awaited the peer's receive")
    # The connection is as it was: the call with a valid mode works.
    await check_valid_send_goes_through(binding, peer, ws, "text", what)


@support.refusal("JSON-5")
@pytest.mark.parametrize("mode", BAD_MODES)
async def test_receive_json_with_bad_mode_is_refused_before_receiving(
    binding: Binding, refusal: support.Refusal, mode: Any
) -> None:
    peer, ws = await support.accepted(binding, text('{"first": 1}'))
    what = f"receive_json(mode={mode!r})"
    with refusal.raises(RuntimeError, what=what, mentioning=("text", "binary"), peer=peer):
        await ws.receive_json(mode=mode)
    expect.equal(peer.receive_calls, 0, f"times {what} awaited the peer's receive")
    expect.sent(peer, [], f"messages sent by {what}")
    # The message the refused call must not have taken is still there for the next one.
    _, probe = await support.accepted(binding, text("[1]"))
    probed = await receive_json_in(probe, "text")
    support.step_gave(probed, [1], "JSON-3", "receive_json() for '[1]' on a new accepted connection")
    expect.equal(await ws.receive_json(), {"first": 1}, f"receive_json() after the refused {what}")


# -- JSON-7: invalid JSON received raises ValueError, and the connection stays usable ------------

# Text json.loads refuses; "NaN" and "Infinity" are left out because json.loads reads them. A
# raw line break inside a string is what json.loads(strict=False) would let through, and a
# byte order mark what a reader decoding as utf-8-sig would.
INVALID_TEXT = ["{", "", "[1,]", "{'a': 1}", '{"a": 1} x', "undefined", '"unterminated', " ", '"a\nb"', "\ufeff[1]"]

# (bytes receive_json(mode="binary") refuses: not UTF-8, or UTF-8 but not JSON)
INVALID_BYTES = [
    b"\xff",
    b'"\xc3"',
    b'{"a": "\xed\xa0\x80"}',
    b"{",
    b"",
    b"[1,]",
    b"{'a': 1}",
    b'"a\nb"',
    b"\xef\xbb\xbf[1]",
]


async def receive_json_in(ws: wsproto_api.WebSocket, mode: str) -> object:
    """``receive_json()`` (text) or ``receive_json(mode="binary")``'s result, or the exception it raises."""
    try:
        return await (ws.receive_json() if mode == "text" else ws.receive_json(mode="binary"))
    except Exception as error:
        return error


async def check_receive_works(binding: Binding, mode: str) -> None:
    """Block the test by JSON-3 or JSON-4 unless ``receive_json`` in ``mode`` reads valid JSON on a new connection.

    A test that judges what the call does with other input needs it to work at all; when it
    does not (a binding whose modes are spelt otherwise), the failure is that clause's.
    """
    call = "receive_json()" if mode == "text" else 'receive_json(mode="binary")'
    _, probe = await support.accepted(binding, text("[1]") if mode == "text" else binary(b"[1]"))
    probed = await receive_json_in(probe, mode)
    clause = "JSON-3" if mode == "text" else "JSON-4"
    support.step_gave(probed, [1], clause, f"{call} for '[1]' on a new accepted connection")


async def check_usable_after_invalid(
    binding: Binding, peer: Peer, ws: wsproto_api.WebSocket, mode: str, what: str
) -> None:
    """The message that ``what`` read counts as received, and the next call receives the next message."""
    expect.equal(peer.receive_calls, 1, f"messages received by {what}")
    call = "receive_json()" if mode == "text" else 'receive_json(mode="binary")'
    # The next call must work at all for its result to judge this one (JSON-3's or JSON-4's business).
    await check_receive_works(binding, mode)
    received = await receive_json_in(ws, mode)
    expect.equal(received, {"next": [1]}, f"{call} of the message after the one {what} read")
    expect.equal(peer.receive_calls, 2, f"messages received by {what} and one more {call}")


@pytest.mark.clause("JSON-7")
@pytest.mark.parametrize("payload", INVALID_TEXT)
async def test_receive_json_of_invalid_json_raises_value_error(binding: Binding, payload: str) -> None:
    await check_receive_works(binding, "text")
    peer, ws = await support.accepted(binding, text(payload), text('{"next": [1]}'))
    what = f"receive_json() of {payload!r}"
    with expect.raises(ValueError, what=what):
        await ws.receive_json()
    await check_usable_after_invalid(binding, peer, ws, "text", what)


@pytest.mark.clause("JSON-7")
@pytest.mark.parametrize("payload", INVALID_BYTES)
async def test_receive_json_binary_of_invalid_bytes_raises_value_error(binding: Binding, payload: bytes) -> None:
    await check_receive_works(binding, "binary")
    peer, ws = await support.accepted(binding, binary(payload), binary(b'{"next": [1]}'))
    what = f'receive_json(mode="binary") of {payload!r}'
    with expect.raises(ValueError, what=what):
        await ws.receive_json(mode="binary")
    await check_usable_after_invalid(binding, peer, ws, "binary", what)


# -- JSON-11: data JSON cannot encode is refused --------------------------------------------------


def circular_list() -> list[object]:
    data: list[object] = [1]
    data.append(data)
    return data


def circular_dict() -> dict[str, object]:
    data: dict[str, object] = {"a": 1}
    data["self"] = data
    return data


def deep_circle() -> dict[str, object]:
    data: dict[str, object] = {}
    data["items"] = [{"back": data}]
    return data


@dataclasses.dataclass(frozen=True)
class Point:
    """An application's own record, which framework encoders write as an object and json.dumps refuses."""

    x: int
    y: int


NOT_JSON: dict[str, Callable[[], object]] = {
    "set": set,
    "object": object,
    "bytes": lambda: b"x",
    "complex": lambda: 1j,
    "nested set": lambda: {"a": [1, {2}]},
    "nested bytes": lambda: {"a": {"b": b"x"}},
    "tuple key": lambda: {(1, 2): "v"},
    # Values other encoders write as text or as numbers; json.dumps has no form for them.
    "datetime": lambda: datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
    "date": lambda: datetime.date(2024, 1, 2),
    "time": lambda: datetime.time(3, 4, 5),
    "decimal": lambda: decimal.Decimal("1.5"),
    "uuid": lambda: uuid.UUID(int=1),
    "nested uuid": lambda: {"ids": [uuid.UUID(int=1)]},
    "dataclass": lambda: {"at": Point(1, 2)},
}
"""Data of a type JSON has no form for, each built anew for each test."""

CIRCULAR: dict[str, Callable[[], object]] = {
    "circular list": circular_list,
    "circular dict": circular_dict,
    "nested circle": deep_circle,
}
"""Data with a circular reference."""


class OwnFloat(float):
    """An application's own number type (NumPy's ``float64`` is one): a ``float`` all the same."""

    __slots__ = ()


NOT_FINITE: dict[str, Callable[[], object]] = {
    "nan": lambda: NAN,
    "inf": lambda: INF,
    "-inf": lambda: -INF,
    "nested nan": lambda: {"a": [1.5, NAN]},
    "nested inf": lambda: [{"x": INF}],
    "nested -inf": lambda: {"a": {"b": -INF}},
    # json.dumps writes a tuple as an array: a check that walks only dicts and lists misses it.
    "nan in a tuple": lambda: {"a": (1.5, NAN)},
    # A float subclass's NaN, which json.dumps writes as NaN too: a check of the exact type misses it.
    "nan of a float subclass": lambda: {"a": [OwnFloat(NAN)]},
}
"""Data holding a float that is NaN or infinite."""

UNENCODABLE: list[Any] = [
    *(pytest.param(build, TypeError, id=name) for name, build in NOT_JSON.items()),
    *(pytest.param(build, ValueError, id=name) for name, build in CIRCULAR.items()),
]


VALID: dict[str, object] = {"ok": [1.5]}
"""What a valid ``send_json`` sends after a refused one."""


async def check_send_works(binding: Binding, mode: str) -> None:
    """Block the test by JSON-8 or JSON-10 unless a valid ``send_json`` on a new connection sends its value.

    A test that judges a valid call after a refused one needs that call to work at all; when
    it does not, the failure is its own clause's.
    """
    peer, probe = await support.accepted(binding)
    valid = CALL_IN[mode].format(data=repr(VALID))
    try:
        await send_json_in(probe, VALID, mode)
        seen = sent_value(peer, mode, valid)
    except Exception as error:
        seen = error
    clause = "JSON-8" if mode == "text" else "JSON-10"
    support.step_gave(seen, VALID, clause, f"{valid} on a new accepted connection")


async def check_valid_send_goes_through(
    binding: Binding, peer: Peer, ws: wsproto_api.WebSocket, mode: str, what: str
) -> None:
    """A valid ``send_json`` after ``what`` sends its value."""
    await check_send_works(binding, mode)
    valid = f"{CALL_IN[mode].format(data=repr(VALID))} after {what}"
    await send_json_in(ws, VALID, mode)
    expect.equal(sent_value(peer, mode, valid), VALID, f"json.loads of what {valid} sent")


@support.refusal("JSON-11", words=False)
@pytest.mark.parametrize("mode", ["text", "binary"])
@pytest.mark.parametrize(("build", "error"), UNENCODABLE)
async def test_send_json_refuses_data_json_cannot_encode(
    binding: Binding, refusal: support.Refusal, build: Callable[[], object], error: type[Exception], mode: str
) -> None:
    await needs_mode(binding, mode)
    peer, ws = await support.accepted(binding)
    data = build()
    what = CALL_IN[mode].format(data=f"<{type_name(data)} JSON cannot encode>")
    with refusal.raises(error, what=what, peer=peer):
        await send_json_in(ws, data, mode)
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 0, f"times {what} awaited the peer's receive")
    await check_valid_send_goes_through(binding, peer, ws, mode, what)


# -- JSON-12: NaN and infinities refused; JSON-13: a send_json that raises sends nothing ---------


@support.refusal("JSON-12", words=False)
@pytest.mark.parametrize("mode", ["text", "binary"])
@pytest.mark.parametrize("build", NOT_FINITE.values(), ids=NOT_FINITE.keys())
async def test_send_json_refuses_nan_and_infinities(
    binding: Binding, refusal: support.Refusal, build: Callable[[], object], mode: str
) -> None:
    await needs_mode(binding, mode)
    peer, ws = await support.accepted(binding)
    data = build()
    what = CALL_IN[mode].format(data=repr(data))
    with refusal.raises(ValueError, what=what, peer=peer):
        await send_json_in(ws, data, mode)
    expect.sent(peer, [], f"messages sent by {what}")
    expect.equal(peer.receive_calls, 0, f"times {what} awaited the peer's receive")
    await check_valid_send_goes_through(binding, peer, ws, mode, what)


RAISING_DATA: list[Any] = [
    *(pytest.param(build, id=name) for name, build in NOT_FINITE.items()),
    pytest.param(NOT_JSON["nested set"], id="nested set"),
    pytest.param(NOT_JSON["object"], id="object"),
    pytest.param(CIRCULAR["nested circle"], id="nested circle"),
]
"""Data for which ``send_json`` may raise: what JSON-12 should refuse, and some that JSON-11 must."""


@pytest.mark.clause("JSON-13")
@pytest.mark.parametrize("mode", ["text", "binary"])
@pytest.mark.parametrize("build", RAISING_DATA)
async def test_send_json_that_raises_sends_nothing(binding: Binding, build: Callable[[], object], mode: str) -> None:
    await needs_mode(binding, mode)
    peer, ws = await support.accepted(binding)
    data = build()
    what = CALL_IN[mode].format(data=f"<{type_name(data)}>")
    try:
        await send_json_in(ws, data, mode)
    except Exception:
        pass
    else:
        return  # whether it should have raised is JSON-11's or JSON-12's business
    expect.sent(peer, [], f"messages sent by {what}, which raised")
    await check_valid_send_goes_through(binding, peer, ws, mode, what)
