"""@allow_storage records, live views, copy_to_memory and inmem_allocate (oracles:
storage_dataclass, storage_views, copy_to_memory)."""

import copy
import dataclasses
import os
import sys
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_storage_support import Chain, raises  # noqa: E402

from genlayer.py.storage import (  # noqa: E402
    CONTRACT_SLOT,
    DynArray,
    MemorySlotStore,
    TreeMap,
    allow_storage,
    copy_to_memory,
    inmem_allocate,
    layout_of,
    storage_loc,
    storage_view,
)
from genlayer.py.types import u8, u32  # noqa: E402


@allow_storage
@dataclass
class Item:
    name: str
    qty: u32
    tags: DynArray[str]


class Inventory:
    items: DynArray[Item]
    by_name: TreeMap[str, Item]

    def add(self, name, qty, tags):
        item = Item(name, qty, tags)
        self.items.append(item)
        self.by_name[name] = item
        return len(self.items)

    def restock(self, name, extra):
        entry = self.by_name[name]
        entry.qty += extra
        entry.tags.append("restocked")
        return entry.qty


def test_dataclass_oracle():
    ch = Chain(Inventory)
    assert ch.call(Inventory.add, "bolt", 10, ["metal", "small"]) == 1
    assert ch.call(Inventory.add, "nut", 3, []) == 2
    assert ch.call(Inventory.restock, "nut", 7) == 10
    got = ch.view(lambda c: c.by_name["nut"])
    assert isinstance(got, Item)
    assert (got.name, got.qty, list(got.tags)) == ("nut", 10, ["restocked"])
    listing = ch.view(lambda c: [{"name": it.name, "qty": it.qty, "tags": list(it.tags)}
                                 for it in c.items])
    assert listing == [{"name": "bolt", "qty": 10, "tags": ["metal", "small"]},
                       {"name": "nut", "qty": 3, "tags": []}]  # the array copy is separate
    e = raises(KeyError, ch.view, lambda c: c.by_name["missing"])
    assert str(e) == ""


def test_record_view_behaves_like_the_dataclass():
    st = MemorySlotStore()
    arr = storage_view(DynArray[Item], st, CONTRACT_SLOT)
    arr.append(Item("a", 1, ["x"]))
    v = arr[0]
    assert isinstance(v, Item) and type(v) is not Item
    assert type(v).__name__ == "Item" and type(v).__qualname__ == Item.__qualname__
    assert repr(v) == "Item(name='a', qty=1, tags=DynArray(['x']))"
    assert v == Item("a", 1, ["x"]) and Item("a", 1, ["x"]) == v
    assert v != Item("a", 2, ["x"])
    assert v == arr[0] and v is not arr[0]
    assert dataclasses.is_dataclass(v)
    assert [f.name for f in dataclasses.fields(v)] == ["name", "qty", "tags"]
    assert storage_loc(v)[0] is st
    assert storage_loc(Item("a", 1, [])) is None
    raises(OverflowError, setattr, v, "qty", -1)
    assert layout_of(Item).size == 4 + 4 + 4
    assert [(n, off) for n, _, off in layout_of(Item).fields] == [("name", 0), ("qty", 4), ("tags", 8)]


@allow_storage
@dataclass
class User:
    name: str
    points: u32


class Views:
    users: DynArray[User]
    tags: TreeMap[str, DynArray[str]]
    count: u32

    def __init__(self):
        self.users.append(User("ann", 1))
        self.users.append(User("bob", 2))
        self.tags["t"] = ["one"]

    def alias_demo(self):
        first = self.users[0]
        last = self.users[-1]
        before = first.name
        self.users[0].name = "ann2"
        self.users[0].points += 10
        self.users.append(User("cat", 3))
        return {"before": before, "first_now": [first.name, first.points],
                "last_still": last.name, "len": len(self.users)}

    def value_demo(self):
        n = self.count
        self.count = 5
        lst = self.tags["t"]
        self.tags["t"] = ["replaced", "twice"]
        return {"int_local": n, "int_now": self.count, "list_view": list(lst)}


