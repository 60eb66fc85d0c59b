"""CONN: construction and the mapping interface."""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wsproto_api
from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, make_scope, text
from conformance.suite.generated import GENERATED, cookie_headers, parse_cookies
from wsproto_api.asgi import Message, Scope

pytestmark = pytest.mark.anyio

_MISSING: Any = object()
"""A scope value that means "leave the key out"."""


def value_id(value: object) -> str:
    return "missing" if value is _MISSING else repr(value)


def names_callable(error: BaseException, name: str) -> bool:
    """Whether the message names the callable ``name``, not a message type like ``websocket.send``."""
    return re.search(rf"(?<![\w.]){name}(?!\w)", str(error)) is not None


def names_key(error: BaseException, key: str) -> bool:
    """Whether the message names the scope key ``key`` as a word (``path``, not ``raw_path``)."""
    return re.search(rf"(?<!\w){key}(?!\w)", str(error)) is not None


def close_message(code: int) -> Message:
    return {"type": "websocket.close", "code": code, "reason": ""}


# -- CONN-1 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-1")
@pytest.mark.parametrize("style", ["positional", "keyword", "keyword-reversed", "mixed"])
async def test_construction_by_position_and_keyword(binding: Binding, style: str) -> None:
    scope = make_scope(path="/chat")
    peer = Peer(CONNECT, text("hi"))
    if style == "positional":
        ws = binding.WebSocket(scope, peer.receive, peer.send)
    elif style == "keyword":
        ws = binding.WebSocket(scope=scope, receive=peer.receive, send=peer.send)
    elif style == "keyword-reversed":
        ws = binding.WebSocket(send=peer.send, receive=peer.receive, scope=scope)
    else:
        ws = binding.WebSocket(scope, receive=peer.receive, send=peer.send)
    expect.equal(ws["path"], "/chat", f"ws['path'] of a connection built {style}")
    # The channels must be wired to the right parameters: receive reads, send writes.
    await ws.accept()
    expect.equal(await ws.receive_text(), "hi", "receive_text() over the given receive")
    await ws.send_text("back")
    expect.sent(peer, [DEFAULT_ACCEPT, {"type": "websocket.send", "text": "back"}])


# -- CONN-2 ------------------------------------------------------------------------------


def build_without_channels(binding: Binding, scope: Scope, **channels: Any) -> wsproto_api.WebSocket:
    """``binding.WebSocket(scope, **channels)``, failing with a clear message if the call is refused."""
    try:
        return binding.WebSocket(scope, **channels)
    except Exception as error:  # any refusal is the failure CONN-2 is about
        given = ", ".join(["scope", *(f"{name}=..." for name in channels)])
        raise AssertionError(
            f"WebSocket({given}): expected a connection (receive and send default to None), "
            f"saw {type(error).__name__}: {error}"
        ) from error


@pytest.mark.clause("CONN-2")
def test_without_channels_the_scope_reads_normally(binding: Binding) -> None:
    scope = make_scope(
        path="/chat",
        query_string=b"a=1",
        headers=[(b"host", b"example.org"), (b"x-k", b"v"), (b"cookie", b"c=3")],
        client=("203.0.113.5", 51000),
        path_params={"room": "lobby"},
    )
    ws = build_without_channels(binding, scope)
    expect.equal(ws["path"], "/chat", "ws['path']")
    expect.equal(str(ws.url), "ws://example.org/chat?a=1", "str(ws.url)")
    expect.equal(ws.headers["x-k"], "v", "ws.headers['x-k']")
    expect.equal(ws.query_params["a"], "1", "ws.query_params['a']")
    expect.equal(ws.cookies, {"c": "3"}, "ws.cookies")
    client: object = ws.client
    expect.equal(client, ("203.0.113.5", 51000), "ws.client")
    expect.equal(ws.path_params, {"room": "lobby"}, "ws.path_params")
    expect.equal(ws.client_state.name, "CONNECTING", "client_state")
    expect.equal(ws.application_state.name, "CONNECTING", "application_state")


