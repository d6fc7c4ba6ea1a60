"""Shared pieces of the typed storage layer: the type-descriptor base class and helpers.

A *descriptor* (``Desc``) knows how one storage type is laid out. Every type has a fixed
in-slot ``size``; a value of it lives at a *location* ``(store, slot_id, offset)`` and occupies
``size`` bytes there. Data that does not fit a fixed size goes to indirect slots derived from
the location (see ``slots.indirect``).

    get(store, slot, off)          -> plain value (leaves) or a live view (containers, records)
    set(store, slot, off, value)   copy ``value`` INTO the location (complete overwrite)
    zero(store, slot, off)         reset the location to its default, clearing indirect data

``flat`` types keep all their bytes in place (no indirect data): they can be moved, zeroed and
copied as raw bytes. ``packable`` leaves also have ``pack(value) -> bytes`` (validating) and
``unpack(bytes) -> value``.
"""

from __future__ import annotations

from .slots import ROOT_SLOT, MemorySlotStore

__all__ = ["Desc", "LOC", "read_u32", "write_u32", "same_loc", "storage_loc", "detach", "needs_detach"]

# name of the attribute that holds ``(store, slot_id, offset)`` on record views and contract
# instances
LOC = "_gl_storage_loc_"


class Desc:
    size: int | None = 0
    flat: bool = True
    packable: bool = False
    is_view: bool = False  # get() returns a live view bound to the location

    def get(self, store, slot: bytes, off: int):
        raise NotImplementedError

    def copy(self, store, slot: bytes, off: int, value) -> None:
        """Like ``set`` but without protection against ``value`` aliasing the destination
        (used when the caller knows source and destination are disjoint)."""
        self.set(store, slot, off, value)

    def set(self, store, slot: bytes, off: int, value) -> None:
        raise NotImplementedError

    def canon(self, value):
        """``value`` as it reads back after being stored (used for cached TreeMap keys)."""
        return value

    def zero(self, store, slot: bytes, off: int) -> None:
        if self.size:
            store.write(slot, off, bytes(self.size))

    def zero_many(self, store, slot: bytes, off: int, count: int) -> None:
        """Zero ``count`` consecutive values starting at ``off``."""
        if count <= 0 or not self.size:
            return
        if self.flat:
            store.write(slot, off, bytes(self.size * count))
        else:
            for i in range(count):
                self.zero(store, slot, off + i * self.size)

    def move(self, store, slot: bytes, src: int, dst: int) -> None:
        """Copy the value at offset ``src`` to offset ``dst`` of the same slot."""
        if self.flat:
            store.write(slot, dst, store.read(slot, src, self.size))
        else:
            self.set(store, slot, dst, self.get(store, slot, src))


def read_u32(store, slot: bytes, off: int) -> int:
    return int.from_bytes(store.read(slot, off, 4), "little")


def write_u32(store, slot: bytes, off: int, value: int) -> None:
    store.write(slot, off, value.to_bytes(4, "little"))


def same_loc(store, slot: bytes, off: int, value) -> bool:
    """True if ``value`` is a view living exactly at this location."""
    loc = storage_loc(value)
    return loc is not None and loc[0] is store and loc[1] == slot and loc[2] == off


def storage_loc(value):
    """``(store, slot_id, offset)`` of a storage view, else None."""
    f = getattr(type(value), "_gl_loc_of_", None)
    if f is not None:
        return f(value)
    return None


def needs_detach(store, value) -> bool:
    """True if ``value`` is a view in ``store`` whose content must be copied out before it is
    written somewhere in the same store (it may live inside the destination)."""
    loc = storage_loc(value)
    return loc is not None and loc[0] is store


def detach(value):
    """Deep copy of a storage view into a fresh in-memory store; returns the new view."""
    desc = type(value)._gl_desc_of_(value)
    tmp = MemorySlotStore()
    desc.copy(tmp, ROOT_SLOT, 0, value)
    return desc.get(tmp, ROOT_SLOT, 0)


class LocatedView:
    """Shared by storage container views: where the view lives, and deep copies that detach it."""

    _st: object
    _slot: bytes
    _off: int

    def _gl_loc_of_(self):
        return (self._st, self._slot, self._off)

    def __deepcopy__(self, memo):
        return detach(self)

