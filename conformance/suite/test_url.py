"""URL: the connection URL built from the scope, its components and the URLs derived from it."""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import make_scope
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
from conformance.suite.support import outcome
from wsproto_api.asgi import Scope

NO_HOST: list[tuple[bytes, bytes]] = []

COMPONENTS = ("scheme", "netloc", "path", "query", "fragment", "username", "password", "hostname", "port")
"""The URL's attributes that URL-8 defines by ``urllib.parse.urlsplit``."""


def summary(scope: Scope) -> str:
    """The scope keys a URL is built from, for failure messages."""
    keys = ("scheme", "server", "headers", "path", "query_string", "root_path")
    shown = [f"{key}={scope[key]!r}" if key in scope else f"no {key}" for key in keys]
    return "scope " + ", ".join(shown)


def check_url(binding: Binding, expected: str, **scope_keys: Any) -> wsproto_api.URL:
    """``ws.url`` for ``make_scope(**scope_keys)``, after checking that its string is ``expected``."""
    scope = make_scope(**scope_keys)
    url = binding.connect(scope=scope)[1].url
    expect.equal(str(url), expected, f"str(ws.url) for {summary(scope)}")
    return url


def url_from(binding: Binding, text: str) -> wsproto_api.URL:
    """A URL whose string is ``text``: built from a scope, then given its userinfo and fragment.

    A scope cannot carry userinfo or a fragment, so those come from ``url.replace`` (URL-9).
    """
    split = urlsplit(text)
    url = binding.connect(
        scope=make_scope(
            scheme=split.scheme,
            headers=[(b"host", split.netloc.rpartition("@")[2].encode())],
            path=split.path,
            query_string=split.query.encode(),
        )
    )[1].url
    if split.username is not None:
        url = url.replace(username=split.username, password=split.password)
    if split.fragment:
        url = url.replace(fragment=split.fragment)
    expect.equal(str(url), text, "setup: the URL built from the scope and url.replace()")
    return url


# -- URL-1 -------------------------------------------------------------------------------


def check_str(url: object, expected: str) -> None:
    """``url`` is a ``str`` equal to ``expected``, and ``str`` operations treat it as one.

    ``url`` is typed as ``object``: the URL protocol cannot say "is a ``str``", so a type
    checker would call the ``str`` branch unreachable.
    """
    expect.true(isinstance(url, str), "ws.url to be an instance of str", url)
    assert isinstance(url, str)  # narrows the type; checked just above
    expect.true(url == expected, f"ws.url == {expected!r}", url)
    expect.true(expected == url, f"{expected!r} == ws.url", url)
    unequal = url != expected
    expect.true(unequal is False, f"ws.url != {expected!r} to be False", url)
    expect.equal(hash(url), hash(expected), "hash(ws.url)")
    expect.equal({expected: "found"}.get(url), "found", "a dict keyed by the URL's text, looked up by ws.url")
    expect.equal(str(url), expected, "str(ws.url)")
    expect.equal(len(url), len(expected), "len(ws.url)")
    expect.equal(url[:5], expected[:5], "ws.url[:5]")
    expect.equal(url + "#x", expected + "#x", 'ws.url + "#x"')
    expect.equal(url.upper(), expected.upper(), "ws.url.upper()")
    expect.equal(url.split("/"), expected.split("/"), 'ws.url.split("/")')
    expect.true(url.startswith(expected[:3]), f"ws.url.startswith({expected[:3]!r})", url)
    expect.equal(url.endswith("/chat"), expected.endswith("/chat"), 'ws.url.endswith("/chat")')
    expect.equal("chat" in url, True, '"chat" in ws.url')
    expect.equal(f"<{url}>", f"<{expected}>", "ws.url formatted in an f-string")
    expect.equal(url.encode(), expected.encode(), "ws.url.encode()")
    expect.equal(json.dumps(url), json.dumps(expected), "json.dumps(ws.url)")


@pytest.mark.clause("URL-1")
def test_url_is_a_str(binding: Binding) -> None:
    check_str(binding.connect(scope=make_scope(path="/chat"))[1].url, "ws://example.org/chat")


