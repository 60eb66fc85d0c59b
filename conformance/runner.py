"""Run the suite against a binding in this process and return the judged report."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pytest

from conformance.outcomes import CaseResult, Report
from conformance.plugin import RUN_STATE, SUITE_DIR, RunState

__all__ = ["RunResult", "SuiteError", "run_suite"]

INTERNAL_ERROR: Final = 3
"""The exit code for a run that could not judge the binding: the suite itself broke."""


class SuiteError(Exception):
    """The suite could not run to the end; the message says where it broke."""


@dataclass
class _Capture:
    """Keeps the session's state, to judge the run once pytest has finished."""

    state: RunState | None = field(default=None)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.state = session.config.stash.get(RUN_STATE, None)


@dataclass(frozen=True)
class RunResult:
    """A finished run: the report, each test's result, and pytest's own exit status."""

    report: Report
    cases: tuple[CaseResult, ...]
    pytest_status: int


def run_suite(
    binding: str,
    *,
    backend: str = "all",
    strict: bool = False,
    deviations: Path | None = None,
    time_limit: float | None = None,
    verbose: bool = False,
    extra_args: Sequence[str] = (),
) -> RunResult:
    """Run every suite test against ``binding`` and judge each clause.

    The session ignores the current directory's pytest configuration and ``PYTEST_ADDOPTS``,
    so that the result depends only on the binding and these arguments.
    """
    args = [
        str(SUITE_DIR),
        "-p",
        "conformance",
        "-p",
        "no:cacheprovider",
        "-c",
        os.devnull,
        "--rootdir",
        str(SUITE_DIR.parent),
        "--ws-binding",
        binding,
        "--ws-backend",
        backend,
    ]
    if strict:
        args.append("--ws-strict")
    if deviations is not None:
        args += ["--ws-deviations", str(deviations)]
    if time_limit is not None:
        args += ["--ws-time-limit", str(time_limit)]
    args += ["-q", "-rfE"] if verbose else ["-p", "no:terminal"]
    capture = _Capture()
    addopts = os.environ.pop("PYTEST_ADDOPTS", None)
    try:
        status = int(pytest.main([*args, *extra_args], plugins=[capture]))
    finally:
        if addopts is not None:
            os.environ["PYTEST_ADDOPTS"] = addopts
    state = capture.state
    hint = "" if verbose else "; run with --verbose to see pytest's output"
    if state is None:
        raise SuiteError(f"pytest stopped before the suite ran (exit status {status}){hint}")
    if state.collection_errors:
        raise SuiteError("the suite failed to load: " + "; ".join(state.collection_errors))
    if status not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise SuiteError(f"the run was cut short (pytest exit status {status}){hint}")
    return RunResult(state.report(), tuple(result for _, result in state.cases.values()), status)
