"""URL: the connection URL built from the scope, its components and the URLs derived from it.

The core clauses (URL-1 to URL-8, URL-13, URL-16, URL-18) are judged through the URL's
text and, for URL-8, its component attributes; the URL builders and ``is_secure`` are
url-extras (URL-9 to URL-12, URL-15, URL-17, URL-19). Building the connection from the scope
under test is judged with the URL, whose rule is about that scope; it is an arrangement
(CONN-1) where the test judges what is done with the URL, and so is a URL given userinfo or a
fragment by ``url.replace`` (URL-9) outside URL-9's own tests: a scope cannot carry either.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Final, cast
from urllib.parse import SplitResult, parse_qsl, urlsplit

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from typing_extensions import get_protocol_members

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.features import DEFINING_CLAUSE
from conformance.outcomes import BLOCKED
from conformance.peer import make_scope
from conformance.suite import support
from conformance.suite.generated import (
    GENERATED,
    HOSTILE_HOSTS,
    SCHEMES,
    Pairs,
    expected_url,
    host_headers,
    latin1,
    paths,
    servers,
    url_queries,
    valid_host,
    valid_hosts,
)
from conformance.suite.payloads import OwnText
from conformance.suite.support import outcome, part_of
from wsproto_api.asgi import Scope

URL_MEMBERS: Final = tuple(sorted(get_protocol_members(wsproto_api.URL) - set(dir(str))))
"""The URL protocol's own members, beyond those of ``str``."""


def check_a_url(result: object, url: object, what: str) -> None:
    """Fail unless ``result`` is a URL as ``url`` is one: a ``str`` if ``url`` is, with each URL member ``url`` has.

    URL-10 to URL-12 ask for "a URL", not for ``url``'s class (URL-9's "of the same kind");
    whether ``url`` is a ``str`` is URL-1's rule.
    """
    lacking = [name for name in URL_MEMBERS if hasattr(url, name) and not hasattr(result, name)]
    as_str = isinstance(result, str) or not isinstance(url, str)
    seen = f"a {type(result).__name__}" + (f" without {', '.join(lacking)}" if lacking else "")
    expect.true(as_str and not lacking, f"{what} to be a URL like the one it came from", seen)


NO_HOST: Pairs = []

COMPONENTS = ("scheme", "netloc", "path", "query", "fragment", "username", "password", "hostname", "port")
"""The URL's attributes that URL-8 defines by ``urllib.parse.urlsplit``."""


def summary(scope: Scope) -> str:
    """The scope keys a URL is built from, for failure messages."""
    keys = ("scheme", "server", "headers", "path", "query_string", "root_path")
    shown = [f"{key}={scope[key]!r}" if key in scope else f"no {key}" for key in keys]
    return "scope " + ", ".join(shown)


def form_clause(scope: Scope) -> str:
    """The clause whose rule gives the authority of ``scope``'s URL, or makes the URL relative.

    A valid first ``host`` header is URL-4's, else a ``server`` with a port URL-5's (a Unix
    socket's, URL-16's), and neither URL-6's. Where a URL of that scope cannot be read, or
    ``urlsplit()`` cannot read its text, the authority is what went wrong.
    """
    host = first_host(scope)
    if host is not None and valid_host(host):
        return "URL-4"
    server = scope.get("server")
    if server is None:
        return "URL-6"
    return "URL-16" if server[1] is None else "URL-5"


def url_of(
    binding: Binding, scope: Scope, *, arranged: bool = False, judged: bool = False, by: str = "URL-2"
) -> wsproto_api.URL:
    """``ws.url`` of a connection built over ``scope``.

    Building from ``scope`` and reading ``ws.url`` and its text is what URL-1 to URL-7 judge:
    an error there fails the test, naming the scope (:func:`support.built`). Where the test
    judges what is done with the URL (``arranged``), building is an arrangement (CONN-1) and
    an error reading the URL blocks it, by ``by`` (:func:`form_clause` for a scope chosen for
    its authority). A connection that has no ``url`` at all blocks the test by URL-1, unless
    the test is URL-1's (``judged``).
    """
    if arranged:
        ws = support.connected(binding, scope=scope)[1]
        with support.arrange(by, f"reading ws.url for {summary(scope)}"):
            return read_url(ws, scope, judged=judged)
    ws = support.built(binding, scope=scope)[1]
    return read_url(ws, scope, judged=judged)


def read_url(ws: wsproto_api.WebSocket, scope: Scope, *, judged: bool = False) -> wsproto_api.URL:
    """``ws.url``, after reading its text; an error reads as what was seen for ``scope``."""
    try:
        url = ws.url
        str(url)
    except AttributeError as error:
        if judged or error.name != "url" or error.obj is not ws:
            raise AssertionError(f"ws.url for {summary(scope)}: expected a URL, saw AttributeError: {error}") from error
        with support.arrange("URL-1", "ws.url"):
            raise
    except Exception as error:
        raise AssertionError(
            f"ws.url for {summary(scope)}: expected a URL, saw {type(error).__name__}: {error}"
        ) from error
    return url


def check_url(
    binding: Binding, expected: str, *, beside_a_query: bool = False, authority: bool = False, **scope_keys: Any
) -> wsproto_api.URL:
    """``ws.url`` for ``make_scope(**scope_keys)``, after checking that its string is ``expected``.

    ``beside_a_query``: the scope's query is there to show that the test's rule holds beside
    one, and how the query is written is URL-2's rule: a URL wrong only in its query blocks
    the test by URL-2 (:func:`block_by_the_query`). ``authority``: the test judges the URL's
    authority; where it does not, a URL wrong only there blocks the test by the rule that
    gives it (:func:`block_by_the_authority`).
    """
    scope = make_scope(**scope_keys)
    url = url_of(binding, scope)
    text = str(url)
    block_by_the_query(scope, text, expected, beside_a_query=beside_a_query)
    if not authority:
        block_by_the_authority(scope, text, expected)
    expect.equal(text, expected, f"str(ws.url) for {summary(scope)}")
    return url


def block_by_the_authority(scope: Scope, text: str, expected: str) -> None:
    """Block the test by :func:`form_clause`'s rule when the URL ``text`` is ``expected`` but for its authority.

    The authority comes from the first ``host`` header (URL-4), the ``server`` (URL-5, URL-16)
    or neither (URL-6): a test of the path, the query or the scheme reads it only as part of
    the URL's text. A URL whose scheme, path, query or fragment differ too is the test's own.
    """
    if expect.same(text, expected):
        return
    try:
        seen, wanted = urlsplit(text), urlsplit(expected)
    except ValueError:
        return
    # A relative URL has no scheme either: whether the URL is relative is URL-6's rule.
    kept = {"netloc": wanted.netloc} if wanted.netloc else {"scheme": wanted.scheme, "netloc": ""}
    if seen.netloc != wanted.netloc and seen._replace(**kept) == wanted:
        clause = form_clause(scope)
        pytest.skip(
            f"{BLOCKED}{clause}: str(ws.url) for {summary(scope)} is {text!r}, not {expected!r}, in its authority"
        )


def block_by_the_query(scope: Scope, text: str, expected: str, *, beside_a_query: bool = False) -> None:
    """Block the test by URL-2 when the URL ``text`` is ``expected`` but for its query, which the test does not judge.

    It does not where the scope's query is there only beside the test's rule
    (``beside_a_query``), nor where the scope has none and the URL is absolute: whether such a
    URL ends in a ``?`` is URL-2's rule. A relative URL's query is URL-6's.
    """
    absolute_without_a_query = not scope.get("query_string") and form_clause(scope) != "URL-6"
    judged_elsewhere = beside_a_query or absolute_without_a_query
    if judged_elsewhere and not expect.same(text, expected) and only_the_query_differs(text, expected):
        pytest.skip(f"{BLOCKED}URL-2: str(ws.url) for {summary(scope)} is {text!r}, not {expected!r}, in its query")


def only_the_query_differs(text: str, expected: str) -> bool:
    """Whether the URL ``text`` is ``expected`` but for its query, the ``?`` before it included.

    The URLs the tests expect have no ``?`` but the query's (URL-7 escapes the path's), so
    what comes before the first one is the rest of the URL.
    """
    seen, wanted = text.partition("?"), expected.partition("?")
    return seen[0] == wanted[0] and seen[1:] != wanted[1:]


