"""Which members of the contract's ``WebSocket`` the binding's connection has, before any clause is judged.

A missing member, or one of the wrong kind (a method where the contract has an attribute, or
the reverse), fails every clause that uses it; saying so first, once, tells a backend author
where to look before the clause list does.
"""

from __future__ import annotations

import inspect
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

_UNREADABLE: Final = object()
"""Stands for the value of an attribute that raised when read: it exists, of a kind unknown."""


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


def _read(connection: object, name: str) -> tuple[bool, object]:
    """Whether ``connection`` has ``name``, and its value (an attribute that raises when read exists)."""
    try:
        return True, getattr(connection, name)
    except AttributeError:
        return False, None
    except Exception:
        return True, _UNREADABLE


def take_inventory(connection: object) -> Inventory:
    """The inventory of ``connection``, a new connection object of the binding.

    A member the contract calls must be callable, whether it is a method, a callable
    attribute (Litestar's ``receive`` is the ASGI callable itself) or a property that returns
    one; a member the contract reads must not be a method.
    """
    missing: list[str] = []
    wrong: list[tuple[str, str]] = []
    for name in CONTRACT_MEMBERS:
        exists, value = _read(connection, name)
        if not exists:
            missing.append(name)
        elif value is _UNREADABLE:
            continue
        elif name in _EXPECTED_METHODS and not callable(value):
            wrong.append((name, "a method"))
        elif name not in _EXPECTED_METHODS and inspect.ismethod(value):
            wrong.append((name, "an attribute, not a method"))
    return Inventory(tuple(missing), tuple(wrong))
