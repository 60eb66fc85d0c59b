"""Removing one public member from a binding fails only the clauses that name that member.

A clause that fails because a member it never mentions is missing is a cascade: the report
blames the wrong rule, and a backend author who lacks one thing is sent to look somewhere
else. So for every public member (the contract's ``WebSocket`` members, the ``URL`` members
beyond ``str``, the ``Headers`` and ``QueryParams`` members, and the optional module names),
this module builds a binding that wraps the reference and lacks that one member, runs the
runtime suite against it, and requires that:

- every clause it fails that the reference passes names the member in its rule, or belongs
  to a feature whose members include it (SPEC.md, "Core and features");
- no clause is left ``not-judged``: a missing member may block a clause or make its feature
  absent, but the run must still reach a verdict on every clause.

A variant's run judges only the clauses whose tests could see the removal: the control's run
is traced (the wrappers write down which test looks up which member), and a test that never
looks up the member runs in the variant as it ran in the control, up to that lookup. The
clauses that name the member or belong to its feature are judged too, as are all clauses when
the member is a module name (read once, when the binding loads) or most tests look it up; and
so are the clauses that the variant's tests name as a failed step, which fail as steps.

The variants wrap rather than subclass, so the member is missing only as the suite sees it:
the reference's own code, which calls its methods on itself, keeps working, and what fails is
what an application written against the contract would see fail.

Each variant is a binding module, ``tests.suite.test_ablation.without_<member>``, built on import
by a meta-path finder, so the suite's child process loads it by name like any other binding.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import re
import sys
import tempfile
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest
from typing_extensions import get_protocol_members

import wsproto_api
import wsproto_api.reference as reference
from conformance.config import RunConfig
from conformance.inventory import CONTRACT_MEMBERS
from conformance.outcomes import ClauseOutcome, Outcome, Report
from conformance.peer import make_scope
from conformance.plugin import LEFT_OUT
from conformance.runner import RunResult, run_suite
from conformance.spec import Clause, Spec, current_spec
from tests.submodules import importable_by_children, serve_submodules

SPEC: Final = current_spec()

PARTS: Final = ("url", "headers", "query_params")
"""The connection's attributes whose own members are part of the contract."""

URL_MEMBERS: Final = tuple(sorted((get_protocol_members(wsproto_api.URL) - set(dir(str))) | {"replace"}))
"""The ``URL`` members beyond ``str``: ``replace`` is one, since its keyword form is not ``str.replace``."""

PART_MEMBERS: Final[dict[str, tuple[str, ...]]] = {
    "url": URL_MEMBERS,
    "headers": tuple(sorted(get_protocol_members(wsproto_api.Headers))),
    "query_params": tuple(sorted(get_protocol_members(wsproto_api.QueryParams))),
}

MODULE_NAMES: Final = ("WebSocketState", "WebSocketDisconnected", "WebSocketClose")
"""The optional names a binding module exports."""

_REFERENCE_PARTS: Final[dict[str, type]] = {
    "url": reference.URL,
    "headers": reference.Headers,
    "query_params": reference.QueryParams,
}

_PART_EXTRAS: Final[dict[str, tuple[str, ...]]] = {
    "url": ("__repr__",),
    "headers": ("__repr__",),
    "query_params": ("__repr__", "__str__"),
}
"""What a wrapped part forwards besides its protocol's members, and never removes: ``repr`` and
``str`` exist on every object, so removing them is not possible, but the reference's are
what URL-15, QP-4 and QP-10 judge."""


# -- variants ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """A binding that wraps the reference and lacks ``removed``.

    ``removed`` is spelled as SPEC.md's feature table spells members: ``receive_text`` for the
    connection's, ``url.port`` for its parts', ``WebSocketState`` for a module name; ``None``
    removes nothing. ``wrapped`` are the parts whose objects are wrapped too.
    """

    name: str
    removed: str | None
    wrapped: tuple[str, ...] = ()
    text_reads_port: bool = False
    """Whether the URL's ``str()`` reads its ``port``: a deliberate cascade, for the meta-test."""

    @property
    def binding(self) -> str:
        """The variant's module path."""
        return f"{__name__}.{self.name}"


