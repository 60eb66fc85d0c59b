"""Flama 2.2.2: `send_denial_response()` hands the response the raw ASGI `send` and leaves the connection's state alone, so `accept()` after a whole denial response still sends `websocket.accept`.

clauses: DENY-4, DENY-8, DENY-9
breaks: ASGI (WebSocket Denial Response extension: the response is sent instead of websocket.accept and ends the connection)
expected: accept() raises and sends nothing after the denial response (messages sent: only the response's start and body)
"""

import asyncio
import contextlib

from flama.http import WebSocket

scope = {
    "type": "websocket",
    "path": "/",
    "query_string": b"",
    "headers": [],
    "extensions": {"websocket.http.response": {}},
}
sent = []


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    sent.append(message)


async def deny(scope, receive, send):
    await send({"type": "websocket.http.response.start", "status": 403, "headers": []})
    await send({"type": "websocket.http.response.body", "body": b"no"})


async def main():
    ws = WebSocket(scope, receive, send)
    await ws.receive()
    await ws.send_denial_response(deny)
    with contextlib.suppress(Exception):
        await ws.accept()


asyncio.run(main())
types = [message["type"] for message in sent]
assert types == ["websocket.http.response.start", "websocket.http.response.body"], types
