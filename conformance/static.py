"""The static tier: whether a type checker accepts the binding's classes as the typed contract.

A probe module is generated and checked: for every member of the ``WebSocket``, ``URL``,
``Headers`` and ``QueryParams`` protocols of ``wsproto_api/protocols.py``, a one-member
protocol copied from that file's source, and a function that assigns the binding's object
to it. One member to a function means each error line of the checker names one member, and
its notes give the contract's signature and the binding's. The results are judged under
SPEC.md's TYPE clauses, which a normal run does not check.

A member whose type is itself one of those four protocols (``url`` is a ``URL``; the
constructor builds a ``WebSocket``) is copied with that type replaced by the protocol's
kind, :attr:`Target.kind`: the protocol's own members are judged one by one under their
own clause, so one wrong ``URL`` member fails that member under TYPE-2 only, not ``url``
under TYPE-1 and every ``URL`` method that returns a URL besides.

A checker's verdict counts only from a run shown to have checked the probe: the probe also
holds a deliberate type error, its canary, which every run must report, and a run that
exits with a usage or fatal status, or reports an error outside the probe's member lines,
seen lines and use lines, is a :class:`CheckerError`, never a pass; so is a mypy run whose
revealed type of the connection is another loaded class than the binding's (a module that
defines ``WebSocket`` twice: mypy keeps the first). Each seen line assigns
one subject (the connection, its ``url``, ``headers``, ``query_params``) to a class of the
probe's own: a checker that reports no error there sees the subject as ``Any``, accepts
it as every protocol, and so compared nothing of it, which fails the clause. Each use line
assigns one member's use (a property read, a method called with arguments no contract
method takes) to that class: no error there means the checker would accept any use of the
member, which fails it as ``Any``. The checkers are run, and their reports read, by
``conformance/checkers.py``.
"""

from __future__ import annotations

import ast
import builtins
import copy
import dataclasses
import functools
import importlib.util
import inspect
import itertools
import json
import re
import site
import sys
import tempfile
import typing
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Final, Literal, cast

import wsproto_api
from conformance.checkers import CHECKERS, Checker, CheckerError, CheckerRun, locate_checker, run_checker
from conformance.outcomes import BLOCKED, CaseResult, ClauseOutcome, Report, judge_clause
from conformance.spec import Clause, current_spec
from wsproto_api import protocols

__all__ = [
    "CHECKERS",
    "TARGETS",
    "Checker",
    "CheckerError",
    "CheckerVerdict",
    "MemberResult",
    "Target",
    "connection_class",
    "locate_checker",
    "static_report",
]

PROTOCOLS_SOURCE: Final = Path(wsproto_api.__file__).with_name("protocols.py")
"""The contract's source, from which the one-member protocols are copied."""

Status = Literal["ok", "missing", "mismatch", "untyped", "any"]
"""How one member compares with the contract: ``untyped`` has no annotation, ``any`` is ``Any`` to the checker."""


@dataclass(frozen=True)
class Target:
    """One protocol the binding must satisfy, and the TYPE clause that says so."""

    clause: str
    protocol: str
    """The protocol's name in ``wsproto_api/protocols.py``."""

    subject: str
    """The probe expression of the binding's object, with ``ws`` a connection."""

    attribute: str | None
    """The connection attribute whose type is checked, or ``None`` for the connection itself."""

    kind: str
    """The type that a member of any protocol, returning this protocol, is checked against.

    The protocol's members are its clause's to judge, one by one; were they judged again in
    every member that returns the protocol, one wrong member would fail each of those too.
    What is left to check there is that the member gives the right kind of object.
    """


TARGETS: Final = (
    # The constructor returns a connection, whose members TYPE-1 judges on the class's instances.
    Target("TYPE-1", "WebSocket", "ws", None, "object"),
    # A URL is a str (URL-1), which a protocol cannot say: the URL protocol lists str methods.
    # So a member returning a URL must return a str: Starlette's url, a URL that is not a str,
    # fails TYPE-1 at url, as SPEC.md's typed departures say, and its URL's members TYPE-2.
    Target("TYPE-2", "URL", "ws.url", "url", "str"),
    # Headers and query parameters are multidicts of their own, of no class the contract names.
    Target("TYPE-3", "Headers", "ws.headers", "headers", "object"),
    Target("TYPE-4", "QueryParams", "ws.query_params", "query_params", "object"),
)
"""What the static tier checks, in clause order."""

FACTORY: Final = "WebSocketFactory"
"""The protocol the binding's ``WebSocket`` class itself must match, under TYPE-1."""

CONSTRUCTOR: Final = "__init__"
"""The member name under which the ``WebSocketFactory`` check is reported."""


@dataclass(frozen=True)
class MemberResult:
    """One member of one protocol, as one checker judged it."""

    clause: str
    member: str
    status: Status
    expected: str = ""
    """The contract's signature, or empty when the checker's message gives both."""

    got: str = ""
    """The binding's signature, or the checker's message."""

    difference: str = ""
    """What differs between the two, found at run time, when the checker prints them alike."""

    def describe(self) -> str:
        """One line: the member, what is wrong, and both signatures when the checker gave them.

        Two signatures the checker prints alike are shown once, with what differs instead.
        """
        if self.status == "missing":
            return f"{self.member}: missing"
        if self.status == "untyped":
            return f"{self.member}: untyped (no annotations, so no checker can compare it)"
        if self.status == "any":
            return f"{self.member}: Any to the checker (it accepts any use of it, so it compared nothing of it)"
        if not self.expected:
            return f"{self.member}: mismatch; {self.got}"
        if _print_alike(self.expected, self.got):
            found = self.difference or "what differs is not in the checker's notes"
            return f"{self.member}: mismatch; Expected and Got print alike: {self.got}; {found}"
        return f"{self.member}: mismatch; Expected: {self.expected} / Got: {self.got}"


def _print_alike(expected: str, got: str) -> bool:
    """Whether a checker's two signatures read the same, but for the callable's own name.

    The name is no part of the type (mypy names the constructor ``__call__`` on one side and
    the class on the other), so two signatures that differ only there show no difference.
    """
    return _unnamed(expected) == _unnamed(got)


