"""The wsproto-api conformance suite: checks a binding module against SPEC.md, clause by clause.

Run it as ``python -m conformance BINDING`` (or ``wsproto-conformance BINDING``), or inside
a pytest session as ``pytest -p conformance --ws-binding BINDING``; this module is that
pytest plugin's entry. Importing it loads neither pytest nor anyio: the hooks below import
the plugin only when pytest calls them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

__all__ = ["pytest_addoption", "pytest_configure"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """The suite's ``--ws-*`` options."""
    from conformance.plugin import add_options

    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    """Add the suite to the session, for the binding that ``--ws-binding`` or the environment names."""
    from conformance.plugin import configure

    configure(config)
