"""QP: query parameters.

Lookups by key (``query_params[key]``, ``key in query_params``, ``get``), iteration,
``keys()``, ``values()``, ``items()`` and ``len`` are the core (QP-3, QP-6 to QP-8, QP-11);
``getlist``, ``multi_items`` and the text of ``str(query_params)`` are the multidict
feature's (QP-4, QP-9, QP-10).
"""

from __future__ import annotations

import re
from collections.abc import MutableSequence
from typing import Final, cast
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import make_scope
from conformance.suite import support
from conformance.suite.generated import GENERATED, parse_query, query_strings
from conformance.suite.payloads import OwnText
from conformance.suite.support import as_values, contains, get, item_or_error, outcome, part_of

Pairs = list[tuple[str, str]]


def params_of(
    binding: Binding, query_string: bytes, *, parsed: bool = False, judged: bool = False, blanks: bool = False
) -> wsproto_api.QueryParams:
    """``ws.query_params`` of a connection built over a scope with ``query_string``.

    Building from that query string is judged with the test's clause, whose rule is about it
    (:func:`support.built`). A connection without ``query_params`` blocks the test by QP-6,
    unless the test is QP-6's (``judged``). ``parsed``: building and reading the parameters
    are arrangements (CONN-1, QP-6), for a test of another clause over a generated query
    string (raw bytes outside ASCII, escapes, ``+``), and so is decoding it: each key must
    read as one of its values (:func:`decoded_as_written`), else the test is blocked by QP-6.
    Unless the test is QP-3's (``blanks``), a key of the query string that has only blank
    values must read as ``""``, else the test is blocked by QP-3, whose rule that is.
    """
    scope = make_scope(query_string=query_string)
    ws = support.connected(binding, scope=scope)[1] if parsed else support.built(binding, scope=scope)[1]
    clause = None if judged else "QP-6"
    if not parsed:
        params: wsproto_api.QueryParams = part_of(ws, "query_params", clause)
    else:
        with support.arrange("QP-6", f"reading the query parameters of {query_string!r}"):
            params = cast("wsproto_api.QueryParams", part_of(ws, "query_params", clause))
    if not blanks:
        blank_keys_kept(binding, params, query_string)
    if parsed:
        decoded_as_written(binding, params, query_string)
    return params


def decoded_as_written(binding: Binding, params: wsproto_api.QueryParams, query_string: bytes) -> None:
    """Block the test by QP-6 unless ``query_params[key]`` is one of the values QP-6 decodes for each key.

    Splitting, ``+`` and escapes are QP-6's rule; which of a repeated key's values a lookup
    gives is QP-8's, so any of them will do here. Keeping a key whose values are all blank is
    QP-3's: such a key is looked up only where the binding keeps ``x`` of both ``b"x="`` and
    ``b"x"``.
    """
    values: dict[str, list[str]] = {}
    for key, value in parse_query(query_string):
        values.setdefault(key, []).append(value)
    for key, wanted in values.items():
        if not any(wanted) and not (reads_as(binding, b"x=", "x", "") and reads_as(binding, b"x", "x", "")):
            continue
        try:
            seen: object = params[key]
        except Exception as error:
            seen = error
        if not any(expect.same(seen, value) for value in wanted):
            pytest.skip(
                f"{BLOCKED}QP-6: query_params[{key!r}] for {query_string!r} gave {seen!r}, not one of {wanted!r}"
            )


def blank_keys_kept(binding: Binding, params: wsproto_api.QueryParams, query_string: bytes) -> None:
    """Block the test by QP-3 unless each of :func:`blank_plain_keys` reads as ``""``.

    Only where lookups work: the binding must read ``b"x=1"`` as ``{"x": "1"}`` on a new
    connection, else what a lookup gives here is QP-6's business, and nothing is blocked.
    """
    for key in blank_plain_keys(query_string):
        try:
            seen: object = params[key]
        except KeyError as error:
            seen = error
        except Exception:  # lookups fail here: whether blanks are kept cannot be told from them
            return
        if not expect.same(seen, "") and reads_as(binding, b"x=1", "x", "1"):
            pytest.skip(f"{BLOCKED}QP-3: query_params[{key!r}] for {query_string!r} gave {seen!r}, not ''")