@pytest.mark.clause("URL-1")
@pytest.mark.parametrize(
    ("scope_keys", "expected"),
    [
        ({"path": "/chat", "query_string": b"a=1", "scheme": "wss"}, "wss://example.org/chat?a=1"),
        ({"path": "/chat", "query_string": b"a=1", "headers": NO_HOST, "server": None}, "/chat?a=1"),
    ],
)
def test_every_connection_url_is_a_str(binding: Binding, scope_keys: dict[str, Any], expected: str) -> None:
    check_str(binding.connect(scope=make_scope(**scope_keys))[1].url, expected)


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
def test_path_is_the_scope_path_not_root_path(binding: Binding) -> None:
    check_url(binding, "ws://example.org/app/chat", path="/app/chat", root_path="/app")


# -- URL-3 -------------------------------------------------------------------------------


@pytest.mark.clause("URL-3")
@pytest.mark.parametrize(
    ("scheme", "expected"),
    [(None, "ws://example.org/p"), ("ws", "ws://example.org/p"), ("wss", "wss://example.org/p")],
)
def test_scheme_is_the_scope_scheme_or_ws(binding: Binding, scheme: str | None, expected: str) -> None:
    url = check_url(binding, expected, path="/p", scheme=scheme)
    expect.equal(url.scheme, expected.partition(":")[0], "ws.url.scheme")


@pytest.mark.clause("URL-3")
@pytest.mark.parametrize(("port", "expected"), [(80, "ws://10.0.0.1/p"), (443, "ws://10.0.0.1:443/p")])
def test_default_scheme_has_the_ws_default_port(binding: Binding, port: int, expected: str) -> None:
    check_url(binding, expected, path="/p", scheme=None, headers=NO_HOST, server=("10.0.0.1", port))


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
    ],
)
def test_valid_host_header_is_the_netloc(binding: Binding, host: str) -> None:
    url = check_url(binding, f"ws://{host}/p", path="/p", headers=[(b"host", host.encode())], server=("10.0.0.1", 8001))
    expect.equal(url.netloc, host, "ws.url.netloc")


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
        "evil.com/path",
        "evil.com?x",
        "evil.com#x",
        "evil.com\\x",
        "user@example.org",
        "a b",
        " example.org",
        "exa\u00e9mple.org",
        "::1",
        "[::1",
        "::1]",
        "[not-an-ip]",
        "[::1]x",
        "[12345::1]",
        "[v1.]",
        "[vx.abc]",
        "[V1.x]",
    ],
)
def test_invalid_host_header_is_not_the_netloc(binding: Binding, host: str) -> None:
    url = check_url(
        binding,
        "ws://10.0.0.1:8001/p",
        path="/p",
        headers=[(b"host", host.encode("latin-1"))],
        server=("10.0.0.1", 8001),
    )
    expect.equal(url.netloc, "10.0.0.1:8001", "ws.url.netloc")


@pytest.mark.clause("URL-4")
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([(b"x-other", b"x"), (b"host", b"first.example"), (b"host", b"second.example")], "ws://first.example/p"),
        # Only the first host header counts: when it is invalid, a later valid one is not used.
        ([(b"host", b"bad host"), (b"host", b"second.example")], "ws://10.0.0.1:8001/p"),
    ],
)
def test_first_host_header_is_used(binding: Binding, headers: list[tuple[bytes, bytes]], expected: str) -> None:
    check_url(binding, expected, path="/p", headers=headers, server=("10.0.0.1", 8001))


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
        ("wss", ("2001:db8::5", 443), "wss://[2001:db8::5]/p"),
    ],
)
def test_netloc_from_server(binding: Binding, scheme: str, server: Sequence[object], expected: str) -> None:
    check_url(binding, expected, path="/p", scheme=scheme, headers=NO_HOST, server=server)


