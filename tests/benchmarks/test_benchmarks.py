"""The large-input benchmark runs and reports every case; its timings are not judged here."""

from __future__ import annotations

import importlib
import importlib.util
import json
import math
import re
from pathlib import Path

import pytest

from benchmarks import connections, frameworks, messages, overhead, results
from benchmarks.common import Unsupported, WrongResult
from tests.paths import ROOT
from tests.processes import run_module
from wsproto_api.asgi import Receive, Scope, Send

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
OVERHEAD_TARGETS = [
    "per message: ref/peers <= 1",
    "per connection: ref/peers <= 1",
    "memory: ref/peers <= 1",
    "per message: ref/starlette <= 0.4",
    "per message: ref/raw <= 2",
    "per connection, construct, url.path, header, query param: ref/starlette <= 0.35",
    "memory: ref/starlette <= 0.5",
    "end to end, messages per second: ref/raw >= 0.97",
]
VALUE = rf"(?:{DURATION}|[\d,]+ B|[\d,]+ msg/s|n/a|-)"
RATIO = r"(?:\d+\.\d\d|n/a|-)"
BINDINGS_DIR = ROOT / "conformance" / "bindings"
SURVEYED = ["reference", "starlette", "asgi-tools", "baize", "blacksheep", "falcon", "lilya", "litestar"]
"""The frameworks whose spelling the benchmark was written against; each has a ``receive_text`` or its equivalent."""


def _peers(*, installed: bool) -> list[str]:
    """The binding modules of conformance/bindings whose framework imports here (or not), as the columns name them."""
    names = sorted(path.stem for path in BINDINGS_DIR.glob("*.py") if path.stem != "__init__")
    return [name.replace("_", "-") for name in names if _imports(f"conformance.bindings.{name}") == installed]


