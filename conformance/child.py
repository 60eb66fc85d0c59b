"""The suite's child process: ``python -m conformance.child CONFIG_JSON EVENTS_FD``.

The command line starts it in a session of its own and reads its events (see
:mod:`conformance.events`). Here the binding is loaded, the suite collected, and the tests
run in supervised workers (:mod:`conformance.supervisor`). Nothing in this process can end the
command line's: whatever happens here, the command line still judges what it was told and
writes its reports.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sys

import pytest

import conformance.plugin as plugin_module
from conformance.binding import BindingError, load_binding
from conformance.config import SUITE_DIR, RunConfig, suite_paths
from conformance.events import Done, EventWriter, Failed, Inventoried
from conformance.inventory import take_inventory
from conformance.lifetime import die_with_parent
from conformance.plugin import SuitePlugin
from conformance.spec import Spec, parse_spec
from conformance.supervisor import Supervisor

__all__ = ["main", "pytest_arguments"]


def pytest_arguments(config: RunConfig, spec: Spec) -> list[str]:
    """The pytest session the child runs: the suite alone, whatever the working directory configures.

    A run of some clauses collects only their families' modules: collecting the whole suite
    to deselect most of it is most of what a run of one family costs.
    """
    families = {clause.family for clause in config.selected(spec).values()}
    paths = suite_paths(families) if config.clauses else [SUITE_DIR]
    args = [
        *map(str, paths),
        "-c",
        os.devnull,
        "--rootdir",
        str(SUITE_DIR.parent),
        "-p",
        "no:cacheprovider",
        "-p",
        "no:terminal",
        "-p",
        "anyio.pytest_plugin",
        # The suite has no conftest.py, and no conftest.py of the directories above it (a
        # project's own, when the suite is installed in its .venv) may change the run.
        "--noconftest",
        # The binding's output goes to the supervisor, which caps it, rather than into memory.
        "--capture=no",
    ]
    return [*args, "-k", config.keyword] if config.keyword else args


def _limit_memory(mib: int) -> None:
    limit = mib * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _undo_import_side_effects() -> None:
    """Undo what importing the binding may have done to this process that would break the supervisor.

    With SIGCHLD ignored, the kernel reaps the workers before the supervisor can learn how they
    ended; a pending alarm would interrupt the session.
    """
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_REAL, 0)


def main(argv: list[str]) -> int:
    """Run the suite as ``argv`` (the configuration as JSON, the events pipe) says; the exit status."""
    die_with_parent()
    config = RunConfig.from_json(argv[0])
    channel = EventWriter(int(argv[1]))
    spec = parse_spec()
    try:
        binding = load_binding(config.binding)
    except BindingError as error:
        channel.send(Failed(str(error), usage=True))
        return 2
    _undo_import_side_effects()
    channel.send(Inventoried(take_inventory(binding.sample())))
    _limit_memory(config.limits.memory_mib)
    plugin = SuitePlugin(config, spec, binding, channel, isolated=True)
    plugins: list[object] = [plugin_module, plugin, Supervisor(plugin, channel, config.limits)]
    status = pytest.main(pytest_arguments(config, spec), plugins=plugins)
    if status in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        channel.send(Done())
    else:
        channel.send(Failed(f"pytest ended the suite's session with exit status {int(status)}", usage=False))
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # At once: a thread the binding started, or anything else its import left behind, must not
    # keep the process alive once the run is over.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
