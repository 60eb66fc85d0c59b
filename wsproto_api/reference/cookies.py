"""The ``Cookie`` header, read the way browsers write it (CONN-10)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

__all__ = ["parse_cookies"]

# Inside a quoted cookie value: a three-digit octal escape or a backslash-escaped character.
_ESCAPE: Final = re.compile(r"\\(?:([0-3][0-7][0-7])|(.))")


def _unescape(match: re.Match[str]) -> str:
    octal, char = match.groups()
    return chr(int(octal, 8)) if octal is not None else char


def _unquote(value: str) -> str:
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return value
    return _ESCAPE.sub(_unescape, value[1:-1])


def parse_cookies(cookie_headers: Iterable[str]) -> dict[str, str]:
    """Cookies from the values of every ``cookie`` header, a later name winning (CONN-10).

    Browsers do not keep to RFC 6265, so this is lenient: a chunk without ``=`` is a value
    with the empty name, and empty chunks are skipped.
    """
    cookies: dict[str, str] = {}
    for header in cookie_headers:
        for chunk in header.split(";"):
            name, sep, value = chunk.partition("=")
            if not sep:
                name, value = "", name
            name, value = name.strip(), value.strip()
            if name or value:
                cookies[name] = _unquote(value)
    return cookies
