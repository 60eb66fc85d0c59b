"""The reference with two methods whose result a checker fits to any use, though their calls are typed.

``receive_text`` returns a type variable that no argument binds, so a checker solves it to
whatever the caller wants (mypy accepts it as the protocol's ``str``); ``receive_bytes`` is
declared to return ``Any``. Both take the contract's arguments and no others, so only a use of
their result shows that the checker compared nothing of it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from wsproto_api import reference
from wsproto_api.reference import WebSocketDisconnect

_Result = TypeVar("_Result")


class WebSocket(reference.WebSocket):
    """The reference's connection, with ``receive_text`` and ``receive_bytes`` giving any type."""

    __slots__ = ()

    async def receive_text(self) -> _Result:  # type: ignore[override, type-var]
        """Receive a text message, as the reference does."""
        return await super().receive_text()  # type: ignore[return-value]

    async def receive_bytes(self) -> Any:
        """Receive a binary message, as the reference does."""
        return await super().receive_bytes()


__all__ = ["WebSocket", "WebSocketDisconnect"]
