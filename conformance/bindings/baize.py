"""Baize's ASGI ``WebSocket``, as a binding module."""

from baize.asgi import WebSocket, WebSocketDisconnect, WebSocketState

__all__ = ["WebSocket", "WebSocketDisconnect", "WebSocketState"]
