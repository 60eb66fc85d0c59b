"""JSON to and from text, as ``json.dumps`` and ``json.loads`` would give it, at less cost per message.

``encode_json`` writes compact JSON with non-ASCII kept and NaN and infinities refused
(JSON-9, JSON-11, JSON-12); ``decode_json`` reads what ``json.loads`` reads, and says which
call received what it cannot read (JSON-3, JSON-7).
Both give the same values and raise the same errors as the standard library's functions
with those options, whose own cost is mostly the setup they repeat on every call: a new C
encoder built by ``JSONEncoder.iterencode``, and the whitespace scans and checks around the
C scanner in ``JSONDecoder.decode``. Here the C encoder and scanner are built once and
called directly, and anything they do not settle goes to the standard library's own path.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any, Final

__all__ = ["ENCODER", "decode_json", "encode_json"]

ENCODER: Final = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)
"""Compact JSON, non-ASCII kept; NaN and Infinity are not JSON (RFC 8259), so a client's parser would reject them."""

_DECODER: Final = json.JSONDecoder()
# The decoder's scanner: the C one where there is one, as json.loads uses.
_scan_once: Final[Callable[[str, int], tuple[Any, int]]] = vars(_DECODER)["scan_once"]


def _one_shot_encoder() -> Callable[[object, int], list[str] | tuple[str, ...]] | None:
    """``ENCODER``'s C encoder, built once and without a circular-reference guard; ``None`` without one.

    ``iterencode`` builds the same encoder on every call, each with a new guard: a shared
    guard would be left holding entries by an error, and read by another thread meanwhile.
    Without the guard a circular value ends in ``RecursionError``, which ``encode_json``
    hands to ``ENCODER`` to get the ``ValueError`` it raises.
    """
    try:
        # Where json.encoder finds its C encoder.
        from _json import make_encoder
    except ImportError:
        # An interpreter without the C accelerator: the standard path serves.
        return None
    try:
        encoder: Callable[[object, int], list[str] | tuple[str, ...]] = make_encoder(
            None,
            ENCODER.default,
            encode_basestring,
            None,
            ENCODER.key_separator,
            ENCODER.item_separator,
            ENCODER.sort_keys,
            ENCODER.skipkeys,
            ENCODER.allow_nan,
        )
    except TypeError:
        # Another interpreter's C encoder, with arguments of its own: the standard path serves.
        return None
    return encoder


_encode_chunks: Final = _one_shot_encoder()


def encode_json(data: object) -> str:
    """``data`` as ``ENCODER.encode`` writes it, raising what it raises (JSON-9, JSON-11, JSON-12)."""
    if _encode_chunks is None:
        return ENCODER.encode(data)
    try:
        return "".join(_encode_chunks(data, 0))
    except RecursionError:
        # A circular value, or one nested too deep: the guarded encoder says which.
        return ENCODER.encode(data)


def decode_json(text: str, method: str) -> Any:
    """``json.loads(text)``: the same value, or the same error with a message that names ``method`` (JSON-3, JSON-7).

    A document that starts with its value and ends with it, as a sent one does, is the C
    scanner's alone; leading or trailing whitespace, a byte-order mark, extra data, nothing
    at all, or a ``text`` that is not exactly a ``str`` goes to ``json.loads``.
    """
    try:
        if text.__class__ is str:
            try:
                value, end = _scan_once(text, 0)
            except StopIteration:
                pass
            else:
                if end == len(text):
                    return value
        return json.loads(text)
    except json.JSONDecodeError as error:
        # Same class, so callers that catch JSONDecodeError still do; the message says where it came from.
        raise json.JSONDecodeError(
            f"{method} received a message that is not JSON: {error.msg}", error.doc, error.pos
        ) from None