def _unnamed(signature: str) -> str:
    """``signature`` with each ``def name(`` (after any type parameters) made ``def (``."""
    return re.sub(r"\bdef ((?:\[[^\]]*\] )?)\w+\(", r"def \1(", " ".join(signature.split()))


# -- the probe -------------------------------------------------------------------------------


_Member = ast.FunctionDef | ast.AsyncFunctionDef


def _protocol_members(module: ast.Module, name: str) -> dict[str, list[_Member]]:
    """The members of protocol ``name``, its own protocol bases' first, each with its overloads."""
    classes = {node.name: node for node in module.body if isinstance(node, ast.ClassDef)}
    members: dict[str, list[_Member]] = {}
    cls = classes[name]
    for base in cls.bases:
        if isinstance(base, ast.Name) and base.id in classes:
            members.update(_protocol_members(module, base.id))
    own: dict[str, list[_Member]] = {}
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            own.setdefault(node.name, []).append(node)
    members.update(own)
    return members


CANARY: Final = '_canary: int = "not an int"'
"""The probe's deliberate type error: a checker that ran on the probe reports it, whatever the binding."""


@dataclass
class Probe:
    """The generated module, and which member each checked line stands for."""

    source: str
    lines: dict[int, tuple[str, str]]
    """Probe line number to ``(clause, member)``."""

    canary: int
    """The line of :data:`CANARY`, which is no member and so no part of the verdict."""

    seen: dict[int, str] = dataclasses.field(default_factory=dict[int, str])
    """Probe line number to the TYPE clause whose subject it assigns to :data:`UNMATCHED`.

    A checker that knows the subject's type reports an error there, as the subject is no
    instance of that class; one that reports none sees the subject as ``Any``, and compares
    nothing of it (:class:`CheckerVerdict`).
    """

    used: dict[int, tuple[str, str]] = dataclasses.field(default_factory=dict[int, tuple[str, str]])
    """Probe line number to the ``(clause, member)`` whose use it assigns to :data:`UNMATCHED` (:func:`_use`).

    A checker reports an error there unless it sees the member as ``Any``, or as a callable
    that takes any arguments and gives ``Any``: then it would accept any use of the member,
    and holding the member to its protocol compared nothing.
    """

    revealed: int | None = None
    """The line that reveals the connection's type to mypy (:func:`_judged_another_class`)."""

    exported: str = ""
    """The full name of the binding's connection class at run time; empty when it has none, or
    when a stub types it (then the stub's class is the one to judge)."""


MADE_BY: Final = """

from collections.abc import Callable as _Callable

_Made = TypeVar("_Made")


def _made_by(factory: _Callable[..., _Made]) -> _Made:
    raise NotImplementedError"""
"""The probe's stand-in for a call of a ``WebSocket`` factory function: a value of the type it returns."""

UNMATCHED: Final = "_Unmatched"
"""A class of the probe's own, of which no subject is an instance: assigning one to it is an error unless it is ``Any``.

A class, not a protocol: a class whose ``__getattr__`` answers any name matches every
protocol for mypy, and is no more ``Any`` for that.
"""

UNMATCHED_SOURCE: Final = f"""

class {UNMATCHED}:
    pass"""

ANY_CALL: Final = f"{UNMATCHED}(), {UNMATCHED}(), {UNMATCHED}(), _wsproto_api_any_call={UNMATCHED}()"
"""Arguments no member of the contract takes: three positional ones and an unknown keyword, of the probe's class."""


def _use(subject: str, member: str, nodes: list[_Member]) -> tuple[str, bool]:
    """An expression using ``member`` of ``subject`` that a checker gives ``Any`` only if the member is ``Any``.

    A property is read; a method is called with :data:`ANY_CALL` and, where the contract's
    method is a coroutine, awaited. With it, whether the expression needs an ``async def``.
    A member typed ``(*args: Any, **kwargs: Any) -> Any``, or given by a ``__getattr__``
    returning ``Any``, is then ``Any`` to the checker as surely as one declared ``Any``.
    """
    first = nodes[0]
    if any(isinstance(d, ast.Name) and d.id == "property" for d in first.decorator_list):
        return f"{subject}.{member}", False
    call = f"{subject}.{member}({ANY_CALL})"
    if isinstance(first, ast.AsyncFunctionDef):
        return f"await {call}", True
    return call, False


ANY_ARGUMENT: Final = "_any_argument"
"""A value of the probe's typed ``Any``, which every parameter takes: a call given it is judged by its result alone."""

ANY_ARGUMENT_SOURCE: Final = f"""

{ANY_ARGUMENT}: Any = None"""


_CONTRACT_TYPE_VARS: Final = frozenset(
    name for name, value in vars(protocols).items() if isinstance(value, typing.TypeVar)
)
"""The type variables of the contract's generic members, whose results no call could show."""


def _result_use(subject: str, member: str, nodes: list[_Member]) -> tuple[str, bool] | None:
    """A call of the connection's method ``member`` as the contract allows, judged by its result alone.

    A checker gives the call's result ``Any`` only if the method's result is ``Any`` to it.
    The call gives each required parameter :data:`ANY_ARGUMENT`, so only its result is
    judged: a method whose result the checker fits to any use (declared ``Any``, or a type
    variable that no argument binds) is then accepted as :data:`UNMATCHED`. ``None`` for a
    property, an overloaded method, and a method whose result the contract leaves ``Any`` or
    generic, which no result could show.
    """
    first = nodes[0]
    if len(nodes) > 1 or any(isinstance(d, ast.Name) and d.id == "property" for d in first.decorator_list):
        return None
    returns = first.returns
    if returns is None or any(
        isinstance(n, ast.Name) and (n.id == "Any" or n.id in _CONTRACT_TYPE_VARS) for n in ast.walk(returns)
    ):
        return None
    positional = [*first.args.posonlyargs, *first.args.args][1:]  # past self
    required = positional[: len(positional) - len(first.args.defaults)]
    keywords = [a.arg for a, d in zip(first.args.kwonlyargs, first.args.kw_defaults, strict=True) if d is None]
    given = [ANY_ARGUMENT] * len(required) + [f"{name}={ANY_ARGUMENT}" for name in keywords]
    call = f"{subject}.{member}({', '.join(given)})"
    if isinstance(first, ast.AsyncFunctionDef):
        return f"await {call}", True
    return call, False


