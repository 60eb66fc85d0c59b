"""A binding with one wrong URL member: ``port`` declared ``str | None`` instead of ``int | None``.

Otherwise it is ``tests.bindings.static_str_url``: a ``str`` subclass whose derived URLs
(``include_query_params`` and the rest) are of its own class, so of a class that is wrong at
``port`` too.
"""

from __future__ import annotations

from tests.bindings import static_str_url
from wsproto_api.reference import WebSocketDisconnect


class URL(static_str_url.URL):
    """A connection URL whose port is a string."""

    __slots__ = ()

    @property
    def port(self) -> str | None:  # type: ignore[override]
        """The explicit port as a string, or ``None``: the contract wants an ``int``."""
        port = super().port
        return None if port is None else str(port)


class WebSocket(static_str_url.WebSocket):
    """The reference's connection, with the URL above."""

    __slots__ = ()

    @property
    def url(self) -> URL:
        """The connection URL."""
        return URL(super().url)


__all__ = ["URL", "WebSocket", "WebSocketDisconnect"]
