"""A model of one websocket connection, written from SPEC.md alone, for the state machine test.

For each call ``tests/reference/test_state_model.py`` makes, the model lists every outcome SPEC.md
allows: the exception raised (or none), the messages the peer's ``send`` is awaited with, how
many times the peer's ``receive`` is awaited and how many messages it hands over, the two
states afterwards and the value returned. Where SPEC.md leaves a choice open the list holds
one outcome per choice; the test adopts the one that happened. Each place where the model is
permissive says why in a comment that starts with "Open:".
"""

from __future__ import annotations

import asyncio
import json
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocketDisconnect, WebSocketDisconnected

__all__ = ["STATE_NAMES", "Connection", "Message", "Outcome"]

ErrorClasses = frozenset[type[BaseException]]

CONNECTING = "CONNECTING"
CONNECTED = "CONNECTED"
DISCONNECTED = "DISCONNECTED"
RESPONSE = "RESPONSE"
STATE_NAMES = frozenset({CONNECTING, CONNECTED, DISCONNECTED, RESPONSE})

BODY = "websocket.http.response.body"

# SPEC.md's receiving table: client_state -> message type -> next client_state (STATE-2).
RECEIVING: dict[str, dict[object, str]] = {
    CONNECTING: {"websocket.connect": CONNECTED},
    CONNECTED: {"websocket.receive": CONNECTED, "websocket.disconnect": DISCONNECTED},
}

# SPEC.md's sending table (STATE-9). A body is keyed with whether ``more_body`` is true,
# because the table sends the two to different states.
SENDING: dict[str, dict[object, str]] = {
    CONNECTING: {
        "websocket.accept": CONNECTED,
        "websocket.close": DISCONNECTED,
        "websocket.http.response.start": RESPONSE,
    },
    CONNECTED: {"websocket.send": CONNECTED, "websocket.close": DISCONNECTED},
    RESPONSE: {(BODY, True): RESPONSE, (BODY, False): DISCONNECTED},
}

