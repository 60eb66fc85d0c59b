"""A module that imports but is no binding: it has no ``WebSocket``."""

from wsproto_api.reference import WebSocketDisconnect

__all__ = ["WebSocketDisconnect"]
