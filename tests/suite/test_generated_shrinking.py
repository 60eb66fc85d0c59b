"""The suite's generated-input tests show a shrunk failing input, and shrinking never makes a hang.

End to end, against bindings wrong only for some inputs: a failure shows the smallest
failing input, and a slow binding fails as a failure, not as a test that did not finish.
Then the mechanism alone, on hypothesis tests of this module's own: where it stops, what it
raises, what it leaves alone.
"""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Callable, Generator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.binding import load_binding
from conformance.config import DEFAULT_TIME_LIMIT, SUITE_DIR, RunConfig
from conformance.events import Event
from conformance.outcomes import CaseResult
from conformance.plugin import TIME_LIMIT, SuitePlugin
from conformance.runner import run_suite
from conformance.spec import parse_spec
from conformance.suite.generated import GENERATED, SHRINK_SHARE

AMPLE_TIME_LIMIT = 30.0
"""A time limit no test of a fast binding comes near, however loaded the machine: shrinking
then ends on its own, and the input shown is as small as hypothesis can make it."""


def generated_failures(binding: str, family: str, time_limit: float = AMPLE_TIME_LIMIT) -> list[CaseResult]:
    """The failed results of the suite's generated tests of the clause family ``family``.

    Selected by keyword and family, not by clause ID or test name, which change.
    """
    config = RunConfig(binding, ("asyncio",), keyword="generated", clauses=(family,), time_limit=time_limit)
    cases = run_suite(config).cases
    failures = [case for case in cases if case.kind in ("failed", "expected-failure")]
    assert failures, f"no generated {family} test failed against {binding}: {cases}"
    return failures


def shown_path(case: CaseResult) -> str:
    """The scope path that a URL test's failure message shows."""
    found = re.search(r"""path=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""", case.message)
    assert found, f"no path shown: {case}"
    path = ast.literal_eval(found.group(1))
    assert isinstance(path, str)
    return path


def shown_headers(case: CaseResult) -> list[tuple[bytes, bytes]]:
    """The scope headers that a header test's failure message shows: its first list of byte pairs."""
    message = case.message
    for start in (index for index, char in enumerate(message) if char == "["):
        for end in (index + 1 for index, char in enumerate(message) if char == "]" and index > start):
            try:
                value: object = ast.literal_eval(message[start:end])
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, list) and all(
                isinstance(pair, tuple) and all(isinstance(part, bytes) for part in cast("tuple[object, ...]", pair))
                for pair in cast("list[object]", value)
            ):
                return cast("list[tuple[bytes, bytes]]", value)
            break
    raise AssertionError(f"no header list shown: {case}")


# -- end to end: the suite against bindings wrong for some inputs -------------------------------


def test_a_failing_url_test_shows_the_smallest_failing_path() -> None:
    # The binding's URL is wrong only for a path with an "@": once shrunk, the path is the
    # "@" alone or after the "/" that a rooted path starts with, and the query is empty.
    for case in generated_failures("tests.bindings.url_wrong_with_at", "URL"):
        assert shown_path(case) in ("@", "/@"), case
        assert "query_string=b''" in case.message, case


def test_a_failing_header_test_shows_the_shortest_failing_list() -> None:
    # The binding's headers are wrong only for more than two: once shrunk, the list has three.
    for case in generated_failures("tests.bindings.headers_wrong_past_two", "HDR"):
        assert len(shown_headers(case)) == 3, case


def test_a_slow_binding_fails_its_tests_instead_of_hanging() -> None:
    # Each read of ws.headers takes 0.15 s, and the shrinker tries many inputs that pass:
    # without the bound, some of these tests shrink past the 8 s that a synchronous test
    # gets with a 4 s time limit, and are reported as not finishing. The limit leaves room
    # for a test that finds no failure: its 20 examples take 3 s.
    failures = generated_failures("tests.bindings.slow_headers_wrong_past_two", "HDR", time_limit=4.0)
    for case in failures:
        assert not case.message.startswith("did not finish"), case
        assert len(shown_headers(case)) > 2, case  # the binding's failure, on an input it fails


# -- the plugin hands each suite test its time limit ---------------------------------------------


class DiscardEvents:
    """An event sink that keeps nothing, for a plugin driven by hand."""

    def send(self, event: Event) -> None:
        pass


def test_each_suite_test_runs_with_the_runs_time_limit() -> None:
    config = RunConfig("wsproto_api.reference", ("asyncio",), time_limit=0.75)
    plugin = SuitePlugin(config, parse_spec(), load_binding(config.binding), DiscardEvents(), isolated=True)
    item = cast("pytest.Item", SimpleNamespace(path=SUITE_DIR / "test_url.py", user_properties=[("clause", "URL-1")]))
    assert TIME_LIMIT.get() == DEFAULT_TIME_LIMIT
    call = plugin.pytest_runtest_call(item)
    next(call)
    assert TIME_LIMIT.get() == 0.75
    with pytest.raises(StopIteration):
        call.send(None)
    assert TIME_LIMIT.get() == DEFAULT_TIME_LIMIT


# -- the mechanism, on tests of this module's own ------------------------------------------------

LIMIT = 2.0
"""The time limit the mechanism's tests run under."""

SLOW_CALL = 0.1
"""How long each call of a slow test's body takes: about 30 calls shrink its failure fully."""


