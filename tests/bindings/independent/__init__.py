"""A second implementation of the contract, written from SPEC.md alone.

The suite must never fail a right implementation, nor blame the wrong clause. Its own tests
check that on variants of the reference (``tests/suite/test_equivalence.py``,
``tests/suite/test_ablation.py``), but those all share the reference's code: a test that leans
on how the reference happens to do something, rather than on what SPEC.md asks, passes on
every one of them. This binding shares no code with the reference, and is right in other
ways: its own state table, a scope read and checked when the connection is built, headers,
query parameters and URL parsed whole when first read, plain classes rather than ``Mapping``
subclasses, its own JSON writer, and errors that are subclasses of the built-in exceptions
SPEC.md names. ``tests/suite/test_equivalence.py`` requires that it passes every clause the
reference passes.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    Sequence,
    ValuesView,
)
from typing import Any, Generic, Literal, TypeVar, cast, overload

from tests.bindings.independent._data import (
    URL,
    Address,
    HeaderTable,
    QueryTable,
    parse_cookies,
    parse_query,
    valid_host,
)
from tests.bindings.independent._json import dump_json
from wsproto_api.asgi import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "URL",
    "Address",
    "BadArgument",
    "BadArgumentType",
    "HeaderTable",
    "ProtocolViolation",
    "QueryTable",
    "WebSocket",
    "WebSocketClose",
    "WebSocketDisconnect",
    "WebSocketDisconnected",
    "WebSocketState",
]

_T = TypeVar("_T")


class WebSocketState(enum.Enum):
    """Where one side of the connection is: the client's, or the application's."""

    CONNECTING = 0
    CONNECTED = 1
    DISCONNECTED = 2
    RESPONSE = 3


class WebSocketDisconnect(Exception):
    """The client went away (or the connection broke while sending)."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        self.code = code
        self.reason = "" if reason is None else reason
        super().__init__(code, self.reason)


class WebSocketDisconnected(RuntimeError):
    """The connection is over, so nothing more can be sent or received on it."""


class ProtocolViolation(RuntimeError):
    """A call or message that the connection's state does not allow."""


class BadArgument(ValueError):
    """An argument with a value the protocol forbids."""


class BadArgumentType(TypeError):
    """An argument of a type the protocol has no form for."""


_S = WebSocketState

# (state, message type) -> next state; the RESPONSE body row depends on more_body.
_RECEIVING: dict[tuple[WebSocketState, str], WebSocketState] = {
    (_S.CONNECTING, "websocket.connect"): _S.CONNECTED,
    (_S.CONNECTED, "websocket.receive"): _S.CONNECTED,
    (_S.CONNECTED, "websocket.disconnect"): _S.DISCONNECTED,
}
_SENDING: dict[tuple[WebSocketState, str], WebSocketState] = {
    (_S.CONNECTING, "websocket.accept"): _S.CONNECTED,
    (_S.CONNECTING, "websocket.close"): _S.DISCONNECTED,
    (_S.CONNECTING, "websocket.http.response.start"): _S.RESPONSE,
    (_S.CONNECTED, "websocket.send"): _S.CONNECTED,
    (_S.CONNECTED, "websocket.close"): _S.DISCONNECTED,
    (_S.RESPONSE, "websocket.http.response.body"): _S.DISCONNECTED,
}

_TOKEN = re.compile(rb"[A-Za-z0-9!#$%&'*+\-.^_`|~]+")
_ALLOWED_CODES = frozenset(range(1000, 1004)) | frozenset(range(1007, 1015)) | frozenset(range(3000, 5000))


def _check_close_args(code: object, reason: object) -> None:
    if not isinstance(code, int) or isinstance(code, bool):
        raise BadArgumentType(f"close code must be an int, not {type(code).__name__}")
    if code not in _ALLOWED_CODES:
        raise BadArgument(f"close code {code} may not be sent by an endpoint (RFC 6455 section 7.4)")
    if reason is None:
        return
    if not isinstance(reason, str):
        raise BadArgumentType(f"close reason must be a str or None, not {type(reason).__name__}")
    try:
        size = len(reason.encode("utf-8"))
    except UnicodeEncodeError:
        raise BadArgument("close reason cannot be encoded as UTF-8") from None
    if size > 123:
        raise BadArgument(f"close reason is {size} bytes in UTF-8; at most 123 fit in a close frame")


