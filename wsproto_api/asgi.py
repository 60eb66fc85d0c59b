"""ASGI types for the websocket protocol.

The loose aliases (``Scope``, ``Message``, ``Receive``, ``Send``, ``ASGIApp``) are the ones
the whole ASGI ecosystem passes around, so any server's callables fit them, and the contract
uses them. The TypedDicts describe each websocket message and the websocket scope key by
key, as the ASGI specification defines them: use them to build or read a message with every
key checked, and pass the result on as a ``Message`` (a TypedDict is a ``Mapping`` but not a
``MutableMapping``, so that step is ``dict(event)`` or a ``cast``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, Literal, NotRequired, TypeAlias, TypedDict

__all__ = [
    "ASGIApp",
    "ASGIVersions",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "WebSocketAcceptEvent",
    "WebSocketCloseEvent",
    "WebSocketConnectEvent",
    "WebSocketDisconnectEvent",
    "WebSocketReceiveEvent",
    "WebSocketResponseBodyEvent",
    "WebSocketResponseStartEvent",
    "WebSocketScope",
    "WebSocketSendEvent",
]

# Scope and message values are heterogeneous by design (strings, bytes, tuples, nested
# dicts), so their value type is Any, as in every ASGI framework's own aliases.
Scope: TypeAlias = MutableMapping[str, Any]
"""An ASGI connection scope."""

Message: TypeAlias = MutableMapping[str, Any]
"""An ASGI event message, sent or received."""

Receive: TypeAlias = Callable[[], Awaitable[Message]]
"""The server's ``receive`` callable."""

Send: TypeAlias = Callable[[Message], Awaitable[None]]
"""The server's ``send`` callable."""

ASGIApp: TypeAlias = Callable[[Scope, Receive, Send], Awaitable[None]]
"""An ASGI application: what ``send_denial_response`` runs (DENY-2)."""


class ASGIVersions(TypedDict):
    """The scope's ``asgi`` key."""

    version: str
    spec_version: NotRequired[str]


class WebSocketScope(TypedDict):
    """The websocket connection scope, with the keys ASGI defines (see CONN, URL, HDR, QP)."""

    type: Literal["websocket"]
    asgi: NotRequired[ASGIVersions]
    http_version: NotRequired[str]
    scheme: NotRequired[str]
    path: str
    raw_path: NotRequired[bytes | None]
    query_string: bytes
    root_path: NotRequired[str]
    headers: Iterable[tuple[bytes, bytes]]
    client: NotRequired[tuple[str, int] | None]
    server: NotRequired[tuple[str, int | None] | None]
    subprotocols: NotRequired[Iterable[str]]
    state: NotRequired[dict[str, Any]]
    extensions: NotRequired[dict[str, dict[object, object]] | None]
    path_params: NotRequired[dict[str, Any]]


class WebSocketConnectEvent(TypedDict):
    """``websocket.connect``: the client asks to open the connection."""

    type: Literal["websocket.connect"]


class WebSocketAcceptEvent(TypedDict):
    """``websocket.accept``: the application accepts the connection (ACCEPT-1)."""

    type: Literal["websocket.accept"]
    subprotocol: NotRequired[str | None]
    headers: NotRequired[Iterable[tuple[bytes, bytes]]]


class WebSocketReceiveEvent(TypedDict):
    """``websocket.receive``: a data message from the client; one of ``bytes``/``text`` is set."""

    type: Literal["websocket.receive"]
    bytes: NotRequired[bytes | None]
    text: NotRequired[str | None]


class WebSocketSendEvent(TypedDict):
    """``websocket.send``: a data message to the client; one of ``bytes``/``text`` is set."""

    type: Literal["websocket.send"]
    bytes: NotRequired[bytes | None]
    text: NotRequired[str | None]


class WebSocketDisconnectEvent(TypedDict):
    """``websocket.disconnect``: the connection is gone (RECV-3)."""

    type: Literal["websocket.disconnect"]
    code: int
    reason: NotRequired[str | None]


class WebSocketCloseEvent(TypedDict):
    """``websocket.close``: the application closes, or refuses, the connection (CLOSE-1)."""

    type: Literal["websocket.close"]
    code: NotRequired[int]
    reason: NotRequired[str | None]


class WebSocketResponseStartEvent(TypedDict):
    """``websocket.http.response.start``: the head of a denial response (DENY-9)."""

    type: Literal["websocket.http.response.start"]
    status: int
    headers: NotRequired[Iterable[tuple[bytes, bytes]]]
    trailers: NotRequired[bool]


class WebSocketResponseBodyEvent(TypedDict):
    """``websocket.http.response.body``: a chunk of a denial response's body (DENY-9)."""

    type: Literal["websocket.http.response.body"]
    body: NotRequired[bytes]
    more_body: NotRequired[bool]
