"""Asgineer 0.9.5: `url` (and `host`) raise KeyError when the scope has no `server`, which ASGI makes optional, even when the request has a Host header.

clauses: URL-6
breaks: ASGI (websocket connection scope: `server` is optional)
expected: a URL, not an exception (the Host header gives the host: ws://example.org/chat)
"""

from asgineer import WebsocketRequest

scope = {
    "type": "websocket",
    "path": "/chat",
    "query_string": b"",
    "headers": [(b"host", b"example.org")],
    "scheme": "ws",
}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


try:
    result = WebsocketRequest(scope, receive, send).host
except KeyError as error:
    result = repr(error)

assert result == "example.org", result
