"""The three echo apps the end-to-end benchmark serves: raw ASGI, and through each binding's ``WebSocket``.

Each accepts, then sends every text message back until the client disconnects. The raw app
does it with bare ``receive()`` and ``send()`` calls; the others with ``iter_text()`` and
``send_text()`` on the binding's ``WebSocket``.
"""

from __future__ import annotations

import importlib
from typing import cast

from benchmarks.common import Factory
from wsproto_api.asgi import ASGIApp, Receive, Scope, Send

__all__ = ["binding_echo", "echo_app", "raw_echo"]


async def raw_echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Echo text messages with bare ASGI calls."""
    if scope["type"] != "websocket":
        return
    await receive()
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] != "websocket.receive":
            return
        await send({"type": "websocket.send", "text": message["text"]})


def binding_echo(module_name: str) -> ASGIApp:
    """An app that echoes text messages through the ``WebSocket`` of the binding module ``module_name``."""
    # Starlette's WebSocket departs from the contract in typing only (SPEC.md, typed departures).
    factory = cast(Factory, importlib.import_module(module_name).WebSocket)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            return
        ws = factory(scope, receive, send)
        await ws.accept()
        async for text in ws.iter_text():
            await ws.send_text(text)

    return app


def echo_app(name: str) -> ASGIApp:
    """``raw_echo`` for ``raw``, else the echo app of the binding module ``name``."""
    return raw_echo if name == "raw" else binding_echo(name)
