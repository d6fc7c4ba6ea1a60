"""Confidential storage: ``gl.ConfidentialField[T]`` and ``gl.ConfidentialMapping[K, V]``.

Values are never stored in plaintext: a value is encoded with the calldata codec, sealed by the
host (an attested enclave, see ``genlayer._sealing``) and the sealed blob
``u64be(version) ‖ ciphertext`` is what lands in storage. ``version`` is the previous version
of that value + 1 (1 for a first write or after a delete).

* ``ConfidentialField[T]`` reads and writes like a plain field of type ``T`` (``self.secret =
  5``; ``x = self.secret``); an absent value reads as ``T``'s default (``0``, ``""``, ``b""``,
  ``False``, the zero address, ``[]``, ``{}``, else ``None``). Layout: like ``bytes`` (u32
  length in place, the blob in ``indirect(slot, off)``). Its sealing name is the field name.
* ``ConfidentialMapping[K, V]`` is a mapping like ``TreeMap[K, V]`` whose keys are public (they
  are part of each value's name) and whose values are sealed. Layout: a ``TreeMap[K, bytes]``
  of sealed blobs. Entry names: ``field[0x<hex of calldata(key)>]``.

Values read from storage are copies: mutate a list and assign it again to keep the change. Both
types may only be fields of the contract class itself (a sealed value's name must not change, so
it can not live inside a container that moves its elements).
"""

from __future__ import annotations

import collections.abc
import dataclasses
import typing
from collections.abc import MutableMapping

from .base import Desc
from .leaves import BytesDesc, leaf_desc
from .slots import ROOT_SLOT, MemorySlotStore
from .treemap import TreeMapDesc

__all__ = [
    "ConfidentialField",
    "ConfidentialMapping",
    "SealedFieldDesc",
    "SealedMapDesc",
    "is_sealed_type",
    "sealed_desc",
    "NOT_A_CONTRACT_FIELD",
]

T = typing.TypeVar("T")
K = typing.TypeVar("K")
V = typing.TypeVar("V")

NOT_A_CONTRACT_FIELD = "gl.ConfidentialField / gl.ConfidentialMapping can only be fields of the contract class"


class ConfidentialField(typing.Generic[T]):
    """Storage annotation: a contract field whose value of type ``T`` is sealed at rest.

    Read and write it like a plain field (``self.secret = 5``; ``x = self.secret``); the value is
    sealed and opened by the validator's attested enclave (outside one every access fails)."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        raise TypeError("gl.ConfidentialField[T] is a storage annotation: assign a value of type T to the field")


class ConfidentialMapping(MutableMapping, typing.Generic[K, V]):
    """Storage annotation: a sorted map like ``TreeMap[K, V]`` with public keys and sealed values.

    ``len``, ``in``, iteration over keys, ``get``, ``m[k]``, ``m[k] = v`` and ``del m[k]`` work
    as on a dict; a missing key raises ``KeyError``."""

    __slots__ = ("_desc", "_tree", "_loc")

    def __init__(self, *args, **kwargs):
        raise TypeError("gl.ConfidentialMapping lives in storage: declare a contract field of this type")

    @classmethod
    def _view(cls, desc: "SealedMapDesc", store, slot: bytes, off: int) -> "ConfidentialMapping":
        self = object.__new__(cls)
        self._desc = desc
        self._tree = desc.tree.get(store, slot, off)
        self._loc = (store, slot, off)
        return self

    def name_of(self, key) -> str:
        """The sealing name of ``key``'s value: ``field[0x<hex of calldata(key)>]``."""
        from genlayer.py import calldata

        return f"{self._desc.name}[0x{calldata.encode(self._desc.tree.kd.canon(key)).hex()}]"

    def __len__(self) -> int:
        return len(self._tree)

    def __iter__(self):
        return iter(self._tree)

    def __contains__(self, key) -> bool:
        return key in self._tree

    def __getitem__(self, key):
        from genlayer import _sealing

        blob = self._tree[key]
        return _decode(self._desc.value_type, _sealing.open_sealed(self.name_of(key), blob))

    def __setitem__(self, key, value) -> None:
        _guard(self._loc[0])
        old = self._tree.get(key, b"")
        self._tree[key] = _seal(self.name_of(key), old, self._desc.value_type, value)

    def __delitem__(self, key) -> None:
        del self._tree[key]

    def sealed_items(self):
        """``(key, sealed blob)`` pairs in key order (nothing is opened)."""
        return self._tree.items()

    def __repr__(self) -> str:
        return f"ConfidentialMapping(<{len(self)} sealed values>)"


# -- value types ------------------------------------------------------------------------------------


def _strip(tp):
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


_SEALED_TYPES = (ConfidentialField, ConfidentialMapping)


def is_sealed_type(tp) -> bool:
    tp = _strip(tp)
    return any(tp is t for t in _SEALED_TYPES) or typing.get_origin(tp) in _SEALED_TYPES


def _check_value_type(tp, what: str) -> None:
    """A sealed value travels as calldata: its type must be one a contract schema can describe."""
    from genlayer.py.schema import repr_type

    try:
        repr_type(tp)
    except Exception:
        kinds = "int, str, bytes, bool, Address, list, dict, dataclass …"
        raise TypeError(f"{what} must be a calldata type ({kinds}), got {tp!r}") from None


_PY_TYPES = {str: str, bytes: (bytes, bytearray, memoryview), bool: bool}


