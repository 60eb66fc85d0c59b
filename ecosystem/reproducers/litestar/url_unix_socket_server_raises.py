"""Litestar 2.25.0: `url` raises ValueError when the server listens on a Unix socket (`server` is `[path, None]`) and there is no Host header.

clauses: URL-16
breaks: ASGI (websocket connection scope: `server` is `[path, None]` for a Unix socket)
expected: a URL without the socket path, such as /chat?x=1; never an exception
"""

from litestar.connection import WebSocket

scope = {
    "type": "websocket",
    "path": "/chat",
    "query_string": b"x=1",
    "headers": [],
    "scheme": "ws",
    "server": ("/run/app.sock", None),
}

try:
    result = str(WebSocket(scope).url)
except ValueError as error:
    result = repr(error)

assert result == "/chat?x=1", result
