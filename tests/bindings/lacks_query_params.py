"""The reference without ``query_params`` and without the headers' multidict members.

Every member of the multidict feature is then missing: ``headers.getlist`` and ``headers.raw``
from the headers, ``query_params.getlist`` and ``query_params.multi_items`` with the part that
holds them, so the feature is absent.
"""

from __future__ import annotations

from tests.bindings.wrapped import connection_without
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = connection_without("query_params", "headers.getlist", "headers.raw")

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