def connection_class(module: ModuleType) -> type | None:
    """The class of ``module``'s connections: its ``WebSocket`` class, or the class its factory function returns.

    A binding may export ``WebSocket`` as a function that builds another class (Falcon's);
    its connections are then of the class the function's return annotation names.
    """
    made = getattr(module, "WebSocket", None)
    if isinstance(made, type) or not callable(made):
        return made if isinstance(made, type) else None
    try:
        returned = typing.get_type_hints(made).get("return")
    except Exception:  # an annotation that does not resolve: the checker judges it instead
        return None
    return returned if isinstance(returned, type) else None


def probe_name_clash(binding: str) -> str:
    """Why ``binding`` cannot be checked beside the probe (it would be the probe itself), or empty."""
    if binding.partition(".")[0] == PROBE_MODULE:
        return f"the binding {binding!r} has the static tier's own probe's name; rename it"
    return ""


def _declared_variable(module: ModuleType, name: str) -> bool:
    """Whether ``module`` annotates ``name`` as a variable: an annotation that is not ``TypeAlias``."""
    annotations: dict[str, object] = getattr(module, "__annotations__", {})
    if name not in annotations:
        return False
    annotation = annotations[name]
    if isinstance(annotation, str):
        # Under ``from __future__ import annotations`` the annotation is its source text.
        return annotation.rpartition(".")[2] != "TypeAlias"
    return annotation is not typing.TypeAlias


def build_probe(binding: str) -> Probe:
    """The probe module's source for ``binding``."""
    clash = probe_name_clash(binding)
    if clash:
        raise CheckerError(clash)
    module = ast.parse(PROTOCOLS_SOURCE.read_text(encoding="utf-8"))
    header = [ast.unparse(node) for node in module.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    header += [
        ast.unparse(node)
        for node in module.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and ast.unparse(node.value.func) == "TypeVar"
    ]
    # The contract's own names, so that a member returning ``Address`` means the contract's.
    header.append("from wsproto_api.protocols import *")
    header.append(f"import {binding} as _binding")
    lines = ["from __future__ import annotations", *header, "", CANARY]
    canary = len(lines)
    where: dict[int, tuple[str, str]] = {}

    def add(text: str) -> int:
        lines.extend(text.splitlines())
        return len(lines)

    # A WebSocket that is a factory function is no type: its connections are what a call returns,
    # as the checker infers it from the factory's own annotations. So is a class the module declares
    # as a variable (``WebSocket: Any = ...``), which a checker may refuse as an annotation.
    module_of_binding = importlib.import_module(binding)
    made_by_call = _declared_variable(module_of_binding, "WebSocket") or not isinstance(
        getattr(module_of_binding, "WebSocket", None), type
    )
    if made_by_call:
        add(MADE_BY)
    connection = "ws = _made_by(_binding.WebSocket)" if made_by_call else ""

    def checked(name: str, body: str, asynchronous: bool = False) -> int:
        """Add a function whose last line assigns to a protocol or class; that line's number."""
        define = "async def" if asynchronous else "def"
        if made_by_call:
            return add(f"\n\n{define} {name}() -> None:\n    {connection}\n    {body}")
        return add(f"\n\n{define} {name}(ws: _binding.WebSocket) -> None:\n    {body}")

    add(UNMATCHED_SOURCE)
    add(ANY_ARGUMENT_SOURCE)
    revealed = checked("revealed_connection", "reveal_type(ws)")
    exported = connection_class(module_of_binding)
    seen: dict[int, str] = {}
    for target in TARGETS:
        seen[checked(f"seen_{target.protocol}", f"unmatched: {UNMATCHED} = {target.subject}")] = target.clause
    factory = f"_{FACTORY}"
    add(f"\n\nclass {factory}(Protocol):\n" + _indent(_copied(_protocol_members(module, FACTORY)["__call__"])))
    add(f"\n\ndef check_constructor() -> None:\n    factory: {factory} = _binding.WebSocket")
    where[len(lines)] = ("TYPE-1", CONSTRUCTOR)
    # url, headers and query_params are subjects of their own, with seen lines above.
    subjects = {target.attribute for target in TARGETS}
    used: dict[int, tuple[str, str]] = {}
    for target in TARGETS:
        for index, (member, nodes) in enumerate(_protocol_members(module, target.protocol).items()):
            protocol = f"_{target.protocol}_{index}"
            add(f"\n\nclass {protocol}(Protocol):\n" + _indent(_copied(nodes)))
            where[checked(f"check_{protocol}", f"expected: {protocol} = {target.subject}")] = (target.clause, member)
            if target.attribute is None and member in subjects:
                continue
            use, asynchronous = _use(target.subject, member, nodes)
            used[checked(f"use_{protocol}", f"unmatched: {UNMATCHED} = {use}", asynchronous)] = (target.clause, member)
            result = _result_use(target.subject, member, nodes) if target.attribute is None else None
            if result is not None:
                result_use, asynchronous = result
                line = checked(f"result_{protocol}", f"unmatched: {UNMATCHED} = {result_use}", asynchronous)
                used[line] = (target.clause, member)
    # A stub is the types its author declares, whatever the source holds: mypy is to read it.
    exported_name = ""
    if exported is not None and not (_typed_by_stub(binding) or _typed_by_stub(exported.__module__)):
        exported_name = f"{exported.__module__}.{exported.__qualname__}"
    return Probe("\n".join(lines) + "\n", where, canary, seen, used, revealed, exported_name)


class _ToKind(ast.NodeTransformer):
    """Puts each target protocol's :attr:`Target.kind` in place of the protocol's name."""

    def visit_Name(self, node: ast.Name) -> ast.Name:
        kind = next((target.kind for target in TARGETS if target.protocol == node.id), node.id)
        return ast.copy_location(ast.Name(kind, node.ctx), node)


def _copied(nodes: list[_Member]) -> str:
    """The source of one member's definitions, its overloads included, returning kinds for protocols.

    Only return types change: a member given a URL would have to accept any ``str`` if its
    parameter became ``str``, which is more than the contract asks (no member of the contract
    takes a target protocol).
    """
    copies: list[str] = []
    for node in nodes:
        node_copy = copy.deepcopy(node)
        if node_copy.returns is not None:
            node_copy.returns = cast("ast.expr", _ToKind().visit(node_copy.returns))
        copies.append(ast.unparse(node_copy))
    return "\n".join(copies)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())


