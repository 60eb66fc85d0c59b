"""Type cases for handlers written against the reference ``WebSocket`` class.

Checked by mypy and pyright, never imported or run (tests/typing/test_typing_cases.py). The
reference implementation's own types are subtypes of the contract's: each ``assert_type``
pins the concrete class a member gives, and the same misuse as against the protocol must be
rejected (lines ending in ``# expect-error: mypy[<code>] pyright[<rule>]``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, assert_type

import wsproto_api
from wsproto_api import reference


async def received(ws: reference.WebSocket) -> None:
    """What receiving gives (RECV-1, RECV-2, JSON-3, JSON-4, ITER-1, RAW-2)."""
    assert_type(await ws.receive_json(), Any)
    assert_type(await ws.receive_json(mode="binary"), Any)
    assert_type(await ws.receive_text(), str)
    assert_type(await ws.receive_bytes(), bytes)
    assert_type(await ws.receive(), wsproto_api.Message)
    assert_type(ws.iter_text(), AsyncIterator[str])
    assert_type(ws.iter_bytes(), AsyncIterator[bytes])
    assert_type(ws.iter_json(), AsyncIterator[Any])
    async for message in ws.iter_bytes():
        assert_type(message, bytes)


def connection(ws: reference.WebSocket) -> None:
    """The connection's parts (URL-1, URL-8 to URL-12, URL-18, HDR-6, HDR-9, HDR-10, HDR-12, QP-9, CONN-4, CONN-9)."""
    assert_type(ws.url, reference.URL)
    assert_type(ws.url.port, int | None)
    assert_type(ws.url.hostname, str | None)
    assert_type(ws.url.scheme, str)
    assert_type(ws.url.replace(path="/other"), reference.URL)
    assert_type(ws.url.replace(port=None), reference.URL)
    assert_type(ws.url.replace(scheme="wss", port=8443), reference.URL)
    # Positional arguments select str.replace: the result is a plain str, not a URL.
    assert_type(ws.url.replace("ws", "wss"), str)
    assert_type(ws.url.include_query_params(page=2), reference.URL)
    assert_type(ws.url.remove_query_params(["page"]), reference.URL)
    assert_type(ws.headers, reference.Headers)
    assert_type(ws.headers.getlist("x"), list[str])
    assert_type(ws.headers["x"], str)
    assert_type(ws.headers.get("x"), str | None)
    assert_type(ws.headers.get("x", ""), str)
    assert_type(ws.headers.raw, list[tuple[bytes, bytes]])
    # The reference returns lists, which the contract's Collection types admit (HDR-12, QP-9).
    assert_type(ws.headers.keys(), list[str])
    assert_type(ws.headers.values(), list[str])
    assert_type(ws.headers.items(), list[tuple[str, str]])
    assert_type(ws.query_params, reference.QueryParams)
    assert_type(ws.query_params.multi_items(), list[tuple[str, str]])
    assert_type(ws.query_params.getlist("a"), list[str])
    assert_type(ws.client, reference.Address | None)
    if ws.client is not None:
        assert_type(ws.client.port, int)
    assert_type(ws.cookies, dict[str, str])
    assert_type(ws["path"], Any)


async def misuse(ws: reference.WebSocket) -> None:
    """Calls the contract forbids (JSON-5, SEND-1, SEND-2, CLOSE-1, ACCEPT-1, HDR-11, QP-7, URL-8)."""
    await ws.send_json({"a": 1}, mode="xml")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.receive_json(mode="xml")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.send_bytes("text")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.send_text(b"x")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.close(code="1000")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.accept(headers=["x"])  # expect-error: mypy[list-item] pyright[reportArgumentType]
    ws.headers["x"] = "y"  # expect-error: mypy[index] pyright[reportIndexIssue]
    ws.query_params["x"] = "y"  # expect-error: mypy[index] pyright[reportIndexIssue]
    ws.url.replace(port="80")  # expect-error: mypy[call-overload] pyright[reportArgumentType]
    len(ws.client.host)  # expect-error: mypy[union-attr] pyright[reportOptionalMemberAccess]
