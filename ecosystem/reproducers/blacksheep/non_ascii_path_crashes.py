"""BlackSheep 2.6.4: building a `WebSocket` raises `InvalidURL` when the scope's `path` holds a non-ASCII character or a space, as it does for a request to `/caf%C3%A9` or `/a%20b`.

clauses: URL-2
breaks: ASGI (websocket connection scope: path is the request target with percent-encoding and UTF-8 decoded)
expected: the connection is built, as for any path
"""

from blacksheep.server.websocket import WebSocket
from blacksheep.url import InvalidURL

scope = {"type": "websocket", "path": "/café", "query_string": b"", "headers": []}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


try:
    WebSocket(scope, receive, send)
    error = None
except InvalidURL as raised:
    error = raised

assert error is None, repr(error)