# -- untyped members: a checker takes an unannotated def as matching anything -------------------


@functools.cache
def _typed_by_stub(module_name: str) -> bool:
    """Whether a checker reads ``module_name``'s types from stubs rather than from its source.

    The standard library is typed by typeshed; a third-party module by a ``.pyi`` beside its
    source or by a ``<package>-stubs`` package on the path.
    """
    top = module_name.partition(".")[0]
    if top in sys.stdlib_module_names or top == "builtins":
        return True
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        return False
    origin = spec.origin if spec is not None else None
    if origin is not None and Path(origin).with_suffix(".pyi").is_file():
        return True
    return any((Path(entry) / f"{top}-stubs").is_dir() for entry in sys.path if entry)


def _untyped(value: object) -> bool:
    """Whether ``value``, a class attribute, is a callable or property with no annotation at all.

    Code typed by stubs (``collections.abc.Mapping.get``, a binding that ships ``.pyi``
    files) carries no annotations at run time but is typed for a checker, so it is left to
    the checker.
    """
    function: object = value.fget if isinstance(value, property) else value
    if isinstance(function, (staticmethod, classmethod)):
        function = cast("staticmethod[..., object] | classmethod[object, ..., object]", function).__func__
    if not inspect.isfunction(function) or _typed_by_stub(function.__module__):
        return False
    return not inspect.get_annotations(function)


def _declared_class(cls: type, attribute: str) -> type | None:
    """The class a connection property, or class-level annotation, declares, when it resolves to one."""
    value = inspect.getattr_static(cls, attribute, None)
    try:
        if isinstance(value, property):
            hint = typing.get_type_hints(value.fget).get("return") if value.fget is not None else None
        else:  # an attribute: annotated in the class body (``url: URL``), if at all
            hint = typing.get_type_hints(cls).get(attribute)
    except Exception:  # an annotation that does not resolve at run time: leave it to the checker
        return None
    return hint if isinstance(hint, type) else None


def _owners(cls: type) -> dict[str, type | None]:
    """Each clause's class at run time: the connection's, then the declared class of each attribute.

    ``None`` where the attribute declares no class that resolves at run time.
    """
    return {
        target.clause: cls if target.attribute is None else _declared_class(cls, target.attribute) for target in TARGETS
    }


def _inherited_from_str(owner: type | None, member: str) -> bool:
    """Whether ``owner`` is a ``str`` subclass that takes ``member`` from ``str`` itself.

    Such a member is ``str``'s, typed by typeshed, and is what the contract's ``str`` members
    were copied from: it is typed whether or not a checker could read the binding.
    """
    if owner is None or not issubclass(owner, str):
        return False
    definer = next((klass for klass in owner.__mro__ if member in vars(klass)), None)
    return definer is str


def untyped_members(module: ModuleType) -> list[MemberResult]:
    """The protocol members the binding defines without any annotation.

    A member a ``str`` subclass inherits from ``str`` is never one: it is typed by typeshed.
    """
    cls = connection_class(module)
    factory = getattr(module, "WebSocket", None)
    if cls is None:
        # A factory function whose return no annotation names: untyped, unless a stub types it.
        untyped_factory = factory is not None and not isinstance(factory, type) and _untyped(factory)
        return [MemberResult("TYPE-1", CONSTRUCTOR, "untyped")] if untyped_factory else []
    tree = ast.parse(PROTOCOLS_SOURCE.read_text(encoding="utf-8"))
    found: list[MemberResult] = []
    # The constructor is the factory function where there is one, else the class's __init__.
    constructor = vars(cls).get("__init__") if factory is cls else factory
    if constructor is not None and _untyped(constructor):
        found.append(MemberResult("TYPE-1", CONSTRUCTOR, "untyped"))
    owners = _owners(cls)
    for target in TARGETS:
        if target.attribute is not None and _untyped(inspect.getattr_static(cls, target.attribute, None)):
            # No declared class: nothing says which members are str's.
            found.extend(MemberResult(target.clause, m, "untyped") for m in _protocol_members(tree, target.protocol))
            continue
        owner = owners[target.clause]
        if owner is None:
            continue
        for member in _protocol_members(tree, target.protocol):
            if not _inherited_from_str(owner, member) and _untyped(inspect.getattr_static(owner, member, None)):
                found.append(MemberResult(target.clause, member, "untyped"))
    return found


# -- signatures a checker prints alike: what differs, as run-time introspection sees it --------


@dataclass(frozen=True)
class _Shape:
    """A member as run-time introspection sees it."""

    kind: str
    """``method``, ``coroutine method``, ``static method``, ``class method``, ``property`` or ``attribute``."""

    parameters: tuple[inspect.Parameter, ...]
    """Its parameters, without ``self`` or ``cls``."""

    hints: dict[str, object]
    """Each parameter's annotation by name, and the type it gives under ``return``."""


def _hints(function: Callable[..., object]) -> dict[str, object]:
    """``function``'s annotations, resolved where they resolve at run time, else as written."""
    try:
        return dict(typing.get_type_hints(function))
    except Exception:  # a name only a checker sees (under TYPE_CHECKING): compare the text
        return dict(inspect.get_annotations(function))


def _shape(owner: type, member: str) -> _Shape | None:
    """``member`` of ``owner`` as :class:`_Shape`, or ``None`` when run-time introspection cannot tell."""
    value = inspect.getattr_static(owner, member, None)
    if isinstance(value, property):
        returns = _hints(value.fget).get("return") if value.fget is not None else None
        return _Shape("property", (), {"return": returns})
    kind = "method"
    bound = True  # whether the first parameter is self or cls, which no caller passes
    if isinstance(value, (staticmethod, classmethod)):
        kind = "static method" if isinstance(value, staticmethod) else "class method"
        bound = isinstance(value, classmethod)
        value = cast("staticmethod[..., object] | classmethod[object, ..., object]", value).__func__
    if inspect.isfunction(value):
        if kind == "method" and inspect.iscoroutinefunction(value):
            kind = "coroutine method"
        try:
            parameters = tuple(inspect.signature(value).parameters.values())
        except (TypeError, ValueError):
            return None
        return _Shape(kind, parameters[1:] if bound else parameters, _hints(value))
    try:
        declared = typing.get_type_hints(owner)
    except Exception:
        return None
    return _Shape("attribute", (), {"return": declared[member]}) if member in declared else None