def test_views_oracle():
    ch = Chain(Views)
    ch.deploy()
    assert ch.call(Views.alias_demo) == {"before": "ann", "first_now": ["ann2", 11],
                                         "last_still": "bob", "len": 3}
    assert ch.view(lambda c: [[u.name, u.points] for u in c.users]) == [
        ["ann2", 11], ["bob", 2], ["cat", 3]]
    assert ch.call(Views.value_demo) == {"int_local": 0, "int_now": 5,
                                         "list_view": ["replaced", "twice"]}


def test_element_views_are_tied_to_an_index():
    st = MemorySlotStore()
    arr = storage_view(DynArray[User], st, CONTRACT_SLOT)
    arr.extend([User("a", 1), User("b", 2)])
    second = arr[1]
    arr.insert(0, User("z", 0))
    assert second.name == "a"  # index 1 now holds what was at 0
    del arr[0]
    assert second.name == "b"
    arr.pop()
    assert second.name == "" and second.points == 0  # vacated slots read as defaults


@allow_storage
@dataclass
class Box:
    label: str
    sizes: DynArray[u8]


class Copies:
    items: DynArray[str]
    table: TreeMap[str, u32]
    box: Box

    def __init__(self):
        self.items.append("a")
        self.table["k"] = 1
        self.box.label = "stored"
        self.box.sizes.append(1)


def test_copy_to_memory_oracle():
    ch = Chain(Copies)
    ch.deploy()

    def copy_box(c):
        mem = copy_to_memory(c.box)
        mem.label = "changed in memory"
        mem.sizes.append(2)
        c.box.sizes.append(3)
        return {"storage": [c.box.label, list(c.box.sizes)], "memory": [mem.label, list(mem.sizes)]}

    assert ch.call(copy_box) == {"storage": ["stored", [1, 3]],
                                 "memory": ["changed in memory", [1, 2]]}
    assert ch.view(lambda c: [c.box.label, list(c.box.sizes)]) == ["stored", [1, 3]]
    e = raises(AssertionError, ch.view, lambda c: copy_to_memory(c.items))
    assert e.args == () and str(e) == ""

    def copy_table(c):
        mem = copy_to_memory(c.table)
        mem["zz"] = 9
        return [list(c.table), list(mem)]

    assert ch.view(copy_table) == [["k"], ["k", "zz"]]
    e = raises(AssertionError, ch.view, lambda c: copy_to_memory(c.table["k"]))
    assert e.args == ()
    raises(AssertionError, copy_to_memory, Box("plain", []))
    raises(AssertionError, copy_to_memory, [1, 2])

    def inmem(c):
        fresh = inmem_allocate(Box, "fresh", [5, 6])
        return [fresh.label, list(fresh.sizes)]

    assert ch.view(inmem) == ["fresh", [5, 6]]


def test_copy_to_memory_is_deep_and_detached():
    st = MemorySlotStore()
    m = storage_view(TreeMap[str, Box], st, CONTRACT_SLOT)
    m["a"] = Box("x", [1, 2])
    mem = copy_to_memory(m)
    assert storage_loc(mem)[0] is not st
    mem["a"].sizes.append(3)
    mem["b"] = Box("y", [])
    assert {k: list(v.sizes) for k, v in m.items()} == {"a": [1, 2]}
    assert {k: list(v.sizes) for k, v in mem.items()} == {"a": [1, 2, 3], "b": []}
    # deepcopy of a view is a detached copy as well
    dc = copy.deepcopy(m["a"])
    dc.label = "changed"
    assert m["a"].label == "x"
    da = copy.deepcopy(m["a"].sizes)
    da.append(9)
    assert list(m["a"].sizes) == [1, 2] and list(da) == [1, 2, 9]


def test_inmem_allocate():
    b = inmem_allocate(Box, label="kw", sizes=[7])
    assert isinstance(b, Box) and b == Box("kw", [7])
    arr = inmem_allocate(DynArray[str], ["a", "b"])
    arr.append("c")
    assert arr == ["a", "b", "c"]
    assert len(inmem_allocate(TreeMap[str, u8])) == 0
    raises(TypeError, inmem_allocate, DynArray[str], [], [])

    @allow_storage
    @dataclass
    class WithDefault:
        n: u8
        xs: DynArray[u8] = dataclasses.field(default_factory=list)

        def __post_init__(self):
            self.n += 1

    w = inmem_allocate(WithDefault, 4)
    assert w.n == 5 and list(w.xs) == []


