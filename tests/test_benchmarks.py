"""The large-input benchmark runs and reports every case; its timings are not judged here."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from tests.processes import run_module

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    "headers",
    "query_string",
    "receive_bytes",
    "receive_text",
    "send_bytes",
    "send_text",
    "receive_json",
    "send_json",
]
COLUMNS = ["case", "size", "reference", "starlette", "ref/starlette", "growth ref", "growth starlette", "size x"]
DURATION = r"\d+(?:\.\d+)? (?:ns|us|ms|s)"
SIZE = r"(?:[\d,]+ headers|\d+ (?:KiB|MiB))"
NUMBER = r"\d+\.\d+"
SMALL_ROW = re.compile(rf"(?P<case>\w+) +{SIZE} +{DURATION} +{DURATION} +{NUMBER}")
LARGE_ROW = re.compile(rf"(?P<case>\w+) +{SIZE} +{DURATION} +{DURATION} +{NUMBER} +{NUMBER} +{NUMBER} +{NUMBER}")


def test_quick_run_prints_a_row_per_case_and_size_and_writes_the_numbers(tmp_path: Path) -> None:
    numbers = tmp_path / "numbers.json"
    result = run_module("benchmarks.large_inputs", "--quick", "--json", str(numbers), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    title, header, *rows = result.stdout.splitlines()
    assert title.startswith("large inputs: wsproto_api.reference against starlette.websockets 1.10")
    assert title.endswith("(quick)")
    assert re.split(r"  +", header.strip()) == COLUMNS
    assert len(rows) == 2 * len(CASES)
    for case, small, large in zip(CASES, rows[::2], rows[1::2], strict=True):
        small_match = SMALL_ROW.fullmatch(small)
        large_match = LARGE_ROW.fullmatch(large)
        assert small_match is not None, small
        assert large_match is not None, large
        assert small_match["case"] == large_match["case"] == case

    report = json.loads(numbers.read_text())
    assert report["benchmark"] == "large_inputs"
    assert report["quick"] is True
    assert report["starlette"].startswith("1.10")
    assert [entry["case"] for entry in report["cases"]] == CASES
    for entry in report["cases"]:
        small_size, large_size = entry["sizes"]
        assert 0 < small_size < large_size
        assert math.isclose(entry["size_ratio"], large_size / small_size)
        for column in ("reference", "starlette"):
            seconds = entry["seconds"][column]
            for statistic in ("best", "median"):
                assert len(seconds[statistic]) == 2
                assert all(isinstance(value, float) and value > 0 for value in seconds[statistic])
            assert all(isinstance(loops, int) and loops >= 1 for loops in seconds["loops"])
            assert math.isclose(entry["growth"][column], seconds["best"][1] / seconds["best"][0])
        reference, starlette = entry["seconds"]["reference"]["best"], entry["seconds"]["starlette"]["best"]
        ratios = entry["ratio_reference_to_starlette"]
        assert len(ratios) == 2
        assert all(math.isclose(r, ref / star) for r, ref, star in zip(ratios, reference, starlette, strict=True))


def test_repeats_below_one_is_a_usage_error() -> None:
    result = run_module("benchmarks.large_inputs", "--quick", "--repeats", "0", cwd=ROOT)
    assert result.returncode == 2
    assert "--repeats must be at least 1" in result.stderr
    assert result.stdout == ""
