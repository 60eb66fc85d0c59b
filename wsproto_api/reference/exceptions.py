"""The exceptions a connection raises (SPEC.md, EXC)."""

from __future__ import annotations

from wsproto_api.close_code import CloseCode

__all__ = ["WebSocketDisconnect", "WebSocketDisconnected"]


class WebSocketDisconnect(Exception):
    """The client went away: raised by the ``receive_*`` methods (RECV-3, EXC-1, STATE-14).

    ``code`` is the WebSocket close code (compare it with ``CloseCode``'s members), ``reason``
    the close reason (``""`` when none).
    """

    code: int
    """The WebSocket close code (RFC 6455 section 7.4)."""

    reason: str
    """The close reason, ``""`` when none was given."""

    def __init__(self, code: int = CloseCode.NORMAL_CLOSURE.value, reason: str | None = None) -> None:
        self.code = code
        self.reason = reason or ""
        super().__init__(code, self.reason)

    def __str__(self) -> str:
        return f"WebSocket disconnected with code {self.code}" + (f": {self.reason}" if self.reason else "")


class WebSocketDisconnected(RuntimeError):
    """The connection cannot be used: not accepted yet, or already closed (SEND-4, RECV-5, EXC-2)."""
