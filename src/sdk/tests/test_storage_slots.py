"""Slots: ids, MemorySlotStore reads/writes, dirty tracking, the write guard, forks."""

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_storage_support import ReadOnly, forbid, raises  # noqa: E402

from genlayer.py.storage import (  # noqa: E402
    CONTRACT_SLOT,
    ROOT_SLOT,
    DynArray,
    MemorySlotStore,
    SlotStore,
    TreeMap,
    indirect,
    storage_view,
)
from genlayer.py.types import u32  # noqa: E402

A = b"\x11" * 32
B = b"\x22" * 32


def test_slot_ids():
    assert ROOT_SLOT == bytes(32)
    assert indirect(A, 5) == hashlib.sha3_256(A + b"\x05\x00\x00\x00").digest()
    assert CONTRACT_SLOT == hashlib.sha3_256(bytes(36)).digest()
    assert len(CONTRACT_SLOT) == 32
    assert indirect(A, 0) != indirect(A, 1) != indirect(B, 0)


def test_read_is_zero_filled():
    st = MemorySlotStore()
    assert isinstance(st, SlotStore)
    assert st.read(A, 0, 4) == bytes(4)
    st.write(A, 2, b"\x01\x02")
    assert st.read(A, 0, 6) == b"\x00\x00\x01\x02\x00\x00"
    assert st.read(A, 3, 1) == b"\x02"
    assert st.read(A, 100, 3) == bytes(3)
    st.write(A, 10, b"\xff")  # grows with zeros
    assert st.read(A, 0, 12) == b"\x00\x00\x01\x02" + bytes(6) + b"\xff\x00"


def test_initial_is_not_mutated():
    initial = {A: b"\x01\x02\x03"}
    st = MemorySlotStore(initial)
    assert st.read(A, 0, 3) == b"\x01\x02\x03"
    st.write(A, 1, b"\x09")
    assert st.read(A, 0, 3) == b"\x01\x09\x03"
    assert initial == {A: b"\x01\x02\x03"}


def test_dirty_tracks_changed_slots_only():
    st = MemorySlotStore({A: b"\x01\x02", B: b"\x07"})
    assert st.dirty() == {}
    st.write(A, 0, b"\x01")  # same content: not dirty
    assert st.dirty() == {}
    st.write(A, 4, b"\x05")
    st.write(indirect(A, 0), 0, b"hi")
    assert st.dirty() == {A: b"\x01\x02\x00\x00\x05", indirect(A, 0): b"hi"}
    st.write(A, 4, b"\x00")  # back to the initial content (trailing zeros stripped)
    assert st.dirty() == {indirect(A, 0): b"hi"}
    st.write(B, 0, b"\x00")  # cleared slot: full content is empty
    assert st.dirty()[B] == b""
    assert st.contents() == {A: b"\x01\x02", indirect(A, 0): b"hi"}
    assert st.slot(A) == b"\x01\x02"


def test_equal_states_have_equal_bytes():
    # a string that shrinks leaves no garbage behind
    st1, st2 = MemorySlotStore(), MemorySlotStore()
    arr1 = storage_view(DynArray[str], st1, A)
    arr2 = storage_view(DynArray[str], st2, A)
    arr1.extend(["a long string here", "b" * 100, "c"])
    arr1[0] = "x"
    arr1.pop()
    arr1.pop()
    arr2.append("x")
    assert st1.contents() == st2.contents()
    arr1.clear()
    assert st1.contents() == {}


def test_guard_blocks_every_write():
    st = MemorySlotStore({A: b"\x05"}, guard=forbid)
    assert st.read(A, 0, 1) == b"\x05"
    raises(ReadOnly, st.write, A, 0, b"\x01")
    m = storage_view(TreeMap[str, u32], st, B)
    assert m.get("x") is None and len(m) == 0  # reading is fine
    raises(ReadOnly, m.__setitem__, "x", 1)
    raises(ReadOnly, storage_view(DynArray[str], st, B).append, "")
    # an empty string written to a never-set field is still a write
    raises(ReadOnly, storage_view(DynArray[str], st, B).extend, [])
    assert st.dirty() == {}

    calls = []
    st2 = MemorySlotStore(guard=lambda: calls.append(1))
    st2.write(A, 0, b"\x01")
    st2.write(A, 1, b"\x01")
    assert calls == [1, 1]


def test_fork_discard_and_commit():
    base = MemorySlotStore({A: b"\x01"})
    child = base.fork()
    child.write(A, 0, b"\x02")
    child.write(B, 0, b"\x03")
    assert child.read(A, 0, 1) == b"\x02" and base.read(A, 0, 1) == b"\x01"
    assert child.dirty() == {A: b"\x02", B: b"\x03"}
    assert base.dirty() == {}
    grandchild = child.fork()
    grandchild.write(B, 1, b"\x04")
    assert grandchild.read(B, 0, 2) == b"\x03\x04"
    assert child.read(B, 0, 2) == b"\x03\x00"
    child.commit()
    assert base.read(A, 0, 1) == b"\x02" and base.read(B, 0, 1) == b"\x03"
    assert base.dirty() == {A: b"\x02", B: b"\x03"}
    assert child.dirty() == {}
    raises(ValueError, base.commit)


def test_fork_guard():
    base = MemorySlotStore(guard=forbid)
    raises(ReadOnly, base.fork().write, A, 0, b"\x01")  # inherited
    free = base.fork(guard=None)
    free.write(A, 0, b"\x01")  # a sandbox may write; the parent stays untouched
    assert base.read(A, 0, 1) == b"\x00"
    raises(ReadOnly, free.commit)  # committing goes through the parent's guard


def test_snapshot_restore():
    st = MemorySlotStore({A: b"\x01"})
    arr = storage_view(DynArray[str], st, B)
    arr.append("keep")
    snap = st.snapshot()
    arr.append("drop")
    st.write(A, 0, b"\x09")
    assert list(arr) == ["keep", "drop"]
    st.restore(snap)
    assert list(arr) == ["keep"]
    assert st.read(A, 0, 1) == b"\x01"
    assert set(st.dirty()) == {B, indirect(B, 0), indirect(indirect(B, 0), 0)}
