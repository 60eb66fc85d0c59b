"""The reference whose URL leaves a ``?`` in the path unescaped, as Baize's, Kuí's and Lilya's do.

URL-7, whose rule is the escaping, must fail it; URL-6, whose rule is the relative form and
its ``//``, must pass: its own cases hold no ``?`` in the path.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.bindings.rewritten_url import rewriting_url
from wsproto_api.asgi import Scope
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def _question_mark_kept(text: str, scope: Scope) -> str:
    """``text`` with ``%3F`` in its path written back as ``?``."""
    path = urlsplit(text).path
    return text.replace(path, path.replace("%3F", "?"), 1) if path else text


WebSocket = rewriting_url(_question_mark_kept)

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
