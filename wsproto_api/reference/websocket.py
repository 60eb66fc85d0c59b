"""The reference ``WebSocket`` (SPEC.md, CONN to DENY)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, Final, Literal, NoReturn, TypeVar

from wsproto_api.asgi import ASGIApp, Message, Receive, Scope, Send
from wsproto_api.close_code import CloseCode
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
from wsproto_api.reference.json_text import decode_json, encode_json
from wsproto_api.reference.messages import BAD_JSON_MODE, NO_DENIAL_EXTENSION, NOT_ACCEPTED, with_hint
from wsproto_api.reference.query_params import QueryParams
from wsproto_api.reference.scope import Address, check_websocket_scope, scope_client, scope_headers, scope_query_string
from wsproto_api.reference.state import (
    CLIENT_TRANSITIONS,
    CONNECTED,
    CONNECTING,
    FAILED_SENDS,
    RECEIVE_REFUSALS,
    SENT_BY_TYPE,
    WebSocketState,
    next_application_state,
    next_client_state,
)
from wsproto_api.reference.url import URL, url_from_scope

__all__ = ["WebSocket"]

NO_STATUS_RECEIVED: Final = CloseCode.NO_STATUS_RCVD.value
"""The close frame carried no code: ASGI's default for ``websocket.disconnect``, a plain ``int``."""

DENIAL_EXTENSION: Final = "websocket.http.response"
"""The ASGI extension that lets an application answer the handshake with HTTP (DENY)."""

_JSON_MODES: Final = ("text", "binary")

_ACCEPT: Final[Message] = {"type": "websocket.accept"}

_RESPONSE_START: Final[Message] = {"type": "websocket.http.response.start"}
"""What a denial response sends first: the state machine decides whether one may start (DENY-5)."""

_T = TypeVar("_T")


def _check_json_mode(mode: str) -> None:
    if mode not in _JSON_MODES:
        raise RuntimeError(with_hint(BAD_JSON_MODE, f"mode is {mode!r}"))


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


def _late_denial(state: WebSocketState) -> RuntimeError:
    """The error for ``send_denial_response()`` once the handshake was answered, in ``state`` (DENY-5).

    It is the error that the response's start meets in ``state`` (what Starlette 1.10 raises
    once it has run the response that far), raised here before the response runs.
    """
    try:
        next_application_state(state, _RESPONSE_START)
    except RuntimeError as refusal:
        hint = (
            "send_denial_response() answers the handshake, so it must come before accept() or close(); "
            f"application_state is {state.name}"
        )
        return type(refusal)(with_hint(str(refusal), hint))
    raise AssertionError(f"the tables let a denial response start in {state.name}, after the handshake")


def _no_callable(name: Literal["receive", "send"]) -> RuntimeError:
    """The error for a connection built without the ``receive`` or ``send`` callable it needs."""
    reading = "read" if name == "receive" else "send"
    return RuntimeError(f"This WebSocket was built without a {name} callable; pass {name}= to {reading} messages.")


# -- what the typed receiving methods make of a received message (RECV, JSON) ---------------


def _text_of(message: Message) -> str:
    """The text of a received message, for ``iter_text()``; ``receive_text()`` writes the test out (RECV-1)."""
    text: str | None = message.get("text")
    if text is None or message["type"] != "websocket.receive":
        _no_payload(message, "text", "receive_text()")
    return text


def _bytes_of(message: Message) -> bytes:
    """The bytes of a received message, for ``iter_bytes()``; ``receive_bytes()`` writes the test out (RECV-2)."""
    data: bytes | None = message.get("bytes")
    if data is None or message["type"] != "websocket.receive":
        _no_payload(message, "bytes", "receive_bytes()")
    return data


def _json_of(message: Message) -> Any:
    """The JSON value of a received text message, for ``receive_json()`` and ``iter_json()`` (JSON-3)."""
    text: str | None = message.get("text")
    if text is None or message["type"] != "websocket.receive":
        _no_payload(message, "text", "receive_json()")
    return decode_json(text, "receive_json()")


