"""The contract: structural types for the WebSocket connection API.

A backend conforms by shape: its classes need not import or subclass anything here. Each
member's docstring names the SPEC.md clauses that give it its meaning.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, ItemsView, Iterable, Iterator, KeysView, Sequence, ValuesView
from typing import Any, Literal, SupportsIndex, TypeVar, overload

# typing_extensions' Protocol checks members with inspect.getattr_static on every Python
# version, so isinstance() against these never runs a property (such as ``url``).
from typing_extensions import Protocol, runtime_checkable

from wsproto_api.asgi import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "URL",
    "Address",
    "ConnectionState",
    "Headers",
    "JSONMode",
    "QueryParams",
    "WebSocket",
    "WebSocketFactory",
]

_T = TypeVar("_T")

JSONMode = Literal["text", "binary"]
"""The frame kind a JSON message travels in (JSON-3, JSON-4, JSON-5, JSON-8, JSON-10)."""


@runtime_checkable
class URL(Protocol):
    """The connection URL: a ``str`` that also exposes its parsed components (URL-1 to URL-12, URL-17 to URL-19).

    The protocol lists the ``str`` methods applications use most, so that a type checker
    lets ``ws.url`` be used as the string it is; a conforming URL is a ``str`` subclass. A
    protocol cannot say "is a ``str``", so where a type checker wants a ``str`` itself (an
    argument typed ``str``), write ``str(ws.url)``.
    """

    # str behaviour (URL-1)
    def __len__(self) -> int: ...
    def __contains__(self, key: str, /) -> bool: ...
    def __getitem__(self, key: SupportsIndex | slice, /) -> str: ...
    def __add__(self, value: str, /) -> str: ...
    def startswith(
        self, prefix: str | tuple[str, ...], start: SupportsIndex | None = ..., end: SupportsIndex | None = ..., /
    ) -> bool:
        """As ``str.startswith``."""
        ...

    def endswith(
        self, suffix: str | tuple[str, ...], start: SupportsIndex | None = ..., end: SupportsIndex | None = ..., /
    ) -> bool:
        """As ``str.endswith``."""
        ...

    def encode(self, encoding: str = ..., errors: str = ...) -> bytes:
        """As ``str.encode``."""
        ...

    def split(self, sep: str | None = None, maxsplit: SupportsIndex = -1) -> list[str]:
        """As ``str.split``."""
        ...

    # components (URL-8)
    @property
    def scheme(self) -> str:
        """The scheme, ``ws`` or ``wss`` for a websocket (URL-3)."""
        ...

    @property
    def netloc(self) -> str:
        """The authority: ``[userinfo@]host[:port]`` (URL-4, URL-5)."""
        ...

    @property
    def path(self) -> str:
        r"""The path, with ``?``, ``#`` and ``\`` escaped (URL-7)."""
        ...

    @property
    def query(self) -> str:
        """The query string without its ``?``."""
        ...

    @property
    def fragment(self) -> str:
        """The fragment without its ``#``; empty for a connection URL."""
        ...

    @property
    def username(self) -> str | None:
        """The user name of the netloc, if any."""
        ...

    @property
    def password(self) -> str | None:
        """The password of the netloc, if any."""
        ...

    @property
    def hostname(self) -> str | None:
        """The host, lower-cased and without IPv6 brackets."""
        ...

    @property
    def port(self) -> int | None:
        """The explicit port, or ``None`` when the netloc gives none."""
        ...

    @property
    def is_secure(self) -> bool:
        """True exactly when the scheme is ``wss`` or ``https`` (URL-17)."""
        ...

    # derived URLs (URL-9 to URL-12; positional arguments are str.replace, URL-18 and URL-19)
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
    ) -> URL: ...

    def include_query_params(self, **params: object) -> URL:
        """A new URL with the given query parameters set (URL-10)."""
        ...

    def replace_query_params(self, **params: object) -> URL:
        """A new URL whose query is exactly the given parameters (URL-11)."""
        ...

    def remove_query_params(self, keys: str | Sequence[str]) -> URL:
        """A new URL without the given query parameters (URL-12)."""
        ...


