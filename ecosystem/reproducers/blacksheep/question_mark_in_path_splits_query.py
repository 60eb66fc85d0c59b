"""BlackSheep 2.6.4: a `?` in the scope's decoded `path` (a request to `/a%3Fb?x=1`) is read as the start of the query, so `query` and `url.path` are wrong.

clauses: URL-6, URL-7
breaks: ASGI (websocket connection scope: path is decoded and excludes the query, which is query_string alone)
expected: query == {'x': ['1']}, parsed from query_string, with the whole path in url.path
"""

from blacksheep.server.websocket import WebSocket

scope = {"type": "websocket", "path": "/a?b", "query_string": b"x=1", "headers": []}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


ws = WebSocket(scope, receive, send)
assert ws.query == {"x": ["1"]}, (ws.url.path, ws.query)
