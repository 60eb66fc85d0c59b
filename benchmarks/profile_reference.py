"""Profile the reference on the overhead benchmark's cases with pyinstrument, and print the call tree.

Usage: ``python -m benchmarks.profile_reference [--seconds S] [--flat] CASE...`` where CASE is
a per-message case (``text, iter_text`` ...) or a per-connection case (``construct, url.path,
header, query param`` ...), as the overhead table names them; without CASE, the per-message
``text, iter_text`` and the per-connection reads. Needs pyinstrument (``pip install
pyinstrument``). ``--flat`` lists the functions by their own time instead of the tree.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from benchmarks import connections, messages
from benchmarks.common import Sampler
from benchmarks.frameworks import discover, load

__all__ = ["main"]

_DEFAULT_CASES = ("text, iter_text", "construct, url.path, header, query param")


def _sampler(case_name: str) -> Sampler:
    # The reference alone: the other columns' samplers are built but never run.
    reference, _ = load(discover()[:1])
    for message_case in messages.CASES:
        if message_case.name == case_name:
            return messages.samplers(message_case, reference, 2_000)["reference"]
    for connection_case in connections.CASES:
        if connection_case.name == case_name:
            return connections.samplers(connection_case, reference, 0.01)["reference"]
    raise SystemExit(f"no case named {case_name!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Profile each case for a few seconds and print pyinstrument's report of it."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.profile_reference", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("cases", nargs="*", metavar="CASE", help="cases as the overhead table names them")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to run each case (default 3)")
    parser.add_argument("--flat", action="store_true", help="functions by their own time, not the call tree")
    arguments = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("profiling needs pyinstrument: pip install pyinstrument") from None
    for case_name in arguments.cases or _DEFAULT_CASES:
        sample = _sampler(case_name)
        # A short interval: a sample of these cases lasts milliseconds.
        profiler = Profiler(interval=0.0001)
        deadline = time.perf_counter() + arguments.seconds
        profiler.start()
        while time.perf_counter() < deadline:
            sample()
        profiler.stop()
        print(f"== reference: {case_name}")
        print(profiler.output_text(unicode=False, color=False, flat=arguments.flat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
