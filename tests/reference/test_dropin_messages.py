"""The reference's refusals carry Starlette 1.10's messages, so it drops in under an application's tests.

An application written for ``starlette.websockets`` may test a misuse by its message
(``pytest.raises(RuntimeError, match="...")``). ``MISUSES`` is every misuse that Starlette 1.10
and the reference both refuse, found by trying each ``raise`` of Starlette's
``starlette/websockets.py`` (and the errors of ``json`` it lets through) against both: what
the application did, Starlette's exact message and exception class. Each is run against
Starlette, so the table stays true to it, and against the reference, whose message must
contain Starlette's verbatim (with a hint of its own beside it) and whose exception
must be of the same class (the reference's class of that name, for Starlette's own
exceptions). Where SPEC.md departs from Starlette in the class, the entry names the departure,
and the reference's message must still contain Starlette's while the classes must still
differ (so the entry goes once the departure does).

Left out, because there is no pair of messages to compare:

- a scope whose ``type`` is not ``"websocket"``: Starlette fails an ``assert``, with no message
  (SPEC.md CONN-7 and CONN-8: the reference raises ``ValueError`` naming the key);
- ``send_denial_response`` where the scope's ``extensions`` is ``None``: Starlette's
  ``TypeError`` is the ``in`` operator's, about ``NoneType`` (DENY-6: the reference raises
  the ``RuntimeError`` of a missing extension);
- a connection built without ``receive`` or ``send``: Starlette's ``TypeError`` is Python's,
  for a missing argument (CONN-2: the reference builds it, and refuses the call that needs one);
- the peer's ``send`` failing with ``OSError``: no misuse; both raise ``WebSocketDisconnect``
  with code 1006, and Starlette's has no message (STATE-14);
- the client's disconnect, which ``receive_text()`` raises as ``WebSocketDisconnect`` in both:
  no misuse either, and Starlette's message is only its arguments, ``(1000, None)``.
"""

from __future__ import annotations

import re
import types
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from json import JSONDecodeError
from typing import Any

import pytest
import starlette.websockets
from starlette.responses import Response

import wsproto_api.reference
from conformance.peer import CONNECT, Peer, binary, disconnect, make_scope, text
from wsproto_api.asgi import Message

pytestmark = pytest.mark.anyio

DENIAL_EXTENSIONS: dict[str, Any] = {"extensions": {"websocket.http.response": {}}}
"""A scope that offers the WebSocket Denial Response extension."""

RESPONSE_START: Message = {"type": "websocket.http.response.start", "status": 403, "headers": []}
"""The first message of a denial response."""

# The connection class under test: Starlette's or the reference's.
WebSocketClass = Callable[..., Any]


def connection(websocket: WebSocketClass, *incoming: Message, **scope: Any) -> Any:
    """A new connection whose client sends ``incoming``."""
    peer = Peer(*incoming)
    return websocket(make_scope(**scope), peer.receive, peer.send)


async def accepted(websocket: WebSocketClass, *incoming: Message) -> Any:
    """An accepted connection whose client then sends ``incoming``."""
    ws = connection(websocket, CONNECT, *incoming)
    await ws.accept()
    return ws


async def closed(websocket: WebSocketClass) -> Any:
    """A connection the application accepted and then closed."""
    ws = await accepted(websocket)
    await ws.close()
    return ws


async def denying(websocket: WebSocketClass) -> Any:
    """A connection in the middle of a denial response: its start sent, its body not yet."""
    ws = connection(websocket, **DENIAL_EXTENSIONS)
    await ws.send(RESPONSE_START)
    return ws


async def denied(websocket: WebSocketClass) -> Any:
    """A connection whose handshake a whole denial response answered."""
    ws = connection(websocket, **DENIAL_EXTENSIONS)
    await ws.send_denial_response(Response(status_code=403))
    return ws


# -- the misuses: each takes the connection class and does one wrong thing -------------------


async def accept_when_the_client_sends_data_first(websocket: WebSocketClass) -> None:
    await connection(websocket, text("early")).accept()


async def receive_a_second_connect(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket, CONNECT)
    await ws.receive()


async def receive_after_disconnect(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket, disconnect())
    await ws.receive()
    await ws.receive()


async def receive_text_after_disconnect(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket, disconnect())
    await ws.receive()
    await ws.receive_text()


async def send_text_before_accept(websocket: WebSocketClass) -> None:
    await connection(websocket, CONNECT).send_text("x")


async def send_bytes_before_accept(websocket: WebSocketClass) -> None:
    await connection(websocket, CONNECT).send_bytes(b"x")


async def send_json_before_accept(websocket: WebSocketClass) -> None:
    await connection(websocket, CONNECT).send_json({})


async def accept_twice(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket)
    await ws.accept()


async def send_response_start_after_accept(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket)
    await ws.send(RESPONSE_START)


async def send_text_during_a_denial_response(websocket: WebSocketClass) -> None:
    ws = await denying(websocket)
    await ws.send_text("x")


