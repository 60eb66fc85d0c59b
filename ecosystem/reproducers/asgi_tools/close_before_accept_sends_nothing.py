"""asgi-tools 3.2.1: `close()` before `accept()` sends nothing, so the handshake is never answered.

clauses: CLOSE-10, CLOSE-8, CLOSE-15, LIVE-4
breaks: ASGI (websocket.connect must be answered with websocket.accept or websocket.close)
expected: one websocket.close message (the server then answers the handshake with HTTP 403)
"""

import asyncio

from asgi_tools import ResponseWebSocket

scope = {"type": "websocket", "path": "/", "headers": []}
sent = []


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    sent.append(message)


async def main():
    await ResponseWebSocket(scope, receive, send).close()


asyncio.run(main())
assert [m["type"] for m in sent] == ["websocket.close"], sent
