"""Asgineer's ``WebsocketRequest``, as a binding module; its disconnect exception is ``DisconnectedError``.

Asgineer 0.9.5's ``WebsocketRequest(scope, receive, send)`` is the object its app hands a
handler for a WebSocket scope, and is exported as ``WebSocket``. ``receive()`` raises
``DisconnectedError`` (an ``OSError``) when the client disconnects, and it is exported as
``WebSocketDisconnect``; misuse raises a plain ``OSError``. Asgineer has no state enum (its
states are module-level integers) and no closing ASGI application.
"""

# Asgineer ships no type information; its classes are typed from their source.
import asgineer  # type: ignore[import-untyped]

WebSocket = asgineer.WebsocketRequest
"""Asgineer's ``WebsocketRequest``."""

WebSocketDisconnect = asgineer.DisconnectedError
"""Asgineer's ``DisconnectedError``, raised when the client disconnects."""

__all__ = ["WebSocket", "WebSocketDisconnect"]
