"""HDR: request headers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import make_scope
from conformance.suite.generated import (
    GENERATED,
    folded_header_lists,
    header_lists,
    latin1,
    lower_header_names,
)
from conformance.suite.support import check_str_items, outcome

Pairs = list[tuple[bytes, bytes]]

RAW: Pairs = [
    (b"host", b"example.org"),
    (b"x-multi", b"1"),
    (b"accept", b"*/*"),
    (b"x-multi", b"2"),
    (b"x-multi", b"3"),
]


def headers_of(binding: Binding, raw: Iterable[tuple[bytes, bytes]]) -> wsproto_api.Headers:
    return binding.connect(scope=make_scope(headers=raw))[1].headers


def item_or_error(headers: wsproto_api.Headers, name: str) -> object:
    """``headers[name]``, or what it raised."""
    return outcome(headers.__getitem__, name)


def is_list(value: object) -> bool:
    """Whether ``value`` is a ``list``, which the contract's types promise but a binding may not deliver."""
    return isinstance(value, list)


def read(ws: wsproto_api.WebSocket, attribute: str) -> object:
    """``ws.<attribute>`` (``url`` as its ``str``), failing with what the binding raised."""
    try:
        value: object = getattr(ws, attribute)
        return str(value) if attribute == "url" else value
    except Exception as error:
        raise AssertionError(
            f"reading ws.{attribute}: expected it to read the scope's headers and leave them alone, "
            f"saw {type(error).__name__}: {error}"
        ) from error


# -- HDR-1 -------------------------------------------------------------------------------


@pytest.mark.clause("HDR-1")
@pytest.mark.parametrize("key", ["host", "x-multi", "x-new"])
def test_headers_are_an_immutable_mapping(binding: Binding, key: str) -> None:
    headers = headers_of(binding, RAW)
    expect.true(isinstance(headers, Mapping), "ws.headers to be a collections.abc.Mapping", type(headers))
    with expect.raises(TypeError, what=f"headers[{key!r}] = 'x'"):
        headers[key] = "x"  # type: ignore[index]
    with expect.raises(TypeError, what=f"del headers[{key!r}]"):
        del headers[key]  # type: ignore[attr-defined]
    expected = {"host": ["example.org"], "x-multi": ["1", "2", "3"]}.get(key, [])
    expect.equal(headers.getlist(key), expected, f"headers.getlist({key!r}) after the refused changes")
    expect.equal(len(headers), 5, "len(headers) after the refused changes")


@pytest.mark.clause("HDR-1")
def test_headers_map_str_names_to_str_values(binding: Binding) -> None:
    headers = headers_of(binding, RAW)
    check_str_items(headers, {"host": "example.org", "x-multi": "1", "accept": "*/*"}, "headers")


# -- HDR-2 -------------------------------------------------------------------------------


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize("scope_name", [b"Host", b"HOST", b"hOsT", b"host"])
@pytest.mark.parametrize("asked", ["host", "Host", "HOST", "hoST"])
def test_lookup_ignores_ascii_case(binding: Binding, scope_name: bytes, asked: str) -> None:
    headers = headers_of(binding, [(b"x-first", b"0"), (scope_name, b"example.org")])
    where = f"with the scope holding {scope_name!r}"
    expect.equal(asked in headers, True, f"{asked!r} in headers {where}")
    expect.equal(headers.get(asked), "example.org", f"headers.get({asked!r}) {where}")
    expect.equal(headers.getlist(asked), ["example.org"], f"headers.getlist({asked!r}) {where}")
    expect.equal(item_or_error(headers, asked), "example.org", f"headers[{asked!r}] {where}")