@pytest.mark.clause("URL-5")
@pytest.mark.parametrize(
    "headers",
    [NO_HOST, [(b"x-forwarded-host", b"example.org"), (b"origin", b"http://example.org")], [(b"host", b"a/b")]],
    ids=["no-headers", "no-host-header", "invalid-host-header"],
)
def test_server_is_used_without_a_valid_host_header(binding: Binding, headers: list[tuple[bytes, bytes]]) -> None:
    check_url(
        binding,
        "ws://192.0.2.7:8000/p?q=1",
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
        (NO_HOST, "/a?b", b"", "/a%3Fb"),
        (NO_HOST, "//evil.example/x", b"", "/%2Fevil.example/x"),
        (NO_HOST, "//evil.example/x", b"y=2", "/%2Fevil.example/x?y=2"),
        (NO_HOST, "///x", b"", "/%2F/x"),
        (NO_HOST, "/x//y", b"", "/x//y"),
    ],
)
def test_relative_url_without_host_or_server(
    binding: Binding, headers: list[tuple[bytes, bytes]], path: str, query_string: bytes, expected: str
) -> None:
    url = check_url(binding, expected, path=path, query_string=query_string, headers=headers, server=None)
    expect.equal(url.netloc, "", "ws.url.netloc of a relative URL")


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
    url = check_url(binding, expected, path=path, query_string=query_string)
    expect.equal(url.path, expected_path, "ws.url.path")
    expect.equal(url.query, expected_query, "ws.url.query")
    expect.equal(url.fragment, "", "ws.url.fragment")
    expect.equal(url.netloc, "example.org", "ws.url.netloc")


@pytest.mark.clause("URL-7")
def test_backslash_cannot_change_the_authority(binding: Binding) -> None:
    url = check_url(
        binding,
        "ws://10.0.0.1/%5C%5Cevil.example/x",
        path="\\\\evil.example/x",
        headers=NO_HOST,
        server=("10.0.0.1", 80),
    )
    expect.equal(url.hostname, "10.0.0.1", "ws.url.hostname")


@pytest.mark.clause("URL-7")
def test_escaping_applies_to_relative_urls(binding: Binding) -> None:
    url = check_url(binding, "/a%3Fb%23c%5Cd?e=1", path="/a?b#c\\d", query_string=b"e=1", headers=NO_HOST, server=None)
    expect.equal(url.query, "e=1", "ws.url.query")
    expect.equal(url.fragment, "", "ws.url.fragment")


# -- URL-8 -------------------------------------------------------------------------------


def check_components(url: wsproto_api.URL, expected: Mapping[str, object]) -> None:
    split = urlsplit(str(url))
    for name in COMPONENTS:
        seen = getattr(url, name)
        expect.equal(seen, getattr(split, name), f"url.{name} against urllib.parse.urlsplit({str(url)!r}).{name}")
        expect.equal(seen, expected[name], f"url.{name} of {str(url)!r}")
    port = url.port
    expect.true(port is None or type(port) is int, "url.port to be an int or None", port)


@pytest.mark.clause("URL-8")
@pytest.mark.parametrize(
    ("scope_keys", "expected"),
    [
        (
            {"scheme": "wss", "headers": [(b"host", b"EXAMPLE.Org:8443")], "path": "/p/a", "query_string": b"x=1&y=2"},
            ("wss", "EXAMPLE.Org:8443", "/p/a", "x=1&y=2", "", None, None, "example.org", 8443),
        ),
        (
            {"headers": [(b"host", b"[::1]:8000")], "path": "/chat", "query_string": b"a=1"},
            ("ws", "[::1]:8000", "/chat", "a=1", "", None, None, "::1", 8000),
        ),
        (
            {"headers": [(b"host", b"example.org")], "path": "/"},
            ("ws", "example.org", "/", "", "", None, None, "example.org", None),
        ),
        (
            {"headers": NO_HOST, "server": ("10.0.0.1", 8080), "path": "/s"},
            ("ws", "10.0.0.1:8080", "/s", "", "", None, None, "10.0.0.1", 8080),
        ),
        (
            {"scheme": "wss", "headers": NO_HOST, "server": ("10.0.0.1", 443), "path": "/s"},
            ("wss", "10.0.0.1", "/s", "", "", None, None, "10.0.0.1", None),
        ),
        (
            {"headers": NO_HOST, "server": None, "path": "/chat", "query_string": b"a=1"},
            ("", "", "/chat", "a=1", "", None, None, None, None),
        ),
    ],
)
def test_components_of_the_connection_url(
    binding: Binding, scope_keys: dict[str, Any], expected: tuple[object, ...]
) -> None:
    url = binding.connect(scope=make_scope(**scope_keys))[1].url
    check_components(url, dict(zip(COMPONENTS, expected, strict=True)))


