"""The connection state machine (SPEC.md, STATE), written once as data.

Every move is a row of a table below, errors included: which message types each side may
carry in each state and where they lead (``CLIENT_TRANSITIONS``, ``APPLICATION_TRANSITIONS``),
the states in which a side refuses every call (``RECEIVE_REFUSALS``, ``SEND_REFUSALS``), and
where a send that the peer failed with an ``OSError`` leads (``FAILED_SENDS``). The two
funnels, ``WebSocket.receive()`` and ``WebSocket.send()``, consult them for every message;
``next_client_state`` and ``next_application_state`` read them for a message the funnels'
one-step lookup does not find, and raise the error the tables give.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from wsproto_api.asgi import Message
from wsproto_api.close_code import CloseCode
from wsproto_api.reference.exceptions import WebSocketDisconnected
from wsproto_api.reference.messages import RECEIVE_AFTER_DISCONNECT, SEND_AFTER_CLOSE, unexpected_message

__all__ = [
    "ABNORMAL_CLOSURE",
    "APPLICATION_TRANSITIONS",
    "CLIENT_TRANSITIONS",
    "CONNECTED",
    "CONNECTING",
    "DISCONNECTED",
    "FAILED_SENDS",
    "MORE_BODY",
    "RECEIVE_REFUSALS",
    "RESPONSE",
    "SEND_REFUSALS",
    "SENT_BY_TYPE",
    "FailedSend",
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

ABNORMAL_CLOSURE: Final = CloseCode.ABNORMAL_CLOSURE.value
"""The connection was closed without a close frame (STATE-14): a plain ``int``, as Starlette 1.10 gives it."""

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

RECEIVE_REFUSALS: Final[Mapping[WebSocketState, str]] = {
    DISCONNECTED: RECEIVE_AFTER_DISCONNECT,
}
"""``client_state``: the states in which every receive is refused, before it awaits the peer,
with ``WebSocketDisconnected`` and this message (RECV-5)."""

APPLICATION_TRANSITIONS: Final[Mapping[WebSocketState, Mapping[str, WebSocketState]]] = {
    CONNECTING: {
        "websocket.accept": CONNECTED,
        "websocket.close": DISCONNECTED,
        "websocket.http.response.start": RESPONSE,
    },
    CONNECTED: {"websocket.send": CONNECTED, "websocket.close": DISCONNECTED},
    RESPONSE: {MORE_BODY: RESPONSE, _BODY: DISCONNECTED},
}
"""``application_state``: state -> sent message type -> next state (STATE-9, STATE-11)."""

SEND_REFUSALS: Final[Mapping[WebSocketState, str]] = {
    DISCONNECTED: SEND_AFTER_CLOSE,
}
"""``application_state``: the states in which every send is refused, before it reaches the peer,
with ``WebSocketDisconnected`` and this message (STATE-6, STATE-8, STATE-16)."""


@dataclass(frozen=True, slots=True)
class FailedSend:
    """A row of ``FAILED_SENDS``: what a send whose peer raised an ``OSError`` leads to."""

    next_state: WebSocketState
    """Where ``application_state`` goes."""

    disconnect_code: int | None
    """The code of the ``WebSocketDisconnect`` the application sees instead of the ``OSError``;
    ``None`` when the ``OSError`` itself propagates (STATE-15)."""


FAILED_SENDS: Final[Mapping[WebSocketState, FailedSend]] = {
    CONNECTING: FailedSend(DISCONNECTED, None),  # STATE-8, STATE-15
    CONNECTED: FailedSend(DISCONNECTED, ABNORMAL_CLOSURE),  # STATE-14, STATE-16
    RESPONSE: FailedSend(DISCONNECTED, None),  # STATE-8, STATE-15
}
"""``application_state``: the state a send was made in -> what the peer's ``OSError`` leads to (STATE-9)."""

SENT_BY_TYPE: Final[Mapping[WebSocketState, Mapping[str, WebSocketState]]] = {
    state: {event: following for event, following in moves.items() if event not in (MORE_BODY, _BODY)}
    for state, moves in APPLICATION_TRANSITIONS.items()
}
"""``APPLICATION_TRANSITIONS`` without the rows whose event is more than the message's type
(a body chunk, which ``more_body`` splits in two): what the send funnel looks up in one step,
``SENT_BY_TYPE[state][message["type"]]``. Any other message goes to ``next_application_state``."""


def _message_type(message: Message, direction: str) -> str:
    """The message's type, or the error that says why it has none that can be looked up."""
    try:
        message_type = message["type"]
    except (KeyError, TypeError):
        raise RuntimeError(f"The ASGI message {direction} has no 'type' key: {message!r}") from None
    if not isinstance(message_type, str):
        raise RuntimeError(f"The ASGI message {direction} has a non-str 'type': {message_type!r}")
    return message_type


def _unexpected(allowed: Mapping[str, WebSocketState], message_type: str) -> str:
    """Starlette 1.10's message for ``message_type`` where the types of ``allowed`` may come (STATE-10, STATE-11)."""
    return unexpected_message((_BODY if event == MORE_BODY else event for event in allowed), message_type)


def next_client_state(state: WebSocketState, message: Message) -> WebSocketState:
    """The ``client_state`` after receiving ``message`` in ``state``.

    Raises ``RuntimeError`` naming the type when the table does not allow it (STATE-10);
    the receive funnel has already refused to receive in a state of ``RECEIVE_REFUSALS`` (RECV-5).
    """
    allowed = CLIENT_TRANSITIONS[state]
    try:
        return allowed[message["type"]]
    except (KeyError, TypeError):
        # Not allowed, or not a message at all: the slow path says which.
        pass
    message_type = _message_type(message, "received")
    raise RuntimeError(_unexpected(allowed, message_type))


def next_application_state(state: WebSocketState, message: Message) -> WebSocketState:
    """The ``application_state`` after sending ``message`` in ``state``.

    Raises ``WebSocketDisconnected`` in a state of ``SEND_REFUSALS`` (STATE-6), and
    ``RuntimeError`` naming the type when the table does not allow it (STATE-11).
    """
    refusal = SEND_REFUSALS.get(state)
    if refusal is not None:
        raise WebSocketDisconnected(refusal)
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
    raise RuntimeError(_unexpected(allowed, message_type))
