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

import types
from typing import Final

from conformance.binding import Binding
from conformance.inventory import take_inventory
from conformance.peer import make_scope
from conformance.spec import Feature

__all__ = ["DEFINING_CLAUSE", "absence", "missing_member", "reset"]

DEFINING_CLAUSE: Final[dict[str, str]] = {
    "accept": "ACCEPT-1",
    "close": "CLOSE-1",
    "send_text": "SEND-1",
    "send_bytes": "SEND-2",
    "send_json": "JSON-8",
    "receive_text": "RECV-1",
    "receive_bytes": "RECV-2",
    "receive_json": "JSON-3",
    "iter_text": "ITER-1",
    "iter_bytes": "ITER-1",
    "iter_json": "ITER-1",
    "url": "URL-1",
    "headers": "HDR-9",
    "query_params": "QP-6",
    "path_params": "PATH-1",
    "scope": "CONN-3",
    "client": "CONN-9",
    "cookies": "CONN-10",
    "send": "RAW-1",
    "receive": "RAW-2",
    "send_denial_response": "DENY-9",
    "client_state": "STATE-1",
    "application_state": "STATE-1",
    "getlist": "HDR-10",
    "raw": "HDR-6",
    "multi_items": "QP-9",
    "is_secure": "URL-17",
    "include_query_params": "URL-10",
    "replace_query_params": "URL-11",
    "remove_query_params": "URL-12",
}
"""For each member of the contract, the clause whose rule says what it does first.

A test that fails only because the binding lacks a member its own rule does not name is
blocked by that member's clause instead (``plugin.py``); a test holds each entry to SPEC.md.
"""

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


def missing_member(error: BaseException) -> str | None:
    """The member whose lookup raised ``error``, or an error it led to; ``None`` for any other error.

    Only an ``AttributeError`` raised by an attribute lookup on an object (not a module, not
    raised by the binding's own code with no object) counts, followed through up to five
    causes, as a check that catches an error and fails with another keeps it as its cause.
    """
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return None
        if isinstance(seen, AttributeError) and seen.name and seen.obj is not None:
            return None if isinstance(seen.obj, types.ModuleType) else seen.name
        seen = seen.__cause__ or seen.__context__
    return None
