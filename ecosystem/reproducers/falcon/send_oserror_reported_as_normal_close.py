"""Falcon 4.4.0: an `OSError` raised by the ASGI `send` callable after `accept()` reaches the application as `WebSocketDisconnected` with code 1000, a normal closure.

clauses: STATE-14
breaks: RFC 6455 (section 7.1.5: a connection that closed without a Close frame has the close code 1006)
expected: WebSocketDisconnected with code 1006 (closed abnormally), as for any lost connection, never 1000
"""

import asyncio

import falcon.asgi
from falcon.errors import WebSocketDisconnected

scope = {"type": "websocket", "path": "/", "headers": []}
options = falcon.asgi.WebSocketOptions()


async def receive():
    await asyncio.sleep(60)


async def send(message):
    if message["type"] == "websocket.send":
        raise OSError("connection reset by the server")


async def main():
    ws = falcon.asgi.WebSocket(
        "2.4", scope, receive, send, options.media_handlers, options.max_receive_queue, options.default_close_reasons
    )
    await ws.accept()
    try:
        await ws.send_text("hello")
    except WebSocketDisconnected as disconnect:
        return disconnect.code


code = asyncio.run(main())
assert code == 1006, code
