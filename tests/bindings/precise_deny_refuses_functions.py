"""The reference whose ``send_denial_response`` refuses an application that is a plain function.

DENY-2 (any ASGI application) must fail it, and DENY-9, judged with application objects,
must pass. The STATE tests that deny with a plain async function, on a route or as the call
they judge, and SIG-7's, which passes one by keyword, must be blocked by DENY-2, not by DENY-9
and not failed.
"""

from __future__ import annotations

import inspect

from wsproto_api import reference
from wsproto_api.asgi import ASGIApp
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, taking only application objects for a denial."""

    __slots__ = ()

    async def send_denial_response(self, response: ASGIApp) -> None:
        """Run ``response`` as the reference does, unless it is a plain function."""
        if inspect.isfunction(response):
            raise TypeError("send_denial_response() needs a response object, not a function")
        await super().send_denial_response(response)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