def _spelled(annotation: object) -> str:
    """``annotation`` with every class named in full, so that two that print alike read apart."""
    if isinstance(annotation, str):
        return annotation
    # Before Python 3.11 ``list[str]`` is an instance of ``type`` too: a class has no origin.
    if isinstance(annotation, type) and typing.get_origin(annotation) is None:
        name = annotation.__qualname__
        return name if annotation.__module__ == "builtins" else f"{annotation.__module__}.{name}"
    # typing's and the generic aliases' own repr name each class with its module.
    return repr(annotation)


def _a(kind: str) -> str:
    """``kind`` with its indefinite article."""
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _same_value(first: object, second: object) -> bool:
    """Whether two defaults are the same: equal, and of the same type (``True`` is not ``1``)."""
    try:
        return type(first) is type(second) and bool(first == second)
    except Exception:  # a default whose comparison fails is not known to be the same
        return False


def _differences(expected: _Shape, got: _Shape) -> list[str]:
    """What differs between the contract's member and the binding's, each as a phrase."""
    found: list[str] = []
    if expected.kind != got.kind:
        found.append(f"the contract's is {_a(expected.kind)}, the binding's {_a(got.kind)}")
    empty = inspect.Parameter.empty
    for position, (want, have) in enumerate(itertools.zip_longest(expected.parameters, got.parameters), 1):
        if have is None:
            assert want is not None  # zip_longest pads only the shorter
            found.append(f"the binding has no parameter {position} ({want.name!r})")
            continue
        if want is None:
            default = "with" if have.default is not empty else "without"
            found.append(f"the binding has a parameter {have.name!r} {default} a default, which the contract has not")
            continue
        if want.name != have.name:
            found.append(f"parameter {position} is {have.name!r}, not {want.name!r}")
        if want.kind != have.kind:
            found.append(f"{have.name!r} is {have.kind.description}, not {want.kind.description}")
        if (want.default is empty) != (have.default is empty):
            found.append(f"{have.name!r} has {'no' if have.default is empty else 'a'} default")
        # The contract writes ``= ...`` for "some default": only a real value is compared.
        elif want.default is not empty and want.default is not Ellipsis and not _same_value(want.default, have.default):
            found.append(f"{have.name!r} defaults to {have.default!r}, not {want.default!r}")
        wanted, had = expected.hints.get(want.name), got.hints.get(have.name)
        if wanted != had:
            found.append(f"{have.name!r} is {_spelled(had)}, not {_spelled(wanted)}")
    if expected.hints.get("return") != got.hints.get("return"):
        returned = "type" if expected.kind in ("property", "attribute") else "return type"
        found.append(
            f"the {returned} is {_spelled(got.hints.get('return'))}, not {_spelled(expected.hints.get('return'))}"
        )
    return found


_KINDS: Final[tuple[tuple[object, object], ...]] = tuple(
    (getattr(protocols, target.protocol), getattr(builtins, target.kind)) for target in TARGETS
)
"""Each target protocol at run time, with its :attr:`Target.kind` as a class."""


def _returning(shape: _Shape | None, returned: object) -> _Shape | None:
    """``shape`` with ``returned`` as its type under ``return``, or without one for ``None``."""
    if shape is None:
        return None
    hints = {name: hint for name, hint in shape.hints.items() if name != "return"}
    return dataclasses.replace(shape, hints=hints if returned is None else {**hints, "return": returned})


def _explained(cls: type, owners: dict[str, type | None], result: MemberResult) -> MemberResult:
    """``result`` with :attr:`MemberResult.difference` said, when the checker printed both alike."""
    if result.status != "mismatch" or not result.expected or not _print_alike(result.expected, result.got):
        return result
    if result.member == CONSTRUCTOR:
        # The class is called as its __init__ says; what it builds is judged member by member.
        contract = _returning(_shape(protocols.WebSocketFactory, "__call__"), None)
        binding = _returning(_shape(cls, "__init__"), None)
    else:
        protocol = next(t.protocol for t in TARGETS if t.clause == result.clause)
        contract = _shape(getattr(protocols, protocol), result.member)
        owner = owners[result.clause]
        binding = _shape(owner, result.member) if owner is not None else None
        if contract is not None:
            # The probe held a member returning a target protocol to the protocol's kind.
            returned = contract.hints.get("return")
            kind = next((kind for target, kind in _KINDS if returned is target), returned)
            contract = _returning(contract, kind)
    if contract is None or binding is None:
        return dataclasses.replace(result, difference="the binding's member is not found at run time to compare")
    found = _differences(contract, binding)
    if not found:
        # Both read the same at run time too: the checker sees what run time does not (a stub).
        return dataclasses.replace(result, difference="no difference found at run time either")
    return dataclasses.replace(result, difference="at run time, " + "; ".join(found))


# -- running the checkers ---------------------------------------------------------------------


def _installed(path: Path) -> bool:
    """Whether ``path`` is, or lies in, a directory that packages are installed into."""
    if {"site-packages", "dist-packages"} & set(path.parts):
        return True
    sites = [Path(entry).resolve() for entry in [*site.getsitepackages(), site.getusersitepackages()]]
    return any(path.is_relative_to(entry) for entry in sites)


def _search_path(module: ModuleType) -> list[str]:
    """Directories a checker must be told of: the contract's and the binding's, unless installed.

    An installed package the checker finds by itself, through the Python executable it is
    given; an installed location handed to it as a search path breaks the run (mypy refuses
    one outright).
    """
    tops = [wsproto_api.__file__, getattr(sys.modules.get(module.__name__.partition(".")[0]), "__file__", None)]
    roots: list[str] = []
    for top_file in tops:
        if top_file is None:  # a namespace package: the checker finds it where Python did
            continue
        top_path = Path(top_file).resolve()
        root = top_path.parent.parent if top_path.name == "__init__.py" else top_path.parent
        if not _installed(root) and str(root) not in roots:
            roots.append(str(root))
    return roots


