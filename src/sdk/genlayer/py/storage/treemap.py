"""``TreeMap[K, V]``: a sorted map living in storage.

Layout: in-slot 4 bytes = u32 entry count ``n``. With ``base = indirect(slot, off)``:

* ``base`` holds the *order index*: ``n`` u32 entry ids, sorted by key (``<`` of ``K``);
* entry ``e`` has its key at ``(indirect(base, 0), e * size(K))`` and its value at
  ``(indirect(base, 1), e * size(V))``.

Entries are dense (ids ``0…n-1``): a new key gets id ``n``; deleting a key moves the entry with
the highest id into the freed id and zeroes the last one. Lookups binary-search the order
index (O(log n) key reads); an insert or delete shifts the order index's tail as raw bytes.
A value stays at the same location while its key is present and no other key is deleted.
"""

from __future__ import annotations

import bisect
import typing
from collections.abc import ItemsView, MutableMapping, ValuesView

from .base import Desc, LocatedView, detach, needs_detach, read_u32, same_loc, write_u32
from .slots import indirect

__all__ = ["TreeMap", "TreeMapDesc"]

K = typing.TypeVar("K")
V = typing.TypeVar("V")

_MISSING = object()


class _Items(ItemsView):
    __slots__ = ()

    def __iter__(self):
        return self._mapping._iter_items()


class _Values(ValuesView):
    __slots__ = ()

    def __iter__(self):
        return self._mapping._iter_values()


class TreeMap(LocatedView, MutableMapping, typing.Generic[K, V]):
    """Live view of a sorted map in storage (see the module docstring for the layout)."""

    __slots__ = ("_st", "_slot", "_off", "_base", "_ks", "_vs", "_kd", "_vd")

    def __init__(self, *args, **kwargs):
        raise TypeError(
            "TreeMap lives in storage: assign a dict to a TreeMap field, "
            "or use inmem_allocate(TreeMap[K, V], items)"
        )

    @classmethod
    def _view(cls, store, slot: bytes, off: int, kd: Desc, vd: Desc) -> "TreeMap":
        self = object.__new__(cls)
        self._st = store
        self._slot = slot
        self._off = off
        base = indirect(slot, off)
        self._base = base
        self._ks = indirect(base, 0)
        self._vs = indirect(base, 1)
        self._kd = kd
        self._vd = vd
        return self

    def _gl_desc_of_(self):
        return TreeMapDesc(self._kd, self._vd)

    # -- internals ---------------------------------------------------------------------------

    def _n(self) -> int:
        return read_u32(self._st, self._slot, self._off)

    def _id_at(self, pos: int) -> int:
        return read_u32(self._st, self._base, pos * 4)

    def _key(self, e: int):
        return self._kd.get(self._st, self._ks, e * self._kd.size)

    def _value(self, e: int):
        return self._vd.get(self._st, self._vs, e * self._vd.size)

    def _ids(self, n: int) -> list[int]:
        raw = self._st.read(self._base, 0, n * 4)
        return [int.from_bytes(raw[i : i + 4], "little") for i in range(0, n * 4, 4)]

    # An optional in-memory index (sorted keys + ids) is kept in ``store.cache`` for stores
    # that implement ``version()``. It is valid while the key slot and the order slot are
    # unchanged since it was last synced, and it is only built once enough lookups were done
    # on this map (so a single lookup in a big map stays O(log n)).

    def _stamp(self):
        ver = self._st.version
        return (ver(self._ks), ver(self._base))

    def _index(self, n: int, build: bool = True):
        st = self._st
        cache = getattr(st, "cache", None)
        if cache is None or st.version(self._ks) is None:
            return None
        ent = cache.get(self._base)
        if ent is not None and ent[0] == self._stamp() and len(ent[2]) == n:
            return ent
        if not build:
            return None
        misses = (ent[1] if ent is not None else 0) + 1
        if misses * 32 < n:
            cache[self._base] = [None, misses, [], []]
            return None
        ids = self._ids(n)
        ent = [self._stamp(), 0, [self._key(e) for e in ids], ids]
        cache[self._base] = ent
        return ent

    def _synced(self, ent) -> None:
        if ent is not None:
            ent[0] = self._stamp()

    def _find(self, key, n: int, ent=None) -> tuple[int, int]:
        """(position in the order index, entry id or -1 if ``key`` is absent)."""
        if ent is not None:
            keys = ent[2]
            pos = bisect.bisect_left(keys, key)
            if pos < n and keys[pos] == key:
                return pos, ent[3][pos]
            return pos, -1
        lo, hi = 0, n
        hit_key = hit_id = None
        while lo < hi:
            mid = (lo + hi) // 2
            e = self._id_at(mid)
            k = self._key(e)
            if k < key:
                lo = mid + 1
            else:
                hi = mid
                hit_key, hit_id = k, e
        if lo < n and hit_id is not None and hit_key == key:
            return lo, hit_id
        return lo, -1

    def _insert(self, key, pos: int, n: int, ent, value=_MISSING) -> int:
        """Add ``key`` (absent, belongs at ``pos``) as entry ``n``; returns the entry id."""
        st = self._st
        vd, kd = self._vd, self._kd
        try:
            if value is not _MISSING:
                vd.set(st, self._vs, n * vd.size, value)
            kd.set(st, self._ks, n * kd.size, key)
        except BaseException:
            try:
                vd.zero(st, self._vs, n * vd.size)
                kd.zero(st, self._ks, n * kd.size)
            except Exception:
                pass
            raise
        tail = st.read(self._base, pos * 4, (n - pos) * 4)
        st.write(self._base, pos * 4, n.to_bytes(4, "little") + tail)
        write_u32(st, self._slot, self._off, n + 1)
        if ent is not None:
            ent[2].insert(pos, self._kd.canon(key))
            ent[3].insert(pos, n)
            self._synced(ent)
        return n

    def _order(self):
        """(keys or None, ids) in key order, using the cached index when it is valid."""
        n = self._n()
        ent = self._index(n, build=False)
        if ent is not None:
            return list(ent[2]), list(ent[3])
        return None, self._ids(n)

    def _iter_items(self):
        keys, ids = self._order()
        if keys is None:
            for e in ids:
                yield self._key(e), self._value(e)
        else:
            for k, e in zip(keys, ids):
                yield k, self._value(e)

    def _iter_values(self):
        for e in self._order()[1]:
            yield self._value(e)

    # -- Mapping API -------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._n()

    def __iter__(self):
        keys, ids = self._order()
        if keys is None:
            for e in ids:
                yield self._key(e)
        else:
            yield from keys

    def _lookup(self, key) -> int:
        n = self._n()
        return self._find(key, n, self._index(n))[1]

    def __contains__(self, key) -> bool:
        return self._lookup(key) >= 0

    def __getitem__(self, key):
        e = self._lookup(key)
        if e < 0:
            raise KeyError()
        return self._value(e)

    def get(self, key, default=None):
        e = self._lookup(key)
        if e < 0:
            return default
        return self._value(e)

    def get_or_insert_default(self, key):
        """The value for ``key``, first inserting a zero/default value if it is absent."""
        n = self._n()
        ent = self._index(n)
        pos, e = self._find(key, n, ent)
        if e < 0:
            e = self._insert(key, pos, n, ent)
        return self._value(e)

    def __setitem__(self, key, value) -> None:
        n = self._n()
        ent = self._index(n)
        pos, e = self._find(key, n, ent)
        if e < 0:
            self._insert(key, pos, n, ent, value)
        else:
            self._vd.set(self._st, self._vs, e * self._vd.size, value)

    def __delitem__(self, key) -> None:
        st = self._st
        n = self._n()
        ent = self._index(n)
        pos, e = self._find(key, n, ent)
        if e < 0:
            raise KeyError()
        # drop position `pos` from the order index
        tail = st.read(self._base, (pos + 1) * 4, (n - pos - 1) * 4)
        st.write(self._base, pos * 4, tail + bytes(4))
        n -= 1
        write_u32(st, self._slot, self._off, n)
        if ent is not None:
            del ent[2][pos]
            del ent[3][pos]
        kd, vd = self._kd, self._vd
        last = n
        if e != last:
            # move the entry with the highest id into the freed id
            q, found = self._find(self._key(last), n, ent)
            assert found == last
            kd.move(st, self._ks, last * kd.size, e * kd.size)
            vd.move(st, self._vs, last * vd.size, e * vd.size)
            write_u32(st, self._base, q * 4, e)
            if ent is not None:
                ent[3][q] = e
        kd.zero(st, self._ks, last * kd.size)
        vd.zero(st, self._vs, last * vd.size)
        self._synced(ent)

    def pop(self, key, default=_MISSING):
        """Remove ``key`` and return its value (a detached copy for container/record values)."""
        e = self._lookup(key)
        if e < 0:
            if default is _MISSING:
                raise KeyError()
            return default
        value = self._value(e)
        if self._vd.is_view:
            value = detach(value)
        del self[key]
        return value

    def popitem(self):
        for key in self:
            return key, self.pop(key)
        raise KeyError()

    def clear(self) -> None:
        TreeMapDesc(self._kd, self._vd).zero(self._st, self._slot, self._off)

    def items(self):
        return _Items(self)

    def values(self):
        return _Values(self)

    def __repr__(self) -> str:
        return f"TreeMap({dict(self.items())!r})"


