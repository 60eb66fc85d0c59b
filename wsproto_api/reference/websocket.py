"""The reference ``WebSocket`` (SPEC.md, CONN to DENY)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from typing import Any, Final, Literal, NoReturn, TypeVar

from wsproto_api.asgi import ASGIApp, Message, Receive, Scope, Send
from wsproto_api.reference.arguments import (
    check_accept_headers,
    check_bytes_payload,
    check_close_code,
    check_close_reason,
    check_subprotocol,
    check_text_payload,
)
from wsproto_api.reference.cookies import parse_cookies
from wsproto_api.reference.exceptions import WebSocketDisconnect, WebSocketDisconnected
from wsproto_api.reference.headers import Headers
from wsproto_api.reference.query_params import QueryParams
from wsproto_api.reference.scope import Address, check_websocket_scope, scope_client, scope_headers, scope_query_string
from wsproto_api.reference.state import (
    CONNECTED,
    CONNECTING,
    DATA_SENT,
    DISCONNECTED,
    WebSocketState,
    next_application_state,
    next_client_state,
)
from wsproto_api.reference.url import URL, url_from_scope

__all__ = ["WebSocket"]

ABNORMAL_CLOSURE: Final = 1006
"""RFC 6455 section 7.4.1: the connection was closed without a close frame (STATE-14)."""

NO_STATUS_RECEIVED: Final = 1005
"""RFC 6455 section 7.4.1: the close frame carried no code; ASGI's default for ``websocket.disconnect``."""

DENIAL_EXTENSION: Final = "websocket.http.response"
"""The ASGI extension that lets an application answer the handshake with HTTP (DENY)."""

_JSON_MODES: Final = ("text", "binary")

_ACCEPT: Final[Message] = {"type": "websocket.accept"}

# Compact JSON, non-ASCII kept; NaN and Infinity are not JSON (RFC 8259), so a client's parser
# would reject them. One encoder for every call: json.dumps with options builds a new one each time.
_JSON_ENCODER: Final = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)

_T = TypeVar("_T")


def _check_json_mode(mode: str) -> None:
    if mode not in _JSON_MODES:
        raise RuntimeError(f'The "mode" argument should be "text" or "binary", not {mode!r}.')


def _payload(message: Message, key: Literal["text", "bytes"], method: str) -> Any:
    """The ``key`` of a received message, or the error the spec asks for (RECV-3, RECV-6)."""
    value = message.get(key)
    if value is not None and message["type"] == "websocket.receive":
        return value
    return _no_payload(message, key, method)


def _no_payload(message: Message, key: Literal["text", "bytes"], method: str) -> NoReturn:
    """Raise the error for a received message that has no ``key`` payload (RECV-3, RECV-6)."""
    message_type = message["type"]
    if message_type == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", NO_STATUS_RECEIVED), message.get("reason"))
    if message_type != "websocket.receive":
        raise RuntimeError(f'{method} expected a "websocket.receive" message, but got {message_type!r}')
    other = "bytes" if key == "text" else "text"
    found = f"{other!r} instead" if message.get(other) is not None else "neither 'text' nor 'bytes'"
    raise RuntimeError(f"{method} needs a {key!r} message, but the websocket.receive message has {found}")


def _no_callable(name: Literal["receive", "send"]) -> RuntimeError:
    """The error for a connection built without the ``receive`` or ``send`` callable it needs."""
    reading = "read" if name == "receive" else "send"
    return RuntimeError(f"This WebSocket was built without a {name} callable; pass {name}= to {reading} messages.")


