"""DynArray, Array and TreeMap (oracles: storage_dynarray, storage_fixed_array, storage_treemap,
storage_nested)."""

import collections.abc
import os
import random
import sys
import time
import typing
from typing import Literal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_storage_support import Address, Chain, raises  # noqa: E402

from genlayer.py.storage import (  # noqa: E402
    CONTRACT_SLOT,
    Array,
    DynArray,
    MemorySlotStore,
    TreeMap,
    inmem_allocate,
    storage_view,
)
from genlayer.py.types import bigint, i64, u8, u16, u32, u64  # noqa: E402


def _view(tp):
    return storage_view(tp, MemorySlotStore(), CONTRACT_SLOT)


def test_generic_aliases_and_abcs():
    assert typing.get_origin(DynArray[str]) is DynArray
    assert typing.get_args(DynArray[str]) == (str,)
    assert typing.get_origin(Array[u16, Literal[4]]) is Array
    assert typing.get_args(TreeMap[str, u32]) == (str, u32)
    assert typing.get_origin(TreeMap[str, u32]) is TreeMap
    assert isinstance(_view(DynArray[str]), collections.abc.MutableSequence)
    assert isinstance(_view(Array[u8, Literal[2]]), collections.abc.Sequence)
    assert isinstance(_view(TreeMap[str, u8]), collections.abc.MutableMapping)
    raises(TypeError, DynArray)
    raises(TypeError, TreeMap)


class Lists:
    words: DynArray[str]
    nums: DynArray[i64]

    def __init__(self, initial):
        self.words.extend(initial)


def test_dynarray_oracle():
    ch = Chain(Lists)
    ch.deploy(["x", "y", "z"])

    def push(c, w):
        c.words.append(w)
        return len(c.words)

    assert ch.call(push, "w") == 4
    assert ch.call(lambda c: c.words.pop()) is None  # the real SDK returns None
    ch.call(lambda c: c.words.__setitem__(-1, "last"))
    ch.call(lambda c: c.words.insert(0, "first"))

    def snapshot(c):
        return {"words": list(c.words), "last": c.words[-1], "slice": c.words[1:3],
                "reversed": c.words[::-1], "raw": c.words}

    snap = ch.view(snapshot)
    assert snap["words"] == ["first", "x", "y", "last"]
    assert snap["last"] == "last" and snap["slice"] == ["x", "y"]
    assert snap["reversed"] == ["last", "y", "x", "first"]
    assert type(snap["slice"]) is list and type(snap["reversed"]) is list
    assert snap["raw"] == ["first", "x", "y", "last"]
    e = raises(IndexError, ch.view, lambda c: c.words[10])
    assert str(e) == "index out of range 10 not in 0..<4"

    def replace_all(c, ws):
        c.words = ws
        return len(c.words)

    assert ch.call(replace_all, ["p", "q"]) == 2

    def countdown(c, n):
        c.nums.clear()
        for i in range(n):
            c.nums.append(-i)
        del c.nums[0]
        return list(c.nums)

    assert ch.call(countdown, 4) == [-1, -2, -3]
    assert ch.view(lambda c: c.words[-2]) == "p"
    assert ch.view(lambda c: list(c.words)) == ["p", "q"]


def test_dynarray_index_errors():
    a = _view(DynArray[u8])
    a.extend([1, 2, 3, 4])
    for i, shown in ((4, 4), (-5, -1), (-100, -96), (100, 100)):
        assert str(raises(IndexError, a.__getitem__, i)) == f"index out of range {shown} not in 0..<4"
        assert str(raises(IndexError, a.__setitem__, i, 0)) == f"index out of range {shown} not in 0..<4"
        assert str(raises(IndexError, a.__delitem__, i)) == f"index out of range {shown} not in 0..<4"
    assert str(raises(IndexError, _view(DynArray[u8]).pop)) == "index out of range -1 not in 0..<0"
    raises(TypeError, a.__getitem__, "0")