def broken_rule(scope: Scope, text: str, expected: str) -> str:
    """The clause a URL ``text`` that should be ``expected`` breaks, for ``scope``: its form's or URL-2's."""
    clause = form_clause(scope)
    if clause in ("URL-6", "URL-16"):
        return clause
    try:
        seen, wanted = urlsplit(text), urlsplit(expected)
    except ValueError:
        return clause
    if seen.netloc != wanted.netloc:
        return clause
    return "URL-3" if seen.scheme != wanted.scheme else "URL-2"


def alike(scope: Scope, **changes: Any) -> Scope:
    """A new scope with the keys of ``scope`` that a URL is built from, and ``changes``.

    A copy of ``scope`` itself could hold what a binding stored in it while building a URL.
    """
    keys: dict[str, Any] = {key: scope.get(key) for key in ("path", "query_string", "scheme", "server", "root_path")}
    keys["headers"] = list(scope["headers"])
    return make_scope(**{**keys, **changes})


def url_or_error(binding: Binding, scope: Scope, *, arranged: bool = False) -> str | AssertionError:
    """``str(ws.url)`` of a new connection over ``scope``, or the error reading it, as what was seen.

    Building from ``scope`` is judged (:func:`support.built`) unless it is ``arranged`` (CONN-1).
    """
    ws = support.connected(binding, scope=scope)[1] if arranged else support.built(binding, scope=scope)[1]
    try:
        return str(read_url(ws, scope))
    except AssertionError as error:
        return error


def same_outcome(seen: str | AssertionError, other: str | AssertionError) -> bool:
    """Whether two URLs read are the same text, or failed with the same class of error."""
    if isinstance(seen, str) or isinstance(other, str):
        return seen == other
    return type(seen.__cause__) is type(other.__cause__)


def parts(url: object) -> SplitResult:
    """``urlsplit(str(url))``: how the URL's text reads, judged without the URL's own attributes."""
    return urlsplit(str(url))


def url_from(binding: Binding, text: str, *, setup: str | None = "URL-9") -> wsproto_api.URL:
    """A URL whose string is ``text``: built from a scope, then given its userinfo and fragment.

    Building the URL from the scope is an arrangement (URL-2 to URL-4). A scope cannot carry
    userinfo or a fragment, so those come from ``url.replace``, an arrangement of ``setup``'s
    (URL-9); ``setup=None`` in URL-9's own tests, where that call is what is judged.
    """
    split = urlsplit(text)
    scope = make_scope(
        scheme=split.scheme,
        headers=[(b"host", split.netloc.rpartition("@")[2].encode())],
        path=split.path,
        query_string=split.query.encode(),
    )
    url = url_of(binding, scope, arranged=True)
    base = split._replace(netloc=split.netloc.rpartition("@")[2], fragment="").geturl()
    with support.arrange("URL-2", "the URL built from the scope"):
        expect.equal(str(url), base, f"str(ws.url) for {summary(scope)}")
    if split.username is None and not split.fragment:
        return url
    if setup is None:
        return with_userinfo_and_fragment(url, split, text)
    with support.arrange(setup, "url.replace() giving the URL its userinfo and fragment"):
        return with_userinfo_and_fragment(url, split, text)


def with_userinfo_and_fragment(url: wsproto_api.URL, split: SplitResult, text: str) -> wsproto_api.URL:
    if split.username is not None:
        url = url.replace(username=split.username, password=split.password)
    if split.fragment:
        url = url.replace(fragment=split.fragment)
    expect.equal(str(url), text, "str() of the URL given its userinfo and fragment by url.replace()")
    return url


# -- URL-1 -------------------------------------------------------------------------------


def seen_text(url: object) -> str:
    """What ``url`` holds, for failure messages: a ``str``'s own characters, or the repr of anything else."""
    return repr(str.__str__(url)) if isinstance(url, str) else repr(url)


def check_str(url: object, expected: str) -> None:
    """``url`` is a ``str`` equal to ``expected``, and ``str`` operations treat it as one.

    ``url`` is typed as ``object``: the URL protocol cannot say "is a ``str``", so a type
    checker would call the ``str`` branch unreachable. Every message shows the URL's text.
    """
    expect.true(isinstance(url, str), f"ws.url to be an instance of str whose value is {expected!r}", url)
    of = f"(ws.url holds {seen_text(url)})"
    assert isinstance(url, str)  # narrows the type; checked just above
    expect.true(url == expected, f"ws.url == {expected!r} {of}", url)
    expect.true(expected == url, f"{expected!r} == ws.url {of}", url)
    expect.true((url != expected) is False, f"ws.url != {expected!r} to be False {of}", url)
    expect.equal(hash(url), hash(expected), f"hash(ws.url) {of}")
    expect.equal({expected: "found"}.get(url), "found", f"a dict keyed by {expected!r}, looked up by ws.url {of}")
    expect.equal(str(url), expected, f"str(ws.url) {of}")
    expect.equal(len(url), len(expected), f"len(ws.url) {of}")
    expect.equal(url[:5], expected[:5], f"ws.url[:5] {of}")
    expect.equal(url + "#x", expected + "#x", f'ws.url + "#x" {of}')
    expect.equal(url.upper(), expected.upper(), f"ws.url.upper() {of}")
    expect.equal(url.split("/"), expected.split("/"), f'ws.url.split("/") {of}')
    expect.equal(url.startswith(expected[:3]), True, f"ws.url.startswith({expected[:3]!r}) {of}")
    expect.equal(url.endswith("/chat"), expected.endswith("/chat"), f'ws.url.endswith("/chat") {of}')
    expect.equal("chat" in url, True, f'"chat" in ws.url {of}')
    expect.equal(f"<{url}>", f"<{expected}>", f"ws.url formatted in an f-string {of}")
    expect.equal(url.encode(), expected.encode(), f"ws.url.encode() {of}")
    expect.equal(json.dumps(url), json.dumps(expected), f"json.dumps(ws.url) {of}")


@pytest.mark.clause("URL-1")
@pytest.mark.parametrize(
    ("scope_keys", "expected"),
    [
        ({"path": "/chat"}, "ws://example.org/chat"),
        ({"path": "/chat", "query_string": b"a=1", "scheme": "wss"}, "wss://example.org/chat?a=1"),
        ({"path": "/chat", "query_string": b"a=1", "headers": NO_HOST, "server": None}, "/chat?a=1"),
    ],
)
def test_url_is_a_str(binding: Binding, scope_keys: dict[str, Any], expected: str) -> None:
    scope = make_scope(**scope_keys)
    # As check_str's: the URL protocol cannot say "is a str", so it is read as an object.
    url: object = url_of(binding, scope, judged=True)
    text = str.__str__(url) if isinstance(url, str) else None
    if text is not None and not expect.same(text, expected) and expect.same(str(url), text):
        # The text a str holds, and shows, is the URL the other rules build: which of them it
        # breaks is theirs. A str that shows another text than it holds is URL-1's failure.
        clause = broken_rule(scope, text, expected)
        pytest.skip(f"{BLOCKED}{clause}: str(ws.url) for {summary(scope)} is {text!r}, not {expected!r}")
    check_str(url, expected)


# -- URL-2 -------------------------------------------------------------------------------


@pytest.mark.clause("URL-2")
@pytest.mark.parametrize(
    ("path", "query_string", "expected"),
    [
        ("/", b"", "ws://example.org/"),
        ("/chat", b"", "ws://example.org/chat"),
        ("/a/b", b"x=1&y=2", "ws://example.org/a/b?x=1&y=2"),
        ("/a", b"q=caf%C3%A9", "ws://example.org/a?q=caf%C3%A9"),
        ("/a", b"q=caf\xc3\xa9", "ws://example.org/a?q=caf\u00e9"),
        ("/a", b"a=1&&b", "ws://example.org/a?a=1&&b"),
        ("/caf\u00e9", b"", "ws://example.org/caf\u00e9"),
        ("/a%2Fb", b"", "ws://example.org/a%2Fb"),
        ("/a b", b"", "ws://example.org/a b"),
        ("/a/", b"", "ws://example.org/a/"),
        # URL-2 sets no length.
        pytest.param("/a" * 2_500, b"x=1", "ws://example.org" + "/a" * 2_500 + "?x=1", id="a-path-of-5000-characters"),
    ],
)
def test_url_is_scheme_netloc_path_query(binding: Binding, path: str, query_string: bytes, expected: str) -> None:
    check_url(binding, expected, path=path, query_string=query_string)


