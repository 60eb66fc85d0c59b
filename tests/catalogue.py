"""Broken implementations: the reference or Starlette 1.10, each with one seeded fault.

Each fault is a binding module built in memory from its base module with one name replaced,
registered in ``sys.modules`` so the suite loads it like any other binding. The catalogue
test runs the suite against each and requires a failed clause that the base passes.
"""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import starlette.websockets

import wsproto_api.reference
from wsproto_api.asgi import ASGIApp, Message
from wsproto_api.reference import URL, Headers, QueryParams, WebSocketDisconnect
from wsproto_api.reference import WebSocket as Reference
from wsproto_api.reference import state as reference_state
from wsproto_api.reference.arguments import MAX_REASON_BYTES, check_accept_headers, check_subprotocol

Starlette = starlette.websockets.WebSocket


@dataclass(frozen=True)
class Fault:
    """One seeded fault: its base binding and the names it replaces there."""

    name: str
    base: types.ModuleType
    replaces: dict[str, object]

    @property
    def module_name(self) -> str:
        """Where the broken binding is registered in ``sys.modules``."""
        return f"tests.catalogue.broken.{self.name}"

    def install(self) -> str:
        """Register the broken binding module; return its module path."""
        module = types.ModuleType(self.module_name, f"{self.base.__name__} with one fault: {self.name}")
        module.__dict__.update({k: v for k, v in vars(self.base).items() if not k.startswith("__")})
        module.__dict__.update(self.replaces)
        sys.modules[self.module_name] = module
        return self.module_name


FAULTS: list[Fault] = []


def fault(name: str, base: types.ModuleType = wsproto_api.reference) -> Callable[[type], type]:
    """Register the decorated ``WebSocket`` subclass as the fault ``name``."""

    def register(cls: type) -> type:
        FAULTS.append(Fault(name, base, {"WebSocket": cls}))
        return cls

    return register


def replaced(name: str, base: types.ModuleType = wsproto_api.reference, **names: object) -> None:
    """Register the fault ``name``: ``base`` with other module names replaced."""
    FAULTS.append(Fault(name, base, dict(names)))


# -- state machine ---------------------------------------------------------------------------


