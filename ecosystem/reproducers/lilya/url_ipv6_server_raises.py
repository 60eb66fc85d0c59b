"""Lilya 0.29.0: `url` raises ValueError when the scope's `server` is an IPv6 address and there is no Host header.

clauses: URL-5
breaks: ASGI (websocket connection scope: `server` is a (host, port) pair, and the host may be an IPv6 address)
expected: ws://[::1]:8000/p (the server's host and port, the IPv6 host in brackets)
"""

from lilya.websockets import WebSocket

scope = {
    "type": "websocket",
    "path": "/p",
    "query_string": b"",
    "headers": [],
    "scheme": "ws",
    "server": ("::1", 8000),
}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


try:
    result = str(WebSocket(scope, receive, send).url)
except ValueError as error:
    result = repr(error)

assert result == "ws://[::1]:8000/p", result
