"""Binding modules made in memory, importable by name as submodules of a test module.

The suite's child process imports a binding by name, so a variant of the reference built by a
test (a fault, an ablation, an ASGI-equivalent form) must import like a module file would, in
this process and in the child, which imports the test module and so installs its finder.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from collections.abc import Callable, Sequence

import pytest

from tests.paths import ROOT

__all__ = ["importable_by_children", "serve_submodules"]


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Builds ``<package>.<name>`` with ``build`` when it is imported, for the names ``known`` allows."""

    def __init__(self, package: str, known: Callable[[str], bool], build: Callable[[types.ModuleType, str], None]):
        self.package = package
        self.known = known
        self.build = build

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        prefix, _, name = fullname.rpartition(".")
        if prefix != self.package or not self.known(name):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def exec_module(self, module: types.ModuleType) -> None:
        self.build(module, module.__name__.rpartition(".")[2])


def serve_submodules(
    package: types.ModuleType, known: Callable[[str], bool], build: Callable[[types.ModuleType, str], None]
) -> None:
    """Make ``package.<name>`` importable for each ``name`` that ``known`` accepts, built by ``build``.

    ``package`` is a plain module; it gets an empty ``__path__`` so that it can have submodules.
    """
    package.__path__ = []  # type: ignore[attr-defined]
    sys.meta_path.append(_Finder(package.__name__, known, build))


def importable_by_children(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the suite's child process import ``tests`` (and so these submodules) wherever pytest was started.

    The runner hands the child this process's environment, and the child imports the binding by name.
    """
    inherited = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), *([inherited] if inherited else [])]))