def _variant(member: str) -> Variant:
    part, dot, _ = member.partition(".")
    return Variant("without_" + member.replace(".", "_"), member, (part,) if dot else ())


VARIANTS: Final = tuple(
    _variant(member)
    for member in (
        *CONTRACT_MEMBERS,
        *(f"{part}.{name}" for part, members in PART_MEMBERS.items() for name in members),
        *MODULE_NAMES,
    )
)
"""One variant per public member."""

CONTROL: Final = Variant("wrapped_whole", None, PARTS)
"""Every wrapper, nothing removed: what the wrapping alone costs, which must be nothing."""

CASCADING: Final = Variant("without_url_port_cascading", "url.port", ("url",), text_reads_port=True)
"""A URL without ``port`` whose text needs it, so that ``str(ws.url)`` raises: URL-1 and the
other clauses that read the URL's text fail, and none of them names ``port``."""

_ALL: Final = {variant.name: variant for variant in (*VARIANTS, CONTROL, CASCADING)}
assert len(_ALL) == len(VARIANTS) + 2, "two members map to one module name"


# -- tracing -------------------------------------------------------------------------------------

TRACE: Final = "WSPROTO_ABLATION_TRACE"
"""The environment variable that names the file a traced run writes its lookups to.

When the suite's child builds a variant with it set, the variant's wrappers write a line
``<test ID>\t<member>`` the first time each test looks up, reads or calls each member."""

_WRITTEN: set[tuple[str, str]] = set()


def _record(member: str) -> None:
    """Write down that the test running now looked up ``member``; lookups outside a test tell nothing."""
    running = os.environ.get("PYTEST_CURRENT_TEST")  # "<test ID> (call)", set by pytest
    if running is None:
        return
    key = (running.rpartition(" ")[0], member)
    if key not in _WRITTEN:
        _WRITTEN.add(key)
        with open(os.environ[TRACE], "a", encoding="utf-8") as trace:
            trace.write("\t".join(key) + "\n")


def _tracing(cls: type, base: type, members: Mapping[str, str]) -> None:
    """Make ``cls`` record each lookup of one of ``members`` (name to the member as variants spell it).

    ``hasattr(ws, "cookies")`` and ``inspect.signature(ws.accept)`` look a member up without
    calling it; ``ws["type"]`` calls ``__getitem__`` without looking it up on the object,
    which the forwarders record (:func:`_forwarder`).
    """

    def __getattribute__(self: object, name: str) -> Any:
        member = members.get(name)
        if member is not None:
            _record(member)
        return base.__getattribute__(self, name)

    cls.__getattribute__ = __getattribute__  # type: ignore[method-assign,assignment]


def _traced() -> bool:
    return TRACE in os.environ


def _forwarder(cls: type, name: str, wrap: Callable[[Any], Any] = lambda value: value, *, member: str) -> Any:
    """A class attribute that forwards ``name`` to the wrapped object ``self._inner``.

    A method keeps the reference's signature (``functools.wraps`` sets ``__wrapped__``, which
    ``inspect.signature`` follows), and stays a coroutine function where the reference's is
    one; anything else becomes a property. ``wrap`` is applied to what comes back. In a traced
    run, each use records ``member`` (``name`` spelled as variants spell it).
    """
    static = inspect.getattr_static(cls, name)
    record = _record if _traced() else lambda member: None
    if not inspect.isfunction(static):

        def read(self: Any) -> Any:
            record(member)
            return wrap(getattr(self._inner, name))

        return property(read)
    if inspect.iscoroutinefunction(static):

        @functools.wraps(static)
        async def forward_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            record(member)
            return wrap(await getattr(self._inner, name)(*args, **kwargs))

        return forward_async

    @functools.wraps(static)
    def forward(self: Any, *args: Any, **kwargs: Any) -> Any:
        record(member)
        return wrap(getattr(self._inner, name)(*args, **kwargs))

    return forward