def test_dynarray_api():
    a = _view(DynArray[u16])
    assert len(a) == 0 and list(a) == [] and a == []
    a.append(5)
    a.extend(range(3))
    assert a == [5, 0, 1, 2]
    a.insert(1, 9)
    a.insert(-1, 8)
    a.insert(100, 7)
    a.insert(-100, 6)
    assert a == [6, 5, 9, 0, 1, 8, 2, 7]
    a[2:4] = [40, 41, 42]
    assert a == [6, 5, 40, 41, 42, 1, 8, 2, 7]
    a[1:6] = []
    assert a == [6, 8, 2, 7]
    a[::2] = [1, 3]
    assert a == [1, 8, 3, 7]
    raises(ValueError, a.__setitem__, slice(None, None, 2), [1])
    del a[::2]
    assert a == [8, 7]
    a += [1, 2]
    assert a == [8, 7, 1, 2]
    a.pop(0)
    assert a.pop() is None and a == [7, 1]
    assert 7 in a and 3 not in a
    assert a.index(1) == 1 and a.count(7) == 1
    a.remove(7)
    assert a == [1]
    a.extend([5, 3, 4])
    a.sort()
    assert a == [1, 3, 4, 5]
    a.sort(reverse=True)
    assert a == [5, 4, 3, 1]
    a.reverse()
    assert a == [1, 3, 4, 5]
    assert list(reversed(a)) == [5, 4, 3, 1]
    a.extend(a)  # extending with itself
    assert a == [1, 3, 4, 5, 1, 3, 4, 5]
    raises(OverflowError, a.append, 70000)
    raises(OverflowError, a.insert, 0, -1)
    assert a == [1, 3, 4, 5, 1, 3, 4, 5]  # failed writes left no trace
    a.clear()
    assert a == [] and len(a) == 0
    raises(TypeError, a.extend, "abc")
    assert a != [1] and a != "x"
    assert repr(_view(DynArray[str])) == "DynArray([])"


def test_dynarray_of_strings_moves():
    a = _view(DynArray[str])
    a.extend(["a", "bb", "ccc", "dddd"])
    a.insert(0, "z" * 50)
    del a[2]
    assert a == ["z" * 50, "a", "ccc", "dddd"]
    a[1:3] = ["1", "2", "3", "4"]
    assert a == ["z" * 50, "1", "2", "3", "4", "dddd"]
    a.sort()
    assert a == ["1", "2", "3", "4", "dddd", "z" * 50]
    e = raises(AttributeError, a.append, 5)
    assert str(e) == "'int' object has no attribute 'encode'"
    e = raises(AttributeError, a.insert, 0, 5)
    assert a == ["1", "2", "3", "4", "dddd", "z" * 50]


class Fixed:
    slots: Array[u16, Literal[4]]
    labels: Array[str, Literal[2]]

    def __init__(self):
        self.slots[0] = 10
        self.slots[3] = 40


def test_fixed_array_oracle():
    ch = Chain(Fixed)
    ch.deploy()

    def read(c):
        return {"slots": list(c.slots), "len": len(c.slots), "labels": list(c.labels),
                "raw": c.slots}

    assert ch.view(read) == {"slots": [10, 0, 0, 40], "len": 4, "labels": ["", ""],
                             "raw": [10, 0, 0, 40]}

    def put(c, i, v):
        c.slots[i] = v
        return list(c.slots)

    assert ch.call(put, -1, 65535) == [10, 0, 0, 65535]
    e = raises(IndexError, ch.call, put, 4, 1)
    assert str(e) == "index out of range 4 not in 0..<4"
    ch.call(lambda c: c.labels.__setitem__(1, "second"))
    assert ch.view(read)["labels"] == ["", "second"]
    e = raises(IndexError, ch.view, lambda c: c.slots[-5])
    assert str(e) == "index out of range -1 not in 0..<4"
    raises(OverflowError, ch.call, put, 0, 65536)


def test_fixed_array_api():
    a = _view(Array[str, Literal[3]])
    assert len(a) == 3 and a == ["", "", ""]
    a[0:2] = ["x", "y"]
    assert a[:] == ["x", "y", ""] and a[-1] == ""
    raises(ValueError, a.__setitem__, slice(0, 2), ["only one"])
    assert not hasattr(a, "append")
    grid = _view(Array[Array[u8, Literal[2]], Literal[2]])
    grid[1][0] = 7
    assert grid == [[0, 0], [7, 0]]
    grid[0] = [1, 2]
    assert grid == [[1, 2], [7, 0]]
    raises(ValueError, grid.__setitem__, 0, [1, 2, 3])
    inner = _view(DynArray[Array[str, Literal[2]]])
    inner.append(["a", "b"])
    inner.insert(0, ["c", "d"])
    assert inner == [["c", "d"], ["a", "b"]]
    assert inmem_allocate(Array[u8, Literal[2]], [3, 4]) == [3, 4]


