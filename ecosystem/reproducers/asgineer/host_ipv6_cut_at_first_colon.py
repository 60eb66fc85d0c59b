"""Asgineer 0.9.5: `host` cuts the Host header, or the scope's `server` host, at its first `:`, so an IPv6 address becomes `[` or an empty string and `url` is not a valid URL.

clauses: URL-4, URL-5
breaks: its documentation (`host`: "The requested host name, taken from the Host header, or scope['server'][0] if there is not Host header")
expected: [::1] from the Host header [::1]:8000 (and ::1, or [::1], from a server ('::1', 8000) without one)
"""

from asgineer import WebsocketRequest

scope = {
    "type": "websocket",
    "path": "/p",
    "query_string": b"",
    "headers": [(b"host", b"[::1]:8000")],
    "scheme": "ws",
    "server": ("::1", 8000),
}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


ws = WebsocketRequest(scope, receive, send)
assert ws.host == "[::1]", (ws.host, ws.url)
