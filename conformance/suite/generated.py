"""Generated inputs for the suite's property tests: hypothesis settings, strategies and models.

A property test checks one clause over many generated scopes against a model written here
from SPEC.md's text, never from an implementation. Outside the clause a test checks, the
strategies keep clear of every departure SPEC.md lists, so that a binding that departs
there fails only the departing clause: a scope always has a ``scheme`` (URL-3), a
``server`` always has a port (URL-16), header names are in lower case (HDR-2), headers
are a list (HDR-7), and scopes are well formed (CONN-8).

Where SPEC.md leaves a case open, the strategies do not generate it, and a comment says
which case; a model never decides what the text does not.
"""

from __future__ import annotations

import functools
import inspect
import ipaddress
import string
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, TypeVar, cast

import pytest
from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis import strategies as st
from hypothesis.errors import UnsatisfiedAssumption

from conformance.plugin import TIME_LIMIT

__all__ = [
    "GENERATED",
    "HOSTILE_HOSTS",
    "SCHEMES",
    "SHRINK_SHARE",
    "BoundedShrinking",
    "Pairs",
    "cookie_headers",
    "expected_url",
    "folded_header_lists",
    "header_lists",
    "header_names",
    "host_headers",
    "latin1",
    "lower_header_names",
    "parse_cookies",
    "parse_query",
    "paths",
    "query_strings",
    "server_hosts",
    "server_netloc",
    "servers",
    "url_queries",
    "valid_host",
    "valid_hosts",
]

SHRINK_SHARE: Final = 0.5
"""The share of a test's time limit, counted from the test's start, by which a failing test
stops shrinking its failure and reports it.

On a slow binding shrinking could take longer than the time limit, which would report a hang
instead of the failure. Once a failure is known, no call of the test's body starts unless the
longest call so far would end within the share, so the test ends within it unless a call is
slower than every one before it; the other half of the limit is left for that.
"""

_TestT = TypeVar("_TestT", bound=Callable[..., None])

_FAILURES: Final[tuple[type[BaseException], ...]] = (Exception, SystemExit, GeneratorExit, pytest.fail.Exception)
"""What hypothesis takes for a failure of the test's body (an ``assume`` aside)."""


class _ShrinkingStopped(BaseException):
    """Raised instead of calling the test's body once the shrinking budget is spent.

    Not an ``Exception``: hypothesis takes it for no failure of the test's, and lets it end
    its run at once, whatever it was doing.
    """


@dataclass
class _Run:
    """One run of a generated test: when its shrinking must end, and its smallest failure so far."""

    shrink_until: float
    longest: float = 0.0
    """The longest call of the test's body so far, in seconds."""

    failure: BaseException | None = None
    traceback: TracebackType | None = None

    def call(self, body: Callable[..., None], args: tuple[object, ...], kwargs: dict[str, object]) -> None:
        """Call the test's body, unless a failure is known and the call could end past the budget.

        Notes each failure, and how long each call takes.
        """
        __tracebackhide__ = True
        started = time.monotonic()
        if self.failure is not None and started + self.longest >= self.shrink_until:
            raise _ShrinkingStopped
        try:
            body(*args, **kwargs)
        except UnsatisfiedAssumption:
            raise
        except _FAILURES as failure:
            # Once hypothesis has a failure it only tries smaller inputs, so the latest failure
            # is the smallest. Its traceback as caught here: the one it carries on grows as it
            # goes up through hypothesis.
            self.failure, self.traceback = failure, failure.__traceback__
            raise
        finally:
            self.longest = max(self.longest, time.monotonic() - started)


def _stopped_shrinking(error: BaseException) -> bool:
    """Whether ``error`` is the stop of :class:`BoundedShrinking`, or what hypothesis raised while handling it.

    A test that draws in its body (``st.data()``) and is stopped before its draws reads to
    hypothesis as a test case that drew less than an earlier one with the same start, and it
    raises ``FlakyStrategyDefinition`` from the stop.
    """
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, _ShrinkingStopped):
            return True
        seen.add(id(cause))
        cause = cause.__context__
    return False


_RUN: Final = ContextVar[_Run | None]("generated_run", default=None)
"""The run of the generated test in flight, which its body's calls report to."""


