"""Quart 0.22.0: an empty binary message reaches the handler as None, or ends the connection with KeyError when the server leaves `text` out.

clauses: LIVE-2
breaks: ASGI (websocket.receive: exactly one of bytes or text is non-None; an empty binary message is bytes b"")
expected: websocket.receive() returns b"" for {"type": "websocket.receive", "bytes": b""}, with or without "text": None
"""

import asyncio

from quart import Quart, websocket

app = Quart(__name__)
received = []


@app.websocket("/")
async def handler():
    await websocket.accept()
    received.append(await websocket.receive())


async def serve(message):
    incoming = [{"type": "websocket.connect"}, message]
    received.clear()

    async def receive():
        return incoming.pop(0) if incoming else await asyncio.Future()

    async def send(message):
        pass

    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": "/",
        "query_string": b"",
        "headers": [(b"host", b"example.org")],
    }
    try:
        await asyncio.wait_for(app(scope, receive, send), 1)
    except KeyError as error:
        return f"KeyError: {error}"
    return received[0]


seen = [
    asyncio.run(serve({"type": "websocket.receive", "bytes": b"", "text": None})),
    asyncio.run(serve({"type": "websocket.receive", "bytes": b""})),
]
assert seen == [b"", b""], seen
