"""Payloads that the ACCEPT, SEND and RECV tests share: ones an implementation could change unseen.

Each is a value a plausible mistake alters while short ASCII text survives it: a length
limit (a payload over 1 MiB, past every 16-bit or 64 KiB boundary), Unicode normalisation
(text whose characters are decomposed), whitespace trimming, a limit on the number of
messages, a message dropped as a repeat of the one before; or one it refuses or rewrites while
a plain ``str`` or ``bytes`` goes through: an instance of a subclass.
"""

from __future__ import annotations

import enum
from typing import Final

import pytest

LONG_TEXT: Final = "0123456789abcdef" * 65_537 + "é☃"
"""Text of 1,048,594 characters: longer than 1 MiB, ending in characters outside ASCII."""

LONG_BYTES: Final = bytes(range(256)) * 4_097
"""1,048,832 bytes, every byte value in turn."""

DECOMPOSED: Final = "e\u0301 \u1100\u1161"
"""'é' and '가' written as combining sequences: Unicode normalisation (NFC) would compose them."""


MANY_TEXTS: Final = [f"message {index}" for index in range(12)] + ["message 11", "message 0"]
"""Fourteen texts for one connection, one after the other: the thirteenth repeats the one just
before it, the last the first."""


class OwnText(str):
    """An application's own text type (a ``StrEnum`` member, a markup string): a ``str`` all the same."""

    __slots__ = ()


# Not a StrEnum, whose str() is the member's text: code written before StrEnum mixes str in.
class OwnKind(str, enum.Enum):  # noqa: UP042
    """An application's own text constants: a ``str`` all the same, whose ``str()`` is not its text.

    ``str(OwnKind.TEXT)`` is ``"OwnKind.TEXT"``; the text the member holds is ``"own kind"``.
    """

    TEXT = "own kind"
    SUBPROTOCOL = "chat.v2"


class OwnBytes(bytes):
    """An application's own bytes type: ``bytes`` all the same."""

    __slots__ = ()


def long_text_param() -> object:
    """``LONG_TEXT`` as a test parameter, named by its length."""
    return pytest.param(LONG_TEXT, id=f"text-of-{len(LONG_TEXT)}-characters")


def long_bytes_param() -> object:
    """``LONG_BYTES`` as a test parameter, named by its length."""
    return pytest.param(LONG_BYTES, id=f"{len(LONG_BYTES)}-bytes")
