"""The reference and Starlette 1.10 read generated scopes the same way.

Each generated scope goes to both ``WebSocket`` classes, and everything they show of it is
compared: the URL and its parts, the headers, the query parameters, the cookies, the client
and the path parameters. Where SPEC.md lists a departure from Starlette 1.10, the scopes or
the comparison leave that case out, each at the place marked with its clause; any other
difference fails, showing the scope.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from starlette.websockets import WebSocket as Starlette

from wsproto_api.asgi import Message, Scope
from wsproto_api.reference import URL, QueryParams
from wsproto_api.reference import WebSocket as Reference
from wsproto_api.reference.cookies import parse_cookies

SCOPES = 2000
"""How many generated scopes the two implementations must agree on."""

Observations = dict[str, object]


async def receive() -> Message:
    raise AssertionError("reading a scope receives nothing")


async def send(message: Message) -> None:
    raise AssertionError("reading a scope sends nothing")


# -- generated scopes ------------------------------------------------------------------------
# Strings are picked from lists, or joined from fragments picked from lists: hypothesis draws
# those fast, and their joins reach the edge cases (a "%" before "&", a quote inside a value).


def joined(fragments: list[str], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(fragments), max_size=max_size).map("".join)


HOSTS = ["example.org", "EXAMPLE.Org", "h", "a-b_c~d", "%41", "!$&'()*+,;=", "127.0.0.1", "[::1]", "[2001:DB8::5]"]
HOSTS += ["[v7.a:b]", "[V7.a]", "", "::1", "[::1", "a@b", "a/b", "a b", "h\r", "\u00e9", "[fe80::1%25eth0]"]
PORTS = ["", ":", ":0", ":80", ":443", ":0080", ":65535", ":65536", ":99999", ":x", ":8:8", "/", "?", "#"]

QUERY_FRAGMENTS = [
    *("a", "b", "key", "=", "&", "&&", "+", "%20", "%2B", "%26", "%3D", "%25", "%C3%A9", "%c3%a9", "%E2%82%AC"),
    *("%FF", "%C3", "%E2%82", "%", "%4", "%zz", "%%", ";", "#", "?", "/", " ", "\u00e9", "\u20ac", "\U0001f600"),
]
"""Text fragments; a query string is their join as UTF-8 or, sometimes, as latin-1 bytes."""

COOKIE_FRAGMENTS = [
    *("a", "b", "sid", "A", "=", ";", "; ", " ", "\t", '"', '""', "\\", "\\054", '\\"', "\u00a0", "\x85"),
    *("\x1f", "\u00e9", "x y", "$Version=1", ",", "==", "\x00"),
]

SERVER_HOSTS = ["10.0.0.1", "0.0.0.0", "::1", "2001:db8::5", "FE80::1", "fe80::1%eth0", "example.org", "LOCALHOST"]
"""Hosts a server listens on. An address or a name: Starlette 1.10 brackets any host with a
":" as if it were IPv6, where URL-5 brackets IPv6 hosts only."""

# HDR-2: Starlette 1.10 finds no header whose name the scope holds in another case, so the
# `host` and `cookie` headers, which the URL and the cookies look up, are in lower case.
HEADER_NAMES = [b"host", b"cookie", b"x-a", b"X-A", b"X-a", b"accept", b"Accept", b"x-\xe9", b"X-\xc9", b"\xff", b""]


def header_values(name: bytes) -> st.SearchStrategy[bytes]:
    if name == b"host":
        return st.builds(
            lambda host, port: (host + port).encode("latin-1"), st.sampled_from(HOSTS), st.sampled_from(PORTS)
        )
    if name == b"cookie":
        return joined(COOKIE_FRAGMENTS, 8).map(lambda text: text.encode("latin-1"))
    return st.binary(max_size=4)


def headers() -> st.SearchStrategy[list[tuple[bytes, bytes]]]:
    # HDR-7: a list, as Starlette 1.10 needs. Pairs are tuples: Starlette's `headers.raw`
    # gives back the scope's own pairs, where the reference makes tuples of them.
    def pairs(names: list[bytes], max_size: int) -> st.SearchStrategy[list[tuple[bytes, bytes]]]:
        pair = st.sampled_from(names).flatmap(lambda name: st.tuples(st.just(name), header_values(name)))
        return st.lists(pair, max_size=max_size)

    # Most scopes have a host header and many a cookie header, in any place.
    return st.builds(
        lambda *groups: [pair for group in groups for pair in group],
        pairs([b"host"], 2),
        pairs([b"cookie"], 2),
        pairs(HEADER_NAMES, 3),
    ).flatmap(st.permutations)


def query_strings() -> st.SearchStrategy[bytes]:
    text = joined(QUERY_FRAGMENTS, 6)
    return text.map(str.encode) | text.map(lambda text: text.encode("latin-1", "replace")) | st.binary(max_size=6)


def optional(key: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``{key: value}``, ``{key: None}`` or ``{}``."""
    return st.one_of(values.map(lambda value: {key: value}), st.just({key: None}), st.just({}))