@pytest.mark.clause("CONN-2")
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((None, None), {}), ((), {"receive": None, "send": None}), ((None,), {}), ((), {"send": None})],
    ids=["positional", "keyword", "receive-only-positional", "send-only-keyword"],
)
def test_receive_and_send_accept_none(binding: Binding, args: tuple[None, ...], kwargs: dict[str, None]) -> None:
    scope = make_scope(path="/p")
    try:
        ws = binding.WebSocket(scope, *args, **kwargs)
    except Exception as error:  # any refusal is the failure CONN-2 is about
        raise AssertionError(
            f"WebSocket(scope, *{args!r}, **{kwargs!r}): expected a connection, saw {type(error).__name__}: {error}"
        ) from error
    expect.equal(ws["path"], "/p", "ws['path']")


@pytest.mark.clause("CONN-2")
@pytest.mark.parametrize("with_send", [True, False], ids=["send-given", "nothing-given"])
async def test_receive_without_a_receive_callable_names_receive(binding: Binding, with_send: bool) -> None:
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, make_scope(), **({"send": peer.send} if with_send else {}))
    with expect.raises(RuntimeError, what="receive() without a receive callable") as raised:
        await ws.receive()
    expect.true(names_callable(raised.value, "receive"), "a message naming 'receive'", raised.value)
    expect.equal(ws.client_state.name, "CONNECTING", "client_state after the refused receive()")


@pytest.mark.clause("CONN-2")
@pytest.mark.parametrize("with_send", [True, False], ids=["send-given", "nothing-given"])
async def test_accept_without_a_receive_callable_names_receive(binding: Binding, with_send: bool) -> None:
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, make_scope(), **({"send": peer.send} if with_send else {}))
    with expect.raises(RuntimeError, what="accept() without a receive callable") as raised:
        await ws.accept()
    expect.true(names_callable(raised.value, "receive"), "a message naming 'receive'", raised.value)
    # accept() must receive websocket.connect before it sends the accept.
    expect.sent(peer, [])


@pytest.mark.clause("CONN-2")
async def test_accept_without_a_send_callable_names_send(binding: Binding) -> None:
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, make_scope(), receive=peer.receive)
    with expect.raises(RuntimeError, what="accept() without a send callable") as raised:
        await ws.accept()
    expect.true(names_callable(raised.value, "send"), "a message naming 'send' (the callable)", raised.value)


@pytest.mark.clause("CONN-2")
@pytest.mark.parametrize("with_receive", [True, False], ids=["receive-given", "nothing-given"])
@pytest.mark.parametrize("method", ["close", "send"])
async def test_sending_without_a_send_callable_names_send(binding: Binding, with_receive: bool, method: str) -> None:
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, make_scope(), **({"receive": peer.receive} if with_receive else {}))
    with expect.raises(RuntimeError, what=f"{method}() before accept() without a send callable") as raised:
        if method == "close":
            await ws.close(1008)
        else:
            await ws.send(close_message(1008))
    expect.true(names_callable(raised.value, "send"), "a message naming 'send' (the callable)", raised.value)
    expect.equal(peer.receive_calls, 0, "calls to receive")


# -- CONN-3 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-3")
async def test_scope_is_the_same_object(binding: Binding) -> None:
    scope = make_scope()
    peer, ws = binding.connect(CONNECT, scope=scope)
    expect.true(ws.scope is scope, "ws.scope to be the scope passed in (not a copy)", ws.scope)
    scope["custom"] = 1
    expect.equal(ws.scope.get("custom"), 1, "ws.scope['custom'] after setting it in the scope")
    await ws.accept()
    expect.true(ws.scope is scope, "ws.scope to stay the scope passed in after accept()", ws.scope)
    expect.sent(peer, [DEFAULT_ACCEPT])


