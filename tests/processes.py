"""Running a Python module in a child process, as a user would from a shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conformance.binding import ENV_VAR


def run_module(
    module: str, *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` in ``cwd``, with ``env`` added and no binding inherited from the environment."""
    environment = {k: v for k, v in os.environ.items() if k != ENV_VAR} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=300,
    )