def _url_class(variant: Variant, module: str) -> type[str]:
    """A ``str`` subclass with the reference URL's text that forwards its members but the removed one.

    URLs it derives (``replace``, ``include_query_params``...) are wrapped the same way, so they
    are "of the same kind" (URL-9) and lack the member too.
    """
    removed = _removed_from(variant, "url")

    def __new__(cls: type[str], inner: reference.URL) -> str:
        self = str.__new__(cls, inner)
        self._inner = inner  # type: ignore[attr-defined]
        return self

    namespace: dict[str, Any] = {
        "__new__": __new__,
        "__module__": module,
        "__doc__": f"A URL without {removed or 'nothing'}.",
    }
    cls = type("URL", (str,), namespace)

    def derived(value: Any) -> Any:
        return cls(value) if isinstance(value, reference.URL) else value

    for name in (*URL_MEMBERS, *_PART_EXTRAS["url"]):
        if name != removed:
            setattr(cls, name, _forwarder(reference.URL, name, derived, member=f"url.{name}"))
    if _traced():
        _tracing(cls, str, {name: f"url.{name}" for name in URL_MEMBERS})
    if variant.text_reads_port:

        def __str__(self: str) -> str:
            raise AttributeError("'URL' object has no attribute 'port'")

        cls.__str__ = __str__  # type: ignore[assignment]
    return cls


def _part_class(variant: Variant, part: str, module: str) -> type:
    """A plain class over the reference's ``Headers`` or ``QueryParams``, without the removed member.

    It is not a ``Mapping``: the contract asks for the protocol's members, not the class.
    """
    if part == "url":
        return _url_class(variant, module)
    removed = _removed_from(variant, part)
    reference_class = _REFERENCE_PARTS[part]

    def __init__(self: Any, inner: object) -> None:
        self._inner = inner

    namespace: dict[str, Any] = {
        "__slots__": ("_inner",),
        "__init__": __init__,
        "__module__": module,
        "__doc__": f"{reference_class.__name__} without {removed or 'nothing'}.",
    }
    for name in (*PART_MEMBERS[part], *_PART_EXTRAS[part]):
        if name != removed:
            namespace[name] = _forwarder(reference_class, name, member=f"{part}.{name}")
    cls = type(reference_class.__name__, (), namespace)
    if _traced():
        _tracing(cls, object, {name: f"{part}.{name}" for name in PART_MEMBERS[part]})
    return cls


def _removed_from(variant: Variant, part: str) -> str | None:
    """The member of ``part`` that ``variant`` removes, if any."""
    owner, _, name = (variant.removed or "").partition(".")
    return name if owner == part else None


def _connection_class(variant: Variant, module: str) -> type:
    """The variant's ``WebSocket``: a reference connection inside, every contract member but one forwarded."""
    views = {part: _part_class(variant, part, module) for part in variant.wrapped}

    def __init__(self: Any, scope: Any, receive: Any = None, send: Any = None) -> None:
        self._inner = reference.WebSocket(scope, receive, send)
        self._views = {}

    namespace: dict[str, Any] = {
        "__slots__": ("_inner", "_views"),
        "__init__": __init__,
        "__module__": module,
        "__doc__": f"The reference connection without {variant.removed or 'nothing'}, seen from outside.",
    }
    for name in CONTRACT_MEMBERS:
        if name == variant.removed:
            continue
        if name in views:
            namespace[name] = _view_property(name, views[name])
        else:
            namespace[name] = _forwarder(reference.WebSocket, name, member=name)
    cls = type("WebSocket", (), namespace)
    if _traced():
        _tracing(cls, object, {name: name for name in CONTRACT_MEMBERS})
    return cls


def _view_property(part: str, view: type) -> property:
    """The connection's ``part``, wrapped once and kept, so that it is the same object on every read (URL-13)."""

    def read(self: Any) -> Any:
        cached = self._views.get(part)
        if cached is None:
            cached = self._views[part] = view(getattr(self._inner, part))
        return cached

    return property(read)


