"""Asgineer 0.9.5: reading `headers` raises UnicodeDecodeError when any header value is not UTF-8 (a latin-1 byte a client sent, say), and so do `url` and `host`, which read them.

clauses: HDR-5
breaks: ASGI (header names and values are byte strings; HTTP allows bytes 0x80 to 0xFF in a field value as obs-text)
expected: the headers are readable (how such bytes decode is not fixed by ASGI: Starlette reads 'café' as latin-1); never an exception
"""

from asgineer import WebsocketRequest

scope = {
    "type": "websocket",
    "path": "/",
    "query_string": b"",
    "headers": [(b"host", b"example.org"), (b"x-name", b"caf\xe9")],
    "scheme": "ws",
    "server": ("10.0.0.1", 80),
}


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    pass


try:
    result = WebsocketRequest(scope, receive, send).headers
except UnicodeDecodeError as error:
    result = repr(error)

assert isinstance(result, dict), result