class _StrMultiDict(Protocol):
    """What ``Headers`` and ``QueryParams`` share: a read-only multidict of ``str``.

    Which value a key gives, and what iteration and ``len`` count, differ between the two
    (HDR-9 and HDR-12 against QP-8 and QP-11).
    """

    def __getitem__(self, key: str, /) -> str:
        """The value for ``key``; ``KeyError`` when absent."""
        ...

    def __contains__(self, key: object, /) -> bool:
        """Whether ``key`` is present."""
        ...

    def __iter__(self) -> Iterator[str]:
        """The keys."""
        ...

    def __len__(self) -> int:
        """The number of keys."""
        ...

    @overload
    def get(self, key: str, /) -> str | None: ...
    @overload
    def get(self, key: str, default: str, /) -> str: ...
    @overload
    def get(self, key: str, default: _T, /) -> str | _T: ...

    def getlist(self, key: str) -> list[str]:
        """A new list of every value of ``key``, in order; ``[]`` when absent (HDR-10, QP-9)."""
        ...


@runtime_checkable
class Headers(_StrMultiDict, Protocol):
    """Request headers: an immutable, case-insensitive multidict of ``str`` (HDR-2, HDR-5, HDR-6, HDR-9 to HDR-12).

    Lookup ignores ASCII case; ``headers[name]`` is the first value (HDR-9). ``keys()``,
    ``values()``, ``items()``, iteration and ``len`` should count every header, duplicates
    included (HDR-12, a SHOULD of the multidict feature). The spec names no container type
    for them, so they are typed as ``Collection`` (sized, iterable, ``in``): a list, a tuple
    or a binding's own collection all match. ``raw`` and ``getlist`` are new lists (HDR-6,
    HDR-10).
    """

    def keys(self) -> Collection[str]:
        """Every header name as the scope holds it, one per header, duplicates included, in order (HDR-12)."""
        ...

    def values(self) -> Collection[str]:
        """Every header value, one per header, in order (HDR-12)."""
        ...

    def items(self) -> Collection[tuple[str, str]]:
        """Every ``(name, value)`` pair, one per header, in order (HDR-12)."""
        ...

    @property
    def raw(self) -> list[tuple[bytes, bytes]]:
        """A new list of the scope's ``(name, value)`` byte pairs (HDR-6)."""
        ...


@runtime_checkable
class QueryParams(_StrMultiDict, Protocol):
    """Query parameters: an immutable multidict of ``str`` (QP-3, QP-4, QP-6 to QP-11).

    ``params[key]`` is the last value, and ``keys()`` and ``len`` count distinct keys (QP-8);
    iteration yields each key once, and ``values()`` and ``items()`` give each key's last
    value (QP-11).
    ``multi_items()`` is every pair (QP-9), in a container type the spec does not name, so
    it is typed as a ``Collection``; ``getlist`` is a new list.
    """

    def keys(self) -> KeysView[str]:
        """Each distinct key once, in order of first appearance (QP-8)."""
        ...

    def values(self) -> ValuesView[str]:
        """The last value of each distinct key, in the order of ``keys()`` (QP-11)."""
        ...

    def items(self) -> ItemsView[str, str]:
        """Each distinct key with its last value, in the order of ``keys()`` (QP-11)."""
        ...

    def multi_items(self) -> Collection[tuple[str, str]]:
        """Every ``(key, value)`` pair, in order (QP-9)."""
        ...


@runtime_checkable
class Address(Protocol):
    """The client's address, ``(host, port)`` (CONN-9)."""

    @property
    def host(self) -> str:
        """The client host."""
        ...

    @property
    def port(self) -> int:
        """The client port."""
        ...


@runtime_checkable
class ConnectionState(Protocol):
    """One side's state: compared by ``name`` across backends (STATE-1)."""

    @property
    def name(self) -> str:
        """``CONNECTING``, ``CONNECTED``, ``DISCONNECTED`` or ``RESPONSE``."""
        ...


