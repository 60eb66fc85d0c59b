"""HDR: request headers.

Lookups by name (``headers[name]``, ``name in headers``, ``headers.get``) are the core
(HDR-2, HDR-5, HDR-9, HDR-11, HDR-13); ``getlist``, ``raw`` and listing every header are the
multidict feature's (HDR-6, HDR-10, HDR-12). A core clause that ``getlist`` also answers is
judged by ``getlist`` in a case of its own, which needs the multidict feature.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from types import MappingProxyType
from typing import Any, cast

import pytest
from hypothesis import given

import wsproto_api
from conformance import expect, features
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import make_scope
from conformance.suite import support
from conformance.suite.generated import (
    GENERATED,
    Pairs,
    folded_header_lists,
    header_lists,
    latin1,
    lower_header_names,
)
from conformance.suite.payloads import OwnText
from conformance.suite.support import as_values, contains, get, item_or_error, outcome, part_of

RAW: Pairs = [
    (b"host", b"example.org"),
    (b"x-multi", b"1"),
    (b"accept", b"*/*"),
    (b"x-multi", b"2"),
    (b"x-multi", b"3"),
]

LOOKUPS = ["lookup", "getlist"]
"""How a core clause's lookups are judged: ``headers[name]``, ``in`` and ``get``; or
``getlist``, where the binding has the multidict feature."""


def headers_of(
    binding: Binding, raw: Iterable[tuple[bytes, bytes]], *, latin1_names: bool = False, judged: bool = False
) -> wsproto_api.Headers:
    """``ws.headers`` of a connection built over a scope with headers ``raw``.

    Building from those headers is judged with the test's clause, whose rule is about them
    (:func:`support.built`). A connection without ``headers`` blocks the test by HDR-9, unless
    the test is HDR-9's (``judged``). ``latin1_names``: building, reading the headers and a
    lookup are an arrangement of HDR-5's, for a test of another clause whose scope holds names
    or values outside ASCII.
    """
    if latin1_names and not judged:
        with support.arrange("HDR-5", "building a connection whose headers are latin-1"):
            ws = support.built(binding, scope=make_scope(headers=raw))[1]
    else:
        ws = support.built(binding, scope=make_scope(headers=raw))[1]
    if not latin1_names:
        headers: wsproto_api.Headers = part_of(ws, "headers", None if judged else "HDR-9")
        return headers
    with support.arrange("HDR-5", "reading headers whose names and values are latin-1"):
        headers = part_of(ws, "headers", None if judged else "HDR-9")
    looked_up(headers)
    return headers


def looked_up(headers: wsproto_api.Headers) -> None:
    """An arrangement of HDR-9's: ``headers.get('host')`` works, for a test that needs lookups by ``str`` names."""
    with support.arrange("HDR-9", "headers.get('host')"):
        headers.get("host")


def finds_host(headers: wsproto_api.Headers) -> None:
    """An arrangement of HDR-9's: ``headers.get('host')`` is ``'example.org'``, the scope's ``host`` header.

    For a test of another clause that judges lookups by ``str`` names: a lookup that does not
    find an ordinary header shows nothing about the names or values the test is about.
    """
    with support.arrange("HDR-9", "headers.get('host')"):
        seen = headers.get("host")
    support.step_gave(seen, "example.org", "HDR-9", "headers.get('host') for the scope's host header")


def value_of(headers: wsproto_api.Headers, name: str) -> object:
    """``headers[name]``, or the ``KeyError`` it raised; any other error blocks the test by HDR-9."""
    return support.value_of(headers, name, "HDR-9", "headers")


def getlist_of(headers: wsproto_api.Headers, name: str) -> object:
    """``headers.getlist(name)`` as a value, or what it raised."""
    return as_values(outcome(lambda key: headers.getlist(key), name))


def check_lookups(headers: wsproto_api.Headers, asked: str, expected: list[str], where: str, via: str) -> None:
    """The lookups of ``via`` give ``expected``, every value of ``asked`` in order.

    ``via="lookup"``: ``headers[asked]``, ``get`` and ``in`` (the first value, or ``KeyError``,
    ``None`` and false); ``via="getlist"``: ``getlist``.
    """
    if via == "getlist":
        expect.equal(getlist_of(headers, asked), expected, f"headers.getlist({asked!a}) {where}")
        return
    if not expected and not looks_missing(headers, asked):
        misses_an_absent_name(headers)
    first = expected[0] if expected else None
    expect.equal(contains(headers, asked), bool(expected), f"{asked!a} in headers {where}")
    expect.equal(get(headers, asked), first, f"headers.get({asked!a}) {where}")
    seen = get(headers, asked, "default")
    expect.equal(seen, first if expected else "default", f"headers.get({asked!a}, 'default') {where}")
    seen = item_or_error(headers, asked)
    if expected:
        expect.equal(seen, first, f"headers[{asked!a}] {where}")
        expect.true(isinstance(seen, str), f"headers[{asked!a}] {where} to be a str", type(seen))
    else:
        expect.true(isinstance(seen, KeyError), f"headers[{asked!a}] {where} to raise KeyError", seen)


ABSENT_NAME = "x-no-header-has-this-name"
"""A name that no test's headers hold."""


def looks_missing(headers: wsproto_api.Headers, name: str) -> bool:
    """Whether every lookup of ``name`` behaves as HDR-9 has it for a missing name."""
    return (
        contains(headers, name) is False
        and get(headers, name) is None
        and expect.same(get(headers, name, "default"), "default")
        and isinstance(item_or_error(headers, name), KeyError)
    )


