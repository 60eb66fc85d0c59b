"""JSON: JSON messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import DEFAULT_ACCEPT, Peer, binary, text
from wsproto_api.asgi import Message

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


NAN = float("nan")
INF = float("inf")

# What JSON-6 refuses, by kind, each with a way to build it (so that no test shares another's
# data) and the error it raises.
UNENCODABLE: dict[str, tuple[type[Exception], dict[str, Callable[[], object]]]] = {
    "not-json": (
        TypeError,
        {
            "set": set,
            "object": object,
            "bytes": lambda: b"x",
            "complex": lambda: 1j,
            "nested set": lambda: {"a": [1, {2}]},
            "nested bytes": lambda: {"a": {"b": b"x"}},
            "tuple key": lambda: {(1, 2): "v"},
        },
    ),
    "circular": (
        ValueError,
        {"circular list": circular_list, "circular dict": circular_dict, "nested circle": deep_circle},
    ),
    "not-finite": (
        ValueError,
        {
            "nan": lambda: NAN,
            "inf": lambda: INF,
            "-inf": lambda: -INF,
            "nested nan": lambda: {"a": [1.5, NAN]},
            "nested inf": lambda: [{"x": INF}],
            "nested -inf": lambda: {"a": {"b": -INF}},
        },
    ),
}


@pytest.mark.clause("JSON-6")
@pytest.mark.parametrize("kind", UNENCODABLE)
@pytest.mark.parametrize("mode", ["text", "binary"])
async def test_send_json_refuses_data_json_cannot_encode(binding: Binding, kind: str, mode: str) -> None:
    error, cases = UNENCODABLE[kind]
    # Every case on a new connection; the test fails at the first one handled wrongly.
    for name, build in cases.items():
        peer, ws = await binding.accepted()
        what = f"send_json(<{name}>, mode={mode!r})"
        with expect.raises(error, what=what):
            await ws.send_json(build(), mode=mode)  # type: ignore[arg-type]
        expect.sent(peer, [DEFAULT_ACCEPT], f"messages sent after {what}")
        expect.equal(ws.application_state.name, "CONNECTED", f"application_state after {what}")
        expect.equal(ws.client_state.name, "CONNECTED", f"client_state after {what}")
        await ws.send_json({"ok": [1.5]}, mode=mode)  # type: ignore[arg-type]
        valid: Message = (
            {"type": "websocket.send", "text": '{"ok":[1.5]}'}
            if mode == "text"
            else {"type": "websocket.send", "bytes": b'{"ok":[1.5]}'}
        )
        expect.sent(peer, [DEFAULT_ACCEPT, valid], f"messages sent by a valid send_json() after {what}")


@pytest.mark.clause("JSON-6")
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([1e308, -1e308, 5e-324], "[1e+308,-1e+308,5e-324]"),
        ({"shared": [[1], [1]]}, '{"shared":[[1],[1]]}'),
        (-0.0, "-0.0"),
    ],
    ids=["extreme-floats", "repeated-not-circular", "negative-zero"],
)
async def test_send_json_sends_finite_and_repeated_values(binding: Binding, data: Any, expected: str) -> None:
    # Finite extremes and a value that appears twice without a cycle are JSON: refusing them is too strict.
    peer, ws = await binding.accepted()
    await ws.send_json(data)
    expect.sent(peer, [DEFAULT_ACCEPT, {"type": "websocket.send", "text": expected}])


# Text json.loads refuses; "NaN" and "Infinity" are left out because json.loads reads them.
INVALID_TEXT = ["{", "", "[1,]", "{'a': 1}", '{"a": 1} x', "undefined", '"unterminated', " "]

# (bytes receive_json(mode="binary") refuses: not UTF-8, or UTF-8 but not JSON)
INVALID_BYTES = [b"\xff", b'"\xc3"', b'{"a": "\xed\xa0\x80"}', b"{", b"", b"[1,]", b"{'a': 1}"]


async def check_usable_after_refusal(peer: Peer, ws: wsproto_api.WebSocket, mode: str, what: str) -> None:
    expect.equal(peer.receive_calls, 2, f"calls to receive after accept() and {what}")
    expect.equal(ws.client_state.name, "CONNECTED", f"client_state after {what}")
    expect.equal(ws.application_state.name, "CONNECTED", f"application_state after {what}")
    received = await ws.receive_json(mode=mode)  # type: ignore[arg-type]
    expect.equal(received, {"next": [1]}, f"receive_json(mode={mode!r}) of the message after the one {what} refused")
    expect.equal(peer.receive_calls, 3, f"calls to receive after accept(), {what} and one more receive_json()")
    expect.sent(peer, [DEFAULT_ACCEPT])


@pytest.mark.clause("JSON-7")
async def test_receive_json_of_invalid_json_raises_value_error(binding: Binding) -> None:
    for payload in INVALID_TEXT:
        peer, ws = await binding.accepted(text(payload), text('{"next": [1]}'))
        what = f"receive_json() of {payload!r}"
        with expect.raises(ValueError, what=what):
            await ws.receive_json()
        await check_usable_after_refusal(peer, ws, "text", what)


@pytest.mark.clause("JSON-7")
async def test_receive_json_binary_of_invalid_bytes_raises_value_error(binding: Binding) -> None:
    for payload in INVALID_BYTES:
        peer, ws = await binding.accepted(binary(payload), binary(b'{"next": [1]}'))
        what = f"receive_json(mode='binary') of {payload!r}"
        with expect.raises(ValueError, what=what):
            await ws.receive_json(mode="binary")
        await check_usable_after_refusal(peer, ws, "binary", what)
