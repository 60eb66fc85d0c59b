"""Flama 2.2.2: when the scope has neither a Host header nor a `server`, `url` leaves out the query string, so `url.query` is empty.

clauses: URL-6
breaks: ASGI (websocket connection scope: `server` is optional, and `query_string` is the URL portion after the `?` whatever the other keys hold)
expected: /chat?x=1, with url.query == 'x=1'
"""

from flama.http import WebSocket

scope = {"type": "websocket", "path": "/chat", "query_string": b"x=1", "headers": [], "scheme": "ws"}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


url = WebSocket(scope, receive, send).url
assert url.query == "x=1", (str(url), url.query)
