"""JSON: JSON messages."""

from __future__ import annotations

from typing import Any

import pytest

from conformance import expect
from conformance.binding import Binding
from conformance.peer import DEFAULT_ACCEPT, binary, text

pytestmark = pytest.mark.anyio

# (data, the text JSON-1 defines for it: compact separators, non-ASCII kept, keys in given order)
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
]

BAD_MODES: list[Any] = ["bytes", "TEXT", "Binary", "", "json", None]
"""Modes JSON-5 refuses; none contains the words "text" or "binary" an error must name."""


def type_name(value: object) -> str:
    # 7 == 7.0 and True == 1, so equality alone would let a wrong JSON type through.
    return type(value).__name__


@pytest.mark.clause("JSON-1")
@pytest.mark.parametrize(("data", "expected"), ENCODED)
async def test_send_json_sends_compact_text(binding: Binding, data: Any, expected: str) -> None:
    peer, ws = await binding.accepted()
    await ws.send_json(data)
    expect.sent(peer, [DEFAULT_ACCEPT, {"type": "websocket.send", "text": expected}])


@pytest.mark.clause("JSON-1")
async def test_send_json_in_explicit_text_mode(binding: Binding) -> None:
    peer, ws = await binding.accepted()
    await ws.send_json({"é": [1, 2], "b": "☃"}, mode="text")
    expect.sent(peer, [DEFAULT_ACCEPT, {"type": "websocket.send", "text": '{"é":[1,2],"b":"☃"}'}])


@pytest.mark.clause("JSON-2")
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"é": [1, 2]}, b'{"\xc3\xa9":[1,2]}'),
        ({"a": None, "b": "☃"}, b'{"a":null,"b":"\xe2\x98\x83"}'),
        ({"z": 1, "a": [True, 1.5]}, b'{"z":1,"a":[true,1.5]}'),
        ("😀", b'"\xf0\x9f\x98\x80"'),
        ([], b"[]"),
    ],
)
async def test_send_json_binary_sends_utf8_bytes(binding: Binding, data: Any, expected: bytes) -> None:
    peer, ws = await binding.accepted()
    await ws.send_json(data, mode="binary")
    expect.sent(peer, [DEFAULT_ACCEPT, {"type": "websocket.send", "bytes": expected}])


@pytest.mark.clause("JSON-3")
@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ('{"é": [1, 2]}', {"é": [1, 2]}),
        ('{"a":{"b":1.5},"c":null}', {"a": {"b": 1.5}, "c": None}),
        ('"\\u2603 😀"', "☃ 😀"),
        (" [true, false]\n", [True, False]),
        ("7", 7),
        ('"7"', "7"),
    ],
)
@pytest.mark.parametrize("explicit", [False, True], ids=["default-mode", "mode-text"])
async def test_receive_json_loads_text(binding: Binding, payload: str, expected: Any, explicit: bool) -> None:
    peer, ws = await binding.accepted(text(payload), text("[2]"))
    received = await ws.receive_json(mode="text") if explicit else await ws.receive_json()
    expect.equal(received, expected, f"receive_json() of {payload!r}")
    expect.equal(type_name(received), type_name(expected), f"type of receive_json() of {payload!r}")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_json()")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("JSON-4")
@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b'{"\xc3\xa9": [1, 2]}', {"é": [1, 2]}),
        (b'["\xe2\x98\x83", "\xf0\x9f\x98\x80"]', ["☃", "😀"]),
        (b'"\\u00e9"', "é"),
        (b"null", None),
        (b"1.5", 1.5),
    ],
)
async def test_receive_json_binary_loads_utf8_bytes(binding: Binding, payload: bytes, expected: Any) -> None:
    peer, ws = await binding.accepted(binary(payload), binary(b"[2]"))
    received = await ws.receive_json(mode="binary")
    expect.equal(received, expected, f"receive_json(mode='binary') of {payload!r}")
    expect.equal(type_name(received), type_name(expected), f"type of receive_json(mode='binary') of {payload!r}")
    expect.equal(peer.receive_calls, 2, "calls to receive after accept() and one receive_json()")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("JSON-5")
@pytest.mark.parametrize("mode", BAD_MODES)
async def test_send_json_with_bad_mode_raises_before_sending(binding: Binding, mode: Any) -> None:
    peer, ws = await binding.accepted()
    with expect.raises(RuntimeError, what=f"send_json(mode={mode!r})", mentioning=("text", "binary")):
        await ws.send_json({"a": 1}, mode=mode)
    expect.sent(peer, [DEFAULT_ACCEPT])
    expect.equal(peer.receive_calls, 1, "calls to receive after accept() and send_json() with a bad mode")


@pytest.mark.clause("JSON-5")
@pytest.mark.parametrize("mode", BAD_MODES)
async def test_receive_json_with_bad_mode_raises_before_receiving(binding: Binding, mode: Any) -> None:
    peer, ws = await binding.accepted(text('{"first": 1}'))
    with expect.raises(RuntimeError, what=f"receive_json(mode={mode!r})", mentioning=("text", "binary")):
        await ws.receive_json(mode=mode)
    expect.equal(peer.receive_calls, 1, "calls to receive after accept() and receive_json() with a bad mode")
    expect.sent(peer, [DEFAULT_ACCEPT])
    # The message the refused call must not have taken is still there for the next one.
    expect.equal(await ws.receive_json(), {"first": 1}, "receive_json() after the refused call")
