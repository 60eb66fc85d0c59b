"""Flama 2.2.2: `cookies` reads only the first `cookie` header, so the cookies of any later one are lost.

clauses: CONN-10, HDR-2
breaks: ASGI (duplicate headers are passed as received; HTTP/2 and HTTP/3 send cookies as several fields: RFC 9113 section 8.2.3, RFC 9114 section 4.2.1)
expected: {'a': '1', 'b': '2'} (the cookies of every cookie header)
"""

from flama.http import WebSocket

scope = {
    "type": "websocket",
    "path": "/",
    "query_string": b"",
    "headers": [(b"cookie", b"a=1"), (b"cookie", b"b=2")],
}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


cookies = WebSocket(scope, receive, send).cookies
assert cookies == {"a": "1", "b": "2"}, cookies