def reads_as(binding: Binding, query_string: bytes, key: str, value: str) -> bool:
    """Whether ``query_params[key]`` is ``value`` for ``query_string``, on a new connection.

    The controls of the QP arrangements: ``b"x=1"`` (lookups work at all, QP-6) and ``b"x="``
    (a blank key is kept, QP-3).
    """
    try:
        ws = support.connected(binding, scope=make_scope(query_string=query_string))[1]
        return expect.same(ws.query_params[key], value)
    except Exception:  # building, reading or looking up failed: it does not read so
        return False


def keys_decoded(binding: Binding, query_string: bytes) -> None:
    """Block the test by QP-6 unless the binding decodes a key's ``+`` and escapes, where ``query_string`` has them.

    How a key is decoded is QP-6's rule: a test of which keys are one key (QP-8) over keys
    written with ``+`` or escapes needs it, and judges it on a new connection alone.
    """
    controls = [(b"+", b"x+y=1", "x y"), (b"%", b"%78=1", "x")]
    for mark, control, key in controls:
        if mark in query_string and not reads_as(binding, control, key, "1"):
            pytest.skip(f"{BLOCKED}QP-6: the key of {control!r} does not read as {key!r}")


def blank_plain_keys(query_string: bytes) -> list[str]:
    """The keys of ``query_string`` whose every value is blank and that are only ever written plainly.

    A plain key is written with unreserved characters alone (letters, digits, ``-._~``), so
    that how a key is decoded, QP-6's rule, is not in question where QP-3's is. A key that is
    also written otherwise (``a`` and ``%61``) is left out.
    """
    blank: dict[str, bool] = {}
    plain: dict[str, bool] = {}
    for piece in filter(None, query_string.split(b"&")):
        ((key, value),) = parse_query(piece)
        blank[key] = blank.get(key, True) and not value
        plain[key] = plain.get(key, True) and _PLAIN_KEY.fullmatch(piece.partition(b"=")[0]) is not None
    return [key for key in blank if blank[key] and plain[key]]


_PLAIN_KEY: Final = re.compile(rb"[A-Za-z0-9._~-]+")
"""A query key whose bytes need no decoding."""


def value_of(params: wsproto_api.QueryParams, key: str) -> object:
    """``params[key]``, or the ``KeyError`` it raised; any other error blocks the test by QP-6."""
    return support.value_of(params, key, "QP-6", "query_params")


def check_value(params: wsproto_api.QueryParams, key: str, expected: str, where: str) -> None:
    """``params[key]``, ``get`` and ``in`` find ``expected``, a ``str``."""
    seen = item_or_error(params, key)
    expect.equal(seen, expected, f"query_params[{key!r}] {where}")
    expect.true(isinstance(seen, str), f"query_params[{key!r}] {where} to be a str", type(seen))
    expect.equal(get(params, key), expected, f"query_params.get({key!r}) {where}")
    expect.equal(contains(params, key), True, f"{key!r} in query_params {where}")


def check_missing(params: wsproto_api.QueryParams, key: str, where: str) -> None:
    """``params[key]`` raises ``KeyError``, ``get`` gives ``None`` or the default, and ``in`` is false."""
    seen = item_or_error(params, key)
    expect.true(isinstance(seen, KeyError), f"query_params[{key!r}] {where} to raise KeyError", seen)
    expect.equal(get(params, key), None, f"query_params.get({key!r}) {where}")
    expect.equal(
        get(params, key, "default"),
        "default",
        f"query_params.get({key!r}, 'default') {where}",
    )
    expect.equal(contains(params, key), False, f"{key!r} in query_params {where}")


# -- QP-3 --------------------------------------------------------------------------------
# Keys that appear once: which of several values a lookup gives is QP-8's subject.


@pytest.mark.clause("QP-3")
@pytest.mark.parametrize(
    ("query_string", "pairs"),
    [
        (b"a=", [("a", "")]),
        (b"a", [("a", "")]),
        (b"a=&b", [("a", ""), ("b", "")]),
        (b"a=1&b&c=", [("a", "1"), ("b", ""), ("c", "")]),
        (b"b&a=1", [("b", ""), ("a", "1")]),
    ],
)
def test_blank_values_kept(binding: Binding, query_string: bytes, pairs: Pairs) -> None:
    params = params_of(binding, query_string, blanks=True)
    for key, value in pairs:
        expect.equal(value_of(params, key), value, f"query_params[{key!r}] for {query_string!r}")


