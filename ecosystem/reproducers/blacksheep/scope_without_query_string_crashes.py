"""BlackSheep 2.6.4: building a `WebSocket` from a valid ASGI scope that has no `query_string` raises `KeyError`.

clauses: QP-5
breaks: ASGI (websocket connection scope: query_string is optional, an empty string when missing)
expected: the connection is built, and accept() sends websocket.accept
"""

import asyncio

from blacksheep.server.websocket import WebSocket

scope = {"type": "websocket", "path": "/chat", "headers": []}
sent = []


async def receive():
    return {"type": "websocket.connect"}


async def send(message):
    sent.append(message)


async def main():
    try:
        await WebSocket(scope, receive, send).accept()
    except KeyError as error:
        return error


error = asyncio.run(main())
outcome = repr(error) if error else [message["type"] for message in sent]
assert outcome == ["websocket.accept"], outcome