# -- CONN-4 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-4")
@pytest.mark.parametrize(
    ("key", "expected"),
    [("path", "/room/1"), ("type", "websocket"), ("query_string", b"x=1"), ("custom", {"k": "v"})],
)
def test_item_is_scope_item(binding: Binding, key: str, expected: object) -> None:
    _, ws = binding.connect(scope=make_scope(path="/room/1", query_string=b"x=1", custom={"k": "v"}))
    expect.equal(ws[key], expected, f"ws[{key!r}]")


@pytest.mark.clause("CONN-4")
def test_item_is_the_scope_value_itself_and_follows_the_scope(binding: Binding) -> None:
    value = {"k": "v"}
    scope = make_scope(custom=value)
    _, ws = binding.connect(scope=scope)
    expect.true(ws["custom"] is value, "ws['custom'] to be the scope's object", ws["custom"])
    scope["later"] = "x"
    scope["custom"] = "changed"
    expect.equal(ws["later"], "x", "ws['later'] after adding it to the scope")
    expect.equal(ws["custom"], "changed", "ws['custom'] after changing it in the scope")


@pytest.mark.clause("CONN-4")
@pytest.mark.parametrize("key", ["missing", "client", "PATH", "", "path "])
def test_missing_item_raises_key_error(binding: Binding, key: str) -> None:
    _, ws = binding.connect()
    with expect.raises(KeyError, what=f"ws[{key!r}] for a key the scope lacks"):
        ws[key]


# -- CONN-5 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-5")
def test_mapping_interface(binding: Binding) -> None:
    scope = make_scope(path="/p", zz=1, aa=2)
    _, ws = binding.connect(scope=scope)
    expect.true(isinstance(ws, Mapping), "an instance of collections.abc.Mapping", type(ws))
    expect.equal(list(ws), list(scope), "list(ws), in scope order")
    expect.equal(list(ws.keys()), list(scope.keys()), "list(ws.keys())")
    expect.equal(list(ws.values()), list(scope.values()), "list(ws.values())")
    expect.equal(list(ws.items()), list(scope.items()), "list(ws.items())")
    expect.equal(len(ws), len(scope), "len(ws)")
    expect.equal(dict(ws), scope, "dict(ws)")
    for key in ("path", "zz", "aa", "type"):
        expect.true(key in ws, f"{key!r} in ws", False)
    for key in ("missing", "PATH", "client"):
        expect.true(key not in ws, f"{key!r} not in ws", True)
    expect.equal(ws.get("path"), "/p", "ws.get('path')")
    expect.equal(ws.get("missing"), None, "ws.get('missing')")
    expect.equal(ws.get("missing", 7), 7, "ws.get('missing', 7)")


@pytest.mark.clause("CONN-5")
def test_mapping_follows_the_scope(binding: Binding) -> None:
    scope = make_scope()
    _, ws = binding.connect(scope=scope)
    scope["later"] = "x"
    expect.true("later" in ws, "'later' in ws after adding it to the scope", list(ws))
    expect.equal(len(ws), len(scope), "len(ws) after adding a key to the scope")
    expect.equal(list(ws), list(scope), "list(ws) after adding a key to the scope")
    del scope["later"]
    expect.true("later" not in ws, "'later' not in ws after deleting it from the scope", list(ws))
    expect.equal(len(ws), len(scope), "len(ws) after deleting a key from the scope")


@pytest.mark.clause("CONN-5")
@pytest.mark.parametrize("key", ["path", "new"])
def test_mapping_is_read_only(binding: Binding, key: str) -> None:
    scope = make_scope(path="/p")
    before = dict(scope)
    _, ws = binding.connect(scope=scope)
    expect.true(not isinstance(ws, MutableMapping), "a read-only mapping, not a MutableMapping", type(ws))
    with expect.raises(TypeError, what=f"ws[{key!r}] = ..."):
        ws[key] = "x"  # type: ignore[index]
    with expect.raises(TypeError, what=f"del ws[{key!r}]"):
        del ws[key]  # type: ignore[attr-defined]
    expect.equal(dict(scope), before, "the scope after the refused assignment and deletion")


