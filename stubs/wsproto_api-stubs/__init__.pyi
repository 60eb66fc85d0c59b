"""Type stubs of ``wsproto_api``: the typed contract of the WebSocket connection API."""

from wsproto_api.asgi import (
    ASGIApp,
    Message,
    Receive,
    Scope,
    Send,
    WebSocketAcceptEvent,
    WebSocketCloseEvent,
    WebSocketConnectEvent,
    WebSocketDisconnectEvent,
    WebSocketReceiveEvent,
    WebSocketResponseBodyEvent,
    WebSocketResponseStartEvent,
    WebSocketScope,
    WebSocketSendEvent,
)
from wsproto_api.protocols import (
    URL,
    Address,
    ConnectionState,
    Headers,
    JSONMode,
    QueryParams,
    WebSocket,
    WebSocketFactory,
)

__version__ = "0.2.0"

SPEC_VERSION = "0.2.0"

__all__ = [
    "SPEC_VERSION",
    "URL",
    "ASGIApp",
    "Address",
    "ConnectionState",
    "Headers",
    "JSONMode",
    "Message",
    "QueryParams",
    "Receive",
    "Scope",
    "Send",
    "WebSocket",
    "WebSocketAcceptEvent",
    "WebSocketCloseEvent",
    "WebSocketConnectEvent",
    "WebSocketDisconnectEvent",
    "WebSocketFactory",
    "WebSocketReceiveEvent",
    "WebSocketResponseBodyEvent",
    "WebSocketResponseStartEvent",
    "WebSocketScope",
    "WebSocketSendEvent",
]
