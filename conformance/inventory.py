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


_ABSENT: Final = object()


def _is_method(value: object) -> bool:
    """Whether a class attribute is called (a function, a static or class method) rather than read."""
    return (
        inspect.isfunction(value) or isinstance(value, (staticmethod, classmethod)) or inspect.ismethoddescriptor(value)
    )


_EXPECTED_METHODS: Final = frozenset(
    name for name in CONTRACT_MEMBERS if _is_method(inspect.getattr_static(wsproto_api.WebSocket, name))
)


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


def _has(connection: object, name: str) -> bool:
    """Whether ``connection`` has ``name`` set on itself; an attribute that raises when read still exists."""
    try:
        getattr(connection, name)
    except AttributeError:
        return False
    except Exception:
        return True
    return True


def take_inventory(connection: object) -> Inventory:
    """The inventory of ``connection``, a new connection object of the binding."""
    cls = type(connection)
    missing: list[str] = []
    wrong: list[tuple[str, str]] = []
    for name in CONTRACT_MEMBERS:
        value = inspect.getattr_static(cls, name, _ABSENT)
        if value is _ABSENT and not _has(connection, name):
            missing.append(name)
            continue
        expected_method = name in _EXPECTED_METHODS
        # A value set on the instance alone is taken for an attribute: it is not checked.
        if value is not _ABSENT and _is_method(value) != expected_method:
            wrong.append((name, "a method" if expected_method else "an attribute, not a method"))
    return Inventory(tuple(missing), tuple(wrong))
