"""``python -m conformance``: see :mod:`conformance.cli`."""

from conformance.cli import run

run()
