"""Flama 2.2.2: when the scope's `server` is an IPv6 address and there is no Host header, `url` writes the address without brackets, so the URL's host and port cannot be told apart.

clauses: URL-5
breaks: RFC 6455 (section 3: a ws URI's host is an RFC 3986 host, where an IPv6 address is written in brackets)
expected: ws://[::1]:8000/p (the server's host and port, the IPv6 host in brackets)
"""

from flama.http import WebSocket

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


url = str(WebSocket(scope, receive, send).url)
assert url == "ws://[::1]:8000/p", url