class BoundedShrinking:
    """A decorator that applies ``settings`` to an ``@given`` test and bounds its shrinking by time.

    hypothesis has no setting for how long it may shrink: the test's body, called through
    ``.hypothesis.inner_test``, stops the run instead. Once a failure is known, a call that
    could end past ``SHRINK_SHARE`` of the time limit raises an exception hypothesis does not
    catch, and the test raises the smallest failure found so far, with the traceback it had.
    Otherwise hypothesis reports the shrunk failure as usual. Either way the failure is the
    body's own: its message shows the input that failed.
    """

    def __init__(self, settings: settings) -> None:
        self.settings = settings
        """The hypothesis settings the decorator applies."""

    def __call__(self, test: _TestT) -> _TestT:
        """``test``, an ``@given`` test, with the settings applied and its shrinking bounded."""
        name = getattr(test, "__name__", repr(test))
        handle: Any = getattr(test, "hypothesis", None)
        if handle is None:
            raise TypeError(f"{name}: apply the generated settings above @given, not below it")
        body: Callable[..., None] = handle.inner_test
        if inspect.iscoroutinefunction(body):
            # Each call of its body would return a coroutine, which the shrinking bound cannot time.
            raise TypeError(f"{name}: the generated settings take a synchronous test")
        self.settings(test)

        def call_body(*args: object, **kwargs: object) -> None:
            __tracebackhide__ = True
            run = _RUN.get()
            if run is None:  # called without the test, as through .hypothesis.fuzz_one_input
                body(*args, **kwargs)
            else:
                run.call(body, args, kwargs)

        handle.inner_test = functools.wraps(body)(call_body)

        @functools.wraps(test)
        def bounded(*args: object, **kwargs: object) -> None:
            __tracebackhide__ = True
            run = _Run(time.monotonic() + SHRINK_SHARE * TIME_LIMIT.get())
            token = _RUN.set(run)
            try:
                test(*args, **kwargs)
                return
            except BaseException as error:
                if not _stopped_shrinking(error):
                    raise
            finally:
                _RUN.reset(token)
            # Raised outside the except clause, so that the failure does not show as raised
            # while handling the stop.
            assert run.failure is not None  # the run stops only once it has a failure
            raise run.failure.with_traceback(run.traceback)

        return cast("_TestT", bounded)


GENERATED: Final = BoundedShrinking(
    settings(
        max_examples=20,
        derandomize=True,
        database=None,
        deadline=None,
        # A failure is shrunk, within SHRINK_SHARE of the time limit, but not explained: the
        # quiet failure message would not show the explanation. It shows the input that
        # failed (one scope, one header list or one query string).
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow],
    )
)
"""Settings of every property test in the suite: few examples, since the whole suite must
stay fast, the same examples on every run, and no example database; a failure is shrunk
for as long as the test's time limit allows (``BoundedShrinking``)."""

Pairs = list[tuple[bytes, bytes]]
"""A scope's ``headers``."""


def latin1(data: bytes) -> str:
    """``data`` decoded as latin-1, as HDR-5 decodes header names and values."""
    return data.decode("latin-1")


# -- URL: hosts, servers, paths and queries (URL-2 to URL-8) ---------------------------------

REG_NAME_CHARS: Final = frozenset(string.ascii_letters + string.digits + "-._~%!$&'()*+,;=")
"""URL-4: the characters of a registered name or IPv4 address."""

IPVFUTURE_CHARS: Final = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:")
"""RFC 3986: what follows ``v<hex>.`` in an IPvFuture literal (unreserved, sub-delims, ``:``)."""

HEX_DIGITS: Final = frozenset(string.hexdigits)
DIGITS: Final = frozenset(string.digits)
MAX_PORT: Final = 65535

DEFAULT_PORTS: Final = {"ws": 80, "http": 80, "wss": 443, "https": 443}
"""URL-5: the port a URL leaves out for each scheme."""

SCHEMES: Final = tuple(DEFAULT_PORTS)
"""The schemes the generated scopes use.

Only these: with another scheme Starlette 1.10 raises ``KeyError`` while building the
netloc from the server, where URL-5 keeps the port."""


