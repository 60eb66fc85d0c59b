"""The reference with its funnels written out: what one frame per message and direction would cost.

A binding module (``python -m conformance benchmarks.written_out`` judges it, and it conforms):
the reference's ``WebSocket``, whose ``receive_text``, ``send_text``, ``receive_json`` and
``send_json`` make every per-message check the funnels make (RECV-5, RECV-8, RECV-3, STATE-2,
STATE-9, SEND-5, JSON-3, JSON-8) inside their own frame, for a connection that both sides hold
open, instead of awaiting ``receive()`` or ``send()``; anything else goes through the funnels.
Its methods repeat one another on purpose, since a shared helper would be the frame they
leave out. It is not a design to adopt: it is the fork that the funnels replaced, kept here
only so that ``benchmarks.lower_bound`` can measure what that fork would buy (BENCHMARKS.md,
*Against the fastest peers: the funnels written out*).
"""

from __future__ import annotations

from typing import Any, Literal

from wsproto_api import reference
from wsproto_api.asgi import Message
from wsproto_api.close_code import CloseCode
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.json_text import decode_json, encode_json
from wsproto_api.reference.state import CONNECTED, next_client_state

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]

_RECEIVE: Literal["websocket.receive"] = "websocket.receive"


def _steady_receive() -> bool:
    """Whether the state table keeps ``client_state`` CONNECTED on a ``websocket.receive``, as the fast paths assume."""
    return next_client_state(CONNECTED, {"type": _RECEIVE}) is CONNECTED


if not _steady_receive():  # pragma: no cover - the table would have changed under the fast paths
    raise ImportError("state.py no longer keeps a connection CONNECTED on websocket.receive")


def _text_after_move(ws: WebSocket, message: Message, method: str) -> str:
    """Move ``client_state`` for a message that is not a plain text message, then its text or the error."""
    ws.client_state = next_client_state(CONNECTED, message)
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", CloseCode.NO_STATUS_RCVD.value), message.get("reason"))
    text: object = message.get("text")
    if not isinstance(text, str):
        found = "'bytes' instead" if message.get("bytes") is not None else "neither 'text' nor 'bytes'"
        raise RuntimeError(f"{method} needs a 'text' message, but the websocket.receive message has {found}")
    return text


class WebSocket(reference.WebSocket):
    """The reference's connection, with the text and JSON methods' steady path in one frame each."""

    __slots__ = ()

    async def receive_text(self) -> str:
        """Receive a text message (RECV-1)."""
        receive = self._receive
        if (
            receive is None
            or self._receiving
            or self.application_state is not CONNECTED
            or self.client_state is not CONNECTED
        ):
            return await super().receive_text()
        self._receiving = True
        try:
            message = await receive()
        finally:
            self._receiving = False
        if message.__class__ is dict and message.get("type") == _RECEIVE:
            text: str | None = message.get("text")
            if text is not None:
                return text
        return _text_after_move(self, message, "receive_text()")

    async def send_text(self, data: str) -> None:
        """Send a text message (SEND-1, SEND-5)."""
        send = self._send
        if data.__class__ is not str or send is None or self.application_state is not CONNECTED:
            return await super().send_text(data)
        try:
            await send({"type": "websocket.send", "text": data})
        except OSError as error:
            self._raise_lost(CONNECTED, error)

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """Receive a JSON message (JSON-3, JSON-4, JSON-7)."""
        receive = self._receive
        if (
            mode != "text"
            or receive is None
            or self._receiving
            or self.application_state is not CONNECTED
            or self.client_state is not CONNECTED
        ):
            return await super().receive_json(mode)
        self._receiving = True
        try:
            message = await receive()
        finally:
            self._receiving = False
        if message.__class__ is dict and message.get("type") == _RECEIVE:
            json_text: str | None = message.get("text")
            if json_text is not None:
                return decode_json(json_text, "receive_json()")
        return decode_json(_text_after_move(self, message, "receive_json()"), "receive_json()")

    async def send_json(self, data: object, mode: Literal["text", "binary"] = "text") -> None:
        """Send ``data`` as compact JSON (JSON-8 to JSON-13)."""
        send = self._send
        if mode != "text" or send is None or self.application_state is not CONNECTED:
            return await super().send_json(data, mode)
        text = encode_json(data)
        try:
            await send({"type": "websocket.send", "text": text})
        except OSError as error:
            self._raise_lost(CONNECTED, error)