@pytest.mark.clause("URL-8")
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"username": "user", "password": "pw", "fragment": "frag"},
            ("ws", "user:pw@example.org:8443", "/p/a", "x=1", "frag", "user", "pw", "example.org", 8443),
        ),
        (
            {"username": "user"},
            ("ws", "user@example.org:8443", "/p/a", "x=1", "", "user", None, "example.org", 8443),
        ),
    ],
)
def test_components_of_a_url_with_userinfo_and_fragment(
    binding: Binding, changes: dict[str, Any], expected: tuple[object, ...]
) -> None:
    url = check_url(
        binding,
        "ws://example.org:8443/p/a?x=1",
        path="/p/a",
        query_string=b"x=1",
        headers=[(b"host", b"example.org:8443")],
    )
    check_components(url.replace(**changes), dict(zip(COMPONENTS, expected, strict=True)))


@pytest.mark.clause("URL-8")
@pytest.mark.parametrize(
    ("scheme", "server", "secure"),
    [
        ("ws", ("10.0.0.1", 80), False),
        ("wss", ("10.0.0.1", 443), True),
        ("http", ("10.0.0.1", 80), False),
        ("https", ("10.0.0.1", 443), True),
        # A relative URL has no scheme, so it is not secure whatever the scope's scheme.
        ("wss", None, False),
    ],
)
def test_is_secure(binding: Binding, scheme: str, server: tuple[str, int] | None, secure: bool) -> None:
    scope = make_scope(scheme=scheme, headers=NO_HOST, server=server)
    url = binding.connect(scope=scope)[1].url
    expect.equal(url.is_secure, secure, f"ws.url.is_secure for {str(url)!r}")


# -- URL-9 -------------------------------------------------------------------------------

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
        ("ws://[::1]:8080/a", {"hostname": None, "port": 9000}, "ws://[::1]:9000/a"),
        ("ws://[::1]/a", {"port": 81}, "ws://[::1]:81/a"),
        ("ws://u:p@example.org/a", {"hostname": "b.org"}, "ws://u:p@b.org/a"),
        ("ws://u:p@example.org/a", {"password": "q"}, "ws://u:q@example.org/a"),
        ("ws://u:p@example.org/a", {"port": 1}, "ws://u:p@example.org:1/a"),
        ("ws://u:p@example.org:8080/a", {"hostname": None, "port": 9000}, "ws://u:p@example.org:9000/a"),
        ("ws://u:p@example.org:8080/a", {"scheme": "wss"}, "wss://u:p@example.org:8080/a"),
    ],
)
def test_replace_components(binding: Binding, base: str, changes: dict[str, Any], expected: str) -> None:
    url = url_from(binding, base)
    replaced = url.replace(**changes)
    expect.equal(str(replaced), expected, f"str({base!r}.replace(**{changes!r}))")
    expect.true(type(replaced) is type(url), f"a new {type(url).__name__}", type(replaced))
    expect.equal(str(url), base, "the URL replace() was called on, afterwards")


@pytest.mark.clause("URL-9")
def test_replace_on_the_connection_url(binding: Binding) -> None:
    ws = binding.connect(scope=make_scope(path="/chat", query_string=b"a=1"))[1]
    url = ws.url
    replaced = url.replace(scheme="wss", port=8443)
    expect.equal(str(replaced), "wss://example.org:8443/chat?a=1", "str(ws.url.replace(scheme='wss', port=8443))")
    expect.true(type(replaced) is type(url), f"a new {type(url).__name__}", type(replaced))
    expect.equal(replaced.port, 8443, "the new URL's port")
    expect.equal(replaced.is_secure, True, "the new URL's is_secure")
    expect.equal(str(ws.url), "ws://example.org/chat?a=1", "str(ws.url) after replace()")


# -- URL-10 to URL-12 --------------------------------------------------------------------


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
    ],
)
def test_include_query_params(binding: Binding, base: str, params: dict[str, object], expected: str) -> None:
    url = url_from(binding, base)
    result = url.include_query_params(**params)
    expect.equal(str(result), expected, f"str({base!r}.include_query_params(**{params!r}))")
    expect.true(type(result) is type(url), f"a new {type(url).__name__}", type(result))
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
    result = url.replace_query_params(**params)
    expect.equal(str(result), expected, f"str({base!r}.replace_query_params(**{params!r}))")
    expect.true(type(result) is type(url), f"a new {type(url).__name__}", type(result))
    expect.equal(str(url), base, "the URL replace_query_params() was called on, afterwards")


