"""An echo app on the reference WebSocket, served by uvicorn and spoken to by a real client.

Run ``python examples/echo.py`` to see it work end to end on 127.0.0.1, or serve the app
yourself with ``uvicorn examples.echo:app``.
"""

from __future__ import annotations

import asyncio
import socket

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocket


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """Echo every text message back until the client leaves."""
    websocket = WebSocket(scope, receive=receive, send=send)
    await websocket.accept()
    async for message in websocket.iter_text():
        await websocket.send_text(f"Message text was: {message}")
    await websocket.close()


async def main() -> None:
    """Serve ``app`` on a free loopback port, talk to it, print the exchange, stop."""
    import uvicorn
    from websockets.asyncio.client import connect

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve())

    async def talk() -> None:
        while not server.started:
            await asyncio.sleep(0.01)
        async with connect(f"ws://127.0.0.1:{port}/echo") as client:
            for text in ("Hello, world!", "안녕하세요"):
                await client.send(text)
                print(f"sent {text!r}, got {await client.recv()!r}")

    try:
        await asyncio.wait_for(talk(), timeout=10)
    finally:
        server.should_exit = True
        await serving


if __name__ == "__main__":
    asyncio.run(main())