@pytest.mark.clause("HDR-2")
def test_repeated_names_in_mixed_case_are_one_name(binding: Binding) -> None:
    headers = headers_of(binding, [(b"X-A", b"1"), (b"x-a", b"2"), (b"x-b", b"3"), (b"X-a", b"4")])
    for asked in ("x-a", "X-A", "x-A"):
        expect.equal(item_or_error(headers, asked), "1", f"headers[{asked!r}]")
        expect.equal(headers.getlist(asked), ["1", "2", "4"], f"headers.getlist({asked!r})")
    expect.equal(headers.getlist("X-B"), ["3"], "headers.getlist('X-B')")


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize(
    ("scope_name", "asked", "found"),
    [
        (b"X-Caf\xc9", "X-Caf\u00c9", True),
        (b"X-Caf\xc9", "x-caf\u00c9", True),
        (b"x-caf\xe9", "X-CAF\u00e9", True),
        # Only ASCII letters fold: a latin-1 letter in its other case is another name.
        (b"X-Caf\xc9", "x-caf\u00e9", False),
        (b"x-caf\xe9", "X-CAF\u00c9", False),
        (b"X-\xde", "x-\u00fe", False),
        # Unicode case mappings that land on ASCII letters are not ASCII case (HDR-8 checks
        # the look-alikes outside latin-1).
        (b"x-\xdf", "x-ss", False),
        (b"x-ss", "x-\u00df", False),
        (b"host", "h\u00f6st", False),
        # Characters that are not letters are compared exactly, whatever bit 0x20 does to them.
        (b"x-@", "x-`", False),
        (b"x-[", "x-{", False),
        (b"x_a", "x-a", False),
    ],
)
def test_lookup_folds_ascii_letters_only(binding: Binding, scope_name: bytes, asked: str, found: bool) -> None:
    headers = headers_of(binding, [(scope_name, b"v")])
    # ascii() shows look-alikes such as the Kelvin sign for what they are.
    where = f"with the scope holding {scope_name!r}"
    expect.equal(outcome(headers.__contains__, asked), found, f"{asked!a} in headers {where}")
    expect.equal(outcome(headers.get, asked), "v" if found else None, f"headers.get({asked!a}) {where}")
    expect.equal(outcome(headers.getlist, asked), ["v"] if found else [], f"headers.getlist({asked!a}) {where}")
    seen = item_or_error(headers, asked)
    if found:
        expect.equal(seen, "v", f"headers[{asked!a}] {where}")
    else:
        expect.true(isinstance(seen, KeyError), f"headers[{asked!a}] {where} to raise KeyError", seen)


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize("name", [b"Host", b"HOST", b"hOsT"])
@pytest.mark.parametrize("server", [None, ("10.0.0.1", 80)], ids=["no-server", "server"])
def test_host_header_found_in_any_case_for_the_url(
    binding: Binding, name: bytes, server: tuple[str, int] | None
) -> None:
    ws = binding.connect(scope=make_scope(path="/p", headers=[(name, b"example.com:81")], server=server))[1]
    expect.equal(str(ws.url), "ws://example.com:81/p", f"str(ws.url) with a {name!r} header")


@pytest.mark.clause("HDR-2")
def test_first_host_header_in_any_case_gives_the_netloc(binding: Binding) -> None:
    raw = [(b"x-other", b"x"), (b"HOST", b"first.example"), (b"host", b"second.example")]
    ws = binding.connect(scope=make_scope(path="/p", headers=raw))[1]
    expect.equal(str(ws.url), "ws://first.example/p", f"str(ws.url) with headers {raw!r}")


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([(b"Cookie", b"a=1"), (b"cookie", b"b=2")], {"a": "1", "b": "2"}),
        ([(b"COOKIE", b"a=1")], {"a": "1"}),
        ([(b"cookie", b"a=1"), (b"CooKie", b"a=2; c=3")], {"a": "2", "c": "3"}),
    ],
)
def test_cookie_headers_found_in_any_case(binding: Binding, raw: Pairs, expected: dict[str, str]) -> None:
    ws = binding.connect(scope=make_scope(headers=[(b"host", b"example.org"), *raw]))[1]
    expect.equal(ws.cookies, expected, f"ws.cookies with headers {raw!r}")


# -- HDR-3 -------------------------------------------------------------------------------