@pytest.mark.clause("QP-3")
@GENERATED
@given(query_string=query_strings())
def test_generated_blank_values_kept(binding: Binding, query_string: bytes) -> None:
    params = params_of(binding, query_string, parsed=True, blanks=True)
    # Keys whose every value is blank: whichever value a lookup gives, it is "".
    for key in blank_plain_keys(query_string):
        expect.equal(value_of(params, key), "", f"query_params[{key!r}] for {query_string!r}")


# -- QP-4 --------------------------------------------------------------------------------

REENCODED: list[tuple[bytes, Pairs, str]] = [
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
]
"""Query strings, their pairs (QP-6, QP-3) and the pairs re-encoded by ``urlencode`` (QP-4)."""


@pytest.mark.clause("QP-4")
@pytest.mark.parametrize(("query_string", "pairs", "expected"), REENCODED)
def test_str_reencodes_the_pairs(binding: Binding, query_string: bytes, pairs: Pairs, expected: str) -> None:
    # The literal is what SPEC.md's definition gives; check it against that definition too.
    assert urlencode(pairs) == expected, "the test's own table is wrong"
    # The pairs are what QP-6 parses, raw bytes outside ASCII among them: reading them is its.
    params = params_of(binding, query_string, parsed=True)
    expect.equal(str(params), expected, f"str(query_params) for {query_string!r}")


@pytest.mark.clause("QP-4")
@GENERATED
@given(query_string=query_strings())
def test_generated_str_reencodes_the_pairs(binding: Binding, query_string: bytes) -> None:
    expected = urlencode(parse_query(query_string))
    expect.equal(
        str(params_of(binding, query_string, parsed=True)), expected, f"str(query_params) for {query_string!r}"
    )


# -- QP-5 --------------------------------------------------------------------------------


@pytest.mark.clause("QP-5")
@pytest.mark.parametrize("query_string", ["missing", "None"])
def test_a_scope_without_query_string_has_no_query(binding: Binding, query_string: str) -> None:
    scope = make_scope(path="/chat")
    # ASGI reads a query_string that is missing or None as empty.
    if query_string == "missing":
        del scope["query_string"]
    else:
        scope["query_string"] = None
    where = f"for a scope whose query_string is {query_string}"
    ws = support.built(binding, scope=scope)[1]
    lacking: list[str] = []
    params = member(ws, "query_params", lacking)
    if "query_params" not in lacking:
        expect.true(not isinstance(params, Exception), f"ws.query_params to be read {where}", params)
        with support.arrange("QP-8", "len(query_params)"):
            length = len(ws.query_params)
        expect.equal(length, 0, f"len(query_params) {where}")
    url = member(ws, "url", lacking)
    if "url" not in lacking:
        seen = outcome(lambda _: str(url), "")
        expect.equal(seen, url_without_query(binding), f"str(ws.url) {where}")
    # What the connection has is judged first: a member it lacks is its defining clause's failure.
    if lacking:
        pytest.skip(f"{BLOCKED}{DEFINING[lacking[0]]}: the connection has no ws.{lacking[0]}")


DEFINING = {"query_params": "QP-6", "url": "URL-1"}
"""The clauses that define the members QP-5 reads."""


def member(ws: wsproto_api.WebSocket, name: str, lacking: list[str]) -> object:
    """``ws.<name>``, or the exception reading it raised; ``name`` is added to ``lacking`` when ``ws`` has none."""
    try:
        return getattr(ws, name)
    except AttributeError as error:
        if error.name == name and error.obj is ws:
            lacking.append(name)
        return error
    except Exception as error:
        return error


def url_without_query(binding: Binding) -> str:
    """``str(ws.url)`` of a new connection over the scope QP-5's test builds, given an empty ``query_string``.

    QP-5 names only that the URL has no query: the rest of it is URL-2's to URL-7's, and a
    control connection whose URL cannot be read, or has a ``?``, blocks the test by URL-2.
    """
    ws = support.connected(binding, scope=make_scope(path="/chat"))[1]
    with support.arrange("URL-2", "str(ws.url) for a scope whose query_string is empty"):
        text = str(part_of(ws, "url", "URL-1"))
    if "?" in text:
        pytest.skip(f"{BLOCKED}URL-2: str(ws.url) for a scope whose query_string is empty is {text!r}")
    return text


