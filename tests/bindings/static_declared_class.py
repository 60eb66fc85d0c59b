"""A binding that declares the reference's class as a variable of type ``type[...]``.

A checker refuses such a variable in an annotation, so the probe gets its connections from a
call, as for a factory: the class is the reference's, and conforms.
"""

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket: type[reference.WebSocket] = reference.WebSocket
"""The reference's ``WebSocket``, declared as a variable."""

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
