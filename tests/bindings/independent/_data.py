"""Eagerly parsed request data: the URL, the headers, the query parameters, cookies."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection, ItemsView, Iterator, KeysView, Sequence, ValuesView
from typing import Any, NamedTuple, SupportsIndex, TypeVar, cast, overload
from urllib.parse import SplitResult, quote, unquote, urlencode, urlsplit

__all__ = ["URL", "Address", "HeaderTable", "QueryTable", "parse_cookies", "parse_query", "valid_host"]

_T = TypeVar("_T")

_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def fold(name: str) -> str:
    """Lower-case the ASCII letters of ``name`` and nothing else."""
    return name.translate(_ASCII_LOWER)


class Address(NamedTuple):
    """A peer's address: host and port."""

    host: str
    port: int


# --------------------------------------------------------------------------- host validation

_REG_NAME = re.compile(r"[A-Za-z0-9\-._~%!$&'()*+,;=]+")
_IPVFUTURE = re.compile(r"v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+")
_PORT = re.compile(r"[0-9]+")


def _valid_ip_literal(inner: str) -> bool:
    if _IPVFUTURE.fullmatch(inner):
        return True
    if "%" in inner or not inner or not inner.isascii():
        return False
    try:
        ipaddress.IPv6Address(inner)
    except ValueError:
        return False
    return True


def valid_host(value: str) -> bool:
    """Whether a ``host`` header value is ``host[:port]`` as RFC 3986 writes an authority's host."""
    if value.startswith("["):
        close = value.find("]")
        if close < 0 or not _valid_ip_literal(value[1:close]):
            return False
        rest = value[close + 1 :]
    else:
        host, sep, port = value.partition(":")
        if not _REG_NAME.fullmatch(host):
            return False
        rest = sep + port
    if not rest:
        return True
    if not rest.startswith(":"):
        return False
    digits = rest[1:]
    return bool(_PORT.fullmatch(digits)) and int(digits) <= 65535


# --------------------------------------------------------------------------- query strings


def parse_query(text: str) -> list[tuple[str, str]]:
    """Split a query into ``(key, value)`` pairs: ``&`` separated, ``+`` a space, escapes UTF-8."""
    pairs: list[tuple[str, str]] = []
    for chunk in text.split("&"):
        if not chunk:
            continue
        key, _, value = chunk.partition("=")
        pairs.append((unquote(key.replace("+", " ")), unquote(value.replace("+", " "))))
    return pairs


