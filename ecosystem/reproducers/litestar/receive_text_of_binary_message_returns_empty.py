"""Litestar 2.25.0: `receive_text()` of a binary message returns `''`, so the message's bytes are lost without an error.

clauses: RECV-9
breaks: ASGI (`websocket.receive` carries exactly one of `bytes` and `text`; a binary frame is not an empty text frame)
expected: an error, or None; never '' (nor the bytes) for a message that carries only b'data'
"""

import asyncio

from litestar.connection import WebSocket

scope = {"type": "websocket", "path": "/", "query_string": b"", "headers": []}
messages = [{"type": "websocket.connect"}, {"type": "websocket.receive", "bytes": b"data"}]


async def receive():
    return messages.pop(0)


async def send(message):
    pass


async def main():
    ws = WebSocket(scope, receive, send)
    await ws.accept()
    try:
        return await ws.receive_text()
    except Exception as error:
        return error


result = asyncio.run(main())
assert result is None or isinstance(result, Exception), repr(result)
