"""A shared piece of the bindings that change only the reference's headers: not a binding itself."""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import Headers


def connection_with_headers(headers_class: type[Headers]) -> type[reference.WebSocket]:
    """The reference's connection, whose ``headers`` are the scope's, held by ``headers_class``."""

    class WebSocket(reference.WebSocket):
        """The reference's connection, with other headers."""

        __slots__ = ()

        @property
        def headers(self) -> Headers:
            """The scope's headers, held by ``headers_class``."""
            return headers_class(raw=list(super().headers.raw))

    return WebSocket