@pytest.mark.clause("URL-2")
@pytest.mark.parametrize(
    ("path", "query_string", "expected"),
    [
        ("chat", b"", "ws://example.org/chat"),
        ("chat", b"x=1", "ws://example.org/chat?x=1"),
        ("", b"", "ws://example.org"),
        ("", b"x=1", "ws://example.org?x=1"),
    ],
)
def test_slash_only_before_a_non_empty_path(binding: Binding, path: str, query_string: bytes, expected: str) -> None:
    check_url(binding, expected, path=path, query_string=query_string)


@pytest.mark.clause("URL-2")
def test_path_is_the_scope_path_not_root_path_or_raw_path(binding: Binding) -> None:
    check_url(binding, "ws://example.org/app/chat", path="/app/chat", root_path="/app")
    # A path that does not start with the root path is still the path, with nothing put before it.
    check_url(binding, "ws://example.org/chat", path="/chat", root_path="/api")
    # raw_path holds the bytes the client sent, escapes and all (as a server gives it): the
    # URL's path is the decoded one in path.
    check_url(binding, "ws://example.org/caf\u00e9/a b", path="/caf\u00e9/a b", raw_path=b"/caf%C3%A9/a%20b")


# -- URL-3 -------------------------------------------------------------------------------


@pytest.mark.clause("URL-3")
@pytest.mark.parametrize(
    ("scheme", "expected"),
    [(None, "ws://example.org/p"), ("ws", "ws://example.org/p"), ("wss", "wss://example.org/p")],
)
def test_scheme_is_the_scope_scheme_or_ws(binding: Binding, scheme: str | None, expected: str) -> None:
    check_url(binding, expected, path="/p", scheme=scheme)


@pytest.mark.clause("URL-3")
@pytest.mark.parametrize(("port", "expected"), [(80, "ws://10.0.0.1/p"), (443, "ws://10.0.0.1:443/p")])
def test_default_scheme_has_the_ws_default_port(binding: Binding, port: int, expected: str) -> None:
    scope = make_scope(path="/p", scheme=None, headers=NO_HOST, server=("10.0.0.1", port))
    seen = url_or_error(binding, scope)
    if seen != expected:
        # Which port ws leaves out is URL-5's rule: a URL wrong in the same way when the scope
        # says "ws" is URL-5's failure, and the missing scheme changed nothing.
        given = make_scope(path="/p", scheme="ws", headers=NO_HOST, server=("10.0.0.1", port))
        if same_outcome(url_or_error(binding, given, arranged=True), seen):
            pytest.skip(f"{BLOCKED}URL-5: str(ws.url) for {summary(given)} is wrong in the same way: {seen}")
    if isinstance(seen, AssertionError):
        raise seen
    expect.equal(seen, expected, f"str(ws.url) for {summary(scope)}")


# -- URL-4 -------------------------------------------------------------------------------


@pytest.mark.clause("URL-4")
@pytest.mark.parametrize(
    "host",
    [
        "example.org",
        "EXAMPLE.Org",
        "example.org:8080",
        "example.org:65535",
        "example.org:0",
        "example.org:0080",
        "example.org:000065535",
        "localhost",
        "my-host_1.example~x",
        "a%2Db",
        "!$&'()*+,;=",
        "127.0.0.1",
        "127.0.0.1:9000",
        "[::1]",
        "[::1]:8000",
        "[2001:db8::1]:443",
        "[::ffff:192.0.2.1]",
        "[v1.fe80::a+en1]",
        "[v7.abc]:81",
        # URL-4 sets no length: longer than a DNS name may be.
        pytest.param(".".join(["a" * 60] * 5) + ".example.org:8080", id="a-host-of-316-characters"),
    ],
)
def test_valid_host_header_is_the_netloc(binding: Binding, host: str) -> None:
    check_url(
        binding,
        f"ws://{host}/p",
        authority=True,
        path="/p",
        headers=[(b"host", host.encode())],
        server=("10.0.0.1", 8001),
    )


@pytest.mark.clause("URL-4")
@pytest.mark.parametrize(
    "host",
    [
        "",
        "example.org:65536",
        "example.org:99999",
        "example.org:123456",
        "example.org:",
        "127.0.0.1:",
        "[::1]:",
        "example.org:http",
        "example.org:80:80",
        "example.org:-1",
        # Digits are ASCII digits: str.isdigit() takes superscripts too, which int() refuses.
        "example.org:\u00b2",
        "example.org:8\u00b9",
        "evil.com/path",
        "evil.com?x",
        "evil.com#x",
        "evil.com\\x",
        "user@example.org",
        "a b",
        " example.org",
        "exa\u00e9mple.org",
        # Printable ASCII that a registered name does not hold.
        "ex<am>ple.org",
        'a"b{c}|d^e`f',
        "::1",
        "[::1",
        "::1]",
        "[not-an-ip]",
        "[::1]x",
        "[12345::1]",
        # Hex digits and colons that are no IPv6 address: "::" twice, nine groups.
        "[1::2::3]",
        "[1:2:3:4:5:6:7:8:9]",
        # Brackets hold an IPv6 address or an IPvFuture literal, never an IPv4 address.
        "[127.0.0.1]",
        "[127.0.0.1]:8000",
        "[v1.]",
        "[vx.abc]",
        "[V1.x]",
        # An IPvFuture literal holds unreserved characters, sub-delims and ":" alone.
        "[v1.a/b]",
        "[v1.x@y]",
    ],
)
def test_invalid_host_header_is_not_the_netloc(binding: Binding, host: str) -> None:
    headers = [(b"host", host.encode("latin-1"))]
    if not host.isascii():
        check_headers_decoded(binding, make_scope(path="/p", headers=headers, server=("10.0.0.1", 8001)))
    check_url(binding, "ws://10.0.0.1:8001/p", authority=True, path="/p", headers=headers, server=("10.0.0.1", 8001))


def check_headers_decoded(binding: Binding, scope: Scope) -> None:
    """Block the test by HDR-5 when a new connection over ``scope`` raises reading ``ws.headers``.

    URL-4 judges the first ``host`` header's value, its bytes decoded as latin-1 (HDR-5): a
    connection that cannot decode them has no value to judge. One without ``headers`` is
    judged by its URL alone.
    """
    ws = support.connected(binding, scope=scope)[1]
    with support.arrange("HDR-5", f"reading ws.headers for {summary(scope)}"):
        try:
            _ = ws.headers
        except AttributeError as error:
            if error.name != "headers" or error.obj is not ws:
                raise


@pytest.mark.clause("URL-4")
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([(b"x-other", b"x"), (b"host", b"first.example"), (b"host", b"second.example")], "ws://first.example/p"),
        # Only the first host header counts: when it is invalid, a later valid one is not used.
        ([(b"host", b"bad host"), (b"host", b"second.example")], "ws://10.0.0.1:8001/p"),
    ],
)
def test_first_host_header_is_used(binding: Binding, headers: Pairs, expected: str) -> None:
    check_url(binding, expected, authority=True, path="/p", headers=headers, server=("10.0.0.1", 8001))


# -- URL-5 -------------------------------------------------------------------------------


