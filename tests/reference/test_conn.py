"""CONN: what the reference does beyond the conformance suite's CONN tests.

The binding-generic CONN and PATH tests live in conformance/suite/test_conn.py and
test_path.py; these check the reference's own choices where SPEC.md leaves room.
"""

from __future__ import annotations

import pytest

import wsproto_api
from conformance.peer import CONNECT, Peer, make_scope
from wsproto_api.reference import WebSocket


@pytest.mark.anyio
@pytest.mark.clause("CONN-2", "CLOSE-10")
async def test_close_without_send_leaves_the_state_as_it_was() -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), receive=peer.receive)
    with pytest.raises(RuntimeError, match=r"(?<!websocket\.)\bsend\b"):
        await ws.close()
    # Nothing was sent, so nothing moved: the close can still be made once send exists.
    assert ws.application_state.name == "CONNECTING"


@pytest.mark.anyio
@pytest.mark.clause("CONN-2", "SEND-3")
async def test_send_text_before_accept_without_send_is_refused_by_state() -> None:
    # send_text() before accept() never reaches the missing send: SEND-3 refuses it first.
    ws = WebSocket(make_scope())
    with pytest.raises(RuntimeError, match=r"websocket\.send"):
        await ws.send_text("x")
    assert ws.application_state.name == "CONNECTING"


@pytest.mark.clause("CONN-10")
@pytest.mark.parametrize(
    ("cookie_headers", "expected"),
    [
        # Quoted values: backslash escapes and three-digit octal escapes are undone, as
        # Starlette's http.cookies-based unquoting does; SPEC.md only says "unquoted".
        ([b'a="x\\"y"'], {"a": 'x"y'}),
        ([b'a="\\101\\142c"'], {"a": "Abc"}),
        ([b'a="\\\\"'], {"a": "\\"}),
    ],
)
def test_cookie_escapes_in_quoted_values(cookie_headers: list[bytes], expected: dict[str, str]) -> None:
    headers = [(b"host", b"example.org"), *((b"cookie", value) for value in cookie_headers)]
    assert WebSocket(make_scope(headers=headers)).cookies == expected


@pytest.mark.clause("CONN-11", "URL-13")
def test_isinstance_against_the_contract_runs_no_property() -> None:
    # Reading url here would raise (CONN-8); an isinstance check must not read it.
    ws = WebSocket(make_scope(query_string=b"q=\xff"))
    assert isinstance(ws, wsproto_api.WebSocket)
    with pytest.raises(ValueError, match="query_string"):
        _ = ws.url