@pytest.mark.clause("HDR-3")
def test_repeated_names_give_the_first_value_and_every_value(binding: Binding) -> None:
    headers = headers_of(binding, [(b"x-a", b"1"), (b"x-a", b"2"), (b"x-b", b"3"), (b"x-a", b"4"), (b"x-e", b"")])
    expect.equal(item_or_error(headers, "x-a"), "1", "headers['x-a']")
    expect.equal(headers.get("x-a"), "1", "headers.get('x-a')")
    expect.equal(headers.getlist("x-a"), ["1", "2", "4"], "headers.getlist('x-a')")
    expect.equal(item_or_error(headers, "x-b"), "3", "headers['x-b']")
    expect.equal(headers.getlist("x-b"), ["3"], "headers.getlist('x-b')")
    expect.equal(item_or_error(headers, "x-e"), "", "headers['x-e'] (an empty value)")
    expect.equal("x-e" in headers, True, "'x-e' in headers (an empty value)")
    expect.equal(headers.getlist("missing"), [], "headers.getlist('missing')")


@pytest.mark.clause("HDR-3")
@pytest.mark.parametrize("asked", ["missing", "x-a-", "x-", "x", "", "a", "content-length"])
def test_missing_name_raises_key_error(binding: Binding, asked: str) -> None:
    headers = headers_of(binding, [(b"x-a", b"1"), (b"x-ab", b"2")])
    with expect.raises(KeyError, what=f"headers[{asked!r}] for a name the scope lacks"):
        headers[asked]
    expect.equal(asked in headers, False, f"{asked!r} in headers")
    expect.equal(headers.get(asked), None, f"headers.get({asked!r})")
    expect.equal(headers.get(asked, "d"), "d", f"headers.get({asked!r}, 'd')")
    expect.equal(headers.getlist(asked), [], f"headers.getlist({asked!r})")


# -- HDR-4 -------------------------------------------------------------------------------


@pytest.mark.clause("HDR-4")
def test_keys_values_items_are_lists_with_duplicates(binding: Binding) -> None:
    headers = headers_of(binding, RAW)
    keys, values, items = headers.keys(), headers.values(), headers.items()
    for name, seen in (("keys()", keys), ("values()", values), ("items()", items)):
        expect.true(is_list(seen), f"headers.{name} to be a list", type(seen))
    expect.equal(keys, ["host", "x-multi", "accept", "x-multi", "x-multi"], "headers.keys()")
    expect.equal(values, ["example.org", "1", "*/*", "2", "3"], "headers.values()")
    expect.equal(
        items,
        [("host", "example.org"), ("x-multi", "1"), ("accept", "*/*"), ("x-multi", "2"), ("x-multi", "3")],
        "headers.items()",
    )
    expect.equal(len(headers), 5, "len(headers)")


@pytest.mark.clause("HDR-4")
def test_names_are_listed_as_the_scope_holds_them(binding: Binding) -> None:
    # Listing needs no lookup, so mixed case here depends on no case folding (HDR-2).
    headers = headers_of(binding, [(b"Host", b"example.org"), (b"X-Multi", b"1"), (b"x-multi", b"2")])
    expect.equal(headers.keys(), ["Host", "X-Multi", "x-multi"], "headers.keys()")
    expect.equal(headers.items(), [("Host", "example.org"), ("X-Multi", "1"), ("x-multi", "2")], "headers.items()")
    expect.equal(len(headers), 3, "len(headers)")


@pytest.mark.clause("HDR-4")
@pytest.mark.parametrize(
    ("raw", "length"),
    [
        ([], 0),
        ([(b"a", b"1")], 1),
        ([(b"a", b"1"), (b"a", b"1")], 2),
        ([(b"a", b""), (b"b", b""), (b"a", b"")], 3),
    ],
)
def test_len_counts_every_header(binding: Binding, raw: Pairs, length: int) -> None:
    headers = headers_of(binding, raw)
    expect.equal(len(headers), length, f"len(headers) for {raw!r}")
    expect.equal(len(headers.keys()), length, f"len(headers.keys()) for {raw!r}")
    expect.equal(len(headers.values()), length, f"len(headers.values()) for {raw!r}")
    expect.equal(len(headers.items()), length, f"len(headers.items()) for {raw!r}")


# -- HDR-5 -------------------------------------------------------------------------------


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
def test_values_decoded_as_latin1(binding: Binding, value: bytes, expected: str) -> None:
    headers = headers_of(binding, [(b"x-v", value)])
    expect.equal(item_or_error(headers, "x-v"), expected, f"headers['x-v'] for {value!r}")
    expect.equal(headers.getlist("x-v"), [expected], f"headers.getlist('x-v') for {value!r}")
    expect.equal(headers.values(), [expected], f"headers.values() for {value!r}")
    expect.equal(headers.items(), [("x-v", expected)], f"headers.items() for {value!r}")


