"""Which of SPEC.md's features a binding has, detected by the presence of their members.

A feature is present when the binding has any of its members, and absent when it has none;
a feature without members (hardening) is always present. Members of the connection itself
are looked up without running the binding's code (:mod:`conformance.inventory`); members of
its ``url``, ``headers`` and ``query_params`` need those objects, so they are read from a
connection over a plain scope, inside a suite test, under its time limit. A connection that
has no such part at all has none of the part's members, so a feature is not switched on by a
part the binding lacks. A part that is there but raises when read counts as having the
member: its clauses are then judged, and blocked by the clause that reads the part, rather
than being called absent on a guess.
"""

from __future__ import annotations

import inspect
import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from conformance.binding import Binding
from conformance.inventory import take_inventory
from conformance.peer import make_scope
from conformance.spec import Clause, Feature

__all__ = [
    "DEFINING_CLAUSE",
    "SIGNATURE_CLAUSE",
    "BadCall",
    "absence",
    "blocking_signature",
    "missing_member",
    "reset",
    "signature_mismatch",
]

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


_NOT_FOUND: Final = object()


def _has_connection_member(binding: Binding, name: str) -> bool:
    connection = binding.sample()
    if name in take_inventory(connection).missing:
        return False
    if inspect.getattr_static(connection, name, _NOT_FOUND) is not _NOT_FOUND:
        return True
    # Only the class's __getattr__ could give it, which the inventory does not run: ask it, as
    # the parts' members are asked. One that raises something else cannot tell absence.
    try:
        return hasattr(connection, name)
    except Exception:
        return True


def _has_part_member(binding: Binding, part: str, name: str) -> bool:
    ws = binding.sample(make_scope(query_string=b"a=1"))
    try:
        value = getattr(ws, part)
    except AttributeError as error:
        # The connection has no such part: none of its members can be there. An
        # AttributeError raised while the part is read is the next branch's.
        return not (error.name == part and error.obj is ws)
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


_SAID: set[str] = set()
"""The absences the suite's own code has said, in the test running now (:func:`say_absent`)."""


def say_absent(reason: str) -> str:
    """``reason``, noted as an absence the suite says in the test running now, for it to skip with."""
    _SAID.add(reason)
    return reason


def said_absent(reason: str) -> bool:
    """Whether the suite's own code said ``reason`` in the test running now (a skip with it is the suite's)."""
    return reason in _SAID


def forget_said() -> None:
    """Forget the absences said: a new test starts."""
    _SAID.clear()


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


SIGNATURE_CLAUSE: Final[dict[str, str]] = {
    "WebSocket": "SIG-1",
    "include_query_params": "SIG-3",
    "replace_query_params": "SIG-3",
    "remove_query_params": "SIG-3",
    "getlist": "SIG-4",
    "multi_items": "SIG-4",
    "send": "SIG-6",
    "receive": "SIG-6",
    "send_denial_response": "SIG-7",
    "WebSocketDisconnect": "SIG-8",
    "WebSocketClose": "SIG-9",
    **dict.fromkeys(
        (
            "accept",
            "close",
            "send_text",
            "send_bytes",
            "send_json",
            "receive_text",
            "receive_bytes",
            "receive_json",
            "iter_text",
            "iter_bytes",
            "iter_json",
        ),
        "SIG-10",
    ),
}
"""For each callable of the contract, the clause that gives its signature.

A test whose call the binding's callable cannot take as the suite makes it (positionally
where the signature allows it, with the keywords it names) fails nothing else: it is
blocked by this clause, which fails.
"""

_BAD_CALL: Final = re.compile(r"^(?P<qualified>[\w.<>]+)\(\) (?:takes|got|missing)\b")
_QUOTED: Final = re.compile(r"'(\w+)'")
_SUITE: Final = Path(__file__).resolve().parent
"""The conformance package: a call's arguments are bound in the caller's frame, which is here."""


@dataclass(frozen=True)
class BadCall:
    """A call whose arguments the binding's callable could not take."""

    callable: str
    """The callable's name: a method's, or the class's for its constructor."""
    parameters: frozenset[str]
    """The parameters the error names (a missing one, an unexpected keyword)."""


def signature_mismatch(error: BaseException) -> BadCall | None:
    """The call whose arguments could not be bound, when ``error`` (or an error it led to) says so.

    Only a ``TypeError`` raised where the call was made, in the suite's own code, counts: the
    binding's callable never ran, so it did not refuse anything. Followed through up to five
    causes, as :func:`missing_member` is.
    """
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return None
        match = _BAD_CALL.match(str(seen)) if type(seen) is TypeError else None
        if match is not None and _raised_in_suite(seen):
            *owner, name = match["qualified"].split(".")
            name = owner[-1] if name == "__init__" and owner else name
            return BadCall(name, frozenset(_QUOTED.findall(str(seen))))
        seen = seen.__cause__ or seen.__context__
    return None


def blocking_signature(error: BaseException, clause: Clause) -> str | None:
    """The signature clause that blocks ``clause``'s test, which ``error`` ended; ``None`` when none does.

    A call the callable cannot take blocks the test on the callable's signature clause,
    unless that is the clause under test or the error names a parameter its rule names
    (``receive`` for a rule about building without it): then the rule itself is what failed.
    """
    bad = signature_mismatch(error)
    blocker = SIGNATURE_CLAUSE.get(bad.callable) if bad is not None else None
    if bad is None or blocker is None or blocker == clause.id or bad.parameters & clause.names:
        return None
    return blocker


def _raised_in_suite(error: BaseException) -> bool:
    frame = error.__traceback__
    if frame is None:
        return False
    while frame.tb_next is not None:
        frame = frame.tb_next
    where = Path(frame.tb_frame.f_code.co_filename).resolve()
    # A bridge binding shipped in the package is the binding's code, not the suite's.
    return where.is_relative_to(_SUITE) and not where.is_relative_to(_SUITE / "bindings")
