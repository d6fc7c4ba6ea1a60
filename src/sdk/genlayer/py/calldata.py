"""GenLayer calldata: encoder, strict decoder and the debug text form.

Byte-identical with the TypeScript codec in ``src/core/calldata``. Every value starts with a
ULEB128 number ``n``: ``n & 7`` is the type, ``n >> 3`` the payload.

====  ==========  ============================================================================
type  name        payload / what follows
====  ==========  ============================================================================
0     atom        0 null, 1 false, 2 true, 3 address (then 20 raw bytes); 4+ invalid
1     int >= 0    the integer
2     int < 0     ``-v - 1``
3     bytes       length, then the bytes
4     str         UTF-8 length, then the UTF-8 bytes
5     array       count, then the items
6     map         count, then (ULEB128 key length, UTF-8 key, value) sorted by key bytes
7     reserved    invalid
====  ==========  ============================================================================

The decoder rejects (``DecodingError``, a ``ValueError``) non-minimal ULEB128 numbers, unsorted or
duplicate map keys, invalid UTF-8, truncated input, trailing bytes, type 7, unknown atoms and
nesting deeper than ``MAX_DEPTH``. Encoder, decoder and ``to_str`` use explicit stacks, so deep
values never hit Python's recursion limit.
"""

import collections
import collections.abc
import dataclasses
import json
import typing

from .types import Address

__all__ = ["encode", "decode", "to_str", "DecodingError", "MAX_DEPTH"]

MAX_DEPTH = 2048
"""Deepest allowed nesting: a value may sit inside at most this many arrays/maps (same limit as
the TypeScript codec). Note that Pyodide can crash when it frees very deep containers: in a
Chromium worker a chain of ~2900 lists or ~1600 dicts is enough (see the TypeScript MAX_DEPTH)."""

_TYPE_ATOM = 0
_TYPE_PINT = 1
_TYPE_NINT = 2
_TYPE_BYTES = 3
_TYPE_STR = 4
_TYPE_ARR = 5
_TYPE_MAP = 6

_ATOM_NULL = 0
_ATOM_FALSE = 1
_ATOM_TRUE = 2
_ATOM_ADDRESS = 3

_ADDRESS_SIZE = 20

# normalised kinds (see _normalize)
_K_NULL, _K_BOOL, _K_INT, _K_STR, _K_BYTES, _K_ADDR, _K_LIST, _K_MAP = range(8)

# marks a stack entry that is a ready-made chunk rather than a value (the "depth" slot)
_RAW = -1


class DecodingError(ValueError):
    """The bytes are not valid calldata."""


# ---------------------------------------------------------------------------- ULEB128


def _put_uleb(out: bytearray, v: int) -> None:
    if v < (1 << 63):
        while v >= 0x80:
            out.append((v & 0x7F) | 0x80)
            v >>= 7
        out.append(v)
        return
    # big numbers: go through the binary digit string, linear instead of quadratic
    bits = bin(v)[2:]
    bits = "0" * (-len(bits) % 7) + bits
    count = len(bits) // 7
    for i in range(count):
        end = len(bits) - 7 * i
        septet = int(bits[end - 7 : end], 2)
        out.append(septet | 0x80 if i != count - 1 else septet)


def _read_uleb(buf: bytes, pos: int) -> tuple[int, int]:
    n = len(buf)
    if pos >= n:
        raise DecodingError("unexpected end of input")
    b = buf[pos]
    if b < 0x80:
        return b, pos + 1
    end = pos + 1
    while True:
        if end >= n:
            raise DecodingError("unexpected end of input inside a ULEB128 number")
        b = buf[end]
        end += 1
        if b < 0x80:
            break
    if b == 0:
        raise DecodingError("non-minimal ULEB128 number: most significant octet is zero")
    if end - pos <= 9:
        v = 0
        for i in range(end - 1, pos - 1, -1):
            v = (v << 7) | (buf[i] & 0x7F)
        return v, end
    bits = "".join(format(buf[i] & 0x7F, "07b") for i in range(end - 1, pos - 1, -1))
    return int(bits, 2), end


# ---------------------------------------------------------------------------- normalising


