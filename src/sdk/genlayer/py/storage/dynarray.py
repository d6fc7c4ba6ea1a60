"""``DynArray[T]``: a growable array living in storage.

Layout: in-slot 4 bytes = u32 length ``n``. The elements are packed in the indirect slot
``data = indirect(slot, off)``: element ``i`` lives at ``(data, i * size(T))``. Removing or
inserting elements moves the following elements (element views are tied to an index, like in
the real SDK); vacated elements are zeroed.
"""

from __future__ import annotations

import operator
import typing
from collections.abc import MutableSequence

from .base import Desc, LocatedView, detach, needs_detach, read_u32, same_loc, write_u32
from .slots import indirect

__all__ = ["DynArray", "DynArrayDesc", "index_error", "norm_index", "seq_eq", "SEQ_EQ_TYPES"]

T = typing.TypeVar("T")


def index_error(i: int, n: int) -> IndexError:
    return IndexError(f"index out of range {i} not in 0..<{n}")


def norm_index(i, n: int) -> int:
    i = operator.index(i)
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise index_error(i, n)
    return i


# types a DynArray / Array compares equal to element-wise (array.py adds ``Array``)
SEQ_EQ_TYPES: list[type] = [list]


def seq_eq(a, b) -> bool:
    if len(a) != len(b):
        return False
    return all(x == y for x, y in zip(a, b))


def _check_seq(value):
    if isinstance(value, (str, bytes, bytearray, memoryview)) or hasattr(value, "items"):
        raise TypeError(f"expected a sequence of elements, got {type(value).__name__}")


