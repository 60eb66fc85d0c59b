"""asgi-tools' ``ResponseWebSocket``, as a binding module; it keeps no scope, and has no disconnect exception.

asgi-tools 3.2.1's ``ResponseWebSocket(scope, receive=None, send=None)`` already takes the
suite's arguments: an app's handler passes it the ``Request`` its app built, and the
constructor takes only that request's ``receive`` and ``send`` from it, so a scope passed
directly builds the same object, and ``ResponseWebSocket`` itself is exported as ``WebSocket``.
It does not keep the scope (no ``scope``, ``url``, ``headers`` or mapping interface), and it
raises ``ASGIError`` when ``receive`` or ``send`` is missing.

``receive()`` returns a ``websocket.disconnect`` message instead of raising, so asgi-tools has
no ``WebSocketDisconnect``; the closest is ``ASGIConnectionClosedError``, which receiving after
a disconnect or sending after ``close()`` raises, exported under both names. Its state enum is
``ResponseWebSocket.STATES`` (``CONNECTING``, ``CONNECTED``, ``DISCONNECTED``), read as
``state`` and ``partner_state``; it has no closing ASGI application.
"""

from asgi_tools import ASGIConnectionClosedError as WebSocketDisconnect
from asgi_tools import ASGIConnectionClosedError as WebSocketDisconnected
from asgi_tools import ResponseWebSocket as WebSocket

WebSocketState = WebSocket.STATES
"""asgi-tools' state enum, nested in ``ResponseWebSocket``."""

__all__ = ["WebSocket", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