def _encode_query(pairs: Sequence[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


class QueryTable:
    """Query parameters: an immutable multidict; a key gives its last value."""

    __slots__ = ("_last", "_pairs")

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self._pairs: tuple[tuple[str, str], ...] = tuple(pairs)
        last: dict[str, str] = {}
        for key, value in self._pairs:
            last[key] = value
        self._last = last

    def __getitem__(self, key: str, /) -> str:
        """The last value of ``key``."""
        return self._last[key]

    def __contains__(self, key: object, /) -> bool:
        """Whether ``key`` is in the query."""
        return key in self._last

    def __iter__(self) -> Iterator[str]:
        """Each key once, in the order it first comes."""
        return iter(self._last)

    def __len__(self) -> int:
        """How many distinct keys the query has."""
        return len(self._last)

    @overload
    def get(self, key: str, /) -> str | None: ...
    @overload
    def get(self, key: str, default: str, /) -> str: ...
    @overload
    def get(self, key: str, default: _T, /) -> str | _T: ...
    def get(self, key: str, default: object = None, /) -> object:
        """The last value of ``key``, or ``default``."""
        return self._last.get(key, default)

    def getlist(self, key: str) -> list[str]:
        """Every value of ``key``, in order."""
        return [v for k, v in self._pairs if k == key]

    def keys(self) -> KeysView[str]:
        """Each key once."""
        return self._last.keys()

    def values(self) -> ValuesView[str]:
        """Each key's last value."""
        return self._last.values()

    def items(self) -> ItemsView[str, str]:
        """Each key with its last value."""
        return self._last.items()

    def multi_items(self) -> Collection[tuple[str, str]]:
        """Every pair, in order."""
        return list(self._pairs)

    def __str__(self) -> str:
        """The pairs, encoded as a query string."""
        return urlencode(self._pairs)

    def __repr__(self) -> str:
        return f"QueryTable({list(self._pairs)!r})"


# --------------------------------------------------------------------------- headers


class HeaderTable:
    """Request headers: immutable, looked up ignoring ASCII case, first value wins."""

    __slots__ = ("_index", "_pairs", "_raw")

    def __init__(self, raw: Sequence[tuple[bytes, bytes]]) -> None:
        self._raw: tuple[tuple[bytes, bytes], ...] = tuple(raw)
        self._pairs = tuple((n.decode("latin-1"), v.decode("latin-1")) for n, v in self._raw)
        index: dict[str, list[str]] = {}
        for name, value in self._pairs:
            index.setdefault(fold(name), []).append(value)
        self._index = index

    def __getitem__(self, key: str, /) -> str:
        """The first value of the header ``key``."""
        values = self._index.get(fold(key)) if isinstance(cast(object, key), str) else None
        if not values:
            raise KeyError(key)
        return values[0]

    def __contains__(self, key: object, /) -> bool:
        """Whether a header is named ``key``."""
        return isinstance(key, str) and fold(key) in self._index

    def __iter__(self) -> Iterator[str]:
        """Each header's name, as sent, in order."""
        return (name for name, _ in self._pairs)

    def __len__(self) -> int:
        """How many headers were sent."""
        return len(self._pairs)

    @overload
    def get(self, key: str, /) -> str | None: ...
    @overload
    def get(self, key: str, default: str, /) -> str: ...
    @overload
    def get(self, key: str, default: _T, /) -> str | _T: ...
    def get(self, key: str, default: object = None, /) -> object:
        """The first value of the header ``key``, or ``default``."""
        values = self._index.get(fold(key))
        return values[0] if values else default

    def getlist(self, key: str) -> list[str]:
        """Every value of the header ``key``, in order."""
        return list(self._index.get(fold(key), ()))

    def keys(self) -> Collection[str]:
        """Each header's name, as sent, in order."""
        return tuple(name for name, _ in self._pairs)

    def values(self) -> Collection[str]:
        """Each header's value, in order."""
        return tuple(value for _, value in self._pairs)

    def items(self) -> Collection[tuple[str, str]]:
        """Each header's name and value, in order."""
        return self._pairs

    @property
    def raw(self) -> list[tuple[bytes, bytes]]:
        """The headers as the scope holds them."""
        return list(self._raw)

    def __repr__(self) -> str:
        return f"HeaderTable({list(self._pairs)!r})"


# --------------------------------------------------------------------------- cookies


def parse_cookies(values: Sequence[str]) -> dict[str, str]:
    """The cookies of ``cookie`` header values, by name: a later one of a name wins."""
    jar: dict[str, str] = {}
    for header in values:
        for chunk in header.split(";"):
            if "=" in chunk:
                name, _, value = chunk.partition("=")
            else:
                name, value = "", chunk
            name, value = name.strip(), value.strip()
            if not name and not value:
                continue
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            jar[name] = value
    return jar


# --------------------------------------------------------------------------- URL

_COMPONENTS = frozenset({"scheme", "netloc", "path", "query", "fragment"})
_NETLOC_PARTS = frozenset({"username", "password", "hostname", "port"})


class URL(str):
    """A URL that is its own text, with its components parsed once."""

    _parts: SplitResult

    def __new__(cls, text: str) -> URL:
        self = super().__new__(cls, text)
        self._parts = urlsplit(text)
        return self

    @property
    def scheme(self) -> str:
        """The scheme, such as ``ws``."""
        return self._parts.scheme

    @property
    def netloc(self) -> str:
        """The authority: userinfo, host and port as written."""
        return self._parts.netloc

    @property
    def path(self) -> str:
        """The path."""
        return self._parts.path

    @property
    def query(self) -> str:
        """The query, without its ``?``."""
        return self._parts.query

    @property
    def fragment(self) -> str:
        """The fragment, without its ``#``."""
        return self._parts.fragment

    @property
    def username(self) -> str | None:
        """The userinfo's user, or ``None``."""
        return self._parts.username

    @property
    def password(self) -> str | None:
        """The userinfo's password, or ``None``."""
        return self._parts.password

    @property
    def hostname(self) -> str | None:
        """The host, lower-cased and without brackets, or ``None``."""
        return self._parts.hostname

    @property
    def port(self) -> int | None:
        """The port written in the URL, or ``None``."""
        return self._parts.port

    @property
    def is_secure(self) -> bool:
        """Whether the scheme is ``wss`` or ``https``."""
        return self.scheme in ("wss", "https")

    def _host_text(self) -> str:
        """The host as the netloc writes it (brackets kept), without userinfo or port."""
        hostport = self.netloc.rpartition("@")[2]
        if hostport.startswith("["):
            return hostport[: hostport.find("]") + 1]
        return hostport.partition(":")[0]

    @overload
    def replace(self, old: str, new: str, count: SupportsIndex = -1, /) -> str: ...
    @overload
    def replace(
        self,
        /,
        *,
        scheme: str = ...,
        netloc: str = ...,
        path: str = ...,
        query: str = ...,
        fragment: str = ...,
        username: str | None = ...,
        password: str | None = ...,
        hostname: str | None = ...,
        port: int | None = ...,
    ) -> URL: ...
    def replace(self, *args: Any, **components: Any) -> str:
        """``str.replace`` given positional arguments; given components, the URL with them replaced."""
        if args:
            if components:
                raise TypeError("URL.replace takes either str.replace's positional arguments or component keywords")
            return str(self).replace(*args)
        unknown = set(components) - _COMPONENTS - _NETLOC_PARTS
        if unknown:
            raise TypeError(f"URL.replace got unknown components: {sorted(unknown)}")
        fields = {
            "scheme": self.scheme,
            "netloc": self.netloc,
            "path": self.path,
            "query": self.query,
            "fragment": self.fragment,
        }
        for key in _COMPONENTS & set(components):
            fields[key] = str(components[key])
        if _NETLOC_PARTS & set(components):
            base = URL(f"//{fields['netloc']}")
            host_arg = components.get("hostname")
            if host_arg is None:
                host = base._host_text()
            else:
                host = str(host_arg)
                if ":" in host and not host.startswith("["):
                    host = f"[{host}]"
            port = components.get("port", base.port)
            user = components.get("username", base.username)
            password = components.get("password", base.password)
            netloc = host if port is None else f"{host}:{port}"
            if user is not None:
                userinfo = str(user) if password is None else f"{user}:{password}"
                netloc = f"{userinfo}@{netloc}"
            fields["netloc"] = netloc
        text = fields["scheme"] + ":" if fields["scheme"] else ""
        if fields["netloc"] or fields["scheme"] in ("ws", "wss", "http", "https"):
            text += "//" + fields["netloc"]
        text += fields["path"]
        if fields["query"]:
            text += "?" + fields["query"]
        if fields["fragment"]:
            text += "#" + fields["fragment"]
        return type(self)(text)

    def _with_query(self, pairs: Sequence[tuple[str, str]]) -> URL:
        return self.replace(query=_encode_query(pairs))

    def include_query_params(self, **params: object) -> URL:
        """The URL with ``params`` set in its query, in place of those keys' old values."""
        kept = [(k, v) for k, v in parse_query(self.query) if k not in params]
        return self._with_query(kept + [(k, str(v)) for k, v in params.items()])

    def replace_query_params(self, **params: object) -> URL:
        """The URL with ``params`` as its whole query."""
        return self._with_query([(k, str(v)) for k, v in params.items()])

    def remove_query_params(self, keys: str | Sequence[str]) -> URL:
        """The URL without ``keys`` in its query."""
        drop = {keys} if isinstance(keys, str) else set(keys)
        return self._with_query([(k, v) for k, v in parse_query(self.query) if k not in drop])

    def __repr__(self) -> str:
        text = str(self)
        if self.password is not None:
            userinfo, _, rest = self.netloc.rpartition("@")
            masked = f"{userinfo.partition(':')[0]}:********@{rest}"
            text = text.replace(self.netloc, masked, 1)
        return f"URL({text!r})"
