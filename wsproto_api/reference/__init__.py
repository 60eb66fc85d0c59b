"""The reference implementation of SPEC.md, and itself a binding module.

Use it as a small, dependency-free ``WebSocket`` for plain ASGI apps, or as the
binding ``wsproto_api.reference`` for the conformance suite.
"""

from wsproto_api.close_code import CloseCode
from wsproto_api.reference.close import WebSocketClose
from wsproto_api.reference.exceptions import WebSocketDisconnect, WebSocketDisconnected
from wsproto_api.reference.headers import Headers
from wsproto_api.reference.query_params import QueryParams
from wsproto_api.reference.scope import Address
from wsproto_api.reference.state import WebSocketState
from wsproto_api.reference.url import URL
from wsproto_api.reference.websocket import WebSocket

__all__ = [
    "URL",
    "Address",
    "CloseCode",
    "Headers",
    "QueryParams",
    "WebSocket",
    "WebSocketClose",
    "WebSocketDisconnect",
    "WebSocketDisconnected",
    "WebSocketState",
]