@pytest.mark.clause("HDR-5")
def test_names_decoded_as_latin1(binding: Binding) -> None:
    # Lower-case letters only: which non-ASCII case a lookup folds is HDR-2's subject.
    headers = headers_of(binding, [(b"x-caf\xe9", b"1"), (b"x-\xff\x80", b"2")])
    expect.equal(headers.keys(), ["x-caf\u00e9", "x-\u00ff\x80"], "headers.keys()")
    expect.equal(headers.items(), [("x-caf\u00e9", "1"), ("x-\u00ff\x80", "2")], "headers.items()")
    expect.equal(item_or_error(headers, "x-caf\u00e9"), "1", "headers['x-caf\\xe9']")
    expect.equal(headers.getlist("x-\u00ff\x80"), ["2"], "headers.getlist('x-\\xff\\x80')")


# -- HDR-6 -------------------------------------------------------------------------------


@pytest.mark.clause("HDR-6")
def test_raw_is_a_new_list_of_the_scope_pairs(binding: Binding) -> None:
    scope = make_scope(headers=RAW)
    headers = binding.connect(scope=scope)[1].headers
    raw = headers.raw
    expect.true(is_list(raw), "headers.raw to be a list", type(raw))
    expect.equal(raw, RAW, "headers.raw")
    expect.true(raw is not scope["headers"], "headers.raw to be a new list, not the scope's", raw)
    expect.true(headers.raw is not raw, "each headers.raw to be a new list", raw)
    raw.append((b"x-new", b"1"))
    raw[0] = (b"host", b"changed.example")
    del raw[1]
    expect.equal(headers.raw, RAW, "headers.raw after changing an earlier headers.raw")
    expect.equal(item_or_error(headers, "host"), "example.org", "headers['host'] after changing headers.raw")
    expect.equal("x-new" in headers, False, "'x-new' in headers after appending it to headers.raw")
    expect.equal(headers.getlist("x-multi"), ["1", "2", "3"], "headers.getlist('x-multi') after changing headers.raw")
    expect.equal(len(headers), 5, "len(headers) after changing headers.raw")
    expect.equal(scope["headers"], RAW, "the scope's headers after changing headers.raw")


@pytest.mark.clause("HDR-6")
@pytest.mark.parametrize("raw", [[], [(b"a", b"1"), (b"b", b"2"), (b"a", b"3")]], ids=["empty", "three"])
def test_raw_keeps_the_scope_order(binding: Binding, raw: Pairs) -> None:
    expect.equal(headers_of(binding, raw).raw, raw, "headers.raw")


# -- HDR-7 -------------------------------------------------------------------------------

ONE_SHOT: Pairs = [(b"host", b"example.org"), (b"cookie", b"a=1"), (b"x-last", b"z")]


@pytest.mark.clause("HDR-7")
@pytest.mark.parametrize("first", ["url", "cookies", "headers"])
def test_a_one_shot_iterator_is_read_once(binding: Binding, first: str) -> None:
    scope = make_scope(path="/p")
    pairs = iter(ONE_SHOT)
    scope["headers"] = pairs
    ws = binding.connect(scope=scope)[1]
    read(ws, first)
    expect.equal(ws.headers.raw, ONE_SHOT, f"headers.raw from a one-shot iterator, ws.{first} read first")
    expect.equal(str(ws.url), "ws://example.org/p", f"str(ws.url) from a one-shot iterator, ws.{first} read first")
    expect.equal(ws.cookies, {"a": "1"}, f"ws.cookies from a one-shot iterator, ws.{first} read first")
    expect.true(scope["headers"] is pairs, "the scope's headers left as the iterator given", scope["headers"])


