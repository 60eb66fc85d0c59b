"""The connection state machine (SPEC.md, STATE), written once as data.

Two tables say which message types each side may carry in each state and where they lead.
``next_client_state`` and ``next_application_state`` read them; ``DATA_SENT`` is one column
of the second, taken out for the data messages an application sends most.
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
    "DATA_SENT",
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

    # Members are singletons compared by identity, so identity hashing agrees with equality;
    # Enum's own __hash__ runs Python code, and every send and receive hashes a state to find
    # its row in the tables below.
    __hash__ = object.__hash__


CONNECTING: Final = WebSocketState.CONNECTING
CONNECTED: Final = WebSocketState.CONNECTED
DISCONNECTED: Final = WebSocketState.DISCONNECTED
RESPONSE: Final = WebSocketState.RESPONSE

MORE_BODY: Final = "websocket.http.response.body+more_body"
"""The event name of a denial-response body chunk that announces more to come.

A body chunk with ``more_body`` keeps the response open while the last one ends it, so the
table treats the two as different events.
"""

_BODY: Final = "websocket.http.response.body"

CLIENT_TRANSITIONS: Final[Mapping[WebSocketState, Mapping[str, WebSocketState]]] = {
    CONNECTING: {"websocket.connect": CONNECTED},
    CONNECTED: {"websocket.receive": CONNECTED, "websocket.disconnect": DISCONNECTED},
}
"""``client_state``: state -> received message type -> next state (STATE-2, STATE-10)."""

APPLICATION_TRANSITIONS: Final[Mapping[WebSocketState, Mapping[str, WebSocketState]]] = {
    CONNECTING: {
        "websocket.accept": CONNECTED,
        "websocket.close": DISCONNECTED,
        "websocket.http.response.start": RESPONSE,
    },
    CONNECTED: {"websocket.send": CONNECTED, "websocket.close": DISCONNECTED},
    RESPONSE: {MORE_BODY: RESPONSE, "websocket.http.response.body": DISCONNECTED},
}
"""``application_state``: state -> sent message type -> next state (STATE-9, STATE-11)."""

DATA_SENT: Final[Mapping[WebSocketState, WebSocketState]] = {
    state: moves["websocket.send"] for state, moves in APPLICATION_TRANSITIONS.items() if "websocket.send" in moves
}
"""The ``websocket.send`` column of ``APPLICATION_TRANSITIONS``: where a data message leads, in the
states that allow one, for ``send_text`` and ``send_bytes`` to look up at once."""


def _message_type(message: Message, direction: str) -> str:
    """The message's type, or the error that says why it has none that can be looked up."""
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

    Raises ``RuntimeError`` naming the type when the table does not allow it (STATE-10);
    the caller has already refused to receive in ``DISCONNECTED`` (RECV-5).
    """
    allowed = CLIENT_TRANSITIONS[state]
    try:
        return allowed[message["type"]]
    except (KeyError, TypeError):
        # Not allowed, or not a message at all: the slow path says which.
        pass
    message_type = _message_type(message, "received")
    raise RuntimeError(f"Expected ASGI message {_expected(allowed)}, but got {message_type!r}")


def next_application_state(state: WebSocketState, message: Message) -> WebSocketState:
    """The ``application_state`` after sending ``message`` in ``state``.

    Raises ``RuntimeError`` naming the type when the table does not allow it (STATE-11);
    the caller has already refused to send in ``DISCONNECTED`` (STATE-6).
    """
    allowed = APPLICATION_TRANSITIONS[state]
    try:
        event = message["type"]
        if event == _BODY and message.get("more_body"):
            event = MORE_BODY
        return allowed[event]
    except (KeyError, TypeError):
        # Not allowed, or not a message at all: the slow path says which.
        pass
    message_type = _message_type(message, "to send")
    raise RuntimeError(f"Expected ASGI message {_expected(allowed)}, but got {message_type!r}")