@pytest.mark.clause("URL-5")
@pytest.mark.parametrize(
    ("scheme", "server", "expected"),
    [
        ("ws", ("10.0.0.1", 80), "ws://10.0.0.1/p"),
        ("ws", ("10.0.0.1", 8080), "ws://10.0.0.1:8080/p"),
        ("ws", ("10.0.0.1", 443), "ws://10.0.0.1:443/p"),
        ("wss", ("10.0.0.1", 443), "wss://10.0.0.1/p"),
        ("wss", ("10.0.0.1", 80), "wss://10.0.0.1:80/p"),
        ("http", ("10.0.0.1", 80), "http://10.0.0.1/p"),
        ("http", ("10.0.0.1", 443), "http://10.0.0.1:443/p"),
        ("https", ("10.0.0.1", 443), "https://10.0.0.1/p"),
        ("https", ("10.0.0.1", 80), "https://10.0.0.1:80/p"),
        ("ws", ("example.org", 9000), "ws://example.org:9000/p"),
        ("ws", ["example.org", 9000], "ws://example.org:9000/p"),
        ("ws", ("::1", 8000), "ws://[::1]:8000/p"),
        ("ws", ("::1", 80), "ws://[::1]/p"),
        # An IPv6 address whose last 32 bits are written as an IPv4 address is one all the same.
        ("ws", ("::ffff:192.0.2.1", 8000), "ws://[::ffff:192.0.2.1]:8000/p"),
        ("wss", ("2001:db8::5", 443), "wss://[2001:db8::5]/p"),
    ],
)
def test_netloc_from_server(binding: Binding, scheme: str, server: Sequence[object], expected: str) -> None:
    check_url(binding, expected, authority=True, path="/p", scheme=scheme, headers=NO_HOST, server=server)


@pytest.mark.clause("URL-5")
@pytest.mark.parametrize(
    "headers",
    [NO_HOST, [(b"x-forwarded-host", b"example.org"), (b"origin", b"http://example.org")], [(b"host", b"a/b")]],
    ids=["no-headers", "no-host-header", "invalid-host-header"],
)
def test_server_is_used_without_a_valid_host_header(binding: Binding, headers: Pairs) -> None:
    check_url(
        binding,
        "ws://192.0.2.7:8000/p?q=1",
        beside_a_query=True,
        authority=True,
        path="/p",
        query_string=b"q=1",
        headers=headers,
        server=("192.0.2.7", 8000),
    )


# -- URL-6 -------------------------------------------------------------------------------


@pytest.mark.clause("URL-6")
@pytest.mark.parametrize(
    ("headers", "path", "query_string", "expected"),
    [
        (NO_HOST, "/chat", b"", "/chat"),
        (NO_HOST, "/chat", b"x=1", "/chat?x=1"),
        ([(b"host", b"bad/host")], "/chat", b"a=b", "/chat?a=b"),
        ([(b"host", b"example.org:99999")], "/chat", b"", "/chat"),
        (NO_HOST, "//evil.example/x", b"", "/%2Fevil.example/x"),
        (NO_HOST, "//evil.example/x", b"y=2", "/%2Fevil.example/x?y=2"),
        (NO_HOST, "///x", b"", "/%2F/x"),
        (NO_HOST, "/x//y", b"", "/x//y"),
    ],
)
def test_relative_url_without_host_or_server(
    binding: Binding, headers: Pairs, path: str, query_string: bytes, expected: str
) -> None:
    url = check_url(
        binding, expected, authority=True, path=path, query_string=query_string, headers=headers, server=None
    )
    expect.equal(parts(url).netloc, "", f"the authority that urlsplit() reads in {str(url)!r}")


# -- URL-7 -------------------------------------------------------------------------------


@pytest.mark.clause("URL-7")
@pytest.mark.parametrize(
    ("path", "query_string", "expected", "expected_path", "expected_query"),
    [
        ("/a?b", b"", "ws://example.org/a%3Fb", "/a%3Fb", ""),
        ("/a#b", b"", "ws://example.org/a%23b", "/a%23b", ""),
        ("/a\\b", b"", "ws://example.org/a%5Cb", "/a%5Cb", ""),
        ("/?#\\", b"x=1", "ws://example.org/%3F%23%5C?x=1", "/%3F%23%5C", "x=1"),
        ("/a?x=1#f", b"y=2", "ws://example.org/a%3Fx=1%23f?y=2", "/a%3Fx=1%23f", "y=2"),
        ("/??", b"", "ws://example.org/%3F%3F", "/%3F%3F", ""),
        ("/%3F", b"", "ws://example.org/%3F", "/%3F", ""),
    ],
)
def test_path_escaping(
    binding: Binding, path: str, query_string: bytes, expected: str, expected_path: str, expected_query: str
) -> None:
    url = check_url(binding, expected, beside_a_query=True, path=path, query_string=query_string)
    split = parts(url)
    read = f"urlsplit({str(url)!r})"
    expect.equal(split.path, expected_path, f"{read}.path")
    expect.equal(split.query, expected_query, f"{read}.query")
    expect.equal(split.fragment, "", f"{read}.fragment")
    expect.equal(split.netloc, "example.org", f"{read}.netloc")


@pytest.mark.clause("URL-7")
def test_backslash_cannot_change_the_authority(binding: Binding) -> None:
    url = check_url(
        binding,
        "ws://10.0.0.1/%5C%5Cevil.example/x",
        # The path starts with "/", as ASGI's do: where a path without one goes is URL-2's.
        path="/\\\\evil.example/x",
        headers=NO_HOST,
        server=("10.0.0.1", 80),
    )
    expect.equal(parts(url).hostname, "10.0.0.1", f"urlsplit({str(url)!r}).hostname")


@pytest.mark.clause("URL-7")
def test_escaping_applies_to_relative_urls(binding: Binding) -> None:
    url = check_url(
        binding,
        "/a%3Fb%23c%5Cd?e=1",
        beside_a_query=True,
        path="/a?b#c\\d",
        query_string=b"e=1",
        headers=NO_HOST,
        server=None,
    )
    expect.equal(parts(url).query, "e=1", f"urlsplit({str(url)!r}).query")
    expect.equal(parts(url).fragment, "", f"urlsplit({str(url)!r}).fragment")


# -- URL-8 -------------------------------------------------------------------------------


def check_components(url: wsproto_api.URL, what: str, by: str) -> None:
    """Each of URL-8's attributes is what ``urlsplit`` reads from the URL's own text.

    A text that ``urlsplit()`` cannot read has no components to compare: the test is blocked
    by ``by``, the rule that builds the part of the URL it could not read (:func:`form_clause`).
    """
    text = str(url)
    with support.arrange(by, f"a URL text that urlsplit() reads, {what}"):
        split = urlsplit(text)
        _ = split.port
    for name in COMPONENTS:
        seen = outcome(partial(getattr, url), name)
        expect.equal(seen, getattr(split, name), f"ws.url.{name} against urlsplit({text!r}).{name}, {what}")
    port = outcome(partial(getattr, url), "port")
    expect.true(port is None or type(port) is int, f"ws.url.port of {text!r} to be an int or None", port)


@pytest.mark.clause("URL-8")
@pytest.mark.parametrize(
    "scope_keys",
    [
        {"scheme": "wss", "headers": [(b"host", b"EXAMPLE.Org:8443")], "path": "/p/a", "query_string": b"x=1&y=2"},
        {"headers": [(b"host", b"[::1]:8000")], "path": "/chat", "query_string": b"a=1"},
        {"headers": [(b"host", b"[v7.abc]:81")], "path": "/chat"},
        {"headers": [(b"host", b"example.org:0080")], "path": "/"},
        # A port of 0 is a port: urlsplit gives 0, not None.
        {"headers": [(b"host", b"example.org:0")], "path": "/"},
        {"headers": NO_HOST, "server": ("10.0.0.1", 0), "path": "/s"},
        {"headers": [(b"host", b"example.org")], "path": "/"},
        {"headers": [(b"host", b"example.org")], "path": ""},
        {"headers": NO_HOST, "server": ("10.0.0.1", 8080), "path": "/s"},
        {"scheme": "wss", "headers": NO_HOST, "server": ("10.0.0.1", 443), "path": "/s"},
        {"scheme": "https", "headers": NO_HOST, "server": ("::1", 8443), "path": "/s"},
        {"headers": NO_HOST, "server": None, "path": "/chat", "query_string": b"a=1"},
        {"headers": NO_HOST, "server": None, "path": "//evil.example/x"},
        {"path": "/a?b#c", "query_string": b"q=caf%C3%A9&r"},
    ],
    ids=lambda keys: "-".join(f"{key}={value!r}" for key, value in keys.items()),
)
def test_components_of_the_connection_url(binding: Binding, scope_keys: dict[str, Any]) -> None:
    scope = make_scope(**scope_keys)
    by = form_clause(scope)
    check_components(url_of(binding, scope, arranged=True, by=by), f"for {summary(scope)}", by)


