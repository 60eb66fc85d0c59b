"""Lilya 0.29.0: reading `headers` or `cookies` raises UnicodeDecodeError when any header value is not UTF-8 (a latin-1 byte a client sent, say), and `url` does when the Host header is not.

clauses: HDR-5, CONN-10, URL-4
breaks: ASGI (header names and values are byte strings; HTTP allows bytes 0x80 to 0xFF in a field value as obs-text)
expected: the headers are readable (how such bytes decode is not fixed by ASGI: Starlette reads 'café' as latin-1); never an exception
"""

from lilya.websockets import WebSocket

scope = {
    "type": "websocket",
    "path": "/",
    "query_string": b"",
    "headers": [(b"host", b"example.org"), (b"x-name", b"caf\xe9")],
}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


try:
    result = WebSocket(scope, receive, send).headers["host"]
except UnicodeDecodeError as error:
    result = error

assert result == "example.org", repr(result)
