"""HDR: the request headers, an immutable case-insensitive multidict."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pytest

from conformance.peer import make_scope
from wsproto_api.reference import Headers, WebSocket

RAW: list[tuple[bytes, bytes]] = [
    (b"host", b"example.org"),
    (b"x-multi", b"1"),
    (b"accept", b"*/*"),
    (b"x-multi", b"2"),
    (b"x-multi", b"3"),
]


def headers_of(raw: list[tuple[bytes, bytes]]) -> Headers:
    return WebSocket(make_scope(headers=raw)).headers


@pytest.mark.clause("HDR-1")
@pytest.mark.parametrize("key", ["host", "new"])
def test_headers_are_immutable(key: str) -> None:
    headers = headers_of(RAW)
    assert isinstance(headers, Mapping)
    with pytest.raises(TypeError):
        headers[key] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        del headers[key]  # type: ignore[attr-defined]
    assert headers["host"] == "example.org"
    assert len(headers) == 5


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize("scope_name", [b"host", b"Host", b"HOST", b"hOsT"])
@pytest.mark.parametrize("asked", ["host", "Host", "HOST", "hoST"])
def test_lookup_ignores_case(scope_name: bytes, asked: str) -> None:
    headers = headers_of([(b"x-first", b"0"), (scope_name, b"example.org")])
    assert headers[asked] == "example.org"
    assert asked in headers
    assert headers.get(asked) == "example.org"
    assert headers.getlist(asked) == ["example.org"]


@pytest.mark.clause("HDR-2", "HDR-5")
@pytest.mark.parametrize(
    ("scope_name", "asked", "found"),
    [
        (b"X-Caf\xc9", "X-Caf\u00c9", True),
        (b"X-Caf\xc9", "x-caf\u00c9", True),
        (b"x-caf\xe9", "X-CAF\u00e9", True),
        # Only ASCII letters fold: a latin-1 letter in another case is another name.
        (b"X-Caf\xc9", "x-caf\u00e9", False),
        (b"x-caf\xe9", "X-CAF\u00c9", False),
        (b"X-\xde", "x-\u00fe", False),
    ],
)
def test_lookup_folds_ascii_case_only(scope_name: bytes, asked: str, found: bool) -> None:
    headers = Headers([(scope_name, b"v")])
    assert (asked in headers) is found
    assert headers.get(asked) == ("v" if found else None)
    assert headers.getlist(asked) == (["v"] if found else [])


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize("asked", ["hos", "hostx", "x-host", "", "h\u00f6st", "\u0127ost", 1, None])
def test_lookup_of_absent_names(asked: object) -> None:
    headers = headers_of([(b"host", b"example.org")])
    assert asked not in headers
    assert headers.get(asked) is None  # type: ignore[call-overload]
    assert headers.get(asked, "d") == "d"  # type: ignore[call-overload]


@pytest.mark.clause("HDR-3")
def test_repeated_names() -> None:
    headers = Headers([(b"x-a", b"1"), (b"X-A", b"2"), (b"x-b", b"3"), (b"x-a", b"4")])
    assert headers["x-a"] == "1"
    assert headers["X-A"] == "1"
    assert headers.getlist("x-a") == ["1", "2", "4"]
    assert headers.getlist("X-b") == ["3"]
    assert headers.getlist("missing") == []


@pytest.mark.clause("HDR-3")
@pytest.mark.parametrize("asked", ["missing", "x-a-", "content-length"])
def test_missing_name_raises_key_error(asked: str) -> None:
    headers = Headers([(b"x-a", b"1")])
    with pytest.raises(KeyError):
        headers[asked]


@pytest.mark.clause("HDR-4")
def test_keys_values_items_are_lists_with_duplicates() -> None:
    headers = headers_of(RAW)
    keys, values, items = headers.keys(), headers.values(), headers.items()
    assert isinstance(keys, list)
    assert isinstance(values, list)
    assert isinstance(items, list)
    assert keys == ["host", "x-multi", "accept", "x-multi", "x-multi"]
    assert values == ["example.org", "1", "*/*", "2", "3"]
    assert items == [
        ("host", "example.org"),
        ("x-multi", "1"),
        ("accept", "*/*"),
        ("x-multi", "2"),
        ("x-multi", "3"),
    ]
    assert len(headers) == 5


@pytest.mark.clause("HDR-4")
@pytest.mark.parametrize(
    ("raw", "length"),
    [([], 0), ([(b"a", b"1")], 1), ([(b"a", b"1"), (b"a", b"1")], 2), ([(b"a", b""), (b"A", b"")], 2)],
)
def test_len_counts_every_header(raw: list[tuple[bytes, bytes]], length: int) -> None:
    headers = Headers(raw)
    assert len(headers) == length
    assert len(headers.keys()) == length
    assert len(headers.items()) == length


@pytest.mark.clause("HDR-5")
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (b"caf\xe9", "caf\u00e9"),
        (b"caf\xc3\xa9", "caf\u00c3\u00a9"),
        (b"\xff\xfe", "\u00ff\u00fe"),
        (b"\x80\x9f", "\x80\x9f"),
        (b"plain", "plain"),
        (b"", ""),
    ],
)
def test_values_decoded_as_latin1(value: bytes, expected: str) -> None:
    headers = headers_of([(b"x-v", value)])
    assert headers["x-v"] == expected
    assert headers.getlist("x-v") == [expected]
    assert headers.values() == [expected]


@pytest.mark.clause("HDR-5")
def test_names_decoded_as_latin1() -> None:
    headers = Headers([(b"X-Caf\xe9", b"1")])
    assert headers.keys() == ["X-Caf\u00e9"]
    assert headers.items() == [("X-Caf\u00e9", "1")]
    assert headers["X-Caf\u00e9"] == "1"


@pytest.mark.clause("HDR-6")
def test_raw_is_a_new_list_of_the_scope_pairs() -> None:
    scope = make_scope(headers=RAW)
    headers = WebSocket(scope).headers
    raw = headers.raw
    assert isinstance(raw, list)
    assert raw == RAW
    assert raw is not scope["headers"]
    assert headers.raw is not raw
    raw.append((b"x-new", b"1"))
    raw[0] = (b"host", b"changed.example")
    assert headers.raw == RAW
    assert headers["host"] == "example.org"
    assert "x-new" not in headers
    assert len(headers) == 5


@pytest.mark.clause("HDR-6")
def test_raw_of_direct_headers() -> None:
    pairs = [(b"a", b"1"), (b"B", b"2"), (b"a", b"3")]
    headers = Headers(pairs)
    assert headers.raw == [(b"a", b"1"), (b"B", b"2"), (b"a", b"3")]
    headers.raw.clear()
    assert headers.getlist("a") == ["1", "3"]


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        ([(b"a", b"1"), (b"b", b"2")], [(b"b", b"2"), (b"a", b"1")], True),
        # The order of a name's values decides which one headers[name] gives.
        ([(b"a", b"1"), (b"a", b"2")], [(b"a", b"2"), (b"a", b"1")], False),
    ],
)
def test_equality_keeps_the_order_of_each_names_values(
    left: list[tuple[bytes, bytes]], right: list[tuple[bytes, bytes]], equal: bool
) -> None:
    assert (Headers(left) == Headers(right)) is equal


@pytest.mark.clause("HDR-7")
def test_reading_headers_leaves_a_read_only_scope_alone() -> None:
    raw = ((b"host", b"example.org"), (b"cookie", b"a=1"))
    scope = MappingProxyType(make_scope(headers=()) | {"headers": raw})
    ws = WebSocket(scope)
    assert ws.headers.items() == [("host", "example.org"), ("cookie", "a=1")]
    assert ws.url == "ws://example.org/"
    assert ws.cookies == {"a": "1"}
    assert scope["headers"] is raw


@pytest.mark.clause("HDR-7")
def test_later_changes_to_the_scope_list_do_not_show() -> None:
    scope = make_scope(headers=[(b"host", b"example.org")])
    ws = WebSocket(scope)
    assert ws.headers.keys() == ["host"]
    scope["headers"].append((b"x-late", b"1"))
    assert ws.headers.keys() == ["host"]
    assert "x-late" not in ws.headers


@pytest.mark.clause("HDR-7")
@pytest.mark.parametrize("first", ["url", "cookies", "headers"])
def test_a_one_shot_iterator_is_read_once(first: str) -> None:
    pairs = [(b"host", b"example.org"), (b"cookie", b"a=1"), (b"x-last", b"z")]
    ws = WebSocket(make_scope() | {"headers": iter(pairs)})
    getattr(ws, first)
    assert ws.headers.raw == pairs
    assert ws.url == "ws://example.org/"
    assert ws.cookies == {"a": "1"}