def _ipv6(text: str) -> bool:
    """Whether ``text`` is an IPv6 address as RFC 3986 writes one (no zone identifier)."""
    if "%" in text:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _ipvfuture(text: str) -> bool:
    """Whether ``text`` is RFC 3986's ``v 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )``.

    With a lower-case ``v`` only, as URL-4 says: RFC 3986's grammar would take ``V`` too.
    """
    if not text.startswith("v"):
        return False
    version, dot, rest = text[1:].partition(".")
    return bool(version and dot and rest) and set(version) <= HEX_DIGITS and set(rest) <= IPVFUTURE_CHARS


def valid_host(value: str) -> bool:
    """URL-4: whether a ``host`` header value is a valid host, and so the URL's netloc."""
    if value.startswith("["):
        literal, bracket, rest = value[1:].partition("]")
        if not bracket or not (_ipv6(literal) or _ipvfuture(literal)):
            return False
        if not rest:
            return True
        colon, port = rest[:1], rest[1:]
    else:
        host, colon, port = value.partition(":")
        if not host or not set(host) <= REG_NAME_CHARS:
            return False
        if not colon:
            return True
    return colon == ":" and bool(port) and set(port) <= DIGITS and int(port) <= MAX_PORT


def server_netloc(scheme: str, host: str, port: int) -> str:
    """URL-5: the netloc built from the scope's ``server``."""
    if _ipv6(host):
        host = f"[{host}]"
    return host if DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"


def expected_url(scheme: str, path: str, query_string: bytes, host: str | None, server: tuple[str, int] | None) -> str:
    """URL-2 and URL-4 to URL-7: the connection URL of a scope.

    ``host`` is the first ``host`` header's value (``None`` without one).
    """
    path = path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    query = query_string.decode("utf-8")
    if host is not None and valid_host(host):
        netloc: str | None = host
    elif server is not None:
        netloc = server_netloc(scheme, *server)
    else:
        netloc = None
    if netloc is None:
        if path.startswith("//"):
            path = "/%2F" + path[2:]
        return f"{path}?{query}" if query else path
    if path and not path.startswith("/"):
        path = "/" + path
    return f"{scheme}://{netloc}{path}?{query}" if query else f"{scheme}://{netloc}{path}"


def _joined(*parts: str) -> str:
    return "".join(parts)


def _port_texts() -> st.SearchStrategy[str]:
    """Ports up to 65535, some with leading zeros, which URL-4 allows."""
    ports = st.integers(0, MAX_PORT) | st.sampled_from([80, 443, MAX_PORT])
    return st.builds(_joined, st.sampled_from(["", "", "0", "000"]), ports.map(str))


