"""The frameworks the ecosystem report judges, and those that re-export another's classes."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib import metadata
from typing import Final

__all__ = ["FRAMEWORKS", "Framework", "Reexport", "installed_version", "reexport_holds"]


@dataclass(frozen=True)
class Reexport:
    """A framework whose WebSocket classes are another framework's, handed out under its own names."""

    title: str
    """The framework's name as its documentation writes it."""

    distribution: str
    """The package that installs it."""

    identities: tuple[tuple[str, str], ...]
    """Each name it hands out (``module.Name``), with the binding module's name for the very same object."""


@dataclass(frozen=True)
class Framework:
    """A framework with a WebSocket class of its own, judged through a binding module."""

    name: str
    """The key: the folder of its reproducers and its entry in ``ecosystem/results.json``."""

    title: str
    """The framework's name as its documentation writes it."""

    distribution: str
    """The package that installs it, whose version the report shows."""

    binding: str
    """The binding module the suite loads."""

    reexported_by: tuple[Reexport, ...] = ()
    """Frameworks that re-export this one's classes: judged with it."""


def _bound(name: str, title: str, distribution: str | None = None) -> Framework:
    """A framework bound by ``conformance.bindings.<name>``."""
    return Framework(name, title, distribution or name.replace("_", "-"), f"conformance.bindings.{name}")


def _same(module: str, *names: str, bound: str = "") -> tuple[tuple[str, str], ...]:
    """``module.Name`` for each name, the same object as the binding's ``Name`` (or as its ``bound``)."""
    return tuple((f"{module}.{name}", bound or name) for name in names)


_STARLETTE: Final = ("WebSocket", "WebSocketDisconnect")

FRAMEWORKS: Final[tuple[Framework, ...]] = (
    Framework(
        "starlette",
        "Starlette",
        "starlette",
        "starlette.websockets",
        reexported_by=(
            Reexport(
                "FastAPI", "fastapi", _same("fastapi", *_STARLETTE) + _same("fastapi.websockets", "WebSocketState")
            ),
            Reexport("FastHTML", "python-fasthtml", _same("fasthtml.common", *_STARLETTE)),
            # Responder's routes hand a handler Starlette's class under no public name of its own.
            Reexport("Responder", "responder", _same("responder.routes", *_STARLETTE)),
        ),
    ),
    _bound("litestar", "Litestar"),
    Framework(
        "lilya",
        "Lilya",
        "lilya",
        "conformance.bindings.lilya",
        # Their own WebSocketDisconnect subclasses Lilya's, but the connection raises Lilya's.
        reexported_by=tuple(
            Reexport(
                title,
                title.lower(),
                _same(title.lower(), "WebSocket")
                + _same(f"{title.lower()}.websockets", "WebSocketClose", "WebSocketState"),
            )
            for title in ("Esmerald", "Ravyn")
        ),
    ),
    _bound("baize", "Baize"),
    _bound("kui", "Kuí"),
    _bound("blacksheep", "BlackSheep"),
    _bound("falcon", "Falcon"),
    Framework(
        "asgi_tools",
        "asgi-tools",
        "asgi-tools",
        "conformance.bindings.asgi_tools",
        reexported_by=(
            Reexport(
                "Muffin",
                "muffin",
                (
                    ("muffin.ResponseWebSocket", "WebSocket"),
                    ("muffin.ASGIConnectionClosedError", "WebSocketDisconnect"),
                ),
            ),
        ),
    ),
    _bound("flama", "Flama"),
    _bound("asgineer", "Asgineer"),
    _bound("sanic", "Sanic"),
    _bound("quart", "Quart"),
)
"""Every framework the report judges, in the order it shows them. The bindings package has a module
for each one but Starlette, whose own module is laid out as a binding."""


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or ``None`` when it is not installed."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _resolve(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name, None)


def reexport_holds(reexport: Reexport, binding: str) -> bool:
    """Whether each name ``reexport`` hands out is the very object the binding module exports."""
    ours = importlib.import_module(binding)
    return all(_resolve(theirs) is getattr(ours, name) for theirs, name in reexport.identities)
