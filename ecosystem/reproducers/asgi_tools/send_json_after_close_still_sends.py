"""asgi-tools 3.2.1: `send_json()` after `close()` still sends a message, where `send()` raises `ASGIConnectionClosedError`.

clauses: SEND-4
breaks: ASGI (websocket.close ends the connection; a send on a closed connection is an error)
expected: send_json() raises ASGIConnectionClosedError, as send() does, and nothing follows the websocket.close
"""

import asyncio
import contextlib

from asgi_tools import ASGIConnectionClosedError, ResponseWebSocket

scope = {"type": "websocket", "path": "/", "headers": []}
sent = []


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    sent.append(message)


async def main():
    ws = ResponseWebSocket(scope, receive, send)
    await ws.accept()
    await ws.close()
    with contextlib.suppress(ASGIConnectionClosedError):
        await ws.send_json({"late": True})


asyncio.run(main())
assert [m["type"] for m in sent] == ["websocket.accept", "websocket.close"], sent