def _normalize(v: typing.Any) -> tuple[int, typing.Any]:
    """(kind, data) for an encodable value; data is the plain Python form of the value.

    For maps, data is a list of ``(key_utf8, key_str, value)`` sorted by ``key_utf8``.
    """
    for _ in range(MAX_DEPTH):
        if v is None:
            return _K_NULL, None
        if isinstance(v, bool):
            return _K_BOOL, v
        if isinstance(v, int):
            return _K_INT, int(v)
        if isinstance(v, str):
            return _K_STR, str.__str__(v)
        if isinstance(v, collections.UserString):
            return _K_STR, str.__str__(v.data)
        if isinstance(v, (bytes, bytearray, memoryview)):
            return _K_BYTES, bytes(v)
        if isinstance(v, Address):
            return _K_ADDR, v.as_bytes
        to_calldata = getattr(type(v), "__to_calldata__", None)
        if to_calldata is not None:
            v = to_calldata(v)
            continue
        if isinstance(v, collections.abc.Mapping):
            return _K_MAP, _sorted_entries(v.items())
        if isinstance(v, collections.abc.Sequence):
            return _K_LIST, v
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            items = [(f.name, getattr(v, f.name)) for f in dataclasses.fields(v)]
            return _K_MAP, _sorted_entries(items)
        raise TypeError(f"not calldata encodable {v!r}: {type(v).__name__}")
    raise ValueError("__to_calldata__ chain is too long")


def _sorted_entries(items: typing.Iterable[tuple[typing.Any, typing.Any]]) -> list:
    entries = []
    for k, val in items:
        if not isinstance(k, str):
            raise TypeError("key is not string " + type(k).__name__)
        k = str.__str__(k)
        entries.append((k.encode("utf-8"), k, val))
    entries.sort(key=lambda e: e[0])
    for i in range(1, len(entries)):
        if entries[i - 1][0] == entries[i][0]:
            raise ValueError(f"duplicate map key {entries[i][1]!r}")
    return entries


def _too_deep() -> ValueError:
    return ValueError(f"calldata nesting is deeper than {MAX_DEPTH} levels")


# ---------------------------------------------------------------------------- encode