# -- QP-6 --------------------------------------------------------------------------------


@pytest.mark.clause("QP-6")
@pytest.mark.parametrize(
    ("query_string", "pairs", "absent"),
    [
        (b"", [], ["", "a"]),
        (b"a=1", [("a", "1")], ["a=1", "1"]),
        (b"a=1&b=2", [("a", "1"), ("b", "2")], ["a=1&b", "1&b"]),
        (b"a=x+y", [("a", "x y")], []),
        (b"a+b=c", [("a b", "c")], ["a+b", "a"]),
        (b"a=x%20y", [("a", "x y")], []),
        (b"a=%2B", [("a", "+")], []),
        (b"a=1%262&b=%3D", [("a", "1&2"), ("b", "=")], ["2"]),
        (b"a=caf%C3%A9", [("a", "caf\u00e9")], []),
        (b"a=caf%c3%a9", [("a", "caf\u00e9")], []),
        (b"%E2%82%AC=%F0%9F%98%80", [("\u20ac", "\U0001f600")], ["%E2%82%AC", "\u00e2\u0082\u00ac"]),
        (b"k%3Dv=1", [("k=v", "1")], ["k"]),
        # Only "&" separates pairs; ";" is data.
        (b"a=1;b=2", [("a", "1;b=2")], ["b"]),
        (b"a=b=c", [("a", "b=c")], ["b"]),
        # The query string is what follows the URL's "?": a "?" in it is data.
        (b"?a=1&b=2", [("?a", "1"), ("b", "2")], ["a"]),
        # More pairs than any other case, and a value of 5,000 characters.
        pytest.param(
            "&".join(f"k{index}={index}" for index in range(150)).encode() + b"&long=" + b"v" * 5_000,
            [*((f"k{index}", str(index)) for index in (0, 99, 100, 149)), ("long", "v" * 5_000)],
            ["k150"],
            id="150-pairs-and-a-long-value",
        ),
    ],
)
def test_query_string_parsed(binding: Binding, query_string: bytes, pairs: Pairs, absent: list[str]) -> None:
    params = params_of(binding, query_string, judged=True)
    where = f"for {query_string!r}"
    for key, value in pairs:
        check_value(params, key, value, where)
    for key, value in pairs[:1]:
        check_value(params, OwnText(key), value, f"(a key of a str subclass) {where}")
    for key in absent:
        check_missing(params, key, where)


@pytest.mark.clause("QP-6")
@pytest.mark.parametrize(
    ("query_string", "pairs"),
    [
        (b"a=caf\xe9", [("a", "caf\u00e9")]),
        (b"a=caf\xc3\xa9", [("a", "caf\u00c3\u00a9")]),
        (b"\xff=\x80", [("\u00ff", "\x80")]),
        (b"a=\xe9%C3%A9", [("a", "\u00e9\u00e9")]),
    ],
)
def test_raw_non_ascii_bytes_read_as_latin1(binding: Binding, query_string: bytes, pairs: Pairs) -> None:
    params = params_of(binding, query_string, judged=True)
    for key, value in pairs:
        check_value(params, key, value, f"for {query_string!r}")


@pytest.mark.clause("QP-6")
@pytest.mark.parametrize("key", ["missing", "A", "", "a ", "b"])
def test_missing_key_raises_key_error(binding: Binding, key: str) -> None:
    params = params_of(binding, b"a=1&c=2", judged=True)
    with expect.raises(KeyError, what=f"query_params[{key!r}] for a key the query lacks"):
        params[key]
    check_missing(params, key, "for a key the query lacks")


@pytest.mark.clause("QP-6")
@GENERATED
@given(query_string=query_strings())
def test_generated_query_string_parsed(binding: Binding, query_string: bytes) -> None:
    params = params_of(binding, query_string, judged=True)
    pairs = parse_query(query_string)
    keys = [key for key, _ in pairs]
    where = f"for {query_string!r}"
    # Keys that appear once: which of several values a lookup gives is QP-8's subject.
    for key, value in pairs:
        if keys.count(key) == 1:
            check_value(params, key, value, where)
    # No generated key holds an "m".
    check_missing(params, "missing", where)


