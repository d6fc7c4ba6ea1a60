"""Leaf storage types and layout validation, checked against sdk-conformance oracles
(``storage_primitives``, ``storage_unsigned``, ``storage_signed``, ``int_overflow``,
``storage_bigint_float``, ``storage_address_datetime``, ``invalid_*``)."""

import dataclasses
import datetime
import os
import sys
import typing

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_storage_support import Address, Chain, raises  # noqa: E402

from genlayer.py.storage import (  # noqa: E402
    CONTRACT_SLOT,
    Array,
    DynArray,
    MemorySlotStore,
    TreeMap,
    allow_storage,
    bind_storage_class,
    layout_of,
    storage_view,
)
from genlayer.py.types import (  # noqa: E402
    bigint,
    i8,
    i16,
    i32,
    i64,
    i128,
    i256,
    u8,
    u16,
    u24,
    u32,
    u64,
    u128,
    u160,
    u256,
)

INT_MSG = (
    "use `bigint` or one of sized integers please, "
    "see https://docs.genlayer.com/developers/intelligent-contracts/storage"
)


class Primitives:
    title: str
    blob: bytes
    flag: bool
    spare_str: str
    spare_bytes: bytes
    spare_bool: bool

    def __init__(self, title, blob):
        self.title = title
        self.blob = blob

    def read_all(self):
        return {
            "title": self.title,
            "blob": self.blob,
            "flag": self.flag,
            "untouched": [self.spare_str, self.spare_bytes, self.spare_bool],
        }

    def update(self, title, blob, flag):
        self.title = title
        self.blob = blob
        self.flag = flag


def test_primitives_oracle():
    ch = Chain(Primitives)
    ch.deploy("h\u00e9llo \U0001f30d", b"\x00\x01")
    assert ch.view(Primitives.read_all) == {
        "title": "h\u00e9llo \U0001f30d",
        "blob": b"\x00\x01",
        "flag": False,
        "untouched": ["", b"", False],
    }
    ch.call(Primitives.update, "", b"\xff" * 40, True)
    got = ch.view(Primitives.read_all)
    assert got == {"title": "", "blob": b"\xff" * 40, "flag": True, "untouched": ["", b"", False]}
    assert ch.view(lambda c: len(c.title)) == 0
    assert ch.view(lambda c: len(c.blob)) == 40
    e = raises(AttributeError, ch.call, Primitives.update, 123, b"", False)
    assert str(e) == "'int' object has no attribute 'encode'"
    assert ch.view(Primitives.read_all)["blob"] == b"\xff" * 40  # failed call not committed
    # the types read back are the plain ones
    assert type(ch.view(lambda c: c.blob)) is bytes
    ch.call(lambda c: setattr(c, "blob", bytearray(b"ab")))
    assert ch.view(lambda c: c.blob) == b"ab"


class Unsigned:
    f8: u8
    f16: u16
    f24: u24
    f32: u32
    f64: u64
    f128: u128
    f160: u160
    f256: u256

    def __init__(self):
        self.f8 = 255
        self.f256 = 2**256 - 1

    def get_all(self):
        return [self.f8, self.f16, self.f24, self.f32, self.f64, self.f128, self.f160, self.f256]

    def set_all(self, v):
        for name in ("f8", "f16", "f24", "f32", "f64", "f128", "f160", "f256"):
            setattr(self, name, v)


def test_unsigned_oracle():
    ch = Chain(Unsigned)
    ch.deploy()
    assert ch.view(Unsigned.get_all) == [255, 0, 0, 0, 0, 0, 0, 2**256 - 1]
    ch.call(Unsigned.set_all, 7)
    assert ch.view(Unsigned.get_all) == [7] * 8

    def set_maxima(c):
        for bits in (16, 24, 32, 64, 128, 160):
            setattr(c, f"f{bits}", 2**bits - 1)
        return c.get_all()

    assert ch.call(set_maxima) == [7, 65535, 16777215, 4294967295, 18446744073709551615,
                                   340282366920938463463374607431768211455,
                                   1461501637330902918203684832716283019655932542975, 7]
    e = raises(OverflowError, ch.call, Unsigned.set_all, 256)
    assert str(e) == "int too big to convert"
    e = raises(OverflowError, ch.call, Unsigned.set_all, -1)
    assert str(e) == "can't convert negative int to unsigned"
    assert ch.view(Unsigned.get_all)[1] == 65535


