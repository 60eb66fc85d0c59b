"""Connections that wrap the reference's and lack some members of the contract.

A subclass cannot lack a member its base has, so these wrap a reference connection and
forward every member of the contract but the ones left out; ``headers.getlist`` and the like
are left out of a wrapper of the connection's ``headers``. What the reference does on itself
keeps working: only what the binding shows its application lacks the members.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

from typing_extensions import get_protocol_members

import wsproto_api
import wsproto_api.reference as reference
from conformance.inventory import CONTRACT_MEMBERS

__all__ = ["MULTIDICT_MEMBERS", "connection_without", "part_without"]

MULTIDICT_MEMBERS = ("headers.getlist", "headers.raw", "query_params.getlist", "query_params.multi_items")
"""Every member of SPEC.md's multidict feature."""

_PARTS: dict[str, tuple[type, type]] = {
    "headers": (reference.Headers, wsproto_api.Headers),
    "query_params": (reference.QueryParams, wsproto_api.QueryParams),
}
"""Each wrappable part of the connection: the reference's class, and the contract's protocol."""


def _forwarder(cls: type, name: str) -> Any:
    """A class attribute that forwards ``name`` to ``self._inner``, a method as a method, else a property."""
    static = inspect.getattr_static(cls, name)
    if not inspect.isfunction(static):
        return property(lambda self: getattr(self._inner, name))
    if inspect.iscoroutinefunction(static):

        @functools.wraps(static)
        async def forward_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            return await getattr(self._inner, name)(*args, **kwargs)

        return forward_async

    @functools.wraps(static)
    def forward(self: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._inner, name)(*args, **kwargs)

    return forward


def _wrapper(name: str, cls: type, members: tuple[str, ...], extra: dict[str, Any]) -> type:
    def __init__(self: Any, inner: object) -> None:
        self._inner = inner

    namespace: dict[str, Any] = {"__init__": __init__, "__module__": __name__}
    namespace.update({member: _forwarder(cls, member) for member in members})
    namespace.update(extra)
    return type(name, (), namespace)


def part_without(part: str, *removed: str) -> type:
    """A class over the reference's ``part`` (``headers``, ``query_params``) without the ``removed`` members."""
    cls, protocol = _PARTS[part]
    members = tuple(sorted(get_protocol_members(protocol) - set(removed)))
    return _wrapper(cls.__name__, cls, members, {"__repr__": _forwarder(cls, "__repr__")})


def connection_without(*removed: str, parts: dict[str, type] | None = None) -> type:
    """A connection class over the reference's without the ``removed`` members (``url``, ``headers.raw``...).

    A part that loses members, or that ``parts`` names, is wrapped in its class from ``parts``,
    else in ``part_without``'s; every read gives the same wrapper (URL-13 asks the same of ``url``).
    """
    own = [member for member in removed if "." not in member]
    views = dict(parts or {})
    for part in {member.partition(".")[0] for member in removed if "." in member} - views.keys():
        views[part] = part_without(part, *(m.partition(".")[2] for m in removed if m.startswith(part + ".")))

    def __init__(self: Any, scope: Any, receive: Any = None, send: Any = None) -> None:
        self._inner = reference.WebSocket(scope, receive, send)
        self._views = {}

    def view(part: str, wrap: type) -> property:
        def read(self: Any) -> Any:
            if part not in self._views:
                self._views[part] = wrap(getattr(self._inner, part))
            return self._views[part]

        return property(read)

    members = tuple(m for m in CONTRACT_MEMBERS if m not in own and m not in views)
    extra = {"__init__": __init__, **{part: view(part, wrap) for part, wrap in views.items()}}
    return _wrapper("WebSocket", reference.WebSocket, members, extra)
