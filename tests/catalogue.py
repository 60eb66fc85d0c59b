"""Broken implementations: the reference or Starlette 1.10, each with one seeded fault.

Each fault is a binding module built from its base module with one name replaced. It is
importable by name, ``tests.catalogue.<fault>``, in any process that can import this module,
so the suite's child process loads it like any other binding. The catalogue test runs the
suite against each and requires a failed clause that the base passes.
"""

from __future__ import annotations

import abc
import collections
import contextlib
import dataclasses
import datetime
import decimal
import functools
import ipaddress
import itertools
import json
import math
import operator
import re
import sys
import types
import unicodedata
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

import anyio
import starlette.datastructures
import starlette.websockets

import wsproto_api.reference
from tests.submodules import serve_submodules
from wsproto_api.asgi import ASGIApp, Message, Receive, Scope, Send
from wsproto_api.reference import URL, Headers, QueryParams, WebSocketClose, WebSocketDisconnect
from wsproto_api.reference import WebSocket as Reference
from wsproto_api.reference import state as reference_state
from wsproto_api.reference import websocket as reference_websocket
from wsproto_api.reference.arguments import (
    MAX_REASON_BYTES,
    check_accept_headers,
    check_bytes_payload,
    check_close_code,
    check_close_reason,
    check_subprotocol,
    check_text_payload,
)
from wsproto_api.reference.cookies import parse_cookies
from wsproto_api.reference.json_text import encode_json
from wsproto_api.reference.query_params import parse_query
from wsproto_api.reference.scope import scope_query_string
from wsproto_api.reference.url import url_from_scope, valid_host_header

Starlette = starlette.websockets.WebSocket


@dataclass(frozen=True)
class Fault:
    """One seeded fault: its base binding, the names it replaces there, and the clause it breaks.

    ``target`` is the SPEC.md clause the fault is written to break: the suite must fail it.
    Other clauses may fail beside it, where one mistake breaks several of them.
    """

    name: str
    base: types.ModuleType
    replaces: dict[str, object]
    target: str | None = None

    @property
    def binding(self) -> str:
        """The broken binding's module path."""
        return f"{__name__}.{self.name}"


def _build_fault(module: types.ModuleType, name: str) -> None:
    """``tests.catalogue.<name>``: the fault's base module with its names replaced."""
    fault = next(fault for fault in FAULTS if fault.name == name)
    module.__doc__ = f"{fault.base.__name__} with one fault: {fault.name}"
    module.__dict__.update({k: v for k, v in vars(fault.base).items() if not k.startswith("__")})
    module.__dict__.update(fault.replaces)


serve_submodules(sys.modules[__name__], lambda name: any(fault.name == name for fault in FAULTS), _build_fault)


FAULTS: list[Fault] = []


def fault(
    name: str, target: str | None = None, base: types.ModuleType = wsproto_api.reference
) -> Callable[[type], type]:
    """Register the decorated ``WebSocket`` subclass as the fault ``name``, meant to break ``target``."""

    def register(cls: type) -> type:
        FAULTS.append(Fault(name, base, {"WebSocket": cls}, target))
        return cls

    return register


def replaced(
    name: str, target: str | None = None, base: types.ModuleType = wsproto_api.reference, **names: object
) -> None:
    """Register the fault ``name``, meant to break ``target``: ``base`` with other module names replaced."""
    FAULTS.append(Fault(name, base, dict(names), target))


# -- state machine ---------------------------------------------------------------------------


