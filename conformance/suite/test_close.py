"""CLOSE: closing the connection."""

from __future__ import annotations

import pytest

from conformance import expect
from conformance.binding import Binding
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, make_scope
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio


def close_message(code: int, reason: str) -> Message:
    return {"type": "websocket.close", "code": code, "reason": reason}


@pytest.mark.clause("CLOSE-1")
async def test_close_sends_code_1000_and_empty_reason(binding: Binding) -> None:
    peer, ws = await binding.accepted()
    await ws.close()
    expect.sent(peer, [DEFAULT_ACCEPT, close_message(1000, "")])


@pytest.mark.clause("CLOSE-2")
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1001, "going away"), {}, close_message(1001, "going away")),
        ((4000,), {}, close_message(4000, "")),
        ((1011, None), {}, close_message(1011, "")),
        ((), {"code": 3000, "reason": "é ☃"}, close_message(3000, "é ☃")),
        ((), {"reason": "bye"}, close_message(1000, "bye")),
        ((), {"code": 1008, "reason": None}, close_message(1008, "")),
    ],
)
async def test_close_sends_code_and_reason(
    binding: Binding, args: tuple[int | str | None, ...], kwargs: dict[str, int | str | None], expected: Message
) -> None:
    peer, ws = await binding.accepted()
    await ws.close(*args, **kwargs)  # type: ignore[arg-type]
    expect.sent(peer, [DEFAULT_ACCEPT, expected])


@pytest.mark.clause("CLOSE-3")
async def test_close_before_accept_sends_close_without_receiving(binding: Binding) -> None:
    peer, ws = binding.connect(CONNECT)
    await ws.close(1008, "no")
    expect.sent(peer, [close_message(1008, "no")])
    expect.equal(peer.receive_calls, 0, "calls to receive")
    expect.equal(ws.application_state.name, "DISCONNECTED", "application_state after close()")


@pytest.mark.clause("CLOSE-4")
@pytest.mark.parametrize("accept_first", [True, False], ids=["accepted", "not-accepted"])
async def test_second_close_raises_disconnected(binding: Binding, accept_first: bool) -> None:
    peer, ws = binding.connect(CONNECT)
    if accept_first:
        await ws.accept()
    await ws.close()
    before = list(peer.sent)
    with expect.raises(binding.disconnected_error, what="a second close()"):
        await ws.close()
    expect.sent(peer, before)


@pytest.mark.clause("CLOSE-5")
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((), {}, close_message(1000, "")),
        ((1001,), {}, close_message(1001, "")),
        ((1008, "policy"), {}, close_message(1008, "policy")),
        ((), {"code": 4000, "reason": None}, close_message(4000, "")),
        ((), {"reason": "bye"}, close_message(1000, "bye")),
    ],
)
async def test_websocket_close_app_sends_close(
    binding: Binding, args: tuple[int | str, ...], kwargs: dict[str, int | str | None], expected: Message
) -> None:
    if binding.WebSocketClose is None:
        pytest.skip("the binding exports no WebSocketClose")
    peer = Peer(CONNECT)
    app = binding.WebSocketClose(*args, **kwargs)
    await app(make_scope(), peer.receive, peer.send)
    expect.sent(peer, [expected])
