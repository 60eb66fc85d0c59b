"""The large-input benchmark runs and reports every case; its timings are not judged here."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

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


# -- python -m benchmarks.overhead ---------------------------------------------------------------

OVERHEAD_ROWS = [
    ("per message", "text, iter_text"),
    ("per message", "text, receive_text"),
    ("per message", "bytes, iter_bytes"),
    ("per message", "bytes, receive_bytes"),
    ("per message", "json, iter_json"),
    ("per message", "json, receive_json"),
    ("per connection", "construct"),
    ("per connection", "construct, url.path, header, query param"),
    ("datastructures", "headers lookup, 20 headers"),
    ("datastructures", "headers lookup, 100 headers"),
    ("datastructures", "query params parse"),
    ("datastructures", "url parse"),
    ("memory", "bytes per live connection"),
    ("end to end", "messages per second"),
    ("end to end", "latency p50"),
    ("end to end", "latency p99"),
]
OVERHEAD_COLUMNS = ["group", "case", "raw", "reference", "starlette", "ref/starlette", "ref/raw"]
OVERHEAD_TARGETS = [
    "per message: ref/starlette <= 0.4",
    "per message: ref/raw <= 2",
    "per connection, construct, url.path, header, query param: ref/starlette <= 0.35",
    "memory: ref/starlette <= 0.5",
    "end to end, messages per second: ref/raw >= 0.97",
]
VALUE = rf"(?:{DURATION}|[\d,]+ B|[\d,]+ msg/s|n/a)"
RATIO = r"(?:\d+\.\d\d|n/a)"


def _overhead_row(group: str, case: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(group)} +{re.escape(case)} +{VALUE} +{VALUE} +{VALUE} +{RATIO} +{RATIO}")


def _run_overhead(tmp_path: Path, *extra: str) -> tuple[list[str], dict[str, object]]:
    numbers = tmp_path / "overhead.json"
    result = run_module("benchmarks.overhead", "--quick", "--json", str(numbers), *extra, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines(), json.loads(numbers.read_text())


def test_overhead_quick_run_prints_every_row_and_target_and_writes_the_numbers(tmp_path: Path) -> None:
    lines, report = _run_overhead(tmp_path)
    title, header, *rest = lines
    assert title.startswith("overhead: raw ASGI, wsproto_api.reference and starlette.websockets 1.10")
    assert title.endswith("(quick)")
    assert re.split(r"  +", header.strip()) == OVERHEAD_COLUMNS
    rows, targets = rest[: len(OVERHEAD_ROWS)], rest[len(OVERHEAD_ROWS) :]
    for line, (group, case) in zip(rows, OVERHEAD_ROWS, strict=True):
        assert _overhead_row(group, case).fullmatch(line), line
    blank, target_header, *target_lines = targets
    assert blank == ""
    assert re.split(r"  +", target_header.strip()) == ["target", "worst", "verdict", "worst case"]
    assert len(target_lines) == len(OVERHEAD_TARGETS)
    for line, target in zip(target_lines, OVERHEAD_TARGETS, strict=True):
        assert re.fullmatch(rf"{re.escape(target)} +{RATIO} +(?:met|missed) +.+", line), line

    assert report["benchmark"] == "overhead"
    assert report["quick"] is True
    assert report["statistic"] == "median"
    machine = report["machine"]
    assert isinstance(machine, dict)
    assert str(machine["starlette"]).startswith("1.10")
    assert {"python", "uvicorn", "websockets", "cpu_count", "platform"} <= set(machine)
    report_rows = report["rows"]
    assert isinstance(report_rows, list)
    assert [(row["group"], row["case"]) for row in report_rows] == OVERHEAD_ROWS
    for row in report_rows:
        medians = row["medians"]
        assert set(medians) == {"raw", "reference", "starlette"}
        assert all(value is None or (isinstance(value, float) and value > 0) for value in medians.values())
        if medians["starlette"] is not None:
            assert math.isclose(row["ref/starlette"], medians["reference"] / medians["starlette"])
        if medians["raw"] is not None:
            assert math.isclose(row["ref/raw"], medians["reference"] / medians["raw"])
        else:
            assert row["ref/raw"] is None
    report_targets = report["targets"]
    assert isinstance(report_targets, list)
    assert [target["target"] for target in report_targets] == OVERHEAD_TARGETS
    assert all(isinstance(target["met"], bool) for target in report_targets)


def test_overhead_draws_its_chart_when_asked(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    chart = tmp_path / "ratios.png"
    _run_overhead(tmp_path, "--rounds", "1", "--chart", str(chart))
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_overhead_rounds_below_one_is_a_usage_error() -> None:
    result = run_module("benchmarks.overhead", "--quick", "--rounds", "0", cwd=ROOT)
    assert result.returncode == 2
    assert "--rounds must be at least 1" in result.stderr
    assert result.stdout == ""