@allow_storage
@dataclass
class Inner:
    a: u8
    words: DynArray[str]


@allow_storage
@dataclass
class Outer:
    title: str
    inner: Inner
    flags: TreeMap[str, bool]


def test_nested_records_and_assignment():
    st = MemorySlotStore()
    arr = storage_view(DynArray[Outer], st, CONTRACT_SLOT)
    arr.append(Outer("t", Inner(3, ["w"]), {"f": True}))
    o = arr[0]
    assert o.inner.a == 3 and list(o.inner.words) == ["w"] and dict(o.flags) == {"f": True}
    o.inner.words.append("v")
    o.inner = Inner(4, ["only"])
    assert o.inner == Inner(4, ["only"])
    arr.append(o)  # copy a view into another element
    o.inner.a = 9
    assert arr[1].inner.a == 4 and arr[0].inner.a == 9
    arr[0] = arr[0]  # self-assignment is a no-op
    assert arr[0].inner.words == ["only"]
    arr.insert(0, Outer("first", Inner(1, []), {}))
    assert [x.title for x in arr] == ["first", "t", "t"]
    assert [dict(x.flags) for x in arr] == [{}, {"f": True}, {"f": True}]
    del arr[0]
    assert arr[0] == Outer("t", Inner(9, ["only"]), {"f": True})
    assert arr[0].inner.a == 9 and arr[1].inner.a == 4
    arr.clear()
    assert st.contents() == {}


@allow_storage
class Node:
    value: u8
    children: DynArray["Node"]

    def method(self):  # gives the resolver the module globals (module not in sys.modules)
        pass


def test_recursive_record_through_container():
    st = MemorySlotStore()
    root = storage_view(Node, st, CONTRACT_SLOT)
    root.value = 1
    root.children.append(inmem_allocate(Node))
    root.children[0].value = 2
    root.children[0].children.append(inmem_allocate(Node))
    root.children[0].children[0].value = 3
    assert root.children[0].children[0].value == 3
    # assigning a nested part over its ancestor copies it out first
    root.children = root.children[0].children
    assert len(root.children) == 1 and root.children[0].value == 3
    assert len(root.children[0].children) == 0


def test_frozen_and_slotted_dataclasses():
    @allow_storage
    @dataclass(frozen=True)
    class Point:
        x: u8
        y: u8

    st = MemorySlotStore()
    m = storage_view(TreeMap[str, Point], st, CONTRACT_SLOT)
    m["p"] = Point(1, 2)
    assert m["p"] == Point(1, 2) and hash(m["p"]) == hash(Point(1, 2))
    raises(dataclasses.FrozenInstanceError, setattr, m["p"], "x", 5)
    p = inmem_allocate(Point, 3, 4)
    assert (p.x, p.y) == (3, 4)

    @allow_storage
    @dataclass(slots=True)
    class Slotted:
        a: u8
        b: str

    s = storage_view(Slotted, st, b"\x01" * 32)
    s.b = "hey"
    assert s == Slotted(0, "hey") and repr(s) == "test_frozen_and_slotted_dataclasses.<locals>.Slotted(a=0, b='hey')"


def test_plain_class_records():
    @allow_storage
    class Account:
        owner: str
        balance: u32

        def __init__(self, owner):
            self.owner = owner
            self.balance = 100

        def spend(self, n):
            self.balance -= n

    st = MemorySlotStore()
    m = storage_view(TreeMap[str, Account], st, CONTRACT_SLOT)
    acc = m.get_or_insert_default("me")
    Account.__init__(acc, "me")
    acc.spend(30)
    assert m["me"].balance == 70 and m["me"].owner == "me"
    raises(OverflowError, m["me"].spend, 71)
    assert m["me"].balance == 70


def test_dataclass_pseudo_fields_are_skipped():
    @allow_storage
    @dataclass
    class WithKwOnly:
        a: u8
        _: dataclasses.KW_ONLY
        b: str = ""
        scale: dataclasses.InitVar[u8] = 1

        def __post_init__(self, scale):
            self.a = self.a * scale

    assert [n for n, _, _ in layout_of(WithKwOnly).fields] == ["a", "b"]
    w = inmem_allocate(WithKwOnly, 3, b="x", scale=2)
    assert (w.a, w.b) == (6, "x")