def misses_an_absent_name(headers: wsproto_api.Headers) -> None:
    """An arrangement of HDR-9's: the lookups of a name no header has behave as for a missing name.

    For a lookup that should behave as for a missing name: ``in``, ``get`` (with a default or
    without) and ``[]`` that get any missing name wrong break HDR-9's rule, whatever the name.
    """
    if not looks_missing(headers, ABSENT_NAME):
        said = f"in, get, get with a default and [] of {ABSENT_NAME!r}, a name no header has,"
        pytest.skip(f"{BLOCKED}HDR-9: {said} do not all behave as for a missing name")


def has_getlist(headers: wsproto_api.Headers) -> None:
    """An arrangement of HDR-10's: ``headers.getlist`` is there, for a test of another clause that calls it.

    HDR-2 names ``getlist`` only where the binding has it; a binding with the multidict
    feature but no ``getlist`` fails HDR-10, not the lookups HDR-2 judges through it.
    """
    with support.arrange("HDR-10", "headers.getlist"):
        _ = headers.getlist


def needs(binding: Binding, via: str) -> None:
    """Leave a ``getlist`` case unrun, as absent, when the binding lacks the multidict feature."""
    if via == "getlist":
        support.require(binding, "multidict")


FILLER: Pairs = [(b"x-filler-%d" % index, b"f") for index in range(32)]
"""Thirty-two headers that no test looks up: put before a test's own, more headers than a
binding may scan one by one before it looks names up otherwise."""


def shown(raw: Pairs) -> str:
    """``raw`` for failure messages, ``FILLER`` named rather than listed."""
    if raw[: len(FILLER)] == FILLER:
        return f"[*FILLER, {repr(raw[len(FILLER) :])[1:]}"
    return repr(raw)


def alone_and_among_many(binding: Binding, raw: Pairs) -> Iterator[tuple[Pairs, wsproto_api.Headers]]:
    """The headers ``raw`` as :func:`headers_of` reads them (names outside ASCII allowed), then ``FILLER`` and ``raw``.

    Among many headers the lookups a test makes come after four of a name no header has (an
    arrangement of HDR-9's), so that they are not among a binding's first few lookups either.
    """
    yield raw, headers_of(binding, raw, latin1_names=True)
    many = [*FILLER, *raw]
    headers = headers_of(binding, many, latin1_names=True)
    misses_an_absent_name(headers)
    yield many, headers


# -- HDR-2 -------------------------------------------------------------------------------


def ascii_lower(name: str) -> str:
    """``name`` with its ASCII letters in lower case, as HDR-2 folds names; other characters as they are."""
    return name.encode("latin-1").lower().decode("latin-1") if max(name, default="a") < "\u0100" else name


def check_folded(
    binding: Binding, raw: Pairs, headers: wsproto_api.Headers, asked: str, expected: list[str], via: str
) -> None:
    """The lookups of ``via`` by ``asked`` find ``expected``, every value of the name in any ASCII case.

    A name found is judged by ``headers[asked]``, ``in`` and ``get`` giving what they give for
    ``asked`` in lower case over the same headers with their names in lower case: which of
    several values a lookup gives is HDR-9's, not HDR-2's, and so is finding an ASCII name
    in lower case at all. ``getlist`` gives every value.
    """
    where = f"for scope headers {shown(raw)}"
    if via == "getlist":
        has_getlist(headers)
    if via == "getlist" or not expected:
        check_lookups(headers, asked, expected, where, via)
        return
    lowered = headers_of(binding, [(name.lower(), value) for name, value in raw], latin1_names=True)
    wanted = lookups(lowered, ascii_lower(asked))
    found = f"{ascii_lower(asked)!a} in headers, over the headers in lower case"
    if ascii_lower(asked).isascii():
        with support.arrange("HDR-9", found):
            expect.equal(wanted[1], True, found)
    else:
        # The name asked is the one the scope holds: where a lookup finds an ASCII name, one
        # that misses it compares a character outside ASCII otherwise than exactly, which is
        # this clause's rule.
        probe = headers_of(binding, [(b"x-probe", b"1")], latin1_names=True)
        with support.arrange("HDR-9", "'x-probe' in headers, over a header of that name"):
            expect.equal(lookups(probe, "x-probe")[1], True, "'x-probe' in headers, over a header of that name")
        expect.equal(wanted[1], True, found)
    expect.equal(
        lookups(headers, asked),
        wanted,
        f"(headers[{asked!a}], {asked!a} in headers, headers.get({asked!a})) {where}, against "
        f"{ascii_lower(asked)!a} over the same headers with their names in lower case",
    )


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize("via", LOOKUPS)
@pytest.mark.parametrize("scope_name", [b"Host", b"HOST", b"hOsT", b"host"])
@pytest.mark.parametrize("asked", ["host", "Host", "HOST", "hoST"])
def test_lookup_ignores_ascii_case(binding: Binding, scope_name: bytes, asked: str, via: str) -> None:
    needs(binding, via)
    raw = [(b"x-first", b"0"), (scope_name, b"example.org")]
    check_folded(binding, raw, headers_of(binding, raw), asked, ["example.org"], via)


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize("via", LOOKUPS)
def test_repeated_names_in_mixed_case_are_one_name(binding: Binding, via: str) -> None:
    needs(binding, via)
    raw = [(b"X-A", b"1"), (b"x-a", b"2"), (b"x-b", b"3"), (b"X-a", b"4")]
    headers = headers_of(binding, raw)
    for asked in ("x-a", "X-A", "x-A"):
        check_folded(binding, raw, headers, asked, ["1", "2", "4"], via)
    check_folded(binding, raw, headers, "X-B", ["3"], via)


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize("via", LOOKUPS)
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
def test_lookup_folds_ascii_letters_only(
    binding: Binding, scope_name: bytes, asked: str, found: bool, via: str
) -> None:
    needs(binding, via)
    # ascii() shows look-alikes such as the Kelvin sign for what they are.
    for raw, headers in alone_and_among_many(binding, [(scope_name, b"v")]):
        check_folded(binding, raw, headers, asked, ["v"] if found else [], via)