class TreeMapDesc(Desc):
    size = 4
    flat = False
    is_view = True

    def __init__(self, kd: Desc, vd: Desc):
        self.kd = kd
        self.vd = vd

    def get(self, store, slot, off):
        return TreeMap._view(store, slot, off, self.kd, self.vd)

    def set(self, store, slot, off, value):
        if same_loc(store, slot, off, value):
            return
        if not hasattr(value, "items"):
            raise TypeError(f"expected a mapping, got {type(value).__name__}")
        if self.vd.is_view and needs_detach(store, value):
            value = detach(value)
        self.copy(store, slot, off, value)

    def copy(self, store, slot, off, value):
        items = sorted(value.items(), key=lambda kv: kv[0])
        self.zero(store, slot, off)
        kd, vd = self.kd, self.vd
        base = indirect(slot, off)
        ks, vs = indirect(base, 0), indirect(base, 1)
        prev = _MISSING
        m = 0
        for k, v in items:
            if prev is not _MISSING and not (prev < k):
                raise ValueError(f"duplicate key in mapping: {k!r}")
            prev = k
            kd.set(store, ks, m * kd.size, k)
            vd.copy(store, vs, m * vd.size, v)
            m += 1
        if m:
            store.write(base, 0, b"".join(i.to_bytes(4, "little") for i in range(m)))
        write_u32(store, slot, off, m)

    def zero(self, store, slot, off):
        n = read_u32(store, slot, off)
        if not n:
            return
        base = indirect(slot, off)
        self.kd.zero_many(store, indirect(base, 0), 0, n)
        self.vd.zero_many(store, indirect(base, 1), 0, n)
        store.write(base, 0, bytes(4 * n))
        write_u32(store, slot, off, 0)

    def move(self, store, slot, src, dst):
        self.copy(store, slot, dst, self.get(store, slot, src))
