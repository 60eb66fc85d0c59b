"""The reference WebSocket behind a real uvicorn server, driven by the websockets client.

One server per uvicorn websocket implementation runs in a background thread on
127.0.0.1; every test talks to it over loopback with a time limit on each wait. The app
reports how each connection ended (``"ok"`` or the exception it raised) on a queue, so a
test also checks that the server side finished cleanly.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import queue
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocket

TIMEOUT = 10.0


def _needs(module: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(importlib.util.find_spec(module) is None, reason=f"{module} is not installed")


LEGACY_WARNINGS = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The `websockets` implementation is deprecated:UserWarning"),
]

IMPLEMENTATIONS = [
    # uvicorn's legacy implementation, deprecated by uvicorn and by websockets.
    pytest.param("websockets", marks=[_needs("websockets"), *LEGACY_WARNINGS]),
    pytest.param("websockets-sansio", marks=_needs("websockets")),
    pytest.param("wsproto", marks=_needs("wsproto")),
]


# -- the application ------------------------------------------------------------------------


async def echo_text(ws: WebSocket) -> None:
    await ws.accept()
    async for message in ws.iter_text():
        await ws.send_text(message)


async def echo_bytes(ws: WebSocket) -> None:
    await ws.accept()
    async for data in ws.iter_bytes():
        await ws.send_bytes(data)


async def describe_url(ws: WebSocket) -> None:
    await ws.accept()
    url = ws.url
    await ws.send_json(
        {
            "url": url,
            "is_str": isinstance(url, str),
            "scheme": url.scheme,
            "netloc": url.netloc,
            "path": url.path,
            "query": url.query,
            "hostname": url.hostname,
            "port": url.port,
            "x": ws.query_params.get("x"),
            "host_header": ws.headers.get("HOST"),
        }
    )
    await ws.send_json({"mode": "binary"}, mode="binary")
    await ws.close()


async def close_with_reason(ws: WebSocket) -> None:
    await ws.accept()
    await ws.send_text("before close")
    await ws.close(code=4000, reason="bye")


async def refuse(ws: WebSocket) -> None:
    await ws.close()


ROUTES: dict[str, Callable[[WebSocket], Awaitable[None]]] = {
    "/echo": echo_text,
    "/bytes": echo_bytes,
    "/url": describe_url,
    "/close": close_with_reason,
    "/refuse": refuse,
}


@dataclass
class LiveServer:
    """A running uvicorn server and the outcomes its app reports."""

    port: int
    outcomes: queue.Queue[tuple[str, str]]

    def url(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    def outcome(self, path: str) -> str:
        """How the app's next connection to ``path`` ended, skipping reports for other paths."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            reported_path, outcome = self.outcomes.get(timeout=max(0.0, deadline - time.monotonic()))
            if reported_path == path:
                return outcome

    def drain(self) -> None:
        while not self.outcomes.empty():
            self.outcomes.get_nowait()


def make_app(outcomes: queue.Queue[tuple[str, str]]) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            return
        path = scope["path"]
        try:
            await ROUTES[path](WebSocket(scope, receive, send))
        except BaseException as exc:
            outcomes.put((path, repr(exc)))
            raise
        outcomes.put((path, "ok"))

    return app


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    outcomes: queue.Queue[tuple[str, str]] = queue.Queue()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    config = uvicorn.Config(
        make_app(outcomes),
        host="127.0.0.1",
        port=port,
        ws=request.param,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    uv_server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(uv_server.serve(sockets=[sock])), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + TIMEOUT
        while not uv_server.started:
            assert thread.is_alive(), "uvicorn stopped while starting"
            assert time.monotonic() < deadline, "uvicorn did not start in time"
            time.sleep(0.01)
        yield LiveServer(port, outcomes)
    finally:
        uv_server.should_exit = True
        thread.join(TIMEOUT)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not shut down in time"


def run(coroutine: Awaitable[Any]) -> Any:
    """Run a client coroutine on a new asyncio loop, failing after TIMEOUT seconds."""

    async def limited() -> Any:
        return await asyncio.wait_for(coroutine, TIMEOUT)

    return asyncio.run(limited())


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.clause("CONN-1", "ACCEPT-1", "SEND-1", "SEND-2", "RECV-1", "RECV-2", "ITER-1", "ITER-2")
@pytest.mark.parametrize(
    ("route", "messages"),
    [
        ("/echo", ["hello", "", "grüße, 世界 🌍", "x" * 70_000]),
        ("/bytes", [b"\x00\x01\xff", b"", "grüße".encode(), bytes(range(256)) * 300]),
    ],
    ids=["text", "bytes"],
)
def test_echo(server: LiveServer, route: str, messages: list[str] | list[bytes]) -> None:
    server.drain()

    async def client() -> list[str | bytes]:
        received: list[str | bytes] = []
        async with connect(server.url(route), open_timeout=TIMEOUT, close_timeout=TIMEOUT) as ws:
            for message in messages:
                await ws.send(message)
                received.append(await ws.recv())
        return received

    assert run(client()) == messages
    # The iterator ended without raising when the client closed (ITER-2).
    assert server.outcome(route) == "ok"


@pytest.mark.clause("URL-1", "URL-2", "URL-3", "URL-4", "URL-8", "HDR-2", "QP-1", "JSON-1", "JSON-2", "CLOSE-1")
def test_url_seen_by_the_app(server: LiveServer) -> None:
    server.drain()

    async def client() -> tuple[str | bytes, str | bytes, int | None]:
        async with connect(server.url("/url?x=1"), open_timeout=TIMEOUT, close_timeout=TIMEOUT) as ws:
            described = await ws.recv()
            binary = await ws.recv()
            with pytest.raises(ConnectionClosed):
                await ws.recv()
            return described, binary, ws.close_code

    described, binary, close_code = run(client())
    port = server.port
    assert isinstance(described, str)
    assert json.loads(described) == {
        "url": f"ws://127.0.0.1:{port}/url?x=1",
        "is_str": True,
        "scheme": "ws",
        "netloc": f"127.0.0.1:{port}",
        "path": "/url",
        "query": "x=1",
        "hostname": "127.0.0.1",
        "port": port,
        "x": "1",
        "host_header": f"127.0.0.1:{port}",
    }
    assert binary == b'{"mode":"binary"}'
    assert close_code == 1000
    assert server.outcome("/url") == "ok"


@pytest.mark.clause("CLOSE-2")
def test_close_code_and_reason_reach_the_client(server: LiveServer) -> None:
    server.drain()

    async def client() -> tuple[str | bytes, int | None, str | None]:
        async with connect(server.url("/close"), open_timeout=TIMEOUT, close_timeout=TIMEOUT) as ws:
            first = await ws.recv()
            with pytest.raises(ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == 4000
            return first, ws.close_code, ws.close_reason

    assert run(client()) == ("before close", 4000, "bye")
    assert server.outcome("/close") == "ok"


@pytest.mark.clause("CLOSE-3")
def test_close_before_accept_is_http_403(server: LiveServer) -> None:
    server.drain()

    async def client() -> None:
        async with connect(server.url("/refuse"), open_timeout=TIMEOUT, close_timeout=TIMEOUT):
            pass

    with pytest.raises(InvalidStatus) as refused:
        run(client())
    assert refused.value.response.status_code == 403
    assert server.outcome("/refuse") == "ok"
