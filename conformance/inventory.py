"""Which members of the contract's ``WebSocket`` the binding's connection has, before any clause is judged.

A missing member, or one of the wrong kind (a method where the contract has an attribute, or
the reverse), fails every clause that uses it; saying so first, once, tells a backend author
where to look before the clause list does. The inventory runs none of the binding's code (no
property is read, no ``__getattr__`` called), so it cannot hang or end the process that takes
it: what only running code could tell is left to the clauses.
"""

from __future__ import annotations

import functools
import inspect
import types
from dataclasses import dataclass
from typing import Final

from typing_extensions import get_protocol_members

import wsproto_api

__all__ = ["CONTRACT_MEMBERS", "Inventory", "take_inventory"]

CONTRACT_MEMBERS: Final = tuple(sorted(get_protocol_members(wsproto_api.WebSocket)))
"""The members of the contract's ``WebSocket`` protocol, by name."""


_EXPECTED_METHODS: Final = frozenset(
    name for name in CONTRACT_MEMBERS if inspect.isfunction(inspect.getattr_static(wsproto_api.WebSocket, name))
)
"""The members the contract calls; it reads the others."""

_ABSENT: Final = object()
_UNKNOWN: Final = object()
"""Stands for a member that exists, or may, of a kind only running the binding's code would tell."""

_METHOD_TYPES: Final = (
    staticmethod,
    classmethod,
    functools.partialmethod,
    types.BuiltinFunctionType,
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
)


def _is_method(value: object) -> bool:
    """Whether a class attribute is a method: called, not read."""
    return inspect.isfunction(value) or isinstance(value, _METHOD_TYPES)


@dataclass(frozen=True)
class Inventory:
    """The contract's members that the binding's connection lacks, or has in the wrong kind."""

    missing: tuple[str, ...] = ()
    wrong_kind: tuple[tuple[str, str], ...] = ()
    """Each member of the wrong kind, with what the contract expects it to be."""

    def describe(self) -> str:
        """One line for the terminal summary."""
        total = len(CONTRACT_MEMBERS)
        present = total - len(self.missing)
        text = f"members: {present} of the contract's {total} present"
        if self.missing:
            text += "; missing: " + ", ".join(self.missing)
        if self.wrong_kind:
            text += "; of the wrong kind: " + ", ".join(f"{name} ({expected})" for name, expected in self.wrong_kind)
        return text


def _lookup(connection: object, name: str) -> object:
    """What ``connection`` holds under ``name`` without running the binding's code.

    A method or other class attribute as it is; a slot's or the instance dictionary's value;
    ``_UNKNOWN`` for a property's or ``__getattr__``'s, which only running code would give.
    """
    cls = type(connection)
    value = inspect.getattr_static(cls, name, _ABSENT)
    if isinstance(value, types.MemberDescriptorType):  # a slot: reading it runs no Python code
        try:
            return value.__get__(connection, cls)
        except AttributeError:
            return _ABSENT
    if value is _ABSENT:
        own = inspect.getattr_static(connection, name, _ABSENT)  # the instance dictionary's value
        if own is not _ABSENT:
            return own
        has_getattr = inspect.getattr_static(cls, "__getattr__", _ABSENT) is not _ABSENT
        return _UNKNOWN if has_getattr else _ABSENT
    if _is_method(value) or not hasattr(value, "__get__"):
        return value
    return _UNKNOWN  # a property or another descriptor


def take_inventory(connection: object) -> Inventory:
    """The inventory of ``connection``, a new connection object of the binding.

    A member the contract calls must be a method or a callable attribute (Litestar keeps the
    ASGI ``receive`` callable itself); a member the contract reads must not be a method.
    """
    missing: list[str] = []
    wrong: list[tuple[str, str]] = []
    for name in CONTRACT_MEMBERS:
        value = _lookup(connection, name)
        if value is _ABSENT:
            missing.append(name)
        elif value is _UNKNOWN:
            continue
        elif name in _EXPECTED_METHODS and not (_is_method(value) or callable(value)):
            wrong.append((name, "a method"))
        elif name not in _EXPECTED_METHODS and _is_method(value):
            wrong.append((name, "an attribute, not a method"))
    return Inventory(tuple(missing), tuple(wrong))