def _binary_json_of(message: Message) -> Any:
    """The JSON value of a received binary message, for ``receive_json(mode="binary")`` (JSON-4)."""
    method = 'receive_json(mode="binary")'
    data: bytes = _payload(message, "bytes", method)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Same class, so callers that catch UnicodeDecodeError still do; the reason says where it came from.
        reason = with_hint(error.reason, f"{method} received bytes that are not UTF-8")
        raise UnicodeDecodeError(error.encoding, error.object, error.start, error.end, reason) from None
    return decode_json(text, method)


class _Messages(AsyncGenerator[_T, None]):
    """What ``read`` makes of each message a connection receives, until the client disconnects.

    ITER-1 to ITER-3. A class, not an async generator function: it holds no suspended frame,
    so an iterator that an application drops in the middle of a loop has nothing left to
    finalize, and no event loop has cause to warn about it. Like a generator, it is finished
    once an error has come out of it or it was closed.
    """

    __slots__ = ("_check_connected", "_finished", "_read", "_ws")

    def __init__(self, ws: WebSocket, check_connected: Callable[[], None], read: Callable[[Message], _T]) -> None:
        self._ws = ws
        self._check_connected = check_connected
        self._read = read
        self._finished = False

    def __aiter__(self) -> _Messages[_T]:
        return self

    async def __anext__(self) -> _T:
        if self._finished:
            raise StopAsyncIteration
        ws = self._ws
        try:
            if ws.application_state is not CONNECTED:
                self._check_connected()
            return self._read(await ws.receive())
        except WebSocketDisconnect:
            # The client left: the iteration ends quietly (ITER-2).
            self._finished = True
            raise StopAsyncIteration from None
        except BaseException:
            self._finished = True
            raise

    async def asend(self, value: None, /) -> _T:
        """The next item; nothing can be sent into the iteration, so ``value`` is ignored."""
        return await self.__anext__()

    async def athrow(
        self, typ: type[BaseException] | BaseException, val: object = None, tb: TracebackType | None = None, /
    ) -> _T:
        """Finish the iteration and raise the error given, as a generator that does not catch it."""
        self._finished = True
        if isinstance(typ, BaseException):
            raise typ
        if isinstance(val, typ):
            raise val.with_traceback(tb)
        raise (typ() if val is None else typ(val)).with_traceback(tb)

    async def aclose(self) -> None:
        """Finish the iteration; nothing is received after this."""
        self._finished = True