@pytest.mark.clause("QP-6")
def test_a_repeated_key_reads_as_one_value(binding: Binding) -> None:
    # The parameters map each key to one value, which query_params[key], get() and `in` all
    # read; which of a repeated key's values that is, is QP-8's.
    params = params_of(binding, b"a=1&b=2&a=3", judged=True)
    where = "for b'a=1&b=2&a=3'"
    value = item_or_error(params, "a")
    if not isinstance(value, str):
        pytest.skip(f"{BLOCKED}QP-8: query_params['a'] {where} gave {expect.shown(value)}, not one of its values")
    expect.equal(get(params, "a"), value, f"query_params.get('a') {where}, as query_params['a']")
    expect.equal(get(params, "a", "default"), value, f"query_params.get('a', 'default') {where}, as query_params['a']")
    expect.equal(contains(params, "a"), True, f"'a' in query_params {where}")


# -- QP-7 --------------------------------------------------------------------------------


def lookups(params: wsproto_api.QueryParams, key: str) -> tuple[object, ...]:
    """``params[key]``, ``key in params`` and ``params.get(key)``, or what each raised (by its class and words)."""
    seen = (item_or_error(params, key), contains(params, key), get(params, key))
    return tuple(repr(value) if isinstance(value, Exception) else value for value in seen)


@pytest.mark.clause("QP-7")
@pytest.mark.parametrize("key", ["a", "b", "new"])
def test_query_params_are_immutable(binding: Binding, key: str) -> None:
    params = params_of(binding, b"a=1&b=2&a=3")
    # What the lookups gave before is what they give after: which value that is, is QP-8's.
    before = lookups(params, key)
    with expect.raises(TypeError, what=f"query_params[{key!r}] = 'x'"):
        params[key] = "x"  # type: ignore[index]
    with expect.raises(TypeError, what=f"del query_params[{key!r}]"):
        del params[key]  # type: ignore[attr-defined]
    expect.equal(
        lookups(params, key),
        before,
        f"query_params[{key!r}], {key!r} in query_params and get() after the refused changes",
    )


# -- QP-8 --------------------------------------------------------------------------------


@pytest.mark.clause("QP-8")
def test_repeated_keys(binding: Binding) -> None:
    params = params_of(binding, b"a=1&b=2&a=3&c=4&b=5")
    expect.equal(item_or_error(params, "a"), "3", "query_params['a'] for b'a=1&b=2&a=3&c=4&b=5'")
    expect.equal(item_or_error(params, "b"), "5", "query_params['b'] for b'a=1&b=2&a=3&c=4&b=5'")
    expect.equal(item_or_error(params, "c"), "4", "query_params['c'] for b'a=1&b=2&a=3&c=4&b=5'")
    expect.equal(as_values(params.keys()), ["a", "b", "c"], "query_params.keys() for b'a=1&b=2&a=3&c=4&b=5'")
    expect.equal(len(params), 3, "len(query_params) for b'a=1&b=2&a=3&c=4&b=5'")
    # An application may change what keys() gave it, when that is a list: a later call still
    # gives each key once.
    keys = params.keys()
    if isinstance(keys, MutableSequence):
        cast("MutableSequence[object]", keys).append("x")
    seen = as_values(params.keys())
    expect.equal(seen, ["a", "b", "c"], "query_params.keys() called again after adding to the list it gave")


@pytest.mark.clause("QP-8")
@pytest.mark.parametrize(
    ("query_string", "keys", "last"),
    [
        (b"z=1&y=2&z=3&x=4&y=5", ["z", "y", "x"], ["3", "5", "4"]),
        (b"b=1&a=2&b=3", ["b", "a"], ["3", "2"]),
        (b"k=1&k=2&k=3", ["k"], ["3"]),
        # One key written three ways: keys are compared as they are read (QP-6), not as written.
        (b"a=1&%61=2&a=3&b+c=4&b%20c=5", ["a", "b c"], ["3", "5"]),
    ],
)
def test_keys_once_in_order_of_first_appearance(
    binding: Binding, query_string: bytes, keys: list[str], last: list[str]
) -> None:
    params = params_of(binding, query_string)
    keys_decoded(binding, query_string)
    where = f"for {query_string!r}"
    expect.equal(as_values(params.keys()), keys, f"query_params.keys() {where}")
    expect.equal(len(params), len(keys), f"len(query_params) {where}")
    for key, value in zip(keys, last, strict=True):
        expect.equal(item_or_error(params, key), value, f"query_params[{key!r}] {where}")