def lowered_names(raw: Pairs) -> Pairs:
    """``raw`` with its names in lower case, as ASGI servers usually send them."""
    return [(name.lower(), value) for name, value in raw]


def url_from_lower_case(binding: Binding, raw: Pairs, expected: str, server: tuple[str, int] | None) -> None:
    """An arrangement of URL-4's: with ``raw``'s names in lower case, ``str(ws.url)`` is ``expected``.

    HDR-2 asks only that the ``host`` header be found whatever the case of its name; which URL
    a ``host`` header gives is URL-4's rule, so a binding whose URL is wrong even for a name in
    lower case is blocked by it.
    """
    lowered = lowered_names(raw)
    what = f"str(ws.url) with headers {lowered!r}"
    with support.arrange("URL-4", what):
        ws = support.built(binding, scope=make_scope(path="/p", headers=lowered, server=server))[1]
        seen = str(part_of(ws, "url", "URL-1"))
    support.step_gave(seen, expected, "URL-4", what)


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize("name", [b"Host", b"HOST", b"hOsT"])
@pytest.mark.parametrize("server", [None, ("10.0.0.1", 80)], ids=["no-server", "server"])
def test_host_header_found_in_any_case_for_the_url(
    binding: Binding, name: bytes, server: tuple[str, int] | None
) -> None:
    raw = [(name, b"example.com:81")]
    url_from_lower_case(binding, raw, "ws://example.com:81/p", server)
    ws = support.built(binding, scope=make_scope(path="/p", headers=raw, server=server))[1]
    expect.equal(str(part_of(ws, "url", "URL-1")), "ws://example.com:81/p", f"str(ws.url) with a {name!r} header")


@pytest.mark.clause("HDR-2")
def test_first_host_header_in_any_case_gives_the_netloc(binding: Binding) -> None:
    raw = [(b"x-other", b"x"), (b"HOST", b"first.example"), (b"host", b"second.example")]
    url_from_lower_case(binding, raw, "ws://first.example/p", ("10.0.0.1", 80))
    ws = support.built(binding, scope=make_scope(path="/p", headers=raw))[1]
    expect.equal(str(part_of(ws, "url", "URL-1")), "ws://first.example/p", f"str(ws.url) with headers {raw!r}")


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
    support.require(binding, "cookies")
    # How several cookie headers merge is CONN-10's rule: judged here only where the same
    # headers with their names in lower case give the cookies expected.
    lowered = [(b"host", b"example.org"), *lowered_names(raw)]
    control = support.connected(binding, scope=make_scope(headers=lowered))[1]
    with support.arrange("CONN-10", f"ws.cookies with headers {lowered!r}"):
        seen = dict(control.cookies)
    support.step_gave(seen, expected, "CONN-10", f"ws.cookies with headers {lowered!r}")
    ws = support.built(binding, scope=make_scope(headers=[(b"host", b"example.org"), *raw]))[1]
    expect.equal(dict(ws.cookies), expected, f"ws.cookies with headers {raw!r}")


@pytest.mark.clause("HDR-2")
@GENERATED
@given(case=folded_header_lists())
def test_generated_lookup_folds_ascii_case(binding: Binding, case: tuple[Pairs, list[str]]) -> None:
    raw, asked = case
    headers = headers_of(binding, raw, latin1_names=True)
    support.values_decoded_as_latin1(headers, raw)
    for name in asked:
        wanted = name.encode("latin-1").lower()
        # bytes.lower() folds ASCII letters only, as HDR-2 does.
        expected = [latin1(value) for key, value in raw if key.lower() == wanted]
        check_folded(binding, raw, headers, name, expected, "lookup")


@pytest.mark.clause("HDR-2")
@GENERATED
@given(case=folded_header_lists())
def test_generated_getlist_folds_ascii_case(binding: Binding, case: tuple[Pairs, list[str]]) -> None:
    support.require(binding, "multidict")
    raw, asked = case
    headers = headers_of(binding, raw, latin1_names=True)
    has_getlist(headers)
    support.values_decoded_as_latin1(headers, raw)
    for name in asked:
        wanted = name.encode("latin-1").lower()
        expected = [latin1(value) for key, value in raw if key.lower() == wanted]
        check_lookups(headers, name, expected, f"for scope headers {raw!r}", "getlist")


# -- HDR-5 -------------------------------------------------------------------------------
# Names in lower case: which non-ASCII case a lookup folds is HDR-2's subject.


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
    headers = headers_of(binding, [(b"host", b"example.org"), (b"x-v", value)])
    finds_host(headers)
    expect.equal(value_of(headers, "x-v"), expected, f"headers['x-v'] for the value {value!r}")


