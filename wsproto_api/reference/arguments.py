"""Checks on what an application asks a connection to send, made before anything is sent.

Each function returns nothing or the checked value, and raises ``TypeError`` for a value of
the wrong type or ``ValueError`` for a well-typed value the protocol does not allow, with a
message that names the argument and the value (SPEC.md ACCEPT-7 to ACCEPT-9, SEND-5,
CLOSE-11, CLOSE-12, CLOSE-14, CLOSE-15).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final, cast

from wsproto_api.close_code import CloseCode

__all__ = [
    "MAX_REASON_BYTES",
    "check_accept_headers",
    "check_bytes_payload",
    "check_close_code",
    "check_close_reason",
    "check_subprotocol",
    "check_text_payload",
]

MAX_REASON_BYTES: Final = 123
"""A close frame's payload is at most 125 bytes, two of them the code (RFC 6455 section 5.5)."""

_REPORTED_ONLY: Final = frozenset((CloseCode.NO_STATUS_RCVD, CloseCode.ABNORMAL_CLOSURE, CloseCode.TLS_HANDSHAKE))
"""The codes that report what happened to a connection and are never put in a close frame (RFC 6455 section 7.4.1)."""

_APPLICATION_CODES: Final = range(3000, 5000)
"""3000 to 3999 for libraries and frameworks (IANA registry), 4000 to 4999 private (RFC 6455 section 7.4.2)."""

_SENDABLE_CLOSE_CODES: Final = frozenset(
    (*(code.value for code in CloseCode if code not in _REPORTED_ONLY), *_APPLICATION_CODES)
)
"""The codes an endpoint may put in a close frame (RFC 6455 sections 7.4.1 and 7.4.2, CLOSE-11).

``CloseCode``'s sendable members, 1000 to 1003 and 1007 to 1014, and the application codes:
1004 is reserved, and 1016 to 2999 are left to future RFCs.
"""

_TOKEN: Final = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""An HTTP field name (RFC 7230 section 3.2.6)."""

_FORBIDDEN_IN_VALUE: Final = re.compile(rb"[\r\n\x00]")
"""CR and LF would end the field and start another; NUL is never valid (RFC 7230 section 3.2)."""

_SUBPROTOCOL_HEADER: Final = b"sec-websocket-protocol"


def check_close_code(code: object) -> None:
    """Refuse a close code an endpoint may not send, or that is not an ``int`` (CLOSE-11, CLOSE-12)."""
    # bool is an int subclass, but close(True) is a mistake, not code 1.
    if not isinstance(code, int) or isinstance(code, bool):
        raise TypeError(f"close code must be an int, not {type(code).__name__}: {code!r}")
    if code not in _SENDABLE_CLOSE_CODES:
        raise ValueError(
            f"close code {code} may not be sent by an endpoint (RFC 6455 section 7.4); "
            "use 1000-1003, 1007-1014 or an application code in 3000-4999"
        )


def check_close_reason(reason: object) -> None:
    """Refuse a close reason that is not text or does not fit in a close frame (CLOSE-14, CLOSE-15)."""
    if reason is None:
        return
    if not isinstance(reason, str):
        raise TypeError(f"close reason must be a str or None, not {type(reason).__name__}: {reason!r}")
    try:
        size = len(reason.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise ValueError(f"close reason cannot be encoded in UTF-8: {error.reason} at {error.start}") from None
    if size > MAX_REASON_BYTES:
        raise ValueError(
            f"close reason is {size} bytes in UTF-8, more than the {MAX_REASON_BYTES} a close frame can carry"
        )


def check_subprotocol(subprotocol: object, offered: object) -> None:
    """Refuse a subprotocol the client did not offer in ``scope["subprotocols"]`` (ACCEPT-7)."""
    if subprotocol is None:
        return
    if not isinstance(subprotocol, str):
        raise TypeError(f"accept() subprotocol must be a str or None, not {type(subprotocol).__name__}")
    # A str would turn the membership test into a substring test.
    if not isinstance(offered, list | tuple):
        raise TypeError(f"scope['subprotocols'] must be a list of str, not {type(offered).__name__}")
    if subprotocol not in cast("Sequence[object]", offered):
        raise ValueError(
            f"accept() subprotocol {subprotocol!r} was not offered by the client; scope['subprotocols'] is {offered!r}"
        )


def check_accept_headers(headers: Iterable[object], subprotocol: str | None) -> list[tuple[bytes, bytes]]:
    """The accept headers as a list of byte pairs, or the error that names a bad one (ACCEPT-8, ACCEPT-9)."""
    checked: list[tuple[bytes, bytes]] = []
    for index, header in enumerate(headers):
        pair = cast("Sequence[object]", header) if isinstance(header, tuple | list) else ()
        name, value = pair if len(pair) == 2 else (None, None)
        if not (isinstance(name, bytes) and isinstance(value, bytes)):
            raise TypeError(f"accept() header {index} must be a (name, value) pair of bytes, not {header!r}")
        if _TOKEN.fullmatch(name) is None:
            raise ValueError(f"accept() header {index} has a name that is not an HTTP token: {name!r}")
        if _FORBIDDEN_IN_VALUE.search(value) is not None:
            raise ValueError(f"accept() header {name!r} has a value with CR, LF or NUL: {value!r}")
        if name.lower() == _SUBPROTOCOL_HEADER:
            # The server writes this header from ``subprotocol``; a second one would contradict
            # or repeat it.
            raise ValueError(
                f"accept() header {name!r} may not be given: choose the subprotocol with "
                f"accept(subprotocol=...) alone (subprotocol is {subprotocol!r})"
            )
        checked.append((name, value))
    return checked


def check_text_payload(data: object) -> None:
    """Refuse a text message that is not a ``str`` (SEND-5)."""
    if not isinstance(data, str):
        raise TypeError(f"send_text() takes a str, not {type(data).__name__}")


def check_bytes_payload(data: object) -> None:
    """Refuse a binary message that is not ``bytes`` (SEND-5)."""
    if not isinstance(data, bytes):
        raise TypeError(f"send_bytes() takes bytes, not {type(data).__name__}")
