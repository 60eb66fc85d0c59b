"""Run every check the project holds itself to: lint, format, types, then the tests.

Usage: ``python scripts/check.py [pytest arguments]``; without arguments the tests run on
one worker more than there are cores, the tests of each module of ``ONE_WORKER_MODULES``
(tests/conftest.py) on one of them. Exits non-zero
when any check fails; the tests run last, so their summary is the last thing printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPED = ["wsproto_api", "conformance", "benchmarks"]
LINTED = ["wsproto_api", "conformance", "tests", "examples", "scripts", "benchmarks"]


def _run(name: str, *command: str, trailer: bool = True) -> bool:
    print(f"== {name}: python {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    passed = subprocess.run(command, cwd=ROOT, check=False).returncode == 0
    if trailer:
        print(f"== {name}: {'ok' if passed else 'FAILED'} ({time.perf_counter() - started:.1f} s)\n", flush=True)
    return passed


def main(pytest_args: list[str]) -> int:
    """Run the checks; return the process exit code."""
    python = sys.executable
    results = {
        "ruff check": _run("ruff check", python, "-m", "ruff", "check", *LINTED),
        "ruff format": _run("ruff format", python, "-m", "ruff", "format", "--check", *LINTED),
        "mypy": _run("mypy", python, "-m", "mypy", "--strict", *TYPED),
        "pyright": _run("pyright", python, "-m", "pyright", "--pythonpath", python, *TYPED),
    }
    # The tests run last and print last, so their summary line closes the output.
    # Many tests wait rather than compute (a time limit running out, a server starting, a wheel
    # being built): a worker more than the cores keeps the cores busy meanwhile.
    default = ["-n", str((os.cpu_count() or 1) + 1), "--dist", "loadgroup"]
    results["pytest"] = _run("pytest", python, "-m", "pytest", *(pytest_args or default), trailer=False)
    failed = [name for name, passed in results.items() if not passed]
    if failed:
        print("checks failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
