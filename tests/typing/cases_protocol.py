"""Type cases for handlers written against the ``wsproto_api.WebSocket`` protocol.

Checked by mypy and pyright, never imported or run (tests/typing/test_typing_cases.py). Each
``assert_type`` pins the type the contract gives; each line ending in
``# expect-error: mypy[<code>] pyright[<rule>]`` must be rejected by both checkers with
exactly those codes, and every other line accepted by both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from typing import Any, assert_type

import wsproto_api


async def received(ws: wsproto_api.WebSocket) -> None:
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


def connection(ws: wsproto_api.WebSocket) -> None:
    """The connection's parts (URL-1, URL-8 to URL-12, URL-18, HDR-6, HDR-9, HDR-10, HDR-12, QP-9, CONN-4, CONN-9)."""
    assert_type(ws.url.port, int | None)
    assert_type(ws.url.hostname, str | None)
    assert_type(ws.url.scheme, str)
    assert_type(ws.url.replace(path="/other"), wsproto_api.URL)
    assert_type(ws.url.replace(port=None), wsproto_api.URL)
    assert_type(ws.url.replace(scheme="wss", port=8443), wsproto_api.URL)
    # Positional arguments select str.replace: the result is a plain str, not a URL.
    assert_type(ws.url.replace("ws", "wss"), str)
    assert_type(ws.url.include_query_params(page=2), wsproto_api.URL)
    assert_type(ws.url.remove_query_params(["page"]), wsproto_api.URL)
    assert_type(ws.headers.getlist("x"), list[str])
    assert_type(ws.headers["x"], str)
    assert_type(ws.headers.get("x"), str | None)
    assert_type(ws.headers.get("x", ""), str)
    assert_type(ws.headers.raw, list[tuple[bytes, bytes]])
    # One entry per header (HDR-12) and every pair (QP-9), in containers the spec does not name.
    assert_type(ws.headers.keys(), Collection[str])
    assert_type(ws.headers.values(), Collection[str])
    assert_type(ws.headers.items(), Collection[tuple[str, str]])
    assert_type(ws.query_params.multi_items(), Collection[tuple[str, str]])
    assert_type(ws.query_params.getlist("a"), list[str])
    assert_type(ws.client, wsproto_api.Address | None)
    if ws.client is not None:
        assert_type(ws.client.port, int)
    assert_type(ws.cookies, dict[str, str])
    assert_type(ws["path"], Any)


async def misuse(ws: wsproto_api.WebSocket) -> None:
    """Calls the contract forbids (JSON-5, SEND-1, SEND-2, CLOSE-1, ACCEPT-1, HDR-11, QP-7, QP-9, URL-8)."""
    await ws.send_json({"a": 1}, mode="xml")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.receive_json(mode="xml")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.send_bytes("text")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.send_text(b"x")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.close(code="1000")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
    await ws.accept(headers=["x"])  # expect-error: mypy[list-item] pyright[reportArgumentType]
    ws.headers["x"] = "y"  # expect-error: mypy[index] pyright[reportIndexIssue]
    ws.query_params["x"] = "y"  # expect-error: mypy[index] pyright[reportIndexIssue]
    # The contract promises no lists: indexing would fail on a binding that returns another collection.
    ws.query_params.multi_items()[0]  # expect-error: mypy[index] pyright[reportIndexIssue]
    ws.headers.items()[0]  # expect-error: mypy[index] pyright[reportIndexIssue]
    ws.url.replace(port="80")  # expect-error: mypy[call-overload] pyright[reportArgumentType]
    len(ws.client.host)  # expect-error: mypy[union-attr] pyright[reportOptionalMemberAccess]