class Signed:
    s8: i8
    s16: i16
    s32: i32
    s64: i64
    s128: i128
    s256: i256

    def __init__(self):
        self.s8 = -1

    def get_all(self):
        return [self.s8, self.s16, self.s32, self.s64, self.s128, self.s256]


def test_signed_oracle():
    ch = Chain(Signed)
    ch.deploy()
    assert ch.view(Signed.get_all) == [-1, 0, 0, 0, 0, 0]
    bits = (8, 16, 32, 64, 128, 256)

    def set_all(c, f):
        for b in bits:
            setattr(c, f"s{b}", f(b))

    ch.call(set_all, lambda b: -(2 ** (b - 1)))
    assert ch.view(Signed.get_all) == [-(2 ** (b - 1)) for b in bits]
    ch.call(set_all, lambda b: 2 ** (b - 1) - 1)
    assert ch.view(Signed.get_all) == [2 ** (b - 1) - 1 for b in bits]
    for bad in (128, -129):
        e = raises(OverflowError, ch.call, lambda c: setattr(c, "s8", bad))
        assert str(e) == "int too big to convert"


class Overflow:
    small: u8
    tiny: i8
    wide: u256
    free: bigint

    def __init__(self):
        self.small = 250
        self.tiny = -120

    def bump(self, n):
        self.small += n
        return self.small

    def dip(self, n):
        self.tiny -= n
        return self.tiny


def test_int_overflow_oracle():
    ch = Chain(Overflow)
    ch.deploy()
    assert ch.call(Overflow.bump, 5) == 255
    assert str(raises(OverflowError, ch.call, Overflow.bump, 1)) == "int too big to convert"
    assert ch.call(Overflow.dip, 8) == -128
    assert str(raises(OverflowError, ch.call, Overflow.dip, 1)) == "int too big to convert"
    raises(OverflowError, ch.call, lambda c: setattr(c, "wide", 2**256))
    ch.call(lambda c: setattr(c, "wide", 2**256 - 1))
    assert ch.view(lambda c: c.wide) == 2**256 - 1
    huge = -(3**190)
    ch.call(lambda c: setattr(c, "free", huge))
    assert ch.view(lambda c: c.free) == huge
    # ints read back are plain copies
    assert type(ch.view(lambda c: c.small)) is int
    assert u8(200) + u8(200) == 400  # no range check outside storage


def test_bigint_edges():
    st = MemorySlotStore()
    for v in (0, 1, -1, 127, 128, -128, -129, 255, 256, 2**64, -(2**64), 10**100, -(10**100)):
        layout_of(bigint).set(st, CONTRACT_SLOT, 0, v)
        assert layout_of(bigint).get(st, CONTRACT_SLOT, 0) == v
    layout_of(bigint).set(st, CONTRACT_SLOT, 0, 0)
    assert st.contents() == {}
    raises(AttributeError, layout_of(bigint).set, st, CONTRACT_SLOT, 0, "1")


class Numbers:
    huge: bigint
    ratio: float
    unset_ratio: float


def test_bigint_float_oracle():
    ch = Chain(Numbers)
    n = -1606938044258990275541962092341162602522202993782792835301383

    def deploy(c):
        c.huge = n
        c.ratio = 1 / 3

    ch.call(deploy)
    assert ch.view(lambda c: (c.huge, -c.huge)) == (n, -n)
    assert ch.view(lambda c: (repr(c.ratio), c.ratio.hex(), int(c.ratio * 1000))) == (
        "0.3333333333333333", "0x1.5555555555555p-2", 333)
    assert ch.view(lambda c: repr(c.unset_ratio)) == "0.0"

    def set_text(c, t):
        c.ratio = float(t)
        return repr(c.ratio)

    assert ch.call(set_text, "-0.0") == "-0.0"
    assert ch.call(set_text, "2.5e-3") == "0.0025"
    assert ch.view(lambda c: c.ratio.hex()) == "0x1.47ae147ae147bp-9"

    def double(c):
        c.huge = c.huge * 2
        return c.huge

    assert ch.call(double) == -3213876088517980551083924184682325205044405987565585670602766
    ch.call(lambda c: setattr(c, "ratio", float("inf")))
    assert ch.view(lambda c: c.ratio) == float("inf")