# -- URL-9 to URL-12 ---------------------------------------------------------------------


def derived(call: str, make: Callable[[], object]) -> wsproto_api.URL:
    """``make()``, the URL a builder derives; an error reads as what ``call`` raised."""
    try:
        return cast("wsproto_api.URL", make())
    except Exception as error:
        raise AssertionError(f"{call}: expected a new URL, saw {type(error).__name__}: {error}") from error


BASE = "ws://example.org:8080/a?x=1#f"


@pytest.mark.clause("URL-9")
@pytest.mark.parametrize(
    ("base", "changes", "expected"),
    [
        (BASE, {"scheme": "wss"}, "wss://example.org:8080/a?x=1#f"),
        (BASE, {"netloc": "other.org"}, "ws://other.org/a?x=1#f"),
        (BASE, {"path": "/b/c"}, "ws://example.org:8080/b/c?x=1#f"),
        (BASE, {"query": "y=2"}, "ws://example.org:8080/a?y=2#f"),
        (BASE, {"query": ""}, "ws://example.org:8080/a#f"),
        (BASE, {"fragment": "g"}, "ws://example.org:8080/a?x=1#g"),
        (BASE, {"fragment": ""}, "ws://example.org:8080/a?x=1"),
        (BASE, {"hostname": "other.org"}, "ws://other.org:8080/a?x=1#f"),
        (BASE, {"port": 9000}, "ws://example.org:9000/a?x=1#f"),
        (BASE, {"port": None}, "ws://example.org/a?x=1#f"),
        (BASE, {"username": "u"}, "ws://u@example.org:8080/a?x=1#f"),
        (BASE, {"username": "u", "password": "p"}, "ws://u:p@example.org:8080/a?x=1#f"),
        (BASE, {"hostname": "::1"}, "ws://[::1]:8080/a?x=1#f"),
        (BASE, {"hostname": "2001:db8::1", "port": 443}, "ws://[2001:db8::1]:443/a?x=1#f"),
        (BASE, {"hostname": "[::2]"}, "ws://[::2]:8080/a?x=1#f"),
        (BASE, {"hostname": None, "port": 81}, "ws://example.org:81/a?x=1#f"),
        (BASE, {"scheme": "wss", "path": "/z", "query": "q=1"}, "wss://example.org:8080/z?q=1#f"),
        (BASE, {}, BASE),
        ("ws://example.org/a", {"fragment": "f"}, "ws://example.org/a#f"),
        ("ws://example.org/a", {"query": "k=v"}, "ws://example.org/a?k=v"),
        ("ws://[::1]:8080/a", {"port": 9000}, "ws://[::1]:9000/a"),
        ("ws://[::1]:8080/a", {"hostname": "example.org"}, "ws://example.org:8080/a"),
        # A port of 0 is a port: kept, and given.
        ("ws://example.org:0/a", {"hostname": "other.org"}, "ws://other.org:0/a"),
        ("ws://example.org/a", {"port": 0}, "ws://example.org:0/a"),
        ("ws://[::1]:8080/a", {"hostname": None, "port": 9000}, "ws://[::1]:9000/a"),
        ("ws://[::1]/a", {"port": 81}, "ws://[::1]:81/a"),
        ("ws://u:p@example.org/a", {"hostname": "b.org"}, "ws://u:p@b.org/a"),
        ("ws://u:p@example.org/a", {"password": "q"}, "ws://u:q@example.org/a"),
        # None is no user name or password (only hostname=None keeps what there is).
        ("ws://u:p@example.org/a", {"password": None}, "ws://u@example.org/a"),
        ("ws://u:p@example.org:8080/a", {"username": None, "password": None}, "ws://example.org:8080/a"),
        ("ws://u:p@example.org/a", {"port": 1}, "ws://u:p@example.org:1/a"),
        ("ws://u:p@example.org:8080/a", {"hostname": None, "port": 9000}, "ws://u:p@example.org:9000/a"),
        ("ws://u:p@example.org:8080/a", {"scheme": "wss"}, "wss://u:p@example.org:8080/a"),
    ],
)
def test_replace_components(binding: Binding, base: str, changes: dict[str, Any], expected: str) -> None:
    url = url_from(binding, base, setup=None)
    replaced = derived(f"{base!r}.replace(**{changes!r})", lambda: url.replace(**changes))
    expect.equal(str(replaced), expected, f"str({base!r}.replace(**{changes!r}))")
    expect.true(type(replaced) is type(url), f"a new {type(url).__name__}", type(replaced))
    expect.equal(str(url), base, "the URL replace() was called on, afterwards")


@pytest.mark.clause("URL-9")
def test_replace_on_the_connection_url(binding: Binding) -> None:
    scope = make_scope(path="/chat", query_string=b"a=1")
    ws = support.connected(binding, scope=scope)[1]
    with support.arrange("URL-2", f"reading ws.url for {summary(scope)}"):
        url = read_url(ws, scope)
        text = str(url)
    if not expect.same(text, "ws://example.org/chat?a=1"):
        pytest.skip(f"{BLOCKED}URL-2: str(ws.url) for {summary(scope)} is {text!r}")
    replaced = derived("ws.url.replace(scheme='wss', port=8443)", lambda: url.replace(scheme="wss", port=8443))
    expect.equal(str(replaced), "wss://example.org:8443/chat?a=1", "str(ws.url.replace(scheme='wss', port=8443))")
    expect.true(type(replaced) is type(url), f"a new {type(url).__name__}", type(replaced))
    expect.equal(str(ws.url), "ws://example.org/chat?a=1", "str(ws.url) after replace()")


URI_QUERY: Final = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")
"""A query as RFC 3986 writes one: its characters, and percent-escapes for every other byte."""


def check_encoded_query(result: object, expected: str, what: str) -> None:
    """Fail unless ``result`` is ``expected`` but for how its query encodes the same pairs.

    URL-10 and URL-11 say the pairs are URL-encoded, not in which form: a space may be ``+``
    or ``%20``, and a character that needs no escape may be escaped. The query is read back
    as the connection reads one (QP-6, by way of ``parse_qsl``), and must need no more
    escaping; every other component is compared as text.
    """
    seen, wanted = urlsplit(str(result)), urlsplit(expected)
    expect.equal(seen._replace(query="").geturl(), wanted._replace(query="").geturl(), f"{what} without its query")
    pairs = parse_qsl(seen.query, keep_blank_values=True)
    expect.equal(pairs, parse_qsl(wanted.query, keep_blank_values=True), f"the pairs of {what}'s query {seen.query!r}")
    expect.true(URI_QUERY.fullmatch(seen.query) is not None, f"{what}'s query to be URL-encoded", seen.query)


@pytest.mark.clause("URL-10")
@pytest.mark.parametrize(
    ("base", "params", "expected"),
    [
        ("ws://h/p", {"a": "1"}, "ws://h/p?a=1"),
        ("ws://h/p?x=1&y=2&x=3", {"x": 5, "z": "a b"}, "ws://h/p?y=2&x=5&z=a+b"),
        ("ws://h/p?x=1", {"n": 1, "f": 1.5, "b": True, "o": None}, "ws://h/p?x=1&n=1&f=1.5&b=True&o=None"),
        # str(b"x") is "b'x'": values are converted with str before they are encoded.
        ("ws://h/p", {"k": b"x"}, "ws://h/p?k=b%27x%27"),
        ("ws://h/p?x=1", {"v": "a&b=c/d"}, "ws://h/p?x=1&v=a%26b%3Dc%2Fd"),
        ("ws://h/p?x=1", {"v": "caf\u00e9"}, "ws://h/p?x=1&v=caf%C3%A9"),
        ("ws://h/p?q=a%20b#frag", {"r": 1}, "ws://h/p?q=a+b&r=1#frag"),
        ("ws://h/p?a=&b=1", {"c": "2"}, "ws://h/p?a=&b=1&c=2"),
        ("ws://h/p?a=1&e=", {"a": "2"}, "ws://h/p?e=&a=2"),
        ("ws://h/p?x=1", {}, "ws://h/p?x=1"),
        # A pair's key is the key as it is read (QP-6), not as the query writes it.
        ("ws://h/p?a%20b=1&c=2&caf%C3%A9=3", {"a b": "9", "caf\u00e9": "8"}, "ws://h/p?c=2&a+b=9&caf%C3%A9=8"),
    ],
)
def test_include_query_params(binding: Binding, base: str, params: dict[str, object], expected: str) -> None:
    url = url_from(binding, base)
    result = derived(f"{base!r}.include_query_params(**{params!r})", lambda: url.include_query_params(**params))
    check_encoded_query(result, expected, f"str({base!r}.include_query_params(**{params!r}))")
    check_a_url(result, url, "the result")
    expect.equal(str(url), base, "the URL include_query_params() was called on, afterwards")