# -- CONN-6 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-6")
def test_equality_is_identity(binding: Binding) -> None:
    scope = make_scope()
    _, a = binding.connect(scope=scope)
    _, b = binding.connect(scope=scope)
    expect.true(a == a, "a connection equal to itself", False)
    expect.true(not (a != a), "a connection not unequal to itself", True)  # noqa: SIM202
    expect.true(not (a == b), "two connections over the same scope to be unequal", True)  # noqa: SIM201
    expect.true(a != b, "a != b for two connections over the same scope", False)
    # As plain objects: the contract's type says a connection and a dict never compare equal.
    same_scope = cast(object, scope)
    same_items = cast(object, dict(scope))
    expect.true(not (a == same_scope), "a connection unequal to its scope", True)  # noqa: SIM201
    expect.true(not (a == same_items), "a connection unequal to a dict of its scope", True)  # noqa: SIM201
    expect.equal(len({a, b}), 2, "len({a, b}) for two connections over the same scope")


@pytest.mark.clause("CONN-6")
async def test_hash_is_stable_while_used(binding: Binding) -> None:
    peer, ws = binding.connect(CONNECT, text("hi"))
    before = hash(ws)
    seen = {ws}
    _ = ws.url, ws.headers, ws.query_params, ws.cookies, ws.client, ws.path_params
    expect.equal(hash(ws), before, "hash(ws) after reading its properties")
    await ws.accept()
    await ws.receive_text()
    await ws.send_text("x")
    await ws.close()
    expect.equal(hash(ws), before, "hash(ws) after accept, receive, send and close")
    expect.true(ws in seen, "the connection still found in a set it was put in", seen)
    expect.equal(len(peer.sent), 3, "messages sent (accept, send, close)")


# -- CONN-7 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-7")
@pytest.mark.parametrize(
    "scope_type",
    [_MISSING, "http", "lifespan", "WebSocket", "websocket.connect", "", None, 1, b"websocket"],
    ids=value_id,
)
def test_wrong_scope_type_is_refused(binding: Binding, scope_type: object) -> None:
    scope = make_scope()
    if scope_type is _MISSING:
        del scope["type"]
    else:
        scope["type"] = scope_type
    peer = Peer()
    with expect.raises(Exception, what=f"WebSocket(scope) with scope['type'] {value_id(scope_type)}"):
        binding.WebSocket(scope, peer.receive, peer.send)


# -- CONN-8 ------------------------------------------------------------------------------


def malformed(key: str, value: object) -> Scope:
    """A valid scope with ``key`` set to ``value``, or removed when ``value`` is ``_MISSING``."""
    scope = make_scope(path="/chat", query_string=b"a=1")
    if value is _MISSING:
        del scope[key]
    else:
        scope[key] = value
    return scope


def expect_scope_error(binding: Binding, scope: Any, attribute: str | None, key: str) -> None:
    """Building over ``scope`` and reading ``attribute`` gives ValueError/TypeError naming ``key``."""
    peer = Peer()
    what = f"a malformed scope[{key!r}]" + ("" if attribute is None else f", reading ws.{attribute}")
    with expect.raises(ValueError, TypeError, what=what) as raised:
        ws = binding.WebSocket(scope, peer.receive, peer.send)
        if attribute is not None:
            getattr(ws, attribute)
    expect.true(names_key(raised.value, key), f"{what}: an error whose message names {key!r}", raised.value)


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [_MISSING, "http", "lifespan", "Websocket", "", None, b"websocket"], ids=value_id)
def test_bad_type_names_type(binding: Binding, value: object) -> None:
    expect_scope_error(binding, malformed("type", value), None, "type")


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize(
    "scope", [None, [], "websocket", 42, [("type", "websocket")], (("type", "websocket"),)], ids=repr
)
def test_scope_that_is_not_a_mapping_is_a_type_error(binding: Binding, scope: object) -> None:
    peer = Peer()
    with expect.raises(TypeError, what=f"WebSocket({scope!r}, receive, send)"):
        binding.WebSocket(scope, peer.receive, peer.send)


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("attribute", ["headers", "url", "cookies"])
@pytest.mark.parametrize(
    "value",
    [
        _MISSING,
        5,
        [(b"host",)],
        [(b"host", b"example.org", b"extra")],
        [b"host"],
        [(b"x", b"1"), 7],
        [("host", "example.org")],
        [("host", b"example.org")],
        [(b"host", "example.org")],
        [(b"host", None)],
    ],
    ids=value_id,
)
def test_bad_headers_name_headers(binding: Binding, attribute: str, value: object) -> None:
    expect_scope_error(binding, malformed("headers", value), attribute, "headers")