@pytest.mark.clause("URL-12")
@pytest.mark.parametrize(
    ("base", "keys", "expected"),
    [
        ("ws://h/p?x=1&y=2&x=3&xy=4", "x", "ws://h/p?y=2&xy=4"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", "xy", "ws://h/p?x=1&y=2&x=3"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", ["x", "y"], "ws://h/p?xy=4"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", ("x", "y", "xy"), "ws://h/p"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", ["missing"], "ws://h/p?x=1&y=2&x=3&xy=4"),
        ("ws://h/p?x=1&y=2&x=3&xy=4", [], "ws://h/p?x=1&y=2&x=3&xy=4"),
        ("ws://h/p?a=&b=1&c=2", "c", "ws://h/p?a=&b=1"),
        ("ws://h/p?a=&b=1&c=2", ["b"], "ws://h/p?a=&c=2"),
        ("ws://h/p?a=1&b=2#frag", "a", "ws://h/p?b=2#frag"),
    ],
)
def test_remove_query_params(binding: Binding, base: str, keys: str | Sequence[str], expected: str) -> None:
    url = url_from(binding, base)
    result = url.remove_query_params(keys)
    expect.equal(str(result), expected, f"str({base!r}.remove_query_params({keys!r}))")
    expect.true(type(result) is type(url), f"a new {type(url).__name__}", type(result))
    expect.equal(str(url), base, "the URL remove_query_params() was called on, afterwards")


# -- URL-13 ------------------------------------------------------------------------------


@pytest.mark.clause("URL-13")
@pytest.mark.parametrize("attribute", ["url", "headers", "query_params"])
def test_same_object_on_every_access(binding: Binding, attribute: str) -> None:
    ws = binding.connect(scope=make_scope(path="/chat", query_string=b"a=1"))[1]
    first = getattr(ws, attribute)
    for _ in range(2):
        expect.true(getattr(ws, attribute) is first, f"ws.{attribute} to be the object it was before", first)


@pytest.mark.clause("URL-13")
def test_built_once(binding: Binding) -> None:
    scope = make_scope(path="/before", query_string=b"a=1", headers=[(b"host", b"example.org"), (b"x-a", b"1")])
    ws = binding.connect(scope=scope)[1]
    url, headers, query_params = ws.url, ws.headers, ws.query_params
    # New values, not changes to the old ones: a binding may share the scope's header list (HDR-7).
    scope["path"] = "/after"
    scope["query_string"] = b"a=2"
    scope["headers"] = [(b"host", b"changed.example"), (b"x-a", b"2")]
    expect.true(ws.url is url, "ws.url to be the object built on first use", ws.url)
    expect.true(ws.headers is headers, "ws.headers to be the object built on first use", ws.headers)
    expect.true(ws.query_params is query_params, "ws.query_params to be the object built on first use", ws.query_params)
    expect.equal(str(ws.url), "ws://example.org/before?a=1", "str(ws.url) after the scope changed")
    expect.equal(ws.headers.get("x-a"), "1", "ws.headers.get('x-a') after the scope changed")
    expect.equal(ws.query_params.get("a"), "1", "ws.query_params.get('a') after the scope changed")


@pytest.mark.clause("URL-13")
def test_built_on_first_use(binding: Binding) -> None:
    scope = make_scope(path="/before", query_string=b"a=1", headers=[(b"host", b"example.org"), (b"x-a", b"1")])
    ws = binding.connect(scope=scope)[1]
    scope["path"] = "/after"
    scope["query_string"] = b"a=2"
    scope["headers"] = [(b"host", b"changed.example"), (b"x-a", b"2")]
    expect.equal(str(ws.url), "ws://changed.example/after?a=2", "str(ws.url) first read after the scope changed")
    expect.equal(ws.headers.get("x-a"), "2", "ws.headers.get('x-a') first read after the scope changed")
    expect.equal(ws.query_params.get("a"), "2", "ws.query_params.get('a') first read after the scope changed")


# -- URL-14 ------------------------------------------------------------------------------


def str_replace(url: wsproto_api.URL, old: str, new: str, count: int | None, expected: str) -> object:
    """``url.replace(old, new[, count])``, failing with the expected result when the call raises."""
    call = f"url.replace({old!r}, {new!r})" if count is None else f"url.replace({old!r}, {new!r}, {count})"
    try:
        return url.replace(old, new) if count is None else url.replace(old, new, count)
    except TypeError as error:
        raise AssertionError(f"{call}: expected {expected!r}, saw TypeError: {error}") from error


@pytest.mark.clause("URL-14")
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
    ],
)
def test_positional_replace_is_str_replace(
    binding: Binding, old: str, new: str, count: int | None, expected: str
) -> None:
    url = check_url(binding, "ws://w.example.org/ws", path="/ws", headers=[(b"host", b"w.example.org")])
    replaced = str_replace(url, old, new, count, expected)
    expect.equal(replaced, expected, f"url.replace({old!r}, {new!r}) with count {count}")
    expect.true(type(replaced) is str, "a str", type(replaced))
    expect.equal(str(url), "ws://w.example.org/ws", "the URL replace() was called on, afterwards")