@pytest.mark.clause("URL-11")
@pytest.mark.parametrize(
    ("base", "params", "expected"),
    [
        ("ws://h/p?x=1&y=2", {"a": 1, "b": "x y"}, "ws://h/p?a=1&b=x+y"),
        ("ws://h/p?x=1&y=2", {"x": "9"}, "ws://h/p?x=9"),
        ("ws://h/p?x=1", {"z": "1", "a": "2", "m": "3"}, "ws://h/p?z=1&a=2&m=3"),
        ("ws://h/p?x=1#frag", {"v": "a&b"}, "ws://h/p?v=a%26b#frag"),
        ("ws://h/p?x=1", {}, "ws://h/p"),
        ("ws://h/p", {"k": "caf\u00e9"}, "ws://h/p?k=caf%C3%A9"),
        ("ws://h/p", {"n": 2, "e": ""}, "ws://h/p?n=2&e="),
    ],
)
def test_replace_query_params(binding: Binding, base: str, params: dict[str, object], expected: str) -> None:
    url = url_from(binding, base)
    result = derived(f"{base!r}.replace_query_params(**{params!r})", lambda: url.replace_query_params(**params))
    check_encoded_query(result, expected, f"str({base!r}.replace_query_params(**{params!r}))")
    check_a_url(result, url, "the result")
    expect.equal(str(url), base, "the URL replace_query_params() was called on, afterwards")