class WebSocket(Mapping[str, Any]):
    """An ASGI websocket connection: ``WebSocket(scope, receive=None, send=None)``.

    The object is a read-only mapping over ``scope`` (CONN-4, CONN-11, CONN-12, CONN-16).
    Messages go through ``receive()`` and ``send()``, which keep ``client_state`` and
    ``application_state`` true to the state machine in ``wsproto_api.reference.state``.
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
        # check_websocket_scope's common case written out: a call is a tenth of a construction.
        if scope.__class__ is not dict or scope.get("type") != "websocket":
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

    # -- the mapping over the scope (CONN-4, CONN-11 to CONN-14, CONN-16) ------------------

    def __getitem__(self, key: str) -> Any:
        return self.scope[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)

    # get, keys(), values() and items() are Mapping's, read through the three above, so they
    # follow the scope as it is when called (CONN-16).

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
        """The query parameters (QP-3 to QP-11)."""
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

    # -- the two funnels: every message received or sent, and the state machine (RAW, STATE) ----

    async def receive(self) -> Message:
        """Receive one ASGI message and move ``client_state`` (RAW-2, STATE-2, STATE-10, RECV-5).

        The funnel every received message goes through: ``receive_*`` and ``iter_*`` call it,
        so a subclass that overrides it sees them all.
        """
        state = self.client_state
        try:
            moves: Mapping[str, WebSocketState] | None = CLIENT_TRANSITIONS[state]
        except KeyError:
            moves = None  # a state without a row receives nothing: RECEIVE_REFUSALS says why
        receive = self._receive
        if moves is None or receive is None or self._receiving:
            # Raised outside the except above, so that the error does not carry a KeyError along.
            self._refuse_receive()
        # Nothing from here to the end of the await changes state, so a cancelled receive
        # leaves the connection as it was (RECV-10).
        self._receiving = True
        try:
            message = await receive()
        finally:
            self._receiving = False
        try:
            next_state: WebSocketState | None = moves[message["type"]]
        except (KeyError, TypeError):
            next_state = None
        # A type the table does not list for this state: next_client_state raises the error that says so.
        self.client_state = next_client_state(state, message) if next_state is None else next_state
        return message

    def _refuse_receive(self) -> NoReturn:
        """Raise the error that says why ``receive()`` may not be called now (RECV-5, CONN-2, RECV-8)."""
        refusal = RECEIVE_REFUSALS.get(self.client_state)
        if refusal is not None:
            raise WebSocketDisconnected(refusal)
        if self._receive is None:
            raise _no_callable("receive")
        if self._receiving:
            raise RuntimeError("Another task is already receiving on this WebSocket; receive from one task at a time.")
        raise AssertionError(f"client_state {self.client_state.name} has neither a row nor a refusal in state.py")

    async def send(self, message: Message) -> None:
        """Send one ASGI message and move ``application_state``.

        RAW-1, STATE-6, STATE-8, STATE-9 and STATE-11 to STATE-15. The funnel every sent
        message goes through: the typed methods call it, so a subclass that overrides it sees
        them all.
        """
        state = self.application_state
        try:
            next_state: WebSocketState | None = SENT_BY_TYPE[state][message["type"]]
        except (KeyError, TypeError):
            next_state = None
        if next_state is None:
            # A refusing state, a type the table does not list, a body chunk: the full lookup,
            # which raises the error the tables give.
            next_state = self._next_application_state(message)
        send = self._send
        if send is None:
            raise _no_callable("send")
        # The state moves before the await, so a concurrent sender sees the close at once.
        self.application_state = next_state
        try:
            await send(message)
        except OSError as error:
            self._raise_lost(state, error)

    def _raise_lost(self, state: WebSocketState, error: OSError) -> NoReturn:
        """Move ``application_state`` and raise as ``FAILED_SENDS`` says for a send in ``state`` that the peer failed.

        STATE-8, STATE-9 and STATE-14 to STATE-16.
        """
        failed = FAILED_SENDS[state]
        self.application_state = failed.next_state
        if failed.disconnect_code is not None:
            raise WebSocketDisconnect(failed.disconnect_code) from error
        raise error

    def _next_application_state(self, message: Message) -> WebSocketState:
        """Where sending ``message`` takes ``application_state``, or the error if it may not be sent."""
        return next_application_state(self.application_state, message)

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

    # The default is a plain int: SIG compares defaults by type, and it goes into the message as it is.
    async def close(self, code: int = CloseCode.NORMAL_CLOSURE.value, reason: str | None = None) -> None:
        """Close the connection; before ``accept()``, refuse the handshake.

        CLOSE-1, CLOSE-2, CLOSE-4, CLOSE-8 to CLOSE-12, CLOSE-14 and CLOSE-15. A ``CloseCode``
        is sent as the plain ``int`` it stands for, as servers and JSON expect.
        """
        check_close_code(code)
        check_close_reason(reason)
        if code.__class__ is not int:
            code = int(code)
        await self.send({"type": "websocket.close", "code": code, "reason": "" if reason is None else reason})

    async def send_denial_response(self, response: ASGIApp) -> None:
        """Answer the handshake with the HTTP response the ASGI app ``response`` sends (DENY-2 to DENY-9)."""
        # ASGI allows extensions to be None, which means none (DENY-6).
        extensions: Mapping[str, object] = self.scope.get("extensions") or {}
        if DENIAL_EXTENSION not in extensions:
            raise RuntimeError(
                with_hint(
                    NO_DENIAL_EXTENSION,
                    f"{DENIAL_EXTENSION!r} is not in scope['extensions']; use close() to refuse with HTTP 403",
                )
            )
        if self.application_state is not CONNECTING:
            raise _late_denial(self.application_state)
        await response(self.scope, self.receive, self.send)

    # -- data: the typed methods, each one call of a funnel (SEND, RECV, JSON, ITER) -----------

    def _check_connected(self) -> None:
        state = self.application_state
        if state is CONNECTING:
            raise WebSocketDisconnected(NOT_ACCEPTED)
        if state is not CONNECTED:
            # Starlette's sentence, which an application may match, then why accept() is no way out.
            hint = f"application_state is {state.name}: the handshake is over, so accept() is no longer possible"
            raise WebSocketDisconnected(with_hint(NOT_ACCEPTED, hint))

    async def send_text(self, data: str) -> None:
        """Send a text message (SEND-1, SEND-5)."""
        # Exactly a str needs no further look; anything else gets the full check (SEND-5).
        if data.__class__ is not str:
            check_text_payload(data)
        await self.send({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary message (SEND-2, SEND-5)."""
        # Exactly bytes need no further look; anything else gets the full check (SEND-5).
        if data.__class__ is not bytes:
            check_bytes_payload(data)
        await self.send({"type": "websocket.send", "bytes": data})

    async def send_json(self, data: object, mode: Literal["text", "binary"] = "text") -> None:
        """Send ``data`` as compact JSON, non-ASCII kept, in a text or binary message (JSON-5, JSON-8 to JSON-13)."""
        if mode != "text":
            _check_json_mode(mode)
        text = encode_json(data)
        if mode == "text":
            await self.send({"type": "websocket.send", "text": text})
        else:
            await self.send({"type": "websocket.send", "bytes": text.encode("utf-8")})

    async def receive_text(self) -> str:
        """Receive a text message (RECV-1)."""
        if self.application_state is not CONNECTED:
            self._check_connected()
        message = await self.receive()
        # _text_of's test, written out: a call more would cost a few percent of a message.
        text: str | None = message.get("text")
        if text is None or message["type"] != "websocket.receive":
            _no_payload(message, "text", "receive_text()")
        return text

    async def receive_bytes(self) -> bytes:
        """Receive a binary message (RECV-2)."""
        if self.application_state is not CONNECTED:
            self._check_connected()
        message = await self.receive()
        # _bytes_of's test, written out: a call more would cost a few percent of a message.
        data: bytes | None = message.get("bytes")
        if data is None or message["type"] != "websocket.receive":
            _no_payload(message, "bytes", "receive_bytes()")
        return data

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """Receive a JSON message from a text or, with ``mode="binary"``, binary message (JSON-3, JSON-4, JSON-7)."""
        if mode != "text":
            _check_json_mode(mode)
        if self.application_state is not CONNECTED:
            self._check_connected()
        message = await self.receive()
        if mode != "text":
            return _binary_json_of(message)
        # _json_of's test, written out: a call more would cost a few percent of a message.
        text: str | None = message.get("text")
        if text is None or message["type"] != "websocket.receive":
            _no_payload(message, "text", "receive_json()")
        return decode_json(text, "receive_json()")

    def iter_text(self) -> AsyncIterator[str]:
        """Text messages until the client disconnects (ITER-1, ITER-2)."""
        return _Messages(self, self._check_connected, _text_of)

    def iter_bytes(self) -> AsyncIterator[bytes]:
        """Binary messages until the client disconnects (ITER-1, ITER-2)."""
        return _Messages(self, self._check_connected, _bytes_of)

    def iter_json(self) -> AsyncIterator[Any]:
        """JSON messages until the client disconnects (ITER-1, ITER-2)."""
        return _Messages(self, self._check_connected, _json_of)