def _with_port(hosts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(_joined, hosts, st.just("") | _port_texts().map(":".__add__))


_IPV6_TEXTS: Final = st.ip_addresses(v=6).flatmap(
    lambda address: st.sampled_from([str(address), address.exploded, str(address).upper()])
)

_VALID_HOSTS: Final = _with_port(
    st.one_of(
        st.text(alphabet="".join(sorted(REG_NAME_CHARS)), min_size=1, max_size=12),
        st.sampled_from(["example.org", "EXAMPLE.Org", "localhost", "a-b.c_d~e", "%41", "!$&'()*+,;="]),
        st.ip_addresses(v=4).map(str),
        _IPV6_TEXTS.map(lambda text: f"[{text}]"),
        # IPvFuture, with the lower-case "v" URL-4 asks for.
        st.builds(
            _joined,
            st.just("[v"),
            st.text(alphabet=string.hexdigits, min_size=1, max_size=3),
            st.just("."),
            st.text(alphabet="".join(sorted(IPVFUTURE_CHARS)), min_size=1, max_size=8),
            st.just("]"),
        ),
    )
)

HOSTILE_HOSTS: Final = (
    "",
    "evil.com/x",
    "evil.com?x",
    "evil.com#x",
    "evil.com\\x",
    "a@b",
    "user@example.org",
    "h:99999",
    "h:65536",
    "h:123456",
    "h:",
    "h::80",
    "h:80:80",
    "h:-1",
    "h:+80",
    "h:http",
    "::1",
    "[::1",
    "::1]",
    "[::1]x",
    "[::1]:",
    "[::1]]",
    "[[::1]]",
    "[not-ipv6]",
    "[12345::1]",
    "[fe80::1%eth0]",
    "[fe80::1%25eth0]",
    "[v1.]",
    "[vx.abc]",
    "[v.abc]",
    "[V1.x]",
    "[]",
    "a b",
    " example.org",
    "example.org ",
    "exa\u00e9mple.org",
    "h\r",
    "h\r\nx-injected: 1",
    "h\x00",
    "h\t",
)
"""URL-4: host values that are not valid hosts, each for a reason the clause gives."""

_BAD_SUFFIXES: Final = st.sampled_from(["/", "/x", "?", "#", "\\", "@x", " ", "\r", "\n", ":", ":1x", "]", "["]) | (
    st.builds(_joined, st.sampled_from([":", ":0", ":00"]), st.integers(MAX_PORT + 1).map(str))
)
"""What makes a valid host invalid when it follows it; a port above 65535 among them."""

_HOST_JUNK: Final = "".join(sorted(REG_NAME_CHARS)) + "[]:@/?# \r\t\\\u00e9\u00ff\x00"


def valid_hosts() -> st.SearchStrategy[str]:
    """``host`` header values that URL-4 takes as the netloc."""
    return _VALID_HOSTS


def host_headers() -> st.SearchStrategy[str]:
    """``host`` header values, valid and not: ``valid_host`` tells which."""
    return st.one_of(
        _VALID_HOSTS,
        st.sampled_from(HOSTILE_HOSTS),
        st.builds(_joined, _VALID_HOSTS, _BAD_SUFFIXES),
        st.builds(_joined, st.sampled_from(["@", " ", "[", ":", "/"]), _VALID_HOSTS),
        st.text(alphabet=_HOST_JUNK, max_size=10),
    )


def server_hosts() -> st.SearchStrategy[str]:
    """Hosts a server listens on: IPv4 and IPv6 addresses and DNS names.

    Not any other host with a ``:``: URL-5 brackets only an IPv6 host, and Starlette 1.10
    brackets every host with a ``:``.
    """
    # Built from alphabets, not st.from_regex: a regex strategy builds tables that a fresh
    # hypothesis storage (each run has one) rebuilds, which costs seconds of a test's time limit.
    return st.one_of(st.ip_addresses(v=4).map(str), _IPV6_TEXTS, _host_names())


_ALNUM: Final = string.ascii_letters + string.digits


def _host_names() -> st.SearchStrategy[str]:
    """Names like ``a-1.example.org``: a label of letters, digits and inner hyphens, and up to two more."""
    ends = st.sampled_from(_ALNUM)
    tail = st.tuples(st.text(_ALNUM + "-", max_size=8), ends).map("".join)
    first = st.tuples(ends, st.just("") | tail).map("".join)
    more = st.lists(st.text(_ALNUM, min_size=1, max_size=6), max_size=2)
    return st.tuples(first, more).map(lambda parts: ".".join([parts[0], *parts[1]]))


def servers() -> st.SearchStrategy[tuple[str, int]]:
    """A scope's ``server``: a host and a port, never ``None`` (URL-16)."""
    return st.tuples(server_hosts(), st.integers(0, MAX_PORT) | st.sampled_from([80, 443]))


_PATH_ALPHABET: Final = "abcdef012/%:@;=&+ -._~!$'()*,[]\u00e9\u20ac\U0001f600"

_ESCAPED_IN_PATHS: Final = "?#\\"
"""URL-7: what the URL's path escapes."""


def paths(*, rooted: bool = False, escaped: bool = True) -> st.SearchStrategy[str]:
    """ASGI ``path`` values, with a leading ``//`` among them (URL-6).

    With ``escaped``, ``?``, ``#`` and backslashes too (URL-7). With ``rooted``, each starts
    with ``/``: URL-6 does not say whether a relative URL puts a ``/`` before a path
    without one, as URL-2 does for an absolute URL.
    """
    starts = ["/", "/", "//", "///"] if rooted else ["/", "/", "//", "", "a", "%2F"]
    alphabet = list(_PATH_ALPHABET)
    if escaped:
        starts += ["/?", "/#", "/\\"] if rooted else ["/?", "/\\", "?", "#", "\\"]
        # Several times over, so that most paths hold some.
        alphabet += list(_ESCAPED_IN_PATHS) * 4
    return st.builds(_joined, st.sampled_from(starts), st.text(st.sampled_from(alphabet), max_size=12))


_URL_QUERY_ALPHABET: Final = "abxy019=&+%/?:@ -._~!$'()*,;\u00e9\u20ac\U0001f600"


def url_queries(*, fragment_sign: bool = True) -> st.SearchStrategy[bytes]:
    """``query_string`` values that are valid UTF-8, as URL-2 decodes them (CONN-8 otherwise)."""
    alphabet = _URL_QUERY_ALPHABET + ("#" if fragment_sign else "")
    return st.text(alphabet, max_size=12).map(str.encode)


# -- HDR: header lists -------------------------------------------------------------------------

_LOWER_LATIN1: Final = "".join(chr(code) for code in range(256) if chr(code).lower() == chr(code))
"""Latin-1 characters that no case mapping changes: names made of them are in lower case
whatever a binding takes case to mean (HDR-2)."""


def lower_header_names() -> st.SearchStrategy[bytes]:
    """Header names in lower case, some of them the usual ones, any latin-1 bytes otherwise."""
    usual = st.sampled_from([b"host", b"cookie", b"x-a", b"x-b", b"accept", b"sec-websocket-key"])
    other = st.text(alphabet=_LOWER_LATIN1, min_size=1, max_size=6).map(lambda name: name.encode("latin-1"))
    return usual | other


def header_lists(names: st.SearchStrategy[bytes] | None = None) -> st.SearchStrategy[Pairs]:
    """A scope's ``headers``: a list of pairs over a few names, so that names repeat."""

    @st.composite
    def build(draw: st.DrawFn) -> Pairs:
        pool = draw(st.lists(names or lower_header_names(), min_size=1, max_size=4, unique=True))
        return draw(st.lists(st.tuples(st.sampled_from(pool), st.binary(max_size=6)), max_size=8))

    return build()


_FOLDABLE: Final = string.ascii_letters + string.digits + "-_\u00c9\u00e9\u00de\u00fe\u00ff@`[{"
"""HDR-2: ASCII letters, which fold, and characters that a byte's 0x20 bit or a latin-1
case mapping would pair up, which do not."""


def header_names() -> st.SearchStrategy[str]:
    """Header names in mixed case (HDR-2 only)."""
    return st.text(alphabet=_FOLDABLE, min_size=1, max_size=5)


def _recased(name: str) -> st.SearchStrategy[str]:
    """``name`` with the case of some characters changed, ASCII or not."""
    variants: list[st.SearchStrategy[str]] = []
    for char in name:
        # Within latin-1: "\u00ff".upper() is U+0178, which no header name can hold.
        cases = sorted(case for case in {char, char.lower(), char.upper()} if len(case) == 1 and ord(case) < 256)
        variants.append(st.sampled_from(cases))
    return st.tuples(*variants).map("".join)


def folded_header_lists() -> st.SearchStrategy[tuple[Pairs, list[str]]]:
    """HDR-2: headers whose names the scope holds in mixed case, and names to look up."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Pairs, list[str]]:
        pool = draw(st.lists(header_names(), min_size=1, max_size=3, unique_by=str.lower))
        raw = [
            (draw(_recased(name)).encode("latin-1"), draw(st.binary(max_size=4)))
            for name in draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
        ]
        asked = [draw(_recased(name)) for name in pool] + draw(st.lists(header_names(), max_size=2))
        return raw, asked

    return build()


# -- CONN-10: cookie headers -------------------------------------------------------------------

_COOKIE_SPACE: Final = " \t"
"""The whitespace CONN-10 strips.

Only these two: SPEC.md does not say whether "whitespace" takes in what ``str.strip``
also strips in a latin-1 header value (``\\x1c`` to ``\\x1f``, ``\\x85``, ``\\xa0``), so those
are not generated."""

_COOKIE_TEXT: Final = "".join(
    chr(code)
    for code in range(256)
    # ";" and "=" are placed by the strategy; a backslash is left out because SPEC.md does
    # not say whether unquoting a value also reads backslash escapes.
    if chr(code) not in ";=\\" and not (chr(code).isspace() and chr(code) not in _COOKIE_SPACE)
)


def _cookie_chunks() -> st.SearchStrategy[str]:
    space = st.text(_COOKIE_SPACE, max_size=2)
    names = st.sampled_from(["a", "b", "A", "sid", ""]) | st.text(_COOKIE_TEXT, max_size=4)
    plain = st.text(_COOKIE_TEXT + "=", max_size=5)
    quoted = st.builds(_joined, st.just('"'), st.text(_COOKIE_TEXT + "=", max_size=4), st.just('"'))
    values = plain | quoted | st.sampled_from(['"', '""', '"x', 'x"'])
    pair = st.builds(_joined, space, names, space, st.just("="), space, values, space)
    bare = st.builds(_joined, space, st.text(_COOKIE_TEXT, max_size=4), space)
    return pair | bare


def cookie_headers() -> st.SearchStrategy[list[str]]:
    """The values of a scope's ``cookie`` headers, as latin-1 text."""
    return st.lists(st.lists(_cookie_chunks(), max_size=4).map(";".join), max_size=3)


def parse_cookies(values: list[str]) -> dict[str, str]:
    """CONN-10: the cookies of the ``cookie`` header values ``values``."""
    cookies: dict[str, str] = {}
    for value in values:
        for chunk in value.split(";"):
            name, equals, text = chunk.partition("=")
            if not equals:
                name, text = "", chunk
            name, text = name.strip(_COOKIE_SPACE), text.strip(_COOKIE_SPACE)
            if not name and not text:
                continue
            if len(text) >= 2 and text[0] == text[-1] == '"':
                text = text[1:-1]
            cookies[name] = text
    return cookies


# -- QP: query strings -------------------------------------------------------------------------


def _escaped(char: str, upper: bool) -> str:
    escapes = "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return escapes if upper else escapes.lower()


_ESCAPED_CHARS: Final = "a&=+% #/\u00e9\u20ac\U0001f600\x00"

_QUERY_TOKENS: Final = st.one_of(
    st.text("abxyz019-._~!$'()*,;:@/?# ", min_size=1, max_size=3),
    st.just("+"),
    st.builds(_escaped, st.sampled_from(_ESCAPED_CHARS), st.booleans()),
    # Raw bytes outside ASCII, which QP-6 reads as latin-1.
    st.text(alphabet="\u0080\u00a0\u00c3\u00e9\u00ff", min_size=1, max_size=2),
    # A "%" that starts no escape, since no two hex digits follow it.
    st.sampled_from(["%z", "%zz", "%4z", "%G1", "%%z", "%u00e9", "% 1", "%-"]),
)
"""Pieces of a key or value. A percent-escape always encodes a whole character, and a "%"
never ends a piece: SPEC.md does not say what escapes of bytes that are not UTF-8 decode to."""


def _query_part() -> st.SearchStrategy[str]:
    return st.lists(_QUERY_TOKENS, max_size=4).map("".join)


def query_strings() -> st.SearchStrategy[bytes]:
    """ASGI ``query_string`` values: keys that repeat, blank values, ``+``, escapes and raw bytes.

    Pairs are joined by single ``&``: SPEC.md does not say what an empty piece (``a&&b``, a
    leading or trailing ``&``) gives.
    """

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        keys = draw(st.lists(_query_part(), min_size=1, max_size=3, unique=True))
        pieces: list[str] = []
        for _ in range(draw(st.integers(0, 6))):
            key = draw(st.sampled_from(keys))
            value = draw(st.none() | st.just("") | _query_part())
            piece = key if value is None else f"{key}={value}"
            if piece:
                pieces.append(piece)
        return "&".join(pieces).encode("latin-1")

    return build()


def _unescape(text: str) -> str:
    """``+`` as a space, then each run of percent-escapes decoded as UTF-8 (QP-6)."""
    text = text.replace("+", " ")
    out: list[str] = []
    pending = bytearray()
    index = 0
    while index < len(text):
        escape = text[index + 1 : index + 3]
        if text[index] == "%" and len(escape) == 2 and set(escape) <= HEX_DIGITS:
            pending.append(int(escape, 16))
            index += 3
            continue
        if pending:
            out.append(pending.decode("utf-8"))
            pending.clear()
        out.append(text[index])
        index += 1
    if pending:
        out.append(pending.decode("utf-8"))
    return "".join(out)


def parse_query(query_string: bytes) -> list[tuple[str, str]]:
    """QP-3 and QP-6: the pairs of a ``query_string``, in order."""
    if not query_string:
        return []
    pairs: list[tuple[str, str]] = []
    for piece in query_string.decode("latin-1").split("&"):
        assert piece, f"the strategy made an empty piece, which SPEC.md does not define: {query_string!r}"
        key, _, value = piece.partition("=")
        pairs.append((_unescape(key), _unescape(value)))
    return pairs