PROBE_MODULE: Final = "_wsproto_api_static_probe"
"""The probe's module name: one no binding has, since the probe imports the binding from beside it."""

PROBE_FILE: Final = f"{PROBE_MODULE}.py"
"""The probe module's file name in the checkers' scratch directory."""


def _signature(block: list[str]) -> str:
    return " ".join(line.strip() for line in block)


def _from_notes(clause: str, member: str, notes: list[str], error: str) -> MemberResult:
    """A member's result from the notes mypy gives at its line."""
    # A one-member protocol the object lacks gets no note at all: only conflicts are explained.
    if not notes or any("is missing following" in note for note in notes) or "has no attribute" in error:
        return MemberResult(clause, member, "missing")
    expected: list[str] = []
    got: list[str] = []
    current: list[str] | None = None
    for note in notes:
        if note.strip() == "Expected:":
            current = expected
        elif note.strip() == "Got:":
            current = got
        elif (found := re.match(r"^\s+\w+: expected (.+), got (.+)$", note)) is not None:
            expected.append(found[1])
            got.append(found[2])
            current = None
        elif current is not None and note.startswith("        "):
            current.append(note)
        else:
            current = None
    if not expected and not got:
        return MemberResult(clause, member, "mismatch", "", error)
    return MemberResult(clause, member, "mismatch", _signature(expected), _signature(got))


@dataclass(frozen=True)
class CheckerVerdict:
    """What one checker found in the probe: the members that do not match, and what it could not see."""

    members: list[MemberResult]
    """The members that do not match the contract, each once."""

    opaque: dict[str, str]
    """The TYPE clauses whose subject the checker sees as ``Any``, with why when it said so.

    A checker accepts ``Any`` as every protocol, so it compared none of that subject's members.
    """


@dataclass(frozen=True)
class _Placed:
    """A checker's errors in the probe, by the kind of line they are at."""

    errors: list[tuple[int, str]]
    """The errors at member lines, with their line."""

    opaque: dict[str, str]
    """The clauses whose subject the checker sees as ``Any`` (no error at its seen line), with why if known."""

    any_members: list[tuple[str, str]]
    """The ``(clause, member)`` pairs with no error at their :attr:`Probe.used` line."""


def _placed_errors(probe: Probe, run: CheckerRun, probe_file: Path) -> _Placed:
    """The errors at the probe's member lines, and what the run sees as ``Any``.

    Only from a run shown to have checked the probe: a run that does not report the canary
    did not check it, however it exited; an error elsewhere, or at a line of the probe that
    is no member's, no :attr:`Probe.seen` and no :attr:`Probe.used` line, says the probe was
    not checked as generated, so it is no verdict on the binding.
    """
    errors = run.errors
    in_probe = [d for d in errors if d.path == probe_file]
    if all(d.line != probe.canary for d in in_probe):
        raise CheckerError(
            f"{run.checker} did not check the probe: it did not report the deliberate error at probe line "
            f"{probe.canary} ({run.said()})"
        )
    placed: list[tuple[int, str]] = []
    answered: set[int] = set()
    for diagnostic in errors:
        line, message = diagnostic.line, " ".join(diagnostic.message.split())
        if diagnostic.path != probe_file:
            raise CheckerError(f"{run.checker} reported an error outside the probe: {diagnostic.describe()}")
        if line is not None and line in probe.lines:
            placed.append((line, message))
        elif line is not None and (line in probe.seen or line in probe.used):
            answered.add(line)
        elif line != probe.canary:
            raise CheckerError(f"{run.checker} rejected the probe module itself at line {line}: {message}")
    opaque = {clause: "" for line, clause in probe.seen.items() if line not in answered}
    any_members = list(dict.fromkeys(pair for line, pair in probe.used.items() if line not in answered))
    return _Placed(placed, opaque, any_members)


def _verdict(placed: _Placed, members: list[MemberResult], opaque: dict[str, str]) -> CheckerVerdict:
    """The verdict from the mismatches and missing members read off ``placed``, and the members seen as ``Any``.

    A member seen as ``Any`` is reported only where its clause's subject is not ``Any``
    itself (that fails the whole clause, once) and the checker found nothing else wrong with it.
    """
    reported = {(r.clause, r.member) for r in members}
    unseen = [
        MemberResult(clause, member, "any")
        for clause, member in placed.any_members
        if clause not in opaque and (clause, member) not in reported
    ]
    return CheckerVerdict(members + unseen, opaque)


def _without_untyped_import(run: CheckerRun, probe: Probe, probe_file: Path) -> tuple[CheckerRun, bool]:
    """The mypy run without its error that the binding is untyped, and whether there was one.

    An installed binding without py.typed: mypy reads none of its types, and says so at the
    probe's import of it, which is no member's line.
    """
    kept = [
        d
        for d in run.diagnostics
        if not (
            d.severity == "error"
            and d.code == "import-untyped"
            and d.path == probe_file
            and d.line is not None
            and d.line not in probe.lines
        )
    ]
    untyped = len(kept) < len(run.diagnostics)
    return dataclasses.replace(run, diagnostics=tuple(kept)), untyped


UNTYPED_IMPORT: Final = "mypy reads none of the binding's types, as it is installed without a py.typed marker or stubs"
"""Why mypy sees a binding as ``Any`` when the probe's import of it is untyped."""


def _loaded(name: str) -> object:
    """The object a dotted ``name`` stands for among the modules already imported, or ``None``."""
    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        module = sys.modules.get(".".join(parts[:split]))
        if module is None:
            continue
        value: object = module
        for attribute in parts[split:]:
            value = inspect.getattr_static(value, attribute, None)
        return value
    return None