class WebSocketClose:
    """An ASGI application that closes the websocket it is given."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        _check_close_args(code, reason)
        self.code = code
        self.reason = reason or ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Close the connection with this code and reason."""
        await send({"type": "websocket.close", "code": self.code, "reason": self.reason})


# --------------------------------------------------------------------------- scope checks


def _pair(value: object) -> bool:
    return isinstance(value, (tuple, list)) and len(cast("Sequence[object]", value)) == 2


def _read_headers(scope: Mapping[str, Any]) -> tuple[tuple[bytes, bytes], ...]:
    if "headers" not in scope:
        raise ValueError("malformed scope: 'headers' is missing")
    source = scope["headers"]
    try:
        items = list(source)
    except TypeError:
        raise TypeError(f"malformed scope: 'headers' is not iterable ({type(source).__name__})") from None
    pairs: list[tuple[bytes, bytes]] = []
    for item in items:
        if not _pair(item):
            raise ValueError(f"malformed scope: 'headers' holds {item!r}, not a (name, value) pair")
        name, value = item
        if type(name) is not bytes or type(value) is not bytes:
            raise TypeError(f"malformed scope: 'headers' holds {item!r}, whose name and value must be bytes")
        pairs.append((name, value))
    return tuple(pairs)


def _read_query_string(scope: Mapping[str, Any]) -> bytes:
    raw = scope.get("query_string")
    if raw is None:
        return b""
    if type(raw) is not bytes:
        raise TypeError(f"malformed scope: 'query_string' must be bytes, not {type(raw).__name__}")
    return raw


def _read_address(scope: Mapping[str, Any], key: str) -> tuple[Any, Any] | None:
    value = scope.get(key)
    if value is None:
        return None
    if not _pair(value) or not isinstance(value[0], str):
        raise ValueError(f"malformed scope: {key!r} is {value!r}, not a (host, port) pair")
    return (value[0], value[1])


class _Reader(Generic[_T]):
    """An async iterator over one kind of message that ends when the client leaves."""

    def __init__(self, step: Callable[[], Awaitable[_T]]) -> None:
        self._step = step
        self._over = False

    def __aiter__(self) -> _Reader[_T]:
        return self

    async def __anext__(self) -> _T:
        if self._over:
            raise StopAsyncIteration
        try:
            return await self._step()
        except WebSocketDisconnect:
            self._over = True
            raise StopAsyncIteration from None