def _imports(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def _run_overhead(tmp_path: Path, *extra: str) -> tuple[list[str], dict[str, object]]:
    numbers = tmp_path / "overhead.json"
    result = run_module("benchmarks.overhead", "--quick", "--json", str(numbers), *extra, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines(), json.loads(numbers.read_text())


def _table(lines: list[str], columns: int, cell: str) -> None:
    for line, (group, case) in zip(lines, OVERHEAD_ROWS, strict=True):
        cells = rf"(?: +{cell}){{{columns}}}"
        assert re.fullmatch(rf"{re.escape(group)} +{re.escape(case)}{cells}", line), line


def test_overhead_quick_run_has_a_column_for_every_installed_framework(tmp_path: Path) -> None:
    # The same run draws the chart where matplotlib is installed (the bench extra).
    chart = tmp_path / "ratios.png"
    drawing = importlib.util.find_spec("matplotlib") is not None
    lines, report = _run_overhead(tmp_path, *(("--chart", str(chart)) if drawing else ()))
    if drawing:
        assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    columns = ["raw", "reference", "starlette", *_peers(installed=True)]
    assert len(columns) >= 4, "the ecosystem extra installs the peer frameworks"
    title, header, *rest = lines
    assert title.startswith("overhead: raw ASGI, wsproto_api.reference and starlette 1.10")
    assert title.endswith("(quick)")
    assert re.split(r"  +", header.strip()) == ["group", "case", *columns]
    _table(rest[: len(OVERHEAD_ROWS)], len(columns), VALUE)
    rest = rest[len(OVERHEAD_ROWS) :]
    assert rest[0] == ""
    ratio_columns = [f"ref/{column}" for column in columns if column != "reference"]
    assert re.split(r"  +", rest[2].strip()) == ["group", "case", *ratio_columns]
    _table(rest[3 : 3 + len(OVERHEAD_ROWS)], len(ratio_columns), RATIO)
    blank, target_header, *target_lines = rest[3 + len(OVERHEAD_ROWS) :]
    assert blank == ""
    assert re.split(r"  +", target_header.strip()) == ["target", "worst", "verdict", "worst case"]
    target_lines, note_lines = target_lines[: len(OVERHEAD_TARGETS)], target_lines[len(OVERHEAD_TARGETS) :]
    for line, target in zip(target_lines, OVERHEAD_TARGETS, strict=True):
        assert re.fullmatch(rf"{re.escape(target)} +{RATIO} +(?:met|missed) +.+", line), line
    # Some frameworks lack some methods (Falcon has no iter_text): each empty cell is explained.
    blank, notes_title, *notes = note_lines
    assert blank == ""
    assert notes_title.startswith("notes")
    assert notes
    explained = rf"(?:{'|'.join(map(re.escape, columns))}): (?:{'|'.join(re.escape(c) for _, c in OVERHEAD_ROWS)}): .+"
    assert all(re.fullmatch(explained, note) for note in notes), notes

    assert report["benchmark"] == "overhead"
    assert report["quick"] is True
    assert report["columns"] == columns
    left_out = report["left_out"]
    assert isinstance(left_out, dict)
    assert sorted(left_out) == _peers(installed=False)
    machine = report["machine"]
    assert isinstance(machine, dict)
    assert str(machine["starlette"]).startswith("1.10")
    assert set(machine["frameworks"]) == set(columns) - {"raw"}
    report_rows = report["rows"]
    assert isinstance(report_rows, list)
    assert [(row["group"], row["case"]) for row in report_rows] == OVERHEAD_ROWS
    for row in report_rows:
        medians = row["medians"]
        measured = columns if row["group"] != "end to end" else ["raw", "reference", "starlette"]
        assert set(medians) == set(measured) - ({"raw"} if row["case"] == "construct" else set())
        assert all(value is None or (isinstance(value, float) and value > 0) for value in medians.values())
        assert medians["reference"] is not None
        for column, value in medians.items():
            if column != "reference":
                ratio = row["ratios"][f"ref/{column}"]
                assert ratio is None if value is None else math.isclose(ratio, medians["reference"] / value)
    per_message = {row["case"]: row["medians"] for row in report_rows if row["group"] == "per message"}
    assert all(per_message["text, receive_text"][column] is not None for column in ("raw", *SURVEYED))
    report_targets = report["targets"]
    assert isinstance(report_targets, list)
    assert [target["target"] for target in report_targets] == OVERHEAD_TARGETS
    assert all(isinstance(target["met"], bool) for target in report_targets)


def test_overhead_rounds_below_one_is_a_usage_error() -> None:
    result = run_module("benchmarks.overhead", "--quick", "--rounds", "0", cwd=ROOT)
    assert result.returncode == 2
    assert "--rounds must be at least 1" in result.stderr
    assert result.stdout == ""


# -- the columns, in process ---------------------------------------------------------------------


def test_the_columns_are_the_reference_starlette_and_every_binding_module() -> None:
    modules = [framework.module for framework in frameworks.discover()]
    stems = sorted(path.stem for path in BINDINGS_DIR.glob("*.py") if path.stem != "__init__")
    assert modules == ["wsproto_api.reference", "starlette.websockets", *(f"conformance.bindings.{s}" for s in stems)]


def test_a_framework_that_is_not_installed_is_left_out_with_the_reason() -> None:
    listed = [*frameworks.discover()[:2], frameworks.Framework("ghost", "conformance.bindings.ghost_framework")]
    loaded, left_out = frameworks.load(listed)
    assert [entry.column for entry in loaded] == ["reference", "starlette"]
    assert list(left_out) == ["ghost"]
    assert left_out["ghost"].startswith("not installed")
    assert overhead.notes(loaded, left_out, {})[2] == f"left out: ghost, {left_out['ghost']}"


class _Echoing:
    """A WebSocket with the contract's text methods, echoing as it should, unless told to drop or change one."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, *, drop: int = -1, change: int = -1) -> None:
        self._receive, self._send = receive, send
        self._drop, self._change, self._sent = drop, change, 0

    async def accept(self) -> None:
        await self._receive()
        await self._send({"type": "websocket.accept"})

    async def receive_text(self) -> str:
        message = await self._receive()
        text: str = message["text"]
        return text

    async def send_text(self, data: str) -> None:
        self._sent += 1
        if self._sent == self._drop:
            return
        await self._send({"type": "websocket.send", "text": "other" if self._sent == self._change else data})


def _fake(column: str, **behaviour: int) -> frameworks.Loaded:
    def factory(scope: Scope, receive: Receive, send: Send) -> object:
        return _Echoing(scope, receive, send, **behaviour)

    return frameworks.Loaded(frameworks.Framework(column, "tests.fake"), factory)


TEXT_RECEIVE = next(case for case in messages.CASES if case.name == "text, receive_text")
TEXT_ITER = next(case for case in messages.CASES if case.name == "text, iter_text")


@pytest.mark.parametrize("behaviour", [{"drop": 3}, {"drop": 10}, {"change": 10}])
def test_a_framework_that_drops_or_changes_an_echo_fails_its_sample(behaviour: dict[str, int]) -> None:
    samplers = messages.samplers(TEXT_RECEIVE, [_fake("faithful"), _fake("faulty", **behaviour)], 10)
    assert samplers["faithful"]() > 0
    with pytest.raises(WrongResult):
        samplers["faulty"]()


def test_a_faulty_or_lacking_framework_gets_an_empty_cell_and_a_note() -> None:
    loaded, _ = frameworks.load(frameworks.discover()[:1])
    for case, expected in ((TEXT_RECEIVE, "wrong result"), (TEXT_ITER, "no iter_text")):
        samplers = messages.samplers(case, [*loaded, _fake("faulty", drop=3)], 10)
        notes: dict[str, list[str]] = {}
        usable = overhead.usable(samplers, case.name, notes)
        assert set(usable) == {"raw", "reference"}
        assert list(notes) == ["faulty"]
        assert notes["faulty"][0].startswith(f"{case.name}: {expected}")


def test_every_surveyed_framework_echoes_each_kind_it_has_a_method_for() -> None:
    loaded, _ = frameworks.load([framework for framework in frameworks.discover() if framework.column in SURVEYED])
    # The test extra installs every one of them (the ecosystem extra).
    assert [entry.column for entry in loaded] == SURVEYED
    for case in messages.CASES:
        for column, sampler in messages.samplers(case, loaded, 20).items():
            try:
                assert sampler() > 0
            except Unsupported:
                continue
            except WrongResult:
                # asgi-tools' receive() decodes a binary message to text, so its echo is text.
                assert (column, case.kind) == ("asgi-tools", "bytes")


def test_a_framework_that_reads_the_handshake_wrong_fails_its_first_sample() -> None:
    case = next(case for case in connections.CASES if case.name == "construct, url.path, header, query param")
    loaded, _ = frameworks.load(frameworks.discover()[:1])
    right = frameworks.Loaded(frameworks.Framework("right", "tests.fake"), loaded[0].factory)
    assert connections.samplers(case, [*loaded, right], 0.0001)["right"]() > 0
    spelling = frameworks.Spelling(reads=lambda ws: ("/chat/lobby", "curl/8.0", "lobby"))
    wrong = frameworks.Loaded(frameworks.Framework("wrong", "tests.fake", spelling), loaded[0].factory)
    with pytest.raises(WrongResult):
        connections.samplers(case, [*loaded, wrong], 0.0001)["wrong"]()


# -- the targets ---------------------------------------------------------------------------------


def _row(group: str, **medians: float | None) -> results.Row:
    return results.Row(group, "case", "s", dict(medians))


def test_the_peers_target_is_judged_on_the_worst_peer_with_a_figure() -> None:
    target = results.Target("per message", results.PEERS, 1.0, at_most=True)
    rows = [
        _row("per message", raw=1.0, reference=2.0, starlette=4.0, falcon=None),
        _row("per message", raw=1.0, reference=3.0, starlette=6.0, litestar=2.5),
        _row("per connection", reference=9.0, starlette=1.0),
    ]
    verdict = results.judge(target, rows)
    assert verdict.worst == pytest.approx(1.2)
    assert verdict.worst_case == "case (litestar)"
    assert not verdict.met
    assert results.judge(target, rows[:1]).met
    assert results.judge(target, rows[:1]).worst == pytest.approx(0.5)
    assert not results.judge(target, [_row("per message", reference=1.0, falcon=None)]).met


def test_the_table_tells_a_lacking_cell_from_an_unmeasured_one() -> None:
    rows = [_row("per message", raw=1e-6, reference=2e-6, starlette=None)]
    medians_line = results.table(rows, [], ["raw", "reference", "starlette", "falcon"])[1]
    assert re.split(r"  +", medians_line) == ["per message", "case", "1 us", "2 us", "-", "n/a"]