class Registry:
    scores: TreeMap[str, u32]
    names: TreeMap[Address, str]


def test_treemap_oracle():
    ch = Chain(Registry)

    def put_many(c, entries):
        for k, v in entries.items():
            c.scores[k] = v
        return len(c.scores)

    entries = {"b": 2, "a": 1, "\u00e9": 3, "\U00010000": 4, "\uffff": 5, "B": 6, "": 7}
    assert ch.call(put_many, entries) == 7
    assert ch.view(lambda c: list(c.scores)) == ["", "B", "a", "b", "\u00e9", "\uffff", "\U00010000"]

    def remove(c, k):
        if k in c.scores:
            del c.scores[k]
            return True
        return False

    assert ch.call(remove, "a") is True
    assert ch.call(remove, "nope") is False
    assert ch.view(lambda c: list(c.scores.items())) == [
        ("", 7), ("B", 6), ("b", 2), ("\u00e9", 3), ("\uffff", 5), ("\U00010000", 4)]
    e = raises(KeyError, ch.view, lambda c: c.scores["zzz"])
    assert e.args == () and str(e) == ""
    assert ch.view(lambda c: c.scores.get("zzz")) is None
    me = Address(b"\x5e" * 20)
    ch.call(lambda c: c.names.__setitem__(me, "me"))
    assert ch.view(lambda c: dict(c.names)) == {me: "me"}
    assert ch.view(lambda c: list(c.names)[0]) == me
    raises(KeyError, ch.call, remove_missing := (lambda c: c.scores.__delitem__("zzz")))
    assert remove_missing


def test_treemap_api():
    m = _view(TreeMap[str, u8])
    assert len(m) == 0 and dict(m) == {} and m == {}
    m["b"] = 2
    m["a"] = 1
    m["c"] = 3
    assert m == {"a": 1, "b": 2, "c": 3}
    assert list(m.keys()) == ["a", "b", "c"]
    assert list(m.values()) == [1, 2, 3]
    assert list(m.items()) == [("a", 1), ("b", 2), ("c", 3)]
    assert ("a", 1) in m.items() and 2 in m.values()
    m["b"] = 20
    assert m["b"] == 20 and len(m) == 3
    assert m.get("x", 5) == 5
    assert m.get_or_insert_default("x") == 0 and len(m) == 4
    assert m.pop("x") == 0 and "x" not in m
    assert m.setdefault("d", 4) == 4
    m.update({"e": 5})
    del m["a"]
    assert list(m) == ["b", "c", "d", "e"]
    raises(OverflowError, m.__setitem__, "new", 256)
    assert "new" not in m and len(m) == 4  # the failed insert left nothing behind
    m.clear()
    assert len(m) == 0 and list(m) == []
    m["k"] = 1
    raises(TypeError, m.__getitem__, 1)  # '<' between str and int
    ints = _view(TreeMap[bigint, str])
    for k in (5, -3, 10**30, 0, -(10**30)):
        ints[k] = str(k)
    assert list(ints) == [-(10**30), -3, 0, 5, 10**30]
    assert repr(_view(TreeMap[str, u8])) == "TreeMap({})"


def test_treemap_assignment_and_copy():
    class Holder:
        a: TreeMap[str, u8]
        b: TreeMap[str, u8]

    ch = Chain(Holder)
    ch.call(lambda c: setattr(c, "a", {"z": 1, "y": 2}))
    assert ch.view(lambda c: list(c.a.items())) == [("y", 2), ("z", 1)]
    ch.call(lambda c: setattr(c, "b", c.a))
    ch.call(lambda c: c.a.__setitem__("x", 3))
    assert ch.view(lambda c: (dict(c.a), dict(c.b))) == ({"x": 3, "y": 2, "z": 1}, {"y": 2, "z": 1})
    ch.call(lambda c: setattr(c, "a", c.a))  # self-assignment is a no-op
    assert ch.view(lambda c: len(c.a)) == 3
    ch.call(lambda c: setattr(c, "a", {}))
    assert ch.view(lambda c: len(c.a)) == 0
    raises(TypeError, ch.call, lambda c: setattr(c, "a", [("k", 1)]))