@pytest.mark.clause("CONN-8")
def test_header_pairs_given_as_lists_are_not_malformed(binding: Binding) -> None:
    _, ws = binding.connect(scope=malformed("headers", [[b"host", b"example.org"], [b"cookie", b"a=1"]]))
    expect.equal(ws.headers.get("host"), "example.org", "ws.headers['host'] from a list pair")
    expect.equal(str(ws.url), "ws://example.org/chat?a=1", "str(ws.url) from a list-pair host header")
    expect.equal(ws.cookies, {"a": "1"}, "ws.cookies from a list-pair cookie header")


@pytest.mark.clause("CONN-8")
def test_missing_path_names_path(binding: Binding) -> None:
    expect_scope_error(binding, malformed("path", _MISSING), "url", "path")


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("attribute", ["url", "query_params"])
@pytest.mark.parametrize("value", ["a=1", 1, ["a=1"], bytearray(b"a=1")], ids=repr)
def test_query_string_not_bytes_names_query_string(binding: Binding, attribute: str, value: object) -> None:
    expect_scope_error(binding, malformed("query_string", value), attribute, "query_string")


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [b"a=\xff", b"q=caf\xe9", b"\xc3"], ids=repr)
def test_non_utf8_query_string_names_query_string(binding: Binding, value: bytes) -> None:
    expect_scope_error(binding, malformed("query_string", value), "url", "query_string")


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [("10.0.0.1",), ("10.0.0.1", 80, 1), 5, "10.0.0.1:80"], ids=repr)
def test_malformed_server_names_server(binding: Binding, value: object) -> None:
    scope = malformed("server", value)
    # Without a host header the URL's netloc must come from the server.
    scope["headers"] = []
    expect_scope_error(binding, scope, "url", "server")


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [("10.0.0.1",), ("10.0.0.1", 80, 1), 5, "10.0.0.1:80"], ids=repr)
def test_malformed_client_names_client(binding: Binding, value: object) -> None:
    expect_scope_error(binding, malformed("client", value), "client", "client")


# -- CONN-9 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-9")
@pytest.mark.parametrize(
    ("client", "host", "port"),
    [(("203.0.113.5", 51000), "203.0.113.5", 51000), (["::1", 8080], "::1", 8080), (("client", 0), "client", 0)],
    ids=["tuple", "list", "port-0"],
)
def test_client_is_a_named_host_port_tuple(binding: Binding, client: object, host: str, port: int) -> None:
    _, ws = binding.connect(scope=make_scope(client=client))
    result = ws.client
    expect.true(isinstance(result, tuple), "ws.client to be a tuple", result)
    assert result is not None
    expect.equal(tuple(cast("tuple[object, ...]", result)), (host, port), "tuple(ws.client)")
    expect.equal(result.host, host, "ws.client.host")
    expect.equal(result.port, port, "ws.client.port")


@pytest.mark.clause("CONN-9")
@pytest.mark.parametrize("client", [_MISSING, None], ids=["missing", "None"])
def test_client_is_none_without_client(binding: Binding, client: object) -> None:
    scope = make_scope() if client is _MISSING else make_scope(client=client)
    _, ws = binding.connect(scope=scope)
    client_seen: object = ws.client
    expect.equal(client_seen, None, "ws.client without a client in the scope")


# -- CONN-10 -----------------------------------------------------------------------------


