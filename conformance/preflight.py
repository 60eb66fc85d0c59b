"""Loading a binding in a child process first, for the tiers that then load it in the command line's own.

The runtime tier runs the binding in a child process; the static and live tiers import it, and
build one connection, in the command line's process. A binding that ends its process there
(``sys.exit(0)``, ``os._exit(0)``, a signal) would end the command with the binding's exit
status, 0 included, and one that hangs would hang it: a child that loads it first tells.
"""

from __future__ import annotations

import importlib.machinery
import os
import subprocess
import sys
from pathlib import Path
from typing import Final

from conformance.config import Limits

__all__ = ["LOAD_TIME_LIMIT", "BindingUnloadable", "load_in_child", "shadowing"]

LOAD_TIME_LIMIT: Final = Limits.load_seconds
"""Seconds a binding may take to import and build a connection, as the runtime tier allows."""

_READY: Final = "wsproto-api: conformance imported"
"""What the child prints once it could import the tool itself, before the binding."""

_RETURNED: Final = "wsproto-api: load_binding returned"
"""What the child prints once loading the binding returned or raised ``BindingError``, as a call should."""

# Each marker follows a newline of its own, so output the binding left unfinished cannot hide it.
_CHILD: Final = f"""\
import os
import sys
from conformance.binding import BindingError, load_binding
print("\\n" + {_READY!r}, flush=True)
try:
    load_binding(sys.argv[1])
except BindingError:
    pass  # the command line loads it again and says what is wrong, as it always has
print("\\n" + {_RETURNED!r}, flush=True)
# Loading is over: what the binding left to run at exit (a thread that is no daemon, an atexit
# handler) is not the load's, and must neither hold this process open nor set its status.
os._exit(0)
"""


_OWN_PACKAGES: Final = ("conformance", "wsproto_api")
"""The tool's packages, which its child processes import by name."""


def shadowing(directory: Path) -> str:
    """Why the run's child processes, started in ``directory``, would import another module than the tool's; or empty.

    Python puts the directory a ``-m`` or ``-c`` child starts in first on its path, so a
    ``conformance`` or ``wsproto_api`` module there (a file, or a package with an ``__init__``,
    as source, as bytecode without source or as an extension module) is imported in place of
    the installed one, unless it is that one: the tool's own source tree.
    """
    root = Path(__file__).resolve().parent.parent
    if directory.resolve() == root:
        return ""
    for name in _OWN_PACKAGES:
        # A directory without an __init__ is a namespace portion, which an installed package outranks.
        for suffix in importlib.machinery.all_suffixes():
            for candidate, shown in (
                (directory / name / f"__init__{suffix}", f"{name}/"),
                (directory / f"{name}{suffix}", f"{name}{suffix}"),
            ):
                if candidate.exists():
                    return (
                        f"{shown!r} in the working directory would be imported as the tool's own {name!r} by the "
                        "run's processes, which start there: rename it, or run from another directory"
                    )
    return ""


class BindingUnloadable(Exception):
    """The binding ended or hung the child process that loaded it."""


def _environment() -> dict[str, str]:
    """The environment, with this process's import path: the child finds the binding where this process does."""
    paths = [os.path.abspath(entry or os.curdir) for entry in sys.path]
    return os.environ | {"PYTHONPATH": os.pathsep.join(paths)}


def load_in_child(name: str, time_limit: float = LOAD_TIME_LIMIT) -> None:
    """Load ``name`` in a child process; raise :class:`BindingUnloadable` unless it loaded and the child ended well.

    A binding that does not load for a reason :func:`conformance.binding.load_binding` names
    passes here: the command line then loads it and reports that reason itself.
    """
    try:
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, name],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            env=_environment(),
            timeout=time_limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BindingUnloadable(
            f"binding {name!r} did not load within {time_limit:g} s: importing it, or building a connection, hangs"
        ) from None
    lines = child.stdout.splitlines()
    said = (child.stderr.strip().splitlines() or ["no output"])[-1]
    if _READY not in lines:
        raise BindingUnloadable(
            f"the conformance package could not be imported in a child process (exit status {child.returncode}: "
            f"{said}), so binding {name!r} was not loaded"
        )
    if child.returncode == 0 and _RETURNED in lines:
        return
    raise BindingUnloadable(
        f"binding {name!r} ended the process that loaded it, with exit status {child.returncode} ({said}): "
        "importing it, or building a connection, must return"
    )
