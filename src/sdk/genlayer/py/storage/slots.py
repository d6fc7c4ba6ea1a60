"""32-byte storage slots and an in-memory slot store.

A contract's storage is a set of *slots*. Each slot is addressed by a 32-byte id and holds a
zero-filled byte string that grows on demand (reading past the end gives zero bytes). The root
slot id is 32 zero bytes. Variable-size data lives in *indirect* slots derived from the location
that owns it::

    indirect(slot_id, off) = sha3_256(slot_id + off.to_bytes(4, 'little'))

``SlotStore`` is the interface the typed storage layer talks to (only ``read`` and ``write``).
``MemorySlotStore`` is the dict-backed implementation used for contract state (seeded with the
slots the host sends), for ``copy_to_memory`` / ``inmem_allocate`` and for sandboxes (``fork``).
"""

from __future__ import annotations

import functools
import hashlib
import typing

__all__ = [
    "ROOT_SLOT",
    "CONTRACT_SLOT",
    "indirect",
    "SlotStore",
    "MemorySlotStore",
]

ROOT_SLOT: bytes = bytes(32)


@functools.lru_cache(maxsize=1 << 16)
def indirect(slot_id: bytes, off: int) -> bytes:
    """Id of the slot that holds the variable-size data of the value at ``(slot_id, off)``."""
    return hashlib.sha3_256(slot_id + off.to_bytes(4, "little")).digest()


# The contract instance lives at offset 0 of this slot.
CONTRACT_SLOT: bytes = indirect(ROOT_SLOT, 0)


class SlotStore:
    """Interface: byte-addressed access to 32-byte-id slots."""

    __slots__ = ()

    def read(self, slot_id: bytes, off: int, n: int) -> bytes:
        """``n`` bytes of the slot starting at ``off`` (zero-filled past the end)."""
        raise NotImplementedError

    def write(self, slot_id: bytes, off: int, data: bytes) -> None:
        """Overwrite ``len(data)`` bytes of the slot at ``off`` (growing it with zeros)."""
        raise NotImplementedError

    def version(self, slot_id: bytes) -> int | None:
        """Optional: a number that changes whenever the slot is written through this store
        (lets the storage layer cache decoded data, e.g. TreeMap keys). None: unsupported."""
        return None


_INHERIT: typing.Any = object()


class MemorySlotStore(SlotStore):
    """Dict-backed slot store with copy-on-write layering.

    ``initial`` (slot id -> content) is never mutated: the first write to a slot copies its
    content into this store's own layer. ``guard()`` (if given) runs before every write and may
    raise to forbid it (read-only calls, non-deterministic blocks).

    ``fork()`` returns a child store that reads through to this one and keeps its own writes;
    drop it to discard them or call ``child.commit()`` to apply them here. Do not write to a
    parent while a fork of it is in use.
    """

    __slots__ = ("_base", "_parent", "_layer", "_ver", "guard", "cache")

    def __init__(
        self,
        initial: dict[bytes, bytes] | None = None,
        guard: typing.Callable[[], None] | None = None,
    ):
        self._base: dict[bytes, bytes] = {} if initial is None else initial
        self._parent: MemorySlotStore | None = None
        self._layer: dict[bytes, bytearray] = {}
        self._ver: dict[bytes, int] = {}
        self.guard = guard
        # free-form cache of the storage layer, keyed by slot id; entries are validated with
        # version() and the whole cache is dropped by restore()
        self.cache: dict = {}

    # -- reading -----------------------------------------------------------------------------

    def _content(self, slot_id: bytes) -> bytes | bytearray | None:
        s = self._layer.get(slot_id)
        if s is not None:
            return s
        if self._parent is not None:
            return self._parent._content(slot_id)
        return self._base.get(slot_id)

    def read(self, slot_id: bytes, off: int, n: int) -> bytes:
        s = self._layer.get(slot_id)
        if s is None:
            s = self._content(slot_id)
        if s is None:
            return bytes(n)
        chunk = bytes(s[off : off + n])
        if len(chunk) < n:
            chunk += bytes(n - len(chunk))
        return chunk

    def slot(self, slot_id: bytes) -> bytes:
        """The whole content of one slot, trailing zero bytes stripped."""
        s = self._content(slot_id)
        return b"" if s is None else bytes(s).rstrip(b"\0")

    # -- writing -----------------------------------------------------------------------------

    def write(self, slot_id: bytes, off: int, data: bytes) -> None:
        if self.guard is not None:
            self.guard()
        s = self._layer.get(slot_id)
        if s is None:
            prev = self._content(slot_id)
            s = bytearray() if prev is None else bytearray(prev)
            self._layer[slot_id] = s
        self._ver[slot_id] = self._ver.get(slot_id, 0) + 1
        end = off + len(data)
        if len(s) < off:
            s.extend(bytes(off - len(s)))
        s[off:end] = data

    def version(self, slot_id: bytes) -> int:
        return self._ver.get(slot_id, 0)

    # -- state tracking ----------------------------------------------------------------------

    def _below(self, slot_id: bytes) -> bytes:
        if self._parent is not None:
            return self._parent.slot(slot_id)
        prev = self._base.get(slot_id)
        return b"" if prev is None else bytes(prev).rstrip(b"\0")

    def dirty(self) -> dict[bytes, bytes]:
        """Full content (trailing zeros stripped) of every slot whose content changed since this
        store was created (relative to ``initial``, or to the parent for a fork)."""
        out: dict[bytes, bytes] = {}
        for sid, content in self._layer.items():
            now = bytes(content).rstrip(b"\0")
            if now != self._below(sid):
                out[sid] = now
        return out

    def contents(self) -> dict[bytes, bytes]:
        """Every non-empty slot as seen through this store (trailing zeros stripped)."""
        out: dict[bytes, bytes] = {}
        if self._parent is not None:
            out.update(self._parent.contents())
        else:
            for sid, content in self._base.items():
                c = bytes(content).rstrip(b"\0")
                if c:
                    out[sid] = c
        for sid, content in self._layer.items():
            c = bytes(content).rstrip(b"\0")
            if c:
                out[sid] = c
            else:
                out.pop(sid, None)
        return out

    def snapshot(self) -> dict[bytes, bytes]:
        """An opaque copy of this store's own changes, for ``restore``."""
        return {sid: bytes(content) for sid, content in self._layer.items()}

    def restore(self, snap: dict[bytes, bytes]) -> None:
        """Go back to the state captured by ``snapshot`` (no guard: nothing is written)."""
        self._layer = {sid: bytearray(content) for sid, content in snap.items()}
        for sid in self._ver:
            self._ver[sid] += 1
        self.cache.clear()

    def fork(self, guard: typing.Callable[[], None] | None = _INHERIT) -> "MemorySlotStore":
        """A copy-on-write child layer; by default it inherits this store's guard."""
        child = MemorySlotStore(guard=self.guard if guard is _INHERIT else guard)
        child._parent = self
        return child

    def commit(self) -> None:
        """Apply a fork's writes to its parent (through the parent's guard) and empty the fork."""
        parent = self._parent
        if parent is None:
            raise ValueError("commit() is only valid on a fork")
        for sid, content in self._layer.items():
            below = parent._content(sid)
            data = bytes(content)
            if below is not None and len(below) > len(data):
                data += bytes(len(below) - len(data))
            parent.write(sid, 0, data)
        self._layer = {}