async def send_text_after_close(websocket: WebSocketClass) -> None:
    ws = await closed(websocket)
    await ws.send_text("x")


async def close_twice(websocket: WebSocketClass) -> None:
    ws = await closed(websocket)
    await ws.close()


async def accept_after_close(websocket: WebSocketClass) -> None:
    ws = connection(websocket, CONNECT)
    await ws.close()
    await ws.accept()


async def send_text_after_a_denial_response(websocket: WebSocketClass) -> None:
    ws = await denied(websocket)
    await ws.send_text("x")


async def receive_text_before_accept(websocket: WebSocketClass) -> None:
    await connection(websocket, CONNECT).receive_text()


async def receive_bytes_before_accept(websocket: WebSocketClass) -> None:
    await connection(websocket, CONNECT).receive_bytes()


async def receive_json_before_accept(websocket: WebSocketClass) -> None:
    await connection(websocket, CONNECT).receive_json()


async def iter_text_before_accept(websocket: WebSocketClass) -> None:
    await anext(connection(websocket, CONNECT).iter_text())


async def receive_text_after_close(websocket: WebSocketClass) -> None:
    ws = await closed(websocket)
    await ws.receive_text()


async def receive_text_during_a_denial_response(websocket: WebSocketClass) -> None:
    ws = await denying(websocket)
    await ws.receive_text()


async def receive_json_in_xml_mode(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket, text("{}"))
    await ws.receive_json(mode="xml")


async def send_json_in_xml_mode(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket)
    await ws.send_json({}, mode="xml")


async def send_denial_response_without_the_extension(websocket: WebSocketClass) -> None:
    await connection(websocket, CONNECT).send_denial_response(Response(status_code=403))


async def send_denial_response_after_accept(websocket: WebSocketClass) -> None:
    ws = connection(websocket, CONNECT, **DENIAL_EXTENSIONS)
    await ws.accept()
    await ws.send_denial_response(Response(status_code=403))


async def send_denial_response_after_close(websocket: WebSocketClass) -> None:
    ws = connection(websocket, **DENIAL_EXTENSIONS)
    await ws.close()
    await ws.send_denial_response(Response(status_code=403))


async def send_denial_response_twice(websocket: WebSocketClass) -> None:
    ws = await denied(websocket)
    await ws.send_denial_response(Response(status_code=403))


async def send_json_of_a_set(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket)
    await ws.send_json({"ids": {1}})


async def send_json_of_a_circular_list(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket)
    circular: list[object] = []
    circular.append(circular)
    await ws.send_json(circular)


async def receive_json_of_text_that_is_not_json(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket, text("{oops"))
    await ws.receive_json()


async def receive_json_in_binary_mode_of_bytes_that_are_not_utf8(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket, binary(b"\xff"))
    await ws.receive_json(mode="binary")


async def receive_a_message_without_type(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket, {"text": "x"})
    await ws.receive()


async def send_a_message_without_type(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket)
    await ws.send({"text": "x"})


async def receive_text_of_a_message_without_text(websocket: WebSocketClass) -> None:
    ws = await accepted(websocket, {"type": "websocket.receive"})
    await ws.receive_text()


@dataclass(frozen=True)
class Misuse:
    """A misuse both refuse, and Starlette 1.10's exception class and exact message for it."""

    act: Callable[[WebSocketClass], Awaitable[None]]
    error: type[Exception]
    message: str
    departure: str | None = None
    """Where the reference's class differs by design: the SPEC.md clause and why; ``None`` when the classes match."""


_NOT_ACCEPTED = 'WebSocket is not connected. Need to call "accept" first.'
_SEND_AFTER_CLOSE = 'Cannot call "send" once a close message has been sent.'
_RECEIVE_AFTER_DISCONNECT = 'Cannot call "receive" once a disconnect message has been received.'
_HANDSHAKE = 'Expected ASGI message "websocket.accept", "websocket.close" or "websocket.http.response.start"'
_BAD_MODE = 'The "mode" argument should be "text" or "binary".'

Disconnected = starlette.websockets.WebSocketDisconnected

