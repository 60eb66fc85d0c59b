"""Asgineer 0.9.5: `url` (and `scheme`) raise KeyError when the scope has no `scheme`, which ASGI makes optional.

clauses: URL-3
breaks: ASGI (websocket connection scope: `scheme` is optional, and defaults to "ws")
expected: a URL with the scheme ws, such as ws://example.org:80/p; never an exception
"""

from asgineer import WebsocketRequest

scope = {
    "type": "websocket",
    "path": "/p",
    "query_string": b"",
    "headers": [(b"host", b"example.org")],
    "server": ("10.0.0.1", 80),
}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


try:
    result = WebsocketRequest(scope, receive, send).url
except KeyError as error:
    result = repr(error)

assert result.startswith("ws://"), result
