"""QP: the query parameters, an immutable multidict parsed from the query string."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from conformance.peer import make_scope
from wsproto_api.reference import QueryParams, WebSocket


def params_of(query_string: bytes) -> QueryParams:
    return WebSocket(make_scope(query_string=query_string)).query_params


@pytest.mark.clause("QP-1")
@pytest.mark.parametrize(
    ("query_string", "pairs"),
    [
        (b"", []),
        (b"a=1", [("a", "1")]),
        (b"a=1&b=2", [("a", "1"), ("b", "2")]),
        (b"a=x+y", [("a", "x y")]),
        (b"a+b=c", [("a b", "c")]),
        (b"a=x%20y", [("a", "x y")]),
        (b"a=%2B", [("a", "+")]),
        (b"a=1%262&b=%3D", [("a", "1&2"), ("b", "=")]),
        (b"a=caf%C3%A9", [("a", "caf\u00e9")]),
        (b"%E2%82%AC=%F0%9F%98%80", [("\u20ac", "\U0001f600")]),
        (b"a=1;b=2", [("a", "1;b=2")]),
        (b"a=b=c", [("a", "b=c")]),
    ],
)
def test_parsing(query_string: bytes, pairs: list[tuple[str, str]]) -> None:
    for params in (params_of(query_string), QueryParams.from_query_string(query_string)):
        assert params.multi_items() == pairs
        assert dict(params) == dict(pairs)


@pytest.mark.clause("QP-1")
@pytest.mark.parametrize("key", ["a", "new"])
def test_immutable(key: str) -> None:
    params = params_of(b"a=1")
    assert isinstance(params, Mapping)
    with pytest.raises(TypeError):
        params[key] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        del params[key]  # type: ignore[attr-defined]
    assert params.multi_items() == [("a", "1")]


@pytest.mark.clause("QP-2")
def test_repeated_keys() -> None:
    params = params_of(b"a=1&b=2&a=3&c=4&b=5")
    assert params["a"] == "3"
    assert params["b"] == "5"
    assert params["c"] == "4"
    assert params.getlist("a") == ["1", "3"]
    assert params.getlist("b") == ["2", "5"]
    assert params.getlist("missing") == []
    assert params.multi_items() == [("a", "1"), ("b", "2"), ("a", "3"), ("c", "4"), ("b", "5")]
    assert list(params.keys()) == ["a", "b", "c"]
    assert list(params) == ["a", "b", "c"]
    assert len(params) == 3
    assert dict(params) == {"a": "3", "b": "5", "c": "4"}
    assert "a" in params
    assert "missing" not in params
    assert params.get("missing") is None


@pytest.mark.clause("QP-2")
def test_keys_in_order_of_first_appearance() -> None:
    params = QueryParams.from_query_string(b"z=1&y=2&z=3&x=4&y=5")
    assert list(params.keys()) == ["z", "y", "x"]
    assert len(params) == 3


@pytest.mark.clause("QP-2")
@pytest.mark.parametrize("key", ["missing", "A", ""])
def test_missing_key_raises_key_error(key: str) -> None:
    params = params_of(b"a=1")
    with pytest.raises(KeyError):
        params[key]


@pytest.mark.clause("QP-3")
@pytest.mark.parametrize(
    ("query_string", "pairs"),
    [
        (b"a=", [("a", "")]),
        (b"a", [("a", "")]),
        (b"a=&b", [("a", ""), ("b", "")]),
        (b"a=1&b&c=", [("a", "1"), ("b", ""), ("c", "")]),
        (b"a&a=1", [("a", ""), ("a", "1")]),
    ],
)
def test_blank_values_kept(query_string: bytes, pairs: list[tuple[str, str]]) -> None:
    params = params_of(query_string)
    assert params.multi_items() == pairs
    assert dict(params) == dict(pairs)


@pytest.mark.clause("QP-4")
@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        (b"", ""),
        (b"a=1&b=2&a=3", "a=1&b=2&a=3"),
        (b"a=x+y", "a=x+y"),
        (b"a=x%20y", "a=x+y"),
        (b"a=caf%C3%A9", "a=caf%C3%A9"),
        (b"a=&b", "a=&b="),
        (b"a=%2F%3F%26", "a=%2F%3F%26"),
        (b"a%5Bb%5D=1", "a%5Bb%5D=1"),
        (b"k=~-._", "k=~-._"),
    ],
)
def test_str_reencodes_pairs(query_string: bytes, expected: str) -> None:
    assert str(params_of(query_string)) == expected
    assert str(QueryParams.from_query_string(query_string)) == expected


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        (b"a=1&b=2", b"b=2&a=1", True),
        # The order of a key's values decides which one params[key] gives.
        (b"a=1&a=2", b"a=2&a=1", False),
        (b"a=1", b"a=1&a=1", False),
    ],
)
def test_equality_keeps_the_order_of_each_keys_values(left: bytes, right: bytes, equal: bool) -> None:
    assert (QueryParams.from_query_string(left) == QueryParams.from_query_string(right)) is equal


@pytest.mark.clause("QP-1")
@pytest.mark.parametrize(
    ("query_string", "pairs"),
    [
        (b"a=caf\xe9", [("a", "caf\u00e9")]),
        (b"a=caf\xc3\xa9", [("a", "caf\u00c3\u00a9")]),
        (b"\xff=\x80", [("\u00ff", "\x80")]),
    ],
)
def test_raw_non_ascii_bytes_read_as_latin1(query_string: bytes, pairs: list[tuple[str, str]]) -> None:
    for params in (
        WebSocket(make_scope(query_string=query_string)).query_params,
        QueryParams.from_query_string(query_string),
    ):
        assert params.multi_items() == pairs