@pytest.mark.clause("CONN-10")
@pytest.mark.parametrize(
    ("cookie_headers", "expected"),
    [
        ([], {}),
        ([b"a=1"], {"a": "1"}),
        ([b"a=1; b=2"], {"a": "1", "b": "2"}),
        ([b"a=1;b=2"], {"a": "1", "b": "2"}),
        ([b"  a = 1 ;\tb=2  "], {"a": "1", "b": "2"}),
        ([b"a=b=c"], {"a": "b=c"}),
        ([b"a="], {"a": ""}),
        ([b"=v"], {"": "v"}),
        ([b"="], {}),
        ([b" ; ;a=1"], {"a": "1"}),
        ([b'a="x y"; b="2"'], {"a": "x y", "b": "2"}),
        ([b'a=""'], {"a": ""}),
        ([b'a="'], {"a": '"'}),
        ([b'a="x'], {"a": '"x'}),
        ([b'a=x"'], {"a": 'x"'}),
        ([b"abc; a=1"], {"": "abc", "a": "1"}),
        ([b"abc; def"], {"": "def"}),
        ([b"a=1; a=2"], {"a": "2"}),
        ([b"a=1", b"b=2", b"a=3"], {"a": "3", "b": "2"}),
        ([b"a=caf\xe9"], {"a": "caf\u00e9"}),
        ([b"a=1;;b=2;"], {"a": "1", "b": "2"}),
        ([b"A=1; a=2"], {"A": "1", "a": "2"}),
    ],
)
def test_cookies(binding: Binding, cookie_headers: list[bytes], expected: dict[str, str]) -> None:
    headers = [(b"host", b"example.org"), *((b"cookie", value) for value in cookie_headers)]
    _, ws = binding.connect(scope=make_scope(headers=headers))
    # As a plain object: the contract's type already claims a dict, the check is on the binding.
    cookies = cast(object, ws.cookies)
    expect.true(isinstance(cookies, dict), "ws.cookies to be a dict", type(cookies))
    expect.equal(cookies, expected, f"ws.cookies from cookie headers {cookie_headers!r}")


@pytest.mark.clause("CONN-10")
def test_cookies_come_from_cookie_headers_only(binding: Binding) -> None:
    headers = [(b"host", b"example.org"), (b"set-cookie", b"a=1"), (b"x-cookie", b"b=2"), (b"cookies", b"c=3")]
    _, ws = binding.connect(scope=make_scope(headers=headers))
    expect.equal(ws.cookies, {}, "ws.cookies without a cookie header")


@pytest.mark.clause("CONN-10")
def test_cookies_from_headers_around_other_headers(binding: Binding) -> None:
    headers = [(b"cookie", b"a=1"), (b"host", b"example.org"), (b"x-k", b"v"), (b"cookie", b"b=2; a=4")]
    _, ws = binding.connect(scope=make_scope(headers=headers))
    expect.equal(ws.cookies, {"a": "4", "b": "2"}, "ws.cookies from two cookie headers")


NOT_COOKIES = [(b"host", b"example.org"), (b"set-cookie", b"z=1"), (b"x-cookie", b"y=2"), (b"cookies", b"w=3")]
"""Headers whose values look like cookies but are not ``cookie`` headers."""


# A sync test, so that it runs once, not once per async backend.
@pytest.mark.clause("CONN-10")
@GENERATED
@given(values=cookie_headers(), others=st.lists(st.sampled_from(NOT_COOKIES), max_size=4), data=st.data())
def test_generated_cookies(
    binding: Binding, values: list[str], others: list[tuple[bytes, bytes]], data: st.DataObject
) -> None:
    headers = list(others)
    position = 0
    for value in values:
        # Among the other headers, in their own order: a later cookie header wins.
        position = data.draw(st.integers(position, len(headers)))
        headers.insert(position, (b"cookie", value.encode("latin-1")))
        position += 1
    _, ws = binding.connect(scope=make_scope(headers=headers))
    cookies = cast(object, ws.cookies)
    expect.true(isinstance(cookies, dict), "ws.cookies to be a dict", type(cookies))
    expect.equal(cookies, parse_cookies(values), f"ws.cookies for scope headers {headers!r}")