@pytest.mark.clause("HDR-5")
@pytest.mark.parametrize(
    ("name", "decoded"),
    [
        (b"x-caf\xe9", "x-caf\u00e9"),
        (b"x-\xff\x80", "x-\u00ff\x80"),
        # The UTF-8 bytes of "x-\u20ac": latin-1 reads each byte as a character.
        (b"x-\xe2\x82\xac", "x-\u00e2\x82\u00ac"),
    ],
)
def test_names_decoded_as_latin1(binding: Binding, name: bytes, decoded: str) -> None:
    headers = headers_of(binding, [(b"host", b"example.org"), (name, b"1")])
    finds_host(headers)
    where = f"with the scope holding the name {name!r}"
    expect.equal(value_of(headers, decoded), "1", f"headers[{decoded!a}] {where}")


@pytest.mark.clause("HDR-5")
@GENERATED
@given(raw=header_lists())
def test_generated_names_and_values_decoded_as_latin1(binding: Binding, raw: Pairs) -> None:
    # The scope may hold no host header: the lookups are shown to work on an ordinary one.
    finds_host(headers_of(binding, [(b"host", b"example.org")]))
    headers = headers_of(binding, raw)
    where = f"for scope headers {raw!r}"
    names = [key for key, _ in raw]
    # Names the scope holds once: which of several values a lookup gives is HDR-9's subject.
    for name, value in raw:
        if names.count(name) == 1:
            expect.equal(value_of(headers, latin1(name)), latin1(value), f"headers[{latin1(name)!a}] {where}")


# -- HDR-6 -------------------------------------------------------------------------------


def change(raw: object) -> None:
    """Change ``raw`` as far as it lets itself be changed: a sequence that cannot be changed is left alone."""
    target: Any = raw
    refusals = (AttributeError, TypeError, IndexError)
    with contextlib.suppress(*refusals):
        target.append((b"x-new", b"1"))
    with contextlib.suppress(*refusals):
        target[0] = (b"host", b"changed.example")
    with contextlib.suppress(*refusals):
        del target[1]


@pytest.mark.clause("HDR-6")
def test_raw_is_the_scope_pairs_and_changing_it_changes_nothing(binding: Binding) -> None:
    headers = headers_of(binding, RAW)
    # What the lookups gave before is what they give after: which value that is, is HDR-9's.
    names = ("host", "x-multi", "x-new")
    before = [repr(value_of(headers, name)) for name in names]
    raw = headers.raw
    expect.equal(as_values(raw), RAW, "headers.raw")
    change(raw)
    expect.equal(as_values(headers.raw), RAW, "headers.raw after changing an earlier headers.raw")
    for name, seen in zip(names, before, strict=True):
        expect.equal(repr(value_of(headers, name)), seen, f"headers[{name!r}] after changing headers.raw")


@pytest.mark.clause("HDR-6")
@pytest.mark.parametrize(
    "raw",
    [[], [(b"a", b"1"), (b"b", b"2"), (b"a", b"3")], [(b"Host", b"h"), (b"x-caf\xe9", b"\xff")]],
    ids=["empty", "three", "as-held"],
)
def test_raw_keeps_the_scope_order(binding: Binding, raw: Pairs) -> None:
    # Reading headers whose names or values are outside ASCII is HDR-5's to judge.
    beyond_ascii = not all((name + value).isascii() for name, value in raw)
    expect.equal(as_values(headers_of(binding, raw, latin1_names=beyond_ascii).raw), raw, "headers.raw")


@pytest.mark.clause("HDR-6")
@GENERATED
@given(raw=header_lists())
def test_generated_raw(binding: Binding, raw: Pairs) -> None:
    headers = headers_of(binding, raw, latin1_names=True)
    where = f"for scope headers {raw!r}"
    first = headers.raw
    expect.equal(as_values(first), raw, f"headers.raw {where}")
    change(first)
    expect.equal(as_values(headers.raw), raw, f"headers.raw after changing an earlier headers.raw, {where}")


# -- HDR-7 -------------------------------------------------------------------------------
# HDR-7 is about the scope alone. What a read gives is judged against what the same binding
# reads over an ordinary scope, so that which values those are stays other clauses' to judge.

ONE_SHOT: Pairs = [(b"host", b"example.org"), (b"cookie", b"a=1"), (b"x-last", b"z")]

READS = ["url", "headers", "cookies"]
"""What a test reads first: ``ws.cookies`` needs the cookies feature."""

COOKIES = {"a": "1"}
"""The cookies of the ``cookie`` header every HDR-7 scope holds."""


def member(ws: wsproto_api.WebSocket, attribute: str) -> object:
    """``ws.<attribute>``: ``url`` as its ``str``, ``cookies`` as a ``dict``, ``headers`` as they are.

    A connection without the member is blocked by the clause that defines it.
    """
    value = part_of(ws, attribute, features.DEFINING_CLAUSE[attribute])
    if attribute == "url":
        return str(value)
    return dict(value) if attribute == "cookies" else value


def read(ws: wsproto_api.WebSocket, attribute: str) -> object:
    """:func:`member`, failing with what the binding raised, for a read :func:`ordinary` showed to work."""
    try:
        return member(ws, attribute)
    except Exception as error:
        raise AssertionError(
            f"reading ws.{attribute}: expected it to read the scope's headers and leave them alone, "
            f"saw {type(error).__name__}: {error}"
        ) from error


