"""The reference with three members a checker sees as ``Any``: it would accept any use of them.

``send_text`` is declared ``Callable[..., Any]``, ``close`` takes
``(*args: Any, **kwargs: Any)`` and returns ``Any``, and ``path_params`` is declared
``Any``. Each is annotated, so no run-time look finds it untyped; only the checker can say
that it compared nothing of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wsproto_api import reference
from wsproto_api.reference import WebSocketDisconnect


class WebSocket(reference.WebSocket):
    """The reference's connection, with ``send_text``, ``close`` and ``path_params`` typed ``Any``."""

    __slots__ = ()

    send_text: Callable[..., Any] = reference.WebSocket.send_text

    async def close(self, *args: Any, **kwargs: Any) -> Any:
        """Close the connection, as the reference does."""
        return await super().close(*args, **kwargs)

    @property
    def path_params(self) -> Any:
        """The router's path parameters, declared ``Any``."""
        return super().path_params


__all__ = ["WebSocket", "WebSocketDisconnect"]