def _judged_another_class(run: CheckerRun, probe: Probe, probe_file: Path) -> str:
    """Why mypy's verdict would be about a class other than the binding's, or empty.

    A module that defines ``WebSocket`` again after importing one (a class statement, an
    assignment, a ``try``/``except ImportError`` pair) keeps, to mypy, its first definition;
    mypy reports the second as ``no-redef`` in the binding's module, which the probe's run
    does not show. The revealed type names the class mypy would judge; when it is a class
    that is loaded and is not the one the binding exports, judging it would judge another
    class. A revealed type that names nothing loaded (``Any``, a union, a class known only
    from a stub) is no evidence either way.
    """
    if probe.revealed is None or not probe.exported:
        return ""
    for note in run.notes_at(probe_file, probe.revealed):
        found = re.fullmatch(r'Revealed type is "([\w.]+)(?:\[.*\])?"', note)
        if found is None or found[1] == probe.exported:
            continue
        judged = _loaded(found[1])
        if isinstance(judged, type) and _loaded(probe.exported) is not judged:
            return (
                f"mypy types the binding's WebSocket as {found[1]}, but the class it exports is "
                f"{probe.exported}: the module defines WebSocket twice (mypy keeps the first and reports "
                "the second as no-redef there), so mypy's verdict would be about another class; define "
                "WebSocket once, or check with --checker pyright"
            )
    return ""


def run_mypy(command: Sequence[str], probe: Probe, directory: Path, search: Sequence[str]) -> CheckerVerdict:
    """Check the probe with mypy; the result of each member it reports."""
    config = directory / "mypy.ini"
    config.write_text("[mypy]\nmypy_path = " + ",".join(search) + "\n", encoding="utf-8")
    arguments = [
        "--config-file",
        str(config),
        # Installed packages, the binding's and the contract's among them, are found through
        # this interpreter, never through mypy_path.
        "--python-executable",
        sys.executable,
        "--cache-dir",
        str(directory / ".mypy_cache"),
        "--follow-imports",
        "silent",
    ]
    run = run_checker("mypy", [PROBE_FILE], cwd=directory, arguments=arguments, command=command)
    probe_file = (directory / PROBE_FILE).resolve()
    run, untyped_import = _without_untyped_import(run, probe, probe_file)
    placed = _placed_errors(probe, run, probe_file)
    another = _judged_another_class(run, probe, probe_file)
    if another:
        raise CheckerError(another)
    # mypy sees the whole binding as Any, and has said why.
    opaque = dict.fromkeys(placed.opaque, UNTYPED_IMPORT) if untyped_import else placed.opaque
    members = [
        _from_notes(*probe.lines[line], run.notes_at(probe_file, line), message)
        for line, message in sorted(placed.errors)
    ]
    return _verdict(placed, members, opaque)