def ordinary(binding: Binding, raw: Pairs, attributes: Iterable[str], *, values: bool = True) -> dict[str, object]:
    """What the binding reads of each of ``attributes`` over an ordinary scope whose headers are ``raw``, in a list.

    Each read is an arrangement of the clause that defines the member: it must not raise.
    With ``values``, what it gives must show the scope's headers too: every header found by
    its name (HDR-9), the URL holding the ``host`` header's value (URL-4; which netloc it
    gives is not HDR-7's) and the cookies of the ``cookie`` header (CONN-10). Otherwise the
    test is blocked by that clause.
    """
    ws = support.connected(binding, scope=make_scope(path="/p", headers=list(raw)))[1]
    seen: dict[str, object] = {}
    for attribute in attributes:
        with support.arrange(features.DEFINING_CLAUSE[attribute], f"ws.{attribute} over an ordinary scope"):
            seen[attribute] = member(ws, attribute)
    if not values:
        return seen
    where = f"over an ordinary scope with headers {raw!r}"
    if "headers" in seen:
        headers: wsproto_api.Headers = seen["headers"]  # type: ignore[assignment]
        for name, value in raw:
            found = value_of(headers, latin1(name))
            support.step_gave(found, latin1(value), "HDR-9", f"headers[{latin1(name)!a}] {where}")
    host = latin1(dict(raw)[b"host"])
    if "url" in seen and host not in str(seen["url"]):
        pytest.skip(f"{BLOCKED}URL-4: str(ws.url) {where} is {seen['url']!r}, without the host {host!r}")
    if "cookies" in seen and not expect.same(seen["cookies"], COOKIES):
        pytest.skip(f"{BLOCKED}CONN-10: ws.cookies {where} is {seen['cookies']!r}, not {COOKIES!r}")
    return seen


def check_headers_read(ws: wsproto_api.WebSocket, expected: Pairs, where: str) -> None:
    """Every header of ``expected`` is found by ``ws.headers[name]``, as :func:`ordinary` showed it is for a list."""
    headers: wsproto_api.Headers = read(ws, "headers")  # type: ignore[assignment]
    for name, value in expected:
        expect.equal(item_or_error(headers, latin1(name)), latin1(value), f"headers[{latin1(name)!r}] {where}")


def reads_after(first: str) -> list[str]:
    """What a test that reads ``first`` reads in all: the headers and the URL, and the cookies when read first."""
    return ["headers", "url", *(["cookies"] if first == "cookies" else [])]


@pytest.mark.clause("HDR-7")
@pytest.mark.parametrize("first", READS)
def test_a_one_shot_iterator_is_read_once(binding: Binding, first: str) -> None:
    if first == "cookies":
        support.require(binding, "cookies")
    control = ordinary(binding, ONE_SHOT, reads_after(first))
    scope = make_scope(path="/p")
    pairs = iter(ONE_SHOT)
    scope["headers"] = pairs
    ws = support.built(binding, scope=scope)[1]
    read(ws, first)
    where = f"from a one-shot iterator, ws.{first} read first"
    check_headers_read(ws, ONE_SHOT, where)
    expect.equal(read(ws, "url"), control["url"], f"str(ws.url) {where}, against the same scope's with a list")
    if first == "cookies":
        expect.equal(read(ws, "cookies"), control["cookies"], f"ws.cookies {where}")
    expect.true(scope["headers"] is pairs, "the scope's headers left as the iterator given", scope["headers"])


@pytest.mark.clause("HDR-7")
@pytest.mark.parametrize("first", READS)
def test_a_read_only_scope_works(binding: Binding, first: str) -> None:
    if first == "cookies":
        support.require(binding, "cookies")
    raw = ((b"host", b"example.org"), (b"cookie", b"a=1"))
    control = ordinary(binding, list(raw), reads_after(first))
    scope = MappingProxyType({**make_scope(path="/p"), "headers": raw})
    ws = support.built(binding, scope=scope)[1]  # type: ignore[arg-type]
    read(ws, first)
    where = f"over a read-only scope, ws.{first} read first"
    check_headers_read(ws, list(raw), where)
    expect.equal(read(ws, "url"), control["url"], f"str(ws.url) {where}, against the same scope's, writable")
    if first == "cookies":
        expect.equal(read(ws, "cookies"), control["cookies"], f"ws.cookies {where}")
    expect.true(scope["headers"] is raw, "the scope's headers left as given", scope["headers"])


@pytest.mark.clause("HDR-7")
@pytest.mark.parametrize("container", [tuple, list])
@pytest.mark.parametrize("attribute", READS)
def test_reading_leaves_the_scope_headers_alone(binding: Binding, container: type[Any], attribute: str) -> None:
    if attribute == "cookies":
        support.require(binding, "cookies")
    raw: Pairs = [(b"host", b"example.org"), (b"cookie", b"a=1")]
    ordinary(binding, raw, [attribute], values=False)
    given = container(raw)
    scope = make_scope(path="/p")
    scope["headers"] = given
    ws = support.built(binding, scope=scope)[1]
    # Taken once the connection is built: what building adds to the scope is not a read.
    before = dict(scope)
    read(ws, attribute)
    expect.true(
        scope["headers"] is given,
        f"scope['headers'] still the {container.__name__} given after reading ws.{attribute}",
        scope["headers"],
    )
    # The very pairs given, in order: a pair rewritten (a tuple made a list) is a write too.
    held = list(given)
    expect.true(
        len(held) == len(raw) and all(pair is original for pair, original in zip(held, raw, strict=True)),
        "scope['headers'] to hold the very pairs given, unchanged",
        scope["headers"],
    )
    expect.equal(scope, before, f"the scope after reading ws.{attribute}")


