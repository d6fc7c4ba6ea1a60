"""``Array[T, Literal[N]]``: a fixed-length array stored inline.

Layout: ``N * size(T)`` bytes in place; element ``i`` lives at ``(slot, off + i * size(T))``.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence

from .base import Desc, LocatedView, detach, needs_detach, same_loc
from .dynarray import SEQ_EQ_TYPES, _check_seq, norm_index, seq_eq

__all__ = ["Array", "ArrayDesc"]

T = typing.TypeVar("T")
N = typing.TypeVar("N")


class Array(LocatedView, Sequence, typing.Generic[T, N]):
    """Live view of a fixed-length array in storage."""

    __slots__ = ("_st", "_slot", "_off", "_elem", "_n")

    def __init__(self, *args, **kwargs):
        raise TypeError(
            "Array lives in storage: assign a list to an Array field, "
            "or use inmem_allocate(Array[T, Literal[N]], items)"
        )

    @classmethod
    def _view(cls, store, slot: bytes, off: int, elem: Desc, n: int) -> "Array":
        self = object.__new__(cls)
        self._st = store
        self._slot = slot
        self._off = off
        self._elem = elem
        self._n = n
        return self

    def _gl_desc_of_(self):
        return ArrayDesc(self._elem, self._n)

    def __len__(self) -> int:
        return self._n

    def _at(self, i: int):
        return self._elem.get(self._st, self._slot, self._off + i * self._elem.size)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._at(k) for k in range(*i.indices(self._n))]
        return self._at(norm_index(i, self._n))

    def __iter__(self):
        for i in range(self._n):
            yield self._at(i)

    def __setitem__(self, i, value) -> None:
        e = self._elem
        if not isinstance(i, slice):
            i = norm_index(i, self._n)
            e.set(self._st, self._slot, self._off + i * e.size, value)
            return
        _check_seq(value)
        if e.is_view and needs_detach(self._st, value):
            value = detach(value)
        vals = list(value)
        idxs = range(*i.indices(self._n))
        if len(idxs) != len(vals):
            raise ValueError(
                f"Array has a fixed length: cannot assign {len(vals)} elements "
                f"to a slice of {len(idxs)}"
            )
        for k, v in zip(idxs, vals):
            e.set(self._st, self._slot, self._off + k * e.size, v)

    def __eq__(self, other):
        if isinstance(other, tuple(SEQ_EQ_TYPES)):
            return seq_eq(self, other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Array({list(self)!r})"


SEQ_EQ_TYPES.append(Array)


class ArrayDesc(Desc):
    is_view = True

    def __init__(self, elem: Desc, n: int):
        if elem.size is None:
            raise TypeError("a storage class cannot contain itself by value")
        self.elem = elem
        self.n = n
        self.size = elem.size * n
        self.flat = elem.flat

    def get(self, store, slot, off):
        return Array._view(store, slot, off, self.elem, self.n)

    def set(self, store, slot, off, value):
        if same_loc(store, slot, off, value):
            return
        _check_seq(value)
        if self.elem.is_view and needs_detach(store, value):
            value = detach(value)
        self.copy(store, slot, off, value)

    def copy(self, store, slot, off, value):
        vals = list(value)
        if len(vals) != self.n:
            raise ValueError(f"Array of length {self.n} cannot hold {len(vals)} elements")
        e = self.elem
        if e.packable:
            store.write(slot, off, b"".join([e.pack(v) for v in vals]))
            return
        for i, v in enumerate(vals):
            e.copy(store, slot, off + i * e.size, v)

    def zero(self, store, slot, off):
        self.elem.zero_many(store, slot, off, self.n)

    def move(self, store, slot, src, dst):
        if self.flat:
            Desc.move(self, store, slot, src, dst)
            return
        es = self.elem.size
        for i in range(self.n):
            self.elem.move(store, slot, src + i * es, dst + i * es)