@pytest.mark.clause("QP-8")
@GENERATED
@given(query_string=query_strings())
def test_generated_repeated_keys(binding: Binding, query_string: bytes) -> None:
    params = params_of(binding, query_string, parsed=True)
    pairs = parse_query(query_string)
    keys = list(dict.fromkeys(key for key, _ in pairs))
    where = f"for {query_string!r}"
    expect.equal(as_values(params.keys()), keys, f"query_params.keys() {where}")
    expect.equal(len(params), len(keys), f"len(query_params) {where}")
    for key in keys:
        last = [value for name, value in pairs if name == key][-1]
        expect.equal(item_or_error(params, key), last, f"query_params[{key!r}] {where}")


# -- QP-11 -------------------------------------------------------------------------------

REPEATED: list[tuple[bytes, Pairs]] = [
    (b"a=1&b=2&a=3&c=4&b=5", [("a", "3"), ("b", "5"), ("c", "4")]),
    (b"z=1&y=2&z=3&x=4&y=5", [("z", "3"), ("y", "5"), ("x", "4")]),
    (b"b=1&a=2&b=3", [("b", "3"), ("a", "2")]),
    (b"k=1&k=2&k=3", [("k", "3")]),
    (b"k=1&k=1", [("k", "1")]),
    (b"a=1&b=2", [("a", "1"), ("b", "2")]),
]
"""Query strings, and each of their keys once, in order of first appearance, with its last value."""


@pytest.mark.clause("QP-11")
@pytest.mark.parametrize(("query_string", "pairs"), REPEATED)
def test_iteration_values_and_items_with_repeated_keys(binding: Binding, query_string: bytes, pairs: Pairs) -> None:
    params = params_of(binding, query_string)
    where = f"for {query_string!r}"
    keys = [key for key, _ in pairs]
    expect.equal(as_values(list(params)), keys, f"list(query_params) {where}")
    expect.equal(as_values(params.values()), [value for _, value in pairs], f"query_params.values() {where}")
    expect.equal(as_values(params.items()), pairs, f"query_params.items() {where}")


@pytest.mark.clause("QP-11")
def test_iteration_values_and_items_called_again_after_their_lists_changed(binding: Binding) -> None:
    params = params_of(binding, b"a=1&b=2&a=3")
    where = "for b'a=1&b=2&a=3'"
    for again in ("", " called again after adding to the lists they gave"):
        expect.equal(as_values(list(params)), ["a", "b"], f"list(query_params){again} {where}")
        expect.equal(as_values(params.values()), ["3", "2"], f"query_params.values(){again} {where}")
        expect.equal(as_values(params.items()), [("a", "3"), ("b", "2")], f"query_params.items(){again} {where}")
        # An application may change what it was given, when that is a list: a later call
        # still gives each key once, with its last value.
        for listed, added in ((params.values(), "x"), (params.items(), ("x", "x"))):
            if isinstance(listed, MutableSequence):
                cast("MutableSequence[object]", listed).append(added)


@pytest.mark.clause("QP-11")
@GENERATED
@given(query_string=query_strings())
def test_generated_iteration_values_and_items(binding: Binding, query_string: bytes) -> None:
    params = params_of(binding, query_string, parsed=True)
    # Each key once, in order of first appearance, with its last value: a dict built pair by pair.
    pairs = list(dict(parse_query(query_string)).items())
    where = f"for {query_string!r}"
    expect.equal(as_values(list(params)), [key for key, _ in pairs], f"list(query_params) {where}")
    expect.equal(as_values(params.values()), [value for _, value in pairs], f"query_params.values() {where}")
    expect.equal(as_values(params.items()), pairs, f"query_params.items() {where}")


# -- QP-9 --------------------------------------------------------------------------------