@pytest.mark.clause("HDR-7")
@pytest.mark.parametrize("change", ["append", "replace", "clear"])
def test_later_changes_to_the_scope_list_do_not_show(binding: Binding, change: str) -> None:
    scope = make_scope(headers=[(b"host", b"example.org"), (b"x-a", b"1")])
    headers: wsproto_api.Headers = part_of(support.connected(binding, scope=scope)[1], "headers", "HDR-9")
    # Until the change the scope is an ordinary one: lookups that fail there are HDR-9's.
    unchanged = [value_of(headers, name) for name in ("host", "x-a", "x-late")]
    if not expect.same(unchanged[:2], ["example.org", "1"]) or not isinstance(unchanged[2], KeyError):
        pytest.skip(f"{BLOCKED}HDR-9: headers['host'], ['x-a'] and ['x-late'] gave {unchanged!r}")
    scope_headers: Pairs = scope["headers"]
    if change == "append":
        scope_headers.append((b"x-late", b"2"))
    elif change == "replace":
        scope_headers[1] = (b"x-a", b"changed")
    else:
        scope_headers.clear()
    what = f"after changing the scope's header list ({change})"
    expect.equal(item_or_error(headers, "host"), "example.org", f"headers['host'] {what}")
    expect.equal(item_or_error(headers, "x-a"), "1", f"headers['x-a'] {what}")
    seen = item_or_error(headers, "x-late")
    expect.true(isinstance(seen, KeyError), f"headers['x-late'] {what} to raise KeyError", seen)


# -- HDR-8 and HDR-13 ----------------------------------------------------------------------

OUTSIDE_LATIN1 = ["\u20ac", "x-\u20ac", "\U0001f600", "caf\u00e9\u20ac", "ho\u017ft", "\u0127ost", "x-\udc80"]
"""Names that hold a character outside latin-1, which no decoded header name can hold (HDR-5).

``x-\\udc80`` holds a lone surrogate, which the ``surrogateescape`` error handler encodes as
the byte 0x80: a name of the scope's (``x-\\x80``) that it is not."""

LOOK_ALIKES = ["x-\u0178", "\u212aey"]
"""Names outside latin-1 whose Unicode lower case is a name the scope holds (``x-\xff``, ``key``).

HDR-8 only: Starlette 1.10 lower-cases the name asked and finds those headers, and SPEC.md
lists no departure of Starlette's from HDR-13."""

NEIGHBOURS: Pairs = [
    (b"x-a", b"1"),
    (b"caf\xe9", b"2"),
    (b"x-\x80", b"3"),
    (b"x-\xff", b"4"),
    (b"key", b"5"),
    (b"host", b"h"),
    # What the names asked become when encoded with errors replaced or ignored, or as UTF-8.
    (b"x-?", b"6"),
    (b"x-", b"7"),
    (b"?", b"8"),
    (b"x-\xe2\x82\xac", b"9"),
    (b"caf\xe9?", b"10"),
]
"""Headers whose names are the latin-1 neighbours of those asked, so that only a lookup that
finds nothing is right."""


@pytest.mark.clause("HDR-8")
@pytest.mark.parametrize("via", LOOKUPS)
@pytest.mark.parametrize("asked", OUTSIDE_LATIN1 + LOOK_ALIKES)
def test_a_name_outside_latin1_is_missing(binding: Binding, asked: str, via: str) -> None:
    needs(binding, via)
    for raw, headers in alone_and_among_many(binding, NEIGHBOURS):
        if via == "getlist":
            has_getlist(headers)
        check_lookups(headers, asked, [], f"for a name outside latin-1, among {len(raw)} headers", via)


def raised_or(seen: object, missing: Callable[[object], bool]) -> bool:
    """Whether a lookup raised (any ``Exception``), or gave what a missing name gives."""
    return isinstance(seen, Exception) or missing(seen)


@pytest.mark.clause("HDR-13")
@pytest.mark.parametrize("via", LOOKUPS)
@pytest.mark.parametrize("asked", OUTSIDE_LATIN1)
def test_a_name_outside_latin1_never_gives_a_value(binding: Binding, asked: str, via: str) -> None:
    needs(binding, via)
    for raw, headers in alone_and_among_many(binding, NEIGHBOURS):
        never_gives_a_value(
            headers, asked, via, f"to raise or find nothing, for a name outside latin-1, among {len(raw)} headers"
        )


def never_gives_a_value(headers: wsproto_api.Headers, asked: str, via: str, what: str) -> None:
    """The lookups of ``via`` by ``asked`` each raise or behave as for a missing name."""
    if via == "getlist":
        # Whatever the call raises, the AttributeError of a missing getlist included (HDR-10's).
        seen = as_values(outcome(lambda name: headers.getlist(name), asked))
        expect.true(raised_or(seen, lambda value: expect.same(value, [])), f"headers.getlist({asked!a}) {what}", seen)
        return
    checks: list[tuple[str, object, Callable[[object], bool]]] = [
        (f"headers[{asked!a}]", item_or_error(headers, asked), lambda value: False),
        (f"{asked!a} in headers", contains(headers, asked), lambda value: value is False),
        (f"headers.get({asked!a})", get(headers, asked), lambda value: value is None),
        (f"headers.get({asked!a}, 'default')", get(headers, asked, "default"), lambda v: expect.same(v, "default")),
    ]
    if not all(raised_or(seen, missing) for _, seen, missing in checks):
        # As for a missing name, whatever the binding's lookups give for one (HDR-9's rule).
        misses_an_absent_name(headers)
    for lookup, seen, missing in checks:
        expect.true(raised_or(seen, missing), f"{lookup} {what}", seen)


# -- HDR-9 -------------------------------------------------------------------------------


