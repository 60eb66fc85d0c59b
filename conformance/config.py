"""One run's configuration, built once from the command line or pytest's options.

The command line builds a :class:`RunConfig` and hands it to the suite's process as JSON;
inside a backend's own pytest session the plugin builds it from its ``--ws-*`` options. From
there on the same object decides what runs, how long it may take, and how it is judged.
This module imports neither pytest nor anyio, so the parent process of a run stays light.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Final, Literal, cast

from conformance.spec import Clause, Spec, family_of

__all__ = [
    "BACKENDS",
    "DEFAULT_TIME_LIMIT",
    "ENV_VAR",
    "EVERYWHERE_FAMILY",
    "LIVE_TIER",
    "MAX_SECONDS",
    "RUNTIME_TIER",
    "STATIC_TIER",
    "SUITE_DIR",
    "Backend",
    "ConfigError",
    "Limits",
    "RunConfig",
    "prove_writable",
    "select",
    "suite_module",
    "suite_paths",
]

Backend = Literal["asyncio", "trio"]
"""An async backend the suite runs on."""

BACKENDS: Final[tuple[Backend, ...]] = ("asyncio", "trio")
"""The async backends the suite can run on, in run order."""

DEFAULT_TIME_LIMIT: Final = 5.0
"""Seconds a test may take before its clause fails as hanging."""

MAX_SECONDS: Final = 1_000_000.0
"""The longest time limit accepted, about 11.6 days, well below the wait that overflows:
epoll's timeout, in milliseconds in a 32-bit integer, which waits for the run's events."""

ENV_VAR: Final = "WSPROTO_API_BINDING"
"""The environment variable that names the binding when no option does."""

SUITE_DIR: Final = Path(__file__).resolve().with_name("suite")
"""Where the suite's test modules live."""


EVERYWHERE_FAMILY: Final = "ERR"
"""The family whose tests are in every module: each refusal's test judges, beside the clause
that says the call refuses, the class (ERR-1) and the message (ERR-2) of what it raises."""


def suite_module(family: str) -> Path:
    """The suite's module that holds every test of ``family``'s clauses.

    It holds no test of another family but ``EVERYWHERE_FAMILY``'s. A run of some families
    collects their modules alone (the whole suite when they include ``EVERYWHERE_FAMILY``);
    the plugin refuses a test kept in another family's module, so that such a run cannot
    miss one of its clauses' tests.
    """
    return SUITE_DIR / f"test_{family.lower()}.py"


def suite_paths(families: Iterable[str]) -> list[Path]:
    """What a run of ``families``' clauses collects: their modules, or the whole suite."""
    chosen = set(families)
    if EVERYWHERE_FAMILY in chosen:
        return [SUITE_DIR]
    return [suite_module(family) for family in sorted(chosen)]


class ConfigError(Exception):
    """An option's value cannot be used; the message names the option and the problem."""


RUNTIME_TIER: Final = "a normal run"
STATIC_TIER: Final = "the static tier (--static)"
LIVE_TIER: Final = "the live tier (--live)"


def _tiers(spec: Spec) -> dict[str, dict[str, Clause]]:
    """Each tier's clauses, by the words that name the tier in a message."""
    return {RUNTIME_TIER: spec.runtime_clauses, STATIC_TIER: spec.static_clauses, LIVE_TIER: spec.live_clauses}


def _selectable(clauses: Mapping[str, Clause]) -> set[str]:
    """What ``--clause`` may name among ``clauses``: each clause's ID and each family's."""
    return {*clauses, *(clause.family for clause in clauses.values())}


def select(spec: Spec, run: str, names: Sequence[str]) -> dict[str, Clause]:
    """The clauses of the tier ``run`` names (:data:`RUNTIME_TIER`, ...) that ``--clause`` ``names`` select.

    Every one when ``names`` is empty, in SPEC.md order. Raises :class:`ConfigError` for a
    name that is no clause or family of that tier, saying what replaced a retired one or
    which other tier judges it.
    """
    tiers = _tiers(spec)
    clauses = tiers[run]
    unknown = [name for name in names if name not in _selectable(clauses)]
    if unknown:
        name = unknown[0]
        replaced = spec.retired.get(name)
        if replaced is not None:
            raise ConfigError(f"--clause {name!r}: retired, {replaced}")
        said = f"--clause {name!r}: not a clause or family that {run} judges"
        for tier, judged in tiers.items():
            if name in _selectable(judged):
                raise ConfigError(f"{said}; {tier} judges it")
        raise ConfigError(said)
    chosen = set(names)
    return {cid: c for cid, c in clauses.items() if not chosen or cid in chosen or family_of(cid) in chosen}


