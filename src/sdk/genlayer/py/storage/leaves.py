"""Leaf storage types (values are returned as plain Python values, never views).

In-slot layout (all little-endian):

=====================  =====  ===========================================================
type                   size   layout
=====================  =====  ===========================================================
``u8…u256/i8…i256``    w      two's complement, ``int.to_bytes(w, 'little', signed=…)``
``bool``               1      0 / 1
``None``               0      nothing
``float``              8      IEEE 754 double (``struct '<d'``)
``Address``            20     the raw address bytes
``datetime``           21     kind (0 naive / 1 aware) · i64 seconds · u32 microseconds ·
                              i64 UTC offset in microseconds. Naive values count from
                              1970-01-01T00:00:00 wall time; aware ones from the UTC epoch.
``str`` / ``bytes``    4      u32 byte length; the bytes (UTF-8 for ``str``) fill the
                              indirect slot ``indirect(slot, off)`` from offset 0
``bigint``             4      u32 length of the minimal signed two's complement form, which
                              fills the indirect slot like ``bytes`` (0 has length 0)
=====================  =====  ===========================================================

Shrinking variable-size data zeroes the bytes it no longer uses, so equal values leave equal
slot contents.
"""

from __future__ import annotations

import datetime
import struct
import typing

from .base import Desc, read_u32, write_u32
from .slots import indirect

__all__ = ["leaf_desc"]


class _Packed(Desc):
    packable = True

    def get(self, store, slot, off):
        return self.unpack(store.read(slot, off, self.size))

    def set(self, store, slot, off, value):
        store.write(slot, off, self.pack(value))

    def canon(self, value):
        return self.unpack(self.pack(value))


class IntDesc(_Packed):
    def __init__(self, width: int, signed: bool):
        self.size = width
        self.signed = signed

    def pack(self, value):
        # CPython's own OverflowError messages: 'int too big to convert' /
        # "can't convert negative int to unsigned"
        return value.to_bytes(self.size, "little", signed=self.signed)

    def unpack(self, data):
        return int.from_bytes(data, "little", signed=self.signed)


class BoolDesc(_Packed):
    size = 1

    def pack(self, value):
        return b"\x01" if value else b"\x00"

    def unpack(self, data):
        return data[0] != 0


class NoneDesc(_Packed):
    size = 0

    def pack(self, value):
        return b""

    def unpack(self, data):
        return None

    def get(self, store, slot, off):
        return None

    def set(self, store, slot, off, value):
        pass


_DOUBLE = struct.Struct("<d")


class FloatDesc(_Packed):
    size = 8

    def pack(self, value):
        return _DOUBLE.pack(value)

    def unpack(self, data):
        return _DOUBLE.unpack(data)[0]


class AddressDesc(_Packed):
    size = 20

    def __init__(self, address_type):
        self.address_type = address_type

    def pack(self, value):
        data = bytes(value.as_bytes)
        if len(data) != 20:
            raise ValueError(f"address must be 20 bytes, got {len(data)}")
        return data

    def unpack(self, data):
        return self.address_type(bytes(data))


# the real C ``datetime`` class even if ``datetime.datetime`` has been replaced by a subclass
# (the runner installs one with deterministic ``now()``)
_DT = type(datetime.datetime.min)
_EPOCH = _DT(1970, 1, 1)
_US = 1_000_000


def _td_us(td: datetime.timedelta) -> int:
    return (td.days * 86400 + td.seconds) * _US + td.microseconds


