"""``python -m benchmarks.lower_bound`` and the written-out connection it measures."""

from __future__ import annotations

import asyncio

import pytest

from benchmarks import lower_bound, written_out
from benchmarks.common import websocket_scope
from benchmarks.messages import ScriptedPeer
from tests.paths import ROOT
from tests.processes import run_module
from wsproto_api.asgi import Message, Receive, Scope, Send


def test_the_written_out_connection_conforms() -> None:
    # Its figures stand for the reference's checks only if it makes them all.
    result = run_module("conformance", "benchmarks.written_out", "--strict", cwd=ROOT)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert result.stdout.rstrip().endswith("benchmarks.written_out: conforms")


class _CountingFunnels(written_out.WebSocket):
    """The written-out connection, counting the calls of the reference's two funnels."""

    __slots__ = ("funnel_calls",)

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        super().__init__(scope, receive, send)
        self.funnel_calls = 0

    async def receive(self) -> Message:
        self.funnel_calls += 1
        return await super().receive()

    async def send(self, message: Message) -> None:
        self.funnel_calls += 1
        await super().send(message)


def test_the_written_out_methods_skip_the_funnels_once_connected() -> None:
    # What it measures is one frame per message and direction: a funnel call would be a second.
    script: list[Message] = [
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": "hi"},
        {"type": "websocket.receive", "text": "[1]"},
    ]
    peer = ScriptedPeer(script)
    ws = _CountingFunnels(websocket_scope([]), peer.receive, peer.send)

    async def session() -> None:
        await ws.accept()
        accepted = ws.funnel_calls
        await ws.send_text(await ws.receive_text())
        await ws.send_json(await ws.receive_json())
        assert ws.funnel_calls == accepted

    asyncio.run(session())
    assert peer.sent == 3
    assert peer.last_sent == {"type": "websocket.send", "text": "[1]"}


def test_a_short_run_has_a_row_per_case(capsys: pytest.CaptureFixture[str]) -> None:
    lower_bound.main(["--rounds", "1", "--messages", "5"])
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split()[:3] == ["case", "reference", "written-out"]
    assert [row[:22].strip() for row in rows if not row.startswith("left out")] == [
        case.name for case in lower_bound.MEASURED
    ]


def test_bad_options_are_refused() -> None:
    with pytest.raises(SystemExit) as refused:
        lower_bound.main(["--rounds", "0"])
    assert refused.value.code == 2