def build_module(module: types.ModuleType, variant: Variant) -> None:
    """Fill ``module`` as the variant's binding: the reference's exports, with the wrapper as ``WebSocket``."""
    module.__doc__ = f"The reference binding without {variant.removed or 'nothing'}, by wrapping."
    exported = {"WebSocketDisconnect": reference.WebSocketDisconnect}
    exported.update({name: getattr(reference, name) for name in MODULE_NAMES if name != variant.removed})
    module.__dict__.update(exported)
    module.WebSocket = _connection_class(variant, module.__name__)  # type: ignore[attr-defined]


serve_submodules(sys.modules[__name__], _ALL.__contains__, lambda module, name: build_module(module, _ALL[name]))


# -- which clauses name a member -----------------------------------------------------------------

_CODE: Final = re.compile(r"(`+)(.+?)\1")
"""A code span of a rule: SPEC.md writes every name it means as code."""

_FAMILY_PART: Final = {"URL": "url", "HDR": "headers", "QP": "query_params"}
"""The object a family's rules are about: a bare name in a URL rule (`port`, `replace`) is the
URL's, in an HDR rule (`get(name)`, `keys()`) the headers', in a QP rule the query
parameters'; in every other family it is the connection's."""

_OWNER: Final = {"": "ws", "url": "url", "headers": "headers", "query_params": "query_params"}
"""How rules spell the object that has the member: ``ws.url``, ``url.port``, ``headers.raw``."""

_NEVER_BARE: Final = frozenset({"scope", "client", "send", "receive"})
"""Connection members whose bare name the spec uses for something else: ``scope`` is the ASGI
scope or the constructor's argument, ``client`` the scope's key, and ``send`` and ``receive``
the peer's callables (SPEC.md's conventions). Rules name these members as ``ws.scope``,
``ws.client``, ``send(...)`` and ``receive()``."""

_DUNDERS: Final[dict[str, tuple[str, str | None]]] = {
    # ws[key], headers[name], query_params[key]
    "__getitem__": (r"(?<![\w.]){o}\[", None),
    # key in ws, name in headers, key in query_params
    "__contains__": (r"\bin {o}\b", None),
    # len(ws), len(headers); a bare `len` in a rule about the object (QP-8: "`len` counts ...")
    "__len__": (r"\blen\({o}\)", r"len"),
    # iter(ws), list(ws); "Iterating the connection" is prose, matched by _ITERATION below
    "__iter__": (r"\b(?:iter|list)\({o}\)", None),
}
"""How a rule names a special method: by the syntax that calls it, not by its name. Each has
its spelling with the object (``{o}``: ``ws``, ``headers``...), and the code span that names
it alone in a rule whose family is about the object, if there is one."""

_ITERATION: Final = re.compile(r"\biterat", re.IGNORECASE)
"""A rule about iterating the object its family is about (CONN-11: "Iterating the connection")."""


def _spans(clause: Clause) -> list[str]:
    return [match[2].strip() for match in _CODE.finditer(clause.rule)]


def _bare(span: str, name: str) -> bool:
    """Whether ``span`` is ``name`` alone or called (``keys()``, ``get(name)``), or a glob over it (``send_*``)."""
    if re.fullmatch(rf"{re.escape(name)}(?:\(.*\))?", span):
        return True
    glob = re.fullmatch(r"(\w+)\*", span)
    return glob is not None and name.startswith(glob[1])