def _canon(tp, value):
    """``value`` checked against ``tp`` (leaf types only) as it will read back."""
    d = leaf_desc(tp)
    if d is None:
        return value
    if tp is None or tp is type(None):
        if value is not None:
            raise TypeError(f"expected None, got {type(value).__name__}")
        return None
    want = _PY_TYPES.get(tp)
    if want is None:
        from genlayer.py.types import Address

        want = Address if tp is Address else int
    if not isinstance(value, want) or (want is int and isinstance(value, bool)):
        raise TypeError(f"expected {getattr(tp, '__name__', tp)}, got {type(value).__name__}")
    return d.canon(value)


def _default(tp):
    d = leaf_desc(tp)
    if d is not None:
        return d.get(MemorySlotStore(), ROOT_SLOT, 0)
    if tp is int:
        return 0
    origin = typing.get_origin(tp) or tp
    if isinstance(origin, type):
        if issubclass(origin, collections.abc.Sequence) and not issubclass(origin, (str, bytes, tuple)):
            return []
        if issubclass(origin, collections.abc.Mapping):
            return {}
    return None


def _decode(tp, plaintext: bytes):
    from genlayer.py import calldata

    value = calldata.decode(plaintext)
    origin = typing.get_origin(tp) or tp
    if isinstance(value, dict) and isinstance(origin, type) and dataclasses.is_dataclass(origin):
        return origin(**value)
    if isinstance(value, list) and origin is tuple:
        return tuple(value)
    return value


def _guard(store) -> None:
    guard = getattr(store, "guard", None)
    if guard is not None:
        guard()  # a read-only call fails here, before anything is sealed


def _seal(name: str, old_blob: bytes, tp, value) -> bytes:
    from genlayer import _sealing
    from genlayer.py import calldata

    plaintext = calldata.encode(_canon(tp, value))
    return _sealing.seal(name, _sealing.version_of(old_blob) + 1, plaintext)


def _hex(blob: bytes) -> dict:
    return {"sealed": "0x" + bytes(blob).hex()}


# -- descriptors ------------------------------------------------------------------------------------


class SealedFieldDesc(Desc):
    size = 4
    flat = False

    def __init__(self, name: str, value_type):
        self.name = name
        self.value_type = value_type
        self.blob = BytesDesc()

    def get(self, store, slot, off):
        from genlayer import _sealing

        blob = self.blob.get(store, slot, off)
        if not blob:
            return _default(self.value_type)
        return _decode(self.value_type, _sealing.open_sealed(self.name, blob))

    def set(self, store, slot, off, value):
        _guard(store)
        old = self.blob.get(store, slot, off)
        self.blob.set(store, slot, off, _seal(self.name, old, self.value_type, value))

    def zero(self, store, slot, off):
        self.blob.zero(store, slot, off)

    def dump(self, store, slot, off) -> dict:
        """``{"sealed": "0x…"}`` (``"0x"`` when no value was written)."""
        return _hex(self.blob.get(store, slot, off))


class SealedMapDesc(Desc):
    size = 4
    flat = False
    is_view = True

    def __init__(self, name: str, key_desc: Desc, value_type):
        self.name = name
        self.value_type = value_type
        self.tree = TreeMapDesc(key_desc, BytesDesc())

    def get(self, store, slot, off):
        return ConfidentialMapping._view(self, store, slot, off)

    def set(self, store, slot, off, value):
        view = self.get(store, slot, off)
        if isinstance(value, ConfidentialMapping):
            if value._loc == view._loc:
                return
            value = dict(value.items())
        if not hasattr(value, "items"):
            raise TypeError(f"expected a mapping, got {type(value).__name__}")
        # keys that stay keep counting their versions
        for k in [k for k in view if k not in value]:
            del view[k]
        for k, v in value.items():
            view[k] = v

    def zero(self, store, slot, off):
        self.tree.zero(store, slot, off)

    def dump(self, store, slot, off, limit: int, key_text) -> dict:
        """``{key: {"sealed": "0x…"}}`` for the first ``limit`` keys (then ``"…"``: how many more)."""
        view = self.get(store, slot, off)
        out: dict = {}
        n = len(view)
        for i, (k, blob) in enumerate(view.sealed_items()):
            if i >= limit:
                out["…"] = f"… {n - limit} more"
                break
            out[key_text(k)] = _hex(blob)
        return out


def sealed_desc(tp, name: str, build) -> Desc:
    """The descriptor of the contract field ``name: tp`` (``build`` makes key descriptors)."""
    tp = _strip(tp)
    origin = typing.get_origin(tp) or tp
    args = typing.get_args(tp)
    if origin is ConfidentialField:
        value_type = args[0] if args else typing.Any
        _check_value_type(value_type, "the value type of gl.ConfidentialField")
        return SealedFieldDesc(name, value_type)
    if not args:
        raise TypeError("ConfidentialMapping needs type parameters, e.g. ConfidentialMapping[str, u256]")
    key_type, value_type = args
    if leaf_desc(key_type) is None:
        raise TypeError(f"ConfidentialMapping keys must be plain values (str, bytes, ints, Address), got {key_type!r}")
    _check_value_type(key_type, "the key type of gl.ConfidentialMapping")
    _check_value_type(value_type, "the value type of gl.ConfidentialMapping")
    return SealedMapDesc(name, build(key_type), value_type)
