"""A binding whose URL is a ``str`` subclass of its own, with every member it defines annotated.

The ``str`` members of the contract's ``URL`` (``split``, ``encode``, ``startswith``...) are
``str``'s own, inherited; the components and the derived URLs are the class's own, computed by
the reference's URL. A derived URL is of the class it was derived from (``Self``), so that a
subclass (``tests.bindings.static_port_str``) derives URLs of its own class.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self, SupportsIndex, overload

from wsproto_api.reference import URL as _ReferenceURL
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketDisconnect


class URL(str):
    """A connection URL: a ``str`` with its components."""

    __slots__ = ()

    def _parsed(self) -> _ReferenceURL:
        return _ReferenceURL(self)

    @property
    def scheme(self) -> str:
        """The scheme."""
        return self._parsed().scheme

    @property
    def netloc(self) -> str:
        """The authority."""
        return self._parsed().netloc

    @property
    def path(self) -> str:
        """The path."""
        return self._parsed().path

    @property
    def query(self) -> str:
        """The query string."""
        return self._parsed().query

    @property
    def fragment(self) -> str:
        """The fragment."""
        return self._parsed().fragment

    @property
    def username(self) -> str | None:
        """The user name, or ``None``."""
        return self._parsed().username

    @property
    def password(self) -> str | None:
        """The password, or ``None``."""
        return self._parsed().password

    @property
    def hostname(self) -> str | None:
        """The host, or ``None``."""
        return self._parsed().hostname

    @property
    def port(self) -> int | None:
        """The explicit port, or ``None``."""
        return self._parsed().port

    @property
    def is_secure(self) -> bool:
        """Whether the scheme is ``wss`` or ``https``."""
        return self._parsed().is_secure

    @overload
    def replace(self, old: str, new: str, count: SupportsIndex = -1, /) -> str: ...
    @overload
    def replace(
        self,
        /,
        *,
        scheme: str = ...,
        netloc: str = ...,
        path: str = ...,
        query: str = ...,
        fragment: str = ...,
        username: str | None = ...,
        password: str | None = ...,
        hostname: str | None = ...,
        port: int | None = ...,
    ) -> Self: ...
    def replace(self, *args: Any, **components: Any) -> str:
        """``str.replace`` with positional arguments, a URL with other components with keywords."""
        if args:
            return str.replace(self, *args)
        return type(self)(self._parsed().replace(**components))

    def include_query_params(self, **params: object) -> Self:
        """A URL with the given query parameters set."""
        return type(self)(self._parsed().include_query_params(**params))

    def replace_query_params(self, **params: object) -> Self:
        """A URL whose query is exactly the given parameters."""
        return type(self)(self._parsed().replace_query_params(**params))

    def remove_query_params(self, keys: str | Sequence[str]) -> Self:
        """A URL without the given query parameters."""
        return type(self)(self._parsed().remove_query_params(keys))


class WebSocket(_Reference):
    """The reference's connection, with the URL above."""

    __slots__ = ()

    @property
    def url(self) -> URL:
        """The connection URL."""
        return URL(super().url)


__all__ = ["URL", "WebSocket", "WebSocketDisconnect"]
