"""Sanic 25.12.1: the ASGI connection's `close(code, reason)` sends nothing, so the client never gets the code and reason, and a handshake closed before `accept()` is never refused.

clauses: CLOSE-2, CLOSE-10, LIVE-4
breaks: its documentation (WebSocketConnection "provides an interface similar to WebsocketProtocol", whose close(code, reason) "Perform[s] the closing handshake" with that code and reason)
expected: close(4001, 'bye') sends one websocket.close with code 4001 and reason 'bye'
"""

import asyncio

from sanic.server.websockets.connection import WebSocketConnection

sent = []


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    sent.append(message)


async def main():
    ws = WebSocketConnection(send, receive, [])
    await ws.accept()
    await ws.close(4001, "bye")


asyncio.run(main())
closes = [message for message in sent if message["type"] == "websocket.close"]
assert closes == [{"type": "websocket.close", "code": 4001, "reason": "bye"}], sent