@pytest.mark.clause("URL-14")
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("ws", "wss"), {"path": "/x"}),
        (("ws", "wss"), {"port": 1}),
        (("ws", "wss", 1), {"fragment": "f"}),
        (("ws",), {"scheme": "wss"}),
        (("ws",), {}),
    ],
)
def test_replace_mixing_positional_and_keywords_is_a_type_error(
    binding: Binding, args: tuple[str, ...], kwargs: dict[str, Any]
) -> None:
    url = check_url(binding, "ws://example.org/ws", path="/ws")
    with expect.raises(TypeError, what=f"url.replace(*{args!r}, **{kwargs!r})"):
        url.replace(*args, **kwargs)


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
    expect.equal(url.password, "s3cret", "url.password after repr()")


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
def test_unix_socket_server_gives_no_netloc(
    binding: Binding, headers: list[tuple[bytes, bytes]], path: str, expected: str
) -> None:
    check_url(binding, expected, path=path, query_string=b"x=1", headers=headers, server=("/run/app.sock", None))


# -- generated scopes (URL-2, URL-4 to URL-8, URL-15) -------------------------------------
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


def generated_url(binding: Binding, scope: Scope) -> wsproto_api.URL:
    """``ws.url`` for ``scope``, after checking that its string is what URL-2 and URL-4 to URL-7 build."""
    expected = expected_url(
        scope["scheme"], scope["path"], scope["query_string"], first_host(scope), scope.get("server")
    )
    url = binding.connect(scope=scope)[1].url
    expect.equal(str(url), expected, f"str(ws.url) for {summary(scope)}")
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
        expect.equal(url.netloc, expected, f"ws.url.netloc for the host headers {scope['headers']!r}")


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
        expect.equal(url.netloc, "", f"ws.url.netloc of a relative URL, for {summary(scope)}")


@pytest.mark.clause("URL-7")
@GENERATED
@given(
    absolute=scopes(
        path=paths(), query_string=url_queries(fragment_sign=False), headers=st.just([(b"host", b"example.org")])
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
        url = generated_url(binding, scope)
        what = f"for {summary(scope)}"
        expect.true(not set(url.path) & set("?#\\"), f"no ?, # or \\ in ws.url.path {what}", url.path)
        expect.equal(url.query, scope["query_string"].decode(), f"ws.url.query {what}")
        expect.equal(url.fragment, "", f"ws.url.fragment {what}")


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
        url = binding.connect(scope=scope)[1].url
        text = str(url)
        try:
            split = urlsplit(text)
            _ = split.port
        except ValueError as error:
            raise AssertionError(
                f"str(ws.url) for {summary(scope)}: expected a URL that urlsplit() reads, saw {text!r} ({error})"
            ) from error
        for name in COMPONENTS:
            what = f"ws.url.{name} against urlsplit({text!r}).{name}, for {summary(scope)}"
            expect.equal(outcome(partial(getattr, url), name), getattr(split, name), what)
        port = url.port
        expect.true(port is None or type(port) is int, f"ws.url.port of {text!r} to be an int or None", port)
        expect.equal(url.is_secure, split.scheme in ("wss", "https"), f"ws.url.is_secure of {text!r}")


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
    url = binding.connect(scope=make_scope(path=path))[1].url.replace(username=username, password=password)
    text = f"ws://{username}:{password}@example.org{path}"
    expect.equal(str(url), text, "setup: the URL built from the scope and url.replace()")
    shown = repr(url)
    expect.true(masked in shown, f"repr(url) of {text!r} to show {masked!r}", shown)
    expect.true(password not in shown, f"repr(url) of {text!r} not to show the password {password!r}", shown)
