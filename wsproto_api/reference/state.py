"""The connection state machine (SPEC.md, STATE), written once as data.

Two tables say which message types each side may carry in each state and where they lead.
``next_client_state`` and ``next_application_state`` are the only code that reads them;
everything else in the reference moves state by calling those two.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final

from wsproto_api.asgi import Message

__all__ = [
    "APPLICATION_TRANSITIONS",
    "CLIENT_TRANSITIONS",
    "CONNECTED",
    "CONNECTING",
    "DISCONNECTED",
    "MORE_BODY",
    "RESPONSE",
    "WebSocketState",
    "next_application_state",
    "next_client_state",
]


class WebSocketState(enum.Enum):
    """The state of one side of a connection (STATE-1)."""

    CONNECTING = 0
    CONNECTED = 1
    DISCONNECTED = 2
    RESPONSE = 3


CONNECTING: Final = WebSocketState.CONNECTING
CONNECTED: Final = WebSocketState.CONNECTED
DISCONNECTED: Final = WebSocketState.DISCONNECTED
RESPONSE: Final = WebSocketState.RESPONSE

MORE_BODY: Final = "websocket.http.response.body+more_body"
"""The event name of a denial-response body chunk that announces more to come.

A body chunk with ``more_body`` keeps the response open while the last one ends it, so the
table treats the two as different events.
"""

CLIENT_TRANSITIONS: Final[Mapping[WebSocketState, Mapping[str, WebSocketState]]] = {
    CONNECTING: {"websocket.connect": CONNECTED},
    CONNECTED: {"websocket.receive": CONNECTED, "websocket.disconnect": DISCONNECTED},
}
"""``client_state``: state -> received message type -> next state (STATE-2, STATE-3)."""

APPLICATION_TRANSITIONS: Final[Mapping[WebSocketState, Mapping[str, WebSocketState]]] = {
    CONNECTING: {
        "websocket.accept": CONNECTED,
        "websocket.close": DISCONNECTED,
        "websocket.http.response.start": RESPONSE,
    },
    CONNECTED: {"websocket.send": CONNECTED, "websocket.close": DISCONNECTED},
    RESPONSE: {MORE_BODY: RESPONSE, "websocket.http.response.body": DISCONNECTED},
}
"""``application_state``: state -> sent message type -> next state (STATE-4, STATE-5)."""


def _message_type(message: Message, direction: str) -> str:
    try:
        message_type = message["type"]
    except (KeyError, TypeError):
        raise RuntimeError(f"The ASGI message {direction} has no 'type' key: {message!r}") from None
    if not isinstance(message_type, str):
        raise RuntimeError(f"The ASGI message {direction} has a non-str 'type': {message_type!r}")
    return message_type


def _expected(allowed: Mapping[str, WebSocketState]) -> str:
    names = dict.fromkeys('"websocket.http.response.body"' if t == MORE_BODY else f'"{t}"' for t in allowed)
    return " or ".join(names)


def next_client_state(state: WebSocketState, message: Message) -> WebSocketState:
    """The ``client_state`` after receiving ``message`` in ``state``.

    Raises ``RuntimeError`` naming the type when the table does not allow it (STATE-3);
    the caller has already refused to receive in ``DISCONNECTED`` (RECV-5).
    """
    allowed = CLIENT_TRANSITIONS[state]
    message_type = _message_type(message, "received")
    try:
        return allowed[message_type]
    except KeyError:
        raise RuntimeError(f"Expected ASGI message {_expected(allowed)}, but got {message_type!r}") from None


def next_application_state(state: WebSocketState, message: Message) -> WebSocketState:
    """The ``application_state`` after sending ``message`` in ``state``.

    Raises ``RuntimeError`` naming the type when the table does not allow it (STATE-5);
    the caller has already refused to send in ``DISCONNECTED`` (STATE-6).
    """
    allowed = APPLICATION_TRANSITIONS[state]
    message_type = _message_type(message, "to send")
    event = MORE_BODY if message_type == "websocket.http.response.body" and message.get("more_body") else message_type
    try:
        return allowed[event]
    except KeyError:
        raise RuntimeError(f"Expected ASGI message {_expected(allowed)}, but got {message_type!r}") from None