@pytest.mark.clause("URL-12")
@pytest.mark.parametrize(
    ("base", "keys", "expected"),
    [
        ("ws://h/p?x=1&y=2&x=3&xy=4", "x", "ws://h/p?y=2&xy=4"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", "xy", "ws://h/p?x=1&y=2&x=3"),
        # A key of a str subclass (a StrEnum member) is a str, one key, as the conventions say.
        pytest.param("ws://h/p?x=1&y=2&x=3&xy=4", OwnText("xy"), "ws://h/p?x=1&y=2&x=3", id="a-key-of-a-str-subclass"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", ["x", "y"], "ws://h/p?xy=4"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", ("x", "y", "xy"), "ws://h/p"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", ["missing"], "ws://h/p?x=1&y=2&x=3&xy=4"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", [], "ws://h/p?x=1&y=2&x=3&xy=4"),
        ("ws://h/p?a=&b=1&c=2", "c", "ws://h/p?a=&b=1"),
        ("ws://h/p?a=&b=1&c=2", ["b"], "ws://h/p?a=&c=2"),
        ("ws://h/p?a=1&b=2#frag", "a", "ws://h/p?b=2#frag"),
        # A pair's key is the key as it is read (QP-6), not as the query writes it.
        ("ws://h/p?a%20b=1&c=2&a+b=3", "a b", "ws://h/p?c=2"),
        ("ws://h/p?caf%C3%A9=1&c=2&x%3Dy=3", ["caf\u00e9", "x=y"], "ws://h/p?c=2"),
    ],
)
def test_remove_query_params(binding: Binding, base: str, keys: str | Sequence[str], expected: str) -> None:
    url = url_from(binding, base)
    result = derived(f"{base!r}.remove_query_params({keys!r})", lambda: url.remove_query_params(keys))
    expect.equal(str(result), expected, f"str({base!r}.remove_query_params({keys!r}))")
    check_a_url(result, url, "the result")
    expect.equal(str(url), base, "the URL remove_query_params() was called on, afterwards")


# -- URL-13 ------------------------------------------------------------------------------


BUILT_ONCE = ("url", "headers", "query_params")
"""The members URL-13 names; each is defined by another clause (``DEFINING_CLAUSE``)."""


@pytest.mark.clause("URL-13")
@pytest.mark.parametrize("attribute", BUILT_ONCE)
def test_same_object_on_every_access(binding: Binding, attribute: str) -> None:
    ws = support.connected(binding, scope=make_scope(path="/chat", query_string=b"a=1"))[1]
    first = part_of(ws, attribute, DEFINING_CLAUSE[attribute])
    for _ in range(2):
        expect.true(getattr(ws, attribute) is first, f"ws.{attribute} to be the object it was before", first)


def header(ws: wsproto_api.WebSocket, name: str) -> object:
    """``ws.headers[name]``, or the ``KeyError`` it raised; the lookup is HDR-9's (an arrangement)."""
    headers = part_of(ws, "headers", "HDR-9")
    with support.arrange("HDR-9", f"headers[{name!r}]"):
        try:
            return headers[name]
        except KeyError as error:
            return error


def parameter(ws: wsproto_api.WebSocket, key: str) -> object:
    """``ws.query_params[key]``, or the ``KeyError`` it raised; the lookup is QP-6's (an arrangement)."""
    params = part_of(ws, "query_params", "QP-6")
    with support.arrange("QP-6", f"query_params[{key!r}]"):
        try:
            return params[key]
        except KeyError as error:
            return error


def members_of(ws: wsproto_api.WebSocket) -> tuple[dict[str, object], list[str]]:
    """The members of ``BUILT_ONCE`` that ``ws`` has, each read once, and the names of those it lacks."""
    found: dict[str, object] = {}
    lacking: list[str] = []
    for name in BUILT_ONCE:
        try:
            found[name] = getattr(ws, name)
        except AttributeError as error:
            if error.name != name or error.obj is not ws:
                raise
            lacking.append(name)
    return found, lacking


def url_text(binding: Binding, scope: Scope) -> str:
    """``str(ws.url)`` of a new connection over ``scope``: the URL that URL-2 to URL-7 build, to compare with.

    URL-13 names when the URL is built, not what it holds: a URL that a control connection
    cannot give blocks the test by URL-2.
    """
    ws = support.connected(binding, scope=scope)[1]
    with support.arrange("URL-2", f"reading ws.url for {summary(scope)}"):
        return str(read_url(ws, scope))


@pytest.mark.clause("URL-13")
def test_built_once(binding: Binding) -> None:
    scope = make_scope(path="/before", query_string=b"a=1", headers=[(b"host", b"example.org"), (b"x-a", b"1")])
    before = alike(scope)
    ws = support.connected(binding, scope=scope)[1]
    found, lacking = members_of(ws)
    # New values, not changes to the old ones: a binding may share the scope's header list (HDR-7).
    scope["path"] = "/after"
    scope["query_string"] = b"a=2"
    scope["headers"] = [(b"host", b"changed.example"), (b"x-a", b"2")]
    for name, first in found.items():
        expect.true(getattr(ws, name) is first, f"ws.{name} to be the object it was when first read", getattr(ws, name))
    if "url" in found:
        expect.equal(
            str(ws.url), url_text(binding, before), "str(ws.url) after the scope changed, against the scope before"
        )
    if "headers" in found:
        expect.equal(header(ws, "x-a"), "1", "ws.headers['x-a'] after the scope changed")
    if "query_params" in found:
        expect.equal(parameter(ws, "a"), "1", "ws.query_params['a'] after the scope changed")
    # What the connection has is judged first: a member it lacks is its defining clause's failure.
    if lacking:
        pytest.skip(f"{BLOCKED}{DEFINING_CLAUSE[lacking[0]]}: the connection has no ws.{lacking[0]}")


# -- URL-15 ------------------------------------------------------------------------------


@pytest.mark.clause("URL-15")
def test_repr_masks_the_password(binding: Binding) -> None:
    url = url_from(binding, "ws://user:s3cret@example.org/p")
    shown = repr(url)
    expect.true(
        "ws://user:********@example.org/p" in shown, "repr(url) to show 'ws://user:********@example.org/p'", shown
    )
    expect.true("s3cret" not in shown, "repr(url) not to show the password 's3cret'", shown)
    expect.equal(str(url), "ws://user:s3cret@example.org/p", "str(url) after repr()")


@pytest.mark.clause("URL-15")
@pytest.mark.parametrize("text", ["ws://user@example.org/p", "ws://example.org/p?password=x"])
def test_repr_without_a_password_masks_nothing(binding: Binding, text: str) -> None:
    shown = repr(url_from(binding, text))
    expect.true(text in shown, f"repr(url) to show {text!r}", shown)
    expect.true("********" not in shown, "repr(url) to mask nothing", shown)


# -- URL-16 ------------------------------------------------------------------------------


@pytest.mark.clause("URL-16")
@pytest.mark.parametrize(
    ("headers", "path", "expected"),
    [
        (NO_HOST, "/chat", "/chat?x=1"),
        ([(b"host", b"bad host")], "/chat", "/chat?x=1"),
        (NO_HOST, "//evil.example/x", "/%2Fevil.example/x?x=1"),
        ([(b"host", b"example.org")], "/chat", "ws://example.org/chat?x=1"),
    ],
)
def test_unix_socket_server_gives_no_netloc(binding: Binding, headers: Pairs, path: str, expected: str) -> None:
    scope = make_scope(path=path, query_string=b"x=1", headers=headers, server=("/run/app.sock", None))
    seen = url_or_error(binding, scope)
    if seen != expected:
        # A Unix socket must give the URL that no server gives: the host header's (URL-4) or
        # a relative one (URL-6). A URL wrong in the same way without a server is that rule's
        # failure: the Unix socket changed nothing.
        ordinary = make_scope(path=path, query_string=b"x=1", headers=headers, server=None)
        if same_outcome(url_or_error(binding, ordinary, arranged=True), seen):
            clause = (
                form_clause(ordinary) if isinstance(seen, AssertionError) else broken_rule(ordinary, seen, expected)
            )
            pytest.skip(f"{BLOCKED}{clause}: str(ws.url) for {summary(ordinary)} is wrong in the same way: {seen}")
    if isinstance(seen, AssertionError):
        raise seen
    expect.equal(seen, expected, f"str(ws.url) for {summary(scope)}")


# -- URL-17 ------------------------------------------------------------------------------


@pytest.mark.clause("URL-17")
@pytest.mark.parametrize(
    ("scheme", "server", "secure"),
    [
        ("ws", ("10.0.0.1", 80), False),
        ("wss", ("10.0.0.1", 443), True),
        ("http", ("10.0.0.1", 80), False),
        ("https", ("10.0.0.1", 443), True),
        ("wss", ("10.0.0.1", 8443), True),
        ("ws", ("10.0.0.1", 443), False),
        # A relative URL has no scheme, so it is not secure whatever the scope's scheme.
        ("wss", None, False),
    ],
)
def test_is_secure(binding: Binding, scheme: str, server: tuple[str, int] | None, secure: bool) -> None:
    scope = make_scope(scheme=scheme, headers=NO_HOST, server=server)
    url = url_of(binding, scope, arranged=True)
    expect.equal(url.is_secure, secure, f"ws.url.is_secure of {str(url)!r}, for {summary(scope)}")


# -- URL-18 and URL-19 -------------------------------------------------------------------


def str_replace(url: wsproto_api.URL, old: str, new: str, count: int | None, expected: str) -> object:
    """``url.replace(old, new[, count])``, failing with the expected result when the call raises."""
    call = f"url.replace({old!r}, {new!r})" if count is None else f"url.replace({old!r}, {new!r}, {count})"
    try:
        return url.replace(old, new) if count is None else url.replace(old, new, count)
    except Exception as error:
        raise AssertionError(f"{call}: expected {expected!r}, saw {type(error).__name__}: {error}") from error


@pytest.mark.clause("URL-18")
@pytest.mark.parametrize(
    ("old", "new", "count", "expected"),
    [
        ("ws", "wss", None, "wss://w.example.org/wss"),
        ("w", "W", 1, "Ws://w.example.org/ws"),
        ("w", "W", 2, "Ws://W.example.org/ws"),
        ("w", "W", 0, "ws://w.example.org/ws"),
        ("w", "W", -1, "Ws://W.example.org/Ws"),
        ("w", "W", None, "Ws://W.example.org/Ws"),
        ("example", "", None, "ws://w..org/ws"),
        ("absent", "x", None, "ws://w.example.org/ws"),
        # Text of a str subclass (a StrEnum member) is a str, as the conventions say.
        pytest.param(OwnText("ws"), OwnText("wss"), None, "wss://w.example.org/wss", id="text-of-a-str-subclass"),
    ],
)
def test_positional_replace_is_str_replace(
    binding: Binding, old: str, new: str, count: int | None, expected: str
) -> None:
    # The URL's text is URL-2's; str.replace on that text is what URL-18 asks.
    url = url_of(binding, make_scope(path="/ws", headers=[(b"host", b"w.example.org")]), arranged=True)
    text = str(url)
    base = "ws://w.example.org/ws"
    assert (base.replace(old, new) if count is None else base.replace(old, new, count)) == expected, (
        "the table is wrong"
    )
    expected_here = text.replace(old, new) if count is None else text.replace(old, new, count)
    replaced = str_replace(url, old, new, count, expected_here)
    call = f"url.replace({old!r}, {new!r})" if count is None else f"url.replace({old!r}, {new!r}, {count})"
    expect.equal(replaced, expected_here, f"{call} on {text!r}")
    # A str subclass holding that text (a URL, say) is a str: the exact class is not URL-18's.
    expect.true(isinstance(replaced, str), f"{call} to return a str", type(replaced))
    expect.equal(str(url), text, f"the URL {call} was called on, afterwards")


@pytest.mark.clause("URL-18")
def test_positional_replace_with_one_argument_raises_as_str_replace(binding: Binding) -> None:
    # str.replace("ws") raises TypeError: it needs old and new.
    url = url_of(binding, make_scope(path="/ws"), arranged=True)
    with expect.raises(TypeError, what="url.replace('ws'), as str.replace('ws') does"):
        url.replace("ws")  # type: ignore[call-overload]


@pytest.mark.clause("URL-19")
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("ws", "wss"), {"path": "/x"}),
        (("ws", "wss"), {"port": 1}),
        (("ws", "wss", 1), {"fragment": "f"}),
        (("ws",), {"scheme": "wss"}),
    ],
)
def test_replace_mixing_positional_and_keywords_is_a_type_error(
    binding: Binding, args: tuple[str, ...], kwargs: dict[str, Any]
) -> None:
    url = url_of(binding, make_scope(path="/ws"), arranged=True)
    text = str(url)
    with expect.raises(TypeError, what=f"url.replace(*{args!r}, **{kwargs!r})"):
        url.replace(*args, **kwargs)
    expect.equal(str(url), text, "the URL replace() was called on, afterwards")


# -- generated scopes (URL-2, URL-4 to URL-8, URL-15, URL-17) -----------------------------
# Each example checks several scopes: building a URL costs little beside generating one.

OTHER_HEADERS: Pairs = [
    (b"x-forwarded-host", b"other.example"),
    (b"origin", b"http://other.example"),
    (b"x-host", b"x.example"),
]
"""Headers that are not ``host``, however much they look like one."""


def host_header(host: str) -> tuple[bytes, bytes]:
    return (b"host", host.encode("latin-1"))


def host_between(before: Pairs, host: str, after: Pairs) -> Pairs:
    return [*before, host_header(host), *after]


WITHOUT_A_VALID_HOST: st.SearchStrategy[Pairs] = st.sampled_from([NO_HOST, OTHER_HEADERS[:1], OTHER_HEADERS]) | (
    st.sampled_from(HOSTILE_HOSTS).map(lambda host: [host_header(host)])
)
"""Scope headers without a valid first ``host`` header (URL-4)."""


def scopes(**keys: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Scope]]:
    """A few scopes from ``make_scope``, with the keyword arguments drawn from ``keys``."""
    return st.lists(st.fixed_dictionaries(keys).map(lambda drawn: make_scope(**drawn)), min_size=1, max_size=6)


def first_host(scope: Scope) -> str | None:
    """The value of the scope's first ``host`` header."""
    return next((latin1(value) for name, value in scope["headers"] if name == b"host"), None)


