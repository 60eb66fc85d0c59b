"""A binding with no annotations at all: the static tier must call it untyped, not pass it."""

from wsproto_api.reference import WebSocketDisconnect


class WebSocket:
    """A connection whose members carry no annotations."""

    def __init__(self, scope, receive=None, send=None):
        self._scope = scope

    @property
    def url(self):
        """The URL, untyped."""
        return ""

    async def send_text(self, data):
        """Send text, untyped."""


__all__ = ["WebSocket", "WebSocketDisconnect"]
