"""CONN-7, CONN-8: a malformed scope gives an error that names the scope key at fault."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.peer import make_scope
from wsproto_api.asgi import Scope
from wsproto_api.reference import WebSocket

SCOPE_ERRORS = (ValueError, TypeError)
"""CONN-8: the error for a malformed scope is a ValueError or a TypeError."""

_MISSING = object()


def scope_with(key: str, value: Any) -> Scope:
    """A valid scope with ``key`` set to ``value``, or removed when ``value`` is ``_MISSING``."""
    scope = make_scope(path="/chat", query_string=b"a=1")
    if value is _MISSING:
        del scope[key]
    else:
        scope[key] = value
    return scope


def build_and_read(scope: Any, attribute: str | None) -> None:
    """Build a connection over ``scope`` and, if given, read one of its attributes."""
    ws = WebSocket(scope)
    if attribute is not None:
        getattr(ws, attribute)


# -- type (CONN-7, CONN-8) ---------------------------------------------------------------


@pytest.mark.clause("CONN-7", "CONN-8")
@pytest.mark.parametrize("value", [_MISSING, "http", "lifespan", "Websocket", "", None, b"websocket"])
def test_bad_type_names_type(value: Any) -> None:
    with pytest.raises(SCOPE_ERRORS, match=r"\btype\b"):
        WebSocket(scope_with("type", value))


@pytest.mark.clause("CONN-7")
@pytest.mark.parametrize(
    "scope", [None, [], "websocket", 42, [("type", "websocket")], (("type", "websocket"),)], ids=repr
)
def test_scope_that_is_not_a_mapping_is_a_type_error(scope: object) -> None:
    with pytest.raises(TypeError):
        WebSocket(scope)  # type: ignore[arg-type]


# -- headers (CONN-8) --------------------------------------------------------------------


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("attribute", ["headers", "url", "cookies"])
@pytest.mark.parametrize(
    "value",
    [
        _MISSING,
        5,
        [(b"host",)],
        [(b"host", b"example.org", b"extra")],
        [b"host"],
        [(b"x", b"1"), 7],
        [("host", "example.org")],
        [("host", b"example.org")],
        [(b"host", "example.org")],
        [(b"host", None)],
    ],
    ids=lambda value: "missing" if value is _MISSING else repr(value),
)
def test_bad_headers_name_headers(attribute: str, value: Any) -> None:
    with pytest.raises(SCOPE_ERRORS, match=r"\bheaders\b"):
        build_and_read(scope_with("headers", value), attribute)


@pytest.mark.clause("CONN-8", "HDR-6")
def test_headers_as_pairs_of_lists_are_accepted() -> None:
    ws = WebSocket(scope_with("headers", [[b"host", b"example.org"]]))
    assert ws.headers["host"] == "example.org"
    assert ws.url == "ws://example.org/chat?a=1"


# -- path, query_string (CONN-8) ---------------------------------------------------------


@pytest.mark.clause("CONN-8")
def test_missing_path_names_path() -> None:
    with pytest.raises(SCOPE_ERRORS, match=r"\bpath\b"):
        build_and_read(scope_with("path", _MISSING), "url")


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("attribute", ["url", "query_params"])
@pytest.mark.parametrize("value", ["a=1", 1, ["a=1"], bytearray(b"a=1")], ids=repr)
def test_query_string_not_bytes_names_query_string(attribute: str, value: Any) -> None:
    with pytest.raises(SCOPE_ERRORS, match=r"\bquery_string\b"):
        build_and_read(scope_with("query_string", value), attribute)


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [b"a=\xff", b"q=caf\xe9", b"\xc3"], ids=repr)
def test_non_utf8_query_string_names_query_string(value: bytes) -> None:
    with pytest.raises(SCOPE_ERRORS, match=r"\bquery_string\b"):
        build_and_read(scope_with("query_string", value), "url")


# -- server, client (CONN-8) -------------------------------------------------------------


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [("10.0.0.1",), ("10.0.0.1", 80, 1), 5, "10.0.0.1:80", (80, "10.0.0.1")], ids=repr)
def test_malformed_server_names_server(value: Any) -> None:
    scope = scope_with("server", value)
    scope["headers"] = []
    with pytest.raises(SCOPE_ERRORS, match=r"\bserver\b"):
        build_and_read(scope, "url")


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [("10.0.0.1",), ("10.0.0.1", 80, 1), 5, "10.0.0.1:80"], ids=repr)
def test_malformed_client_names_client(value: Any) -> None:
    with pytest.raises(SCOPE_ERRORS, match=r"\bclient\b"):
        build_and_read(scope_with("client", value), "client")


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [("10.0.0.1", "8001"), ("10.0.0.1", 80.0), ("10.0.0.1", b"80")], ids=repr)
def test_server_with_a_port_that_is_not_an_int_names_server(value: Any) -> None:
    ws = WebSocket(make_scope(headers=[], server=value))
    with pytest.raises(SCOPE_ERRORS, match=r"\bserver\b"):
        _ = ws.url


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [("203.0.113.5", "51000"), ("203.0.113.5", 51000.0)], ids=repr)
def test_client_with_a_port_that_is_not_an_int_names_client(value: Any) -> None:
    ws = WebSocket(make_scope(client=value))
    with pytest.raises(SCOPE_ERRORS, match=r"\bclient\b"):
        _ = ws.client
