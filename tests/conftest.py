from __future__ import annotations

import pytest


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every async test on asyncio and on trio."""
    return str(request.param)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many of the catalogue's broken implementations the suite rejected."""
    verdicts = [
        value
        for report in terminalreporter.getreports("passed") + terminalreporter.getreports("failed")
        if report.when == "call"
        for name, value in report.user_properties
        if name == "catalogue"
    ]
    if verdicts:
        killed = verdicts.count("killed")
        terminalreporter.write_line(f"broken-implementation catalogue: {killed} of {len(verdicts)} rejected")
