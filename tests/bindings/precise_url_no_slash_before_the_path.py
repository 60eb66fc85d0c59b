"""The reference whose URL puts no ``/`` before a path that does not start with one, as Baize's does.

URL-2 must fail it (``ws://example.orgchat``); URL-7, whose rule is only the escaping of
``?``, ``#`` and ``\\`` in the path, must pass.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.bindings.rewritten_url import rewriting_url
from wsproto_api.asgi import Scope
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def _no_slash(text: str, scope: Scope) -> str:
    """``text`` with the netloc run into a path that does not start with ``/``."""
    netloc = urlsplit(text).netloc
    if netloc and not str(scope["path"]).startswith("/"):
        return text.replace(f"{netloc}/", netloc, 1)
    return text


WebSocket = rewriting_url(_no_slash)

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