def encode(value: typing.Any) -> bytes:
    """Encode ``value`` as calldata.

    Accepts None, bool, int, str, bytes/bytearray/memoryview, Address, Mappings with str keys,
    Sequences (list, tuple, ...), dataclass instances (as a map of their fields) and objects with
    a ``__to_calldata__()`` method (their result is encoded). Anything else raises TypeError.
    """
    out = bytearray()
    stack: list[tuple[typing.Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth == _RAW:
            out += item
            continue
        if depth > MAX_DEPTH:
            raise _too_deep()
        kind, data = _normalize(item)
        if kind == _K_NULL:
            out.append(_ATOM_NULL << 3)
        elif kind == _K_BOOL:
            out.append((_ATOM_TRUE if data else _ATOM_FALSE) << 3)
        elif kind == _K_INT:
            if data >= 0:
                _put_uleb(out, (data << 3) | _TYPE_PINT)
            else:
                _put_uleb(out, ((-data - 1) << 3) | _TYPE_NINT)
        elif kind == _K_STR or kind == _K_BYTES:
            raw = data.encode("utf-8") if kind == _K_STR else data
            _put_uleb(out, (len(raw) << 3) | (_TYPE_STR if kind == _K_STR else _TYPE_BYTES))
            out += raw
        elif kind == _K_ADDR:
            out.append(_ATOM_ADDRESS << 3)
            out += data
        elif kind == _K_LIST:
            items = list(data)
            _put_uleb(out, (len(items) << 3) | _TYPE_ARR)
            for child in reversed(items):
                stack.append((child, depth + 1))
        else:
            _put_uleb(out, (len(data) << 3) | _TYPE_MAP)
            for key_utf8, _key, child in reversed(data):
                stack.append((child, depth + 1))
                chunk = bytearray()
                _put_uleb(chunk, len(key_utf8))
                chunk += key_utf8
                stack.append((chunk, _RAW))
    return bytes(out)


# ---------------------------------------------------------------------------- decode


class _Frame:
    __slots__ = ("container", "remaining", "key", "last_key")

    def __init__(self, container: list | dict, remaining: int) -> None:
        self.container = container
        self.remaining = remaining
        self.key: str = ""
        self.last_key: bytes | None = None


def _utf8(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DecodingError(f"invalid UTF-8 in {what}: {e.reason}") from e


def _short_int(n: int) -> str:
    # error messages name the number; one past Python's int-to-text limit is named by its size
    return str(n) if n.bit_length() <= 256 else f"of {n.bit_length()} bits"


def decode(data: bytes | bytearray | memoryview) -> typing.Any:
    """Decode one calldata value that must span all of ``data``.

    Yields only None, bool, int, str, bytes, Address, list and dict. Raises DecodingError.
    """
    buf = bytes(data)
    n = len(buf)
    pos = 0
    stack: list[_Frame] = []
    while True:
        top = stack[-1] if stack else None
        if top is not None and isinstance(top.container, dict):
            klen, pos = _read_uleb(buf, pos)
            if klen > n - pos:
                raise DecodingError("unexpected end of input inside a map key")
            kb = buf[pos : pos + klen]
            pos += klen
            key = _utf8(kb, "a map key")
            if top.last_key is not None and kb <= top.last_key:
                prev = top.last_key.decode("utf-8")
                raise DecodingError(f"unordered map keys: {prev!r} >= {key!r}")
            top.last_key = kb
            top.key = key
        if len(stack) > MAX_DEPTH:
            raise DecodingError(f"calldata nesting is deeper than {MAX_DEPTH} levels")

        header, pos = _read_uleb(buf, pos)
        typ = header & 7
        payload = header >> 3
        value: typing.Any
        if typ == _TYPE_ATOM:
            if payload == _ATOM_NULL:
                value = None
            elif payload == _ATOM_FALSE:
                value = False
            elif payload == _ATOM_TRUE:
                value = True
            elif payload == _ATOM_ADDRESS:
                if n - pos < _ADDRESS_SIZE:
                    raise DecodingError("unexpected end of input inside an address")
                value = Address(buf[pos : pos + _ADDRESS_SIZE])
                pos += _ADDRESS_SIZE
            else:
                raise DecodingError(f"unknown atom {_short_int(payload)}")
        elif typ == _TYPE_PINT:
            value = payload
        elif typ == _TYPE_NINT:
            value = -payload - 1
        elif typ == _TYPE_BYTES or typ == _TYPE_STR:
            if payload > n - pos:
                raise DecodingError("unexpected end of input inside bytes or a string")
            raw = buf[pos : pos + payload]
            pos += payload
            value = raw if typ == _TYPE_BYTES else _utf8(raw, "a string")
        elif typ == _TYPE_ARR or typ == _TYPE_MAP:
            container: list | dict = [] if typ == _TYPE_ARR else {}
            if payload > n - pos:
                raise DecodingError("unexpected end of input: container count exceeds the data")
            if payload > 0:
                stack.append(_Frame(container, payload))
                continue
            value = container
        else:
            raise DecodingError("invalid type 7 (reserved)")

        # hand the finished value to its parent, closing every container that is now full
        while stack:
            top = stack[-1]
            if isinstance(top.container, list):
                top.container.append(value)
            else:
                top.container[top.key] = value
            top.remaining -= 1
            if top.remaining:
                break
            stack.pop()
            value = top.container
        if not stack:
            if pos != n:
                raise DecodingError(f"{n - pos} unparsed trailing byte(s) after the value")
            return value


# ---------------------------------------------------------------------------- to_str

_SMALL_INT = 10**1000


def _int_to_decimal(v: int) -> str:
    # str(int) is refused above sys.get_int_max_str_digits(); split huge numbers ourselves
    if -_SMALL_INT < v < _SMALL_INT:
        return str(v)
    if v < 0:
        return "-" + _int_to_decimal(-v)
    digits = 1
    while 10 ** (digits * 2) <= v:
        digits *= 2
    hi, lo = divmod(v, 10**digits)
    return _int_to_decimal(hi) + _int_to_decimal(lo).rjust(digits, "0")


def to_str(value: typing.Any) -> str:
    """Human-readable, JSON-like form of an encodable value (identical to the TypeScript
    ``toText``): ``null``, ``true``, ``false``, decimal integers, JSON strings (non-ASCII as
    ``\\uXXXX``), ``b#<hex>``, ``addr#<hex>``, ``[a,b]`` and ``{"k":v}`` with keys in calldata
    (UTF-8 byte) order.
    """
    parts: list[str] = []
    stack: list[tuple[typing.Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth == _RAW:
            parts.append(item)
            continue
        if depth > MAX_DEPTH:
            raise _too_deep()
        kind, data = _normalize(item)
        if kind == _K_NULL:
            parts.append("null")
        elif kind == _K_BOOL:
            parts.append("true" if data else "false")
        elif kind == _K_INT:
            parts.append(_int_to_decimal(data))
        elif kind == _K_STR:
            parts.append(json.dumps(data))
        elif kind == _K_BYTES:
            parts.append("b#" + data.hex())
        elif kind == _K_ADDR:
            parts.append("addr#" + data.hex())
        elif kind == _K_LIST:
            items = list(data)
            parts.append("[")
            stack.append(("]", _RAW))
            for i in range(len(items) - 1, -1, -1):
                stack.append((items[i], depth + 1))
                if i:
                    stack.append((",", _RAW))
        else:
            parts.append("{")
            stack.append(("}", _RAW))
            for i in range(len(data) - 1, -1, -1):
                _kb, key, child = data[i]
                stack.append((child, depth + 1))
                stack.append(((',' if i else '') + json.dumps(key) + ":", _RAW))
    return "".join(parts)
