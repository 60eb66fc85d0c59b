"""The reference, except that ``send_json`` and ``receive_json`` take their mode as an enum, as BlackSheep's do.

A ``mode`` given as the string ``"text"`` or ``"binary"`` is refused with ``TypeError``; the
default, ``MessageMode.TEXT``, is the reference's text mode. Only the clauses whose rules
name a mode string (JSON-4, JSON-5, JSON-10) can fail for it.
"""

from __future__ import annotations

import enum
from typing import Any

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class MessageMode(enum.Enum):
    """How a JSON document travels."""

    TEXT = "text"
    BINARY = "binary"


def _value(mode: object) -> str:
    if not isinstance(mode, MessageMode):
        raise TypeError(f"mode must be a MessageMode, not {mode!r}")
    return mode.value


class WebSocket(_Reference):
    """Reads ``mode`` as a :class:`MessageMode`."""

    __slots__ = ()

    async def send_json(self, data: Any, mode: MessageMode = MessageMode.TEXT) -> None:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        await super().send_json(data, mode=_value(mode))  # type: ignore[arg-type]

    async def receive_json(self, mode: MessageMode = MessageMode.TEXT) -> Any:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        return await super().receive_json(mode=_value(mode))  # type: ignore[arg-type]


__all__ = [
    "MessageMode",
    "WebSocket",
    "WebSocketClose",
    "WebSocketDisconnect",
    "WebSocketDisconnected",
    "WebSocketState",
]