def check_getlist_and_multi_items(params: wsproto_api.QueryParams, where: str) -> None:
    expect.equal(as_values(params.getlist("a")), ["1", "3"], f"query_params.getlist('a') {where}")
    expect.equal(as_values(params.getlist("b")), ["2", "5"], f"query_params.getlist('b') {where}")
    expect.equal(as_values(params.getlist("c")), ["4"], f"query_params.getlist('c') {where}")
    expect.equal(as_values(params.getlist("missing")), [], f"query_params.getlist('missing') {where}")
    seen = as_values(params.getlist(OwnText("b")))
    expect.equal(seen, ["2", "5"], f"query_params.getlist('b') (a key of a str subclass) {where}")
    expect.equal(
        as_values(params.multi_items()),
        [("a", "1"), ("b", "2"), ("a", "3"), ("c", "4"), ("b", "5")],
        f"query_params.multi_items() {where}",
    )


@pytest.mark.clause("QP-9")
def test_getlist_and_multi_items(binding: Binding) -> None:
    for connection in ("", " on a second connection, after the first's lists were added to"):
        params = params_of(binding, b"a=1&b=2&a=3&c=4&b=5")
        where = f"for b'a=1&b=2&a=3&c=4&b=5'{connection}"
        check_getlist_and_multi_items(params, where)
        # An application may add to the lists it is given (Starlette's are lists): that must
        # not show in what a later call gives, on this connection or on another one over the
        # same query string.
        returned: list[tuple[object, object]] = [
            (params.getlist("a"), "x"),
            (params.getlist("missing"), "x"),
            (params.multi_items(), ("x", "x")),
        ]
        for values, added in returned:
            if isinstance(values, MutableSequence):
                cast("MutableSequence[object]", values).append(added)
        check_getlist_and_multi_items(params, f"{where}, called again after the lists it gave were added to")


@pytest.mark.clause("QP-9")
@pytest.mark.parametrize(("query_string", "pairs"), [(query, pairs) for query, pairs, _ in REENCODED])
def test_multi_items_are_every_pair(binding: Binding, query_string: bytes, pairs: Pairs) -> None:
    params = params_of(binding, query_string, parsed=True)
    where = f"for {query_string!r}"
    expect.equal(as_values(params.multi_items()), pairs, f"query_params.multi_items() {where}")
    for key in dict.fromkeys(key for key, _ in pairs):
        values = [value for name, value in pairs if name == key]
        expect.equal(as_values(params.getlist(key)), values, f"query_params.getlist({key!r}) {where}")


@pytest.mark.clause("QP-9")
@GENERATED
@given(query_string=query_strings())
def test_generated_getlist_and_multi_items(binding: Binding, query_string: bytes) -> None:
    params = params_of(binding, query_string, parsed=True)
    pairs = parse_query(query_string)
    where = f"for {query_string!r}"
    expect.equal(as_values(params.multi_items()), pairs, f"query_params.multi_items() {where}")
    for key in dict.fromkeys(key for key, _ in pairs):
        values = [value for name, value in pairs if name == key]
        expect.equal(as_values(params.getlist(key)), values, f"query_params.getlist({key!r}) {where}")
    # No generated key holds an "m".
    expect.equal(as_values(params.getlist("missing")), [], f"query_params.getlist('missing') {where}")


# -- QP-10 -------------------------------------------------------------------------------


def reparsed(params: wsproto_api.QueryParams) -> Pairs:
    return parse_qsl(str(params), keep_blank_values=True)


@pytest.mark.clause("QP-10")
@pytest.mark.parametrize(("query_string", "pairs"), [(query, pairs) for query, pairs, _ in REENCODED])
def test_str_parses_back_to_every_pair(binding: Binding, query_string: bytes, pairs: Pairs) -> None:
    params = params_of(binding, query_string, parsed=True)
    expect.equal(reparsed(params), pairs, f"parse_qsl(str(query_params), keep_blank_values=True) for {query_string!r}")


@pytest.mark.clause("QP-10")
@GENERATED
@given(query_string=query_strings())
def test_generated_str_parses_back_to_every_pair(binding: Binding, query_string: bytes) -> None:
    params = params_of(binding, query_string, parsed=True)
    expect.equal(
        reparsed(params),
        parse_query(query_string),
        f"parse_qsl(str(query_params), keep_blank_values=True) for {query_string!r}",
    )
