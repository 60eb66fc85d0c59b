"""Flama 2.2.2: a `?` in the scope's decoded `path` (a request to `/a%3Fb`) is written into `url` unescaped, so `url.path` loses everything after it and `url.query` holds it.

clauses: URL-7
breaks: ASGI (websocket connection scope: path is decoded and excludes the query, which is query_string alone)
expected: url.path == '/a?b' and url.query == '' (the URL text escapes the ? as %3F)
"""

from flama.http import WebSocket

scope = {
    "type": "websocket",
    "path": "/a?b",
    "query_string": b"",
    "headers": [(b"host", b"example.org")],
    "scheme": "ws",
}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


url = WebSocket(scope, receive, send).url
assert (url.path, url.query) == ("/a?b", ""), (str(url), url.path, url.query)