def address(hosts: list[str]) -> st.SearchStrategy[Any]:
    """A ``(host, port)`` pair, as a tuple or a list. URL-16: the port is never None."""
    pair = st.tuples(st.sampled_from(hosts), st.sampled_from([80, 443, 0, 8080, 65535]))
    return pair | pair.map(list)


def scopes() -> st.SearchStrategy[Scope]:
    path = joined(["/", "//", "a", "\u00e9", "?", "#", "\\", "%2F", " ", ":", "@", "\x00"], 6)
    required = st.fixed_dictionaries(
        {
            "type": st.just("websocket"),
            "asgi": st.just({"version": "3.0"}),
            # URL-3: always a scheme. Only the four Starlette 1.10 knows: with another it
            # raises KeyError when it builds the netloc from the server, where URL-5 keeps the port.
            "scheme": st.sampled_from(["ws", "wss", "http", "https"]),
            "path": path,
            # QP-5: always a query_string, which ASGI makes optional: without one, Starlette
            # 1.10's query_params raises KeyError.
            "query_string": query_strings(),
            "root_path": st.sampled_from(["", "/app"]),
            "headers": headers(),
        }
    )
    path_params = st.just({}) | st.dictionaries(st.sampled_from(["id", "room"]), st.sampled_from(["1", ""])).map(
        lambda params: {"path_params": params}
    )
    return st.builds(
        lambda scope, server, client, params: {
            **scope,
            "raw_path": scope["path"].encode(),
            **server,
            **client,
            **params,
        },
        required,
        optional("server", address(SERVER_HOSTS)),
        optional("client", address(["203.0.113.5", "::1", "client"])),
        path_params,
    )


# -- observing and comparing -----------------------------------------------------------------


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _can_show_hdr2(scope_names: list[bytes], asked: str) -> bool:
    """Whether looking ``asked`` up could differ by HDR-2, a listed departure.

    Starlette 1.10 lower-cases the name asked (``str.lower``, any letter) and finds only
    names the scope holds in lower case; HDR-2 folds ASCII letters on both sides.
    """
    wanted = asked.encode("latin-1").lower()
    return asked != asked.lower() or any(name.lower() == wanted and name != wanted for name in scope_names)


def observe(websocket: Callable[..., Any], scope: Scope) -> Observations:
    """Everything a connection over ``scope`` shows of it, each part or the error it raised."""
    # CONN-2: both channels are always given. HDR-7: each implementation gets its own copy,
    # because Starlette 1.10 writes the header list back into the scope.
    ws = websocket(copy.deepcopy(scope), receive, send)
    seen: Observations = {}

    def record(name: str, action: Callable[[], object]) -> None:
        try:
            seen[name] = action()
        except Exception as error:
            seen[name] = f"raised {type(error).__name__}"

    def read(attribute: str) -> Any:
        """``ws.<attribute>``, or ``None`` once what it raised is recorded."""
        try:
            return getattr(ws, attribute)
        except Exception as error:
            seen[f"ws.{attribute}"] = f"raised {type(error).__name__}"
            return None

    # CONN-8: a query string that is not UTF-8 makes the URL raise, a different error in each
    # implementation; its query parameters are still compared.
    url = read("url") if _utf8(scope.get("query_string", b"")) else None
    if url is not None:
        # URL-1: the URL is compared by its str(), never as a str itself.
        record("str(url)", lambda: str(url))
        for part in ("scheme", "netloc", "path", "query", "fragment", "username", "password", "hostname", "port"):
            record(f"url.{part}", lambda part=part: getattr(url, part))
        record("url.is_secure", lambda: url.is_secure)
        # URL-9: component keywords only, never str.replace's positional arguments (URL-18, where
        # Starlette departs).
        record("url.replace(scheme='wss')", lambda: str(url.replace(scheme="wss")))
        record("url.replace(path='/x', query='q=1')", lambda: str(url.replace(path="/x", query="q=1")))
        record("url.include_query_params(a=1)", lambda: str(url.include_query_params(a=1)))
        record("url.replace_query_params(b='x y')", lambda: str(url.replace_query_params(b="x y")))
        record("url.remove_query_params(['a', 'b'])", lambda: str(url.remove_query_params(["a", "b"])))

    headers = read("headers")
    if headers is not None:
        observe_headers(headers, [name for name, _ in scope["headers"]], record)
    params = read("query_params")
    if params is not None:
        observe_query_params(params, record)
    record("list(cookies.items())", lambda: list(ws.cookies.items()))
    record("client", lambda: None if ws.client is None else (tuple(ws.client), ws.client.host, ws.client.port))
    record("path_params", lambda: ws.path_params)
    return seen


Record = Callable[[str, Callable[[], object]], None]


