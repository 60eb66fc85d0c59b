"""A strict JSON writer: compact, non-ASCII kept, finite numbers only."""

from __future__ import annotations

import json
import math
from typing import cast

__all__ = ["dump_json"]

_quote = json.JSONEncoder(ensure_ascii=False).encode


def _key(key: object) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return {None: "null", True: "true", False: "false"}[key]
    if isinstance(key, (int, float)):
        return _number(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _number(value: int | float) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"JSON has no number for {value!r}")
        return float.__repr__(value)
    return int.__repr__(value)


def dump_json(value: object) -> str:
    """``value`` as compact JSON text; raises for what JSON cannot hold."""
    parts: list[str] = []
    active: set[int] = set()

    def write(item: object) -> None:
        if item is None:
            parts.append("null")
        elif item is True:
            parts.append("true")
        elif item is False:
            parts.append("false")
        elif isinstance(item, str):
            parts.append(_quote(item))
        elif isinstance(item, (int, float)):
            parts.append(_number(item))
        elif isinstance(item, (list, tuple, dict)):
            container = cast("list[object] | tuple[object, ...] | dict[object, object]", item)
            marker = id(container)
            if marker in active:
                raise ValueError("circular reference in JSON data")
            active.add(marker)
            if isinstance(container, dict):
                parts.append("{")
                for n, (key, member) in enumerate(container.items()):
                    if n:
                        parts.append(",")
                    parts.append(_quote(_key(key)))
                    parts.append(":")
                    write(member)
                parts.append("}")
            else:
                parts.append("[")
                for n, member in enumerate(container):
                    if n:
                        parts.append(",")
                    write(member)
                parts.append("]")
            active.discard(marker)
        else:
            raise TypeError(f"an object of type {type(item).__name__} cannot be written as JSON")

    write(value)
    return "".join(parts)