@pytest.mark.clause("HDR-7")
@pytest.mark.parametrize("first", ["headers", "url", "cookies"])
def test_a_read_only_scope_works(binding: Binding, first: str) -> None:
    raw = ((b"host", b"example.org"), (b"cookie", b"a=1"))
    scope = MappingProxyType({**make_scope(path="/p"), "headers": raw})
    ws = binding.connect(scope=scope)[1]  # type: ignore[arg-type]
    read(ws, first)
    read(ws, "headers")
    expect.equal(ws.headers.items(), [("host", "example.org"), ("cookie", "a=1")], "headers.items()")
    expect.equal(read(ws, "url"), "ws://example.org/p", "str(ws.url)")
    expect.equal(read(ws, "cookies"), {"a": "1"}, "ws.cookies")
    expect.true(scope["headers"] is raw, "the scope's headers left as given", scope["headers"])


@pytest.mark.clause("HDR-7")
@pytest.mark.parametrize("container", [tuple, list])
@pytest.mark.parametrize("attribute", ["headers", "url", "cookies"])
def test_reading_leaves_the_scope_headers_alone(binding: Binding, container: type[Any], attribute: str) -> None:
    given = container([(b"host", b"example.org"), (b"cookie", b"a=1")])
    scope = make_scope(path="/p")
    scope["headers"] = given
    before = dict(scope)
    read(binding.connect(scope=scope)[1], attribute)
    expect.true(
        scope["headers"] is given,
        f"scope['headers'] still the {container.__name__} given after reading ws.{attribute}",
        scope["headers"],
    )
    expect.equal(scope["headers"], container([(b"host", b"example.org"), (b"cookie", b"a=1")]), "scope['headers']")
    expect.equal(scope, before, f"the scope after reading ws.{attribute}")


@pytest.mark.clause("HDR-7")
@pytest.mark.parametrize("change", ["append", "replace", "clear"])
def test_later_changes_to_the_scope_list_do_not_show(binding: Binding, change: str) -> None:
    scope = make_scope(headers=[(b"host", b"example.org"), (b"x-a", b"1")])
    headers = binding.connect(scope=scope)[1].headers
    expect.equal(headers.items(), [("host", "example.org"), ("x-a", "1")], "headers.items() before the change")
    scope_headers: Pairs = scope["headers"]
    if change == "append":
        scope_headers.append((b"x-late", b"2"))
    elif change == "replace":
        scope_headers[1] = (b"x-a", b"changed")
    else:
        scope_headers.clear()
    what = f"after changing the scope's header list ({change})"
    expect.equal(headers.items(), [("host", "example.org"), ("x-a", "1")], f"headers.items() {what}")
    expect.equal(headers.raw, [(b"host", b"example.org"), (b"x-a", b"1")], f"headers.raw {what}")
    expect.equal(headers.getlist("x-a"), ["1"], f"headers.getlist('x-a') {what}")
    expect.equal("x-late" in headers, False, f"'x-late' in headers {what}")
    expect.equal(len(headers), 2, f"len(headers) {what}")


# -- generated header lists (HDR-2 to HDR-6) ----------------------------------------------
# Outside HDR-2, every name is in lower case, so that a lookup needs no case folding and
# the expected values are those of the names exactly as the scope holds them.


def check_lookups(headers: wsproto_api.Headers, asked: str, expected: list[str], raw: Pairs) -> None:
    """``headers[asked]``, ``get``, ``getlist`` and ``in`` give ``expected``, every value of ``asked``."""
    where = f"for scope headers {raw!r}"
    expect.equal(outcome(headers.getlist, asked), expected, f"headers.getlist({asked!r}) {where}")
    expect.equal(outcome(headers.__contains__, asked), bool(expected), f"{asked!r} in headers {where}")
    expect.equal(outcome(headers.get, asked), expected[0] if expected else None, f"headers.get({asked!r}) {where}")
    seen = item_or_error(headers, asked)
    if expected:
        expect.equal(seen, expected[0], f"headers[{asked!r}] {where}")
    else:
        expect.true(isinstance(seen, KeyError), f"headers[{asked!r}] {where} to raise KeyError", seen)


@pytest.mark.clause("HDR-2")
@GENERATED
@given(case=folded_header_lists())
def test_generated_lookup_folds_ascii_case(binding: Binding, case: tuple[Pairs, list[str]]) -> None:
    raw, asked = case
    headers = headers_of(binding, raw)
    for name in asked:
        wanted = name.encode("latin-1").lower()
        # bytes.lower() folds ASCII letters only, as HDR-2 does.
        check_lookups(headers, name, [latin1(value) for key, value in raw if key.lower() == wanted], raw)


