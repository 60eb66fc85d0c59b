"""QP: query parameters."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

import pytest
from hypothesis import given

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import make_scope
from conformance.suite.generated import GENERATED, parse_query, query_strings
from conformance.suite.support import check_str_items, outcome


def params_of(binding: Binding, query_string: bytes) -> wsproto_api.QueryParams:
    return binding.connect(scope=make_scope(query_string=query_string))[1].query_params


# -- QP-1 --------------------------------------------------------------------------------


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
        (b"a=caf%c3%a9", [("a", "caf\u00e9")]),
        (b"%E2%82%AC=%F0%9F%98%80", [("\u20ac", "\U0001f600")]),
        # Only "&" separates pairs; ";" is data.
        (b"a=1;b=2", [("a", "1;b=2")]),
        (b"a=b=c", [("a", "b=c")]),
    ],
)
def test_query_string_parsed_into_pairs(binding: Binding, query_string: bytes, pairs: list[tuple[str, str]]) -> None:
    params = params_of(binding, query_string)
    expect.equal(params.multi_items(), pairs, f"query_params.multi_items() for {query_string!r}")
    for key, value in pairs:
        expect.equal(outcome(params.__getitem__, key), value, f"query_params[{key!r}] for {query_string!r}")


@pytest.mark.clause("QP-1")
@pytest.mark.parametrize(
    ("query_string", "pairs"),
    [
        (b"a=caf\xe9", [("a", "caf\u00e9")]),
        (b"a=caf\xc3\xa9", [("a", "caf\u00c3\u00a9")]),
        (b"\xff=\x80", [("\u00ff", "\x80")]),
        (b"a=\xe9%C3%A9", [("a", "\u00e9\u00e9")]),
    ],
)
def test_raw_non_ascii_bytes_read_as_latin1(
    binding: Binding, query_string: bytes, pairs: list[tuple[str, str]]
) -> None:
    expect.equal(
        params_of(binding, query_string).multi_items(), pairs, f"query_params.multi_items() for {query_string!r}"
    )


@pytest.mark.clause("QP-1")
@pytest.mark.parametrize("key", ["a", "new"])
def test_query_params_are_an_immutable_mapping(binding: Binding, key: str) -> None:
    params = params_of(binding, b"a=1&b=2")
    expect.true(isinstance(params, Mapping), "ws.query_params to be a collections.abc.Mapping", type(params))
    with expect.raises(TypeError, what=f"query_params[{key!r}] = 'x'"):
        params[key] = "x"  # type: ignore[index]
    with expect.raises(TypeError, what=f"del query_params[{key!r}]"):
        del params[key]  # type: ignore[attr-defined]
    expect.equal(params.multi_items(), [("a", "1"), ("b", "2")], "query_params.multi_items() after the refused changes")


@pytest.mark.clause("QP-1")
def test_query_params_map_str_keys_to_str_values(binding: Binding) -> None:
    params = params_of(binding, b"a=1&b=x+y&c=%C3%A9")
    check_str_items(params, {"a": "1", "b": "x y", "c": "\u00e9"}, "query_params")


# -- QP-2 --------------------------------------------------------------------------------


@pytest.mark.clause("QP-2")
def test_repeated_keys(binding: Binding) -> None:
    params = params_of(binding, b"a=1&b=2&a=3&c=4&b=5")
    expect.equal(outcome(params.__getitem__, "a"), "3", "query_params['a']")
    expect.equal(outcome(params.__getitem__, "b"), "5", "query_params['b']")
    expect.equal(outcome(params.__getitem__, "c"), "4", "query_params['c']")
    expect.equal(params.get("a"), "3", "query_params.get('a')")
    expect.equal(params.getlist("a"), ["1", "3"], "query_params.getlist('a')")
    expect.equal(params.getlist("b"), ["2", "5"], "query_params.getlist('b')")
    expect.equal(params.getlist("c"), ["4"], "query_params.getlist('c')")
    expect.equal(params.getlist("missing"), [], "query_params.getlist('missing')")
    expect.equal(
        params.multi_items(),
        [("a", "1"), ("b", "2"), ("a", "3"), ("c", "4"), ("b", "5")],
        "query_params.multi_items()",
    )
    expect.equal(list(params.keys()), ["a", "b", "c"], "list(query_params.keys())")
    expect.equal(list(params), ["a", "b", "c"], "list(query_params)")
    expect.equal(list(params.values()), ["3", "5", "4"], "list(query_params.values())")
    expect.equal(list(params.items()), [("a", "3"), ("b", "5"), ("c", "4")], "list(query_params.items())")
    expect.equal(len(params), 3, "len(query_params)")


@pytest.mark.clause("QP-2")
@pytest.mark.parametrize(
    ("query_string", "keys"),
    [
        (b"z=1&y=2&z=3&x=4&y=5", ["z", "y", "x"]),
        (b"b=1&a=2&b=3", ["b", "a"]),
        (b"k=1&k=2&k=3", ["k"]),
    ],
)
def test_keys_once_in_order_of_first_appearance(binding: Binding, query_string: bytes, keys: list[str]) -> None:
    params = params_of(binding, query_string)
    expect.equal(list(params.keys()), keys, f"list(query_params.keys()) for {query_string!r}")
    expect.equal(len(params), len(keys), f"len(query_params) for {query_string!r}")


@pytest.mark.clause("QP-2")
@pytest.mark.parametrize("key", ["missing", "A", "", "a "])
def test_missing_key_raises_key_error(binding: Binding, key: str) -> None:
    params = params_of(binding, b"a=1&a=2")
    with expect.raises(KeyError, what=f"query_params[{key!r}] for a key the query lacks"):
        params[key]
    expect.equal(key in params, False, f"{key!r} in query_params")
    expect.equal(params.get(key), None, f"query_params.get({key!r})")
    expect.equal(params.getlist(key), [], f"query_params.getlist({key!r})")


# -- QP-3 --------------------------------------------------------------------------------


@pytest.mark.clause("QP-3")
@pytest.mark.parametrize(
    ("query_string", "pairs"),
    [
        (b"a=", [("a", "")]),
        (b"a", [("a", "")]),
        (b"a=&b", [("a", ""), ("b", "")]),
        (b"a=1&b&c=", [("a", "1"), ("b", ""), ("c", "")]),
        (b"a&a=1", [("a", ""), ("a", "1")]),
        (b"a=1&a", [("a", "1"), ("a", "")]),
    ],
)
def test_blank_values_kept(binding: Binding, query_string: bytes, pairs: list[tuple[str, str]]) -> None:
    params = params_of(binding, query_string)
    expect.equal(params.multi_items(), pairs, f"query_params.multi_items() for {query_string!r}")
    for key, value in pairs:
        expect.equal(key in params, True, f"{key!r} in query_params for {query_string!r}")
        if [name for name, _ in pairs].count(key) == 1:
            expect.equal(outcome(params.__getitem__, key), value, f"query_params[{key!r}] for {query_string!r}")


# -- QP-4 --------------------------------------------------------------------------------


@pytest.mark.clause("QP-4")
@pytest.mark.parametrize(
    ("query_string", "pairs", "expected"),
    [
        (b"", [], ""),
        (b"a=1&b=2&a=3", [("a", "1"), ("b", "2"), ("a", "3")], "a=1&b=2&a=3"),
        (b"b=2&a=1", [("b", "2"), ("a", "1")], "b=2&a=1"),
        (b"a=x+y", [("a", "x y")], "a=x+y"),
        (b"a=x%20y", [("a", "x y")], "a=x+y"),
        (b"a+b=c", [("a b", "c")], "a+b=c"),
        (b"a=caf%C3%A9", [("a", "caf\u00e9")], "a=caf%C3%A9"),
        (b"a=caf\xe9", [("a", "caf\u00e9")], "a=caf%C3%A9"),
        (b"%E2%82%AC=%F0%9F%98%80", [("\u20ac", "\U0001f600")], "%E2%82%AC=%F0%9F%98%80"),
        (b"a=&b", [("a", ""), ("b", "")], "a=&b="),
        (b"a=%2F%3F%26", [("a", "/?&")], "a=%2F%3F%26"),
        (b"a=1;b=2", [("a", "1;b=2")], "a=1%3Bb%3D2"),
        (b"a%5Bb%5D=1", [("a[b]", "1")], "a%5Bb%5D=1"),
        (b"k=~-._", [("k", "~-._")], "k=~-._"),
    ],
)
def test_str_reencodes_the_pairs(
    binding: Binding, query_string: bytes, pairs: list[tuple[str, str]], expected: str
) -> None:
    # The literal is what SPEC.md's definition gives; check it against that definition too.
    assert urlencode(pairs) == expected, "the test's own table is wrong"
    expect.equal(str(params_of(binding, query_string)), expected, f"str(query_params) for {query_string!r}")


# -- generated query strings (QP-1 to QP-4) -----------------------------------------------


@pytest.mark.clause("QP-1")
@GENERATED
@given(query_string=query_strings())
def test_generated_query_string_parsed_into_pairs(binding: Binding, query_string: bytes) -> None:
    params = params_of(binding, query_string)
    pairs = params.multi_items()
    expect.equal(pairs, parse_query(query_string), f"query_params.multi_items() for {query_string!r}")
    expect.true(
        all(type(key) is str and type(value) is str for key, value in pairs),
        f"str keys and str values for {query_string!r}",
        pairs,
    )


@pytest.mark.clause("QP-2")
@GENERATED
@given(query_string=query_strings())
def test_generated_repeated_keys(binding: Binding, query_string: bytes) -> None:
    params = params_of(binding, query_string)
    pairs = parse_query(query_string)
    keys = list(dict.fromkeys(key for key, _ in pairs))
    where = f"for {query_string!r}"
    expect.equal(params.multi_items(), pairs, f"query_params.multi_items() {where}")
    expect.equal(list(params.keys()), keys, f"list(query_params.keys()) {where}")
    expect.equal(len(params), len(keys), f"len(query_params) {where}")
    for key in keys:
        values = [value for name, value in pairs if name == key]
        expect.equal(params.getlist(key), values, f"query_params.getlist({key!r}) {where}")
        expect.equal(outcome(params.__getitem__, key), values[-1], f"query_params[{key!r}] {where}")
    # No generated key holds an "m".
    expect.equal(params.getlist("missing"), [], f"query_params.getlist('missing') {where}")


@pytest.mark.clause("QP-3")
@GENERATED
@given(query_string=query_strings())
def test_generated_blank_values_kept(binding: Binding, query_string: bytes) -> None:
    params = params_of(binding, query_string)
    blank = [(key, value) for key, value in parse_query(query_string) if not value]
    where = f"for {query_string!r}"
    expect.equal([pair for pair in params.multi_items() if not pair[1]], blank, f"pairs with a blank value {where}")
    for key, _ in blank:
        expect.true("" in params.getlist(key), f"'' among query_params.getlist({key!r}) {where}", params.getlist(key))


@pytest.mark.clause("QP-4")
@GENERATED
@given(query_string=query_strings())
def test_generated_str_reencodes_the_pairs(binding: Binding, query_string: bytes) -> None:
    expected = urlencode(parse_query(query_string))
    expect.equal(str(params_of(binding, query_string)), expected, f"str(query_params) for {query_string!r}")


# -- QP-5 --------------------------------------------------------------------------------


@pytest.mark.clause("QP-5")
def test_a_scope_without_query_string_has_no_query(binding: Binding) -> None:
    scope = make_scope(path="/chat")
    del scope["query_string"]
    ws = binding.connect(scope=scope)[1]
    expect.equal(outcome(lambda _: len(ws.query_params), ""), 0, "len(query_params) for a scope without query_string")
    expect.equal(
        outcome(lambda _: str(ws.url), ""), "ws://example.org/chat", "str(url) for a scope without query_string"
    )