class DynArray(LocatedView, MutableSequence, typing.Generic[T]):
    """Live view of a dynamic array in storage (see the module docstring for the layout)."""

    __slots__ = ("_st", "_slot", "_off", "_data", "_elem")

    def __init__(self, *args, **kwargs):
        raise TypeError(
            "DynArray lives in storage: assign a list to a DynArray field, "
            "or use inmem_allocate(DynArray[T], items)"
        )

    @classmethod
    def _view(cls, store, slot: bytes, off: int, elem: Desc) -> "DynArray":
        self = object.__new__(cls)
        self._st = store
        self._slot = slot
        self._off = off
        self._data = indirect(slot, off)
        self._elem = elem
        return self

    def _gl_desc_of_(self):
        return DynArrayDesc(self._elem)

    # -- reading -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return read_u32(self._st, self._slot, self._off)

    def _at(self, i: int):
        return self._elem.get(self._st, self._data, i * self._elem.size)

    def _values(self, idxs) -> list:
        e = self._elem
        if e.packable and e.size:
            es = e.size
            return [e.unpack(self._st.read(self._data, i * es, es)) for i in idxs]
        return [self._at(i) for i in idxs]

    def __getitem__(self, i):
        n = len(self)
        if isinstance(i, slice):
            return self._values(range(*i.indices(n)))
        return self._at(norm_index(i, n))

    def __iter__(self):
        i = 0
        while i < len(self):
            yield self._at(i)
            i += 1

    def __reversed__(self):
        for i in range(len(self) - 1, -1, -1):
            yield self._at(i)

    def __eq__(self, other):
        if isinstance(other, tuple(SEQ_EQ_TYPES)):
            return seq_eq(self, other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DynArray({list(self)!r})"

    # -- writing -----------------------------------------------------------------------------

    def _materialize(self, values) -> list:
        _check_seq(values)
        if self._elem.is_view and needs_detach(self._st, values):
            values = detach(values)
        return list(values)

    def _set_len(self, n: int) -> None:
        write_u32(self._st, self._slot, self._off, n)

    def _shift(self, start: int, delta: int, n: int) -> None:
        """Move elements ``[start, n)`` by ``delta``; zero what is vacated at the end."""
        e, st, data = self._elem, self._st, self._data
        es = e.size
        if e.flat:
            if n > start and es:
                st.write(data, (start + delta) * es, st.read(data, start * es, (n - start) * es))
        elif delta > 0:
            for k in range(n - 1, start - 1, -1):
                e.move(st, data, k * es, (k + delta) * es)
        else:
            for k in range(start, n):
                e.move(st, data, k * es, (k + delta) * es)
        if delta < 0:
            e.zero_many(st, data, (n + delta) * es, -delta)

    def _write_at(self, start: int, vals: list, fresh: bool = False) -> None:
        """Write ``vals`` into elements ``start…``. ``fresh``: they are past the end, so on
        failure zero what was written (the array is left as it was)."""
        e, st, data = self._elem, self._st, self._data
        es = e.size
        if e.packable:
            st.write(data, start * es, b"".join([e.pack(v) for v in vals]))
            return
        done = 0
        try:
            for v in vals:
                e.set(st, data, (start + done) * es, v)
                done += 1
        except BaseException:
            if fresh:
                try:
                    e.zero_many(st, data, start * es, done + 1)
                except Exception:
                    pass
            raise

    def __setitem__(self, i, value) -> None:
        n = len(self)
        if not isinstance(i, slice):
            i = norm_index(i, n)
            self._elem.set(self._st, self._data, i * self._elem.size, value)
            return
        vals = self._materialize(value)
        start, stop, step = i.indices(n)
        if step != 1:
            idxs = range(start, stop, step)
            if len(idxs) != len(vals):
                raise ValueError(
                    f"attempt to assign sequence of size {len(vals)} "
                    f"to extended slice of size {len(idxs)}"
                )
            for k, v in zip(idxs, vals):
                self._elem.set(self._st, self._data, k * self._elem.size, v)
            return
        stop = max(stop, start)
        delta = len(vals) - (stop - start)
        if delta:
            self._shift(stop, delta, n)
            self._set_len(n + delta)
        self._write_at(start, vals)

    def __delitem__(self, i) -> None:
        n = len(self)
        if isinstance(i, slice):
            start, stop, step = i.indices(n)
            idxs = range(start, stop, step)
            if not idxs:
                return
            if step == 1:
                self._shift(stop, -(stop - start), n)
                self._set_len(n - (stop - start))
                return
            for k in sorted(idxs, reverse=True):
                del self[k]
            return
        i = norm_index(i, n)
        self._shift(i + 1, -1, n)
        self._set_len(n - 1)

    def insert(self, i, value) -> None:
        n = len(self)
        i = operator.index(i)
        if i < 0:
            i = max(i + n, 0)
        i = min(i, n)
        if i == n:
            self.append(value)
            return
        self._shift(i, 1, n)
        self._set_len(n + 1)
        try:
            self._elem.set(self._st, self._data, i * self._elem.size, value)
        except BaseException:
            try:
                self._shift(i + 1, -1, n + 1)
                self._set_len(n)
            except Exception:
                pass
            raise

    def append(self, value) -> None:
        n = len(self)
        self._write_at(n, [value], fresh=True)
        self._set_len(n + 1)

    def extend(self, values) -> None:
        vals = self._materialize(values)
        n = len(self)
        self._write_at(n, vals, fresh=True)
        self._set_len(n + len(vals))

    def __iadd__(self, values):
        self.extend(values)
        return self

    def pop(self, i=-1) -> None:  # type: ignore[override]
        """Remove element ``i`` (default: the last). Returns None, as the real SDK does."""
        del self[norm_index(i, len(self))]
        return None

    def clear(self) -> None:
        n = len(self)
        self._elem.zero_many(self._st, self._data, 0, n)
        self._set_len(0)

    def _permute(self, order: list[int]) -> None:
        src = self
        if self._elem.is_view:
            src = detach(self)
        vals = [src[k] for k in order]
        self._write_at(0, vals)

    def reverse(self) -> None:
        self._permute(list(range(len(self) - 1, -1, -1)))

    def sort(self, *, key=None, reverse: bool = False) -> None:
        vals = list(self)
        kf = (lambda k: vals[k]) if key is None else (lambda k: key(vals[k]))
        self._permute(sorted(range(len(vals)), key=kf, reverse=reverse))


class DynArrayDesc(Desc):
    size = 4
    flat = False
    is_view = True

    def __init__(self, elem: Desc):
        self.elem = elem

    def get(self, store, slot, off):
        return DynArray._view(store, slot, off, self.elem)

    def set(self, store, slot, off, value):
        if same_loc(store, slot, off, value):
            return
        _check_seq(value)
        if self.elem.is_view and needs_detach(store, value):
            value = detach(value)
        self.copy(store, slot, off, value)

    def copy(self, store, slot, off, value):
        e = self.elem
        es = e.size
        vals = list(value)
        data = indirect(slot, off)
        old = read_u32(store, slot, off)
        if e.packable:
            store.write(data, 0, b"".join([e.pack(v) for v in vals]))
        else:
            for i, v in enumerate(vals):
                e.copy(store, data, i * es, v)
        if old > len(vals):
            e.zero_many(store, data, len(vals) * es, old - len(vals))
        write_u32(store, slot, off, len(vals))

    def zero(self, store, slot, off):
        n = read_u32(store, slot, off)
        if n:
            self.elem.zero_many(store, indirect(slot, off), 0, n)
            write_u32(store, slot, off, 0)

    def move(self, store, slot, src, dst):
        self.copy(store, slot, dst, self.get(store, slot, src))


SEQ_EQ_TYPES.append(DynArray)
