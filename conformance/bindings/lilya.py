"""Lilya's ``WebSocket``, as a binding module."""

from lilya.enums import WebSocketState
from lilya.websockets import WebSocket, WebSocketClose, WebSocketDisconnect

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketState"]