def test_treemap_10000_keys():
    m = _view(TreeMap[str, u32])
    rng = random.Random(7)
    keys = [f"k{rng.randrange(10**9):09d}" for _ in range(10_000)]
    t0 = time.perf_counter()
    for i, k in enumerate(keys):
        m[k] = i
    t_insert = time.perf_counter() - t0
    expect = {k: i for i, k in enumerate(keys)}
    assert len(m) == len(expect)
    assert list(m) == sorted(expect)
    assert all(m[k] == v for k, v in list(expect.items())[:500])
    t0 = time.perf_counter()
    gone = sorted(expect)[::3]
    for k in gone:
        del m[k]
        del expect[k]
    t_delete = time.perf_counter() - t0
    assert list(m.items()) == sorted(expect.items())
    assert t_insert < 20 and t_delete < 20, (t_insert, t_delete)


def test_treemap_delete_randomised():
    m = _view(TreeMap[u16, DynArray[str]])
    ref: dict = {}
    rng = random.Random(1)
    for step in range(600):
        k = rng.randrange(80)
        op = rng.random()
        if op < 0.5:
            m[k] = [str(step)] * (step % 3)
            ref[k] = [str(step)] * (step % 3)
        elif op < 0.7:
            m.get_or_insert_default(k).append("g")
            ref.setdefault(k, []).append("g")
        elif k in ref:
            del m[k]
            del ref[k]
        else:
            raises(KeyError, m.__delitem__, k)
    assert list(m) == sorted(ref)
    assert {k: list(v) for k, v in m.items()} == ref
    m.clear()
    assert m.__class__ is TreeMap and len(m) == 0


class Nested:
    groups: TreeMap[str, DynArray[u64]]
    grid: TreeMap[str, TreeMap[str, bool]]
    buckets: DynArray[DynArray[str]]


def test_nested_oracle():
    ch = Chain(Nested)

    def add_to(c, g, v):
        arr = c.groups.get_or_insert_default(g)
        arr.append(v)
        return len(arr)

    assert ch.call(add_to, "odd", 1) == 1
    assert ch.call(add_to, "odd", 3) == 2
    assert ch.call(add_to, "even", 2) == 1
    ch.call(lambda c: c.grid.get_or_insert_default("r1").__setitem__("c2", True))
    ch.call(lambda c: c.grid.get_or_insert_default("r1").__setitem__("c1", True))

    def new_bucket(c, words):
        c.buckets.append(words)
        return len(c.buckets)

    assert ch.call(new_bucket, ["a", "b"]) == 1

    def dump(c):
        return {"groups": {k: list(v) for k, v in c.groups.items()},
                "grid": {r: list(cols) for r, cols in c.grid.items()},
                "buckets": [list(b) for b in c.buckets]}

    assert ch.view(dump) == {"groups": {"even": [2], "odd": [1, 3]},
                             "grid": {"r1": ["c1", "c2"]}, "buckets": [["a", "b"]]}
    raw = ch.view(lambda c: {"groups": c.groups, "grid": c.grid, "buckets": c.buckets})
    assert raw["groups"] == {"even": [2], "odd": [1, 3]}
    assert raw["grid"] == {"r1": {"c1": True, "c2": True}}
    assert raw["buckets"] == [["a", "b"]]
    assert list(raw["grid"]["r1"].items()) == [("c1", True), ("c2", True)]


def test_nested_dynarrays_shift():
    b = _view(DynArray[DynArray[str]])
    b.append(["a", "b"])
    b.append(["c"])
    b.insert(0, ["z", "y", "x"])
    assert b == [["z", "y", "x"], ["a", "b"], ["c"]]
    del b[0]
    assert b == [["a", "b"], ["c"]]
    b[0] = b[1]
    assert b == [["c"], ["c"]]
    b[1].append("d")
    assert b == [["c"], ["c", "d"]]
    b.reverse()
    assert b == [["c", "d"], ["c"]]
    b.sort(key=len)
    assert b == [["c"], ["c", "d"]]
    b[0:1] = [["1"], ["2"], ["3"]]
    assert b == [["1"], ["2"], ["3"], ["c", "d"]]
    b.clear()
    assert b == []


