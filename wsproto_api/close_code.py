"""WebSocket close codes by name (RFC 6455 section 7.4.1).

``CloseCode`` names the codes RFC 6455 defines, for any backend's ``close(code)`` and for
reading ``WebSocketDisconnect.code``: ``await ws.close(CloseCode.POLICY_VIOLATION)``. Its
members are ``int``s, so they compare equal to the bare numbers that ASGI messages carry;
the reference puts plain ``int``s in the messages it sends.
"""

from __future__ import annotations

import enum

__all__ = ["CloseCode"]


class CloseCode(enum.IntEnum):
    """The close codes of RFC 6455 section 7.4.1 (and the IANA WebSocket Close Code registry).

    An endpoint may send every member but ``NO_STATUS_RCVD``, ``ABNORMAL_CLOSURE`` and
    ``TLS_HANDSHAKE``, which only report what happened; beside them, an application may send
    a code of its own from 3000 to 4999 (section 7.4.2). 1004 is reserved and has no name.
    """

    NORMAL_CLOSURE = 1000
    """The purpose of the connection has been fulfilled."""

    GOING_AWAY = 1001
    """The endpoint is going away: a server going down, a browser leaving the page."""

    PROTOCOL_ERROR = 1002
    """The endpoint is closing because of a protocol error."""

    UNSUPPORTED_DATA = 1003
    """The endpoint received a type of data it cannot accept (binary where it takes text only)."""

    NO_STATUS_RCVD = 1005
    """Reported, never sent: the close frame carried no code (ASGI's default for ``websocket.disconnect``)."""

    ABNORMAL_CLOSURE = 1006
    """Reported, never sent: the connection was lost without a close frame."""

    INVALID_FRAME_PAYLOAD_DATA = 1007
    """The endpoint received data that does not match the message type (text that is not UTF-8)."""

    POLICY_VIOLATION = 1008
    """The endpoint received a message that violates its policy; the generic code when no other fits."""

    MESSAGE_TOO_BIG = 1009
    """The endpoint received a message too big to process."""

    MANDATORY_EXT = 1010
    """Sent by a client: the server did not negotiate an extension the client requires."""

    INTERNAL_ERROR = 1011
    """Sent by a server: an unexpected condition kept it from fulfilling the request."""

    SERVICE_RESTART = 1012
    """The service is restarting (IANA registry)."""

    TRY_AGAIN_LATER = 1013
    """The service is overloaded for now; the client may reconnect later (IANA registry)."""

    BAD_GATEWAY = 1014
    """A gateway or proxy received an invalid response from the server it acts for (IANA registry)."""

    TLS_HANDSHAKE = 1015
    """Reported, never sent: the TLS handshake failed."""
