"""The reference whose header values are read as UTF-8, bytes outside it replaced, instead of latin-1.

HDR-5 must fail it. The lookups of HDR-2, HDR-9, HDR-10 and HDR-12 and CONN-10's cookies,
judged over values outside ASCII, find the right header and differ only where it was decoded:
they must be blocked by HDR-5, not fail; HDR-6's raw bytes and HDR-8's missing names do not
depend on the decoding, and must pass.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.headers import Headers
from wsproto_api.reference.scope import scope_headers


def _as_utf8(text: str) -> str:
    return text.encode("latin-1").decode("utf-8", "replace")


class _Utf8Values(Headers):
    """The reference's headers, each value read as UTF-8."""

    __slots__ = ()

    def __getitem__(self, key: str) -> str:
        return _as_utf8(super().__getitem__(key))

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        value = super().get(key)
        return default if value is None else _as_utf8(value)

    def getlist(self, key: str) -> list[str]:
        return [_as_utf8(value) for value in super().getlist(key)]

    def values(self) -> list[str]:  # type: ignore[override]
        return [_as_utf8(value) for value in super().values()]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return [(key, _as_utf8(value)) for key, value in super().items()]


class WebSocket(reference.WebSocket):
    """The reference's connection, whose header values are read as UTF-8."""

    __slots__ = ()

    @property
    def headers(self) -> Headers:
        """Headers whose values are read as UTF-8."""
        if self._headers is None:
            self._headers = _Utf8Values(scope_headers(self.scope))
        return self._headers


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
