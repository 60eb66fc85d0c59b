"""CONN and PATH: construction, the mapping over the scope, client, cookies, path_params."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from conformance.peer import CONNECT, Peer, make_scope, text
from wsproto_api.asgi import Message, Scope
from wsproto_api.reference import WebSocket

pytestmark = pytest.mark.anyio

ACCEPT_MESSAGE: Message = {"type": "websocket.accept", "subprotocol": None, "headers": []}


def build(style: str, scope: Scope, peer: Peer) -> WebSocket:
    if style == "positional":
        return WebSocket(scope, peer.receive, peer.send)
    if style == "keyword":
        return WebSocket(scope=scope, receive=peer.receive, send=peer.send)
    return WebSocket(scope, receive=peer.receive, send=peer.send)


# -- CONN-1 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-1", "CONN-3")
@pytest.mark.parametrize("style", ["positional", "keyword", "mixed"])
async def test_construction_by_position_and_keyword(style: str) -> None:
    scope = make_scope(path="/chat")
    peer = Peer(CONNECT, text("hi"))
    ws = build(style, scope, peer)
    assert ws.scope is scope
    await ws.accept()
    assert await ws.receive_text() == "hi"
    await ws.send_text("back")
    assert peer.sent == [ACCEPT_MESSAGE, {"type": "websocket.send", "text": "back"}]


# -- CONN-2 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-2")
def test_without_callables_the_scope_reads_normally() -> None:
    scope = make_scope(path="/chat", query_string=b"a=1", headers=[(b"host", b"example.org"), (b"x-k", b"v")])
    ws = WebSocket(scope)
    assert ws["path"] == "/chat"
    assert ws.url == "ws://example.org/chat?a=1"
    assert ws.headers["x-k"] == "v"
    assert ws.query_params["a"] == "1"


@pytest.mark.clause("CONN-2")
def test_receive_and_send_default_to_none() -> None:
    scope = make_scope()
    assert WebSocket(scope, None, None).scope is scope
    assert WebSocket(scope, receive=None, send=None).scope is scope


@pytest.mark.clause("CONN-2")
async def test_receive_without_a_receive_callable_names_it() -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), send=peer.send)
    with pytest.raises(RuntimeError, match=r"\breceive\b"):
        await ws.receive()
    assert peer.sent == []
    assert peer.receive_calls == 0


@pytest.mark.clause("CONN-2")
async def test_accept_without_any_callable_names_receive() -> None:
    ws = WebSocket(make_scope())
    with pytest.raises(RuntimeError, match=r"\breceive\b"):
        await ws.accept()


@pytest.mark.clause("CONN-2")
async def test_accept_without_receive_sends_nothing() -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), send=peer.send)
    with pytest.raises(RuntimeError, match=r"\breceive\b"):
        await ws.accept()
    assert peer.sent == []


@pytest.mark.clause("CONN-2")
async def test_accept_without_send_names_it() -> None:
    # accept() receives websocket.connect, then would await the missing send.
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), receive=peer.receive)
    with pytest.raises(RuntimeError, match=r"(?<!websocket\.)\bsend\b"):
        await ws.accept()
    assert peer.receive_calls == 1


@pytest.mark.clause("CONN-2", "CLOSE-3")
async def test_close_without_send_names_it() -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), receive=peer.receive)
    with pytest.raises(RuntimeError, match=r"(?<!websocket\.)\bsend\b"):
        await ws.close()
    assert peer.receive_calls == 0
    # Nothing was sent, so nothing moved: the close can still be made once send exists.
    assert ws.application_state.name == "CONNECTING"


@pytest.mark.clause("CONN-2", "SEND-3")
async def test_send_text_before_accept_without_send_is_refused_by_state() -> None:
    # send_text() before accept() never reaches the missing send: SEND-3 refuses it first.
    ws = WebSocket(make_scope())
    with pytest.raises(RuntimeError, match=r"websocket\.send"):
        await ws.send_text("x")
    assert ws.application_state.name == "CONNECTING"


# -- CONN-3 to CONN-6 ----------------------------------------------------------------------


@pytest.mark.clause("CONN-3")
def test_scope_is_the_same_object() -> None:
    scope = make_scope()
    ws = WebSocket(scope)
    assert ws.scope is scope
    scope["custom"] = 1
    assert ws.scope["custom"] == 1


@pytest.mark.clause("CONN-4")
@pytest.mark.parametrize(
    ("key", "expected"),
    [("path", "/room/1"), ("type", "websocket"), ("query_string", b"x=1"), ("custom", {"k": "v"})],
)
def test_item_is_scope_item(key: str, expected: Any) -> None:
    ws = WebSocket(make_scope(path="/room/1", query_string=b"x=1", custom={"k": "v"}))
    assert ws[key] == expected


@pytest.mark.clause("CONN-4")
@pytest.mark.parametrize("key", ["missing", "client", "PATH", ""])
def test_missing_item_raises_key_error(key: str) -> None:
    ws = WebSocket(make_scope())
    with pytest.raises(KeyError):
        ws[key]


@pytest.mark.clause("CONN-5")
def test_mapping_interface() -> None:
    scope = make_scope(path="/p", zz=1, aa=2)
    ws = WebSocket(scope)
    assert isinstance(ws, Mapping)
    assert list(ws) == list(scope)
    assert list(ws.keys()) == list(scope.keys())
    assert len(ws) == len(scope)
    assert "path" in ws
    assert "zz" in ws
    assert "missing" not in ws
    assert ws.get("path") == "/p"
    assert ws.get("missing") is None
    assert dict(ws.items()) == scope


@pytest.mark.clause("CONN-5")
def test_mapping_follows_the_scope() -> None:
    scope = make_scope()
    ws = WebSocket(scope)
    scope["later"] = "x"
    assert "later" in ws
    assert len(ws) == len(scope)
    assert list(ws)[-1] == "later"


@pytest.mark.clause("CONN-5")
@pytest.mark.parametrize("key", ["path", "new"])
def test_mapping_is_read_only(key: str) -> None:
    scope = make_scope(path="/p")
    before = dict(scope)
    ws = WebSocket(scope)
    with pytest.raises(TypeError):
        ws[key] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        del ws[key]  # type: ignore[attr-defined]
    assert scope == before


@pytest.mark.clause("CONN-6")
def test_equality_is_identity() -> None:
    scope = make_scope()
    a = WebSocket(scope)
    b = WebSocket(scope)
    assert a == a
    assert a != b
    assert not (a == b)  # noqa: SIM201
    assert a != scope
    assert a != dict(scope)
    assert len({a, b}) == 2


@pytest.mark.clause("CONN-6")
async def test_hash_is_stable_while_used() -> None:
    peer = Peer(CONNECT, text("hi"))
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    before = hash(ws)
    seen = {ws}
    _ = ws.url, ws.headers, ws.query_params, ws.cookies
    await ws.accept()
    await ws.receive_text()
    await ws.send_text("x")
    await ws.close()
    assert hash(ws) == before
    assert ws in seen


# -- CONN-7 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-7")
@pytest.mark.parametrize("scope_type", ["http", "lifespan", "WebSocket", "websocket.connect", "", None, 1])
def test_wrong_scope_type_is_refused(scope_type: object) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011
        WebSocket(make_scope(type=scope_type))


@pytest.mark.clause("CONN-7")
def test_missing_scope_type_is_refused() -> None:
    scope = make_scope()
    del scope["type"]
    with pytest.raises(Exception):  # noqa: B017, PT011
        WebSocket(scope)


# -- CONN-9 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-9")
@pytest.mark.parametrize(
    ("client", "host", "port"),
    [(("203.0.113.5", 51000), "203.0.113.5", 51000), (["::1", 8080], "::1", 8080), (("client", 0), "client", 0)],
)
def test_client_is_a_named_host_port_tuple(client: Any, host: str, port: int) -> None:
    result = WebSocket(make_scope(client=client)).client
    assert result is not None
    assert isinstance(result, tuple)
    assert result == (host, port)
    assert result.host == host
    assert result.port == port
    assert result[0] == host
    assert result[1] == port


@pytest.mark.clause("CONN-9")
def test_client_is_none_without_client() -> None:
    assert WebSocket(make_scope()).client is None
    assert WebSocket(make_scope(client=None)).client is None


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
        ([b'a="x y"; b="2"'], {"a": "x y", "b": "2"}),
        ([b'a="'], {"a": '"'}),
        ([b'a="x'], {"a": '"x'}),
        ([b"abc; a=1"], {"": "abc", "a": "1"}),
        ([b"a=1; a=2"], {"a": "2"}),
        ([b"a=1", b"b=2", b"a=3"], {"a": "3", "b": "2"}),
        ([b"a=caf\xe9"], {"a": "caf\u00e9"}),
        # Quoted values: backslash escapes and three-digit octal escapes are undone.
        ([b'a="x\\"y"'], {"a": 'x"y'}),
        ([b'a="\\101\\142c"'], {"a": "Abc"}),
        ([b'a="\\\\"'], {"a": "\\"}),
        ([b"a=1;;b=2;"], {"a": "1", "b": "2"}),
    ],
)
def test_cookies(cookie_headers: list[bytes], expected: dict[str, str]) -> None:
    headers = [(b"host", b"example.org"), *((b"cookie", value) for value in cookie_headers)]
    cookies = WebSocket(make_scope(headers=headers)).cookies
    assert isinstance(cookies, dict)
    assert cookies == expected


@pytest.mark.clause("HDR-2")
@pytest.mark.parametrize("name", [b"Cookie", b"COOKIE"])
def test_cookie_header_found_in_any_case(name: bytes) -> None:
    headers = [(b"host", b"example.org"), (name, b"a=1"), (b"cookie", b"b=2")]
    assert WebSocket(make_scope(headers=headers)).cookies == {"a": "1", "b": "2"}


@pytest.mark.clause("CONN-10")
def test_cookies_ignore_other_headers() -> None:
    headers = [(b"set-cookie", b"a=1"), (b"x-cookie", b"b=2")]
    assert WebSocket(make_scope(headers=headers)).cookies == {}


# -- PATH-1 ------------------------------------------------------------------------------


@pytest.mark.clause("PATH-1")
def test_path_params_is_the_scope_dict() -> None:
    params = {"room": "lobby", "id": 3}
    ws = WebSocket(make_scope(path_params=params))
    assert ws.path_params == {"room": "lobby", "id": 3}
    assert ws.path_params is params


@pytest.mark.clause("PATH-1")
def test_path_params_empty_without_scope_key() -> None:
    ws = WebSocket(make_scope())
    assert isinstance(ws.path_params, dict)
    assert ws.path_params == {}


@pytest.mark.clause("CONN-5", "URL-13")
def test_isinstance_against_the_contract_runs_no_property() -> None:
    import wsproto_api

    # Reading url here would raise (CONN-8); an isinstance check must not read it.
    ws = WebSocket(make_scope(query_string=b"q=\xff"))
    assert isinstance(ws, wsproto_api.WebSocket)
    with pytest.raises(ValueError, match="query_string"):
        _ = ws.url