@fault("accept-leaves-application-state")
class AcceptLeavesState(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        await self.receive()
        await self._send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": list(headers or [])})


@fault("disconnect-keeps-client-connected")
class DisconnectKeepsConnected(Reference):
    async def receive(self) -> Message:
        message = await super().receive()
        if message["type"] == "websocket.disconnect":
            self.client_state = reference_state.CONNECTED
        return message


@fault("send-after-close-allowed")
class SendAfterCloseAllowed(Reference):
    def _next_application_state(self, message: Message) -> reference_state.WebSocketState:
        if self.application_state is reference_state.DISCONNECTED:
            return reference_state.DISCONNECTED
        return super()._next_application_state(message)


@fault("unknown-received-type-accepted")
class UnknownReceivedTypeAccepted(Reference):
    async def receive(self) -> Message:
        message = await self._receive()  # type: ignore[misc]
        if message["type"] in ("websocket.connect", "websocket.receive", "websocket.disconnect"):
            self.client_state = reference_state.next_client_state(self.client_state, message)
        return message


@fault("send-before-accept-allowed")
class SendBeforeAccept(Reference):
    async def send_text(self, data: str) -> None:
        await self._send({"type": "websocket.send", "text": data})  # type: ignore[misc]


@fault("second-accept-allowed")
class SecondAccept(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        if self.application_state is reference_state.CONNECTED:
            await self._send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": []})  # type: ignore[misc]
            return
        await super().accept(subprotocol, headers)


@fault("accept-receives-again")
class AcceptReceivesAgain(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        if self.client_state is reference_state.CONNECTED:
            await self._receive()  # type: ignore[misc]
        await super().accept(subprotocol, headers)


@fault("accept-drops-headers")
class AcceptDropsHeaders(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        await super().accept(subprotocol, None)


# -- OSError handling ------------------------------------------------------------------------


@fault("oserror-propagates-when-connected")
class OSErrorPropagates(Reference):
    async def send(self, message: Message) -> None:
        self.application_state = self._next_application_state(message)
        await self._send(message)  # type: ignore[misc]


@fault("oserror-converted-before-accept")
class OSErrorAlwaysConverted(Reference):
    async def send(self, message: Message) -> None:
        try:
            await super().send(message)
        except OSError as exc:
            self.application_state = reference_state.DISCONNECTED
            raise WebSocketDisconnect(1006) from exc


@fault("failed-accept-leaves-connected")
class FailedAcceptLeavesConnected(Reference):
    async def send(self, message: Message) -> None:
        state = self.application_state
        try:
            await super().send(message)
        except OSError:
            if state is not reference_state.CONNECTED:
                self.application_state = reference_state.next_application_state(state, message)
            raise


# -- JSON modes ------------------------------------------------------------------------------


@fault("json-default-separators")
class JSONSpaces(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:  # type: ignore[override]
        await self.send_text(json.dumps(data, ensure_ascii=False))


@fault("json-ascii-escapes")
class JSONAsciiEscapes(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:  # type: ignore[override]
        await self.send_text(json.dumps(data, separators=(",", ":")))


@fault("json-binary-mode-sends-text")
class JSONBinarySendsText(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:  # type: ignore[override]
        await super().send_json(data, "text")


@fault("json-binary-mode-reads-text")
class JSONBinaryReadsText(Reference):
    async def receive_json(self, mode: str = "text") -> Any:  # type: ignore[override]
        return await super().receive_json("text")


@fault("json-any-mode-accepted")
class JSONAnyMode(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:  # type: ignore[override]
        await super().send_json(data, "binary" if mode == "binary" else "text")


# -- receiving ----------------------------------------------------------------------------


@fault("disconnect-reason-none")
class DisconnectReasonNone(Reference):
    async def receive_text(self) -> str:
        try:
            return await super().receive_text()
        except WebSocketDisconnect as exc:
            exc.reason = None  # type: ignore[assignment]
            raise


@fault("receive-text-returns-bytes")
class ReceiveTextReturnsBytes(Reference):
    async def receive_text(self) -> str:
        self._check_connected()
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1005), message.get("reason"))
        return message.get("bytes") or message.get("text")  # type: ignore[no-any-return]


@fault("receive-before-accept-allowed")
class ReceiveBeforeAccept(Reference):
    def _check_connected(self) -> None:
        pass


# -- iteration ------------------------------------------------------------------------------


@fault("iterator-raises-on-disconnect")
class IteratorRaises(Reference):
    def iter_text(self) -> Any:
        async def messages() -> Any:
            while True:
                yield await self.receive_text()

        return messages()


@fault("iterator-swallows-errors")
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


@fault("close-default-code-1001")
class CloseGoingAway(Reference):
    async def close(self, code: int = 1001, reason: str | None = None) -> None:
        await super().close(code, reason)


@fault("close-reason-none-sent-as-none")
class CloseReasonNone(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.close", "code": code, "reason": reason})


@fault("close-before-accept-receives")
class CloseBeforeAcceptReceives(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if self.client_state is reference_state.CONNECTING:
            await self.receive()
        await super().close(code, reason)


# -- denial response ------------------------------------------------------------------------


@fault("denial-without-extension")
class DenialWithoutExtension(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        await response(self.scope, self.receive, self.send)


@fault("denial-bypasses-state-machine")
class DenialBypassesStates(Reference):
    async def send_denial_response(self, response: ASGIApp) -> None:
        if "websocket.http.response" not in (self.scope.get("extensions") or {}):
            raise RuntimeError("no denial response extension")
        await response(self.scope, self._receive, self._send)  # type: ignore[arg-type]


# -- URL building ---------------------------------------------------------------------------


@fault("url-default-scheme-http")
class URLDefaultHTTP(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        return URL(url.replace(scheme="http")) if "scheme" not in self.scope else url


@fault("url-keeps-default-port")
class URLKeepsDefaultPort(Reference):
    @property
    def url(self) -> URL:
        url = super().url
        server = self.scope.get("server")
        if server and url.port is None and "host" not in self.headers:
            return URL(url.replace(netloc=f"{url.netloc}:{server[1]}"))
        return url


@fault("url-path-unescaped")
class URLPathUnescaped(Reference):
    @property
    def url(self) -> URL:
        return URL(str(super().url).replace("%3F", "?").replace("%23", "#"))


@fault("url-ignores-host-header")
class URLIgnoresHost(Reference):
    @property
    def url(self) -> URL:
        scope = {**self.scope, "headers": []}
        return Reference(scope).url


@fault("url-not-cached")
class URLNotCached(Reference):
    @property
    def url(self) -> URL:
        return URL(str(super().url))


# -- headers and query parameters -----------------------------------------------------------


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


@fault("headers-case-sensitive")
class HeadersCaseSensitive(Reference):
    @property
    def headers(self) -> Headers:
        return CaseSensitiveHeaders(self.scope["headers"])


class LastValueHeaders(Headers):
    def __getitem__(self, key: str) -> str:
        values = self.getlist(key)
        if not values:
            raise KeyError(key)
        return values[-1]


@fault("headers-last-value")
class HeadersLastValue(Reference):
    @property
    def headers(self) -> Headers:
        return LastValueHeaders(self.scope["headers"])


class FirstValueQueryParams(QueryParams):
    def __getitem__(self, key: str) -> str:
        return self.getlist(key)[0]


@fault("query-first-value")
class QueryFirstValue(Reference):
    @property
    def query_params(self) -> QueryParams:
        return FirstValueQueryParams(super().query_params.multi_items())


@fault("query-plus-kept")
class QueryPlusKept(Reference):
    @property
    def query_params(self) -> QueryParams:
        raw = self.scope["query_string"].replace(b"+", b"%2B")
        return QueryParams.from_query_string(raw)


# -- the mapping interface and connection data ----------------------------------------------


@fault("mapping-len-off-by-one")
class MappingLen(Reference):
    def __len__(self) -> int:
        return len(self.scope) + 1


@fault("mapping-writable")
class MappingWritable(Reference):
    def __setitem__(self, key: str, value: object) -> None:
        self.scope[key] = value


@fault("equal-by-scope")
class EqualByScope(Reference):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reference) and other.scope is self.scope

    __hash__ = Reference.__hash__


@fault("client-plain-tuple")
class ClientPlainTuple(Reference):
    @property
    def client(self) -> Any:
        client = self.scope.get("client")
        return None if client is None else tuple(client)


@fault("path-params-none")
class PathParamsNone(Reference):
    @property
    def path_params(self) -> Any:
        return self.scope.get("path_params")


@fault("cookies-quotes-kept")
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


replaced("disconnect-exception-reason-none", WebSocketDisconnect=DisconnectWithoutDefaultReason)


# -- bad arguments, bad payloads, cancellation and concurrent receives -----------------------


@fault("close-sends-any-code")
class CloseAnyCode(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})


@fault("close-allows-reserved-1015-and-unassigned")
class CloseAllowsUnassigned(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if code == 1015 or 1016 <= code < 3000:
            await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})
            return
        await super().close(code, reason)


@fault("close-reason-length-in-characters")
class CloseReasonCharacters(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if reason is not None and len(reason) <= MAX_REASON_BYTES:
            await self.send({"type": "websocket.close", "code": code, "reason": reason})
            return
        await super().close(code, reason)


@fault("close-reason-any-type")
class CloseReasonAnyType(Reference):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await super().close(code, None if reason is None else str(reason))


def _accept_without(*skipped: str) -> type[Reference]:
    """A ``WebSocket`` whose ``accept()`` leaves out the named argument checks."""

    class AcceptWithout(Reference):
        async def accept(
            self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
        ) -> None:
            if "subprotocol" not in skipped:
                check_subprotocol(subprotocol, self.scope.get("subprotocols") or ())
            pairs = list(headers or [])
            if "headers" not in skipped:
                check_accept_headers([(n, v) for n, v in pairs if n.lower() != b"sec-websocket-protocol"], None)
            if "protocol-header" not in skipped:
                check_accept_headers([(n, v) for n, v in pairs if n.lower() == b"sec-websocket-protocol"], subprotocol)
            if self.client_state is reference_state.CONNECTING:
                await self.receive()
            await self.send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": pairs})

    return AcceptWithout


FAULTS.append(
    Fault("accept-sends-unoffered-subprotocol", wsproto_api.reference, {"WebSocket": _accept_without("subprotocol")})
)
FAULTS.append(Fault("accept-sends-malformed-headers", wsproto_api.reference, {"WebSocket": _accept_without("headers")}))
FAULTS.append(
    Fault(
        "accept-sends-conflicting-protocol-header",
        wsproto_api.reference,
        {"WebSocket": _accept_without("protocol-header")},
    )
)


@fault("accept-checks-after-receiving-connect")
class AcceptChecksLate(Reference):
    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        if self.client_state is reference_state.CONNECTING and self.application_state is reference_state.CONNECTING:
            await self.receive()
        await super().accept(subprotocol, headers)


@fault("send-text-sends-any-type")
class SendTextAnyType(Reference):
    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": data})


@fault("send-bytes-sends-bytearray")
class SendBytesBytearray(Reference):
    async def send_bytes(self, data: object) -> None:
        if isinstance(data, bytearray | memoryview):
            await self.send({"type": "websocket.send", "bytes": data})
            return
        await super().send_bytes(data)  # type: ignore[arg-type]


@fault("send-json-sends-nan")
class SendJSONNaN(Reference):
    async def send_json(self, data: object, mode: str = "text") -> None:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        await self.send(
            {"type": "websocket.send", "text": text}
            if mode == "text"
            else {"type": "websocket.send", "bytes": text.encode()}
        )


@fault("receive-json-invalid-disconnects")
class ReceiveJSONInvalidDisconnects(Reference):
    async def receive_json(self, mode: str = "text") -> Any:
        try:
            return await super().receive_json(mode)  # type: ignore[arg-type]
        except ValueError:
            self.client_state = reference_state.DISCONNECTED
            raise


@fault("missing-payload-error-names-only-the-key")
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


@fault("cancelled-receive-stays-busy")
class CancelledReceiveStaysBusy(Reference):
    async def receive(self) -> Message:
        if self._receiving:
            raise RuntimeError("Another task is already receiving on this WebSocket.")
        self._receiving = True
        # No try/finally: a cancelled receive leaves the flag set.
        message = await self._receive()  # type: ignore[misc]
        self._receiving = False
        self.client_state = reference_state.next_client_state(self.client_state, message)
        return message


@fault("concurrent-receives-both-wait")
class ConcurrentReceives(Reference):
    async def receive(self) -> Message:
        self._receiving = False
        return await super().receive()


class StrictlyEncodedHeaders(Headers):
    def _encoded(self, key: object) -> None:
        if isinstance(key, str):
            key.encode("latin-1")  # raises UnicodeEncodeError for a name outside latin-1

    def getlist(self, key: str) -> list[str]:
        self._encoded(key)
        return super().getlist(key)

    def __getitem__(self, key: str) -> str:
        self._encoded(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._encoded(key)
        return super().__contains__(key)


@fault("header-lookup-encodes-names-strictly")
class HeaderLookupEncodes(Reference):
    @property
    def headers(self) -> Headers:
        return StrictlyEncodedHeaders(self.scope["headers"])


@fault("query-params-need-query-string")
class QueryParamsNeedQueryString(Reference):
    @property
    def query_params(self) -> QueryParams:
        return QueryParams.from_query_string(self.scope["query_string"])


# -- Starlette with one fault ----------------------------------------------------------------


@fault("starlette-json-default-separators", starlette.websockets)
class StarletteJSONSpaces(Starlette):
    async def send_json(self, data: Any, mode: str = "text") -> None:
        await self.send({"type": "websocket.send", "text": json.dumps(data)})


@fault("starlette-iterator-raises", starlette.websockets)
class StarletteIteratorRaises(Starlette):
    async def iter_text(self) -> Any:
        while True:
            yield await self.receive_text()


@fault("starlette-close-reason-none", starlette.websockets)
class StarletteCloseReasonNone(Starlette):
    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.close", "code": code, "reason": reason})


@fault("starlette-receive-bytes-reads-text", starlette.websockets)
class StarletteReceiveBytesReadsText(Starlette):
    async def receive_bytes(self) -> bytes:
        message = await self.receive()
        self._raise_on_disconnect(message)
        return message.get("text", "").encode()  # type: ignore[no-any-return]


@fault("starlette-accept-ignores-subprotocol", starlette.websockets)
class StarletteAcceptIgnoresSubprotocol(Starlette):
    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        await super().accept(None, headers)


@fault("starlette-headers-last-value", starlette.websockets)
class StarletteHeadersLast(Starlette):
    @property
    def headers(self) -> Any:
        return LastValueHeaders(self.scope["headers"])
