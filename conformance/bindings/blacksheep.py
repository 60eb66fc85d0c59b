"""BlackSheep's ``WebSocket``, as a binding module; its disconnect exception is ``WebSocketDisconnectError``."""

from blacksheep.server.websocket import WebSocket, WebSocketState
from blacksheep.server.websocket import WebSocketDisconnectError as WebSocketDisconnect

__all__ = ["WebSocket", "WebSocketDisconnect", "WebSocketState"]
