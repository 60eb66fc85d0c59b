"""Flama 2.2.2: `url` raises ValueError when the client's Host header holds a `*` anywhere but at its start, a character RFC 3986 allows in a host name.

clauses: URL-4
breaks: ASGI (header values are the bytes the client sent; any such scope is valid)
expected: a URL, not an exception (SPEC.md URL-4 takes a*b.example as the netloc: ws://a*b.example/p)
"""

from flama.http import WebSocket

scope = {
    "type": "websocket",
    "path": "/p",
    "query_string": b"",
    "headers": [(b"host", b"a*b.example")],
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
    result = repr(error)

assert result == "ws://a*b.example/p", result