def run_pyright(command: Sequence[str], probe: Probe, directory: Path, search: Sequence[str]) -> CheckerVerdict:
    """Check the probe with pyright; the result of each member it reports."""
    config = {"extraPaths": list(search), "pythonVersion": f"{sys.version_info[0]}.{sys.version_info[1]}"}
    (directory / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    # Installed packages are found through --pythonpath, never through extraPaths.
    arguments = ["--pythonpath", sys.executable]
    run = run_checker("pyright", [PROBE_FILE], cwd=directory, arguments=arguments, command=command)
    placed = _placed_errors(probe, run, (directory / PROBE_FILE).resolve())
    members: list[MemberResult] = []
    for line, message in placed.errors:
        clause, member = probe.lines[line]
        status: Status = (
            "missing" if "is not present" in message or "is not a known attribute" in message else "mismatch"
        )
        members.append(MemberResult(clause, member, status, "", message))
    return _verdict(placed, members, placed.opaque)


RUNNERS: Final[dict[Checker, Callable[[Sequence[str], Probe, Path, Sequence[str]], CheckerVerdict]]] = {
    "mypy": run_mypy,
    "pyright": run_pyright,
}
"""How each checker is run over the probe and its report read."""


def check_binding(binding: str, module: ModuleType, checkers: Iterable[Checker]) -> dict[Checker, CheckerVerdict]:
    """Each checker's verdict: the members that do not match the contract, and what it saw as ``Any``."""
    commands: dict[Checker, list[str]] = {}
    for checker in checkers:
        command = locate_checker(checker)
        if command is None:
            raise CheckerError(f"{checker} is not installed; install it or choose another --checker")
        commands[checker] = command
    probe = build_probe(binding)
    untyped = untyped_members(module)
    marked = {(r.clause, r.member) for r in untyped}
    cls = connection_class(module)
    owners = _owners(cls) if isinstance(cls, type) else {}
    results: dict[Checker, CheckerVerdict] = {}
    with tempfile.TemporaryDirectory(prefix="wsproto-static-") as scratch:
        directory = Path(scratch)
        (directory / PROBE_FILE).write_text(probe.source, encoding="utf-8")
        for checker, command in commands.items():
            verdict = RUNNERS[checker](command, probe, directory, _search_path(module))
            found = untyped + [r for r in verdict.members if (r.clause, r.member) not in marked]
            explained = [_explained(cls, owners, r) if isinstance(cls, type) else r for r in found]
            results[checker] = dataclasses.replace(verdict, members=explained)
    return results


_FEATURE_PARTS: Final = {"": "TYPE-1", "url": "TYPE-2", "headers": "TYPE-3", "query_params": "TYPE-4"}
"""Which TYPE clause judges a feature member written ``x`` (the connection's) or ``url.x`` and the like."""


def _declares(owner: type, name: str) -> bool:
    """Whether ``owner`` has ``name`` as a checker sees it: defined, or annotated in a class body."""
    if inspect.getattr_static(owner, name, None) is not None:
        return True
    return any(name in vars(klass).get("__annotations__", {}) for klass in owner.__mro__)


def present_at_run_time(binding: str) -> frozenset[str]:
    """The features a connection of ``binding`` has at run time, as a normal run tells them (``features.py``).

    A member a class's ``__getattr__`` gives is no attribute of the class, so only a
    connection can show it. Empty when the binding cannot be loaded or built: then only the
    classes tell.
    """
    from conformance.binding import BindingError, load_binding
    from conformance.features import absence

    try:
        loaded = load_binding(binding)
        return frozenset(name for name, feature in current_spec().features.items() if not absence(loaded, feature))
    except BindingError:
        return frozenset()


def absent_feature_members(
    module: ModuleType,
    results: dict[Checker, list[MemberResult]] | None = None,
    opaque: Mapping[Checker, Collection[str]] | None = None,
    present: Collection[str] = (),
) -> frozenset[tuple[str, str]]:
    """The (TYPE clause, member) pairs of the features the binding lacks, told from its classes and ``results``.

    A feature is absent when none of its members exists (SPEC.md, "Core and features"). A
    member of an attribute the connection does not have is absent; so is one that every
    checker of ``results`` reports missing where the attribute's declared class does not
    resolve at run time (a compiled class) but is known to the checker. Where the class
    resolves, run time alone tells whether it has the member: one it has and a checker finds
    missing (declared only outside ``TYPE_CHECKING``, or left out of a stub) is the binding's
    feature, untyped to that checker, and fails its clause. A checker
    that sees a clause's subject as ``Any`` (``opaque``, by checker) reports nothing of it,
    so it has no say there. Any other member of an attribute whose class does not resolve
    counts as present, so that the checker judges it. A feature of ``present``, which the
    connection has at run time (through a ``__getattr__``, say), is never absent.
    """
    cls = connection_class(module)
    if cls is None:
        return frozenset()
    owners = _owners(cls)
    reported: dict[Checker, set[tuple[str, str]]] = {
        checker: {(r.clause, r.member) for r in members if r.status == "missing"}
        for checker, members in (results or {}).items()
    }
    unseen: Mapping[Checker, Collection[str]] = opaque or {}
    candidates: set[tuple[str, str]] = set()
    for found in reported.values():
        candidates |= found
    missing = {
        pair
        for pair in candidates
        if all(pair in found or pair[0] in unseen.get(checker, ()) for checker, found in reported.items())
    }
    pairs: set[tuple[str, str]] = set()
    for feature in current_spec().features.values():
        if feature.name in present:
            continue
        located: list[tuple[str, str, bool]] = []
        for member in feature.members:
            part, dot, name = member.rpartition(".")
            if not dot and member[:1].isupper():
                located.append(("", member, getattr(module, member, None) is not None))
                continue
            clause = _FEATURE_PARTS.get(part)
            if clause is None:
                continue
            owner = cls if clause == "TYPE-1" else owners.get(clause)
            # A part the connection lacks altogether has none of its members; one whose class
            # does not resolve has them all, unless the checkers find them missing. A member the
            # class has at run time is there whatever the checkers say: one they find missing
            # is a failure of its clause, not an absent feature.
            has = (
                _declares(owner, name) if owner is not None else _declares(cls, part) and (clause, name) not in missing
            )
            located.append((clause, name, has))
        if located and not any(has for _, _, has in located):
            pairs.update((clause, name) for clause, name, _ in located if clause)
    return frozenset(pairs)


_TARGET_OF: Final = {target.clause: target for target in TARGETS}


def _unseen_subject(clause: str, verdict: CheckerVerdict) -> str | None:
    """Why ``clause``'s subject is not there for the checker to judge, as TYPE-1 found it; ``None`` if it is.

    TYPE-2 to TYPE-4 judge the declared type of a connection attribute: an attribute the
    connection lacks, or declares no type for, or a connection the checker sees as ``Any``,
    leaves them nothing to judge, and is TYPE-1's failure alone.
    """
    attribute = _TARGET_OF[clause].attribute
    if attribute is None:
        return None
    if "TYPE-1" in verdict.opaque:
        return "the connection is Any to the checker"
    found = next((r for r in verdict.members if r.clause == "TYPE-1" and r.member == attribute), None)
    if found is not None and found.status in ("missing", "untyped"):
        return f"{attribute}: {found.status}"
    return None


def _case(clause: str, checker: Checker, verdict: CheckerVerdict, wrong: list[MemberResult]) -> CaseResult:
    """One checker's result for one TYPE clause, given the members of it that do not match."""
    target = _TARGET_OF[clause]
    unseen = _unseen_subject(clause, verdict)
    if unseen is not None:
        return CaseResult(
            checker,
            "blocked",
            f"{BLOCKED}TYPE-1 ({unseen}): {checker} has no declared type of {target.subject} to hold to "
            f"the {target.protocol} protocol",
        )
    lines = "".join(f"\n      {r.describe()}" for r in wrong)
    if clause in verdict.opaque:
        why = verdict.opaque[clause] or "declared Any, left unannotated, or taken from a package it does not read"
        return CaseResult(
            checker,
            "failed",
            f"{checker} sees {target.subject} as Any ({why}), so it compared none of the {target.protocol} "
            f"protocol's members: an application's type checker would accept any use of it{lines}",
        )
    if wrong:
        names = ", ".join(r.member for r in wrong)
        return CaseResult(checker, "failed", f"members not matching the contract: {names}{lines}")
    return CaseResult(checker, "passed")


def static_report(
    binding: str,
    module: ModuleType,
    spec_version: str,
    *,
    checkers: Sequence[Checker] = ("mypy",),
    deviations: frozenset[str] = frozenset(),
    strict: bool = False,
    clauses: dict[str, Clause],
) -> Report:
    """Judge the TYPE clauses: each fails when a checker finds a member that does not match.

    A member of a feature the binding lacks altogether is not held against it (TYPE-1 to
    TYPE-4 judge the core and the features the binding has). A clause whose subject a
    checker sees as ``Any`` fails, since that checker compared nothing of it; TYPE-2 to
    TYPE-4 are blocked by TYPE-1 where the attribute they judge is missing or untyped.
    """
    results = check_binding(binding, module, checkers)
    absent = absent_feature_members(
        module,
        {checker: verdict.members for checker, verdict in results.items()},
        {checker: verdict.opaque.keys() for checker, verdict in results.items()},
        present_at_run_time(binding),
    )
    outcomes: list[ClauseOutcome] = []
    for clause in clauses.values():
        cases = [
            _case(
                clause.id,
                checker,
                verdict,
                [r for r in verdict.members if r.clause == clause.id and (r.clause, r.member) not in absent],
            )
            for checker, verdict in results.items()
        ]
        outcomes.append(judge_clause(clause, cases, listed_deviation=clause.id in deviations))
    return Report(binding, spec_version, tuple(outcomes), strict)