def names(clause: Clause, member: str) -> bool:
    """Whether ``clause``'s rule names ``member`` (spelled as SPEC.md's feature table spells members)."""
    if member[:1].isupper():  # a module name: WebSocketClose(...), WebSocketDisconnected
        return any(re.search(rf"(?<![\w.]){member}\b", span) for span in _spans(clause))
    part, dot, name = member.rpartition(".")
    part = part if dot else ""
    owner = _OWNER[part]
    about = _FAMILY_PART.get(clause.family, "") == part
    if name in _DUNDERS:
        spelling, alone = _DUNDERS[name]
        spelled = any(re.search(spelling.format(o=owner), span) for span in _spans(clause))
        bare = about and alone is not None and alone in _spans(clause)
        iterated = about and name == "__iter__" and _ITERATION.search(clause.rule) is not None
        return spelled or bare or iterated
    for span in _spans(clause):
        if re.search(rf"(?<![\w.]){owner}\.{name}\b", span):  # ws.url, url.port, headers.getlist(name)
            return True
        if about and name not in _NEVER_BARE and _bare(span, name):
            return True
        if about and name in ("send", "receive") and re.fullmatch(rf"{name}\(.*\)", span):
            return True
        # The connection's parts are named by their own spelling too: name in headers, repr(url).
        if not part and name in PARTS and re.search(rf"(?<![\w.\"]){name}\b(?![\w=])", span):
            return True
    return False


def covers(spec: Spec, clause: Clause, member: str) -> bool:
    """Whether ``clause`` belongs to a feature that has ``member``, or a member of ``member``'s object."""
    if clause.feature is None:
        return False
    return any(m == member or m.startswith(member + ".") for m in spec.features[clause.feature].members)


def cascades(variant: Report, baseline: Report, member: str | None, spec: Spec = SPEC) -> list[ClauseOutcome]:
    """The clauses ``variant`` fails that ``baseline`` passes and that do not name ``member``.

    A clause of a feature that has ``member`` may fail too. With ``member`` ``None`` (nothing
    removed), every clause the variant fails and the baseline passes is a cascade.
    """
    passed = {outcome.id for outcome in baseline.clauses if outcome.outcome == "passed"}
    return [
        outcome
        for outcome in variant.clauses
        if outcome.outcome == "failed"
        and outcome.id in passed
        and (
            member is None
            or not (names(spec.clauses[outcome.id], member) or covers(spec, spec.clauses[outcome.id], member))
        )
    ]


def unjudged(report: Report) -> list[ClauseOutcome]:
    """The clauses ``report`` leaves not judged, for any reason but the generated tests left out."""
    return [c for c in report.by_outcome("not-judged") if LEFT_OUT not in c.detail]


def describe(outcomes: Sequence[ClauseOutcome]) -> str:
    """One line per clause, with what it saw."""
    return "".join(f"\n  {o.id} ({o.outcome}): {o.detail[:300]}" for o in outcomes)


# -- running the suite ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _child_finds_variants(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's child imports the variants by name, as submodules of this module."""
    importable_by_children(monkeypatch)


TIME_LIMIT: Final = 30.0
"""Seconds a suite test may take. These runs judge which clauses a variant fails, not how fast it
is, and many of them share the machine: a generated-input test that a busy machine slows past
the default limit would fail its clause as hanging, and look like a cascade. No variant waits
for anything, so a longer limit costs nothing unless a test really hangs."""


def run_result(binding: str, clauses: tuple[str, ...] = ()) -> RunResult:
    """The runtime suite's run of ``binding`` (on ``clauses`` alone, if given), on asyncio alone:
    one backend is enough to see a cascade.

    The generated-input tests are left out: they judge the same clauses as the hand-written
    ones, over the same members, and cost half of a run.
    """
    return run_suite(RunConfig(binding, ("asyncio",), time_limit=TIME_LIMIT, keyword="not generated", clauses=clauses))


def run(binding: str, clauses: tuple[str, ...] = ()) -> Report:
    """The report of :func:`run_result`."""
    return run_result(binding, clauses).report


@functools.cache
def baseline() -> Report:
    """The reference's report, taken once per process."""
    return run("wsproto_api.reference")


@dataclass(frozen=True)
class Traced:
    """The control's run, traced: its report, and the clauses whose tests looked up each member."""

    report: Report
    clauses_seeing: Mapping[str, frozenset[str]]