@fault("accept-leaves-application-state", "STATE-9")
class AcceptLeavesState(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        await self.receive()
        await self._send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": list(headers or [])})


@fault("disconnect-keeps-client-connected", "STATE-2")
class DisconnectKeepsConnected(Reference):
    async def receive(self) -> Message:
        message = await super().receive()
        if message["type"] == "websocket.disconnect":
            self.client_state = reference_state.CONNECTED
        return message


@fault("send-after-close-allowed", "STATE-6")
class SendAfterCloseAllowed(Reference):
    def _next_application_state(self, message: Message) -> reference_state.WebSocketState:
        if self.application_state is reference_state.DISCONNECTED:
            return reference_state.DISCONNECTED
        return super()._next_application_state(message)


@fault("unknown-received-type-accepted", "STATE-10")
class UnknownReceivedTypeAccepted(Reference):
    async def receive(self) -> Message:
        message = await self._receive()  # type: ignore[misc]
        if message["type"] in ("websocket.connect", "websocket.receive", "websocket.disconnect"):
            self.client_state = reference_state.next_client_state(self.client_state, message)
        return message


@fault("send-before-accept-allowed", "SEND-3")
class SendBeforeAccept(Reference):
    async def send_text(self, data: str) -> None:
        await self._send({"type": "websocket.send", "text": data})  # type: ignore[misc]


@fault("second-accept-allowed", "ACCEPT-6")
class SecondAccept(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        if self.application_state is reference_state.CONNECTED:
            await self._send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": []})  # type: ignore[misc]
            return
        await super().accept(subprotocol, headers)


@fault("accept-receives-again", "ACCEPT-2")
class AcceptReceivesAgain(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        if self.client_state is reference_state.CONNECTED:
            await self._receive()  # type: ignore[misc]
        await super().accept(subprotocol, headers)


@fault("accept-drops-headers", "ACCEPT-3")
class AcceptDropsHeaders(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        await super().accept(subprotocol, None)


# -- OSError handling ------------------------------------------------------------------------


@fault("oserror-propagates-when-connected", "STATE-14")
class OSErrorPropagates(Reference):
    async def send(self, message: Message) -> None:
        self.application_state = self._next_application_state(message)
        await self._send(message)  # type: ignore[misc]


@fault("oserror-converted-before-accept", "STATE-15")
class OSErrorAlwaysConverted(Reference):
    async def send(self, message: Message) -> None:
        try:
            await super().send(message)
        except OSError as exc:
            self.application_state = reference_state.DISCONNECTED
            raise WebSocketDisconnect(1006) from exc


@fault("failed-accept-leaves-connected", "STATE-8")
class FailedAcceptLeavesConnected(Reference):
    async def send(self, message: Message) -> None:
        state = self.application_state
        try:
            await super().send(message)
        except OSError:
            if state is not reference_state.CONNECTED:
                self.application_state = reference_state.next_application_state(state, message)
            raise


@fault("failed-answer-keeps-application-state", "STATE-8")
class FailedAnswerKeepsApplicationState(Reference):
    """Refuses every send after a failed handshake answer, but leaves ``application_state`` where it was."""

    failed = False

    async def send(self, message: Message) -> None:
        if self.failed:
            raise wsproto_api.reference.WebSocketDisconnected("the handshake answer failed")
        state = self.application_state
        try:
            await super().send(message)
        except OSError:
            if state is not reference_state.CONNECTED:
                self.failed = True
                self.application_state = state
            raise


# -- JSON modes ------------------------------------------------------------------------------


@fault("json-default-separators", "JSON-9")
class JSONSpaces(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:  # type: ignore[override]
        await self.send_text(json.dumps(data, ensure_ascii=False))


@fault("json-ascii-escapes", "JSON-9")
class JSONAsciiEscapes(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:  # type: ignore[override]
        await self.send_text(json.dumps(data, separators=(",", ":")))


@fault("json-binary-mode-sends-text", "JSON-10")
class JSONBinarySendsText(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:  # type: ignore[override]
        await super().send_json(data, "text")


@fault("json-binary-mode-reads-text", "JSON-4")
class JSONBinaryReadsText(Reference):
    async def receive_json(self, mode: str = "text") -> Any:  # type: ignore[override]
        return await super().receive_json("text")


@fault("json-any-mode-accepted", "JSON-5")
class JSONAnyMode(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:  # type: ignore[override]
        await super().send_json(data, "binary" if mode == "binary" else "text")


# -- receiving ----------------------------------------------------------------------------


@fault("disconnect-reason-none", "RECV-3")
class DisconnectReasonNone(Reference):
    async def receive_text(self) -> str:
        try:
            return await super().receive_text()
        except WebSocketDisconnect as exc:
            exc.reason = None  # type: ignore[assignment]
            raise


@fault("receive-text-returns-bytes", "RECV-6")
class ReceiveTextReturnsBytes(Reference):
    async def receive_text(self) -> str:
        self._check_connected()
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1005), message.get("reason"))
        return message.get("bytes") or message.get("text")  # type: ignore[no-any-return]


class _EqualToAnything(str):
    """A text that says it equals whatever it is compared with."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


@fault("receive-text-equal-to-anything", "RECV-1")
class ReceiveTextEqualToAnything(Reference):
    async def receive_text(self) -> str:
        await super().receive_text()
        return _EqualToAnything("not what was sent")


@fault("receive-text-strips-whitespace", "RECV-1")
class ReceiveTextStripsWhitespace(Reference):
    async def receive_text(self) -> str:
        return (await super().receive_text()).strip()


@fault("receive-bytes-drops-a-trailing-newline", "RECV-2")
class ReceiveBytesDropsTrailingNewline(Reference):
    async def receive_bytes(self) -> bytes:
        return (await super().receive_bytes()).removesuffix(b"\n")


class _DictEqualToAnything(dict[str, object]):
    """An empty JSON object that says it equals whatever it is compared with."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = None


class _ListEqualToAnything(list[object]):
    """An empty JSON array that says it equals whatever it is compared with."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = None


@fault("receive-json-container-equal-to-anything", "JSON-3")
class ReceiveJsonContainerEqualToAnything(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        value = await super().receive_json(mode)
        # Containers only: a scalar of the wrong type would fail the suite's type check anyway.
        if isinstance(value, dict):
            return _DictEqualToAnything()
        if isinstance(value, list):
            return _ListEqualToAnything()
        return value


@fault("receive-before-accept-allowed", "RECV-4")
class ReceiveBeforeAccept(Reference):
    def _check_connected(self) -> None:
        pass


# -- iteration ------------------------------------------------------------------------------


@fault("iterator-raises-on-disconnect", "ITER-2")
class IteratorRaises(Reference):
    def iter_text(self) -> Any:
        async def messages() -> Any:
            while True:
                yield await self.receive_text()

        return messages()


@fault("iterator-swallows-errors", "ITER-3")
class IteratorSwallows(Reference):
    def iter_json(self) -> Any:
        async def messages() -> Any:
            while True:
                try:
                    yield await self.receive_json()
                except Exception:
                    return

        return messages()


# -- closing --------------------------------------------------------------------------------


@fault("close-default-code-1001", "CLOSE-1")
class CloseGoingAway(Reference):
    async def close(self, code: int = 1001, reason: str | None = None) -> None:
        await super().close(code, reason)


@fault("close-before-accept-receives", "CLOSE-10")
class CloseBeforeAcceptReceives(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if self.client_state is reference_state.CONNECTING:
            await self.receive()
        await super().close(code, reason)


# -- denial response ------------------------------------------------------------------------


@fault("denial-without-extension", "DENY-3")
class DenialWithoutExtension(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        await response(self.scope, self.receive, self.send)


@fault("denial-bypasses-state-machine", "DENY-8")
class DenialBypassesStates(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        if "websocket.http.response" not in (self.scope.get("extensions") or {}):
            raise RuntimeError("no denial response extension")
        await response(self.scope, self._receive, self._send)  # type: ignore[arg-type]


@fault("denial-more-body-false-keeps-the-response-open", "DENY-9")
class DenialMoreBodyFalseKeepsResponseOpen(Reference):
    def _next_application_state(self, message: Message) -> reference_state.WebSocketState:
        # Wrong: a body that says more_body at all, False included, is taken for a chunk with more to come.
        if (
            self.application_state is reference_state.RESPONSE
            and message.get("type") == "websocket.http.response.body"
            and "more_body" in message
        ):
            return reference_state.RESPONSE
        return super()._next_application_state(message)


@fault("denial-app-receive-repeats-the-disconnect", "DENY-9")
class DenialAppReceiveRepeatsDisconnect(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        async def receive() -> Message:
            # Wrong: once the client left, the app is told so again, as an HTTP app's receive
            # would, where the receiving table refuses.
            if self.client_state is reference_state.DISCONNECTED:
                return {"type": "websocket.disconnect", "code": 1005}
            return await self.receive()

        extensions = self.scope.get("extensions") or {}
        if "websocket.http.response" not in extensions or self.application_state is not reference_state.CONNECTING:
            await super().send_denial_response(response)
            return
        await response(self.scope, receive, self.send)


# -- URL building ---------------------------------------------------------------------------


@fault("url-default-scheme-http", "URL-3")
class URLDefaultHTTP(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        return URL(url.replace(scheme="http")) if "scheme" not in self.scope else url


@fault("url-keeps-default-port", "URL-5")
class URLKeepsDefaultPort(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        server = self.scope.get("server")
        if server and url.port is None and "host" not in self.headers:
            return URL(url.replace(netloc=f"{url.netloc}:{server[1]}"))
        return url


@fault("url-path-unescaped", "URL-7")
class URLPathUnescaped(Reference):
    @property
    def url(self) -> URL:
        return URL(str(super().url).replace("%3F", "?").replace("%23", "#"))


@fault("url-ignores-host-header", "URL-4")
class URLIgnoresHost(Reference):
    @property
    def url(self) -> URL:
        scope = {**self.scope, "headers": []}
        return Reference(scope).url


@fault("url-not-cached", "URL-13")
class URLNotCached(Reference):
    @property
    def url(self) -> URL:
        return URL(str(super().url))


class _UrlReplacesOnce(URL):
    """A URL whose positional ``replace`` defaults ``count`` to 1 instead of every occurrence."""

    __slots__ = ()

    def replace(self, *args: Any, **components: Any) -> Any:
        if len(args) == 2 and not components:
            return str.replace(self, args[0], args[1], 1)
        # Components give a new URL of the same kind (URL-9): only the positional call is wrong.
        return _UrlReplacesOnce(super().replace(*args, **components))


@fault("url-replace-first-only", "URL-18")
class UrlReplaceFirstOnly(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        if not isinstance(url, _UrlReplacesOnce):
            # Kept as the reference keeps its URL (URL-13).
            url = self._url = _UrlReplacesOnce(url)
        return url


# -- headers and query parameters -----------------------------------------------------------
# Each fault builds its own headers or query parameters from the reference's, which has read
# and checked the scope (CONN-8, HDR-7), and keeps them as the reference does (URL-13), so
# that only the lookup differs.


def _kept_headers(ws: Reference, headers: Headers, kind: type[Headers]) -> Headers:
    """``headers``, the reference's ``ws.headers``, as a ``kind`` built once."""
    if not isinstance(headers, kind):
        headers = ws._headers = kind(headers.raw)
    return headers


def _kept_query_params(ws: Reference, params: QueryParams, kind: type[QueryParams]) -> QueryParams:
    """``params``, the reference's ``ws.query_params``, as a ``kind`` built once."""
    if not isinstance(params, kind):
        params = ws._query_params = kind(params.multi_items())
    return params


class CaseSensitiveHeaders(Headers):
    def getlist(self, key: str) -> list[str]:
        return [v.decode("latin-1") for k, v in self.raw if k.decode("latin-1") == key]

    def __getitem__(self, key: str) -> str:
        values = self.getlist(key)
        if not values:
            raise KeyError(key)
        return values[0]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self.getlist(key))


@fault("headers-case-sensitive", "HDR-2")
class HeadersCaseSensitive(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, CaseSensitiveHeaders)


@fault("headers-rewrite-the-scope-pairs", "HDR-7")
class HeadersRewriteScopePairs(Reference):
    @property
    def headers(self) -> Headers:
        # Each pair of the scope's own list made a list: equal by items, but written.
        pairs = self.scope.get("headers")
        if isinstance(pairs, list):
            pairs[:] = [list(pair) for pair in pairs]
        return super().headers


class LastValueHeaders(Headers):
    def __getitem__(self, key: str) -> str:
        values = self.getlist(key)
        if not values:
            raise KeyError(key)
        return values[-1]


@fault("headers-last-value", "HDR-9")
class HeadersLastValue(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, LastValueHeaders)


class FirstValueQueryParams(QueryParams):
    def __getitem__(self, key: str) -> str:
        return self.getlist(key)[0]


@fault("query-first-value", "QP-8")
class QueryFirstValue(Reference):
    @property
    def query_params(self) -> QueryParams:
        return _kept_query_params(self, super().query_params, FirstValueQueryParams)


@fault("query-plus-kept", "QP-6")
class QueryPlusKept(Reference):
    @property
    def query_params(self) -> QueryParams:
        if self._query_params is None:
            raw = scope_query_string(self.scope).replace(b"+", b"%2B")
            self._query_params = QueryParams.from_query_string(raw)
        return self._query_params


# -- the mapping interface and connection data ----------------------------------------------


@fault("mapping-len-off-by-one", "CONN-11")
class MappingLen(Reference):
    def __len__(self) -> int:
        return len(self.scope) + 1


@fault("mapping-writable", "CONN-12")
class MappingWritable(Reference):
    def __setitem__(self, key: str, value: object) -> None:
        self.scope[key] = value


@fault("equal-by-scope", "CONN-14")
class EqualByScope(Reference):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reference) and other.scope is self.scope

    __hash__ = Reference.__hash__


@fault("client-plain-tuple", "CONN-9")
class ClientPlainTuple(Reference):
    @property
    def client(self) -> Any:
        client = self.scope.get("client")
        return None if client is None else tuple(client)


@fault("path-params-none", "PATH-1")
class PathParamsNone(Reference):
    @property
    def path_params(self) -> Any:
        return self.scope.get("path_params")


@fault("cookies-quotes-kept", "CONN-10")
class CookiesQuotesKept(Reference):
    @property
    def cookies(self) -> dict[str, str]:
        cookies: dict[str, str] = {}
        for header in self.headers.getlist("cookie"):
            for chunk in header.split(";"):
                name, _, value = chunk.partition("=")
                if name.strip() or value.strip():
                    cookies[name.strip()] = value.strip()
        return cookies


class DisconnectWithoutDefaultReason(WebSocketDisconnect):
    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        Exception.__init__(self, code, reason)
        self.code = code
        self.reason = reason  # type: ignore[assignment]


replaced("disconnect-exception-reason-none", "EXC-1", WebSocketDisconnect=DisconnectWithoutDefaultReason)


# -- bad arguments, bad payloads, cancellation and concurrent receives -----------------------
# Each of these leaves out one check the reference makes and keeps its others, so that it
# breaks its target clause alone where the clauses can be told apart.


@fault("close-sends-any-code", "CLOSE-11")
class CloseAnyCode(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        check_close_reason(reason)
        await self.send({"type": "websocket.close", "code": code, "reason": "" if reason is None else reason})


@fault("close-allows-reserved-1015-and-unassigned", "CLOSE-11")
class CloseAllowsUnassigned(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if code == 1015 or 1016 <= code < 3000:
            check_close_reason(reason)
            await self.send({"type": "websocket.close", "code": code, "reason": "" if reason is None else reason})
            return
        await super().close(code, reason)


@fault("close-code-0-refused-naming-a-range", "CLOSE-11")
class CloseCodeZeroNamedByItsRange(Reference):
    """Refuses code 0 with a message that names the valid range, not the code: "0" is only inside "1000"."""

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if code == 0 and not isinstance(code, bool):
            raise ValueError("close codes run from 1000 to 4999")
        await super().close(code, reason)


@fault("close-reason-length-in-characters", "CLOSE-14")
class CloseReasonCharacters(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if isinstance(reason, str) and len(reason) <= MAX_REASON_BYTES:
            check_close_code(code)
            await self.send({"type": "websocket.close", "code": code, "reason": reason})
            return
        await super().close(code, reason)


@fault("close-reason-any-type", "CLOSE-15")
class CloseReasonAnyType(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await super().close(code, None if reason is None else str(reason))


_SUBPROTOCOL_HEADER = b"sec-websocket-protocol"


def _names_the_subprotocol(item: object) -> bool:
    """Whether an ``accept()`` header item is a well-typed ``sec-websocket-protocol`` pair."""
    if not isinstance(item, tuple | list) or len(item) != 2:
        return False
    name: object = item[0]
    return isinstance(name, bytes) and isinstance(item[1], bytes) and name.lower() == _SUBPROTOCOL_HEADER


def _accept_without(skipped: str) -> type[Reference]:
    """The reference, whose ``accept()`` leaves out one argument check.

    ``skipped`` is ``"subprotocol"`` (ACCEPT-7), ``"headers"`` (ACCEPT-8 on every header
    but a ``sec-websocket-protocol`` pair, which ACCEPT-9 still refuses) or
    ``"protocol-header"`` (ACCEPT-9, every other header still checked by ACCEPT-8).
    """

    class AcceptWithout(Reference):
        async def accept(
            self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
        ) -> None:
            # The reference's order: the state, the subprotocol, the headers, then receive.
            self._next_application_state({"type": "websocket.accept"})
            if skipped != "subprotocol":
                check_subprotocol(subprotocol, self.scope.get("subprotocols", []))
            items: list[Any] = [] if headers is None else list(headers)
            sent: list[Any] = []
            for item in items:
                if skipped == "headers" and not _names_the_subprotocol(item):
                    sent.append(item)
                elif skipped == "protocol-header" and _names_the_subprotocol(item):
                    sent.append(tuple(item))
                else:
                    sent += check_accept_headers([item], subprotocol)
            if self.client_state is reference_state.CONNECTING:
                await self.receive()
            await self.send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": sent})

    return AcceptWithout


FAULTS.append(
    Fault(
        "accept-sends-unoffered-subprotocol",
        wsproto_api.reference,
        {"WebSocket": _accept_without("subprotocol")},
        "ACCEPT-7",
    )
)
FAULTS.append(
    Fault(
        "accept-sends-malformed-headers", wsproto_api.reference, {"WebSocket": _accept_without("headers")}, "ACCEPT-8"
    )
)
FAULTS.append(
    Fault(
        "accept-sends-conflicting-protocol-header",
        wsproto_api.reference,
        {"WebSocket": _accept_without("protocol-header")},
        "ACCEPT-9",
    )
)


@fault("accept-checks-after-receiving-connect", "ACCEPT-7")
class AcceptChecksLate(Reference):
    # ACCEPT-7 to ACCEPT-9 all ask for the check before receive is awaited, so all three fail.
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        if self.client_state is reference_state.CONNECTING and self.application_state is reference_state.CONNECTING:
            await self.receive()
        await super().accept(subprotocol, headers)


@fault("send-text-sends-text-equal-to-anything", "SEND-1")
class SendTextEqualToAnything(Reference):
    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": _EqualToAnything("not what was given")})


@fault("send-text-strips-whitespace", "SEND-1")
class SendTextStripsWhitespace(Reference):
    async def send_text(self, data: str) -> None:
        await super().send_text(data.strip())


@fault("send-text-sends-any-type", "SEND-5")
class SendTextAnyType(Reference):
    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": data})


@fault("send-bytes-sends-bytearray", "SEND-5")
class SendBytesBytearray(Reference):
    async def send_bytes(self, data: object) -> None:
        if isinstance(data, bytearray | memoryview):
            await self.send({"type": "websocket.send", "bytes": data})
            return
        await super().send_bytes(data)  # type: ignore[arg-type]


@fault("send-json-sends-nan", "JSON-12")
class SendJSONNaN(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:
        if mode not in ("text", "binary"):
            # The reference refuses the mode (JSON-5).
            await super().send_json(data, mode)  # type: ignore[arg-type]
            return
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        await self.send(
            {"type": "websocket.send", "text": text}
            if mode == "text"
            else {"type": "websocket.send", "bytes": text.encode()}
        )


@fault("receive-json-invalid-disconnects", "JSON-7")
class ReceiveJSONInvalidDisconnects(Reference):
    async def receive_json(self, mode: str = "text") -> Any:
        try:
            return await super().receive_json(mode)  # type: ignore[arg-type]
        except ValueError:
            self.client_state = reference_state.DISCONNECTED
            raise


@fault("missing-payload-error-names-only-the-key", "RECV-6")
class MissingPayloadVague(Reference):
    async def receive_text(self) -> str:
        self._check_connected()
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1005), message.get("reason"))
        text = message.get("text")
        if text is None:
            raise RuntimeError("receive_text() needs a 'text' message")
        return text  # type: ignore[no-any-return]


@fault("cancelled-receive-stays-busy", "RECV-10")
class CancelledReceiveStaysBusy(Reference):
    async def receive(self) -> Message:
        try:
            return await super().receive()
        except anyio.get_cancelled_exc_class():
            # As if the flag were cleared after the await, not in a finally: a cancelled
            # receive leaves it set, and every later receive is refused as concurrent.
            self._receiving = True
            raise


@fault("concurrent-receives-both-wait", "RECV-8")
class ConcurrentReceives(Reference):
    async def receive(self) -> Message:
        self._receiving = False
        return await super().receive()


class StrictlyEncodedHeaders(Headers):
    """Headers whose lookups encode the name asked for as latin-1, as Starlette 1.10 does."""

    def _require_latin1(self, key: object) -> None:
        if isinstance(key, str):
            key.encode("latin-1")  # raises UnicodeEncodeError for a name outside latin-1

    def getlist(self, key: str) -> list[str]:
        self._require_latin1(key)
        return super().getlist(key)

    def __getitem__(self, key: str) -> str:
        self._require_latin1(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._require_latin1(key)
        return super().__contains__(key)


@fault("header-lookup-encodes-names-strictly", "HDR-8")
class HeaderLookupEncodes(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, StrictlyEncodedHeaders)


@fault("query-params-need-query-string", "QP-5")
class QueryParamsNeedQueryString(Reference):
    @property
    def query_params(self) -> QueryParams:
        if "query_string" not in self.scope:
            raise KeyError("query_string")
        return super().query_params


@fault("construction-needs-query-string", "QP-5")
class ConstructionNeedsQueryString(Reference):
    """Cannot be built from a scope without ``query_string``: QP-5's to judge, not CONN-1's."""

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        if "query_string" not in scope:
            raise KeyError("query_string")
        super().__init__(scope, receive, send)


@fault("query-string-none-refused", "QP-5")
class QueryStringNoneRefused(Reference):
    """Calls a ``query_string`` of ``None`` malformed, which ASGI reads as empty."""

    @property
    def query_params(self) -> QueryParams:
        if "query_string" in self.scope and self.scope["query_string"] is None:
            raise TypeError("scope['query_string'] must be bytes, not NoneType")
        return super().query_params


# -- signatures ------------------------------------------------------------------------------
# Each behaves as the reference does for every call the suite makes outside SIG, so only the
# SIG clauses see it; close-code-without-default excepted, since every close() without
# arguments then fails too.


@fault("send-text-parameter-renamed", "SIG-10")
class SendTextRenamed(Reference):
    async def send_text(self, text: str) -> None:  # pyright: ignore[reportIncompatibleMethodOverride]
        await super().send_text(text)


@fault("close-code-without-default", "SIG-10")
class CloseCodeWithoutDefault(Reference):
    async def close(self, code: int, reason: str | None = None) -> None:  # type: ignore[override]
        await super().close(code, reason)


_FLOAT_CODE = 1000.0
"""A default equal to SIG-9's 1000 but not an ``int``; recognised by identity, so no call can pass it."""


class CloseAppFloatDefault(WebSocketClose):
    def __init__(self, code: float = _FLOAT_CODE, reason: str | None = None) -> None:
        super().__init__(1000 if code is _FLOAT_CODE else code, reason)  # type: ignore[arg-type]


replaced("close-app-code-default-float", "SIG-9", WebSocketClose=CloseAppFloatDefault)


class CloseAppDroppingPositionsBesideKeywords(WebSocketClose):
    __slots__ = ()

    @functools.wraps(WebSocketClose.__init__)
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Meant to let keywords win: a call that gives any keyword loses its positions.
        if kwargs:
            super().__init__(**kwargs)
        else:
            super().__init__(*args)


replaced("close-app-drops-positions-beside-keywords", "SIG-9", WebSocketClose=CloseAppDroppingPositionsBesideKeywords)


def _lookup_by_position_only(method: Callable[..., Any]) -> Callable[..., Any]:
    """The lookup ``method`` behind a wrapper that keeps its signature for ``inspect`` and forwards only positions."""

    @functools.wraps(method)
    def call(self: object, *args: Any) -> Any:
        return method(self, *args)

    return call


class PositionalOnlyGetlistHeaders(Headers):
    def getlist(self, key: str, /) -> list[str]:  # pyright: ignore[reportIncompatibleMethodOverride]
        return super().getlist(key)


@fault("headers-getlist-positional-only", "SIG-4")
class HeadersGetlistPositionalOnly(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, PositionalOnlyGetlistHeaders)


# -- Starlette with one fault ----------------------------------------------------------------


@fault("starlette-json-default-separators", "JSON-9", starlette.websockets)
class StarletteJSONSpaces(Starlette):
    async def send_json(self, data: Any, mode: str = "text") -> None:
        await self.send({"type": "websocket.send", "text": json.dumps(data)})


@fault("starlette-iterator-raises", "ITER-2", starlette.websockets)
class StarletteIteratorRaises(Starlette):
    async def iter_text(self) -> Any:
        while True:
            yield await self.receive_text()


@fault("starlette-receive-bytes-reads-text", "RECV-2", starlette.websockets)
class StarletteReceiveBytesReadsText(Starlette):
    async def receive_bytes(self) -> bytes:
        message = await self.receive()
        self._raise_on_disconnect(message)
        return message.get("text", "").encode()  # type: ignore[no-any-return]


@fault("starlette-accept-ignores-subprotocol", "ACCEPT-3", starlette.websockets)
class StarletteAcceptIgnoresSubprotocol(Starlette):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        await super().accept(None, headers)


class StarlettePositionalOnlyURL(starlette.datastructures.URL):
    def remove_query_params(self, keys: str | Sequence[str], /) -> starlette.datastructures.URL:  # pyright: ignore[reportIncompatibleMethodOverride]
        return super().remove_query_params(keys)


@fault("starlette-url-remove-query-params-positional-only", "SIG-3", starlette.websockets)
class StarletteRemoveQueryParamsPositionalOnly(Starlette):
    # On Starlette, whose derived URLs keep the URL's class, so that URL-9 to URL-12 still pass.
    @property
    def url(self) -> starlette.datastructures.URL:
        url = super().url
        if not isinstance(url, StarlettePositionalOnlyURL):
            url = self._url = StarlettePositionalOnlyURL(str(url))
        return url


class StarletteByPositionOnlyURL(starlette.datastructures.URL):
    remove_query_params = _lookup_by_position_only(starlette.datastructures.URL.remove_query_params)


@fault("starlette-url-remove-query-params-by-position-only", "SIG-3", starlette.websockets)
class StarletteRemoveQueryParamsByPositionOnly(Starlette):
    # Its signature is still (keys): only a call by keyword shows the wrapper.
    @property
    def url(self) -> starlette.datastructures.URL:
        url = super().url
        if not isinstance(url, StarletteByPositionOnlyURL):
            url = self._url = StarletteByPositionOnlyURL(str(url))
        return url


@fault("starlette-headers-last-value", "HDR-9", starlette.websockets)
class StarletteHeadersLast(Starlette):
    @property
    def headers(self) -> Any:
        return LastValueHeaders(self.scope["headers"])


# -- what only a MUST floor, or the errors of refusals, catch ---------------------------------
# Each of these fails no clause but a floor (or ERR-1/ERR-2): an implementation worse than the
# SHOULD departures that SPEC.md lists for Starlette 1.10.


@fault("receive-bytes-returns-text-payload", "RECV-9")
class ReceiveBytesReturnsText(Reference):
    async def receive_bytes(self) -> bytes:
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000), message.get("reason") or "")
        payload = message.get("bytes")
        return payload if payload is not None else str(message.get("text", "")).encode()


@fault("accept-sends-then-refuses-subprotocol", "ACCEPT-10")
class AcceptSendsThenRefuses(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        offered = self.scope.get("subprotocols", [])
        if subprotocol is not None and subprotocol not in offered:
            if self.client_state is reference_state.CONNECTING:
                await self.receive()
            await self.send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": []})
            raise ValueError(f"subprotocol {subprotocol!r} was not offered")
        await super().accept(subprotocol, headers)


@fault("send-text-sends-then-refuses", "SEND-6")
class SendTextSendsThenRefuses(Reference):
    async def send_text(self, data: str) -> None:
        if not isinstance(data, str):
            await self.send({"type": "websocket.send", "text": data})
            raise TypeError(f"send_text() takes a str, not {type(data).__name__}")
        await super().send_text(data)


@fault("close-sends-then-refuses-code", "CLOSE-8")
class CloseSendsThenRefuses(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        try:
            check_close_code(code)
            check_close_reason(reason)
        except (TypeError, ValueError):
            await self.send({"type": "websocket.close", "code": code, "reason": ""})
            raise
        await super().close(code, reason)


@fault("send-json-sends-then-refuses", "JSON-13")
class SendJSONSendsThenRefuses(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:  # type: ignore[override]
        try:
            await super().send_json(data, mode)  # type: ignore[arg-type]
        except ValueError:
            await self.send({"type": "websocket.send", "text": json.dumps(data)})
            raise


@fault("raw-send-passes-typeless-message", "RAW-5")
class RawSendPassesTypeless(Reference):
    async def send(self, message: Message) -> None:
        if "type" not in message:
            assert self._send is not None
            await self._send(message)
            return
        await super().send(message)


@fault("denial-runs-app-when-extensions-none", "DENY-7")
class DenialRunsAppWithoutExtensions(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        if self.scope.get("extensions", {}) is None:
            await response(self.scope, self.receive, self.send)
            return
        await super().send_denial_response(response)


class ReplacingHeaders(Headers):
    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.encode("latin-1", "replace").decode("latin-1"))


class _HeadersEncodingNamesWithSurrogateescape(Headers):
    """Headers that encode the name asked for with ``surrogateescape``."""

    __slots__ = ()

    def getlist(self, key: str) -> list[str]:
        # Wrong: a lone surrogate is outside latin-1, and no header's name holds it; this
        # handler makes it the byte it escapes.
        try:
            wanted = key.encode("latin-1", "surrogateescape").lower()
        except UnicodeEncodeError:
            return []
        return [value.decode("latin-1") for name, value in self.raw if name.lower() == wanted]

    def __getitem__(self, key: str) -> str:
        values = self.getlist(key)
        if not values:
            raise KeyError(key)
        return values[0]

    def get(self, key: str, default: object = None) -> Any:
        values = self.getlist(key)
        return values[0] if values else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self.getlist(key))


@fault("headers-names-encoded-with-surrogateescape", "HDR-13")
class HeadersNamesEncodedWithSurrogateescape(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, _HeadersEncodingNamesWithSurrogateescape)


@fault("headers-unencodable-name-replaced", "HDR-13")
class HeadersUnencodableReplaced(Reference):
    @property
    def headers(self) -> Headers:
        return ReplacingHeaders(self.scope["headers"])


@fault("refusal-raises-value-error", "ERR-1")
class RefusalRaisesValueError(Reference):
    def _check_connected(self) -> None:
        try:
            super()._check_connected()
        except RuntimeError as error:
            raise ValueError(str(error)) from None


@fault("refusal-says-nothing", "ERR-2")
class RefusalSaysNothing(Reference):
    def _next_application_state(self, message: Message) -> reference_state.WebSocketState:
        try:
            return super()._next_application_state(message)
        except RuntimeError as error:
            raise type(error)() from None


# -- values that only resemble what ASGI carries, and messages changed after sending -----------


@fault("send-text-fills-the-message-in-after-sending", "SEND-1")
class SendTextFillsInLate(Reference):
    async def send_text(self, data: str) -> None:
        message: Message = {"type": "websocket.send"}
        await self.send(message)
        # The server has read the message by now: what is written later is never sent.
        message["text"] = data


@fault("close-fills-the-message-in-after-sending", "CLOSE-2")
class CloseFillsInLate(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        message: Message = {"type": "websocket.close"}
        await self.send(message)
        message.update(code=code, reason=reason or "")


@fault("close-sends-a-float-code", "CLOSE-1")
class CloseSendsFloatCode(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.close", "code": float(code), "reason": reason or ""})


@fault("send-bytes-sends-a-memoryview", "SEND-2")
class SendBytesSendsMemoryview(Reference):
    async def send_bytes(self, data: bytes) -> None:
        await self.send({"type": "websocket.send", "bytes": memoryview(data)})


class _TextLike(collections.UserString):
    """A text that equals the str it holds, and is not a str."""


@fault("send-text-sends-a-user-string", "SEND-1")
class SendTextSendsUserString(Reference):
    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": _TextLike(data)})


@fault("receive-text-returns-a-user-string", "RECV-1")
class ReceiveTextUserString(Reference):
    async def receive_text(self) -> str:
        return _TextLike(await super().receive_text())  # type: ignore[return-value]


@fault("receive-bytes-returns-a-bytearray", "RECV-2")
class ReceiveBytesBytearray(Reference):
    async def receive_bytes(self) -> bytes:
        return bytearray(await super().receive_bytes())  # type: ignore[return-value]


def _numbers_as_floats(value: object) -> object:
    """``value`` with every number inside its arrays and objects made a float, booleans included."""
    if isinstance(value, dict):
        return {key: _numbers_as_floats(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_as_floats(item) for item in value]
    return float(value) if isinstance(value, int) else value


@fault("receive-json-nested-numbers-as-floats", "JSON-3")
class ReceiveJsonNestedFloats(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        value = await super().receive_json(mode)
        return _numbers_as_floats(value) if isinstance(value, (dict, list)) else value


class _SkipsFromC:
    """An awaitable whose step calls ``pytest.skip`` from C code, so that no frame of the binding shows."""

    def __await__(self) -> Any:
        import pytest

        return itertools.starmap(functools.partial(pytest.skip, "absent: close() is not written yet"), [()])


@fault("close-skips-from-c-code-as-absent", "CLOSE-1")
class CloseSkipsFromC(Reference):
    def close(self, code: int = 1000, reason: str | None = None) -> Any:
        return _SkipsFromC()


@fault("hash-changes-once-the-client-left", "CONN-13")
class HashChangesOnDisconnect(Reference):
    def __hash__(self) -> int:
        return hash((id(self), self.client_state is reference_state.DISCONNECTED))

    __eq__ = object.__eq__


class _VirtualDisconnect(Exception, metaclass=abc.ABCMeta):
    """A ``WebSocketDisconnect`` that the reference's error is registered with, not a base of it."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason


_VirtualDisconnect.register(WebSocketDisconnect)
replaced("disconnect-class-only-registered", "STATE-14", WebSocketDisconnect=_VirtualDisconnect)


class _VirtualDisconnected(RuntimeError, metaclass=abc.ABCMeta):
    """A ``WebSocketDisconnected`` that the reference's error is registered with, not a base of it."""


_VirtualDisconnected.register(wsproto_api.reference.WebSocketDisconnected)
replaced("disconnected-class-only-registered", "ERR-1", WebSocketDisconnected=_VirtualDisconnected)


# -- values that only look alike, payloads that short ASCII text does not show --------------------


def _booleans_as_numbers(value: object) -> object:
    """``value`` with every boolean inside it made the number it equals (``True`` as ``1``)."""
    if isinstance(value, dict):
        return {key: _booleans_as_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_booleans_as_numbers(item) for item in value]
    return int(value) if isinstance(value, bool) else value


@fault("send-json-booleans-as-numbers", "JSON-8")
class SendJsonBooleansAsNumbers(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        await super().send_json(_booleans_as_numbers(data), mode)


@fault("iter-json-numbers-as-floats", "ITER-1")
class IterJsonNumbersAsFloats(Reference):
    async def _numbers(self) -> Any:
        async for value in super().iter_json():
            yield _numbers_as_floats(value) if isinstance(value, (dict, list, int)) else value

    def iter_json(self) -> Any:
        return self._numbers()


@fault("send-refused-once-the-client-left", "SEND-1")
class SendRefusedOnceClientLeft(Reference):
    async def send_text(self, data: str) -> None:
        if self.client_state is reference_state.DISCONNECTED:
            raise wsproto_api.reference.WebSocketDisconnected("the client has left")
        await super().send_text(data)


@fault("close-refuses-1012-and-1013", "CLOSE-2")
class CloseRefuses1012(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if code in (1012, 1013):
            raise ValueError(f"close code {code} is not one an endpoint may send")
        await super().close(code, reason)


@fault("send-text-cut-at-64-kib", "SEND-1")
class SendTextCut(Reference):
    async def send_text(self, data: str) -> None:
        await super().send_text(data[:65_536])


@fault("receive-bytes-cut-at-64-kib", "RECV-2")
class ReceiveBytesCut(Reference):
    async def receive_bytes(self) -> bytes:
        return (await super().receive_bytes())[:65_536]


@fault("send-text-normalised-nfc", "SEND-1")
class SendTextNormalised(Reference):
    async def send_text(self, data: str) -> None:
        await super().send_text(unicodedata.normalize("NFC", data))


@fault("send-text-drops-the-third", "SEND-1")
class SendTextDropsTheThird(Reference):
    __slots__ = ("_texts",)

    async def send_text(self, data: str) -> None:
        self._texts = getattr(self, "_texts", 0) + 1
        if self._texts != 3:
            await super().send_text(data)


def _loads_loosely(text: str | bytes) -> Any:
    """``json.loads`` that lets raw control characters through strings, and a byte order mark before bytes."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    return json.loads(text, strict=False)


@fault("receive-json-loose", "JSON-7")
class ReceiveJsonLoose(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        message = await self.receive()
        return _loads_loosely(message["text"] if mode == "text" else message["bytes"])


@fault("receive-json-first-repeated-name-wins", "JSON-3")
class ReceiveJsonFirstNameWins(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        message = await self.receive()
        payload = message["text"] if mode == "text" else message["bytes"].decode("utf-8")
        return json.loads(payload, object_pairs_hook=lambda pairs: dict(reversed(pairs)))


class _FloatPortAddress(tuple[str, float]):
    """A client address whose port is a float equal to the scope's."""

    @property
    def host(self) -> str:
        return self[0]

    @property
    def port(self) -> float:
        return self[1]


@fault("client-port-a-float", "CONN-9")
class ClientPortFloat(Reference):
    @property
    def client(self) -> Any:
        address = super().client
        return None if address is None else _FloatPortAddress((address.host, float(address.port)))


@fault("iter-text-stops-after-five", "ITER-1")
class IterTextStopsAfterFive(Reference):
    async def iter_text(self) -> Any:
        count = 0
        async for item in super().iter_text():
            count += 1
            if count > 5:
                return
            yield item


@fault("send-text-drops-a-repeat", "SEND-1")
class SendTextDropsARepeat(Reference):
    __slots__ = ("_last",)

    async def send_text(self, data: str) -> None:
        if getattr(self, "_last", None) != data:
            await super().send_text(data)
        self._last = data


@fault("accept-sends-four-headers", "ACCEPT-3")
class AcceptSendsFourHeaders(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        await super().accept(subprotocol, None if headers is None else list(headers)[:4])


@fault("disconnect-1005-read-as-1000", "RECV-3")
class Disconnect1005As1000(Reference):
    async def receive(self) -> Any:
        message = await super().receive()
        if message["type"] == "websocket.disconnect" and message.get("code") == 1005:
            return {**message, "code": 1000}
        return message


@fault("close-reason-stripped", "CLOSE-2")
class CloseReasonStripped(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await super().close(code, reason.strip() if isinstance(reason, str) else reason)


def _leaves_changed(value: Any, change: Callable[[Any], Any]) -> Any:
    """``value`` with ``change`` applied to each of its items that is no dict or list, at any depth."""
    if type(value) is dict:
        return {key: _leaves_changed(item, change) for key, item in value.items()}
    if type(value) is list:
        return [_leaves_changed(item, change) for item in value]
    return change(value)


def _floats_past_2_53(value: Any) -> Any:
    """``value`` with every int past 2**53 made a float, as "JavaScript-safe" numbers would have it."""
    return _leaves_changed(value, lambda leaf: float(leaf) if type(leaf) is int and abs(leaf) > 2**53 else leaf)


@fault("send-json-big-ints-as-floats", "JSON-8")
class SendJsonBigIntsAsFloats(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        await super().send_json(_floats_past_2_53(data), mode)


def _rounded(value: Any) -> Any:
    """``value`` with every float rounded to six places."""
    return _leaves_changed(value, lambda leaf: round(leaf, 6) if type(leaf) is float else leaf)


@fault("receive-json-rounds-floats", "JSON-3")
class ReceiveJsonRoundsFloats(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        return _rounded(await super().receive_json(mode))


@fault("send-json-sends-a-value-once-encoded", "JSON-8")
class SendJsonOnceEncoded(Reference):
    __slots__ = ("_encoded",)

    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Keyed by the object, not its value: a dict changed after its first send goes out unchanged.
        encoded: dict[int, str] = getattr(self, "_encoded", {})
        self._encoded = encoded
        if mode != "text" or id(data) not in encoded:
            encoded[id(data)] = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
            await super().send_json(data, mode)
            return
        await self.send({"type": "websocket.send", "text": encoded[id(data)]})


_process_receiving: list[bool] = [False]


@fault("one-receiver-in-the-process", "RECV-1")
class OneReceiverInTheProcess(Reference):
    async def receive(self) -> Any:
        # Meant per connection, kept per process: a second connection's receive is refused.
        if _process_receiving[0]:
            raise RuntimeError("another task is already receiving")
        _process_receiving[0] = True
        try:
            return await super().receive()
        finally:
            _process_receiving[0] = False


@fault("query-string-checked-when-built", "CONN-15")
class QueryStringCheckedWhenBuilt(Reference):
    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        query = scope.get("query_string") if isinstance(scope, dict) else None
        if isinstance(query, bytes):
            query.decode("utf-8")  # refuses at once what only url cannot read
        super().__init__(scope, receive, send)


class _HeadersLastPast16(Headers):
    """Headers whose lookup gives a name's last value once there are more than 16 headers."""

    def __getitem__(self, key: str) -> str:
        values = self.getlist(key)
        return values[-1] if len(self.raw) > 16 and values else super().__getitem__(key)


class _HeadersStrippingNames(Headers):
    """Headers that strip the name asked for of white space before they look it up."""

    __slots__ = ()

    def __getitem__(self, key: str) -> str:
        # Wrong: a name with white space around it is another name.
        return super().__getitem__(key.strip())

    def get(self, key: str, default: object = None) -> Any:
        return super().get(key.strip(), default)

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key.strip() if isinstance(key, str) else key)


@fault("headers-names-asked-stripped", "HDR-9")
class HeadersNamesAskedStripped(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, _HeadersStrippingNames)


@fault("headers-refuse-pairs-that-are-lists", "HDR-9")
class HeadersRefusePairsThatAreLists(Reference):
    @property
    def headers(self) -> Headers:
        # Wrong: ASGI's header pairs are any two-item iterables, lists among them.
        source = self.scope.get("headers")
        if self._headers is None and type(source) is list and any(type(pair) is list for pair in source):
            raise TypeError("scope['headers'] must hold (name, value) tuples")
        return super().headers


@fault("headers-last-value-past-16", "HDR-9")
class HeadersLastValuePast16(Reference):
    @property
    def headers(self) -> Headers:
        return _HeadersLastPast16(super().headers.raw)


class _HeadersTestingTheTruthPast16(Headers):
    """Headers whose ``in``, beyond 16 headers, tests the first value's truth."""

    __slots__ = ()

    def __contains__(self, key: object) -> bool:
        if len(self.raw) <= 16 or not isinstance(key, str):
            return super().__contains__(key)
        # Wrong: an empty value is a header all the same.
        return bool(self.get(key))


@fault("headers-empty-value-not-in-past-16", "HDR-9")
class HeadersEmptyValueNotInPast16(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, _HeadersTestingTheTruthPast16)


@fault("header-values-cut-at-4096", "HDR-9")
class HeaderValuesCut(Reference):
    @property
    def headers(self) -> Headers:
        return Headers([(name, value[:4096]) for name, value in super().headers.raw])


class _UrlDropsPort0(URL):
    """A URL whose ``replace()`` of another component loses a port of 0, as a test of its truth would."""

    def replace(self, *args: Any, **components: Any) -> Any:
        if components and "port" not in components and self.port == 0:
            components["port"] = None
        replaced = super().replace(*args, **components)
        return type(self)(replaced) if isinstance(replaced, URL) else replaced


@fault("url-replace-drops-port-0", "URL-9")
class UrlReplaceDropsPort0(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        if not isinstance(url, _UrlDropsPort0):
            url = self._url = _UrlDropsPort0(url)
        return url


class _UrlPort0ReadAsNone(URL):
    """A URL whose ``port`` tests the port's truth, so that a port of 0 reads as none."""

    __slots__ = ()

    @property
    def port(self) -> int | None:
        # Wrong: 0 is a port, and falsy.
        return self.components.port or None

    def replace(self, *args: Any, **components: Any) -> Any:
        if {"username", "password", "hostname"} & components.keys() and "port" not in components:
            # The port the text holds, as the reference's replace() keeps it: only reading it is wrong.
            components["port"] = self.components.port
        replaced = super().replace(*args, **components)
        return type(self)(replaced) if isinstance(replaced, URL) else replaced


@fault("url-port-0-read-as-none", "URL-8")
class UrlPort0ReadAsNone(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        if not isinstance(url, _UrlPort0ReadAsNone):
            url = self._url = _UrlPort0ReadAsNone(url)
        return url


_IPV6_TEXT = frozenset("0123456789abcdefABCDEF:")


@fault("url-ipv6-server-of-hex-digits-only", "URL-5")
class UrlIpv6ServerOfHexDigitsOnly(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        server = self.scope.get("server")
        host = server[0] if server else ""
        if ":" in host and not set(host) <= _IPV6_TEXT and f"//[{host}]" in url:
            # Wrong: an IPv6 address taken to be hex digits and colons only, so that one whose
            # last 32 bits are written as an IPv4 address is not bracketed.
            url = self._url = URL(str.replace(url, f"//[{host}]", f"//{host}", 1))
        return url


class _UrlKeepingUserinfoForNone(URL):
    """A URL whose ``replace()`` reads ``username=None`` and ``password=None`` as "keep", as ``hostname=None`` is."""

    __slots__ = ()

    def replace(self, *args: Any, **components: Any) -> Any:
        for name in ("username", "password"):
            # Wrong: only hostname=None keeps the current value; None is no user name or password.
            if name in components and components[name] is None:
                components[name] = getattr(self, name)
        replaced = super().replace(*args, **components)
        return type(self)(replaced) if isinstance(replaced, URL) else replaced


@fault("url-replace-keeps-userinfo-for-none", "URL-9")
class UrlReplaceKeepsUserinfoForNone(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        if not isinstance(url, _UrlKeepingUserinfoForNone):
            url = self._url = _UrlKeepingUserinfoForNone(url)
        return url


@fault("url-host-header-past-255-ignored", "URL-4")
class UrlHostPast255Ignored(Reference):
    @property
    def url(self) -> URL:
        host = super().headers.get("host")
        if host is None or len(host) <= 255:
            return super().url
        return url_from_scope(self.scope, Headers([pair for pair in self.headers.raw if pair[0] != b"host"]))


_HEX_GROUPS_IN_BRACKETS = re.compile(r"\[(?:[0-9a-fA-F]{0,4}:){2,}[0-9a-fA-F]{0,4}\]")


@fault("url-host-header-ipv6-by-pattern", "URL-4")
class UrlHostHeaderIpv6ByPattern(Reference):
    @property
    def url(self) -> URL:
        host = self.headers.get("host") or ""
        # Wrong: hex groups and colons in brackets, taken for an IPv6 address without parsing it.
        if self._url is None and _HEX_GROUPS_IN_BRACKETS.fullmatch(host) and not valid_host_header(host):
            scheme = self.scope.get("scheme") or "ws"
            text = str(url_from_scope(self.scope, Headers([(b"host", b"h"), *self.headers.raw])))
            self._url = URL(text.replace(f"{scheme}://h", f"{scheme}://{host}", 1))
        return super().url


_IPVFUTURE_TO_THE_BRACKET = re.compile(r"\[v[0-9a-fA-F]+\.[^\]]+\]")


@fault("url-host-header-ipvfuture-of-any-characters", "URL-4")
class UrlHostHeaderIpvfutureOfAnyCharacters(Reference):
    @property
    def url(self) -> URL:
        host = self.headers.get("host") or ""
        # Wrong: an IPvFuture literal read up to its closing bracket, whatever it holds.
        if self._url is None and _IPVFUTURE_TO_THE_BRACKET.fullmatch(host) and not valid_host_header(host):
            scheme = self.scope.get("scheme") or "ws"
            text = str(url_from_scope(self.scope, Headers([(b"host", b"h"), *self.headers.raw])))
            self._url = URL(text.replace(f"{scheme}://h", f"{scheme}://{host}", 1))
        return super().url


_MORE_NAME_CHARACTERS = re.compile(r'[<>"{}|^`]')
"""Printable ASCII that no registered name holds, and that is none of the URL's delimiters."""


@fault("url-host-header-of-printable-ascii", "URL-4")
class UrlHostHeaderOfPrintableAscii(Reference):
    @property
    def url(self) -> URL:
        host = self.headers.get("host") or ""
        # Wrong: a name of any printable ASCII but the URL's delimiters, where a registered name
        # holds letters, digits and -._~%!$&'()*+,;= alone.
        taken = valid_host_header(_MORE_NAME_CHARACTERS.sub("x", host)) and not valid_host_header(host)
        if self._url is None and taken:
            scheme = self.scope.get("scheme") or "ws"
            text = str(url_from_scope(self.scope, Headers([(b"host", b"h"), *self.headers.raw])))
            self._url = URL(text.replace(f"{scheme}://h", f"{scheme}://{host}", 1))
        return super().url


@fault("url-host-header-bracketed-ipv4", "URL-4")
class UrlHostHeaderBracketedIpv4(Reference):
    @property
    def url(self) -> URL:
        host = self.headers.get("host")
        literal, bracket, rest = (host or "")[1:].partition("]")
        if self._url is not None or not host or host[0] != "[" or not bracket:
            return super().url
        with contextlib.suppress(ValueError):
            # Wrong: ip_address() reads IPv4 too, where brackets hold an IPv6 or IPvFuture literal.
            if ipaddress.ip_address(literal).version == 4 and (not rest or rest[1:].isdecimal()):
                scheme = self.scope.get("scheme") or "ws"
                replaced = Headers([(b"host", b"h" + rest.encode()), *self.headers.raw])
                text = str(url_from_scope(self.scope, replaced)).replace(f"{scheme}://h", f"{scheme}://{host}", 1)
                self._url = URL(text)
        return super().url


@fault("url-host-port-of-any-digits", "URL-4")
class UrlHostPortOfAnyDigits(Reference):
    @property
    def url(self) -> URL:
        host = self.headers.get("host")
        name, colon, port = (host or "").rpartition(":")
        # Wrong: str.isdigit() takes digits outside ASCII (superscripts) too.
        if self._url is None and host and colon and port.isdigit() and not port.isascii() and len(port) <= 5:
            scheme = self.scope.get("scheme") or "ws"
            replaced = Headers([(b"host", name.encode("latin-1")), *self.headers.raw])
            text = str(url_from_scope(self.scope, replaced))
            if text.startswith(f"{scheme}://{name}"):
                self._url = URL(text.replace(f"{scheme}://{name}", f"{scheme}://{host}", 1))
        return super().url


@fault("url-root-path-put-before-the-path", "URL-2")
class UrlRootPathBeforePath(Reference):
    @property
    def url(self) -> URL:
        root, path = self.scope.get("root_path") or "", self.scope["path"]
        if not root or path.startswith(root):
            return super().url
        return url_from_scope({**self.scope, "path": root + path}, self.headers)


@fault("url-path-read-from-raw-path", "URL-2")
class UrlPathFromRawPath(Reference):
    @property
    def url(self) -> URL:
        raw_path = self.scope.get("raw_path")
        if self._url is not None or not isinstance(raw_path, bytes) or "path" not in self.scope:
            return super().url
        # Wrong: raw_path is what the client sent, percent-escapes and all; the URL's path is path.
        self._url = url_from_scope({**self.scope, "path": raw_path.decode("utf-8")}, self.headers)
        return self._url


@fault("path-params-kept-from-the-first-read", "PATH-1")
class PathParamsKept(Reference):
    __slots__ = ("_kept",)

    @property
    def path_params(self) -> dict[str, Any]:
        kept: dict[str, Any] | None = getattr(self, "_kept", None)
        if kept is None:
            kept = self._kept = super().path_params
        return kept


_NO_PATH_PARAMS: dict[str, Any] = {}


@fault("path-params-one-default-for-all", "PATH-1")
class PathParamsSharedDefault(Reference):
    @property
    def path_params(self) -> dict[str, Any]:
        path_params: dict[str, Any] = self.scope.get("path_params", _NO_PATH_PARAMS)
        return path_params


@fault("query-params-first-100-pairs", "QP-6")
class QueryParamsFirst100(Reference):
    @property
    def query_params(self) -> QueryParams:
        return QueryParams(super().query_params.multi_items()[:100])


@fault("query-leading-question-mark-dropped", "QP-6")
class QueryLeadingQuestionMarkDropped(Reference):
    @property
    def query_params(self) -> QueryParams:
        query_string = scope_query_string(self.scope)
        if self._query_params is None and query_string.startswith(b"?"):
            # Wrong: the query string follows the URL's "?" already; a "?" in it is data.
            self._query_params = QueryParams.from_query_string(query_string[1:])
        return super().query_params


_ASGI_DEFAULTS: dict[str, object] = {"scheme": "ws", "root_path": "", "query_string": b"", "subprotocols": []}


@fault("item-gives-asgi-defaults", "CONN-4")
class ItemGivesAsgiDefaults(Reference):
    def __getitem__(self, key: str) -> Any:
        if key not in self.scope and key in _ASGI_DEFAULTS:
            return _ASGI_DEFAULTS[key]
        return super().__getitem__(key)


@fault("send-waits-for-a-pending-receive", "SEND-1")
class SendWaitsForReceive(Reference):
    __slots__ = ("_io",)

    def _lock(self) -> anyio.Lock:
        lock: anyio.Lock | None = getattr(self, "_io", None)
        if lock is None:
            lock = self._io = anyio.Lock()
        return lock

    async def receive(self) -> Any:
        if self._receiving:
            return await super().receive()
        async with self._lock():
            return await super().receive()

    async def send(self, message: Any) -> None:
        async with self._lock():
            await super().send(message)


class _CloseOnce(WebSocketClose):
    """A ``WebSocketClose`` that sends its close the first time it is called, and never again."""

    __slots__ = ("_sent",)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if getattr(self, "_sent", False):
            return
        self._sent = True
        await super().__call__(scope, receive, send)


replaced("websocket-close-closes-once", "CLOSE-5", WebSocketClose=_CloseOnce)


class _CloseReasonUnder123(WebSocketClose):
    """A ``WebSocketClose`` that refuses a reason of 123 bytes, the most a close frame holds."""

    __slots__ = ()

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        if reason is not None and len(reason.encode("utf-8", "surrogatepass")) >= MAX_REASON_BYTES:
            raise ValueError("close reason too long")
        super().__init__(code, reason)


replaced("websocket-close-refuses-123-bytes", "CLOSE-5", WebSocketClose=_CloseReasonUnder123)


@fault("iter-text-skips-binary-messages", "ITER-3")
class IterTextSkipsBinary(Reference):
    async def iter_text(self) -> Any:
        while True:
            message = await self.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                yield message["text"]


@fault("iter-text-one-iterator-per-connection", "ITER-1")
class IterTextCached(Reference):
    __slots__ = ("_iterator",)

    def iter_text(self) -> Any:
        iterator = getattr(self, "_iterator", None)
        if iterator is None:
            iterator = self._iterator = super().iter_text()
        return iterator


@fault("iter-text-receives-before-accept", "ITER-3")
class IterTextReceivesBeforeAccept(Reference):
    async def iter_text(self) -> Any:
        while True:
            message = await self.receive()
            if message["type"] == "websocket.disconnect":
                return
            yield message["text"]


@fault("accept-picks-the-first-offered-subprotocol", "ACCEPT-1")
class AcceptPicksFirstOffered(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        offered = self.scope.get("subprotocols") or []
        await super().accept(offered[0] if subprotocol is None and offered else subprotocol, headers)


@fault("cookies-first-32", "CONN-10")
class CookiesFirst32(Reference):
    @property
    def cookies(self) -> dict[str, str]:
        return dict(list(super().cookies.items())[:32])


@fault("client-host-lower-cased", "CONN-9")
class ClientHostLowerCased(Reference):
    @property
    def client(self) -> Any:
        client = super().client
        return None if client is None else type(client)(client.host.lower(), client.port)


@fault("denial-refuses-a-status-below-400", "DENY-9")
class DenialRefusesStatusBelow400(Reference):
    async def send(self, message: Any) -> None:
        if message.get("type") == "websocket.http.response.start" and not 400 <= message.get("status", 0) < 600:
            raise ValueError("a denial response needs an error status")
        await super().send(message)


@fault("denial-drops-an-empty-chunk", "DENY-9")
class DenialDropsEmptyChunk(Reference):
    async def send(self, message: Any) -> None:
        chunk = message.get("type") == "websocket.http.response.body" and message.get("more_body")
        if not (chunk and not message.get("body")):
            await super().send(message)


@fault("denial-ends-the-connection-when-the-app-returns", "STATE-9")
class DenialEndsTheConnectionWhenTheAppReturns(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        await super().send_denial_response(response)
        # Meant to make sure nothing follows a denial response: an app that left its response
        # open (a start, or a body with more_body) has the connection counted as closed all the same.
        self.application_state = reference_state.DISCONNECTED


@fault("denial-lost-after-its-start-becomes-disconnect", "STATE-15")
class DenialLostAfterItsStartBecomesDisconnect(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        extensions = self.scope.get("extensions") or {}
        if "websocket.http.response" not in extensions or self.application_state is not reference_state.CONNECTING:
            await super().send_denial_response(response)
            return
        started = False

        async def send(message: Message) -> None:
            nonlocal started
            try:
                await self.send(message)
            except OSError as error:
                # Wrong: taken for a connection lost mid-session once the response has started,
                # though a denial response is sent before accept(), where the OSError propagates.
                if started:
                    raise WebSocketDisconnect(1006) from error
                raise
            started = True

        await response(self.scope, self.receive, send)


@fault("denial-without-extension-ends-the-handshake", "CLOSE-10")
class DenialWithoutExtensionEndsTheHandshake(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        extensions = self.scope.get("extensions") or {}
        if "websocket.http.response" not in extensions:
            # Wrong: meant to stop an app that goes on as if it had denied, it counts the handshake
            # as answered, so the close() that refuses the connection instead is refused itself.
            self.application_state = reference_state.DISCONNECTED
        await super().send_denial_response(response)


@fault("receive-bytes-disconnect-closes-the-application-side", "CLOSE-9")
class ReceiveBytesDisconnectClosesTheApplicationSide(Reference):
    async def receive_bytes(self) -> bytes:
        try:
            return await super().receive_bytes()
        except WebSocketDisconnect:
            # Wrong: the client's leaving taken for the end of the whole connection, so that
            # the close() an application ends with raises instead of returning.
            self.application_state = reference_state.DISCONNECTED
            raise


@fault("denial-refuses-list-header-pairs", "DENY-9")
class DenialRefusesListHeaderPairs(Reference):
    async def send(self, message: Any) -> None:
        if message.get("type") == "websocket.http.response.start":
            for pair in message.get("headers", ()):
                # Wrong: ASGI allows a header pair to be a list as well as a tuple.
                if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(part, bytes) for part in pair)):
                    raise TypeError(f"a denial response's header must be a (bytes, bytes) tuple, not {pair!r}")
        await super().send(message)


@fault("denial-refuses-an-int-subclass-status", "DENY-9")
class DenialRefusesAnIntSubclassStatus(Reference):
    async def send(self, message: Any) -> None:
        status = message.get("status")
        # Wrong: an HTTPStatus is an int, as ASGI asks a status to be.
        if message.get("type") == "websocket.http.response.start" and type(status) is not int:
            raise TypeError(f"a denial response's status must be an int, not {status!r}")
        await super().send(message)


@fault("denial-start-needs-its-headers", "DENY-9")
class DenialStartNeedsItsHeaders(Reference):
    async def send(self, message: Any) -> None:
        if message.get("type") == "websocket.http.response.start":
            # Wrong: ASGI makes headers optional, an empty list when missing.
            for name, _ in message["headers"]:
                if not name.islower():
                    raise ValueError(f"a denial response's header names must be lower case: {name!r}")
        await super().send(message)


def _positional_only(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` behind a wrapper that keeps its signature for ``inspect`` and forwards only positions."""

    @functools.wraps(method)
    async def call(self: Reference, payload: Any, *args: Any) -> Any:
        return await method(self, payload, *args)

    return call


@fault("send-text-by-position-only", "SIG-10")
class SendTextByPositionOnly(Reference):
    send_text = _positional_only(Reference.send_text)  # type: ignore[assignment]


class GetlistByPositionOnlyQueryParams(QueryParams):
    getlist = _lookup_by_position_only(QueryParams.getlist)


@fault("query-params-getlist-by-position-only", "SIG-4")
class QueryParamsGetlistByPositionOnly(Reference):
    @property
    def query_params(self) -> QueryParams:
        return _kept_query_params(self, super().query_params, GetlistByPositionOnlyQueryParams)


@fault("send-held-until-the-next-receive", "SEND-1")
class SendHeldUntilNextReceive(Reference):
    __slots__ = ("_held",)

    async def send_text(self, data: str) -> None:
        # Meant to keep one task on the channel at a time: a send during a receive waits for it.
        if self._receiving:
            held: list[str] = getattr(self, "_held", [])
            self._held = [*held, data]
            return
        await super().send_text(data)

    async def receive(self) -> Any:
        try:
            return await super().receive()
        finally:
            for data in getattr(self, "_held", []):
                await super().send_text(data)
            self._held = []


def _keywords_or_positions(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` behind a wrapper that takes its arguments by position or by keyword, but not both."""

    @functools.wraps(method)
    async def call(self: Reference, *args: Any, **kwargs: Any) -> Any:
        # Meant to let keywords win: a call that gives any keyword loses its positions.
        return await (method(self, **kwargs) if kwargs else method(self, *args))

    return call


@fault("close-drops-positions-beside-keywords", "SIG-10")
class CloseDropsPositionsBesideKeywords(Reference):
    close = _keywords_or_positions(Reference.close)  # type: ignore[assignment]


@fault("accept-drops-positions-beside-keywords", "SIG-10")
class AcceptDropsPositionsBesideKeywords(Reference):
    accept = _keywords_or_positions(Reference.accept)  # type: ignore[assignment]


# Signatures that inspect reads from what a wrapper keeps, while the callable takes fewer calls.


@fault("constructor-defaults-only-in-new", "SIG-1")
class ConstructorDefaultsOnlyInNew(Reference):
    __slots__ = ()

    def __new__(cls, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> Any:
        return super().__new__(cls)

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Wrong: the channels' defaults are written on __new__, whose signature inspect reads, not on __init__.
        super().__init__(scope, receive, send)


@fault("constructor-drops-keywords", "SIG-1")
class ConstructorDropsKeywords(Reference):
    __slots__ = ()

    @functools.wraps(Reference.__init__)
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Meant to take the channels by position only, as a server passes them: keywords are dropped.
        super().__init__(*args)


class _URLIncludingByPositionOnly(URL):
    __slots__ = ()

    include_query_params = _lookup_by_position_only(URL.include_query_params)

    def replace(self, *args: Any, **components: Any) -> Any:
        replaced = super().replace(*args, **components)
        # Components give a new URL of the same kind (URL-9): only include_query_params is wrong.
        return replaced if args else _URLIncludingByPositionOnly(replaced)


@fault("url-include-query-params-by-position-only", "SIG-3")
class URLIncludeQueryParamsByPositionOnly(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        if not isinstance(url, _URLIncludingByPositionOnly):
            # Kept as the reference keeps its URL (URL-13).
            url = self._url = _URLIncludingByPositionOnly(url)
        return url


@fault("iter-json-mode-behind-wraps", "SIG-10")
class IterJSONModeBehindWraps(Reference):
    @functools.wraps(Reference.iter_json)
    def iter_json(self, mode: str) -> AsyncIterator[Any]:  # type: ignore[override]
        # Meant to take the frame kind, as receive_json does, and to read it later: the wrapper
        # keeps iter_json()'s signature for inspect, which so never shows the mode every call needs.
        return super().iter_json()


class CloseAppCodeDefaultBehindWraps(WebSocketClose):
    __slots__ = ()

    @functools.wraps(WebSocketClose.__init__)
    def __init__(self, code: int = 1001, reason: str | None = None) -> None:
        # Wrong: 1001 (going away) as the default, while inspect reads the wrapped code=1000.
        super().__init__(code, reason)


replaced("close-app-code-default-behind-wraps", "SIG-9", WebSocketClose=CloseAppCodeDefaultBehindWraps)


@fault("close-code-default-behind-wraps", "SIG-10")
class CloseCodeDefaultBehindWraps(Reference):
    @functools.wraps(Reference.close)
    async def close(self, code: int = 1001, reason: str | None = None) -> None:
        # Wrong: 1001 (going away) as the default, while inspect reads the wrapped code=1000.
        await super().close(code, reason)


@fault("path-params-kept-once-filled", "PATH-1")
class PathParamsKeptOnceFilled(Reference):
    __slots__ = ("_filled_path_params",)

    @property
    def path_params(self) -> dict[str, Any]:
        # Meant to spare a lookup per read once the router has filled the parameters in: a
        # router further down that puts a new dict in the scope goes unseen.
        kept: dict[str, Any] | None = getattr(self, "_filled_path_params", None)
        if kept is None:
            kept = super().path_params
            if kept:
                self._filled_path_params = kept
        return kept


@fault("path-params-copied-per-dict", "PATH-1")
class PathParamsCopiedPerDict(Reference):
    __slots__ = ("_path_params_copy",)

    @property
    def path_params(self) -> dict[str, Any]:
        # A copy of the scope's dict, made again only when the scope holds another dict: a
        # router that fills in the dict the scope holds goes unseen.
        source = self.scope.get("path_params")
        kept: tuple[object, dict[str, Any]] | None = getattr(self, "_path_params_copy", None)
        if kept is None or kept[0] is not source:
            kept = self._path_params_copy = (source, dict(source or {}))
        return kept[1]


@fault("path-params-kept-from-the-built-scope", "PATH-1")
class PathParamsKeptFromTheBuiltScope(Reference):
    __slots__ = ("_built_path_params",)

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        super().__init__(scope, receive, send)
        # Meant for a router that fills path_params in before the connection is built: the dict
        # the scope held then is kept, so a router further down that puts a new one in goes unseen.
        self._built_path_params: dict[str, Any] | None = scope.get("path_params")

    @property
    def path_params(self) -> dict[str, Any]:
        if self._built_path_params is not None:
            return self._built_path_params
        return super().path_params


@fault("path-params-of-a-plain-dict-only", "PATH-1")
class PathParamsOfAPlainDictOnly(Reference):
    @property
    def path_params(self) -> dict[str, Any]:
        # Meant to pass over a malformed path_params with the exact-type test the scope's own
        # check makes: a router's dict subclass is taken for none.
        path_params = self.scope.get("path_params")
        return path_params if type(path_params) is dict else {}


@fault("raw-send-copies-after-the-first", "RAW-1")
class RawSendCopiesAfterTheFirst(Reference):
    __slots__ = ("_data_sends",)

    async def send(self, message: Message) -> None:
        # Wrong: from the second websocket.send on, the peer gets a copy, not the very object.
        if message.get("type") == "websocket.send":
            self._data_sends = getattr(self, "_data_sends", 0) + 1
            if self._data_sends > 1:
                message = dict(message)
        await super().send(message)


@fault("raw-send-drops-an-empty-reason", "RAW-1")
class RawSendDropsAnEmptyReason(Reference):
    async def send(self, message: Message) -> None:
        # Wrong: tidies the caller's websocket.close in place, deleting ASGI's default reason.
        if message.get("type") == "websocket.close" and message.get("reason") == "":
            del message["reason"]
        await super().send(message)


@fault("raw-receive-copies-after-the-first", "RAW-2")
class RawReceiveCopiesAfterTheFirst(Reference):
    __slots__ = ("_data_received",)

    async def receive(self) -> Message:
        # Wrong: from the second websocket.receive on, the caller gets a copy, not the very object.
        message = await super().receive()
        if message.get("type") == "websocket.receive":
            self._data_received = getattr(self, "_data_received", 0) + 1
            if self._data_received > 1:
                return dict(message)
        return message


def _fifteen_digits(value: Any) -> Any:
    """``value`` with every float written back from 15 significant digits (C's DBL_DIG, ``"%.15g"``)."""
    return _leaves_changed(value, lambda leaf: float(format(leaf, ".15g")) if type(leaf) is float else leaf)


@fault("send-json-floats-to-15-digits", "JSON-8")
class SendJsonFifteenDigits(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # 15 digits hold most decimals written by hand, but not 0.1 + 0.2 or 1 / 3.
        await super().send_json(_fifteen_digits(data), mode)


def _as_text(value: object) -> str:
    """A ``json.dumps`` default that writes dates, times, decimals and UUIDs as text, as other encoders do."""
    if isinstance(value, (datetime.date, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


@fault("send-json-encodes-dates-decimals-uuids", "JSON-11")
class SendJsonEncodesDates(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Values json.dumps refuses with TypeError go out as text instead.
        if mode not in ("text", "binary"):
            await super().send_json(data, mode)
            return
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_as_text)
        await (self.send_text(text) if mode == "text" else self.send_bytes(text.encode()))


def _depth(value: Any) -> int:
    """How many arrays and objects deep ``value`` is."""
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@fault("receive-json-depth-limit", "JSON-3")
class ReceiveJsonDepthLimit(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        # A "hardening" limit json.loads does not have: deeper documents are refused.
        value = await super().receive_json(mode)
        if _depth(value) > 16:
            raise ValueError("JSON nested too deeply")
        return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (RFC 8259)")


@fault("receive-json-refuses-nan", "JSON-3")
class ReceiveJsonRefusesNaN(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        # Strict RFC 8259: NaN, Infinity and -Infinity, which json.loads reads, are refused.
        if mode not in ("text", "binary"):
            return await super().receive_json(mode)
        message = await self.receive()
        payload = message["text"] if mode == "text" else message["bytes"].decode("utf-8")
        return json.loads(payload, parse_constant=_no_constant)


# -- false greens found by review: STATE-14, STATE-15, RECV-3, RECV-5, CLOSE-9 ------------------------


@fault("stream-errors-become-disconnect", "STATE-15")
class StreamErrorsBecomeDisconnect(Reference):
    async def send(self, message: Message) -> None:
        try:
            await super().send(message)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError) as exc:
            # Wrong: these are not OSErrors, so they propagate unchanged; "the client is gone" is
            # the server's to say with an OSError.
            self.application_state = reference_state.DISCONNECTED
            raise WebSocketDisconnect(1006) from exc


@fault("timeout-error-propagates", "STATE-14")
class TimeoutErrorPropagates(Reference):
    def _raise_lost(self, state: Any, error: OSError) -> Any:
        if isinstance(error, TimeoutError):
            # Wrong: a TimeoutError is an OSError, which becomes WebSocketDisconnect(1006).
            self.application_state = reference_state.FAILED_SENDS[state].next_state
            raise error
        super()._raise_lost(state, error)


@fault("disconnect-reason-stripped", "RECV-3")
class DisconnectReasonStripped(Reference):
    async def receive_text(self) -> str:
        try:
            return await super().receive_text()
        except WebSocketDisconnect as exc:
            # Wrong: the reason is raised as the client gave it, whitespace included.
            raise WebSocketDisconnect(exc.code, exc.reason.strip()) from None


@fault("iterator-end-finishes-the-connection", "CLOSE-9")
class IteratorEndFinishesTheConnection(Reference):
    async def iter_text(self) -> Any:
        async for item in super().iter_text():
            yield item
        # Wrong: the client left, not the application: the seed's `close()` after the loop raises.
        self.application_state = reference_state.DISCONNECTED


@fault("iterator-bypasses-the-state-machine", "RECV-5")
class IteratorBypassesTheStateMachine(Reference):
    async def iter_text(self) -> Any:
        self._check_connected()
        while True:
            # Wrong: reading the peer's receive directly, the disconnect never reaches the state
            # machine, so a later receive_text() awaits the peer instead of refusing.
            message = await self._receive()  # type: ignore[misc]
            if message["type"] == "websocket.disconnect":
                return
            yield message["text"]


class _DisconnectStrippingReason(WebSocketDisconnect):
    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        # Wrong: the reason is kept as given, whitespace included.
        super().__init__(code, (reason or "").strip())


replaced("disconnect-exception-strips-reason", "EXC-1", WebSocketDisconnect=_DisconnectStrippingReason)


class _DisconnectKeepingStrOfReason(WebSocketDisconnect):
    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        # Meant to keep a plain str: str() of a (str, Enum) member is its name, not its text.
        super().__init__(code, str(reason) if reason else None)


replaced("disconnect-exception-str-of-reason", "EXC-1", WebSocketDisconnect=_DisconnectKeepingStrOfReason)


class _DisconnectDroppingPositionsBesideKeywords(WebSocketDisconnect):
    @functools.wraps(WebSocketDisconnect.__init__)
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Meant to let keywords win: a call that gives any keyword loses its positions.
        if kwargs:
            super().__init__(**kwargs)
        else:
            super().__init__(*args)


replaced(
    "disconnect-exception-drops-positions-beside-keywords",
    "SIG-8",
    WebSocketDisconnect=_DisconnectDroppingPositionsBesideKeywords,
)


# -- arguments, messages and errors the ACCEPT, SEND, RECV and ITER tests had not tried -----------


@fault("accept-keeps-the-headers-of-a-refused-call", "ACCEPT-10")
class AcceptKeepsRefusedHeaders(Reference):
    __slots__ = ("_accept_headers",)

    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        # Wrong: the checked headers are collected on the connection, so a call refused for its
        # last header leaves the ones before it to the next accept().
        collected: list[tuple[bytes, bytes]] = getattr(self, "_accept_headers", [])
        self._accept_headers = collected
        for pair in headers or ():
            collected.extend(check_accept_headers([pair], subprotocol))
        await super().accept(subprotocol, list(collected))


@fault("accept-refuses-list-pairs", "ACCEPT-3")
class AcceptRefusesListPairs(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        pairs = None if headers is None else list(headers)
        for pair in pairs or ():
            # Wrong: ASGI writes a header as any two-item iterable; a list of two bytes is a pair.
            if not isinstance(pair, tuple):
                raise TypeError(f"accept() header must be a tuple, not {pair!r}")
        await super().accept(subprotocol, pairs)


@fault("send-text-refuses-a-str-subclass", "SEND-1")
class SendTextRefusesStrSubclass(Reference):
    async def send_text(self, data: str) -> None:
        # Wrong: a StrEnum member or a markup string is a str, which SEND-1 sends.
        if type(data) is not str:
            raise TypeError(f"send_text() takes a str, not {type(data).__name__}")
        await super().send_text(data)


@fault("send-bytes-refuses-a-bytes-subclass", "SEND-2")
class SendBytesRefusesBytesSubclass(Reference):
    async def send_bytes(self, data: bytes) -> None:
        # Wrong: an instance of a subclass of bytes is bytes, which SEND-2 sends.
        if type(data) is not bytes:
            raise TypeError(f"send_bytes() takes bytes, not {type(data).__name__}")
        await super().send_bytes(data)


@fault("iter-json-reads-binary-messages", "ITER-3")
class IterJsonReadsBinary(Reference):
    async def iter_json(self) -> Any:
        self._check_connected()
        while True:
            message = await self.receive()
            if message["type"] == "websocket.disconnect":
                return
            # Wrong: receive_json() refuses a binary message, so the iteration must raise for it too.
            payload = message.get("text")
            yield json.loads(payload if payload is not None else message["bytes"].decode("utf-8"))


@fault("iterator-ends-on-a-connection-error", "ITER-3")
class IteratorEndsOnConnectionError(Reference):
    async def iter_text(self) -> Any:
        try:
            async for item in super().iter_text():
                yield item
        except OSError:
            # Wrong: only websocket.disconnect ends the iteration quietly; the server's error
            # from receive, which receive_text() lets through, propagates.
            return


_KNOWN_CLOSE_CODES = frozenset((*range(1000, 1012), *range(4000, 5000)))
"""RFC 6455's codes and the private ones: the codes IANA registers for frameworks (3000 to 3999) left out."""


@fault("disconnect-registered-code-read-as-1006", "RECV-3")
class DisconnectRegisteredCodeAs1006(Reference):
    async def receive(self) -> Any:
        message = await super().receive()
        # Wrong: WebSocketDisconnect carries the message's code, whatever it is.
        if message["type"] == "websocket.disconnect" and message.get("code", 1005) not in _KNOWN_CLOSE_CODES:
            return {**message, "code": 1006}
        return message


@fault("send-reuses-one-message-per-connection", "SEND-2")
class SendReusesOneMessage(Reference):
    __slots__ = ("_outgoing",)

    def _outgoing_message(self) -> Message:
        # Wrong: one websocket.send dict per connection, refilled for each message, keeps the
        # payload of a message of the other kind sent before.
        outgoing: Message | None = getattr(self, "_outgoing", None)
        if outgoing is None:
            outgoing = self._outgoing = {"type": "websocket.send"}
        return outgoing

    async def send_text(self, data: str) -> None:
        outgoing = self._outgoing_message()
        outgoing["text"] = data
        await self.send(outgoing)

    async def send_bytes(self, data: bytes) -> None:
        outgoing = self._outgoing_message()
        outgoing["bytes"] = data
        await self.send(outgoing)


@fault("send-waits-while-an-iterator-is-open", "SEND-1")
class SendWaitsWhileIterating(Reference):
    __slots__ = ("_idle",)

    def _idle_event(self) -> anyio.Event:
        idle: anyio.Event | None = getattr(self, "_idle", None)
        if idle is None:
            idle = self._idle = anyio.Event()
            idle.set()
        return idle

    async def send(self, message: Message) -> None:
        # Meant to keep one direction on the channel at a time: a send waits for the receiving to end.
        await self._idle_event().wait()
        await super().send(message)

    async def iter_text(self) -> Any:
        # Wrong: the iteration counts as receiving from its first step to its end, across its
        # yields, so the seed's echo (send_text() inside the loop) never returns.
        self._idle = anyio.Event()
        try:
            async for item in super().iter_text():
                yield item
        finally:
            self._idle_event().set()


@fault("iterator-holds-the-receive-across-its-yields", "RECV-1")
class IteratorHoldsTheReceive(Reference):
    async def iter_text(self) -> Any:
        # Wrong: a receive counts as under way from the iteration's first step to its end, so a
        # receive_text() in the loop's body is refused as if another task were receiving.
        self._check_connected()
        self._receiving = True
        try:
            while True:
                self._receiving = False
                try:
                    message = await self.receive()
                finally:
                    self._receiving = True
                if message["type"] == "websocket.disconnect":
                    return
                yield message["text"]
        finally:
            self._receiving = False


@fault("accept-refuses-a-str-subclass-subprotocol", "ACCEPT-3")
class AcceptRefusesStrSubclassSubprotocol(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        # Wrong: an instance of a subclass of str is a str, which ACCEPT-7 does not refuse.
        if subprotocol is not None and type(subprotocol) is not str:
            raise TypeError(f"accept() subprotocol must be a str, not {type(subprotocol).__name__}")
        await super().accept(subprotocol, headers)


@fault("accept-refuses-bytes-subclass-headers", "ACCEPT-3")
class AcceptRefusesBytesSubclassHeaders(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        pairs = None if headers is None else list(headers)
        for pair in pairs or ():
            # Wrong: a name or value of a subclass of bytes is bytes, which ACCEPT-8 does not refuse.
            if isinstance(pair, tuple | list) and len(pair) == 2 and not all(type(part) is bytes for part in pair):
                raise TypeError(f"accept() header must be a pair of bytes, not {pair!r}")
        await super().accept(subprotocol, pairs)


@fault("iterator-judged-when-made", "ITER-1")
class IteratorJudgedWhenMade(Reference):
    def iter_text(self) -> Any:
        # Wrong: the connection is judged when the iterator is made, not when it is stepped, so
        # an iterator made before accept() refuses to receive after it.
        try:
            self._check_connected()
        except RuntimeError as error:
            refused: RuntimeError | None = error
        else:
            refused = None
        messages = super().iter_text()

        async def items() -> Any:
            if refused is not None:
                raise refused
            async for item in messages:
                yield item

        return items()


_NO_COOKIES: dict[str, str] = {}


@fault("cookies-one-empty-dict-for-all", "CONN-10")
class CookiesSharedEmptyDict(Reference):
    @property
    def cookies(self) -> dict[str, str]:
        # Meant to spare a dict per connection without cookies: one dict serves them all, so
        # what an application adds to one connection's cookies shows on every other.
        if not self.headers.getlist("cookie"):
            return _NO_COOKIES
        return super().cookies


@fault("headers-kept-from-a-failed-read", "CONN-15")
class HeadersKeptFromAFailedRead(Reference):
    @property
    def headers(self) -> Headers:
        # Meant to build the headers in place, pair by pair: a read that meets a malformed
        # pair raises, but leaves the pairs before it as the connection's headers, which the
        # next read gives.
        if self._headers is None:
            pairs = self.scope.get("headers")
            if pairs is None or isinstance(pairs, (str, bytes, int)):
                raise TypeError(f"scope['headers'] must be an iterable of pairs, not {pairs!r}")
            self._headers = kept = Headers()
            for index, pair in enumerate(pairs):
                try:
                    name, value = pair
                except (TypeError, ValueError):
                    raise TypeError(f"scope['headers'][{index}] must be a (name, value) pair, not {pair!r}") from None
                if not (isinstance(name, bytes) and isinstance(value, bytes)):
                    raise TypeError(f"scope['headers'][{index}] must be a pair of bytes, not {pair!r}")
                kept._raw.append((name, value))
        return self._headers


@fault("query-params-refused-once-url-refused", "CONN-15")
class QueryParamsRefusedOnceUrlRefused(Reference):
    __slots__ = ("_malformed",)

    @property
    def url(self) -> URL:
        try:
            return super().url
        except ValueError:
            self._malformed = True
            raise

    @property
    def query_params(self) -> QueryParams:
        # Wrong: a query string that is not UTF-8 is malformed for url alone; query_params reads it.
        if getattr(self, "_malformed", False):
            raise ValueError("scope['query_string'] is malformed")
        return super().query_params


@fault("url-reuses-the-query-params-text", "CONN-15")
class UrlReusesTheQueryParamsText(Reference):
    __slots__ = ("_query_text",)

    def _query(self) -> str | None:
        text: str | None = getattr(self, "_query_text", None)
        return text

    @property
    def query_params(self) -> QueryParams:
        # Meant to decode the query string once for both: query_params decodes it as latin-1
        # (QP-6), and url then takes that text, so that a query string that is not UTF-8 gives
        # a URL once query_params was read.
        if self._query_params is None:
            if self._query() is None:
                self._query_text = scope_query_string(self.scope).decode("latin-1")
            self._query_params = QueryParams(parse_query(self._query_text))
        return self._query_params

    @property
    def url(self) -> URL:
        text = self._query()
        if self._url is None and text is not None:
            self._url = url_from_scope({**self.scope, "query_string": text.encode("utf-8")}, self.headers)
        return super().url


class _HeadersCasefoldedPast16(Headers):
    """Headers that, past 16 of them, look names up in a dict keyed by their Unicode case folding."""

    __slots__ = ("_casefolded",)

    def _found(self, key: object) -> list[str] | None:
        """Every value of ``key`` past 16 headers; ``None`` up to 16, where the reference's lookups serve."""
        if len(self.raw) <= 16:
            return None
        index: dict[str, list[str]] | None = getattr(self, "_casefolded", None)
        if index is None:
            # Meant to fold case once for every lookup: str.casefold also folds letters outside
            # ASCII, so that X-CAFÉ finds x-café, and ho\u017ft finds host.
            index = self._casefolded = {}
            for name, value in self.raw:
                index.setdefault(name.decode("latin-1").casefold(), []).append(value.decode("latin-1"))
        return index.get(key.casefold(), []) if isinstance(key, str) else []

    def getlist(self, key: str) -> list[str]:
        found = self._found(key)
        return super().getlist(key) if found is None else list(found)

    def __getitem__(self, key: str) -> str:
        found = self._found(key)
        if found is None:
            return super().__getitem__(key)
        if not found:
            raise KeyError(key)
        return found[0]

    def get(self, key: str, default: object = None) -> Any:
        found = self._found(key)
        if found is None:
            return super().get(key, default)
        return found[0] if found else default

    def __contains__(self, key: object) -> bool:
        found = self._found(key)
        return super().__contains__(key) if found is None else bool(found)


@fault("headers-fold-unicode-past-16", "HDR-2")
class HeadersFoldUnicodePast16(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, _HeadersCasefoldedPast16)


@fault("item-none-read-as-missing", "CONN-4")
class ItemNoneReadAsMissing(Reference):
    def __getitem__(self, key: str) -> Any:
        # Meant to look the key up once: scope.get's None stands for a missing key, so a key
        # the scope holds as None raises KeyError, and is not `in` the connection either.
        value = self.scope.get(key)
        if value is None:
            raise KeyError(key)
        return value


class _QueryParamsKeepingLists(QueryParams):
    """Query parameters that keep a list of values per key, and hand those lists out."""

    __slots__ = ("_every", "_lists")

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        every = list(pairs)
        super().__init__(every)
        self._every = every
        self._lists: dict[str, list[str]] = {}
        for key, value in every:
            self._lists.setdefault(key, []).append(value)

    def getlist(self, key: str) -> list[str]:
        return self._lists.get(key, [])

    def multi_items(self) -> list[tuple[str, str]]:
        return self._every


@functools.lru_cache(maxsize=256)
def _query_params_of(query_string: bytes) -> QueryParams:
    return _QueryParamsKeepingLists(QueryParams.from_query_string(query_string).multi_items())


@fault("query-params-shared-per-query-string", "QP-9")
class QueryParamsSharedPerQueryString(Reference):
    @property
    def query_params(self) -> QueryParams:
        # Meant to parse each query string once for the process, as connections to one URL
        # share it: getlist() and multi_items() hand out the lists kept, so what an
        # application adds to one shows on every connection over the same query string.
        if self._query_params is None:
            self._query_params = _query_params_of(scope_query_string(self.scope))
        return self._query_params


@functools.lru_cache(maxsize=256)
def _cookies_of(cookie_headers: tuple[str, ...]) -> dict[str, str]:
    return parse_cookies(cookie_headers)


@fault("cookies-shared-per-cookie-header", "CONN-10")
class CookiesSharedPerCookieHeader(Reference):
    @property
    def cookies(self) -> dict[str, str]:
        # Meant to parse each browser's cookie header once for the process, as its reconnects
        # send the same one: the dict kept is handed out, so what an application adds to one
        # connection's cookies shows on every connection with the same cookie headers.
        cookie_headers = tuple(self.headers.getlist("cookie"))
        return _cookies_of(cookie_headers) if cookie_headers else {}


class _ExactStrLookups:
    """Lookups that take only an exact ``str`` for a name or key: a subclass's is missing.

    Mixed in before ``Headers`` or ``QueryParams``, whose lookups it narrows.
    """

    __slots__ = ()

    # Meant as a fast path for the names applications pass: a name whose class is not str
    # itself (an enum.StrEnum member) is taken for one that nothing holds.
    def getlist(self, key: str) -> list[str]:
        return super().getlist(key) if key.__class__ is str else []  # type: ignore[misc]

    def __getitem__(self, key: str) -> str:
        if key.__class__ is not str:
            raise KeyError(key)
        return super().__getitem__(key)  # type: ignore[misc]

    def get(self, key: str, default: object = None) -> Any:
        return super().get(key, default) if key.__class__ is str else default  # type: ignore[misc]

    def __contains__(self, key: object) -> bool:
        return key.__class__ is str and super().__contains__(key)  # type: ignore[misc]


class _HeadersExactStrNames(_ExactStrLookups, Headers):
    """Headers whose lookups take only an exact ``str`` for a name."""

    __slots__ = ()


@fault("headers-names-of-str-subclasses-missing", "HDR-9")
class HeadersNamesOfStrSubclassesMissing(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, _HeadersExactStrNames)


class _QueryParamsExactStrKeys(_ExactStrLookups, QueryParams):
    """Query parameters whose lookups take only an exact ``str`` for a key."""

    __slots__ = ()


@fault("query-keys-of-str-subclasses-missing", "QP-6")
class QueryKeysOfStrSubclassesMissing(Reference):
    @property
    def query_params(self) -> QueryParams:
        return _kept_query_params(self, super().query_params, _QueryParamsExactStrKeys)


@fault("cookies-headers-cut-at-4096", "CONN-10")
class CookiesHeadersCutAt4096(Reference):
    @property
    def cookies(self) -> dict[str, str]:
        # Meant as a bound on what a client can make the server parse: a cookie header past
        # 4096 characters loses the cookies at its end.
        return parse_cookies(value[:4096] for value in self.headers.getlist("cookie"))


@fault("url-path-cut-at-4096", "URL-2")
class UrlPathCutAt4096(Reference):
    @property
    def url(self) -> URL:
        # Meant as a bound on the URLs a client can make the application hold: a path past 4096
        # characters is cut there.
        if self._url is None:
            path = self.scope.get("path")
            long_path = isinstance(path, str) and len(path) > 4096
            scope = {**self.scope, "path": path[:4096]} if long_path else self.scope
            self._url = url_from_scope(scope, self.headers)
        return self._url


@fault("close-refuses-an-int-subclass-code", "CLOSE-2")
class CloseRefusesAnIntSubclassCode(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        # Meant to keep a bool out, as CLOSE-12 asks: refuses CloseCode's members, which are ints too.
        if code.__class__ is not int:
            raise TypeError(f"close code must be an int, not {type(code).__name__}")
        await super().close(code, reason)


@fault("close-refuses-a-str-subclass-reason", "CLOSE-2")
class CloseRefusesAStrSubclassReason(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        # Wrong: a reason of a str subclass (a StrEnum member) is a str, which CLOSE-15 allows.
        if reason is not None and reason.__class__ is not str:
            raise TypeError(f"close reason must be a str or None, not {type(reason).__name__}")
        await super().close(code, reason)


@fault("close-sends-str-of-a-str-subclass-reason", "CLOSE-2")
class CloseSendsStrOfAStrSubclassReason(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        # Meant to send a plain str: str() of a (str, Enum) member is its name, not its text.
        await super().close(code, str(reason) if isinstance(reason, str) else reason)


class _CloseAppOfExactInts(WebSocketClose):
    """A ``WebSocketClose`` that refuses a code whose class is not ``int`` itself."""

    __slots__ = ()

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        # Meant to keep a bool out: refuses CloseCode's members, which are ints too.
        if code.__class__ is not int:
            raise TypeError(f"close code must be an int, not {type(code).__name__}")
        super().__init__(code, reason)


replaced("close-app-refuses-an-int-subclass-code", "CLOSE-5", WebSocketClose=_CloseAppOfExactInts)


class _CloseAppOfStrReasons(WebSocketClose):
    """A ``WebSocketClose`` that keeps ``str()`` of its reason."""

    __slots__ = ()

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        super().__init__(code, reason)
        # Meant to keep a plain str: str() of a (str, Enum) member is its name, not its text.
        self.reason = str(reason) if reason else ""


replaced("close-app-sends-str-of-a-str-subclass-reason", "CLOSE-5", WebSocketClose=_CloseAppOfStrReasons)


@fault("close-sends-a-falsy-reason-as-empty", "CLOSE-15")
class CloseSendsAFalsyReasonAsEmpty(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        # Starlette's `reason or ""`, taken before the type check: b"" is sent as "" instead of refused.
        await super().close(code, reason or "")


@functools.lru_cache(maxsize=256)
def _json_text_cached(data: object) -> str:
    """The JSON text of hashable ``data``, kept by value: ``True``, ``1`` and ``1.0`` share an entry."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


@fault("send-json-caches-texts-by-value", "JSON-8")
class SendJsonCachesTextsByValue(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Meant to save encoding repeated scalars: a value equal to an earlier one of another
        # kind is sent as that one's text.
        try:
            text = _json_text_cached(data)
        except TypeError:  # unhashable data, or data JSON cannot encode
            await super().send_json(data, mode)
            return
        if mode == "text":
            await self.send({"type": "websocket.send", "text": text})
        else:
            await super().send_json(data, mode)


@functools.lru_cache(maxsize=256)
def _json_value_cached(document: str | bytes) -> Any:
    """``json.loads`` of ``document``, kept: each call for the same document returns the same object."""
    return json.loads(document if isinstance(document, str) else document.decode("utf-8"))


@fault("receive-json-caches-values-by-text", "JSON-3")
class ReceiveJsonCachesValuesByText(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        # Meant to save parsing repeated messages: hands out one value for every message of
        # the same text, so what the application changed in one shows in the next.
        if mode != "text":
            return await super().receive_json(mode)
        return _json_value_cached(await self.receive_text())


@fault("receive-json-binary-caches-values-by-bytes", "JSON-4")
class ReceiveJsonBinaryCachesValuesByBytes(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        # As above, for binary messages.
        if mode != "binary":
            return await super().receive_json(mode)
        return _json_value_cached(await self.receive_bytes())


@fault("send-json-html-safe", "JSON-9")
class SendJsonHtmlSafe(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Meant to keep JSON safe inside an HTML page: <, >, & and ' written as \u escapes,
        # which json.dumps keeps as they are.
        if mode not in ("text", "binary"):
            await super().send_json(data, mode)
            return
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        for character in "<>&'":
            text = text.replace(character, f"\\u{ord(character):04x}")
        if mode == "text":
            await self.send({"type": "websocket.send", "text": text})
        else:
            await self.send({"type": "websocket.send", "bytes": text.encode()})


@fault("send-json-split-at-64-kib", "JSON-8")
class SendJsonSplitAt64KiB(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Meant to keep each message under a server's frame limit: JSON text past 64 KiB goes
        # out as several websocket.send messages, none of which is JSON on its own.
        if mode != "text":
            await super().send_json(data, mode)
            return
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        for start in range(0, max(len(text), 1), 65_536):
            await self.send({"type": "websocket.send", "text": text[start : start + 65_536]})


def _walk_dicts_and_lists(value: object, check: Callable[[object], None], walked: set[int] | None = None) -> None:
    """Call ``check`` on ``value`` and on all its dicts and lists hold, walked as a hand-written check might."""
    walked = set() if walked is None else walked
    if id(value) in walked:
        return  # a circle: json.dumps reports it
    walked.add(id(value))
    check(value)
    if isinstance(value, dict):
        for item in cast("dict[object, object]", value).values():
            _walk_dicts_and_lists(item, check, walked)
    elif isinstance(value, list):
        for item in cast("list[object]", value):
            _walk_dicts_and_lists(item, check, walked)


def _refuse_a_non_finite_float(value: object) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value!r} is not a JSON number")


@fault("send-json-nan-checked-in-dicts-and-lists", "JSON-12")
class SendJsonNanCheckedInDictsAndLists(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Meant to name the value JSON has no number for: the walk skips tuples, and json.dumps
        # with allow_nan left on writes the NaN in one.
        if mode not in ("text", "binary"):
            await super().send_json(data, mode)
            return
        _walk_dicts_and_lists(data, _refuse_a_non_finite_float)
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send({"type": "websocket.send", "text": text})
        else:
            await self.send({"type": "websocket.send", "bytes": text.encode()})


def _check_finite_floats_of_exact_type(value: object, walked: set[int] | None = None) -> None:
    """Refuse a NaN or an infinity of the type ``float`` itself, found in dicts, lists and tuples."""
    walked = set() if walked is None else walked
    if id(value) in walked:
        return  # a circle: json.dumps reports it
    walked.add(id(value))
    if value.__class__ is float and not math.isfinite(value):
        raise ValueError(f"{value!r} is not a JSON number")
    if isinstance(value, dict):
        for item in cast("dict[object, object]", value).values():
            _check_finite_floats_of_exact_type(item, walked)
    elif isinstance(value, list | tuple):
        for item in cast("Sequence[object]", value):
            _check_finite_floats_of_exact_type(item, walked)


@fault("send-json-nan-checked-by-exact-type", "JSON-12")
class SendJsonNanCheckedByExactType(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Meant to name the value JSON has no number for: the check misses a float subclass's
        # NaN (NumPy's float64), which json.dumps with allow_nan left on writes as NaN.
        if mode not in ("text", "binary"):
            await super().send_json(data, mode)
            return
        _check_finite_floats_of_exact_type(data)
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send({"type": "websocket.send", "text": text})
        else:
            await self.send({"type": "websocket.send", "bytes": text.encode()})


@fault("raw-send-makes-a-plain-dict", "RAW-1")
class RawSendMakesAPlainDict(Reference):
    async def send(self, message: Message) -> None:
        # Meant to give the server the dict ASGI describes: a message of a dict subclass goes
        # out as a plain copy, not as the object the application passed.
        if message.__class__ is not dict:
            message = dict(message)
        await super().send(message)


@fault("raw-receive-makes-a-plain-dict", "RAW-2")
class RawReceiveMakesAPlainDict(Reference):
    async def receive(self) -> Message:
        # Meant to hand the application the dict ASGI describes: a message of a dict subclass
        # comes back as a plain copy, not as the object the server returned.
        message = await super().receive()
        return dict(message) if message.__class__ is not dict else message


_JSON_SCALARS = (str, int, float, bool, type(None))


def _check_exact_json_types(value: object, walked: set[int] | None = None) -> None:
    """Refuse what is not exactly a JSON scalar, ``dict``, ``list`` or ``tuple``, as a hand-written encoder might."""
    walked = set() if walked is None else walked
    if id(value) in walked:
        return  # a circle: json.dumps reports it
    walked.add(id(value))
    if value.__class__ is dict:
        for key, item in cast("dict[object, object]", value).items():
            _check_exact_json_types(key, walked)
            _check_exact_json_types(item, walked)
    elif value.__class__ in (list, tuple):
        for item in cast("Sequence[object]", value):
            _check_exact_json_types(item, walked)
    elif value.__class__ not in _JSON_SCALARS:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


@fault("send-json-refuses-str-and-int-subclasses", "JSON-8")
class SendJsonRefusesStrAndIntSubclasses(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Dispatches on exact types: a StrEnum or IntEnum member, which json.dumps writes as
        # the str or int it is, is refused as an object JSON has no form for.
        if mode in ("text", "binary"):
            _check_exact_json_types(data)
        await super().send_json(data, mode)


def _check_plain_containers(value: object, walked: set[int] | None = None) -> None:
    """Refuse a ``dict`` or ``list`` of a subclass anywhere in ``value``, as a hand-written encoder might."""
    walked = set() if walked is None else walked
    if id(value) in walked:
        return  # a circle: json.dumps reports it
    walked.add(id(value))
    if isinstance(value, dict | list) and value.__class__ not in (dict, list):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    if isinstance(value, dict):
        for item in cast("dict[object, object]", value).values():
            _check_plain_containers(item, walked)
    elif isinstance(value, list):
        for item in cast("list[object]", value):
            _check_plain_containers(item, walked)


def _plain_json(data: object) -> object:
    """``data`` with each ``str`` in it, key or value, made a plain one by ``str()``."""
    if isinstance(data, dict):
        return {_plain_json(key): _plain_json(value) for key, value in cast("dict[object, object]", data).items()}
    if isinstance(data, list | tuple):
        return [_plain_json(item) for item in cast("Sequence[object]", data)]
    # Wrong: str() of a (str, Enum) member is its name, not the text it holds.
    return str(data) if isinstance(data, str) else data


@fault("send-json-sends-str-of-str-subclasses", "JSON-8")
class SendJsonSendsStrOfStrSubclasses(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Meant to hand the encoder plain strs only.
        try:
            plain = _plain_json(data)
        except RecursionError:  # a circular value: the encoder says what is wrong with it
            plain = data
        await super().send_json(plain, mode)


@fault("send-json-refuses-dict-subclasses", "JSON-8")
class SendJsonRefusesDictSubclasses(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Takes a container for JSON only if it is exactly a dict or a list: an OrderedDict,
        # which json.dumps writes as the object it is, is refused.
        if mode in ("text", "binary"):
            _check_plain_containers(data)
        await super().send_json(data, mode)


@fault("close-before-accept-denies-with-403", "CLOSE-10")
class CloseBeforeAcceptDeniesWith403(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        # Wrong: where the server offers a denial response, close() before accept() sends an
        # HTTP 403 of its own instead of websocket.close.
        extensions = self.scope.get("extensions") or {}
        if self.application_state.name == "CONNECTING" and "websocket.http.response" in extensions:
            await self.send({"type": "websocket.http.response.start", "status": 403, "headers": []})
            await self.send({"type": "websocket.http.response.body", "body": b""})
            return
        await super().close(code, reason)


def _dataclass_as_dict(value: object) -> object:
    """A ``json.dumps`` default that writes a dataclass instance as an object, as framework encoders do."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


@fault("send-json-encodes-dataclasses", "JSON-11")
class SendJsonEncodesDataclasses(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        if mode not in ("text", "binary"):
            await super().send_json(data, mode)
            return
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_dataclass_as_dict)
        if mode == "text":
            await self.send({"type": "websocket.send", "text": text})
        else:
            await self.send({"type": "websocket.send", "bytes": text.encode()})


@fault("close-refuses-line-breaks-in-the-reason", "CLOSE-2")
class CloseRefusesLineBreaksInTheReason(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        # The check of an accept header's value, reused: CR, LF and NUL are valid in a reason.
        if reason is not None and any(character in reason for character in "\r\n\x00"):
            raise ValueError(f"close reason may not hold CR, LF or NUL: {reason!r}")
        await super().close(code, reason)


@fault("send-json-reuses-one-message-per-connection", "JSON-8")
class SendJsonReusesOneMessagePerConnection(Reference):
    __slots__ = ("_json_message",)

    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Meant to save a dict per message: refills one websocket.send message, so a text send
        # after a binary one carries both payloads.
        if mode not in ("text", "binary"):
            await super().send_json(data, mode)
            return
        message: Message = getattr(self, "_json_message", None) or {"type": "websocket.send"}
        self._json_message = message
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        if mode == "text":
            message["text"] = text
        else:
            message["bytes"] = text.encode()
        await self.send(message)


class _QueryParamsHandingOutItsPairs(QueryParams):
    """Query parameters that keep every pair in a list, and hand that list out."""

    __slots__ = ("_every",)

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        every = list(pairs)
        super().__init__(every)
        self._every = every

    def multi_items(self) -> list[tuple[str, str]]:
        return self._every


@fault("query-multi-items-hands-out-its-list", "QP-9")
class QueryMultiItemsHandsOutItsList(Reference):
    @property
    def query_params(self) -> QueryParams:
        # Meant to save a copy per call: multi_items() returns the list the parameters keep,
        # so what an application adds to it shows in every later call on the connection.
        return _kept_query_params(self, super().query_params, _QueryParamsHandingOutItsPairs)


class _HeadersRememberingLists(Headers):
    """Headers that remember each name's ``getlist`` and hand the same list out again."""

    __slots__ = ("_lists",)

    def __init__(self, raw: Iterable[tuple[bytes, bytes]] = ()) -> None:
        super().__init__(raw)
        self._lists: dict[str, list[str]] = {}

    def getlist(self, key: str) -> list[str]:
        folded = key.lower()
        values = self._lists.get(folded)
        if values is None:
            values = self._lists[folded] = super().getlist(key)
        return values


@fault("headers-getlist-remembered-per-name", "HDR-10")
class HeadersGetlistRememberedPerName(Reference):
    @property
    def headers(self) -> Headers:
        # Meant to save the scan when an application asks for one name again: getlist() hands
        # out the list it kept, so what an application adds to it shows in every later call.
        return _kept_headers(self, super().headers, _HeadersRememberingLists)


class _QueryParamsGetFirst(QueryParams):
    """Query parameters whose ``get`` gives a repeated key's first value."""

    __slots__ = ()

    def get(self, key: str, default: object = None) -> Any:
        values = self.getlist(key)
        return values[0] if values else default


@fault("query-get-gives-the-first-value", "QP-6")
class QueryGetGivesTheFirstValue(Reference):
    @property
    def query_params(self) -> QueryParams:
        # get() written over getlist(), as for headers: a repeated key's get() gives its first
        # value where query_params[key] gives the last.
        return _kept_query_params(self, super().query_params, _QueryParamsGetFirst)


class _QueryParamsKeepingKeys(QueryParams):
    """Query parameters that keep their keys in a list, and hand that list out."""

    __slots__ = ("_keys",)

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(pairs)
        self._keys = list(super().keys())

    def keys(self) -> list[str]:  # type: ignore[override]
        return self._keys


@fault("query-keys-hands-out-its-list", "QP-8")
class QueryKeysHandsOutItsList(Reference):
    @property
    def query_params(self) -> QueryParams:
        # Meant to list the keys once per connection: keys() returns the list kept, so what an
        # application adds to it shows in every later call.
        return _kept_query_params(self, super().query_params, _QueryParamsKeepingKeys)


class _HeadersKeepingListings(Headers):
    """Headers that list their names, values and pairs once, and hand those lists out."""

    __slots__ = ("_listings",)

    def __init__(self, raw: Iterable[tuple[bytes, bytes]] = ()) -> None:
        super().__init__(raw)
        self._listings = (super().keys(), super().values(), super().items())

    def keys(self) -> list[str]:  # type: ignore[override]
        return self._listings[0]

    def values(self) -> list[str]:  # type: ignore[override]
        return self._listings[1]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return self._listings[2]


@fault("headers-listings-handed-out", "HDR-12")
class HeadersListingsHandedOut(Reference):
    @property
    def headers(self) -> Headers:
        # Meant to decode the headers once per connection: keys(), values() and items() return
        # the lists kept, so what an application adds to one shows in every later call.
        return _kept_headers(self, super().headers, _HeadersKeepingListings)


def _utf8_where_it_reads(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


@fault("cookies-decoded-as-utf8", "CONN-10")
class CookiesDecodedAsUtf8(Reference):
    @property
    def cookies(self) -> dict[str, str]:
        # Wrong: a cookie header's value is latin-1 text, as every header's is (HDR-5).
        values = [_utf8_where_it_reads(value) for name, value in self.headers.raw if name.lower() == b"cookie"]
        return parse_cookies(values)


@fault("cookies-read-from-a-spent-generator", "CONN-10")
class CookiesReadFromASpentGenerator(Reference):
    __slots__ = ("_cookie_values",)

    @property
    def cookies(self) -> dict[str, str]:
        # Meant to save a list per connection: the cookie headers' values are a generator made
        # on the first read and parsed on every read, so a second read finds it spent.
        values: Iterable[str] | None = getattr(self, "_cookie_values", None)
        if values is None:
            values = self._cookie_values = (value for name, value in self.headers.items() if name.lower() == "cookie")
        return parse_cookies(values)


class _URLRemovingOnlyExactStrKeys(URL):
    """A URL whose ``remove_query_params`` takes only an exact ``str`` for one key."""

    __slots__ = ()

    def remove_query_params(self, keys: str | Sequence[str]) -> URL:
        # Meant as a fast path for the common call: a key of a str subclass (a StrEnum member)
        # is taken for a sequence of keys, its characters.
        removed = {keys} if keys.__class__ is str else set(keys)
        kept = [(key, value) for key, value in parse_query(self.query) if key not in removed]
        return _URLRemovingOnlyExactStrKeys(self.replace(query=urlencode(kept)))


class _URLRemovingKeysAsWritten(URL):
    """A URL whose ``remove_query_params`` compares each pair's key as the query writes it."""

    __slots__ = ()

    def remove_query_params(self, keys: str | Sequence[str]) -> URL:
        removed = {keys} if isinstance(keys, str) else set(keys)
        # Wrong: the key as written, escapes and all, where a pair's key is the key as read.
        kept = [piece for piece in self.query.split("&") if piece and piece.partition("=")[0] not in removed]
        return self.replace(query="&".join(kept))

    def replace(self, *args: Any, **components: Any) -> Any:
        replaced = super().replace(*args, **components)
        return type(self)(replaced) if isinstance(replaced, URL) else replaced


class _URLIncludingOverKeysAsWritten(URL):
    """A URL whose ``include_query_params`` compares each pair's key as the query writes it."""

    __slots__ = ()

    def include_query_params(self, **params: object) -> URL:
        added = urlencode([(key, str(value)) for key, value in params.items()])
        # Wrong: the key as written, escapes and all, where a pair's key is the key as read.
        kept = [piece for piece in self.query.split("&") if piece and piece.partition("=")[0] not in params]
        return self.replace(query="&".join([*kept, added] if added else kept))

    def replace(self, *args: Any, **components: Any) -> Any:
        replaced = super().replace(*args, **components)
        return type(self)(replaced) if isinstance(replaced, URL) else replaced


@fault("url-include-query-params-keys-as-written", "URL-10")
class UrlIncludeQueryParamsKeysAsWritten(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        if not isinstance(url, _URLIncludingOverKeysAsWritten):
            url = self._url = _URLIncludingOverKeysAsWritten(url)
        return url


@fault("url-remove-query-params-keys-as-written", "URL-12")
class UrlRemoveQueryParamsKeysAsWritten(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        if not isinstance(url, _URLRemovingKeysAsWritten):
            url = self._url = _URLRemovingKeysAsWritten(url)
        return url


@fault("url-remove-query-params-str-subclass-as-keys", "URL-12")
class UrlRemoveQueryParamsStrSubclassAsKeys(Reference):
    @property
    def url(self) -> URL:
        if self._url is None:
            self._url = _URLRemovingOnlyExactStrKeys(super().url)
        return self._url


class _URLReplacingOnlyExactStrText(URL):
    """A URL whose positional ``replace`` takes only ``str`` itself for ``old`` and ``new``."""

    __slots__ = ()

    def replace(self, *args: Any, **components: Any) -> Any:
        # Meant to tell str.replace from the component form by the arguments' class: text of a
        # str subclass (a StrEnum member) is refused as if it were neither.
        if args and any(argument.__class__ is not str for argument in args[:2]):
            raise TypeError("URL.replace() takes either str.replace(old, new[, count]) or URL components as keywords")
        return super().replace(*args, **components)


@fault("url-replace-refuses-str-subclass-text", "URL-18")
class UrlReplaceRefusesStrSubclassText(Reference):
    @property
    def url(self) -> URL:
        if self._url is None:
            self._url = _URLReplacingOnlyExactStrText(super().url)
        return self._url


@fault("scope-copied-unless-a-dict", "CONN-3")
class ScopeCopiedUnlessADict(Reference):
    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        # Meant to let the connection rely on a plain dict: a scope of any other class (a
        # server's own dict subclass) is copied into one, so ws.scope is not the scope passed in.
        if type(scope) is not dict and isinstance(scope, dict):
            scope = dict(scope)
        super().__init__(scope, receive, send)


# -- iterators stepped after close(), empty and far-off arguments ----------------------------------


@fault("iterator-checks-the-connection-at-its-first-step-only", "ITER-3")
class IteratorChecksTheConnectionOnce(Reference):
    async def iter_text(self) -> Any:
        # Wrong: the connection is judged once, at the first step, and later steps read on; so
        # after close() inside the loop the next step receives the client's next message,
        # where receive_text() would raise.
        self._check_connected()
        while True:
            message = await self.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if message["type"] != "websocket.receive" or text is None:
                raise RuntimeError(f"iter_text() expected a text message, got {message!r}")
            yield text


@fault("iterator-ends-once-the-application-closed", "ITER-3")
class IteratorEndsOnceClosed(Reference):
    async def iter_text(self) -> Any:
        # Wrong: the loop runs while the application has not closed, so the step after close()
        # ends the iteration quietly, where receive_text() would raise.
        while self.application_state is not reference_state.DISCONNECTED:
            try:
                yield await self.receive_text()
            except WebSocketDisconnect:
                return


@fault("accept-checks-only-a-truthy-subprotocol", "ACCEPT-7")
class AcceptChecksOnlyATruthySubprotocol(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        # Wrong: "if subprotocol" for "if subprotocol is not None", so the empty name, offered
        # or not, and a falsy value of another type (b"") skip the check and are sent.
        if not subprotocol:
            self._next_application_state({"type": "websocket.accept"})
            message: Message = {
                "type": "websocket.accept",
                "subprotocol": subprotocol,
                "headers": [] if headers is None else check_accept_headers(headers, subprotocol),
            }
            if self.client_state is reference_state.CONNECTING:
                await self.receive()
            await self.send(message)
            return
        await super().accept(subprotocol, headers)


@fault("iterator-remembers-that-one-ended", "ITER-3")
class IteratorRemembersThatOneEnded(Reference):
    __slots__ = ("_iteration_ended",)

    async def iter_text(self) -> Any:
        # Wrong: meant to spare a receive that would fail, every iterator after one that ended
        # at the disconnect ends at once, where receive_text() raises (RECV-5).
        if getattr(self, "_iteration_ended", False):
            return
        async for item in super().iter_text():
            yield item
        self._iteration_ended = True


@fault("accept-checks-the-first-eight-headers", "ACCEPT-8")
class AcceptChecksTheFirstEightHeaders(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        # Wrong: meant to bound the work a call can cause, only the first eight headers are
        # checked, and the rest are sent as they are.
        if headers is None:
            await super().accept(subprotocol)
            return
        pairs = list(headers)
        self._next_application_state({"type": "websocket.accept"})
        check_subprotocol(subprotocol, self.scope.get("subprotocols", []))
        checked = [*check_accept_headers(pairs[:8], subprotocol), *(tuple(pair) for pair in pairs[8:])]
        if self.client_state is reference_state.CONNECTING:
            await self.receive()
        await self.send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": checked})


@fault("send-text-sends-str-of-a-subclass", "SEND-1")
class SendTextSendsStrOfASubclass(Reference):
    async def send_text(self, data: str) -> None:
        # Wrong: meant to hand the server a plain str, str() of an Enum member that mixes str in
        # is "Kind.NAME", not the text the member holds.
        if isinstance(data, str) and data.__class__ is not str:
            data = str(data)
        await super().send_text(data)


@fault("accept-sends-str-of-a-subclass-subprotocol", "ACCEPT-3")
class AcceptSendsStrOfASubclassSubprotocol(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        # Wrong: meant to hand the server a plain str, str() of an Enum member that mixes str in
        # is "Kind.NAME", not the subprotocol the member holds.
        self._next_application_state({"type": "websocket.accept"})
        check_subprotocol(subprotocol, self.scope.get("subprotocols", []))
        checked = [] if headers is None else check_accept_headers(headers, subprotocol)
        if isinstance(subprotocol, str) and subprotocol.__class__ is not str:
            subprotocol = str(subprotocol)
        if self.client_state is reference_state.CONNECTING:
            await self.receive()
        await self.send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": checked})


@fault("accept-refuses-tuple-subclass-pairs", "ACCEPT-3")
class AcceptRefusesTupleSubclassPairs(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        pairs = None if headers is None else list(headers)
        for pair in pairs or ():
            # Wrong: a pair of a NamedTuple type is a tuple of two bytes, which ACCEPT-8 does not refuse.
            if type(pair) not in (tuple, list):
                raise TypeError(f"accept() header must be a tuple or list, not {pair!r}")
        await super().accept(subprotocol, pairs)


@fault("accept-does-nothing-once-the-client-left", "ACCEPT-6")
class AcceptDoesNothingOnceTheClientLeft(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        # Wrong: meant for a client that left before the handshake was answered, the early
        # return also takes a second accept() after the client left, which ACCEPT-6 refuses.
        if self.client_state is reference_state.DISCONNECTED:
            return
        await super().accept(subprotocol, headers)


@fault("accept-after-receive-drops-the-headers", "ACCEPT-3")
class AcceptAfterReceiveDropsTheHeaders(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        if self.client_state is not reference_state.CONNECTED:
            await super().accept(subprotocol, headers)
            return
        # Wrong: a second path for a connection whose websocket.connect receive() took checks
        # the arguments as the first does, but builds its message without the headers.
        self._next_application_state({"type": "websocket.accept"})
        check_subprotocol(subprotocol, self.scope.get("subprotocols", []))
        if headers is not None:
            check_accept_headers(headers, subprotocol)
        await self.send({"type": "websocket.accept", "subprotocol": subprotocol})


# -- the mapping methods, iterating the headers and the query parameters (CONN-16, HDR-12, QP-11) --


@fault("mapping-get-ignores-the-default", "CONN-16")
class MappingGetIgnoresTheDefault(Reference):
    def get(self, key: str, default: Any = None) -> Any:
        # Wrong: the default is taken, but the scope's own get is asked without it.
        return self.scope.get(key)


@fault("mapping-get-none-read-as-missing", "CONN-16")
class MappingGetNoneReadAsMissing(Reference):
    def get(self, key: str, default: Any = None) -> Any:
        # Wrong: meant to look the key up once, it takes the scope's None for a missing key.
        value = self.scope.get(key)
        return default if value is None else value


@fault("mapping-keys-sorted", "CONN-16")
class MappingKeysSorted(Reference):
    def keys(self) -> Any:
        # Wrong: sorted for a stable listing, where the scope's own order is asked for.
        return sorted(self.scope)


@fault("mapping-values-skip-none", "CONN-16")
class MappingValuesSkipNone(Reference):
    def values(self) -> Any:
        # Wrong: a value of None is taken for a key that is not there.
        return [value for value in self.scope.values() if value is not None]


@fault("mapping-items-of-the-scope-as-built", "CONN-16")
class MappingItemsOfTheScopeAsBuilt(Reference):
    __slots__ = ("_built_with",)

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        super().__init__(scope, receive, send)
        # Wrong: a copy of the scope taken when the connection is built, which later changes miss.
        self._built_with = dict(scope)

    def items(self) -> Any:
        return self._built_with.items()


class _HeadersIteratingNamesOnce(Headers):
    """Headers whose iteration yields each name once, as a ``dict``'s would."""

    __slots__ = ()

    def __iter__(self) -> Any:
        return iter(dict.fromkeys(self.keys()))


@fault("headers-iterate-each-name-once", "HDR-12")
class HeadersIterateEachNameOnce(Reference):
    @property
    def headers(self) -> Headers:
        return _kept_headers(self, super().headers, _HeadersIteratingNamesOnce)


class _QueryParamsItemsOfFirstValues(QueryParams):
    """Query parameters whose ``items()`` give each key's first value."""

    __slots__ = ()

    def items(self) -> Any:
        # Wrong: the first value, as getlist()[0] gives it, where lookups give the last.
        return [(key, self.getlist(key)[0]) for key in self.keys()]


class _QueryParamsMergingKeysAsWritten(QueryParams):
    """Query parameters whose repeated keys are merged by the key as written, before decoding."""

    __slots__ = ()

    @classmethod
    def from_query_string(cls, query_string: bytes) -> QueryParams:
        pieces = [piece for piece in query_string.decode("latin-1").split("&") if piece]
        by_written_key = {piece.partition("=")[0]: parse_query(piece)[0] for piece in pieces}
        params = cls(parse_query(query_string.decode("latin-1")))
        # Wrong: "a" and "%61" are one key; merged as written, the later-written key's last
        # value wins over the last value.
        params._last = dict(by_written_key.values())
        return params


@fault("query-repeats-merged-as-written", "QP-8")
class QueryRepeatsMergedAsWritten(Reference):
    @property
    def query_params(self) -> QueryParams:
        if self._query_params is None:
            self._query_params = _QueryParamsMergingKeysAsWritten.from_query_string(scope_query_string(self.scope))
        return self._query_params


@fault("query-items-first-value", "QP-11")
class QueryItemsFirstValue(Reference):
    @property
    def query_params(self) -> QueryParams:
        return _kept_query_params(self, super().query_params, _QueryParamsItemsOfFirstValues)


class _QueryParamsValuesOfEveryPair(QueryParams):
    """Query parameters whose ``values()`` give every pair's value."""

    __slots__ = ()

    def values(self) -> Any:
        # Wrong: every value of a repeated key, where each key gives one.
        return [value for _, value in self.multi_items()]


@fault("query-values-every-value", "QP-11")
class QueryValuesEveryValue(Reference):
    @property
    def query_params(self) -> QueryParams:
        return _kept_query_params(self, super().query_params, _QueryParamsValuesOfEveryPair)


class _QueryParamsIteratingEveryPair(QueryParams):
    """Query parameters whose iteration yields a key once per pair."""

    __slots__ = ()

    def __iter__(self) -> Any:
        # Wrong: a repeated key comes once per value.
        return (key for key, _ in self.multi_items())


@fault("query-iteration-repeats-keys", "QP-11")
class QueryIterationRepeatsKeys(Reference):
    @property
    def query_params(self) -> QueryParams:
        return _kept_query_params(self, super().query_params, _QueryParamsIteratingEveryPair)


class _QueryParamsKeepingItems(QueryParams):
    """Query parameters that list their items once, and hand that list out."""

    __slots__ = ("_items",)

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(pairs)
        self._items = list(super().items())

    def items(self) -> Any:
        return self._items


@fault("query-items-hands-out-its-list", "QP-11")
class QueryItemsHandsOutItsList(Reference):
    @property
    def query_params(self) -> QueryParams:
        # Meant to list the items once per connection: items() returns the list kept, so what
        # an application adds to it shows in every later call.
        return _kept_query_params(self, super().query_params, _QueryParamsKeepingItems)


# -- receiving, iterating and sending beyond the common paths (RECV, ITER, SEND) ------------------


@fault("receive-allowed-during-a-denial-response", "RECV-4")
class ReceiveAllowedDuringADenialResponse(Reference):
    def _check_connected(self) -> None:
        # Wrong: meant as "not accepted, or closed", the two states listed leave out RESPONSE,
        # so a receive_*() during a denial response that never accepted awaits the peer.
        if self.application_state in (reference_state.CONNECTING, reference_state.DISCONNECTED):
            super()._check_connected()


_ERROR_CLOSE_CODES = frozenset({1002, 1003, 1007, 1008, 1009, 1010, 1011})
"""RFC 6455's close codes that report an error."""


@fault("iterator-raises-on-an-error-close-code", "ITER-2")
class IteratorRaisesOnAnErrorCloseCode(Reference):
    async def _until_a_clean_close(self, receive: Callable[[], Any]) -> Any:
        while True:
            try:
                item = await receive()
            except WebSocketDisconnect as error:
                # Wrong: meant to end the loop on a clean close only, a client that closed with
                # a code reporting an error has its disconnect raised out of the iteration.
                if error.code in _ERROR_CLOSE_CODES:
                    raise
                return
            yield item

    def iter_text(self) -> Any:
        return self._until_a_clean_close(self.receive_text)

    def iter_bytes(self) -> Any:
        return self._until_a_clean_close(self.receive_bytes)

    def iter_json(self) -> Any:
        return self._until_a_clean_close(self.receive_json)


@fault("send-text-checks-by-encoding", "SEND-5")
class SendTextChecksByEncoding(Reference):
    async def send_text(self, data: str) -> None:
        # Wrong: meant to refuse what cannot be encoded, the check lets through any object with
        # an encode() method (a UserString), which is then sent as the message's text.
        try:
            data.encode("utf-8")
        except AttributeError:
            raise TypeError(f"send_text() takes a str, not {type(data).__name__}") from None
        await self.send({"type": "websocket.send", "text": data})


@fault("receive-stays-busy-after-a-missing-payload", "RECV-1")
class ReceiveStaysBusyAfterAMissingPayload(Reference):
    __slots__ = ("_busy",)

    async def _payload_of(self, key: str) -> Any:
        if self.application_state is not reference_state.CONNECTED:
            self._check_connected()
        if getattr(self, "_busy", False) and self.client_state is reference_state.CONNECTED:
            raise RuntimeError("Another task is already receiving on this WebSocket.")
        self._busy = True
        try:
            message = await self.receive()
        except BaseException:
            self._busy = False
            raise
        if message["type"] == "websocket.disconnect":
            self._busy = False
            raise WebSocketDisconnect(message.get("code", 1005), message.get("reason"))
        value = message.get(key)
        if value is None:
            # Wrong: the flag is cleared on the way out of a message read, not of this error,
            # so every later receive_text() or receive_bytes() takes itself for a second receiver.
            raise RuntimeError(f"expected a {key!r} message, got {message!r}")
        self._busy = False
        return value

    async def receive_text(self) -> str:
        text: str = await self._payload_of("text")
        return text

    async def receive_bytes(self) -> bytes:
        data: bytes = await self._payload_of("bytes")
        return data


@fault("send-data-fast-path-during-a-denial-response", "SEND-3")
class SendDataFastPathDuringADenialResponse(Reference):
    async def _send_data(self, message: Message) -> None:
        state = self.application_state
        if state is reference_state.CONNECTING or state is reference_state.DISCONNECTED:
            await self.send(message)  # the state table's refusal
            return
        # Wrong: meant as a fast path once the connection is accepted, it takes every state
        # but the two checked, so a data message goes out in the middle of a denial response.
        try:
            await self._send(message)  # type: ignore[misc]
        except OSError as error:
            self._raise_lost(state, error)

    async def send_text(self, data: str) -> None:
        if data.__class__ is not str:
            check_text_payload(data)
        await self._send_data({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        if data.__class__ is not bytes:
            check_bytes_payload(data)
        await self._send_data({"type": "websocket.send", "bytes": data})


@fault("iterator-receives-during-a-denial-response", "ITER-3")
class IteratorReceivesDuringADenialResponse(Reference):
    async def _payloads(self, key: str) -> Any:
        while True:
            # Wrong: the iteration checks the state itself, and its two states leave out
            # RESPONSE, where receive_text() and receive_bytes() refuse (RECV-4).
            if self.application_state in (reference_state.CONNECTING, reference_state.DISCONNECTED):
                self._check_connected()
            message = await self.receive()
            if message["type"] == "websocket.disconnect":
                return
            value = message.get(key)
            if value is None:
                raise RuntimeError(f"{key!r} is missing from {message!r}")
            yield value

    def iter_text(self) -> Any:
        return self._payloads("text")

    def iter_bytes(self) -> Any:
        return self._payloads("bytes")


@fault("receive-passes-over-an-unexpected-type", "RECV-9")
class ReceivePassesOverAnUnexpectedType(Reference):
    async def _data_message(self) -> Message:
        if self.application_state is not reference_state.CONNECTED:
            self._check_connected()
        while True:
            refused = self.client_state is not reference_state.CONNECTED or self._receiving
            try:
                return await self.receive()
            except RuntimeError:
                # Wrong: meant to tolerate what a server might add, a message of a type the
                # connection does not expect is passed over, and the call reads the next one.
                if refused:
                    raise

    async def receive_text(self) -> str:
        return reference_websocket._text_of(await self._data_message())

    async def receive_bytes(self) -> bytes:
        return reference_websocket._bytes_of(await self._data_message())


@fault("send-ignored-once-both-sides-closed", "SEND-4")
class SendIgnoredOnceBothSidesClosed(Reference):
    def _both_closed(self) -> bool:
        # Wrong: meant to spare an error once there is no one left to send to, a send after the
        # client left and the application closed returns as if sent, where SEND-4 refuses it.
        return self.client_state is reference_state.DISCONNECTED and (
            self.application_state is reference_state.DISCONNECTED
        )

    async def send_text(self, data: str) -> None:
        if not self._both_closed():
            await super().send_text(data)

    async def send_bytes(self, data: bytes) -> None:
        if not self._both_closed():
            await super().send_bytes(data)

    async def send_json(self, data: object, mode: Any = "text") -> None:
        if not self._both_closed():
            await super().send_json(data, mode)


@fault("receive-drains-the-server-after-close", "RECV-5")
class ReceiveDrainsTheServerAfterClose(Reference):
    __slots__ = ("_was_accepted",)

    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        await super().accept(subprotocol, headers)
        self._was_accepted = True

    async def _drained(self, key: str) -> Any:
        # Wrong: meant to let the application read to the end of the closing handshake, once it
        # has closed every call reads from the server, even after the client's disconnect.
        message = await self._receive()  # type: ignore[misc]
        if message["type"] == "websocket.disconnect":
            self.client_state = reference_state.DISCONNECTED
            raise WebSocketDisconnect(message.get("code", 1005), message.get("reason"))
        return message.get(key)

    def _draining(self) -> bool:
        return self.application_state is reference_state.DISCONNECTED and getattr(self, "_was_accepted", False)

    async def receive_text(self) -> str:
        if self._draining():
            text: str = await self._drained("text")
            return text
        return await super().receive_text()

    async def receive_bytes(self) -> bytes:
        if self._draining():
            data: bytes = await self._drained("bytes")
            return data
        return await super().receive_bytes()


@fault("iterator-ended-by-the-next-one-made", "ITER-1")
class IteratorEndedByTheNextOneMade(Reference):
    __slots__ = ("_current",)

    def _newest(self, iterator: Any) -> Any:
        # Wrong: meant as one loop over a connection at a time, making an iterator finishes the
        # one made before it, which then ends at its next step though messages still come.
        previous = getattr(self, "_current", None)
        if previous is not None:
            previous._finished = True
        self._current = iterator
        return iterator

    def iter_text(self) -> Any:
        return self._newest(super().iter_text())

    def iter_bytes(self) -> Any:
        return self._newest(super().iter_bytes())

    def iter_json(self) -> Any:
        return self._newest(super().iter_json())


@fault("raw-send-tidies-a-none-reason", "RAW-1")
class RawSendTidiesANoneReason(Reference):
    async def send(self, message: Message) -> None:
        # Wrong: meant to spare servers a reason of None, it passes on a copy whose reason is "".
        if message.get("type") == "websocket.close" and "reason" in message and message["reason"] is None:
            message = {**message, "reason": ""}
        await super().send(message)


@fault("raw-send-makes-close-codes-plain-ints", "RAW-1")
class RawSendMakesCloseCodesPlainInts(Reference):
    async def send(self, message: Message) -> None:
        # Wrong: what close() does for its own message, done to the caller's: a CloseCode member
        # is replaced by the plain int in a copy of the message.
        code = message.get("code")
        if message.get("type") == "websocket.close" and isinstance(code, int) and code.__class__ is not int:
            message = {**message, "code": int(code)}
        await super().send(message)


@fault("raw-send-makes-header-pairs-tuples", "RAW-1")
class RawSendMakesHeaderPairsTuples(Reference):
    async def send(self, message: Message) -> None:
        # Wrong: header pairs given as lists, which ASGI allows, are made tuples in a copy of the message.
        headers = message.get("headers")
        if message.get("type") in ("websocket.accept", "websocket.http.response.start") and headers:
            pairs = cast("list[Sequence[bytes]]", headers)
            if any(not isinstance(pair, tuple) for pair in pairs):
                message = {**message, "headers": [tuple(pair) for pair in pairs]}
        await super().send(message)


@fault("raw-receive-tidies-a-none-reason", "RAW-2")
class RawReceiveTidiesANoneReason(Reference):
    async def receive(self) -> Message:
        # Wrong: a disconnect's reason of None is made "" in place, so the caller gets another
        # message than the server's.
        message = await super().receive()
        if message.get("type") == "websocket.disconnect" and "reason" in message and message["reason"] is None:
            message["reason"] = ""
        return message


def _refuse_a_tuple(value: object) -> None:
    if isinstance(value, tuple):
        raise TypeError("Object of type tuple is not JSON serializable")


@fault("send-json-refuses-tuples", "JSON-8")
class SendJsonRefusesTuples(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # Wrong: json.dumps writes a tuple as an array; this takes it for a type JSON has no form for.
        _walk_dicts_and_lists(data, _refuse_a_tuple)
        await super().send_json(data, mode)


def _check_send_depth(value: object, depth: int = 0, walked: set[int] | None = None) -> None:
    """Refuse arrays and objects nested more than 16 deep in ``value``."""
    walked = set() if walked is None else walked
    if id(value) in walked:
        return  # a circle: json.dumps reports it
    walked.add(id(value))
    if isinstance(value, dict | list | tuple):
        if depth >= 16:
            raise ValueError("JSON nested too deeply")
        items = cast("dict[object, object]", value).values() if isinstance(value, dict) else value
        for item in cast("Iterable[object]", items):
            _check_send_depth(item, depth + 1, walked)


@fault("send-json-depth-limit", "JSON-8")
class SendJsonDepthLimit(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        # A "hardening" limit json.dumps does not have: deeper data is refused.
        _check_send_depth(data)
        await super().send_json(data, mode)


def _refuse_lone_surrogates(value: object) -> object:
    """``value``, after refusing any ``str`` in it that UTF-8 cannot encode, with ``UnicodeEncodeError``."""
    if isinstance(value, str):
        value.encode("utf-8")
    elif isinstance(value, dict):
        for key, item in cast("dict[object, object]", value).items():
            _refuse_lone_surrogates(key)
            _refuse_lone_surrogates(item)
    elif isinstance(value, list):
        for item in cast("list[object]", value):
            _refuse_lone_surrogates(item)
    return value


@fault("receive-json-refuses-lone-surrogates", "JSON-3")
class ReceiveJsonRefusesLoneSurrogates(Reference):
    async def receive_json(self, mode: Any = "text") -> Any:
        # Wrong: json.loads reads the escape "\ud800" as the lone surrogate it names; a parser that
        # only yields text it could write back as UTF-8 refuses it.
        return _refuse_lone_surrogates(await super().receive_json(mode))


class _JsonKindByKey(Reference):
    """``receive_json`` that takes a message holding the other payload key, even as ``None``, for the other kind."""

    async def receive_json(self, mode: Any = "text") -> Any:
        if mode not in ("text", "binary") or self.application_state is not reference_state.CONNECTED:
            return await super().receive_json(mode)
        message = await self.receive()
        other = "bytes" if mode == "text" else "text"
        # Wrong: ASGI lets a message hold both keys while one is None; the kind is the key that is not None.
        if message.get("type") == "websocket.receive" and other in message:
            key = "text" if mode == "text" else "bytes"
            raise RuntimeError(f"receive_json(mode={mode!r}) needs a {key!r} payload, but the message has {other!r}")
        if mode == "text":
            return reference_websocket._json_of(message)
        return reference_websocket._binary_json_of(message)


@fault("receive-json-kind-by-key", "JSON-3")
class ReceiveJsonKindByKey(_JsonKindByKey):
    async def receive_json(self, mode: Any = "text") -> Any:
        if mode == "binary":
            return await Reference.receive_json(self, mode)
        return await super().receive_json(mode)


@fault("receive-json-binary-kind-by-key", "JSON-4")
class ReceiveJsonBinaryKindByKey(_JsonKindByKey):
    async def receive_json(self, mode: Any = "text") -> Any:
        if mode == "text":
            return await Reference.receive_json(self, mode)
        return await super().receive_json(mode)


def _kind_by_key(read: Callable[[Message], Any], other: str) -> Callable[[Message], Any]:
    """``read``, refusing a ``websocket.receive`` message that holds the key ``other``, even as ``None``."""

    def read_by_key(message: Message) -> Any:
        # Wrong: the iterators' own reading takes the key's presence for the message's kind.
        if message.get("type") == "websocket.receive" and other in message:
            raise RuntimeError(f"the iterator received a message with {other!r}")
        return read(message)

    return read_by_key


@fault("iterators-take-the-kind-by-key", "ITER-1")
class IteratorsTakeTheKindByKey(Reference):
    def iter_text(self) -> Any:
        return reference_websocket._Messages(
            self, self._check_connected, _kind_by_key(reference_websocket._text_of, "bytes")
        )

    def iter_bytes(self) -> Any:
        return reference_websocket._Messages(
            self, self._check_connected, _kind_by_key(reference_websocket._bytes_of, "text")
        )

    def iter_json(self) -> Any:
        return reference_websocket._Messages(
            self, self._check_connected, _kind_by_key(reference_websocket._json_of, "bytes")
        )


@fault("send-json-binary-lets-the-os-error-through", "STATE-14")
class SendJsonBinaryLetsTheOSErrorThrough(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        if mode != "binary":
            await super().send_json(data, mode)
            return
        # Wrong: meant as a thin path for binary frames, the peer's OSError is handed on as it
        # came, where STATE-14 has send_json() raise WebSocketDisconnect(1006) in either mode.
        message: Message = {"type": "websocket.send", "bytes": encode_json(data).encode("utf-8")}
        try:
            await self.send(message)
        except WebSocketDisconnect as lost:
            if isinstance(lost.__cause__, OSError):
                raise lost.__cause__ from None
            raise


@fault("accept-takes-a-mapping-of-headers", "ACCEPT-8")
class AcceptTakesAMappingOfHeaders(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        # Wrong: meant as a convenience, a mapping is read as its items, where it is an iterable
        # of names, none of them a pair, which ACCEPT-8 refuses.
        if isinstance(headers, Mapping):
            headers = list(cast("Mapping[bytes, bytes]", headers).items())
        await super().accept(subprotocol, headers)


_VALUE_WITHOUT_BREAKS = re.compile(rb"^[^\r\n\x00]*$")
"""A header value check anchored with ``$``, which also matches before a final newline."""


@fault("accept-value-check-passes-a-final-lf", "ACCEPT-8")
class AcceptValueCheckPassesAFinalLF(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        if headers is None:
            await super().accept(subprotocol)
            return
        pairs = list(headers)
        self._next_application_state({"type": "websocket.accept"})
        check_subprotocol(subprotocol, self.scope.get("subprotocols", []))
        # Wrong: the values are checked with ^...$, whose $ matches before a last LF, so a value
        # ending in LF passes: the reference's check runs on each value without that LF.
        for pair in pairs:
            value = pair[1] if isinstance(pair, tuple | list) and len(pair) == 2 else None
            if isinstance(value, bytes) and _VALUE_WITHOUT_BREAKS.match(value) is None:
                raise ValueError(f"accept() header {pair[0]!r} has a value with CR, LF or NUL")
        trimmed = [
            (pair[0], pair[1][:-1]) if isinstance(pair, tuple) and len(pair) == 2 and pair[1][-1:] == b"\n" else pair
            for pair in pairs
        ]
        check_accept_headers(trimmed, subprotocol)
        if self.client_state is reference_state.CONNECTING:
            await self.receive()
        await self.send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": [tuple(p) for p in pairs]})


@fault("denial-calls-the-app-by-keyword", "DENY-2")
class DenialCallsTheAppByKeyword(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        async def by_keyword(scope: Scope, receive: Receive, send: Send) -> None:
            # Wrong: an ASGI application is called with three arguments by position; one whose
            # parameters have other names, or are positional only, cannot take these.
            await cast("Any", response)(scope=scope, receive=receive, send=send)

        await super().send_denial_response(by_keyword)


@fault("denial-lets-a-body-through-before-its-start", "DENY-9")
class DenialLetsABodyThroughBeforeItsStart(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        async def send(message: Message) -> None:
            # Wrong: the denial's own send reads a body by its more_body alone, so a body sent
            # before any start reaches the peer, where the sending table refuses it.
            if message.get("type") == "websocket.http.response.body" and (
                self.application_state is reference_state.CONNECTING
            ):
                more = bool(message.get("more_body"))
                self.application_state = reference_state.RESPONSE if more else reference_state.DISCONNECTED
                try:
                    await cast("Send", self._send)(message)
                except OSError:
                    self.application_state = reference_state.DISCONNECTED
                    raise
                return
            await self.send(message)

        async def app(scope: Scope, receive: Receive, _: Send) -> None:
            await response(scope, receive, send)

        await super().send_denial_response(app)


@fault("send-json-binary-takes-stream-errors-for-a-disconnect", "STATE-15")
class SendJsonBinaryTakesStreamErrorsForADisconnect(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        if mode != "binary":
            await super().send_json(data, mode)
            return
        try:
            await super().send_json(data, mode)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError) as error:
            # Wrong: meant for an anyio server whose client is gone, the binary path turns the
            # server's own errors into a lost connection, where STATE-15 has them propagate.
            raise WebSocketDisconnect(1006) from error


@fault("accept-sends-the-first-64-headers", "ACCEPT-3")
class AcceptSendsTheFirst64Headers(Reference):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        if headers is None:
            await super().accept(subprotocol)
            return
        # Wrong: meant to bound the handshake's size, every header is checked but only the
        # first 64 are sent, where ACCEPT-3 has each given pair sent.
        pairs = check_accept_headers(headers, subprotocol)
        await super().accept(subprotocol, pairs[:64])


@fault("send-json-binary-moves-no-state", "STATE-16")
class SendJsonBinaryMovesNoState(Reference):
    async def send_json(self, data: Any, mode: Any = "text") -> None:
        if mode != "binary" or self.application_state is not reference_state.CONNECTED:
            await super().send_json(data, mode)
            return
        # Wrong: meant as a fast path for binary frames on an open connection, it goes to the
        # peer past the send funnel, so a lost connection leaves application_state CONNECTED
        # and the sends after it reach the peer, which STATE-9 and STATE-16 forbid.
        message: Message = {"type": "websocket.send", "bytes": encode_json(data).encode("utf-8")}
        try:
            await cast("Send", self._send)(message)
        except OSError as error:
            raise WebSocketDisconnect(1006) from error


# -- false greens found by review in CLOSE, RECV and EXC --------------------------------------------


@fault("close-quiet-once-the-client-left", "CLOSE-4")
class CloseQuietOnceTheClientLeft(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        # Meant to spare an application a close it cannot deliver: once the client has left,
        # every close() returns, so a second one is not refused either.
        if self.client_state is reference_state.DISCONNECTED:
            return
        await super().close(code, reason)


_NO_CODE: Any = object()
"""The default of a ``close()`` that tells a call without a code from ``close(1000)``."""


@fault("close-defaults-to-1008-before-accept", "CLOSE-1")
class CloseDefaultsTo1008BeforeAccept(Reference):
    async def close(self, code: int = _NO_CODE, reason: str | None = None) -> None:
        # Meant to tell a refused handshake from a normal end: close() with no code sends 1008
        # (policy violation) before accept(), where CLOSE-1 gives close() 1000 whenever it is called.
        if code is _NO_CODE:
            code = 1008 if self.application_state is reference_state.CONNECTING else 1000
        await super().close(code, reason)


def _index_code(code: object) -> int:
    """``code`` as ``operator.index()`` reads it: any integer type, a bool kept out."""
    if isinstance(code, bool):
        raise TypeError("close code must be an int, not bool")
    # Wrong: meant to take a NumPy integer as the int it stands for, it lets any object that
    # converts to an int through, where CLOSE-12 refuses what is not an int.
    return operator.index(code)  # type: ignore[arg-type]


@fault("close-takes-an-integer-like-code", "CLOSE-12")
class CloseTakesAnIntegerLikeCode(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await super().close(_index_code(code), reason)


class _CloseAppOfIntegerLikeCodes(WebSocketClose):
    """A ``WebSocketClose`` that takes any object ``operator.index()`` converts as its code."""

    __slots__ = ()

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        super().__init__(_index_code(code), reason)


replaced("close-app-takes-an-integer-like-code", "CLOSE-13", WebSocketClose=_CloseAppOfIntegerLikeCodes)


class _CloseAppStrippingReason(WebSocketClose):
    """A ``WebSocketClose`` that strips its reason."""

    __slots__ = ()

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        super().__init__(code, reason)
        # Wrong: meant to tidy the reason up, it sends other text than the application gave.
        self.reason = self.reason.strip()


replaced("close-app-strips-the-reason", "CLOSE-5", WebSocketClose=_CloseAppStrippingReason)


@fault("missing-payload-error-silent-on-neither", "RECV-6")
class MissingPayloadErrorSilentOnNeither(Reference):
    async def receive_text(self) -> str:
        try:
            return await super().receive_text()
        except WebSocketDisconnect:
            raise
        except RuntimeError as error:
            # Wrong: where the message holds no payload at all, the error names the key missing
            # and says nothing of what the message holds instead (neither key).
            if "neither" in str(error):
                raise RuntimeError("receive_text() needs a 'text' payload") from None
            raise


class _DisconnectRefusingALongReason(WebSocketDisconnect):
    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        # Wrong: meant to hold what a close frame carries, it refuses a reason that close() would
        # (CLOSE-14), where an exception holds any reason it is given.
        check_close_reason(reason)
        super().__init__(code, reason)


replaced("disconnect-exception-refuses-a-long-reason", "EXC-1", WebSocketDisconnect=_DisconnectRefusingALongReason)


@fault("channel-methods-refused-unless-both-given", "CONN-2")
class ChannelMethodsRefusedUnlessBothGiven(Reference):
    def _check_both(self) -> None:
        # Wrong: a connection built with one channel refuses what awaits only the other as well.
        if self._receive is None or self._send is None:
            raise RuntimeError("this WebSocket was built without its receive and send callables")

    async def receive(self) -> Message:
        self._check_both()
        return await super().receive()

    async def send(self, message: Message) -> None:
        self._check_both()
        await super().send(message)


@fault("send-refused-only-once-after-close", "SEND-4")
class SendRefusedOnlyOnceAfterClose(Reference):
    __slots__ = ("_refused_once",)

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        super().__init__(scope, receive, send)
        self._refused_once = False

    async def send(self, message: Message) -> None:
        closed = self.application_state is reference_state.DISCONNECTED
        if closed and message.get("type") == "websocket.send" and self._refused_once and self._send is not None:
            # Wrong: meant to warn once, it lets data through after the first refusal.
            await self._send(message)
            return
        if closed and message.get("type") == "websocket.send":
            self._refused_once = True
        await super().send(message)


@fault("send-counts-a-refused-accept-as-accepted", "SEND-3")
class SendCountsARefusedAcceptAsAccepted(Reference):
    __slots__ = ("_accept_called",)

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        super().__init__(scope, receive, send)
        self._accept_called = False

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        # Wrong: marked before the arguments are checked, so an accept() that raised counts as done.
        self._accept_called = True
        await super().accept(subprotocol, headers)

    async def send(self, message: Message) -> None:
        unaccepted = self.application_state is reference_state.CONNECTING
        if unaccepted and self._accept_called and message.get("type") == "websocket.send" and self._send is not None:
            await self._send(message)
            return
        await super().send(message)


@fault("send-bytes-waits-for-a-pending-receive", "SEND-2")
class SendBytesWaitsForAPendingReceive(Reference):
    async def send_bytes(self, data: bytes) -> None:
        # Wrong: meant to keep binary frames apart from a read, it holds them back until it ends.
        while self._receiving:
            await anyio.sleep(0.01)
        await super().send_bytes(data)
