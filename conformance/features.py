"""Which of SPEC.md's features a binding has, detected by the presence of their members.

A feature is present when the binding has any of its members, and absent when it has none;
a feature without members (hardening) is always present. Members of the connection itself
are looked up without running the binding's code (:mod:`conformance.inventory`); members of
its ``url``, ``headers`` and ``query_params`` need those objects, so they are read from a
connection over a plain scope, inside a suite test, under its time limit. An object that
cannot be read counts as having the member: its clauses are then judged, and fail, rather
than being called absent on a guess.
"""

from __future__ import annotations

from typing import Final

from conformance.binding import Binding
from conformance.inventory import take_inventory
from conformance.peer import make_scope
from conformance.spec import Feature

__all__ = ["absence", "reset"]

_KNOWN: Final[dict[tuple[int, str], str]] = {}
"""Each (binding, feature) judged so far in this process: why it is absent, or empty."""


def _has_module_name(binding: Binding, name: str) -> bool:
    return getattr(binding.module, name, None) is not None


def _has_connection_member(binding: Binding, name: str) -> bool:
    return name not in take_inventory(binding.sample()).missing


def _has_part_member(binding: Binding, part: str, name: str) -> bool:
    ws = binding.sample(make_scope(query_string=b"a=1"))
    try:
        value = getattr(ws, part)
    except Exception:  # the clauses that read the part judge this; presence cannot be told
        return True
    return hasattr(value, name)


def _has(binding: Binding, member: str) -> bool:
    part, dot, name = member.partition(".")
    if dot:
        return _has_part_member(binding, part, name)
    if member[:1].isupper():
        return _has_module_name(binding, member)
    return _has_connection_member(binding, member)


def absence(binding: Binding, feature: Feature) -> str:
    """Why ``binding`` lacks ``feature`` (``"feature state: no client_state, ..."``), or ``""`` when it has it."""
    key = (id(binding), feature.name)
    if key not in _KNOWN:
        if not feature.members or any(_has(binding, member) for member in feature.members):
            _KNOWN[key] = ""
        else:
            _KNOWN[key] = f"feature {feature.name}: the binding has none of " + ", ".join(feature.members)
    return _KNOWN[key]


def reset() -> None:
    """Forget what was detected, for a process that judges another binding next."""
    _KNOWN.clear()