@functools.cache
def traced_control() -> Traced:
    """The control's run with its lookups written down, taken once per process."""
    with tempfile.TemporaryDirectory(prefix="wsproto-ablation-") as scratch:
        trace = Path(scratch, "trace")
        trace.touch()
        os.environ[TRACE] = str(trace)  # the suite's child inherits this process's environment
        try:
            result = run_result(CONTROL.binding)
        finally:
            del os.environ[TRACE]
        lines = trace.read_text(encoding="utf-8").splitlines()
    seeing: dict[str, set[str]] = {}
    for line in lines:
        test, _, member = line.partition("\t")
        seeing.setdefault(member, set()).add(result.clause_of[test])
    return Traced(result.report, {member: frozenset(ids) for member, ids in seeing.items()})


WHOLE_RUN_SHARE: Final = 0.5
"""A variant whose clauses to judge are more than this share of the runtime clauses runs them
all: the whole suite costs little more, and collects once."""


def clauses_to_judge(variant: Variant, spec: Spec = SPEC) -> tuple[str, ...]:
    """The clauses ``variant``'s run judges, ``()`` for all of them (see the module's docstring).

    All of them, too, for a member no test looks up and no rule names: nothing tells which
    clauses it could change.
    """
    member = variant.removed
    if member is None or member[:1].isupper():
        return ()
    seen = traced_control().clauses_seeing.get(member, frozenset())
    named = {c.id for c in spec.runtime_clauses.values() if names(c, member) or covers(spec, c, member)}
    chosen = seen | named
    if len(chosen) > WHOLE_RUN_SHARE * len(spec.runtime_clauses):
        return ()
    return tuple(clause_id for clause_id in spec.runtime_clauses if clause_id in chosen)


def judged_run(variant: Variant, chosen: tuple[str, ...]) -> Report:
    """``variant``'s run on ``chosen`` (all clauses for ``()``), and on every clause its tests name as a failed step.

    A clause named as the step that blocked another clause's test fails as a step, though its
    own tests pass (``outcomes.py``): when the removal breaks such a step, the whole suite
    fails that clause, whose own tests may never look the member up.
    """
    result = run_result(variant.binding, chosen)
    while chosen:
        named = {case.blocked_by for case in result.cases if case.blocked_by}
        if named <= set(chosen):
            break
        chosen = tuple(clause_id for clause_id in SPEC.runtime_clauses if clause_id in named | set(chosen))
        result = run_result(variant.binding, chosen)
    return result.report


def check(variant: Variant) -> None:
    """Fail on a cascade or a clause not judged in ``variant``'s run, against the control's."""
    report = judged_run(variant, clauses_to_judge(variant))
    found = cascades(report, traced_control().report, variant.removed)
    missing = unjudged(report)
    problems: list[str] = []
    if found:
        problems.append(f"fails clauses that do not name {variant.removed}:{describe(found)}")
    if missing:
        problems.append(f"leaves clauses not judged:{describe(missing)}")
    if report.stopped:
        problems.append(f"the run stopped: {report.stopped}")
    assert not problems, f"{variant.binding}: " + "; ".join(problems)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.removed)
def test_removing_a_member_fails_only_clauses_that_name_it(variant: Variant) -> None:
    check(variant)


def test_wrapping_alone_fails_nothing() -> None:
    # Every cascade the other tests find is then the removal's, not the wrapper's; and the
    # variants, judged against the control, are judged against the reference.
    control = traced_control().report
    problems = [*cascades(control, baseline(), None), *unjudged(control)]
    assert not problems, f"{CONTROL.binding}:{describe(problems)}"
    assert not control.stopped, control.stopped


def test_every_member_is_looked_up_by_a_test() -> None:
    # A member no test looks up is one the suite never judges, and one no variant's run could see removed.
    seeing = traced_control().clauses_seeing
    unseen = [v.removed for v in VARIANTS if v.removed and not v.removed[:1].isupper() and not seeing.get(v.removed)]
    assert not unseen, f"no test looks up {unseen}"