def test_treemap_index_cache_stays_valid():
    st = MemorySlotStore()
    m1 = storage_view(TreeMap[str, u8], st, CONTRACT_SLOT)
    m2 = storage_view(TreeMap[str, u8], st, CONTRACT_SLOT)
    for i in range(200):
        m1[f"{i:03d}"] = i % 256
    for i in range(0, 200, 2):
        del m2[f"{i:03d}"]
    assert list(m1) == [f"{i:03d}" for i in range(1, 200, 2)]
    assert "004" not in m1 and m1["005"] == 5
    # a raw write to the key slot invalidates the cached index
    first = m1._ids(1)[0]  # entry id of the smallest key
    st.write(m1._ks, first * 4, b"\x00\x00\x00\x00")  # its key becomes "" (still sorted)
    assert list(m1)[0] == "" and m1.get("") == 1 and "001" not in m1
    # restore() drops caches
    st2 = MemorySlotStore()
    m = storage_view(TreeMap[str, u8], st2, CONTRACT_SLOT)
    m.update({"a": 1, "b": 2})
    snap = st2.snapshot()
    m["c"] = 3
    del m["a"]
    st2.restore(snap)
    assert dict(m) == {"a": 1, "b": 2} and "c" not in m and m["a"] == 1
    # forks keep their own cache; commit reaches the parent
    child = st2.fork()
    mc = storage_view(TreeMap[str, u8], child, CONTRACT_SLOT)
    mc["z"] = 26
    del mc["a"]
    assert "z" not in m and "a" in m and list(mc) == ["b", "z"]
    child.commit()
    assert list(m) == ["b", "z"] and m["z"] == 26


def test_treemap_cache_with_moved_maps():
    st = MemorySlotStore()
    arr = storage_view(DynArray[TreeMap[str, u8]], st, CONTRACT_SLOT)
    arr.append({f"a{i}": i for i in range(100)})
    arr.append({f"b{i}": i for i in range(50)})
    for _ in range(3):  # warm the caches
        assert arr[0]["a7"] == 7 and arr[1]["b7"] == 7
    arr.insert(0, {"c": 1})
    assert list(arr[0]) == ["c"] and "a7" not in arr[0]
    assert arr[1]["a7"] == 7 and "b7" not in arr[1]
    assert arr[2]["b7"] == 7 and len(arr[2]) == 50
    del arr[0]
    assert arr[0]["a9"] == 9 and arr[1]["b9"] == 9 and len(arr) == 2
    arr[1]["b9"] = 99
    arr[0] = arr[1]
    assert dict(arr[0]) == dict(arr[1]) and arr[0]["b9"] == 99 and "a9" not in arr[0]


class _FakeDetDatetime(__import__("datetime").datetime):
    """Stands for the runner's deterministic ``datetime.datetime`` replacement."""


def test_datetime_subclass_annotation():
    import datetime

    st = MemorySlotStore()
    arr = storage_view(DynArray[_FakeDetDatetime], st, CONTRACT_SLOT)
    arr.append(datetime.datetime(2020, 5, 17, 1, 2, 3, tzinfo=datetime.timezone.utc))
    assert arr[0].isoformat() == "2020-05-17T01:02:03+00:00"
    assert isinstance(arr[0], datetime.datetime)


def test_treemap_pop_detaches_container_values():
    m = _view(TreeMap[str, DynArray[str]])
    m["a"] = ["x", "y"]
    m["b"] = ["z"]
    got = m.pop("a")
    assert got == ["x", "y"] and list(m) == ["b"]
    assert m.pop("a", None) is None
    e = raises(KeyError, m.pop, "a")
    assert str(e) == ""
    assert m.popitem() == ("b", ["z"]) and len(m) == 0
    raises(KeyError, m.popitem)


def test_augmented_assignment_on_fields():
    class Holder:
        words: DynArray[str]
        n: u8

    ch = Chain(Holder)

    def grow(c):
        c.words += ["a"]
        c.words += ("b", "c")
        c.n += 3
        return list(c.words), c.n

    assert ch.call(grow) == (["a", "b", "c"], 3)
    assert ch.call(grow) == (["a", "b", "c", "a", "b", "c"], 6)
