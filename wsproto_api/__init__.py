"""wsproto-api: the ASGI WebSocket connection API as a typed contract.

The Protocols here describe the ``WebSocket`` object of SPEC.md; ``wsproto_api.reference``
implements it. Application code types its handlers against these names::

    async def chat(ws: wsproto_api.WebSocket) -> None: ...
"""

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
from wsproto_api.close_code import CloseCode
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

__version__ = "0.3.15"
"""The package version."""

SPEC_VERSION = "0.3.8"
"""The version of SPEC.md this package implements."""

__all__ = [
    "SPEC_VERSION",
    "URL",
    "ASGIApp",
    "Address",
    "CloseCode",
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