@pytest.mark.parametrize("member", ["headers.getlist", "url.is_secure"])
def test_a_variant_judged_on_its_clauses_is_judged_as_by_the_whole_suite(member: str) -> None:
    # The tracing's premise, checked on variants that do fail clauses: the clauses left out of
    # a variant's run are judged in the whole run as in the control's, and the others as in
    # the variant's own run.
    variant = _ALL["without_" + member.replace(".", "_")]
    chosen = clauses_to_judge(variant)
    assert chosen, f"{member}: the whole suite is run, nothing to compare"
    whole = {c.id: c.outcome for c in run(variant.binding).clauses}
    control = {c.id: c.outcome for c in traced_control().report.clauses}
    judged = {c.id: c.outcome for c in judged_run(variant, chosen).clauses}
    assert any(outcome == "failed" for outcome in judged.values()), f"{member}: the variant fails nothing"
    assert judged == {clause_id: whole[clause_id] for clause_id in judged}
    assert {i: o for i, o in whole.items() if i not in judged} == {i: o for i, o in control.items() if i not in judged}


# -- the check can fail --------------------------------------------------------------------------


def test_a_cascade_is_detected() -> None:
    # A URL whose text needs the port it lacks breaks URL-1 and the other clauses that read the
    # URL's text, none of which names `port`: the same check must call them cascades.
    report = run(CASCADING.binding)
    found = {outcome.id for outcome in cascades(report, traced_control().report, CASCADING.removed)}
    assert found, f"the cascade of {CASCADING.binding} went unnoticed"
    assert "URL-8" not in found, "URL-8 names `port`, so its failure is no cascade"
    # Judged on its clauses as a variant is: URL-8's to URL-12's tests look `port` up, and are
    # blocked by the clauses of the URL's text, whose own tests do not; those are judged too.
    chosen = clauses_to_judge(CASCADING)
    stepped = {o.id: o.outcome for o in judged_run(CASCADING, chosen).clauses if o.id not in chosen}
    assert "failed" in stepped.values(), f"no failed step was judged: {stepped}"
    whole = {o.id: o.outcome for o in report.clauses}
    assert stepped == {clause_id: whole[clause_id] for clause_id in stepped}


def _report(outcomes: dict[str, Outcome]) -> Report:
    clauses = [SPEC.clauses[clause_id] for clause_id in outcomes]
    return Report(
        "made-up",
        SPEC.version,
        tuple(ClauseOutcome(c.id, c.level, outcomes[c.id], "", feature=c.feature) for c in clauses),
    )


def test_cascades_are_failures_of_clauses_that_do_not_name_the_member() -> None:
    base = _report({"URL-1": "passed", "URL-8": "passed", "URL-17": "passed", "CONN-9": "failed"})
    variant = _report({"URL-1": "failed", "URL-8": "failed", "URL-17": "failed", "CONN-9": "failed"})
    assert [o.id for o in cascades(variant, base, "url.port")] == ["URL-1", "URL-17"]
    # url-extras has is_secure, so URL-17 may fail for it; URL-1 and URL-8 never name it.
    assert [o.id for o in cascades(variant, base, "url.is_secure")] == ["URL-1", "URL-8"]
    assert [o.id for o in cascades(variant, base, None)] == ["URL-1", "URL-8", "URL-17"]
    # A clause the reference fails already (CONN-9 here) is no cascade; nor is one blocked or absent.
    assert cascades(_report({"URL-1": "blocked", "URL-8": "absent"}), base, "url.port") == []


