"""Reading the ASGI scope, with errors that name the key that is wrong (CONN-8).

Each reader checks only what the code that uses its result relies on, and only once per
connection: the results are cached by the connection object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, cast

from wsproto_api.asgi import Scope

__all__ = [
    "Address",
    "check_websocket_scope",
    "scope_client",
    "scope_headers",
    "scope_path",
    "scope_query_string",
    "scope_server",
]


class Address(NamedTuple):
    """A ``(host, port)`` network address (CONN-9)."""

    host: str
    """The host."""

    port: int
    """The port."""


def check_websocket_scope(scope: object) -> None:
    """Refuse anything but a websocket scope (CONN-7, CONN-8)."""
    # Servers pass a dict; the Mapping check is an ABC check, slower, for everything else.
    if type(scope) is dict and cast("dict[str, object]", scope).get("type") == "websocket":
        return
    if not isinstance(scope, Mapping):
        raise TypeError(f"A WebSocket needs an ASGI scope mapping, not {type(scope).__name__}")
    try:
        scope_type = cast("Mapping[str, object]", scope)["type"]
    except KeyError:
        raise ValueError("The scope has no 'type' key: a WebSocket needs a scope with type 'websocket'") from None
    if scope_type != "websocket":
        raise ValueError(f"scope['type'] is {scope_type!r}: a WebSocket needs a scope with type 'websocket'")


def _required(scope: Scope, key: str) -> Any:
    try:
        return scope[key]
    except KeyError:
        raise ValueError(f"The websocket scope has no {key!r} key, which ASGI requires") from None


def scope_path(scope: Scope) -> str:
    """The scope's ``path``."""
    path = _required(scope, "path")
    if not isinstance(path, str):
        raise TypeError(f"scope['path'] must be a str, not {type(path).__name__}")
    return path


def scope_query_string(scope: Scope) -> bytes:
    """The scope's ``query_string``, ``b""`` when absent or ``None`` (ASGI's default for both, QP-5)."""
    query_string = scope.get("query_string")
    if query_string is None:
        return b""
    if not isinstance(query_string, bytes):
        raise TypeError(f"scope['query_string'] must be bytes, not {type(query_string).__name__}")
    return query_string


def scope_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """The scope's ``headers`` as a new list of ``(name, value)`` byte pairs."""
    headers = _required(scope, "headers")
    try:
        if isinstance(headers, (str, bytes)):
            raise TypeError
        iterator = iter(headers)
    except TypeError:
        raise TypeError(
            f"scope['headers'] must be an iterable of (bytes, bytes) pairs, not {type(headers).__name__}"
        ) from None
    pairs = list(iterator)
    # The common case, a list of tuples of two bytes, is checked in one plain loop; anything
    # else (lists as pairs, bytes subclasses, a bad header) takes the loop that names the culprit.
    try:
        for header in pairs:
            if header.__class__ is not tuple:
                return _checked_pairs(pairs)
            name, value = header
            if name.__class__ is not bytes or value.__class__ is not bytes:
                return _checked_pairs(pairs)
    except ValueError:
        # A tuple of another length.
        return _checked_pairs(pairs)
    return pairs


def _checked_pairs(headers: list[Any]) -> list[tuple[bytes, bytes]]:
    """``headers`` as new ``(name, value)`` tuples, or the error that names the first bad one."""
    pairs: list[tuple[bytes, bytes]] = []
    for index, header in enumerate(headers):
        try:
            name, value = header
        except (TypeError, ValueError):
            raise TypeError(f"scope['headers'][{index}] must be a (name, value) pair, not {header!r}") from None
        if not (isinstance(name, bytes) and isinstance(value, bytes)):
            raise TypeError(f"scope['headers'][{index}] must be a pair of bytes, not {header!r}")
        pairs.append((name, value))
    return pairs


def _address(scope: Scope, key: str, *, port_may_be_none: bool) -> tuple[str, int | None] | None:
    value = scope.get(key)
    if value is None:
        return None
    try:
        host, port = value
    except (TypeError, ValueError):
        raise ValueError(f"scope[{key!r}] must be a (host, port) pair or None, not {value!r}") from None
    if not isinstance(host, str) or not (isinstance(port, int) or (port is None and port_may_be_none)):
        raise TypeError(f"scope[{key!r}] must be a (str, int) pair, not {value!r}")
    return host, port


def scope_server(scope: Scope) -> tuple[str, int | None] | None:
    """The scope's ``server``; its port is ``None`` for a Unix socket."""
    return _address(scope, "server", port_may_be_none=True)


def scope_client(scope: Scope) -> Address | None:
    """The scope's ``client`` as an ``Address``, ``None`` when absent (CONN-9)."""
    client = _address(scope, "client", port_may_be_none=False)
    if client is None:
        return None
    host, port = client
    assert port is not None  # _address refused a None port
    return Address(host, port)