@runtime_checkable
class WebSocket(Protocol):
    """An ASGI websocket connection, as an application sees it.

    Write handlers against this type (``async def chat(ws: WebSocket) -> None``) and they
    run on any conforming backend.
    """

    @property
    def scope(self) -> Scope:
        """The ASGI scope the connection was built from (CONN-3)."""
        ...

    # the read-only mapping over the scope (CONN-4, CONN-11, CONN-12, CONN-16)
    def __getitem__(self, key: str, /) -> Any:
        """``scope[key]`` (CONN-4)."""
        ...

    def __iter__(self) -> Iterator[str]:
        """The scope's keys (CONN-11)."""
        ...

    def __len__(self) -> int:
        """``len(scope)`` (CONN-11)."""
        ...

    def __contains__(self, key: object, /) -> bool:
        """``key in scope`` (CONN-11)."""
        ...

    @overload
    def get(self, key: str, /) -> Any | None: ...
    @overload
    def get(self, key: str, default: Any, /) -> Any: ...

    def keys(self) -> KeysView[str]:
        """The scope's keys, in the scope's order (CONN-16)."""
        ...

    def values(self) -> ValuesView[Any]:
        """The scope's values, in the scope's order (CONN-16)."""
        ...

    def items(self) -> ItemsView[str, Any]:
        """The scope's ``(key, value)`` pairs, in the scope's order (CONN-16)."""
        ...

    @property
    def url(self) -> URL:
        """The connection URL, a ``str`` (URL-1 to URL-13)."""
        ...

    @property
    def headers(self) -> Headers:
        """The request headers (HDR-2, HDR-5 to HDR-13)."""
        ...

    @property
    def query_params(self) -> QueryParams:
        """The query parameters (QP-3 to QP-10)."""
        ...

    @property
    def path_params(self) -> dict[str, Any]:
        """The router's path parameters, ``{}`` when none (PATH-1)."""
        ...

    @property
    def client(self) -> Address | None:
        """The client's ``(host, port)``, or ``None`` (CONN-9)."""
        ...

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies sent with the handshake (CONN-10)."""
        ...

    @property
    def client_state(self) -> ConnectionState:
        """The state moved by received messages (STATE-1, STATE-2, STATE-13)."""
        ...

    @property
    def application_state(self) -> ConnectionState:
        """The state moved by sent messages (STATE-1, STATE-8, STATE-9, STATE-13)."""
        ...

    async def accept(
        self,
        subprotocol: str | None = None,
        headers: Iterable[tuple[bytes, bytes]] | None = None,
    ) -> None:
        """Accept the connection (ACCEPT-1 to ACCEPT-3, ACCEPT-5 to ACCEPT-10)."""
        ...

    async def send_text(self, data: str) -> None:
        """Send a text message (SEND-1, SEND-3, SEND-4)."""
        ...

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary message (SEND-2, SEND-3, SEND-4)."""
        ...

    async def send_json(self, data: object, mode: JSONMode = "text") -> None:
        """Send ``data`` as compact JSON in a text or binary message (JSON-5, JSON-8 to JSON-13)."""
        ...

    async def receive_text(self) -> str:
        """Receive a text message (RECV-1, RECV-3 to RECV-6)."""
        ...

    async def receive_bytes(self) -> bytes:
        """Receive a binary message (RECV-2 to RECV-6)."""
        ...

    async def receive_json(self, mode: JSONMode = "text") -> Any:
        """Receive a JSON message from a text or binary frame (JSON-3 to JSON-5)."""
        ...

    def iter_text(self) -> AsyncIterator[str]:
        """Text messages until the client disconnects (ITER-1 to ITER-3)."""
        ...

    def iter_bytes(self) -> AsyncIterator[bytes]:
        """Binary messages until the client disconnects (ITER-1 to ITER-3)."""
        ...

    def iter_json(self) -> AsyncIterator[Any]:
        """JSON messages until the client disconnects (ITER-1 to ITER-3)."""
        ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection, or refuse it before ``accept()``.

        CLOSE-1, CLOSE-2, CLOSE-4, CLOSE-9 and CLOSE-10; its arguments, CLOSE-8, CLOSE-11,
        CLOSE-12, CLOSE-14 and CLOSE-15.
        """
        ...

    async def send(self, message: Message) -> None:
        """Send a raw ASGI message through the state machine (RAW-1, RAW-5, STATE-6, STATE-9, STATE-11 to STATE-15)."""
        ...

    async def receive(self) -> Message:
        """Receive a raw ASGI message through the state machine (RAW-2, RAW-5, STATE-2, STATE-10, STATE-13)."""
        ...

    async def send_denial_response(self, response: ASGIApp) -> None:
        """Answer the handshake with an HTTP response instead (DENY-2 to DENY-9)."""
        ...


class WebSocketFactory(Protocol):
    """What a binding's ``WebSocket`` class is: ``WebSocket(scope, receive=None, send=None)`` (CONN-1, CONN-2)."""

    def __call__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> WebSocket:
        """Build a connection object for ``scope``."""
        ...
