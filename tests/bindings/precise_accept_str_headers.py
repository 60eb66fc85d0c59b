"""The reference, whose ``accept()`` takes headers as pairs of ``str`` and encodes them.

As Falcon's: valid pairs of bytes make it raise ``AttributeError``. ACCEPT-3 fails; the
refusals of ACCEPT-8 and ACCEPT-9, which give such pairs beside the bad one, and ACCEPT-6's
second ``accept()`` given such pairs, are blocked by it.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """The reference, encoding each header's name and value."""

    __slots__ = ()

    async def accept(  # type: ignore[override]
        self, subprotocol: str | None = None, headers: Iterable[tuple[str, str]] | None = None
    ) -> None:
        """Accept, with the headers encoded to Latin-1 first."""
        pairs = (
            None if headers is None else [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers]
        )
        await super().accept(subprotocol, pairs)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
