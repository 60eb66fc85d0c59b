"""Lilya 0.29.0: `headers.getlist(name)` misses a header whose name the scope holds in another case, though `headers[name]` finds it; `cookies`, which reads through `getlist`, misses a `Cookie` header the same way.

clauses: HDR-2
breaks: its documentation (`Header` is documented as a case-insensitive `CIMultiDict`)
expected: getlist('cookie') == ['a=1'] and cookies == {'a': '1'}, as headers['cookie'] == 'a=1'
"""

from lilya.websockets import WebSocket

scope = {"type": "websocket", "path": "/", "query_string": b"", "headers": [(b"Cookie", b"a=1")]}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


ws = WebSocket(scope, receive, send)
result = (ws.headers["cookie"], ws.headers.getlist("cookie"), ws.cookies)
assert result == ("a=1", ["a=1"], {"a": "1"}), result