def _decode_json(text: str, method: str) -> Any:
    """``json.loads(text)``, with an error that says which call received what (JSON-7)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # Same class, so callers that catch JSONDecodeError still do; the message says where it came from.
        raise json.JSONDecodeError(
            f"{method} received a message that is not JSON: {error.msg}", error.doc, error.pos
        ) from None


async def _until_disconnect(receive: Callable[[], Awaitable[_T]]) -> AsyncIterator[_T]:
    """What ``receive`` returns, message after message, ending quietly on disconnect (ITER-2)."""
    while True:
        try:
            item = await receive()
        except WebSocketDisconnect:
            return
        # Yield outside the try, so an error thrown in at the yield is not taken for a disconnect.
        yield item


class WebSocket(Mapping[str, Any]):
    """An ASGI websocket connection: ``WebSocket(scope, receive=None, send=None)``.

    The object is a read-only mapping over ``scope`` (CONN-4, CONN-11, CONN-12). Messages go through
    ``receive()`` and ``send()``, which keep ``client_state`` and ``application_state``
    true to the state machine in ``wsproto_api.reference.state``.
    """

    __slots__ = (
        "_cookies",
        "_headers",
        "_query_params",
        "_receive",
        "_receiving",
        "_send",
        "_url",
        "application_state",
        "client_state",
        "scope",
    )

    scope: Scope
    """The ASGI scope (CONN-3)."""

    client_state: WebSocketState
    """Moved by received messages (STATE-2)."""

    application_state: WebSocketState
    """Moved by sent messages (STATE-9)."""

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        check_websocket_scope(scope)
        self.scope = scope
        self._receive = receive
        self._receiving = False
        self._send = send
        self.client_state = CONNECTING
        self.application_state = CONNECTING
        self._url: URL | None = None
        self._headers: Headers | None = None
        self._query_params: QueryParams | None = None
        self._cookies: dict[str, str] | None = None

    # -- the mapping over the scope (CONN-4, CONN-11 to CONN-14) ---------------------------

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    # Connections are equal only to themselves, however alike their scopes (CONN-14).
    __eq__ = object.__eq__
    # Mapping declares mappings unhashable; a connection is hashable by identity instead (CONN-13).
    __hash__ = object.__hash__  # pyright: ignore[reportAssignmentType]

    # -- handshake data, built on first use (URL-13) -----------------------------------------

    @property
    def url(self) -> URL:
        """The connection URL, a ``str`` (URL-1 to URL-8)."""
        if self._url is None:
            self._url = url_from_scope(self.scope, self.headers)
        return self._url

    @property
    def headers(self) -> Headers:
        """The request headers (HDR-2, HDR-5 to HDR-13)."""
        if self._headers is None:
            self._headers = Headers(scope_headers(self.scope))
        return self._headers

    @property
    def query_params(self) -> QueryParams:
        """The query parameters (QP-3 to QP-10)."""
        if self._query_params is None:
            self._query_params = QueryParams.from_query_string(scope_query_string(self.scope))
        return self._query_params

    @property
    def path_params(self) -> dict[str, Any]:
        """The router's path parameters, ``{}`` when none (PATH-1)."""
        path_params: dict[str, Any] = self.scope.get("path_params", {})
        return path_params

    @property
    def client(self) -> Address | None:
        """The client's ``(host, port)``, or ``None`` (CONN-9)."""
        return scope_client(self.scope)

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies sent with the handshake (CONN-10)."""
        if self._cookies is None:
            self._cookies = parse_cookies(self.headers.getlist("cookie"))
        return self._cookies

    # -- raw messages through the state machine (RAW, STATE) ---------------------------------

    async def receive(self) -> Message:
        """Receive one ASGI message and move ``client_state`` (RAW-2, STATE-2, STATE-10, RECV-5)."""
        state = self.client_state
        receive = self._claim_receive()
        try:
            message = await receive()
        finally:
            self._receiving = False
        self.client_state = next_client_state(state, message)
        return message

    def _claim_receive(self) -> Receive:
        """The peer's ``receive``, claimed for one call, or the error that says why it may not be called."""
        if self.client_state is DISCONNECTED:
            raise WebSocketDisconnected('Cannot call "receive" once a disconnect message has been received.')
        receive = self._receive
        if receive is None:
            raise _no_callable("receive")
        if self._receiving:
            raise RuntimeError("Another task is already receiving on this WebSocket; receive from one task at a time.")
        # Nothing from here to the end of the caller's await changes state, so a cancelled
        # receive leaves the connection as it was (RECV-10).
        self._receiving = True
        return receive

    async def send(self, message: Message) -> None:
        """Send one ASGI message and move ``application_state``.

        RAW-1, STATE-6, STATE-8, STATE-9 and STATE-11 to STATE-15.
        """
        state = self.application_state
        next_state = self._next_application_state(message)
        send = self._send
        if send is None:
            raise _no_callable("send")
        # The state moves before the await, so a concurrent sender sees the close at once.
        self.application_state = next_state
        try:
            await send(message)
        except OSError as exc:
            self._raise_lost(state, exc)

    def _raise_lost(self, state: WebSocketState, error: OSError) -> NoReturn:
        """Raise for the peer's ``send`` having failed with ``error`` in ``state``.

        The connection is lost whatever the state; only an accepted one reports it as a
        disconnect (STATE-8, STATE-9, STATE-14 to STATE-16).
        """
        self.application_state = DISCONNECTED
        if state is CONNECTED:
            raise WebSocketDisconnect(ABNORMAL_CLOSURE) from error
        raise error

    def _next_application_state(self, message: Message) -> WebSocketState:
        """Where sending ``message`` takes ``application_state``, or the error if it may not be sent."""
        state = self.application_state
        if state is DISCONNECTED:
            raise WebSocketDisconnected('Cannot call "send" once a close message has been sent.')
        return next_application_state(state, message)

    # -- the handshake (ACCEPT, CLOSE, DENY) -------------------------------------------------

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Accept the connection, first receiving ``websocket.connect`` if needed.

        ACCEPT-1 to ACCEPT-3 and ACCEPT-5 to ACCEPT-10.
        """
        # Refuse an accept the state machine forbids, whatever its arguments, before consuming
        # the client's message.
        self._next_application_state(_ACCEPT)
        check_subprotocol(subprotocol, self.scope.get("subprotocols", []))
        message: Message = {
            "type": "websocket.accept",
            "subprotocol": subprotocol,
            "headers": [] if headers is None else check_accept_headers(headers, subprotocol),
        }
        if self.client_state is CONNECTING:
            await self.receive()
        await self.send(message)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection; before ``accept()``, refuse the handshake.

        CLOSE-1, CLOSE-2, CLOSE-4, CLOSE-8 to CLOSE-12, CLOSE-14 and CLOSE-15.
        """
        check_close_code(code)
        check_close_reason(reason)
        await self.send({"type": "websocket.close", "code": code, "reason": "" if reason is None else reason})

    async def send_denial_response(self, response: ASGIApp) -> None:
        """Answer the handshake with the HTTP response the ASGI app ``response`` sends (DENY-2 to DENY-9)."""
        # ASGI allows extensions to be None, which means none (DENY-6).
        extensions: Mapping[str, object] = self.scope.get("extensions") or {}
        if DENIAL_EXTENSION not in extensions:
            raise RuntimeError(
                "The server does not support the WebSocket Denial Response extension "
                f"({DENIAL_EXTENSION!r} is not in scope['extensions']); use close() to refuse with HTTP 403."
            )
        if self.application_state is not CONNECTING:
            raise RuntimeError(
                "send_denial_response() answers the handshake, so it must come before accept() or close() "
                f"(application_state is {self.application_state.name})."
            )
        await response(self.scope, self.receive, self.send)

    # -- data ---------------------------------------------------------------------------------

    def _check_connected(self) -> None:
        state = self.application_state
        if state is CONNECTING:
            raise WebSocketDisconnected('WebSocket is not connected. Need to call "accept" first.')
        if state is not CONNECTED:
            raise WebSocketDisconnected(f"WebSocket is not connected: application_state is {state.name}.")

    # send_text, send_bytes, receive_text and receive_bytes write out the steps of send() and
    # receive() instead of awaiting them: each coroutine more would add about a tenth to the
    # cost of an echoed message. A subclass that overrides send() or receive() gets the
    # versions below them instead, which go through its override (see __init_subclass__).

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.send is not WebSocket.send:
            cls.send_text = WebSocket._send_text_through_send  # type: ignore[method-assign]
            cls.send_bytes = WebSocket._send_bytes_through_send  # type: ignore[method-assign]
        if cls.receive is not WebSocket.receive:
            cls.receive_text = WebSocket._receive_text_through_receive  # type: ignore[method-assign]
            cls.receive_bytes = WebSocket._receive_bytes_through_receive  # type: ignore[method-assign]

    async def _send_text_through_send(self, data: str) -> None:
        """``send_text`` by way of ``send()``, for subclasses that override it."""
        check_text_payload(data)
        await self.send({"type": "websocket.send", "text": data})

    async def _send_bytes_through_send(self, data: bytes) -> None:
        """``send_bytes`` by way of ``send()``, for subclasses that override it."""
        check_bytes_payload(data)
        await self.send({"type": "websocket.send", "bytes": data})

    async def _receive_text_through_receive(self) -> str:
        """``receive_text`` by way of ``receive()``, for subclasses that override it."""
        self._check_connected()
        text: str = _payload(await self.receive(), "text", "receive_text()")
        return text

    async def _receive_bytes_through_receive(self) -> bytes:
        """``receive_bytes`` by way of ``receive()``, for subclasses that override it."""
        self._check_connected()
        data: bytes = _payload(await self.receive(), "bytes", "receive_bytes()")
        return data

    async def send_text(self, data: str) -> None:
        """Send a text message (SEND-1, SEND-5)."""
        check_text_payload(data)
        message: Message = {"type": "websocket.send", "text": data}
        state = self.application_state
        next_state = DATA_SENT.get(state)
        if next_state is None:
            # Any other state: the full check, which refuses a data message there.
            next_state = self._next_application_state(message)
        send = self._send
        if send is None:
            raise _no_callable("send")
        self.application_state = next_state
        try:
            await send(message)
        except OSError as exc:
            self._raise_lost(state, exc)

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary message (SEND-2, SEND-5)."""
        check_bytes_payload(data)
        message: Message = {"type": "websocket.send", "bytes": data}
        state = self.application_state
        next_state = DATA_SENT.get(state)
        if next_state is None:
            # Any other state: the full check, which refuses a data message there.
            next_state = self._next_application_state(message)
        send = self._send
        if send is None:
            raise _no_callable("send")
        self.application_state = next_state
        try:
            await send(message)
        except OSError as exc:
            self._raise_lost(state, exc)

    async def send_json(self, data: object, mode: Literal["text", "binary"] = "text") -> None:
        """Send ``data`` as compact JSON, non-ASCII kept, in a text or binary message (JSON-5, JSON-8 to JSON-13)."""
        _check_json_mode(mode)
        text = _JSON_ENCODER.encode(data)
        if mode == "text":
            await self.send({"type": "websocket.send", "text": text})
        else:
            await self.send({"type": "websocket.send", "bytes": text.encode("utf-8")})

    async def receive_text(self) -> str:
        """Receive a text message (RECV-1)."""
        if self.application_state is not CONNECTED:
            self._check_connected()
        state = self.client_state
        receive = self._receive
        if state is DISCONNECTED or receive is None or self._receiving:
            receive = self._claim_receive()  # raises: says which check failed
        self._receiving = True
        try:
            message = await receive()
        finally:
            self._receiving = False
        self.client_state = next_client_state(state, message)
        text: str | None = message.get("text")
        if text is None or message["type"] != "websocket.receive":
            _no_payload(message, "text", "receive_text()")
        return text

    async def receive_bytes(self) -> bytes:
        """Receive a binary message (RECV-2)."""
        if self.application_state is not CONNECTED:
            self._check_connected()
        state = self.client_state
        receive = self._receive
        if state is DISCONNECTED or receive is None or self._receiving:
            receive = self._claim_receive()  # raises: says which check failed
        self._receiving = True
        try:
            message = await receive()
        finally:
            self._receiving = False
        self.client_state = next_client_state(state, message)
        data: bytes | None = message.get("bytes")
        if data is None or message["type"] != "websocket.receive":
            _no_payload(message, "bytes", "receive_bytes()")
        return data

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """Receive a JSON message from a text or, with ``mode="binary"``, binary message (JSON-3, JSON-4, JSON-7)."""
        _check_json_mode(mode)
        if self.application_state is not CONNECTED:
            self._check_connected()
        message = await self.receive()
        if mode == "text":
            return _decode_json(_payload(message, "text", "receive_json()"), "receive_json()")
        method = 'receive_json(mode="binary")'
        data: bytes = _payload(message, "bytes", method)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            # Same class, so callers that catch UnicodeDecodeError still do; the reason says where it came from.
            reason = f"{method} received bytes that are not UTF-8: {error.reason}"
            raise UnicodeDecodeError(error.encoding, error.object, error.start, error.end, reason) from None
        return _decode_json(text, method)

    def iter_text(self) -> AsyncIterator[str]:
        """Text messages until the client disconnects (ITER-1, ITER-2)."""
        return _until_disconnect(self.receive_text)

    def iter_bytes(self) -> AsyncIterator[bytes]:
        """Binary messages until the client disconnects (ITER-1, ITER-2)."""
        return _until_disconnect(self.receive_bytes)

    def iter_json(self) -> AsyncIterator[Any]:
        """JSON messages until the client disconnects (ITER-1, ITER-2)."""
        return _until_disconnect(self.receive_json)
