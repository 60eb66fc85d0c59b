"""The reference whose ``send_denial_response`` runs plain async functions only.

DENY-2 (any ASGI application) must fail it. The DENY tests that deny with an application
object must be blocked by DENY-2, not failed and not passed for a refusal that was never
theirs to judge; the STATE tests, which deny with plain functions, must pass.
"""

from __future__ import annotations

import inspect

from wsproto_api import reference
from wsproto_api.asgi import ASGIApp
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, taking only plain async functions for a denial."""

    __slots__ = ()

    async def send_denial_response(self, response: ASGIApp) -> None:
        """Run ``response`` as the reference does, if it is a plain async function."""
        if not inspect.iscoroutinefunction(response):
            raise TypeError("send_denial_response() needs an async function")
        await super().send_denial_response(response)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
