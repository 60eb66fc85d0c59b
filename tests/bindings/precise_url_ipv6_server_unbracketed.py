"""The reference whose URL leaves an IPv6 ``server`` host unbracketed, as Baize's, Kuí's and Lilya's do.

URL-5 must fail it; URL-8, whose rule is the components of a URL that ``urlsplit()`` can
read, must be blocked by URL-5, not by URL-2.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.bindings.rewritten_url import rewriting_url
from wsproto_api.asgi import Scope
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def _unbracketed(text: str, scope: Scope) -> str:
    """``text`` without the brackets around a netloc from an IPv6 ``server``."""
    server = scope.get("server")
    netloc = urlsplit(text).netloc
    if server and ":" in str(server[0]) and netloc.startswith(f"[{server[0]}]"):
        return text.replace(netloc, netloc.replace("[", "").replace("]", ""), 1)
    return text


WebSocket = rewriting_url(_unbracketed)

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
