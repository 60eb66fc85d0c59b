"""A binding whose ``WebSocket`` is a factory function without annotations, building the reference's connection.

pyright infers what it returns and mypy does not, but neither reads a declared type: the
constructor is untyped, and fails TYPE-1 for both checkers.
"""

from wsproto_api import reference
from wsproto_api.reference import WebSocketDisconnect


def WebSocket(scope, receive=None, send=None):
    """A reference connection, built by a function that declares nothing."""
    return reference.WebSocket(scope, receive, send)


__all__ = ["WebSocket", "WebSocketDisconnect"]
