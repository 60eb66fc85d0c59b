"""Litestar 2.25.0: `accept()` sends nothing when the application has already received `websocket.connect` through `receive()`, so the handshake is never answered.

clauses: ACCEPT-2
breaks: its documentation (`accept()`: "Accept the incoming connection")
expected: accept() sends one websocket.accept message
"""

import asyncio

from litestar.connection import WebSocket

scope = {"type": "websocket", "path": "/", "query_string": b"", "headers": []}
sent = []


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    sent.append(message)


async def main():
    ws = WebSocket(scope, receive, send)
    await ws.receive()
    await ws.accept()


asyncio.run(main())
types = [message["type"] for message in sent]
assert types == ["websocket.accept"], types
