"""JSON: JSON messages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.connections import accepted
from conformance.peer import DEFAULT_ACCEPT, binary, text

pytestmark = pytest.mark.anyio


# (data, the compact JSON text SPEC.md's JSON-1 asks for)
ENCODED = [
    ({"é": [1, 2]}, '{"é":[1,2]}'),
    ({"a": {"b": 1.5}, "c": None}, '{"a":{"b":1.5},"c":null}'),
    ([1, "two", True, False], '[1,"two",true,false]'),
    ("snow ☃ 😀", '"snow ☃ 😀"'),
    (42, "42"),
    ({}, "{}"),
]


@pytest.mark.clause("JSON-1")
@pytest.mark.parametrize(("data", "expected"), ENCODED)
async def test_send_json_text(data: Any, expected: str) -> None:
    peer, ws = await accepted()
    await ws.send_json(data)
    assert peer.sent == [DEFAULT_ACCEPT, {"type": "websocket.send", "text": expected}]


@pytest.mark.clause("JSON-1")
async def test_send_json_explicit_text_mode() -> None:
    peer, ws = await accepted()
    await ws.send_json({"é": [1, 2]}, mode="text")
    assert peer.sent == [DEFAULT_ACCEPT, {"type": "websocket.send", "text": '{"é":[1,2]}'}]


@pytest.mark.clause("JSON-2")
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"é": [1, 2]}, b'{"\xc3\xa9":[1,2]}'),
        ({"a": None, "b": "☃"}, b'{"a":null,"b":"\xe2\x98\x83"}'),
        ([], b"[]"),
    ],
)
async def test_send_json_binary(data: Any, expected: bytes) -> None:
    peer, ws = await accepted()
    await ws.send_json(data, mode="binary")
    assert peer.sent == [DEFAULT_ACCEPT, {"type": "websocket.send", "bytes": expected}]


@pytest.mark.clause("JSON-3")
@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ('{"é": [1, 2]}', {"é": [1, 2]}),
        ('{"a":{"b":1.5},"c":null}', {"a": {"b": 1.5}, "c": None}),
        ('"\\u2603 😀"', "☃ 😀"),
        ("[true, false]", [True, False]),
        ("7", 7),
    ],
)
async def test_receive_json_text(payload: str, expected: Any) -> None:
    peer, ws = await accepted(text(payload))
    assert await ws.receive_json() == expected
    assert peer.receive_calls == 2


@pytest.mark.clause("JSON-3")
async def test_receive_json_explicit_text_mode() -> None:
    _, ws = await accepted(text('{"é": "😀"}'))
    assert await ws.receive_json(mode="text") == {"é": "😀"}


@pytest.mark.clause("JSON-4")
@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b'{"\xc3\xa9": [1, 2]}', {"é": [1, 2]}),
        (b'["\xe2\x98\x83", "\xf0\x9f\x98\x80"]', ["☃", "😀"]),
        (b"null", None),
    ],
)
async def test_receive_json_binary(payload: bytes, expected: Any) -> None:
    peer, ws = await accepted(binary(payload))
    assert await ws.receive_json(mode="binary") == expected
    assert peer.receive_calls == 2


BAD_MODES = ["bytes", "TEXT", "", "json"]


def assert_names_modes(exc: BaseException) -> None:
    assert "text" in str(exc)
    assert "binary" in str(exc)


@pytest.mark.clause("JSON-5")
@pytest.mark.parametrize("mode", BAD_MODES)
async def test_send_json_bad_mode(mode: Any) -> None:
    peer, ws = await accepted()
    with pytest.raises(RuntimeError) as excinfo:
        await ws.send_json({"a": 1}, mode=mode)
    assert_names_modes(excinfo.value)
    assert peer.sent == [DEFAULT_ACCEPT]


@pytest.mark.clause("JSON-5")
@pytest.mark.parametrize("mode", BAD_MODES)
async def test_receive_json_bad_mode(mode: Any) -> None:
    peer, ws = await accepted(text('{"first": 1}'))
    with pytest.raises(RuntimeError) as excinfo:
        await ws.receive_json(mode=mode)
    assert_names_modes(excinfo.value)
    assert peer.receive_calls == 1
    assert await ws.receive_json() == {"first": 1}