def observe_headers(headers: Any, scope_names: list[bytes], record: Record) -> None:
    record("headers.items()", headers.items)
    record("headers.keys()", headers.keys)
    record("headers.values()", headers.values)
    record("headers.raw", lambda: headers.raw)
    record("len(headers)", lambda: len(headers))
    record("list(headers)", lambda: list(headers))
    # HDR-8: names from the scope, so latin-1: for a name that is not, Starlette 1.10 raises
    # UnicodeEncodeError.
    asked_names = {name.decode("latin-1") for name in scope_names} | {"x-missing", "host", "cookie"}
    for name in sorted(asked_names | {name.lower() for name in asked_names}):
        # HDR-2: no lookup where the departure can show.
        if _can_show_hdr2(scope_names, name):
            continue
        record(f"headers.getlist({name!r})", lambda name=name: headers.getlist(name))
        record(f"headers[{name!r}]", lambda name=name: headers[name])
        record(f"{name!r} in headers", lambda name=name: name in headers)
        record(f"headers.get({name!r})", lambda name=name: headers.get(name))


def observe_query_params(params: Any, record: Record) -> None:
    record("query_params.multi_items()", params.multi_items)
    record("list(query_params.keys())", lambda: list(params.keys()))
    record("list(query_params.values())", lambda: list(params.values()))
    record("list(query_params.items())", lambda: list(params.items()))
    record("len(query_params)", lambda: len(params))
    record("str(query_params)", lambda: str(params))
    for key in sorted({key for key, _ in params.multi_items()} | {"missing"}):
        record(f"query_params.getlist({key!r})", lambda key=key: params.getlist(key))
        record(f"query_params[{key!r}]", lambda key=key: params[key])
        record(f"{key!r} in query_params", lambda key=key: key in params)


def differences(scope: Scope, first: Callable[..., Any], second: Callable[..., Any]) -> list[str]:
    """What ``first`` and ``second`` show differently of ``scope``, one line each."""
    seen_first, seen_second = observe(first, scope), observe(second, scope)
    return [
        f"{name}: {seen_first.get(name, '(not observed)')!r} != {seen_second.get(name, '(not observed)')!r}"
        for name in dict.fromkeys([*seen_first, *seen_second])
        if seen_first.get(name) != seen_second.get(name)
    ]


def explain(scope: Scope, found: list[str]) -> str:
    return f"the implementations differ on scope {scope!r}:\n  " + "\n  ".join(found)


# -- the comparison ---------------------------------------------------------------------------

SETTINGS = settings(max_examples=SCOPES, derandomize=True, database=None, deadline=None)
"""The same scopes on every run, and nothing written to disk."""


def test_reference_and_starlette_agree_on_generated_scopes() -> None:
    compared = 0

    @SETTINGS
    @given(scope=scopes())
    def agree(scope: Scope) -> None:
        nonlocal compared
        found = differences(scope, Reference, Starlette)
        assert not found, explain(scope, found)
        compared += 1

    agree()
    # Hypothesis stops early when it runs out of new inputs; this many must have been compared.
    assert compared >= SCOPES


def test_lookups_are_left_out_only_where_hdr2_could_show() -> None:
    scope: Scope = {"type": "websocket", "path": "/", "query_string": b"", "headers": [(b"X-A", b"1"), (b"x-b", b"2")]}
    seen = observe(Reference, {**scope, "scheme": "ws"})
    assert "headers.items()" in seen
    assert not {"headers.getlist('X-A')", "headers.getlist('x-a')", "headers.getlist('X-B')"} & set(seen)
    assert {"headers.getlist('x-b')", "headers.getlist('x-missing')", "headers['host']"} <= set(seen)


# -- the comparison can fail ------------------------------------------------------------------


class BlankValuesDropped(Reference):
    """The reference, but query parameters without a value are lost (QP-3)."""

    @property
    def query_params(self) -> QueryParams:
        return QueryParams([(key, value) for key, value in super().query_params.multi_items() if value])


class EarlierCookieHeaderWins(Reference):
    """The reference, but an earlier ``cookie`` header overrides a later one (CONN-10)."""

    @property
    def cookies(self) -> dict[str, str]:
        cookies: dict[str, str] = {}
        for header in reversed(self.headers.getlist("cookie")):
            cookies.update(parse_cookies([header]))
        return cookies


class HostHeaderIgnored(Reference):
    """The reference, but the URL's netloc always comes from the server (URL-4)."""

    @property
    def url(self) -> URL:
        others = [(name, value) for name, value in self.scope["headers"] if name != b"host"]
        return Reference({**self.scope, "headers": others}).url


@pytest.mark.parametrize(
    ("broken", "observation"),
    [
        (BlankValuesDropped, "query_params.multi_items()"),
        (EarlierCookieHeaderWins, "list(cookies.items())"),
        (HostHeaderIgnored, "str(url)"),
    ],
    ids=["blank-query-values-dropped", "earlier-cookie-header-wins", "host-header-ignored"],
)
def test_generated_scopes_find_a_broken_implementation(broken: type[Reference], observation: str) -> None:
    # The first scope that shows the fault, not shrunk: finding it is the point, not its size.
    scope = find(
        scopes(),
        lambda scope: bool(differences(scope, Reference, broken)),
        settings=settings(SETTINGS, phases=(Phase.generate,)),
    )
    found = differences(scope, Reference, broken)
    assert any(line.startswith(f"{observation}:") for line in found), explain(scope, found)
