"""``CloseCode``: RFC 6455's close codes by name, and the plain ``int``s the reference sends for them."""

from __future__ import annotations

import pytest
from wsproto.frame_protocol import CloseReason

import wsproto_api
import wsproto_api.reference
from conformance.peer import CONNECT, Peer, make_scope
from wsproto_api import CloseCode
from wsproto_api.reference import WebSocket, WebSocketClose, WebSocketDisconnect

RFC_6455_CODES = {
    "NORMAL_CLOSURE": 1000,
    "GOING_AWAY": 1001,
    "PROTOCOL_ERROR": 1002,
    "UNSUPPORTED_DATA": 1003,
    "NO_STATUS_RCVD": 1005,
    "ABNORMAL_CLOSURE": 1006,
    "INVALID_FRAME_PAYLOAD_DATA": 1007,
    "POLICY_VIOLATION": 1008,
    "MESSAGE_TOO_BIG": 1009,
    "MANDATORY_EXT": 1010,
    "INTERNAL_ERROR": 1011,
    "SERVICE_RESTART": 1012,
    "TRY_AGAIN_LATER": 1013,
    "BAD_GATEWAY": 1014,
    "TLS_HANDSHAKE": 1015,
}
"""RFC 6455 section 7.4.1's codes, and the IANA registry's 1012 to 1014, by their RFC names."""

REPORTED_ONLY = {1005, 1006, 1015}
"""The codes RFC 6455 section 7.4.1 says an endpoint must not set in a close frame."""


def test_close_code_names_the_codes_of_rfc_6455() -> None:
    assert {code.name: code.value for code in CloseCode} == RFC_6455_CODES


def test_close_code_agrees_with_wsproto() -> None:
    # wsproto's CloseReason is the model; it names 1015 TLS_HANDSHAKE_FAILED and lacks 1014.
    assert {reason.value for reason in CloseReason} <= {code.value for code in CloseCode}
    shared = {reason.name for reason in CloseReason} & {code.name for code in CloseCode}
    assert all(CloseCode[name] == CloseReason[name] for name in shared)
    assert len(shared) == len(CloseReason) - 1


def test_the_contract_and_the_reference_export_one_close_code() -> None:
    assert wsproto_api.reference.CloseCode is wsproto_api.CloseCode
    assert "CloseCode" in wsproto_api.__all__
    assert "CloseCode" in wsproto_api.reference.__all__


@pytest.mark.anyio
@pytest.mark.parametrize("accept_first", [True, False])
@pytest.mark.parametrize(
    "code", [code for code in CloseCode if code.value not in REPORTED_ONLY], ids=lambda code: code.name
)
async def test_close_sends_a_close_code_as_a_plain_int(code: CloseCode, accept_first: bool) -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    if accept_first:
        await ws.accept()
    await ws.close(code, "bye")
    sent = peer.sent[-1]
    assert sent == {"type": "websocket.close", "code": code.value, "reason": "bye"}
    assert type(sent["code"]) is int


@pytest.mark.anyio
@pytest.mark.parametrize(
    "code", [code for code in CloseCode if code.value in REPORTED_ONLY], ids=lambda code: code.name
)
async def test_close_refuses_a_close_code_that_only_reports(code: CloseCode) -> None:
    peer = Peer(CONNECT)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    with pytest.raises(ValueError, match=str(code.value)):
        await ws.close(code)
    with pytest.raises(ValueError, match=str(code.value)):
        WebSocketClose(code)
    assert peer.sent == []


@pytest.mark.anyio
async def test_the_reference_sends_and_raises_plain_int_codes() -> None:
    peer = Peer(CONNECT)
    await WebSocketClose(CloseCode.POLICY_VIOLATION)(make_scope(), peer.receive, peer.send)
    ws = WebSocket(make_scope(), peer.receive, peer.send)
    await ws.accept()
    await ws.close()
    assert [(message["code"], type(message["code"])) for message in peer.sent if "code" in message] == [
        (1008, int),
        (1000, int),
    ]
    broken = Peer(CONNECT)
    ws = WebSocket(make_scope(), broken.receive, broken.send)
    await ws.accept()
    broken.send_error = OSError("connection reset")
    with pytest.raises(WebSocketDisconnect) as lost:
        await ws.send_text("x")
    assert (lost.value.code, type(lost.value.code)) == (1006, int)
    assert (WebSocketDisconnect().code, type(WebSocketDisconnect().code)) == (1000, int)
