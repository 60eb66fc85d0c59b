"""Litestar's ``WebSocket``, as a binding module; Litestar has no public state enum of these names."""

from litestar.connection import WebSocket
from litestar.exceptions import WebSocketDisconnect

__all__ = ["WebSocket", "WebSocketDisconnect"]
