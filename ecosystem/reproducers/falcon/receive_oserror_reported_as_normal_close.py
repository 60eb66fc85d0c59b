"""Falcon 4.4.0: an `OSError` raised by the ASGI `receive` callable reaches the application as `WebSocketDisconnected` with code 1000, a normal closure.

clauses: STATE-14
breaks: RFC 6455 (section 7.1.5: a connection that closed without a Close frame has the close code 1006)
expected: the server's OSError propagates, or the disconnect carries code 1006 (closed abnormally), never 1000
"""

import asyncio

import falcon.asgi
from falcon.errors import WebSocketDisconnected

scope = {"type": "websocket", "path": "/", "headers": []}
options = falcon.asgi.WebSocketOptions()


async def receive():
    raise OSError("connection reset by the server")


async def send(message):
    pass


async def main():
    # Falcon's receiving task keeps the OSError to itself; silence its "never retrieved" log.
    asyncio.get_running_loop().set_exception_handler(lambda loop, context: None)
    ws = falcon.asgi.WebSocket(
        "2.4", scope, receive, send, options.media_handlers, options.max_receive_queue, options.default_close_reasons
    )
    await ws.accept()
    try:
        await ws.receive_text()
    except WebSocketDisconnected as disconnect:
        return disconnect.code
    except OSError as error:
        return error


seen = asyncio.run(main())
assert isinstance(seen, OSError) or seen == 1006, seen
