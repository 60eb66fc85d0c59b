"""Flama's ``WebSocket``, as a binding module; its state enum is ``WebSocketStatus``.

Flama 2.2.2's ``flama.http.WebSocket(scope, receive, send)`` is its own connection class, not
Starlette's, and takes the suite's arguments as they are. Its disconnect exception is
``flama.exceptions.WebSocketDisconnect`` and its closing ASGI application
``flama.http.WebSocketClose``. Its state enum, ``WebSocketStatus`` (``CONNECTING``,
``CONNECTED``, ``DISCONNECTED``, ``RESPONSE``), is read as ``client_status`` and
``application_status``, and is exported as ``WebSocketState``.
"""

from flama.exceptions import WebSocketDisconnect
from flama.http import WebSocket, WebSocketClose
from flama.http import WebSocketStatus as WebSocketState

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketState"]
