"""Reference-only: the per-message and per-lookup shortcuts give what the plain paths give.

``wsproto_api.reference.json_text`` calls the standard library's C encoder and scanner
directly, ``Headers`` scans short lists and hashes long ones after a few lookups, and
``URL`` remembers the last split: each is held here against what it stands in for
(``json.JSONEncoder.encode``, ``json.loads``, a first-match search of folded names,
``urllib.parse.urlsplit``).
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import urlsplit

import pytest

from wsproto_api.reference import URL, Headers
from wsproto_api.reference.headers import HASHED_AFTER, SCANNED_AT_MOST
from wsproto_api.reference.json_text import decode_json, encode_json

_STANDARD_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _outcome(function: Any, *arguments: object) -> tuple[object, object]:
    """What ``function(*arguments)`` returns, or the class and message of what it raises."""
    try:
        return ("returned", function(*arguments))
    except Exception as error:  # the error is the outcome being compared
        return (type(error), str(error))


def _circular_list() -> list[object]:
    circular: list[object] = []
    circular.append(circular)
    return circular


def _circular_dict() -> dict[str, object]:
    circular: dict[str, object] = {}
    circular["self"] = [circular]
    return circular


class _Text(str):
    __slots__ = ()


@pytest.mark.parametrize(
    "value",
    [
        {"op": "echo", "id": 17, "text": "hello, world"},
        ["é€", "\ud800", 2**70, -0.0, 1.5, True, None],
        {0: "a", 2.5: "b", True: "c", None: "d"},
        _Text("a str subclass"),
        math.nan,
        [math.inf],
        {"set": {1, 2}},
        {(1, 2): "a tuple key"},
        _circular_list(),
        _circular_dict(),
    ],
    ids=repr,
)
def test_encode_json_gives_what_the_standard_encoder_gives(value: object) -> None:
    assert _outcome(encode_json, value) == _outcome(_STANDARD_ENCODER.encode, value)


def test_encode_json_of_nesting_too_deep_raises_what_the_standard_encoder_raises() -> None:
    deep: list[Any] = []
    inner = deep
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]
    assert _outcome(encode_json, deep)[0] is _outcome(_STANDARD_ENCODER.encode, deep)[0] is RecursionError


def _loads(text: object) -> object:
    """``json.loads``, its error reworded as ``decode_json`` words it for the method ``m()``."""
    try:
        return json.loads(text)  # type: ignore[arg-type]
    except json.JSONDecodeError as error:
        raise json.JSONDecodeError(
            f"m() received a message that is not JSON: {error.msg}", error.doc, error.pos
        ) from None


@pytest.mark.parametrize(
    "text",
    [
        '{"a":[1,2.5,"x",null,true]}',
        ' {"a":1}',
        '{"a":1} ',
        "\t[]\n",
        '{"a":1}x',
        '{"a":1}{"b":2}',
        "",
        "   ",
        "\ufeff{}",
        "[1,2",
        '{"a":}',
        "NaN",
        "-Infinity",
        "1e400",
        '"\\ud800"',
        "[" * 100_000 + "]" * 100_000,
        _Text('{"a":1}'),
        b'{"a":1}',
    ],
    ids=lambda text: repr(text)[:40],
)
def test_decode_json_gives_what_json_loads_gives(text: str) -> None:
    assert repr(_outcome(decode_json, text, "m()")) == repr(_outcome(_loads, text))


_KEYS = ("host", "HOST", "x-a", "absent", "\u20ac", "\xc0x")


def _first_match(raw: list[tuple[bytes, bytes]], key: str) -> str | None:
    """The first value whose name folds to ``key`` folded, by a plain search (HDR-2, HDR-8, HDR-9)."""
    try:
        wanted = key.encode("latin-1").lower()
    except UnicodeEncodeError:
        return None
    return next((value.decode("latin-1") for name, value in raw if name.lower() == wanted), None)


@pytest.mark.parametrize("count", [0, 3, SCANNED_AT_MOST, SCANNED_AT_MOST + 1, 100])
def test_header_lookups_find_the_first_value_before_and_after_hashing(count: int) -> None:
    filler = [(b"x-filler-%d" % n, b"%d" % n) for n in range(count)]
    # Upper-case names before lower-case ones: the first value is an upper-case name's.
    raw = [*filler, (b"X-A", b"upper"), (b"x-a", b"lower"), (b"Host", b"one"), (b"host", b"two"), (b"\xc0X", b"c")]
    headers = Headers(raw)
    for _ in range(HASHED_AFTER + 2):
        for key in _KEYS:
            assert headers.get(key) == _first_match(raw, key)
            assert (key in headers) is (_first_match(raw, key) is not None)


def test_url_components_are_those_of_urlsplit_whichever_url_was_read_last() -> None:
    texts = ["ws://a.org/x?y=1", "wss://[::1]:8000/p", "/path?q", "http://u:p@H.org:80/a#f", "ws://a.org/x?y=1"]
    urls = [URL(text) for text in texts]
    for _ in range(2):
        for url, text in zip(urls, texts, strict=True):
            split = urlsplit(text)
            assert (url.scheme, url.netloc, url.path, url.query, url.fragment) == split[:5]
            assert (url.hostname, url.port, url.username, url.password) == (
                split.hostname,
                split.port,
                split.username,
                split.password,
            )


class _EqualToAll(URL):
    """A URL subclass whose equality says nothing of its text."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


def test_url_subclass_with_its_own_equality_gets_its_own_split() -> None:
    assert URL("ws://first.org/a").path == "/a"
    assert _EqualToAll("ws://second.org/b").path == "/b"
