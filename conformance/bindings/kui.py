"""Kuí's ASGI ``WebSocket``, as a binding module; its exception and state enum are Baize's.

Kuí 1.15.0's ``kui.asgi.WebSocket`` is a subclass of Baize's (``baize.asgi.WebSocket``) with
Kuí's own JSON methods and ``is_disconnected()``, built as Baize's is, from ``scope``,
``receive`` and ``send``. Kuí exports no disconnect exception or state enum of its own: the
ones its class raises and reads are Baize's, imported from there.
"""

from baize.asgi import WebSocketDisconnect, WebSocketState
from kui.asgi import WebSocket

__all__ = ["WebSocket", "WebSocketDisconnect", "WebSocketState"]