@dataclass(frozen=True)
class Limits:
    """What the process running the binding may use before the test in flight fails."""

    memory_mib: int = 4096
    """Address space of each process that runs the binding, in MiB (``RLIMIT_AS``)."""

    run_seconds: float = 1800.0
    """The whole run: past it the run stops and the clauses not yet judged are reported as such."""

    output_bytes: int = 16 * 1024 * 1024
    """What one test may write to standard output and error before its process is stopped."""

    load_seconds: float = 120.0
    """Importing the binding, building a connection and collecting the suite: past it the run stops."""


@dataclass(frozen=True)
class RunConfig:
    """Everything that decides one run of the runtime tier."""

    binding: str
    """The binding module's path, such as ``starlette.websockets``."""

    backends: tuple[Backend, ...] = BACKENDS
    strict: bool = False
    """Whether failed SHOULD clauses fail the run."""

    deviations: frozenset[str] = frozenset()
    """The clauses the binding knowingly fails, as read from the deviations file."""

    time_limit: float = DEFAULT_TIME_LIMIT
    """Seconds a test may take before its clause fails as hanging."""

    clauses: tuple[str, ...] = ()
    """The clause IDs and family names to run; empty for every runtime clause."""

    keyword: str = ""
    """A pytest ``-k`` expression that narrows the tests further; empty for all of them."""

    verbose: bool = False
    """Whether the report of each failed test is shown as it comes in."""

    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        if not self.binding:
            raise ConfigError(f"no binding given: pass a module path such as 'wsproto_api.reference' or set {ENV_VAR}")
        if not self.backends or any(backend not in BACKENDS for backend in self.backends):
            raise ConfigError(f"backends must be chosen from {', '.join(BACKENDS)}, not {self.backends!r}")
        limits = self.limits
        for option, seconds in (("--time-limit", self.time_limit), ("--run-limit", limits.run_seconds)):
            # Written so that NaN, which every comparison refuses, is refused too.
            if not 0 < seconds <= MAX_SECONDS:
                raise ConfigError(
                    f"{option} must be a number of seconds above 0 and at most {MAX_SECONDS:,.0f}, not {seconds:g}"
                )
        if limits.memory_mib <= 0:
            raise ConfigError(f"--memory-limit must be a number of MiB above 0, not {limits.memory_mib}")
        if limits.output_bytes <= 0 or not 0 < limits.load_seconds <= MAX_SECONDS:
            raise ConfigError(
                f"every limit must be positive, and no time limit above {MAX_SECONDS:,.0f} s: {self.limits}"
            )

    def selected(self, spec: Spec) -> dict[str, Clause]:
        """The runtime clauses this run judges, in SPEC.md order.

        Raises :class:`ConfigError` for a ``--clause`` that names no runtime clause or family.
        """
        return select(spec, RUNTIME_TIER, self.clauses)

    def to_json(self) -> str:
        """The configuration as a JSON text, to hand to another process."""
        data = asdict(self)
        data["deviations"] = sorted(self.deviations)
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> RunConfig:
        """The configuration that :meth:`to_json` wrote."""
        data = cast("dict[str, object]", json.loads(text))
        limits = cast("Mapping[str, float]", data.pop("limits"))
        return cls(
            binding=str(data["binding"]),
            backends=tuple(cast("list[Backend]", data["backends"])),
            strict=bool(data["strict"]),
            deviations=frozenset(cast("list[str]", data["deviations"])),
            time_limit=float(cast(float, data["time_limit"])),
            clauses=tuple(cast("list[str]", data["clauses"])),
            keyword=str(data["keyword"]),
            verbose=bool(data["verbose"]),
            limits=Limits(
                int(limits["memory_mib"]),
                float(limits["run_seconds"]),
                int(limits["output_bytes"]),
                float(limits["load_seconds"]),
            ),
        )


def prove_writable(option: str, path: Path, placeholder: str) -> None:
    """Write ``placeholder`` to ``path``, so that a report that cannot be written fails before the run.

    The placeholder stays if the run never gets to write the report, and says so.
    """
    try:
        path.write_text(placeholder, encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{option} {str(path)!r}: cannot write there ({error.strerror or error})") from None