class AddrTime:
    owner: Address
    other: Address
    stamp: datetime.datetime
    never_set: datetime.datetime

    def info(self):
        return {
            "other": self.other,
            "stamp": self.stamp.isoformat(),
            "stamp_epoch": int(self.stamp.timestamp()),
            "never_set": self.never_set.isoformat(),
        }


def test_address_datetime_oracle():
    ch = Chain(AddrTime)
    sender = Address(b"\x5e" * 20)
    other = Address(bytes.fromhex("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"))

    def deploy(c):
        c.owner = sender
        c.other = other
        c.stamp = datetime.datetime.fromisoformat("2024-02-29T12:34:56.789012+05:30")

    ch.call(deploy)
    assert ch.view(lambda c: c.owner) == sender
    assert isinstance(ch.view(lambda c: c.owner), Address)
    info = ch.view(AddrTime.info)
    assert info == {
        "other": other,
        "stamp": "2024-02-29T12:34:56.789012+05:30",
        "stamp_epoch": 1709190296,
        "never_set": "1970-01-01T00:00:00",
    }
    assert ch.view(lambda c: c.never_set.tzinfo) is None
    assert ch.view(lambda c: Address(b"\0" * 20) == c.never_set or c.owner) == sender

    def set_stamp(c, iso):
        c.stamp = datetime.datetime.fromisoformat(iso)
        return c.stamp.isoformat()

    assert ch.call(set_stamp, "1999-12-31T23:59:59") == "1999-12-31T23:59:59"
    assert ch.view(lambda c: c.stamp.tzinfo) is None  # naive stays naive
    assert ch.view(lambda c: c.stamp.replace(tzinfo=datetime.timezone.utc).timestamp()) == 946684799
    for iso in ("1969-07-20T20:17:40.5-04:00", "2100-01-01T00:00:00+00:00",
                "0001-01-01T00:00:00", "9999-12-31T23:59:59.999999+14:00",
                "2024-01-01T00:00:00.000001-00:30"):
        got = ch.call(set_stamp, iso)
        assert got == datetime.datetime.fromisoformat(iso).isoformat(), (iso, got)
    raises(AttributeError, ch.call, lambda c: setattr(c, "other", "0x" + "00" * 20))


def test_none_and_leaf_sizes():
    sizes = {str: 4, bytes: 4, bigint: 4, bool: 1, type(None): 0, float: 8, Address: 20,
             datetime.datetime: 21, u8: 1, u24: 3, u160: 20, i256: 32}
    for tp, size in sizes.items():
        assert layout_of(tp).size == size, tp
    assert layout_of(None).get(MemorySlotStore(), CONTRACT_SLOT, 0) is None


# -- validation (oracle: invalid_*.expected.json) ---------------------------------------------


class PlainInt:
    count: int


class PlainList:
    items: list[str]


class PlainDict:
    table: dict[str, u32]


@dataclasses.dataclass
class Plain:
    x: u8


class Unmarked:
    p: Plain


def test_invalid_int_field():
    e = raises(TypeError, layout_of, PlainInt)
    assert e.args == (INT_MSG,)
    assert e.__notes__[:2] == ["during processing type `int`",
                               "during generating field `count: <class 'int'>`"]
    assert e.__notes__[2].startswith("during processing type `PlainInt`")
    raises(TypeError, bind_storage_class, PlainInt)
    raises(TypeError, layout_of, PlainInt)  # not cached as valid


def test_invalid_list_and_dict_fields():
    e = raises(AssertionError, layout_of, PlainList)
    assert e.args == ("use DynArray",)
    assert e.__notes__[:2] == ["during processing type `list[str]`",
                               "during generating field `items: list[str]`"]
    e = raises(AssertionError, layout_of, PlainDict)
    assert e.args == ("use TreeMap",)
    assert e.__notes__[:2] == ["during processing type `dict[str, genlayer.py.types.u32]`",
                               "during generating field `table: dict[str, genlayer.py.types.u32]`"]
    assert raises(AssertionError, layout_of, DynArray[list]).args == ("use DynArray",)
    assert raises(AssertionError, layout_of, TreeMap[str, dict]).args == ("use TreeMap",)
    assert raises(AssertionError, layout_of, typing.List[u8]).args == ("use DynArray",)
    assert raises(TypeError, layout_of, DynArray[int]).args == (INT_MSG,)


