"""Reading a binding's containers by the built-in types' own methods, not by a subclass's overrides.

A ``dict``, ``list`` or ``tuple`` subclass can override how it shows its items; the suite
reads what it holds through ``dict.items``, ``list.__iter__`` and ``tuple.__iter__``
themselves, both to compare values (``conformance.expect``) and to copy a message as it was
sent (``conformance.peer``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Final, cast

__all__ = ["DICT_ITEMS", "LIST_ITEMS", "TUPLE_ITEMS", "copied"]

DICT_ITEMS: Final[Callable[[dict[object, object]], Iterable[tuple[object, object]]]] = dict[object, object].items
"""``dict.items``, for any ``dict``."""

LIST_ITEMS: Final[Callable[[list[object]], Iterator[object]]] = list[object].__iter__
"""``list.__iter__``, for any ``list``."""

TUPLE_ITEMS: Final[Callable[[tuple[object, ...]], Iterator[object]]] = tuple[object, ...].__iter__
"""``tuple.__iter__``, for any ``tuple``."""


def copied(value: object) -> object:
    """``value`` with its containers copied as what they hold now: dictionaries, lists, tuples, byte arrays.

    A ``dict`` subclass becomes a ``dict``, and so on; anything else is kept as it is.
    """
    if isinstance(value, dict):
        return {key: copied(item) for key, item in DICT_ITEMS(cast("dict[object, object]", value))}
    if isinstance(value, list):
        return [copied(item) for item in LIST_ITEMS(cast("list[object]", value))]
    if isinstance(value, tuple):
        return tuple(copied(item) for item in TUPLE_ITEMS(cast("tuple[object, ...]", value)))
    if isinstance(value, bytearray):
        return bytearray(value)
    return value