MISUSES: tuple[Misuse, ...] = (
    Misuse(
        accept_when_the_client_sends_data_first,
        RuntimeError,
        "Expected ASGI message \"websocket.connect\", but got 'websocket.receive'",
    ),
    Misuse(
        receive_a_second_connect,
        RuntimeError,
        'Expected ASGI message "websocket.receive" or "websocket.disconnect", but got \'websocket.connect\'',
    ),
    Misuse(receive_after_disconnect, Disconnected, _RECEIVE_AFTER_DISCONNECT),
    Misuse(receive_text_after_disconnect, Disconnected, _RECEIVE_AFTER_DISCONNECT),
    Misuse(send_text_before_accept, RuntimeError, f"{_HANDSHAKE}, but got 'websocket.send'"),
    Misuse(send_bytes_before_accept, RuntimeError, f"{_HANDSHAKE}, but got 'websocket.send'"),
    Misuse(send_json_before_accept, RuntimeError, f"{_HANDSHAKE}, but got 'websocket.send'"),
    Misuse(
        accept_twice,
        RuntimeError,
        'Expected ASGI message "websocket.send" or "websocket.close", but got \'websocket.accept\'',
    ),
    Misuse(
        send_response_start_after_accept,
        RuntimeError,
        'Expected ASGI message "websocket.send" or "websocket.close", but got \'websocket.http.response.start\'',
    ),
    Misuse(
        send_text_during_a_denial_response,
        RuntimeError,
        "Expected ASGI message \"websocket.http.response.body\", but got 'websocket.send'",
    ),
    Misuse(send_text_after_close, Disconnected, _SEND_AFTER_CLOSE),
    Misuse(close_twice, Disconnected, _SEND_AFTER_CLOSE),
    Misuse(accept_after_close, Disconnected, _SEND_AFTER_CLOSE),
    Misuse(send_text_after_a_denial_response, Disconnected, _SEND_AFTER_CLOSE),
    Misuse(receive_text_before_accept, Disconnected, _NOT_ACCEPTED),
    Misuse(receive_bytes_before_accept, Disconnected, _NOT_ACCEPTED),
    Misuse(receive_json_before_accept, Disconnected, _NOT_ACCEPTED),
    Misuse(iter_text_before_accept, Disconnected, _NOT_ACCEPTED),
    Misuse(receive_text_after_close, Disconnected, _NOT_ACCEPTED),
    Misuse(receive_text_during_a_denial_response, Disconnected, _NOT_ACCEPTED),
    Misuse(receive_json_in_xml_mode, RuntimeError, _BAD_MODE),
    Misuse(send_json_in_xml_mode, RuntimeError, _BAD_MODE),
    Misuse(
        send_denial_response_without_the_extension,
        RuntimeError,
        "The server doesn't support the Websocket Denial Response extension.",
    ),
    # Starlette runs the response, whose start its state machine refuses; the reference
    # refuses before running it (DENY-5), with the error that start would have met.
    Misuse(
        send_denial_response_after_accept,
        RuntimeError,
        'Expected ASGI message "websocket.send" or "websocket.close", but got \'websocket.http.response.start\'',
    ),
    Misuse(send_denial_response_after_close, Disconnected, _SEND_AFTER_CLOSE),
    Misuse(send_denial_response_twice, Disconnected, _SEND_AFTER_CLOSE),
    Misuse(send_json_of_a_set, TypeError, "Object of type set is not JSON serializable"),
    Misuse(send_json_of_a_circular_list, ValueError, "Circular reference detected"),
    Misuse(
        receive_json_of_text_that_is_not_json,
        JSONDecodeError,
        "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
    ),
    Misuse(
        receive_json_in_binary_mode_of_bytes_that_are_not_utf8,
        UnicodeDecodeError,
        "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
    ),
    Misuse(
        receive_a_message_without_type,
        KeyError,
        "'type'",
        departure="RAW-4: a message without a type is a malformed message, so RuntimeError names it",
    ),
    Misuse(
        send_a_message_without_type,
        KeyError,
        "'type'",
        departure="RAW-4: a message without a type is a malformed message, so RuntimeError names it",
    ),
    Misuse(
        receive_text_of_a_message_without_text,
        KeyError,
        "'text'",
        departure="RECV-6: a message without the payload read is the server's error, so RuntimeError names it",
    ),
)


def counterpart(error: type[Exception], binding: types.ModuleType) -> type[Exception]:
    """The class ``binding`` raises where Starlette raises ``error``: its own of that name for Starlette's own."""
    if error.__module__ != starlette.websockets.__name__:
        return error
    own: type[Exception] = getattr(binding, error.__name__)
    return own


async def raised(misuse: Misuse, binding: types.ModuleType) -> Exception:
    """The error ``binding``'s ``WebSocket`` raises for ``misuse``."""
    with pytest.raises(Exception) as caught:  # noqa: PT011 -- every class is checked below
        await misuse.act(binding.WebSocket)
    return caught.value


@pytest.mark.parametrize("misuse", MISUSES, ids=[misuse.act.__name__ for misuse in MISUSES])
async def test_starlette_raises_the_tabled_error(misuse: Misuse) -> None:
    error = await raised(misuse, starlette.websockets)
    assert type(error) is misuse.error
    assert str(error) == misuse.message


@pytest.mark.parametrize("misuse", MISUSES, ids=[misuse.act.__name__ for misuse in MISUSES])
async def test_the_reference_message_contains_starlettes(misuse: Misuse) -> None:
    error = await raised(misuse, wsproto_api.reference)
    assert re.search(re.escape(misuse.message), str(error)), f"{misuse.message!r} not in {str(error)!r}"
    matches = isinstance(error, counterpart(misuse.error, wsproto_api.reference))
    # A departure that no longer holds is a stale entry: the classes must agree with the table.
    assert matches is (misuse.departure is None), f"{type(error).__name__} for {misuse.error.__name__}"