def test_invalid_unmarked_class():
    e = raises(TypeError, layout_of, Unmarked)
    assert e.args == (
        "class is not marked for usage within storage, please, annotate it with @allow_storage",
        Plain,
    )
    assert str(e) == repr(e.args)
    assert e.__notes__[0].startswith("during processing type `Plain`")
    assert e.__notes__[1] == f"during generating field `p: {Plain}`"
    if hasattr(Plain, "__firstlineno__"):  # Python >= 3.13: where the class was declared
        assert "(declared at {'file': " in e.__notes__[0]
        assert f"'line': {Plain.__firstlineno__ - 1}}})" in e.__notes__[0]
    # nested inside containers too
    raises(TypeError, layout_of, DynArray[Plain])
    raises(TypeError, layout_of, TreeMap[str, Plain])
    allow_storage(Plain)
    assert layout_of(Unmarked).size == 1


def test_invalid_unparameterised_and_unsupported():
    for tp in (DynArray, TreeMap, Array):
        raises(TypeError, layout_of, tp)
    raises(TypeError, layout_of, typing.Optional[u8])
    raises(TypeError, layout_of, Array[u8, typing.Literal["x"]])
    raises(TypeError, layout_of, TreeMap[DynArray[str], u8])  # keys must be plain values
    raises(TypeError, layout_of, Loop)


@allow_storage
class Loop:
    me: "Loop"

    def method(self):  # gives the resolver the module globals (module not in sys.modules)
        pass


@allow_storage
class Early:
    later: "Later"
    tagged: typing.Annotated[u16, "meta"]
    skip: typing.ClassVar[int] = 3

    def method(self):
        pass


@allow_storage
class Later:
    v: u8


def test_lazy_forward_references_and_annotated():
    d = layout_of(Early)
    assert [(n, off) for n, _, off in d.fields] == [("later", 0), ("tagged", 1)]
    assert d.size == 3


def test_int_to_bytes_errors_on_wrong_types():
    st = MemorySlotStore()
    raises(AttributeError, layout_of(u8).set, st, CONTRACT_SLOT, 0, "5")
    raises(AttributeError, layout_of(u8).set, st, CONTRACT_SLOT, 0, 1.0)
    layout_of(u8).set(st, CONTRACT_SLOT, 0, True)
    assert layout_of(u8).get(st, CONTRACT_SLOT, 0) == 1


def test_bound_class_without_storage_gets_memory():
    class Counter:
        n: u32
        names: DynArray[str]

        def __init__(self):
            self.n = 1
            self.names.append("a")

    bind_storage_class(Counter)
    c = Counter()
    c.n += 1
    assert c.n == 2 and list(c.names) == ["a"]
    st = MemorySlotStore()
    v = storage_view(Counter, st, CONTRACT_SLOT)
    assert type(v) is Counter and v.n == 0


class EarlyContract:
    items: "DynArray[LaterItem]"
    count: u8

    def method(self):  # gives the resolver the module globals (module not in sys.modules)
        pass


bind_storage_class(EarlyContract)  # LaterItem is not defined yet: binding is deferred


@allow_storage
@dataclasses.dataclass
class LaterItem:
    name: str


class NeverDefined:
    x: "MissingName"

    def method(self):
        pass


bind_storage_class(NeverDefined)


def test_deferred_binding_of_forward_references():
    assert "count" not in EarlyContract.__dict__  # not bound yet
    c = storage_view(EarlyContract, MemorySlotStore(), CONTRACT_SLOT)
    assert type(c) is EarlyContract  # bound on first use, no generated subclass
    c.items.append(LaterItem("a"))
    c.count = 2
    assert c.items[0] == LaterItem("a") and c.count == 2
    assert isinstance(EarlyContract.__dict__["count"], object)
    e = raises(NameError, storage_view, NeverDefined, MemorySlotStore(), CONTRACT_SLOT)
    assert "MissingName" in str(e)
    raises(NameError, layout_of, NeverDefined)