ESCAPES = {"?": "%3F", "#": "%23", "\\": "%5C"}
"""What URL-7 escapes in the path, and how."""

MARKERS = {"?": "Q", "#": "H", "\\": "K"}
"""A letter for each character URL-7 escapes: no generated path, query or host holds an upper-case
letter, and none of these is a hexadecimal digit, which a percent-escape holds."""


def escaped_like(binding: Binding, scope: Scope) -> str:
    """The URL that ``scope``'s path, escaped as URL-7 says, gets from the binding.

    A new connection is given the path with a marker letter (``MARKERS``) for each character
    URL-7 escapes; the URL it gives, each marker replaced by its escape, is what the scope's
    own URL must be. The rest of the URL is built by URL-2 to URL-6, whether rightly or not.
    """
    path: str = scope["path"]
    marked = alike(scope, path="".join(MARKERS.get(char, char) for char in path))
    ws = support.connected(binding, scope=marked)[1]
    # An error reading it is the relative form's (URL-6), or else the path's or query's (URL-2):
    # an absolute scope here has an ordinary host header.
    by = "URL-6" if form_clause(marked) == "URL-6" else "URL-2"
    with support.arrange(by, f"reading ws.url for {summary(marked)}"):
        text = str(read_url(ws, marked))
    for char, marker in MARKERS.items():
        text = text.replace(marker, ESCAPES[char])
    return text


def generated_url(binding: Binding, scope: Scope) -> wsproto_api.URL:
    """``ws.url`` for ``scope``, after checking that its string is what URL-2 and URL-4 to URL-7 build.

    A header value outside ASCII is judged as HDR-5 decodes it: a connection that cannot read
    the headers blocks the test by HDR-5 (:func:`check_headers_decoded`).
    """
    if not all(value.isascii() for _, value in scope["headers"]):
        check_headers_decoded(binding, scope)
    expected = expected_url(
        scope["scheme"], scope["path"], scope["query_string"], first_host(scope), scope.get("server")
    )
    url = url_of(binding, scope)
    text = str(url)
    block_by_the_query(scope, text, expected)
    if not expect.same(text, expected) and broken_rule(scope, text, expected) != "URL-2":
        # The scheme's or the authority's rule, not the path's and query's: each test judges its own.
        clause = broken_rule(scope, text, expected)
        pytest.skip(f"{BLOCKED}{clause}: str(ws.url) for {summary(scope)} is {text!r}, not {expected!r}")
    expect.equal(text, expected, f"str(ws.url) for {summary(scope)}")
    return url


@pytest.mark.clause("URL-2")
@GENERATED
@given(
    generated=scopes(
        scheme=st.sampled_from(SCHEMES),
        headers=valid_hosts().map(lambda host: [host_header(host)]),
        path=paths(escaped=False),
        query_string=url_queries(),
    )
)
def test_generated_url_is_scheme_netloc_path_query(binding: Binding, generated: list[Scope]) -> None:
    for scope in generated:
        generated_url(binding, scope)


@pytest.mark.clause("URL-4")
@GENERATED
@given(
    generated=scopes(
        path=st.just("/p"),
        server=st.just(("10.0.0.1", 8001)),
        headers=st.builds(
            host_between,
            st.lists(st.sampled_from(OTHER_HEADERS), max_size=2),
            host_headers(),
            # Only the first host header counts, whatever a later one holds.
            st.lists(valid_hosts().map(host_header), max_size=1),
        ),
    )
)
def test_generated_host_header(binding: Binding, generated: list[Scope]) -> None:
    for scope in generated:
        url = generated_url(binding, scope)
        host = first_host(scope)
        assert host is not None  # the strategy always puts one
        expected = host if valid_host(host) else "10.0.0.1:8001"
        expect.equal(
            parts(url).netloc, expected, f"the authority of {str(url)!r} for the host headers {scope['headers']!r}"
        )


@pytest.mark.clause("URL-5")
@GENERATED
@given(
    generated=scopes(
        scheme=st.sampled_from(SCHEMES), path=st.just("/p"), headers=WITHOUT_A_VALID_HOST, server=servers()
    )
)
def test_generated_netloc_from_server(binding: Binding, generated: list[Scope]) -> None:
    for scope in generated:
        generated_url(binding, scope)


@pytest.mark.clause("URL-6")
@GENERATED
@given(
    generated=scopes(
        path=paths(rooted=True, escaped=False),
        query_string=url_queries(),
        headers=WITHOUT_A_VALID_HOST,
        server=st.none(),
    )
)
def test_generated_relative_url(binding: Binding, generated: list[Scope]) -> None:
    for scope in generated:
        url = generated_url(binding, scope)
        expect.equal(parts(url).netloc, "", f"the authority of the relative URL {str(url)!r}, for {summary(scope)}")


@pytest.mark.clause("URL-7")
@GENERATED
@given(
    # Rooted: whether a "/" goes before a path without one, or an empty one, is URL-2's.
    absolute=scopes(
        path=paths(rooted=True),
        query_string=url_queries(fragment_sign=False),
        headers=st.just([(b"host", b"example.org")]),
    ),
    relative=scopes(
        path=paths(rooted=True),
        query_string=url_queries(fragment_sign=False),
        headers=st.just(NO_HOST),
        server=st.none(),
    ),
)
def test_generated_path_escaping(binding: Binding, absolute: list[Scope], relative: list[Scope]) -> None:
    for scope in absolute + relative:
        # Only the escaping is judged: the authority is URL-4's and the relative form URL-6's.
        expected = escaped_like(binding, scope)
        url = url_of(binding, scope)
        expect.equal(str(url), expected, f"str(ws.url) for {summary(scope)}, escaped as the binding's own URL")
        with support.arrange(form_clause(scope), f"a URL text that urlsplit() reads, for {summary(scope)}"):
            split = parts(url)
        what = f"of {str(url)!r}, for {summary(scope)}"
        expect.true(not set(split.path) & set("?#\\"), f"no ?, # or \\ in the path {what}", split.path)
        expect.equal(split.fragment, "", f"the fragment {what}")


@pytest.mark.clause("URL-8")
@GENERATED
@given(
    generated=scopes(
        scheme=st.sampled_from(SCHEMES),
        headers=st.just(NO_HOST) | host_headers().map(lambda host: [host_header(host)]),
        server=st.none() | servers(),
        path=paths(rooted=True),
        query_string=url_queries(),
    )
)
def test_generated_components_are_urlsplits(binding: Binding, generated: list[Scope]) -> None:
    for scope in generated:
        by = form_clause(scope)
        check_components(url_of(binding, scope, arranged=True, by=by), f"for {summary(scope)}", by)


@pytest.mark.clause("URL-17")
@GENERATED
@given(
    generated=scopes(
        scheme=st.sampled_from(SCHEMES),
        # A valid host header gives the URL an authority; neither host nor server, none.
        headers=st.just(NO_HOST) | valid_hosts().map(lambda host: [host_header(host)]),
        server=st.none(),
        path=st.just("/p"),
    )
)
def test_generated_is_secure(binding: Binding, generated: list[Scope]) -> None:
    for scope in generated:
        url = url_of(binding, scope, arranged=True)
        secure = parts(url).scheme in ("wss", "https")
        expect.equal(url.is_secure, secure, f"ws.url.is_secure of {str(url)!r}, for {summary(scope)}")


@pytest.mark.clause("URL-15")
@GENERATED
@given(
    username=st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=5),
    password=st.text(string.ascii_letters + string.digits + "-._~!$&'(),;=", min_size=3, max_size=8),
    path=st.text(string.ascii_lowercase, max_size=5).map(lambda name: "/" + name),
)
def test_generated_repr_masks_the_password(binding: Binding, username: str, password: str, path: str) -> None:
    masked = f"ws://{username}:********@example.org{path}"
    # A password that is part of the rest of the URL would be shown as that part.
    assume(password not in masked)
    text = f"ws://{username}:{password}@example.org{path}"
    shown = repr(url_from(binding, text))
    expect.true(masked in shown, f"repr(url) of {text!r} to show {masked!r}", shown)
    expect.true(password not in shown, f"repr(url) of {text!r} not to show the password {password!r}", shown)