# CLOSE-11: the codes an endpoint may send.
SENDABLE_CLOSE_CODES = frozenset([*range(1000, 1004), *range(1007, 1015), *range(3000, 5000)])
MAX_REASON_BYTES = 123  # CLOSE-14
TOKEN_BYTES = frozenset((string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~").encode())  # ACCEPT-8
JSON_MODES = ("text", "binary")  # JSON-5
ABNORMAL_CLOSURE = 1006  # STATE-14

CANCELLED = frozenset({asyncio.CancelledError})


@dataclass(frozen=True)
class Outcome:
    """One result of a call that SPEC.md allows."""

    client: str
    app: str
    raises: ErrorClasses = frozenset()
    """Empty when the call returns; otherwise the call raises an instance of one of these."""
    error_check: Callable[[BaseException], bool] | None = None
    error_text: str = ""
    sent: tuple[Message, ...] = ()
    """The messages the peer's send is awaited with, in order."""
    same_objects: bool = False
    """The sent messages must be the very objects the application gave (RAW-1, DENY-9)."""
    awaited: int = 0
    """How many times the peer's receive is awaited."""
    taken: int = 0
    """How many scripted messages the peer hands over."""
    value: object = None
    value_is_message: bool = False
    """The value must be the very message the peer handed over (RAW-2)."""
    app_called: bool | None = None
    """For send_denial_response: whether the denial application runs."""
    why: str = ""


def receive_step(client: str, message: Message) -> str | None:
    """The client_state after receiving ``message``, or None when that raises RuntimeError.

    RAW-4 for a message without a type, STATE-10 for a type the table does not list.
    """
    if "type" not in message:
        return None
    kind = message["type"]
    return RECEIVING.get(client, {}).get(kind) if isinstance(kind, str) else None


def send_event(message: Message) -> object:
    """The key of ``message`` in the sending table; None when it has no type (RAW-4)."""
    kind = message.get("type")
    if kind == BODY:
        return (BODY, bool(message.get("more_body", False)))
    return kind


def subprotocol_errors(subprotocol: object, offered: Sequence[str]) -> set[type[BaseException]]:
    """ACCEPT-7."""
    if subprotocol is None:
        return set()
    if not isinstance(subprotocol, str):
        return {TypeError}
    return set() if subprotocol in offered else {ValueError}


def header_errors(headers: Sequence[object], subprotocol: object) -> set[type[BaseException]]:
    """ACCEPT-8 and ACCEPT-9, over every header (which one an implementation reports first is open)."""
    errors: set[type[BaseException]] = set()
    for header in headers:
        # ACCEPT-8: a pair is a tuple or a list of two bytes.
        if not (
            isinstance(header, tuple | list) and len(header) == 2 and all(isinstance(part, bytes) for part in header)
        ):
            errors.add(TypeError)
            continue
        name, value = header
        if not name or not set(name) <= TOKEN_BYTES:
            errors.add(ValueError)
        if set(value) & set(b"\r\n\x00"):
            errors.add(ValueError)
        if name.lower() == b"sec-websocket-protocol":
            # ACCEPT-9: whatever its value.
            errors.add(ValueError)
    return errors


def close_errors(code: object, reason: object) -> set[type[BaseException]]:
    """CLOSE-11, CLOSE-12, CLOSE-14 and CLOSE-15."""
    errors: set[type[BaseException]] = set()
    if isinstance(code, bool) or not isinstance(code, int):
        errors.add(TypeError)
    elif code not in SENDABLE_CLOSE_CODES:
        errors.add(ValueError)
    if reason is not None:
        if not isinstance(reason, str):
            errors.add(TypeError)
        else:
            try:
                too_long = len(reason.encode("utf-8")) > MAX_REASON_BYTES
            except UnicodeEncodeError:  # a lone surrogate
                too_long = True
            if too_long:
                errors.add(ValueError)
    return errors


def _no_constants(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def json_readings(text: str) -> list[tuple[bool, object]]:
    """The readings of ``text`` JSON-3 and JSON-7 allow: ``(True, value)``, or ``(False, None)`` for ValueError.

    Open: ``json.loads`` reads ``NaN`` and ``Infinity``, which RFC 8259 does not call JSON;
    SPEC.md says both "returns json.loads" (JSON-3) and "not valid JSON raises" (JSON-7), so
    either reading is allowed for such text.
    """
    try:
        value = json.loads(text)
    except ValueError:
        return [(False, None)]
    try:
        json.loads(text, parse_constant=_no_constants)
    except ValueError:
        return [(True, value), (False, None)]
    return [(True, value)]


def _frozen(*classes: type[BaseException]) -> ErrorClasses:
    return frozenset(classes)


@dataclass
class Connection:
    """The model: what SPEC.md says one connection's state is, and what each call may do."""

    offered: tuple[str, ...]
    """The scope's ``subprotocols``."""
    denial: bool
    """Whether the scope's ``extensions`` hold ``websocket.http.response`` (DENY-3, DENY-6)."""
    client: str = CONNECTING  # STATE-1
    app: str = CONNECTING
    accepted: bool = False
    """Whether ``websocket.accept`` has been sent: RECV-4 speaks of "before accept()"."""
    incoming: list[Message] = field(default_factory=list)
    """The messages the peer still holds, the same objects as the peer's."""
    send_error: BaseException | None = None
    """What the peer's send raises, if anything."""

    def adopt(self, outcome: Outcome) -> None:
        """Move the model to ``outcome``, the one that happened."""
        self.client = outcome.client
        self.app = outcome.app
        self.accepted = self.accepted or outcome.app == CONNECTED
        del self.incoming[: outcome.taken]

    def _stay(self) -> Outcome:
        return Outcome(client=self.client, app=self.app)

    def _waits(self, base: Outcome) -> Outcome:
        # RECV-10: a receive cancelled while the peer has nothing leaves the connection as it was.
        return replace(base, raises=CANCELLED, awaited=base.awaited + 1, why="RECV-10 cancelled while waiting")

    # -- sending --------------------------------------------------------------------------

    def _send(
        self, base: Outcome, message: Message, errors: set[type[BaseException]], *, same_objects: bool, why: str
    ) -> list[Outcome]:
        """Send ``message`` from ``base``, after argument checks that found ``errors``."""
        errors = set(errors)
        next_app = None
        if self.app == DISCONNECTED:
            errors.add(WebSocketDisconnected)  # STATE-6, SEND-4, CLOSE-4
        else:
            next_app = SENDING[self.app].get(send_event(message))
            if next_app is None:
                errors.add(RuntimeError)  # STATE-11, RAW-4, SEND-3, ACCEPT-6
        if errors or next_app is None:
            # Open: when more than one rule refuses the call (an argument rule and a state
            # rule, or JSON-5 and SEND-4), SPEC.md does not say which error wins.
            return [replace(base, raises=frozenset(errors), why=f"{why}: refused, nothing sent")]
        sent = replace(base, sent=(*base.sent, message), same_objects=same_objects)
        error = self.send_error
        if error is None:
            return [replace(sent, app=next_app, why=f"{why}: STATE-9 sent")]
        if isinstance(error, OSError) and self.app == CONNECTED:
            return [
                replace(
                    sent,
                    app=DISCONNECTED,
                    raises=_frozen(WebSocketDisconnect),
                    error_check=lambda exc: getattr(exc, "code", None) == ABNORMAL_CLOSURE,
                    error_text=f"code {ABNORMAL_CLOSURE}",
                    why=f"{why}: STATE-14 OSError while CONNECTED",
                )
            ]
        # STATE-15: the peer's exception propagates unchanged. STATE-8: an OSError leaves the
        # connection DISCONNECTED. Open: where application_state is left after any other
        # exception; the state before the send or the one the table gives.
        states = (DISCONNECTED,) if isinstance(error, OSError) else (self.app, next_app)
        return [
            replace(
                sent,
                app=state,
                raises=_frozen(type(error)),
                error_check=lambda exc: exc is error,
                error_text="the peer's own exception",
                why=f"{why}: STATE-15 peer error propagates",
            )
            for state in dict.fromkeys(states)
        ]

    def accept(self, subprotocol: object, headers: Sequence[object] | None) -> list[Outcome]:
        """``accept(subprotocol, headers)``: ACCEPT-1 to ACCEPT-3, ACCEPT-5 to ACCEPT-10."""
        stay = self._stay()
        arg_errors = subprotocol_errors(subprotocol, self.offered) | header_errors(headers or (), subprotocol)
        # ACCEPT-3 fixes the pairs and their order, not their container; a pair given as a list
        # is expected as a tuple, the form the reference sends.
        pairs = [tuple(pair) if isinstance(pair, list) else pair for pair in headers or ()]
        message: Message = {"type": "websocket.accept", "subprotocol": subprotocol, "headers": pairs}
        if self.app != CONNECTING:
            state_errors: set[type[BaseException]] = (
                {WebSocketDisconnected} if self.app == DISCONNECTED else {RuntimeError}  # STATE-6, ACCEPT-6, STATE-11
            )
            outcomes = [replace(stay, raises=frozenset(arg_errors | state_errors), why="accept refused")]
            if not arg_errors and self.client == CONNECTING:
                # Open: ACCEPT-1 has accept() receive websocket.connect first; whether it does
                # so before refusing a second accept, or one after close(), is not said.
                if not self.incoming:
                    outcomes.append(self._waits(stay))
                else:
                    took = replace(stay, awaited=1, taken=1)
                    next_client = receive_step(CONNECTING, self.incoming[0])
                    if next_client is None:
                        outcomes.append(replace(took, raises=_frozen(RuntimeError), why="accept refused late"))
                    else:
                        outcomes.append(
                            replace(took, client=next_client, raises=frozenset(state_errors), why="accept refused late")
                        )
            return outcomes
        if arg_errors:
            # ACCEPT-7 to ACCEPT-9: before receive is awaited or anything is sent.
            return [replace(stay, raises=frozenset(arg_errors), why="ACCEPT-7/8/9 argument refused")]
        if self.client != CONNECTING:  # ACCEPT-2
            return self._send(stay, message, set(), same_objects=False, why="ACCEPT-2")
        if not self.incoming:  # ACCEPT-1
            return [self._waits(stay)]
        took = replace(stay, awaited=1, taken=1)
        next_client = receive_step(CONNECTING, self.incoming[0])
        if next_client is None:  # ACCEPT-5, STATE-10, RAW-4: sends nothing, client_state unchanged
            return [replace(took, raises=_frozen(RuntimeError), why="ACCEPT-5")]
        return self._send(replace(took, client=next_client), message, set(), same_objects=False, why="ACCEPT-1")

    def send_text(self, data: object) -> list[Outcome]:
        """SEND-1, SEND-3 to SEND-5."""
        errors: set[type[BaseException]] = set() if isinstance(data, str) else {TypeError}
        message = {"type": "websocket.send", "text": data}
        return self._send(self._stay(), message, errors, same_objects=False, why="send_text")

    def send_bytes(self, data: object) -> list[Outcome]:
        """SEND-2 to SEND-5."""
        errors: set[type[BaseException]] = set() if isinstance(data, bytes) else {TypeError}
        message = {"type": "websocket.send", "bytes": data}
        return self._send(self._stay(), message, errors, same_objects=False, why="send_bytes")

    def send_json(self, data: object, json_error: type[BaseException] | None, mode: object) -> list[Outcome]:
        """JSON-5, JSON-8 to JSON-13; ``json_error`` is what JSON-11 or JSON-12 says ``data`` raises, if anything."""
        errors: set[type[BaseException]] = set()
        if mode not in JSON_MODES:
            errors.add(RuntimeError)  # JSON-5
        if json_error is not None:
            errors.add(json_error)  # JSON-11, JSON-12
        text = "" if json_error is not None else json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        message: Message = (
            {"type": "websocket.send", "bytes": text.encode("utf-8")}
            if mode == "binary"
            else {"type": "websocket.send", "text": text}
        )
        return self._send(self._stay(), message, errors, same_objects=False, why="send_json")

    def close(self, code: object, reason: object) -> list[Outcome]:
        """CLOSE-1, CLOSE-2, CLOSE-4, CLOSE-8, CLOSE-10 to CLOSE-12, CLOSE-14, CLOSE-15."""
        message = {"type": "websocket.close", "code": code, "reason": "" if reason is None else reason}
        return self._send(self._stay(), message, close_errors(code, reason), same_objects=False, why="close")

    def send(self, message: Message) -> list[Outcome]:
        """RAW-1, RAW-4, RAW-5, STATE-6, STATE-9, STATE-11 to STATE-16."""
        return self._send(self._stay(), message, set(), same_objects=True, why="send")

    def send_denial_response(self, messages: Sequence[Message]) -> list[Outcome]:
        """DENY-3, DENY-5, DENY-6, DENY-9, for an application that sends ``messages`` and returns."""
        stay = replace(self._stay(), app_called=False)
        if not self.denial or self.app != CONNECTING:
            return [replace(stay, raises=_frozen(RuntimeError), why="DENY-3/5/6 refused, app not called")]
        finished: list[Outcome] = []
        running = [replace(stay, app_called=True, why="DENY-9 the application ran")]
        for message in messages:
            after: list[Outcome] = []
            for path in running:
                for outcome in replace(self, app=path.app)._send(path, message, set(), same_objects=True, why="DENY-9"):
                    (finished if outcome.raises else after).append(outcome)
            running = after
        complete = bool(messages) and send_event(messages[-1]) == (BODY, False)
        for path in running:
            finished.append(path)
            if not complete:
                # Open: whether send_denial_response() complains about an application that
                # sent no complete response (nothing, a start alone, or a close).
                finished.append(replace(path, raises=_frozen(RuntimeError), why="DENY-9 incomplete response"))
        return finished

    # -- receiving ------------------------------------------------------------------------

    def receive(self, method: str, mode: object = "text") -> list[Outcome]:
        """``receive()``, ``receive_text()``, ``receive_bytes()`` or ``receive_json(mode)``."""
        stay = self._stay()
        early: set[type[BaseException]] = set()
        after_accept = False
        if method == "receive_json" and mode not in JSON_MODES:
            early.add(RuntimeError)  # JSON-5
        if method != "receive" and self.app != CONNECTED:
            if self.app == DISCONNECTED and self.accepted:
                after_accept = True
            else:
                early.add(RuntimeError)  # RECV-4
        if self.client == DISCONNECTED:
            # RECV-5. Open: with JSON-5 or RECV-4 applying too, which error wins.
            early.add(WebSocketDisconnected)
        if early:
            return [replace(stay, raises=frozenset(early), why="refused without receiving")]
        outcomes: list[Outcome] = []
        if after_accept:
            # Open: SPEC.md does not say whether a data method receives after the application
            # closed (or STATE-14 disconnected) an accepted connection, or refuses as RECV-4 does.
            outcomes.append(replace(stay, raises=_frozen(RuntimeError), why="refused after close"))
        outcomes.extend(self._received(method, mode))
        return outcomes

    def _received(self, method: str, mode: object) -> list[Outcome]:
        stay = self._stay()
        if not self.incoming:
            return [self._waits(stay)]
        message = self.incoming[0]
        took = replace(stay, awaited=1, taken=1)
        next_client = receive_step(self.client, message)
        if next_client is None:  # STATE-10, RAW-4: client_state unchanged
            return [replace(took, raises=_frozen(RuntimeError), why="STATE-10/RAW-4")]
        took = replace(took, client=next_client)
        if method == "receive":
            return [replace(took, value=message, value_is_message=True, why="RAW-2, STATE-2")]
        kind = message["type"]
        if kind == "websocket.disconnect":
            code = message["code"]
            reason = message.get("reason") or ""
            return [
                replace(
                    took,
                    raises=_frozen(WebSocketDisconnect),
                    error_check=lambda exc: (
                        (getattr(exc, "code", None), getattr(exc, "reason", None)) == (code, reason)
                    ),
                    error_text=f"code {code}, reason {reason!r}",
                    why="RECV-3",
                )
            ]
        if kind != "websocket.receive":
            # websocket.connect, met by a data method after a raw websocket.accept. Open:
            # STATE-2 moves client_state, but no clause says what the method then returns.
            return [replace(took, raises=_frozen(Exception), why="STATE-2, then open")]
        key = "bytes" if method == "receive_bytes" or (method == "receive_json" and mode == "binary") else "text"
        payload = message.get(key)
        if payload is None:
            return [replace(took, raises=_frozen(RuntimeError), why="RECV-6")]
        if method != "receive_json":
            return [replace(took, value=payload, why="RECV-1/RECV-2")]
        if key == "bytes":
            try:
                text = payload.decode("utf-8")
            except UnicodeDecodeError:
                return [replace(took, raises=_frozen(ValueError), why="JSON-7 not UTF-8")]
        else:
            text = payload
        return [
            replace(took, value=value, why="JSON-3/JSON-4")
            if ok
            else replace(took, raises=_frozen(ValueError), why="JSON-7 not JSON")
            for ok, value in json_readings(text)
        ]
