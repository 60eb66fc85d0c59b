"""The reference whose ``url.replace`` returns a URL of its own class, positional form included.

A URL is a ``str``, so ``url.replace("ws", "wss")`` returning a URL that holds ``str.replace``'s
text returns a ``str`` (URL-18): every clause must pass. Its keyword form returns the same
class, a new URL (URL-9).
"""

from __future__ import annotations

from typing import Any

from wsproto_api import reference
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class KeptURL(URL):
    """The reference's URL whose ``replace`` keeps its result a ``KeptURL``."""

    __slots__ = ()

    def replace(self, *args: Any, **kwargs: Any) -> KeptURL:  # type: ignore[override]
        """The reference's ``replace``, its result a ``KeptURL``."""
        return KeptURL(super().replace(*args, **kwargs))


class WebSocket(reference.WebSocket):
    """The reference's connection, with that URL."""

    __slots__ = ()

    @property
    def url(self) -> URL:
        """The reference's URL, as a ``KeptURL``."""
        if self._url is None:
            self._url = KeptURL(super().url)
        return self._url


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
