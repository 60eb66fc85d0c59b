from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from xdist.remote import Producer
from xdist.scheduler import LoadGroupScheduling

ONE_WORKER_MODULES = frozenset({"tests/project/test_installed.py"})
"""Test modules whose tests run on one xdist worker, as one unit: they share a session fixture
that takes some twenty seconds to build (a project with the tool installed from its wheel)."""


class _ModuleGroups(LoadGroupScheduling):
    """xdist's ``loadgroup`` scheduling, with each of ``ONE_WORKER_MODULES`` a group of its own.

    xdist groups by a suffix it writes into each test's node ID, which pytest 9.2's structured
    node IDs no longer let it write (pytest-xdist#1386): a module marked ``xdist_group`` was
    spread over the workers, and each built its fixture. The module's path is in every node ID.
    """

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.partition("::")[0]
        return module if module in ONE_WORKER_MODULES else super()._split_scope(nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> LoadGroupScheduling | None:
    """Schedule ``--dist loadgroup`` (what ``scripts/check.py`` runs) with ``_ModuleGroups``."""
    return _ModuleGroups(config, log) if config.getvalue("dist") == "loadgroup" else None


_BYTECODE_CACHE = "PYTHONPYCACHEPREFIX"
_MADE_CACHE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Give the session's child processes one shared cache of compiled modules.

    The tests start some three hundred suite runs, each a new interpreter that imports the
    project and has pytest rewrite the suite's modules. Where the environment forbids writing
    bytecode (``PYTHONDONTWRITEBYTECODE``), each of them compiled it all again, about a
    third of a second per run. The cache is a directory of its own, outside the project and
    the tests' directories, so no run writes where a test looks; it lasts one session. Set
    in the controlling process, before the xdist workers start, so they and every process
    they start inherit it.
    """
    if hasattr(config, "workerinput") or _BYTECODE_CACHE in os.environ:
        return
    cache = tempfile.mkdtemp(prefix="wsproto-api-bytecode-")
    config.stash[_MADE_CACHE] = cache
    os.environ[_BYTECODE_CACHE] = cache
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the session's bytecode cache, if this process made it."""
    cache = config.stash.get(_MADE_CACHE, None)
    if cache is not None:
        shutil.rmtree(cache, ignore_errors=True)


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every async test on asyncio and on trio."""
    return str(request.param)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many of the catalogue's broken implementations the suite rejected."""
    verdicts = [
        value
        for report in terminalreporter.getreports("passed") + terminalreporter.getreports("failed")
        if report.when == "call"
        for name, value in report.user_properties
        if name == "catalogue"
    ]
    if verdicts:
        killed = verdicts.count("killed")
        terminalreporter.write_line(f"broken-implementation catalogue: {killed} of {len(verdicts)} rejected")