@pytest.mark.clause("HDR-9")
def test_first_value_of_each_name(binding: Binding) -> None:
    raw = [(b"x-a", b"1"), (b"x-a", b"2"), (b"x-b", b"3"), (b"x-a", b"4"), (b"x-e", b"")]
    headers = headers_of(binding, raw, judged=True)
    where = f"for scope headers {raw!r}"
    check_lookups(headers, "x-a", ["1", "2", "4"], where, "lookup")
    check_lookups(headers, "x-b", ["3"], where, "lookup")
    check_lookups(headers, "x-e", [""], f"(an empty value) {where}", "lookup")
    check_lookups(headers, OwnText("x-b"), ["3"], f"(a name of a str subclass) {where}", "lookup")
    # ASGI's headers are an iterable of [name, value] iterables: a pair that is a list is a pair.
    as_lists = cast("Pairs", [[name, value] for name, value in raw])
    headers = headers_of(binding, as_lists, judged=True)
    where = f"for scope headers {as_lists!r}, pairs that are lists"
    check_lookups(headers, "x-a", ["1", "2", "4"], where, "lookup")
    check_lookups(headers, "x-e", [""], f"(an empty value) {where}", "lookup")


MANY_HEADERS: Pairs = [
    (b"x-a", b"first"),
    *((f"x-{index}".encode(), b"v" * index) for index in range(20)),
    (b"x-a", b"second"),
    (b"authorization", b"Bearer " + b"t" * 5_000),
    (b"x-empty", b""),
]
"""Twenty-four headers, one name twice with the first value first, a value of 5,007 bytes and an empty one."""


@pytest.mark.clause("HDR-9")
def test_first_value_among_many_headers_looked_up_many_times(binding: Binding) -> None:
    headers = headers_of(binding, MANY_HEADERS, judged=True)
    where = f"among {len(MANY_HEADERS)} headers"
    # Many lookups: an index built after a few of them must give the same values.
    for _ in range(6):
        check_lookups(headers, "x-a", ["first", "second"], where, "lookup")
    check_lookups(headers, "authorization", ["Bearer " + "t" * 5_000], f"(a value of 5,007 bytes) {where}", "lookup")
    check_lookups(headers, "x-19", ["v" * 19], where, "lookup")
    check_lookups(headers, "x-empty", [""], f"(an empty value) {where}", "lookup")


@pytest.mark.clause("HDR-6")
def test_raw_keeps_many_headers_and_long_values(binding: Binding) -> None:
    expect.equal(as_values(headers_of(binding, MANY_HEADERS).raw), MANY_HEADERS, "headers.raw")


@pytest.mark.clause("HDR-9")
def test_values_are_str(binding: Binding) -> None:
    headers = headers_of(binding, RAW, judged=True)
    for name, value in {"host": "example.org", "x-multi": "1", "accept": "*/*"}.items():
        check_lookups(headers, name, [value], f"for scope headers {RAW!r}", "lookup")


@pytest.mark.clause("HDR-9")
# A name with white space around it is another name: only the case of ASCII letters is ignored.
@pytest.mark.parametrize("asked", ["missing", "x-a-", "x-", "x", "", "a", "content-length", " x-a", "x-a\t"])
def test_missing_name_raises_key_error(binding: Binding, asked: str) -> None:
    headers = headers_of(binding, [(b"x-a", b"1"), (b"x-ab", b"2")], judged=True)
    with expect.raises(KeyError, what=f"headers[{asked!r}] for a name the scope lacks"):
        headers[asked]
    check_lookups(headers, asked, [], "for a name the scope lacks", "lookup")


@pytest.mark.clause("HDR-9")
@GENERATED
@given(raw=header_lists(), missing=lower_header_names())
def test_generated_first_value(binding: Binding, raw: Pairs, missing: bytes) -> None:
    headers = headers_of(binding, raw, latin1_names=True, judged=True)
    support.values_decoded_as_latin1(headers, raw)
    for name in dict.fromkeys([*(key for key, _ in raw), missing]):
        expected = [latin1(value) for key, value in raw if key == name]
        check_lookups(headers, latin1(name), expected, f"for scope headers {raw!r}", "lookup")


# -- HDR-10 ------------------------------------------------------------------------------


@pytest.mark.clause("HDR-10")
def test_getlist_gives_every_value_in_order(binding: Binding) -> None:
    raw = [(b"x-a", b"1"), (b"x-a", b"2"), (b"x-b", b"3"), (b"x-a", b"4"), (b"x-e", b"")]
    headers = headers_of(binding, raw)
    where = f"for scope headers {raw!r}"
    check_lookups(headers, "x-a", ["1", "2", "4"], where, "getlist")
    check_lookups(headers, "x-b", ["3"], where, "getlist")
    check_lookups(headers, "x-e", [""], where, "getlist")
    check_lookups(headers, "missing", [], where, "getlist")
    check_lookups(headers, OwnText("x-a"), ["1", "2", "4"], f"(a name of a str subclass) {where}", "getlist")
    # An application may add to the lists it is given (Starlette's are lists): that must not
    # show in what a later call gives.
    given: list[object] = [headers.getlist("x-a"), headers.getlist("missing")]
    for values in given:
        if isinstance(values, MutableSequence):
            cast("MutableSequence[object]", values).append("x")
    again = f"{where}, called again after the lists it gave were added to"
    check_lookups(headers, "x-a", ["1", "2", "4"], again, "getlist")
    check_lookups(headers, "missing", [], again, "getlist")


@pytest.mark.clause("HDR-10")
@pytest.mark.parametrize("asked", ["missing", "x-a-", "x-", "x", "", "a"])
def test_getlist_of_a_missing_name_is_empty(binding: Binding, asked: str) -> None:
    headers = headers_of(binding, [(b"x-a", b"1"), (b"x-ab", b"2")])
    check_lookups(headers, asked, [], "for a name the scope lacks", "getlist")


