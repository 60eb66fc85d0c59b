"""The wsproto-api conformance suite: checks a binding module against SPEC.md, clause by clause.

Run it as ``python -m conformance BINDING`` (or ``wsproto-conformance BINDING``), or inside
a pytest session as ``pytest -p conformance --ws-binding BINDING``; this module is that
pytest plugin.
"""

from conformance.plugin import binding, pytest_addoption, pytest_configure

__all__ = ["binding", "pytest_addoption", "pytest_configure"]