@contextmanager
def time_limit(seconds: float) -> Generator[None, None, None]:
    """Run as a suite test whose time limit is ``seconds``."""
    token = TIME_LIMIT.set(seconds)
    try:
        yield
    finally:
        TIME_LIMIT.reset(token)


def slow_failing_test(
    apply: Callable[[Callable[..., None]], Callable[..., None]],
) -> tuple[Callable[[], None], list[AssertionError]]:
    """A slow ``@given`` test that fails for a number of 100 or more, with ``apply`` applied,
    and the list of the failures its body raises, in order."""
    failures: list[AssertionError] = []

    def body(numbers: list[int]) -> None:
        time.sleep(SLOW_CALL)
        if max(numbers, default=0) >= 100:
            failures.append(AssertionError(f"a number of 100 or more in {numbers!r}"))
            raise failures[-1]

    return apply(given(st.lists(st.integers(0, 1000), max_size=20))(body)), failures


def timed(test: Callable[[], None]) -> tuple[float, AssertionError]:
    """How long ``test`` takes to fail under ``LIMIT``, and its failure."""
    started = time.monotonic()
    with time_limit(LIMIT), pytest.raises(AssertionError) as failure:
        test()
    return time.monotonic() - started, failure.value


def test_slow_shrinking_stops_within_the_time_limit_and_raises_the_smallest_failure() -> None:
    bounded, failures = slow_failing_test(GENERATED)
    elapsed, failure = timed(bounded)
    assert elapsed < LIMIT
    # The body's own failure, on the smallest input found before the stop.
    assert failure is failures[-1]
    assert str(failure).startswith("a number of 100 or more in [")


def test_without_the_bound_the_same_shrinking_would_pass_the_time_limit() -> None:
    # What the test above guards against: hypothesis shrinks its failure fully, which takes longer.
    unbounded, failures = slow_failing_test(GENERATED.settings)
    elapsed, failure = timed(unbounded)
    assert elapsed > LIMIT
    assert str(failure) == "a number of 100 or more in [100]"
    assert failure is failures[-1]


def test_a_fast_failure_is_shrunk_fully() -> None:
    failures: list[AssertionError] = []

    @GENERATED
    @given(st.lists(st.integers(0, 1000), max_size=20))
    def fast(numbers: list[int]) -> None:
        if max(numbers, default=0) >= 100:
            failures.append(AssertionError(f"a number of 100 or more in {numbers!r}"))
            raise failures[-1]

    with time_limit(LIMIT), pytest.raises(AssertionError) as failure:
        fast()
    assert str(failure.value) == "a number of 100 or more in [100]"


def test_a_stop_before_hypothesis_replays_the_shrunk_failure_raises_it_all_the_same() -> None:
    calls: list[list[int]] = []
    failures: list[AssertionError] = []
    slow_call = 0  # which call sleeps past the budget; none on the first run

    @GENERATED
    @given(st.lists(st.integers(0, 1000), max_size=20))
    def test(numbers: list[int]) -> None:
        calls.append(numbers)
        if len(calls) == slow_call:
            time.sleep(SHRINK_SHARE * LIMIT)
        if max(numbers, default=0) >= 100:
            failures.append(AssertionError(f"a number of 100 or more in {numbers!r}"))
            raise failures[-1]

    with time_limit(AMPLE_TIME_LIMIT), pytest.raises(AssertionError) as shrunk:
        test()
    # Shrinking ended on its own, and hypothesis's last call replayed the shrunk failure.
    assert str(shrunk.value) == "a number of 100 or more in [100]"
    replay = len(calls)
    # The same run again, derandomized, with the last call of the shrinking past the budget.
    calls.clear()
    slow_call = replay - 1
    with time_limit(LIMIT), pytest.raises(AssertionError) as stopped:
        test()
    assert len(calls) == replay - 1  # the replay never ran
    assert stopped.value is failures[-1]
    assert str(stopped.value) == str(shrunk.value)


def test_a_stop_before_a_body_that_draws_raises_the_body_s_failure() -> None:
    # Stopped before its draws, the body reads to hypothesis as drawing less than an earlier
    # call that began the same way, and hypothesis raised FlakyStrategyDefinition from the stop.
    failures: list[AssertionError] = []

    @GENERATED
    @given(st.booleans(), st.data())
    def test(flag: bool, data: st.DataObject) -> None:
        time.sleep(SLOW_CALL)
        numbers = data.draw(st.lists(st.integers(0, 1000), max_size=20))
        if max(numbers, default=0) >= 100:
            failures.append(AssertionError(f"a number of 100 or more in {numbers!r} ({flag})"))
            raise failures[-1]

    elapsed, failure = timed(test)
    assert elapsed < LIMIT
    assert failure is failures[-1]


def test_a_passing_test_runs_every_example_whatever_its_time_limit() -> None:
    # The budget only ever stops the shrinking of a failure.
    calls: list[int] = []

    @GENERATED
    @given(st.integers())
    def passing(number: int) -> None:
        calls.append(number)
        time.sleep(0.001)

    with time_limit(0.001):
        passing()
    assert len(calls) == GENERATED.settings.max_examples


def test_the_settings_apply_above_given_and_to_synchronous_tests_only() -> None:
    def plain(number: int) -> None:
        pass

    async def asynchronous(number: int) -> None:
        pass

    with pytest.raises(TypeError, match="above @given"):
        GENERATED(plain)
    with pytest.raises(TypeError, match="synchronous"):
        GENERATED(given(st.integers())(asynchronous))
