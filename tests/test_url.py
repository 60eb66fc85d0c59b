"""URL: the connection URL built from the scope, its components and its derived URLs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from conformance.peer import make_scope
from wsproto_api.reference import URL, WebSocket

HOST = (b"host", b"example.org")


def url_of(**scope: Any) -> str:
    return WebSocket(make_scope(**scope)).url


# -- URL-1, URL-2 ------------------------------------------------------------------------


@pytest.mark.clause("URL-1")
def test_url_is_a_str() -> None:
    url = url_of(path="/chat")
    assert isinstance(url, str)
    assert url == "ws://example.org/chat"
    assert "ws://example.org/chat" == url  # noqa: SIM300
    assert hash(url) == hash("ws://example.org/chat")
    assert {"ws://example.org/chat": 1}[url] == 1
    assert url.startswith("ws://")
    assert url.endswith("/chat")
    assert "example.org" in url
    assert url.upper() == "WS://EXAMPLE.ORG/CHAT"
    assert url + "?x=1" == "ws://example.org/chat?x=1"
    assert url[:5] == "ws://"
    assert len(url) == len("ws://example.org/chat")
    assert url.split("/") == ["ws:", "", "example.org", "chat"]
    assert f"<{url}>" == "<ws://example.org/chat>"
    assert str(url) == "ws://example.org/chat"
    assert url.encode() == b"ws://example.org/chat"


@pytest.mark.clause("URL-1", "URL-14")
def test_positional_replace_is_str_replace() -> None:
    url = URL("ws://example.org/ws")
    replaced = url.replace("ws", "wss")
    assert replaced == "wss://example.org/wss"
    assert type(replaced) is str
    assert url.replace("o", "0", 1) == "ws://example.0rg/ws"
    assert url == "ws://example.org/ws"


@pytest.mark.clause("URL-14")
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [(("ws", "wss"), {"path": "/x"}), (("ws",), {}), (("ws",), {"scheme": "wss"}), (("ws", "wss"), {"port": 1})],
)
def test_replace_mixing_positional_and_keywords_is_a_type_error(args: tuple[str, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        URL("ws://example.org/ws").replace(*args, **kwargs)


@pytest.mark.clause("URL-2")
@pytest.mark.parametrize(
    ("path", "query_string", "expected"),
    [
        ("/", b"", "ws://example.org/"),
        ("/chat", b"", "ws://example.org/chat"),
        ("/a/b", b"x=1&y=2", "ws://example.org/a/b?x=1&y=2"),
        ("/a", b"q=caf%C3%A9", "ws://example.org/a?q=caf%C3%A9"),
        ("/a", b"q=caf\xc3\xa9", "ws://example.org/a?q=caf\u00e9"),
        ("/caf\u00e9", b"", "ws://example.org/caf\u00e9"),
        ("/a%2Fb", b"", "ws://example.org/a%2Fb"),
        ("/a b", b"", "ws://example.org/a b"),
    ],
)
def test_url_is_scheme_netloc_path_query(path: str, query_string: bytes, expected: str) -> None:
    assert url_of(path=path, query_string=query_string) == expected


@pytest.mark.clause("URL-2")
def test_url_path_is_scope_path_not_root_path() -> None:
    assert url_of(path="/app/chat", root_path="/app") == "ws://example.org/app/chat"


@pytest.mark.clause("URL-2")
def test_url_without_query_string_key() -> None:
    scope = make_scope(path="/chat")
    del scope["query_string"]
    assert WebSocket(scope).url == "ws://example.org/chat"


# -- URL-3 -------------------------------------------------------------------------------


@pytest.mark.clause("URL-3")
@pytest.mark.parametrize(
    ("scheme", "expected"),
    [(None, "ws://example.org/p"), ("ws", "ws://example.org/p"), ("wss", "wss://example.org/p")],
)
def test_scheme(scheme: str | None, expected: str) -> None:
    url = url_of(path="/p", scheme=scheme)
    assert url == expected


@pytest.mark.clause("URL-3", "URL-5")
def test_scheme_default_uses_ws_default_port() -> None:
    assert url_of(path="/p", scheme=None, headers=[], server=("10.0.0.1", 80)) == "ws://10.0.0.1/p"
    assert url_of(path="/p", scheme=None, headers=[], server=("10.0.0.1", 443)) == "ws://10.0.0.1:443/p"


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
        "localhost",
        "my-host_1.example~x",
        "127.0.0.1",
        "127.0.0.1:9000",
        "[::1]",
        "[::1]:8000",
        "[2001:db8::1]:443",
        "[::ffff:192.0.2.1]",
    ],
)
def test_valid_host_header_is_the_netloc(host: str) -> None:
    url = url_of(path="/p", headers=[(b"host", host.encode())], server=("10.0.0.1", 8001))
    assert url == f"ws://{host}/p"


@pytest.mark.clause("URL-4", "URL-5")
@pytest.mark.parametrize(
    "host",
    [
        "example.org:65536",
        "example.org:99999",
        "example.org:123456",
        # A port is one or more digits, so a bare ":" is not valid (URL-4).
        "example.org:",
        "127.0.0.1:",
        "[::1]:",
        "example.org:http",
        "example.org:80:80",
        "evil.com/path",
        "evil.com?x",
        "evil.com#x",
        "evil.com\\x",
        "user@example.org",
        "a b",
        "::1",
        "[::1",
        "::1]",
        "[not-an-ip]",
        "[::1]x",
        "[12345::1]",
    ],
)
def test_invalid_host_header_falls_back_to_server(host: str) -> None:
    url = url_of(path="/p", headers=[(b"host", host.encode())], server=("10.0.0.1", 8001))
    assert url == "ws://10.0.0.1:8001/p"


@pytest.mark.clause("URL-4")
def test_first_host_header_is_used() -> None:
    headers = [(b"x-other", b"x"), (b"host", b"first.example"), (b"host", b"second.example")]
    assert url_of(path="/p", headers=headers) == "ws://first.example/p"


@pytest.mark.clause("URL-4", "HDR-2")
@pytest.mark.parametrize("name", [b"Host", b"HOST", b"hOsT"])
def test_host_header_name_in_any_case(name: bytes) -> None:
    assert url_of(path="/p", headers=[(name, b"example.com:81")], server=None) == "ws://example.com:81/p"


# -- URL-5, URL-6 ------------------------------------------------------------------------


@pytest.mark.clause("URL-5")
@pytest.mark.parametrize(
    ("scheme", "server", "expected"),
    [
        ("ws", ("10.0.0.1", 80), "ws://10.0.0.1/p"),
        ("ws", ("10.0.0.1", 8080), "ws://10.0.0.1:8080/p"),
        ("ws", ("10.0.0.1", 443), "ws://10.0.0.1:443/p"),
        ("wss", ("10.0.0.1", 443), "wss://10.0.0.1/p"),
        ("wss", ("10.0.0.1", 80), "wss://10.0.0.1:80/p"),
        ("ws", ("example.org", 9000), "ws://example.org:9000/p"),
        ("ws", ["example.org", 9000], "ws://example.org:9000/p"),
        ("ws", ("::1", 8000), "ws://[::1]:8000/p"),
        ("ws", ("::1", 80), "ws://[::1]/p"),
        ("wss", ("2001:db8::5", 443), "wss://[2001:db8::5]/p"),
    ],
)
def test_netloc_from_server(scheme: str, server: Any, expected: str) -> None:
    assert url_of(path="/p", scheme=scheme, headers=[], server=server) == expected


@pytest.mark.clause("URL-6")
@pytest.mark.parametrize(
    ("headers", "path", "query_string", "expected"),
    [
        ([], "/chat", b"", "/chat"),
        ([], "/chat", b"x=1", "/chat?x=1"),
        ([(b"host", b"bad/host")], "/chat", b"a=b", "/chat?a=b"),
        ([], "/a?b", b"", "/a%3Fb"),
        ([], "//evil.example/x", b"", "/%2Fevil.example/x"),
    ],
)
def test_relative_url_without_host_or_server(
    headers: list[tuple[bytes, bytes]], path: str, query_string: bytes, expected: str
) -> None:
    assert url_of(path=path, query_string=query_string, headers=headers, server=None) == expected


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
        ("/%3F", b"", "ws://example.org/%3F", "/%3F", ""),
    ],
)
def test_path_escaping(path: str, query_string: bytes, expected: str, expected_path: str, expected_query: str) -> None:
    url = WebSocket(make_scope(path=path, query_string=query_string)).url
    assert url == expected
    assert url.path == expected_path
    assert url.query == expected_query
    assert url.fragment == ""
    assert url.netloc == "example.org"


@pytest.mark.clause("URL-7", "URL-5")
def test_backslash_cannot_change_authority() -> None:
    url = WebSocket(make_scope(path="\\\\evil.example/x", headers=[], server=("10.0.0.1", 80))).url
    assert url.hostname == "10.0.0.1"
    assert "\\" not in url


# -- URL-8 -------------------------------------------------------------------------------


@pytest.mark.clause("URL-8")
def test_components_of_a_full_url() -> None:
    url = URL("wss://user:pw@Example.ORG:8443/p/a?x=1&y=2#frag")
    assert url.scheme == "wss"
    assert url.netloc == "user:pw@Example.ORG:8443"
    assert url.path == "/p/a"
    assert url.query == "x=1&y=2"
    assert url.fragment == "frag"
    assert url.username == "user"
    assert url.password == "pw"
    assert url.hostname == "example.org"
    assert url.port == 8443
    assert url.is_secure is True


@pytest.mark.clause("URL-8")
def test_components_of_a_connection_url() -> None:
    url = WebSocket(make_scope(path="/chat", query_string=b"a=1", headers=[(b"host", b"[::1]:8000")])).url
    assert url.scheme == "ws"
    assert url.netloc == "[::1]:8000"
    assert url.path == "/chat"
    assert url.query == "a=1"
    assert url.fragment == ""
    assert url.username is None
    assert url.password is None
    assert url.hostname == "::1"
    assert url.port == 8000
    assert isinstance(url.port, int)
    assert url.is_secure is False


@pytest.mark.clause("URL-8")
def test_port_is_none_when_absent() -> None:
    url = WebSocket(make_scope(headers=[(b"host", b"example.org")])).url
    assert url.port is None
    assert url.hostname == "example.org"


@pytest.mark.clause("URL-8")
def test_components_of_a_relative_url() -> None:
    url = WebSocket(make_scope(path="/chat", query_string=b"a=1", headers=[], server=None)).url
    assert url.scheme == ""
    assert url.netloc == ""
    assert url.path == "/chat"
    assert url.query == "a=1"
    assert url.hostname is None
    assert url.port is None


@pytest.mark.clause("URL-8")
@pytest.mark.parametrize(
    ("text", "secure"),
    [("ws://h/", False), ("wss://h/", True), ("http://h/", False), ("https://h/", True), ("/p", False)],
)
def test_is_secure(text: str, secure: bool) -> None:
    assert URL(text).is_secure is secure


@pytest.mark.clause("URL-8", "URL-3")
@pytest.mark.parametrize(("scheme", "secure"), [("ws", False), ("wss", True), (None, False)])
def test_connection_is_secure(scheme: str | None, secure: bool) -> None:
    assert WebSocket(make_scope(scheme=scheme)).url.is_secure is secure


@pytest.mark.clause("URL-15")
def test_repr_masks_password() -> None:
    assert repr(URL("ws://user:s3cret@example.org/p")) == "URL('ws://user:********@example.org/p')"
    assert repr(URL("ws://user@example.org/p")) == "URL('ws://user@example.org/p')"


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
        (BASE, {"scheme": "wss", "path": "/z", "query": "q=1"}, "wss://example.org:8080/z?q=1#f"),
        ("ws://[::1]:8080/a", {"port": 9000}, "ws://[::1]:9000/a"),
        ("ws://[::1]:8080/a", {"hostname": "example.org"}, "ws://example.org:8080/a"),
        ("ws://[::1]/a", {"port": 81}, "ws://[::1]:81/a"),
        ("ws://u:p@example.org/a", {"hostname": "b.org"}, "ws://u:p@b.org/a"),
        ("ws://u:p@example.org/a", {"password": "q"}, "ws://u:q@example.org/a"),
        ("ws://u:p@example.org/a", {"port": 1}, "ws://u:p@example.org:1/a"),
        ("ws://example.org/a", {}, "ws://example.org/a"),
    ],
)
def test_replace_components(base: str, changes: dict[str, Any], expected: str) -> None:
    url = URL(base)
    replaced = url.replace(**changes)
    assert replaced == expected
    assert isinstance(replaced, URL)
    assert url == base


@pytest.mark.clause("URL-9")
def test_replace_on_connection_url_keeps_its_kind() -> None:
    url = WebSocket(make_scope(path="/chat", query_string=b"a=1")).url
    replaced = url.replace(scheme="wss", port=8443)
    assert replaced == "wss://example.org:8443/chat?a=1"
    assert type(replaced) is type(url)
    assert replaced.port == 8443
    assert replaced.is_secure is True


# -- URL-10 to URL-12 --------------------------------------------------------------------


@pytest.mark.clause("URL-10")
@pytest.mark.parametrize(
    ("base", "params", "expected"),
    [
        ("ws://h/p", {"a": "1"}, "ws://h/p?a=1"),
        ("ws://h/p?x=1&y=2&x=3", {"x": 5, "z": "a b"}, "ws://h/p?y=2&x=5&z=a+b"),
        ("ws://h/p?x=1", {"n": 1, "f": 1.5, "b": True, "o": None}, "ws://h/p?x=1&n=1&f=1.5&b=True&o=None"),
        ("ws://h/p?x=1", {"v": "a&b=c/d"}, "ws://h/p?x=1&v=a%26b%3Dc%2Fd"),
        ("ws://h/p?x=1", {"v": "caf\u00e9"}, "ws://h/p?x=1&v=caf%C3%A9"),
        ("ws://h/p?q=a%20b#frag", {"r": 1}, "ws://h/p?q=a+b&r=1#frag"),
        ("ws://h/p?x=1", {}, "ws://h/p?x=1"),
    ],
)
def test_include_query_params(base: str, params: dict[str, object], expected: str) -> None:
    result = URL(base).include_query_params(**params)
    assert result == expected
    assert isinstance(result, URL)


@pytest.mark.clause("URL-11")
@pytest.mark.parametrize(
    ("base", "params", "expected"),
    [
        ("ws://h/p?x=1&y=2", {"a": 1, "b": "x y"}, "ws://h/p?a=1&b=x+y"),
        ("ws://h/p?x=1&y=2", {"x": "9"}, "ws://h/p?x=9"),
        ("ws://h/p?x=1#frag", {"v": "a&b"}, "ws://h/p?v=a%26b#frag"),
        ("ws://h/p?x=1", {}, "ws://h/p"),
        ("ws://h/p", {"k": "caf\u00e9"}, "ws://h/p?k=caf%C3%A9"),
    ],
)
def test_replace_query_params(base: str, params: dict[str, object], expected: str) -> None:
    result = URL(base).replace_query_params(**params)
    assert result == expected
    assert isinstance(result, URL)


@pytest.mark.clause("URL-12")
@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("x", "ws://h/p?y=2&xy=4"),
        ("xy", "ws://h/p?x=1&y=2&x=3"),
        (["x", "y"], "ws://h/p?xy=4"),
        (("x", "y", "xy"), "ws://h/p"),
        (["missing"], "ws://h/p?x=1&y=2&x=3&xy=4"),
        ([], "ws://h/p?x=1&y=2&x=3&xy=4"),
    ],
)
def test_remove_query_params(keys: str | Sequence[str], expected: str) -> None:
    result = URL("ws://h/p?x=1&y=2&x=3&xy=4").remove_query_params(keys)
    assert result == expected
    assert isinstance(result, URL)


@pytest.mark.clause("URL-10", "URL-11", "URL-12")
def test_query_methods_on_connection_url() -> None:
    url = WebSocket(make_scope(path="/chat", query_string=b"a=1&b=2")).url
    assert url.include_query_params(c=3) == "ws://example.org/chat?a=1&b=2&c=3"
    assert url.replace_query_params(c=3) == "ws://example.org/chat?c=3"
    assert url.remove_query_params("a") == "ws://example.org/chat?b=2"
    assert url == "ws://example.org/chat?a=1&b=2"


# -- URL-13 ------------------------------------------------------------------------------


@pytest.mark.clause("URL-13")
def test_url_headers_query_params_are_cached() -> None:
    ws = WebSocket(make_scope(path="/chat", query_string=b"a=1"))
    assert ws.url is ws.url
    assert ws.headers is ws.headers
    assert ws.query_params is ws.query_params


@pytest.mark.clause("URL-13")
def test_url_is_built_once() -> None:
    scope = make_scope(path="/before")
    ws = WebSocket(scope)
    first = ws.url
    scope["path"] = "/after"
    assert ws.url is first
    assert ws.url == "ws://example.org/before"


@pytest.mark.clause("URL-16")
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([], "/chat?x=1"),
        ([(b"host", b"example.org")], "ws://example.org/chat?x=1"),
        ([(b"host", b"bad host")], "/chat?x=1"),
    ],
)
def test_unix_socket_server_gives_no_netloc(headers: list[tuple[bytes, bytes]], expected: str) -> None:
    scope = make_scope(path="/chat", query_string=b"x=1", headers=headers, server=("/run/app.sock", None))
    assert WebSocket(scope).url == expected


@pytest.mark.clause("URL-2")
@pytest.mark.parametrize(("path", "expected"), [("chat", "ws://example.org/chat"), ("", "ws://example.org")])
def test_leading_slash_only_before_a_non_empty_path(path: str, expected: str) -> None:
    assert WebSocket(make_scope(path=path)).url == expected


# -- URL-4 -------------------------------------------------------------------------------


# -- URL-10 to URL-12 --------------------------------------------------------------------


@pytest.mark.clause("URL-10")
@pytest.mark.parametrize(
    ("base", "params", "expected"),
    [
        ("ws://h/p?a=&b=1", {"c": "2"}, "ws://h/p?a=&b=1&c=2"),
        ("ws://h/p?a=1&e=", {"a": "2"}, "ws://h/p?e=&a=2"),
    ],
)
def test_include_query_params_keeps_existing_pairs_with_empty_values(
    base: str, params: dict[str, object], expected: str
) -> None:
    assert URL(base).include_query_params(**params) == expected


@pytest.mark.clause("URL-10")
def test_include_query_params_converts_values_with_str() -> None:
    # str(b"x") is "b'x'": the value is converted with str before it is URL-encoded.
    assert URL("ws://h/p").include_query_params(k=b"x") == "ws://h/p?k=b%27x%27"


@pytest.mark.clause("URL-11")
def test_replace_query_params_keeps_the_given_order() -> None:
    assert URL("ws://h/p?x=1").replace_query_params(z="1", a="2", m="3") == "ws://h/p?z=1&a=2&m=3"


@pytest.mark.clause("URL-12")
@pytest.mark.parametrize(("keys", "expected"), [("c", "ws://h/p?a=&b=1"), (["b"], "ws://h/p?a=&c=2")])
def test_remove_query_params_keeps_other_pairs_with_empty_values(keys: str | list[str], expected: str) -> None:
    assert URL("ws://h/p?a=&b=1&c=2").remove_query_params(keys) == expected


# -- URL-14 ------------------------------------------------------------------------------


@pytest.mark.clause("URL-14")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("w", "W", 1), "Ws://w.example.org/ws"),
        (("w", "W", 2), "Ws://W.example.org/ws"),
        (("w", "W", 0), "ws://w.example.org/ws"),
        (("w", "W", -1), "Ws://W.example.org/Ws"),
        (("w", "W"), "Ws://W.example.org/Ws"),
    ],
)
def test_positional_replace_honours_count(args: tuple[Any, ...], expected: str) -> None:
    replaced = URL("ws://w.example.org/ws").replace(*args)
    assert replaced == expected
    assert type(replaced) is str


@pytest.mark.clause("URL-5")
@pytest.mark.parametrize(
    ("scheme", "port", "expected"),
    [
        ("https", 443, "https://10.0.0.1/p"),
        ("https", 80, "https://10.0.0.1:80/p"),
        ("http", 80, "http://10.0.0.1/p"),
        ("http", 443, "http://10.0.0.1:443/p"),
    ],
)
def test_default_ports_of_http_schemes(scheme: str, port: int, expected: str) -> None:
    assert url_of(scheme=scheme, path="/p", headers=[], server=("10.0.0.1", port)) == expected


@pytest.mark.clause("URL-9")
@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("ws://u:p@example.org:8080/a", "ws://u:p@example.org:9000/a"),
        ("ws://[::1]:8080/a", "ws://[::1]:9000/a"),
    ],
)
def test_replace_with_hostname_none_keeps_the_host(base: str, expected: str) -> None:
    assert URL(base).replace(hostname=None, port=9000) == expected
