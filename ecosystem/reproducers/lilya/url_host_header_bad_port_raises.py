"""Lilya 0.29.0: `url` raises ValueError when the client's Host header has a port that is not a number from 0 to 65535.

clauses: URL-4, URL-6
breaks: ASGI (header values are the bytes the client sent; any such scope is valid)
expected: a URL, not an exception (SPEC.md URL-4 falls back to the server address: ws://10.0.0.1:8000/p)
"""

from lilya.websockets import WebSocket

scope = {
    "type": "websocket",
    "path": "/p",
    "query_string": b"",
    "headers": [(b"host", b"example.org:99999")],
    "scheme": "ws",
    "server": ("10.0.0.1", 8000),
}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


try:
    result = str(WebSocket(scope, receive, send).url)
except ValueError as error:
    result = error

assert isinstance(result, str), repr(result)