@pytest.mark.clause("HDR-3")
@GENERATED
@given(raw=header_lists(), missing=lower_header_names())
def test_generated_first_value_and_every_value(binding: Binding, raw: Pairs, missing: bytes) -> None:
    headers = headers_of(binding, raw)
    for name in dict.fromkeys([*(key for key, _ in raw), missing]):
        check_lookups(headers, latin1(name), [latin1(value) for key, value in raw if key == name], raw)


@pytest.mark.clause("HDR-4")
@GENERATED
@given(raw=header_lists())
def test_generated_keys_values_items(binding: Binding, raw: Pairs) -> None:
    headers = headers_of(binding, raw)
    where = f"for scope headers {raw!r}"
    expect.equal(headers.keys(), [latin1(key) for key, _ in raw], f"headers.keys() {where}")
    expect.equal(headers.values(), [latin1(value) for _, value in raw], f"headers.values() {where}")
    expect.equal(headers.items(), [(latin1(key), latin1(value)) for key, value in raw], f"headers.items() {where}")
    expect.equal(len(headers), len(raw), f"len(headers) {where}")


@pytest.mark.clause("HDR-5")
@GENERATED
@given(raw=header_lists())
def test_generated_names_and_values_decoded_as_latin1(binding: Binding, raw: Pairs) -> None:
    headers = headers_of(binding, raw)
    where = f"for scope headers {raw!r}"
    expect.equal(headers.items(), [(latin1(key), latin1(value)) for key, value in raw], f"headers.items() {where}")
    for name in dict.fromkeys(key for key, _ in raw):
        expected = [latin1(value) for key, value in raw if key == name]
        expect.equal(headers.getlist(latin1(name)), expected, f"headers.getlist({latin1(name)!r}) {where}")


@pytest.mark.clause("HDR-6")
@GENERATED
@given(raw=header_lists())
def test_generated_raw(binding: Binding, raw: Pairs) -> None:
    scope = make_scope(headers=raw)
    headers = binding.connect(scope=scope)[1].headers
    where = f"for scope headers {raw!r}"
    first = headers.raw
    expect.equal(first, raw, f"headers.raw {where}")
    expect.true(first is not scope["headers"], f"headers.raw {where} to be a new list, not the scope's", first)
    first.append((b"x-new", b"1"))
    if len(first) > 1:
        del first[0]
    expect.equal(headers.raw, raw, f"headers.raw after changing an earlier headers.raw, {where}")
    expect.equal(len(headers), len(raw), f"len(headers) after changing headers.raw, {where}")


# -- HDR-8 -------------------------------------------------------------------------------


@pytest.mark.clause("HDR-8")
@pytest.mark.parametrize(
    "asked",
    [
        "\u20ac",
        "x-\u20ac",
        "\U0001f600",
        "caf\u00e9\u20ac",
        # Look-alikes whose Unicode case mapping lands on a name the scope holds.
        "x-\u0178",
        "\u212aey",
        "ho\u017ft",
        "\u0127ost",
    ],
)
def test_a_name_outside_latin1_is_missing(binding: Binding, asked: str) -> None:
    # The scope holds the latin-1 neighbours of the names asked, so only a lookup that finds
    # nothing is right.
    raw = [(b"x-a", b"1"), (b"caf\xe9", b"2"), (b"x-\x80", b"3"), (b"x-\xff", b"4"), (b"key", b"5"), (b"host", b"h")]
    headers = headers_of(binding, raw)
    with expect.raises(KeyError, what=f"headers[{asked!a}] for a name outside latin-1"):
        headers[asked]
    expect.equal(outcome(headers.__contains__, asked), False, f"{asked!a} in headers")
    expect.equal(outcome(headers.get, asked), None, f"headers.get({asked!a})")
    expect.equal(outcome(lambda name: headers.get(name, "d"), asked), "d", f"headers.get({asked!a}, 'd')")
    expect.equal(outcome(headers.getlist, asked), [], f"headers.getlist({asked!a})")