class DateTimeDesc(_Packed):
    size = 21

    def pack(self, value):
        offset = value.utcoffset()
        if offset is None:
            kind, delta, off_us = 0, value - _EPOCH, 0
        else:
            kind = 1
            delta = value.replace(tzinfo=None) - offset - _EPOCH
            off_us = _td_us(offset)
        secs, us = divmod(_td_us(delta), _US)
        return (
            bytes([kind])
            + secs.to_bytes(8, "little", signed=True)
            + us.to_bytes(4, "little")
            + off_us.to_bytes(8, "little", signed=True)
        )

    def unpack(self, data):
        kind = data[0]
        secs = int.from_bytes(data[1:9], "little", signed=True)
        us = int.from_bytes(data[9:13], "little")
        local = _EPOCH + datetime.timedelta(seconds=secs, microseconds=us)
        if kind == 0:
            return local
        off_us = int.from_bytes(data[13:21], "little", signed=True)
        offset = datetime.timedelta(microseconds=off_us)
        tz = datetime.timezone.utc if off_us == 0 else datetime.timezone(offset)
        return (local + offset).replace(tzinfo=tz)


class VarDesc(Desc):
    """Length-prefixed byte data in an indirect slot (``str``, ``bytes``, ``bigint``)."""

    size = 4
    flat = False

    def encode(self, value) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes):
        raise NotImplementedError

    def canon(self, value):
        return self.decode(self.encode(value))

    def get(self, store, slot, off):
        n = read_u32(store, slot, off)
        if n == 0:
            return self.decode(b"")
        return self.decode(store.read(indirect(slot, off), 0, n))

    def set(self, store, slot, off, value):
        data = self.encode(value)
        old = read_u32(store, slot, off)
        if data or old:
            ind = indirect(slot, off)
            if len(data) < old:
                data_w = data + bytes(old - len(data))
            else:
                data_w = data
            store.write(ind, 0, data_w)
        write_u32(store, slot, off, len(data))

    def zero(self, store, slot, off):
        old = read_u32(store, slot, off)
        if old:
            store.write(indirect(slot, off), 0, bytes(old))
            store.write(slot, off, bytes(4))

    def move(self, store, slot, src, dst):
        self.set(store, slot, dst, self.get(store, slot, src))


class StrDesc(VarDesc):
    def encode(self, value):
        return value.encode("utf-8")

    def decode(self, data):
        return data.decode("utf-8")


class BytesDesc(VarDesc):
    def encode(self, value):
        return bytes(memoryview(value))

    def decode(self, data):
        return bytes(data)


class BigIntDesc(VarDesc):
    def encode(self, value):
        if value == 0:
            return b""
        return value.to_bytes((value.bit_length() + 8) // 8, "little", signed=True)

    def decode(self, data):
        return int.from_bytes(data, "little", signed=True)


_SIMPLE: dict[typing.Any, Desc] = {
    str: StrDesc(),
    bytes: BytesDesc(),
    bool: BoolDesc(),
    float: FloatDesc(),
    None: NoneDesc(),
    type(None): NoneDesc(),
    _DT: DateTimeDesc(),
}

_address_desc: AddressDesc | None = None
_int_descs: dict[typing.Any, Desc] = {}


def _address_type():
    try:
        from ..types import Address  # type: ignore[attr-defined]
    except ImportError:
        return None
    return Address


def leaf_desc(tp) -> Desc | None:
    """The descriptor of a leaf type, or None if ``tp`` is not a leaf type."""
    global _address_desc
    try:
        d = _SIMPLE.get(tp)
    except TypeError:  # unhashable annotation
        return None
    if d is not None:
        return d
    d = _int_descs.get(tp)
    if d is not None:
        return d
    from .. import types as _types

    if tp is _types.bigint:
        d = BigIntDesc()
        _int_descs[tp] = d
        return d
    info = _types.sized_int_info(tp)
    if info is not None:
        d = IntDesc(*info)
        _int_descs[tp] = d
        return d
    if isinstance(tp, type):
        if issubclass(tp, _DT):  # e.g. the runner's deterministic datetime subclass
            return _SIMPLE[_DT]
        if _address_desc is not None and tp is _address_desc.address_type:
            return _address_desc
        addr = _address_type()
        if addr is not None and tp is addr:
            _address_desc = AddressDesc(addr)
            return _address_desc
    return None
