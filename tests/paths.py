"""Where the project's files are, for the tests that read them: the repository's root."""

from __future__ import annotations

from pathlib import Path
from typing import Final

__all__ = ["ROOT"]

ROOT: Final = Path(__file__).resolve().parents[1]
"""The repository's root: the directory holding SPEC.md, README.md and ``pyproject.toml``."""
