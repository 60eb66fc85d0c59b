"""Quart 0.22.0: the app fails with KeyError on a websocket scope without `scheme` or `query_string`, keys ASGI makes optional.

clauses: URL-3, QP-5, CONN-15, LIVE-4
breaks: ASGI (websocket connection scope: scheme and query_string are optional, with defaults "ws" and b"")
expected: a scope without them is served as one with scheme "ws" and query_string b""
"""

import asyncio

from quart import Quart, websocket

app = Quart(__name__)
served = []


@app.websocket("/")
async def handler():
    await websocket.accept()
    served.append((websocket.scheme, websocket.query_string))


async def serve(scope):
    incoming = [{"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": 1000}]
    sent = []

    async def receive():
        return incoming.pop(0) if incoming else await asyncio.Future()

    async def send(message):
        sent.append(message)

    try:
        await app(scope, receive, send)
    except KeyError as error:
        return f"KeyError: {error}"
    return sent[0]["type"]


base = {"type": "websocket", "asgi": {"version": "3.0"}, "path": "/", "headers": [(b"host", b"example.org")]}
errors = [asyncio.run(serve({**base, "scheme": "ws"})), asyncio.run(serve({**base, "query_string": b""}))]
assert errors == ["websocket.accept", "websocket.accept"], errors