@pytest.mark.clause("HDR-10")
@GENERATED
@given(raw=header_lists(), missing=lower_header_names())
def test_generated_getlist(binding: Binding, raw: Pairs, missing: bytes) -> None:
    headers = headers_of(binding, raw, latin1_names=True)
    support.values_decoded_as_latin1(headers, raw)
    for name in dict.fromkeys([*(key for key, _ in raw), missing]):
        expected = [latin1(value) for key, value in raw if key == name]
        check_lookups(headers, latin1(name), expected, f"for scope headers {raw!r}", "getlist")


# -- HDR-11 ------------------------------------------------------------------------------


@pytest.mark.clause("HDR-11")
@pytest.mark.parametrize("key", ["host", "x-multi", "x-new"])
def test_headers_are_immutable(binding: Binding, key: str) -> None:
    headers = headers_of(binding, RAW)
    # What the lookups gave before is what they give after: which value that is, is HDR-9's.
    before = lookups(headers, key)
    with expect.raises(TypeError, what=f"headers[{key!r}] = 'x'"):
        headers[key] = "x"  # type: ignore[index]
    with expect.raises(TypeError, what=f"del headers[{key!r}]"):
        del headers[key]  # type: ignore[attr-defined]
    expect.equal(
        lookups(headers, key), before, f"headers[{key!r}], {key!r} in headers and get() after the refused changes"
    )


def lookups(headers: wsproto_api.Headers, key: str) -> tuple[object, ...]:
    """``headers[key]``, ``key in headers`` and ``headers.get(key)``, or what each raised (by its class and words)."""
    seen = (item_or_error(headers, key), contains(headers, key), get(headers, key))
    return tuple(repr(value) if isinstance(value, Exception) else value for value in seen)


# -- HDR-12 ------------------------------------------------------------------------------


@pytest.mark.clause("HDR-12")
def test_keys_values_items_with_duplicates(binding: Binding) -> None:
    headers = headers_of(binding, RAW)
    for again in ("", " called again after adding to the lists they gave"):
        expect.equal(
            as_values(headers.keys()), ["host", "x-multi", "accept", "x-multi", "x-multi"], f"headers.keys(){again}"
        )
        expect.equal(as_values(headers.values()), ["example.org", "1", "*/*", "2", "3"], f"headers.values(){again}")
        expect.equal(
            as_values(headers.items()),
            [("host", "example.org"), ("x-multi", "1"), ("accept", "*/*"), ("x-multi", "2"), ("x-multi", "3")],
            f"headers.items(){again}",
        )
        expect.equal(len(headers), 5, f"len(headers){again}")
        # An application may change what it was given, when that is a list: a later call
        # still lists every header.
        for listed, added in ((headers.keys(), "x"), (headers.values(), "x"), (headers.items(), ("x", "x"))):
            if isinstance(listed, MutableSequence):
                cast("MutableSequence[object]", listed).append(added)


@pytest.mark.clause("HDR-12")
def test_names_are_listed_as_the_scope_holds_them(binding: Binding) -> None:
    # Listing needs no lookup, so mixed case here depends on no case folding (HDR-2).
    headers = headers_of(binding, [(b"Host", b"example.org"), (b"X-Multi", b"1"), (b"x-multi", b"2")])
    expect.equal(as_values(headers.keys()), ["Host", "X-Multi", "x-multi"], "headers.keys()")
    expect.equal(
        as_values(headers.items()), [("Host", "example.org"), ("X-Multi", "1"), ("x-multi", "2")], "headers.items()"
    )
    expect.equal(len(headers), 3, "len(headers)")


@pytest.mark.clause("HDR-12")
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


@pytest.mark.clause("HDR-12")
@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (RAW, ["host", "x-multi", "accept", "x-multi", "x-multi"]),
        (
            [(b"Host", b"example.org"), (b"X-Multi", b"1"), (b"x-multi", b"2"), (b"X-MULTI", b"3")],
            ["Host", "X-Multi", "x-multi", "X-MULTI"],
        ),
        ([(b"a", b"1"), (b"a", b"1")], ["a", "a"]),
        ([(b"b", b""), (b"a", b""), (b"b", b"")], ["b", "a", "b"]),
        ([], []),
    ],
)
def test_iteration_yields_every_name_as_the_scope_holds_it(binding: Binding, raw: Pairs, names: list[str]) -> None:
    # Iterating needs no lookup, so mixed case here depends on no case folding (HDR-2).
    headers = headers_of(binding, raw)
    where = f"for scope headers {raw!r}"
    expect.equal(as_values(list(headers)), names, f"list(headers) {where}")
    expect.equal(as_values(list(headers)), names, f"list(headers) a second time {where}")


@pytest.mark.clause("HDR-12")
@GENERATED
@given(raw=header_lists())
def test_generated_keys_values_items(binding: Binding, raw: Pairs) -> None:
    headers = headers_of(binding, raw, latin1_names=True)
    support.values_decoded_as_latin1(headers, raw)
    where = f"for scope headers {raw!r}"
    expect.equal(as_values(headers.keys()), [latin1(key) for key, _ in raw], f"headers.keys() {where}")
    expect.equal(as_values(headers.values()), [latin1(value) for _, value in raw], f"headers.values() {where}")
    expect.equal(
        as_values(headers.items()), [(latin1(key), latin1(value)) for key, value in raw], f"headers.items() {where}"
    )
    expect.equal(len(headers), len(raw), f"len(headers) {where}")
