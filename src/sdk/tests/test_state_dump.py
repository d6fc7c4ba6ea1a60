"""The playground's ``#state`` special method: storage fields decoded for the state inspector."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import Deployed  # noqa: E402

from genlayer._state_dump import ITEM_LIMIT  # noqa: E402
from genlayer.py.types import Address  # noqa: E402

CODE = '''# { "Depends": "py-genlayer:test" }
from genlayer import *
from dataclasses import dataclass
import datetime
import typing

@allow_storage
@dataclass
class Bid:
    who: Address
    amount: u256
    note: str

class Auction(gl.Contract):
    title: str
    open: bool
    count: u64
    price: float
    started: datetime.datetime
    bids: DynArray[Bid]
    by_name: TreeMap[str, u32]
    by_addr: TreeMap[Address, str]
    grid: Array[u8, typing.Literal[3]]
    many: DynArray[u32]
    nested: TreeMap[str, DynArray[str]]

    def __init__(self):
        self.title = "lamp"
        self.open = True
        self.count = 2
        self.price = 1.5
        self.started = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
        self.bids.append(Bid(Address("0x" + "11" * 20), 7, "first"))
        self.by_name["zed"] = 1
        self.by_name["amy"] = 2
        self.by_addr[Address("0x" + "22" * 20)] = "two"
        self.grid[1] = 9
        for i in range(150):
            self.many.append(i)
        self.nested["a"] = ["x", "y"]

    @gl.public.view
    def get(self) -> str:
        return self.title
'''


def _deployed():
    d = Deployed(CODE)
    r = d.deploy()
    assert r.kind == "return", r
    return d


def test_state_lists_every_field_decoded():
    pairs = _deployed().view("#state").value
    state = dict(pairs)
    assert [name for name, _ in pairs] == ["title", "open", "count", "price", "started", "bids", "by_name", "by_addr", "grid", "many", "nested"]
    assert state["title"] == "lamp"
    assert state["open"] is True
    assert state["count"] == 2
    assert state["price"] == "1.5"
    assert state["started"] == "2024-01-02T03:04:05+00:00"
    assert state["bids"] == [{"who": Address("0x" + "11" * 20), "amount": 7, "note": "first"}]
    assert list(state["by_name"].items()) == [("amy", 2), ("zed", 1)]
    assert state["by_addr"] == {Address("0x" + "22" * 20).as_hex: "two"}
    assert state["grid"] == [0, 9, 0]
    assert state["nested"] == {"a": ["x", "y"]}


def test_long_containers_are_cut_with_a_marker():
    many = dict(_deployed().view("#state").value)["many"]
    assert len(many) == ITEM_LIMIT + 1
    assert many[:3] == [0, 1, 2]
    assert many[-1] == f"… {150 - ITEM_LIMIT} more"


def test_state_of_a_contract_without_fields_is_empty():
    d = Deployed('# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\nclass E(gl.Contract):\n    def __init__(self):\n        pass\n')
    assert d.deploy().kind == "return"
    assert d.view("#state").value == []