@pytest.mark.parametrize(
    ("clause_id", "member"),
    [
        ("RECV-1", "receive_text"),
        ("SEND-3", "send_json"),
        ("STATE-9", "send_bytes"),
        ("STATE-2", "receive"),
        ("RAW-1", "send"),
        ("CONN-4", "__getitem__"),
        ("CONN-11", "__iter__"),
        ("CONN-11", "__len__"),
        ("CONN-11", "__contains__"),
        ("CONN-16", "get"),
        ("CONN-16", "keys"),
        ("CONN-16", "values"),
        ("CONN-16", "items"),
        ("URL-1", "url"),
        ("URL-15", "url"),
        ("CONN-3", "scope"),
        ("CONN-9", "client"),
        ("URL-8", "url.port"),
        ("URL-9", "url.replace"),
        ("HDR-2", "headers.__contains__"),
        ("HDR-9", "headers.__getitem__"),
        ("HDR-8", "headers.get"),
        ("HDR-12", "headers.__len__"),
        ("HDR-12", "headers.keys"),
        ("HDR-12", "headers.__iter__"),
        ("HDR-11", "headers"),
        ("QP-8", "query_params.__len__"),
        ("QP-8", "query_params.keys"),
        ("QP-11", "query_params.__iter__"),
        ("QP-11", "query_params.values"),
        ("QP-11", "query_params.items"),
        ("QP-6", "query_params.get"),
        ("QP-10", "query_params"),
        ("CLOSE-5", "WebSocketClose"),
        ("SEND-4", "WebSocketDisconnected"),
    ],
)
def test_rules_name_members(clause_id: str, member: str) -> None:
    assert names(SPEC.clauses[clause_id], member)


@pytest.mark.parametrize(
    ("clause_id", "member"),
    [
        ("CONN-1", "scope"),  # the constructor's argument
        ("CONN-1", "send"),  # the peer's callable
        ("ACCEPT-1", "receive"),  # the peer's callable
        ("CONN-15", "client"),  # the scope's key
        ("URL-1", "url.port"),
        ("URL-18", "url.replace_query_params"),
        ("HDR-9", "query_params.get"),  # the headers', not the query parameters'
        ("QP-8", "headers.keys"),
        ("CONN-16", "headers.get"),  # ws.get, not headers.get
        ("CONN-16", "__iter__"),  # ws.keys() is named, not iteration
        ("QP-11", "__iter__"),  # iterating the query parameters is not iter(ws)
        ("HDR-12", "__len__"),  # len(headers) is not len(ws)
        ("ITER-1", "headers.__iter__"),
        ("ACCEPT-8", "headers"),  # the accept() argument, headers=...
        ("SEND-1", "send"),  # send_text(data) is not send(message)
    ],
)
def test_rules_do_not_name_other_members(clause_id: str, member: str) -> None:
    assert not names(SPEC.clauses[clause_id], member)


# -- the variants are what they claim ------------------------------------------------------------


def _load(variant: Variant) -> types.ModuleType:
    return importlib.import_module(variant.binding)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.removed)
def test_a_variant_lacks_exactly_its_member(variant: Variant) -> None:
    module = _load(variant)
    ws: object = module.WebSocket(make_scope(query_string=b"a=1"))
    objects: dict[str, object] = {"": ws, **{part: getattr(ws, part) for part in PARTS if part != variant.removed}}
    for owner, found in objects.items():
        cls: type = type(found)
        for name in CONTRACT_MEMBERS if not owner else PART_MEMBERS[owner]:
            member = f"{owner}.{name}" if owner else name
            # A URL is a str: without a replace of its own it still has str.replace.
            is_str_method = member == "url.replace" and getattr(cls, "replace", None) is str.replace
            lacks = is_str_method or not hasattr(cls, name)
            assert lacks == (member == variant.removed), f"{variant.binding}: {member}"
    for name in MODULE_NAMES:
        assert hasattr(module, name) == (name != variant.removed), f"{variant.binding}: {name}"
    if "url" in objects:
        assert isinstance(objects["url"], str)
        assert objects["url"] == "ws://example.org/?a=1"


def test_the_control_wraps_every_part() -> None:
    ws = _load(CONTROL).WebSocket(make_scope(query_string=b"a=1"))
    for part in PARTS:
        assert type(getattr(ws, part)).__module__ == CONTROL.binding
        assert getattr(ws, part) is getattr(ws, part)