class WebSocket:
    """One websocket connection, as the application sees it."""

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        if not isinstance(cast(object, scope), Mapping):
            raise TypeError(f"scope must be a mapping, not {type(scope).__name__}")
        if scope.get("type") != "websocket":
            raise ValueError(f"scope 'type' must be 'websocket', not {scope.get('type')!r}")
        path = scope.get("path")
        if path is None and "path" not in scope:
            raise ValueError("malformed scope: 'path' is missing")
        if not isinstance(path, str):
            raise TypeError(f"malformed scope: 'path' must be a str, not {type(path).__name__}")
        self._scope = scope
        self._path = path
        self._raw_headers = _read_headers(scope)
        self._query_bytes = _read_query_string(scope)
        self._server = _read_address(scope, "server")
        self._client = _read_address(scope, "client")
        self._receive_fn = receive
        self._send_fn = send
        self._client_state = WebSocketState.CONNECTING
        self._app_state = WebSocketState.CONNECTING
        self._accepted = False
        self._offered: tuple[str, ...] | None = None
        self._waiting = False
        self._url: URL | None = None
        self._headers: HeaderTable | None = None
        self._query: QueryTable | None = None

    # ------------------------------------------------------------------ the scope as a mapping

    @property
    def scope(self) -> Scope:
        """The ASGI scope the connection was built from."""
        return self._scope

    def __getitem__(self, key: str, /) -> Any:
        """The scope's value for ``key``."""
        return self._scope[key]

    def __iter__(self) -> Iterator[str]:
        """The scope's keys."""
        return iter(self._scope)

    def __len__(self) -> int:
        """How many keys the scope has."""
        return len(self._scope)

    def __contains__(self, key: object, /) -> bool:
        """Whether the scope has ``key``."""
        return key in self._scope

    @overload
    def get(self, key: str, /) -> Any | None: ...
    @overload
    def get(self, key: str, default: Any, /) -> Any: ...
    def get(self, key: str, default: Any = None, /) -> Any:
        """The scope's value for ``key``, or ``default``."""
        return self._scope.get(key, default)

    def keys(self) -> KeysView[str]:
        """The scope's keys."""
        return self._scope.keys()

    def values(self) -> ValuesView[Any]:
        """The scope's values."""
        return self._scope.values()

    def items(self) -> ItemsView[str, Any]:
        """The scope's items."""
        return self._scope.items()

    # ------------------------------------------------------------------ request data

    @property
    def headers(self) -> HeaderTable:
        """The request's headers."""
        if self._headers is None:
            self._headers = HeaderTable(self._raw_headers)
        return self._headers

    @property
    def query_params(self) -> QueryTable:
        """The query string's parameters."""
        if self._query is None:
            self._query = QueryTable(parse_query(self._query_bytes.decode("latin-1")))
        return self._query

    @property
    def url(self) -> URL:
        """The URL the client asked for, built from the scope."""
        if self._url is None:
            self._url = URL(self._build_url())
        return self._url

    def _build_url(self) -> str:
        try:
            query = self._query_bytes.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("malformed scope: 'query_string' is not UTF-8") from None
        scheme = self._scope.get("scheme") or "ws"
        path = self._path
        if path and not path.startswith("/"):
            path = "/" + path
        path = path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
        netloc: str | None = None
        host = self.headers.get("host")
        if host is not None and valid_host(host):
            netloc = host
        elif self._server is not None:
            name, port = self._server
            if isinstance(port, int) and not isinstance(port, bool):
                if ":" in name and not name.startswith("["):
                    name = f"[{name}]"
                default = {"ws": 80, "http": 80, "wss": 443, "https": 443}.get(scheme)
                netloc = name if port == default else f"{name}:{port}"
        if netloc is None:
            if path.startswith("//"):
                path = "/%2F" + path[2:]
            text = path
        else:
            text = f"{scheme}://{netloc}{path}"
        return f"{text}?{query}" if query else text

    @property
    def path_params(self) -> dict[str, Any]:
        """The scope's ``path_params``, or an empty dict."""
        params = self._scope.get("path_params")
        return {} if params is None else dict(params)

    @property
    def client(self) -> Address | None:
        """The client's ``(host, port)``, or ``None`` when the scope has none."""
        return None if self._client is None else Address(*self._client)

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies of every ``cookie`` header, by name."""
        return parse_cookies(self.headers.getlist("cookie"))

    # ------------------------------------------------------------------ states

    @property
    def client_state(self) -> WebSocketState:
        """Where the client is: what the messages received so far say."""
        return self._client_state

    @property
    def application_state(self) -> WebSocketState:
        """Where the application is: what the messages sent so far say."""
        return self._app_state

    # ------------------------------------------------------------------ the channels

    def _need(self, which: Literal["receive", "send"]) -> None:
        if (self._receive_fn if which == "receive" else self._send_fn) is None:
            raise ProtocolViolation(f"this WebSocket was built without a {which!r} callable")

    async def receive(self) -> Message:
        """The next raw message, checked against the receiving table."""
        self._need("receive")
        if self._client_state is WebSocketState.DISCONNECTED:
            raise WebSocketDisconnected("the client has disconnected; nothing more can be received")
        if self._waiting:
            raise ProtocolViolation("another task is already receiving on this WebSocket")
        assert self._receive_fn is not None
        self._waiting = True
        try:
            message = await self._receive_fn()
        finally:
            self._waiting = False
        kind = message.get("type") if isinstance(cast(object, message), Mapping) else None
        if kind is None:
            raise ProtocolViolation(f"received a message with no 'type': {message!r}")
        following = _RECEIVING.get((self._client_state, kind))
        if following is None:
            raise ProtocolViolation(f"unexpected {kind!r} message while the client is {self._client_state.name}")
        self._client_state = following
        return message

    async def send(self, message: Message) -> None:
        """Send a raw message, checked against the sending table."""
        await self._transmit(message, typed=False)

    async def _transmit(self, message: Message, *, typed: bool) -> None:
        self._need("send")
        kind = message.get("type") if isinstance(cast(object, message), Mapping) else None
        if kind is None:
            raise ProtocolViolation(f"cannot send a message with no 'type': {message!r}")
        before = self._app_state
        if before is WebSocketState.DISCONNECTED:
            raise WebSocketDisconnected(f"cannot send {kind!r}: the connection is closed")
        following = _SENDING.get((before, kind))
        if following is None:
            raise ProtocolViolation(f"cannot send {kind!r} while the application is {before.name}")
        if kind == "websocket.http.response.body" and message.get("more_body", False):
            following = WebSocketState.RESPONSE
        assert self._send_fn is not None
        try:
            await self._send_fn(message)
        except OSError:
            self._app_state = WebSocketState.DISCONNECTED
            if typed and before is WebSocketState.CONNECTED:
                raise WebSocketDisconnect(1006) from None
            raise
        self._app_state = following

    # ------------------------------------------------------------------ the handshake

    async def accept(
        self,
        subprotocol: str | None = None,
        headers: Iterable[tuple[bytes, bytes]] | None = None,
    ) -> None:
        """Accept the connection, receiving ``websocket.connect`` first if it has not come yet."""
        if subprotocol is not None:
            if not isinstance(cast(object, subprotocol), str):
                raise BadArgumentType(f"subprotocol must be a str or None, not {type(subprotocol).__name__}")
            if self._offered is None:
                self._offered = tuple(self._scope.get("subprotocols") or ())
            offered = list(self._offered)
            if subprotocol not in offered:
                raise BadArgument(f"subprotocol {subprotocol!r} was not offered by the client ({offered!r})")
        extra: list[tuple[bytes, bytes]] = []
        for item in headers or ():
            if not _pair(item) or not all(isinstance(cast(object, part), bytes) for part in item):
                raise BadArgumentType(f"accept header {item!r} is not a pair of bytes")
            name, value = item
            if not _TOKEN.fullmatch(name):
                raise BadArgument(f"accept header {item!r}: the name is not an RFC 7230 token")
            if any(c in value for c in (b"\r", b"\n", b"\0")):
                raise BadArgument(f"accept header {item!r}: the value holds CR, LF or NUL")
            if name.lower() == b"sec-websocket-protocol":
                raise BadArgument(f"accept header {item!r}: choose the subprotocol with 'subprotocol'")
            extra.append((name, value))
        if self._app_state is WebSocketState.DISCONNECTED:
            raise WebSocketDisconnected("cannot accept: the connection is closed")
        if self._app_state is not WebSocketState.CONNECTING:
            raise ProtocolViolation(f"cannot accept: the application is {self._app_state.name}")
        self._need("send")
        if self._client_state is WebSocketState.CONNECTING:
            self._need("receive")
            message = await self.receive()
            del message
        answer: Message = {"type": "websocket.accept"}
        if subprotocol is not None:
            answer["subprotocol"] = subprotocol
        if extra:
            answer["headers"] = [[name, value] for name, value in extra]
        await self._transmit(answer, typed=True)
        self._accepted = True

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection, or refuse it before it is accepted."""
        _check_close_args(code, reason)
        self._need("send")
        if self._client_state is WebSocketState.DISCONNECTED and self._app_state is WebSocketState.CONNECTED:
            self._app_state = WebSocketState.DISCONNECTED
            return
        farewell: Message = {"type": "websocket.close"}
        if code != 1000:
            farewell["code"] = code
        if reason:
            farewell["reason"] = reason
        await self._transmit(farewell, typed=True)

    async def send_denial_response(self, response: ASGIApp) -> None:
        """Refuse the handshake with the HTTP response that the ASGI app ``response`` sends."""
        extensions: object = self._scope.get("extensions") or {}
        if not isinstance(extensions, Mapping) or "websocket.http.response" not in extensions:
            raise ProtocolViolation("the server does not support the 'websocket.http.response' extension")
        if self._app_state is not WebSocketState.CONNECTING:
            raise ProtocolViolation(
                f"a denial response answers the handshake; the application is {self._app_state.name}"
            )
        self._need("send")
        await response(self._scope, self.receive, self.send)

    # ------------------------------------------------------------------ data

    def _ready_to_send(self) -> None:
        if self._app_state is WebSocketState.DISCONNECTED:
            raise WebSocketDisconnected("cannot send: the connection is closed")
        if self._app_state is not WebSocketState.CONNECTED:
            raise ProtocolViolation(f"cannot send data: the application is {self._app_state.name}; call accept() first")

    async def send_text(self, data: str) -> None:
        """Send a text message."""
        if not isinstance(cast(object, data), str):
            raise BadArgumentType(f"send_text() takes a str, not {type(data).__name__}")
        self._ready_to_send()
        await self._transmit({"type": "websocket.send", "bytes": None, "text": data}, typed=True)

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary message."""
        if not isinstance(cast(object, data), bytes):
            raise BadArgumentType(f"send_bytes() takes bytes, not {type(data).__name__}")
        self._ready_to_send()
        await self._transmit({"type": "websocket.send", "bytes": data, "text": None}, typed=True)

    async def send_json(self, data: object, mode: Literal["text", "binary"] = "text") -> None:
        """Send ``data`` as JSON, in a text message or as UTF-8 in a binary one."""
        if mode not in ("text", "binary"):
            raise ProtocolViolation(f"JSON mode must be 'text' or 'binary', not {mode!r}")
        document = dump_json(data)
        self._ready_to_send()
        if mode == "text":
            await self._transmit({"type": "websocket.send", "text": document}, typed=True)
        else:
            await self._transmit({"type": "websocket.send", "bytes": document.encode("utf-8")}, typed=True)

    async def _data_message(self, key: Literal["text", "bytes"]) -> Any:
        self._need("receive")
        if self._client_state is WebSocketState.DISCONNECTED:
            raise WebSocketDisconnected("the client has disconnected; nothing more can be received")
        if not self._accepted:
            raise ProtocolViolation("cannot receive data before accept()")
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1005), message.get("reason"))
        payload = message.get(key)
        if payload is None:
            other = "bytes" if key == "text" else "text"
            holds = f"'{other}'" if message.get(other) is not None else "neither 'text' nor 'bytes'"
            raise ProtocolViolation(f"expected a message with '{key}', got one that holds {holds}")
        return payload

    async def receive_text(self) -> str:
        """The next message's text."""
        text: str = await self._data_message("text")
        return text

    async def receive_bytes(self) -> bytes:
        """The next message's bytes."""
        data: bytes = await self._data_message("bytes")
        return data

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """The next message's JSON, read from its text or from its bytes as UTF-8."""
        if mode not in ("text", "binary"):
            raise ProtocolViolation(f"JSON mode must be 'text' or 'binary', not {mode!r}")
        if mode == "text":
            return json.loads(await self._data_message("text"))
        raw: bytes = await self._data_message("bytes")
        return json.loads(raw.decode("utf-8"))

    def iter_text(self) -> AsyncIterator[str]:
        """Each message's text, until the client disconnects."""
        return _Reader(self.receive_text)

    def iter_bytes(self) -> AsyncIterator[bytes]:
        """Each message's bytes, until the client disconnects."""
        return _Reader(self.receive_bytes)

    def iter_json(self) -> AsyncIterator[Any]:
        """Each message's JSON, until the client disconnects."""
        return _Reader(self.receive_json)
