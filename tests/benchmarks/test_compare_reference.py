"""``python -m benchmarks.compare_reference``: an earlier reference loaded beside the current one."""

from __future__ import annotations

import inspect
import sys
import types
from pathlib import Path

import pytest

import wsproto_api.reference
from benchmarks import compare_reference
from benchmarks.messages import CASES
from tests.paths import ROOT


def test_the_earlier_reference_is_its_own_and_the_current_one_is_put_back() -> None:
    current = {name: module for name, module in sys.modules.items() if name.startswith("wsproto_api.reference")}
    earlier = compare_reference.load_reference(ROOT)
    assert earlier is not wsproto_api.reference.WebSocket
    # The earlier class runs on its own modules: its state table is another object.
    init = inspect.getattr_static(earlier, "__init__")
    assert isinstance(init, types.FunctionType)
    assert init.__globals__["CONNECTING"] is not wsproto_api.reference.WebSocketState.CONNECTING
    assert {name: module for name, module in sys.modules.items() if name.startswith("wsproto_api.reference")} == current
    assert sys.modules["wsproto_api"].reference is current["wsproto_api.reference"]


def test_a_short_comparison_has_a_row_per_case(capsys: pytest.CaptureFixture[str]) -> None:
    compare_reference.main([str(ROOT), "--rounds", "1", "--messages", "5"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" | ")[0].lstrip("| ") for line in lines[3:]] == [case.name for case in CASES]


def test_a_tree_without_the_reference_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no wsproto_api/reference"):
        compare_reference.load_reference(tmp_path)
