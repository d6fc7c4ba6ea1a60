"""Contract-to-contract features: nested view calls, messages, deploys, events, EVM, balances."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import CONTRACT, SENDER, Deployed, FakeHost, run  # noqa: E402

from genlayer.py import calldata  # noqa: E402
from genlayer.py.keccak import keccak256  # noqa: E402
from genlayer.py.types import Address  # noqa: E402

HEADER = '# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\n'

CALLEE = HEADER + '''
class Store(gl.Contract):
    value: str
    names: DynArray[str]

    def __init__(self, v: str):
        self.value = v
        self.names.append("first")

    @gl.public.view
    def get(self) -> str:
        return self.value

    @gl.public.view
    def who(self) -> dict:
        return {
            "sender": gl.message.sender_address,
            "origin": gl.message.origin_address,
            "contract": gl.message.contract_address,
            "self": self.address,
            "stack": gl.message_raw["stack"],
            "balance": self.balance,
        }

    @gl.public.view
    def names_view(self):
        return self.names

    @gl.public.write
    def set(self, v: str) -> None:
        self.value = v

    @gl.public.view
    def fail(self) -> None:
        raise gl.vm.UserError("callee says no")

    @gl.public.view
    def crash(self) -> None:
        raise KeyError("x")
'''

CALLEE_ADDR = Address(bytes([0xAA]) * 20)

CALLER = HEADER + '''
@gl.contract_interface
class IStore:
    class View:
        def get(self) -> str: ...
    class Write:
        def set(self, v: str) -> None: ...

class Caller(gl.Contract):
    seen: str

    def __init__(self):
        pass

    @gl.public.write
    def read(self, addr: Address) -> list:
        other = gl.get_contract_at(addr)
        v = other.view().get()
        who = other.view().who()
        after = {"sender": gl.message.sender_address, "contract": gl.message.contract_address}
        self.seen = v
        return [v, who, after, IStore(addr).view().get(), other.view().names_view()]

    @gl.public.write
    def try_write(self, addr: Address) -> str:
        gl.get_contract_at(addr).view().set("hacked")
        return "wrote"

    @gl.public.write
    def errors(self, addr: Address) -> list:
        out = []
        for m in ("fail", "crash"):
            try:
                getattr(gl.get_contract_at(addr).view(), m)()
            except gl.vm.UserError as e:
                out.append(e.message)
        try:
            gl.get_contract_at(Address(bytes(20))).view().get()
        except gl.vm.UserError as e:
            out.append(e.message)
        return out

    @gl.public.write
    def call_in_nondet(self, addr: Address) -> str:
        return gl.eq_principle.strict_eq(lambda: gl.get_contract_at(addr).view().get())

    @gl.public.write
    def send(self, addr: Address) -> None:
        gl.get_contract_at(addr).emit(value=5, on="accepted").set("via message")
        IStore(addr).emit().set("default")
        gl.get_contract_at(addr).emit_transfer(value=7)

    @gl.public.write
    def bad_transfer(self, addr: Address) -> None:
        gl.get_contract_at(addr).emit_transfer(value=0)

    @gl.public.write
    def deploy(self, code: str, salt: int) -> Address | None:
        return gl.deploy_contract(code=code.encode(), args=["x"], kwargs={"k": 1}, salt_nonce=salt, value=3)

    @gl.public.write
    def balances(self, addr: Address) -> list:
        return [self.balance, gl.get_contract_at(addr).balance]

    @gl.public.view
    def emit_in_view(self, addr: Address) -> None:
        gl.get_contract_at(addr).emit().set("x")
'''


def _world():
    host = FakeHost()
    callee = Deployed(CALLEE, host=host, address=CALLEE_ADDR, balance=99)
    assert callee.deploy("hello").kind == "return"
    callee.publish()
    caller = Deployed(CALLER, host=host)
    assert caller.deploy().kind == "return"
    return host, callee, caller


def test_nested_view_call():
    host, callee, caller = _world()
    r = caller.write("read", CALLEE_ADDR)
    assert r.kind == "return", r
    v, who, after, via_iface, names = r.value
    assert v == "hello" and via_iface == "hello" and names == ["first"]
    assert who == {
        "sender": CONTRACT,
        "origin": SENDER,
        "contract": CALLEE_ADDR,
        "self": CALLEE_ADDR,
        "stack": [CONTRACT],
        "balance": 99,
    }, who
    # the caller's context is back after the call
    assert after == {"sender": SENDER, "contract": CONTRACT}
    assert r.writes  # the caller could still write its own storage
    assert [n for n in host.names() if n == "CallContract"] == ["CallContract"] * 4
    assert host.requests[-1][1]["address"] == CALLEE_ADDR


def test_nested_call_is_read_only():
    _, _, caller = _world()
    r = caller.write("try_write", CALLEE_ADDR)
    assert r.kind == "user_error" and r.message == "vm error: exit_code 1", r
    assert "storage writes are not allowed in a view call to another contract" in r.stderr
    assert r.detail == (
        f"in the view call set() to {CALLEE_ADDR}: PermissionError: "
        "storage writes are not allowed in a view call to another contract"
    ), r.detail


def test_nested_call_errors():
    _, _, caller = _world()
    r = caller.write("errors", CALLEE_ADDR)
    assert r.value == [
        "callee says no",
        "vm error: exit_code 1",
        "vm error: no contract at 0x0000000000000000000000000000000000000000",
    ], r


def test_no_contract_calls_in_nondet_block():
    _, _, caller = _world()
    r = caller.write("call_in_nondet", CALLEE_ADDR)
    assert r.kind == "user_error" and r.message == "vm error: exit_code 1", r
    assert "calling other contracts is not allowed in a non-deterministic block" in r.stderr
    assert "calling other contracts is not allowed in a non-deterministic block" in r.detail


def test_emit_messages():
    _, _, caller = _world()
    r = caller.write("send", CALLEE_ADDR)
    assert r.kind == "return", r
    assert r.effects == [
        {"PostMessage": {"address": CALLEE_ADDR, "calldata": calldata.encode({"method": "set", "args": ["via message"]}), "value": 5, "on": "accepted"}},
        {"PostMessage": {"address": CALLEE_ADDR, "calldata": calldata.encode({"method": "set", "args": ["default"]}), "value": 0, "on": "finalized"}},
        {"PostMessage": {"address": CALLEE_ADDR, "calldata": calldata.encode({}), "value": 7, "on": "finalized"}},
    ], r.effects
    r = caller.write("bad_transfer", CALLEE_ADDR)
    assert r.kind == "vm_error" and r.exception == "ValueError", r
    assert r.effects == []
    r = caller.view("emit_in_view", CALLEE_ADDR)
    assert r.kind == "vm_error" and r.exception == "PermissionError", r
    assert "not allowed in a read-only call" in r.detail


def test_deploy_contract_address():
    _, _, caller = _world()
    r = caller.write("deploy", "code!", 0)
    assert r.value is None, r
    (eff,) = r.effects
    assert eff == {
        "DeployContract": {
            "calldata": calldata.encode({"args": ["x"], "kwargs": {"k": 1}}),
            "code": b"code!",
            "value": 3,
            "on": "finalized",
            "salt_nonce": 0,
        }
    }, eff
    r = caller.write("deploy", "code!", 12345)
    expected = Address(
        keccak256(b"\x01" + CONTRACT.as_bytes + (12345).to_bytes(32, "big") + (61127).to_bytes(32, "big"))[:20]
    )
    assert r.value == expected, r
    assert r.effects[0]["DeployContract"]["salt_nonce"] == 12345


def test_balances():
    host, _, caller = _world()
    host.balances[CALLEE_ADDR] = 555
    caller.balance = 1000
    r = caller.write("balances", CALLEE_ADDR)
    assert r.value == [1000, 555], r


EVENTS = HEADER + '''
class Moved(gl.Event):
    def __init__(self, who: Address, /, **blob): ...

class E(gl.Contract):
    def __init__(self):
        pass

    @gl.public.write
    def go(self) -> None:
        Moved(gl.message.sender_address, steps=3).emit()
        gl.advanced.emit_raw_event([b"\\x01" * 32], {"raw": True})

    @gl.public.write
    def in_nondet(self) -> None:
        gl.eq_principle.strict_eq(lambda: Moved(gl.message.sender_address).emit())
'''


def test_events():
    r = run(EVENTS, "go")
    assert r.kind == "return", r
    topic1 = calldata.encode(SENDER) + bytes(32 - 21)
    assert r.effects == [
        {"EmitEvent": {"topics": [keccak256(b"Moved(who)"), topic1], "blob": {"steps": 3, "who": SENDER}}},
        {"EmitEvent": {"topics": [b"\x01" * 32], "blob": {"raw": True}}},
    ], r.effects
    r = run(EVENTS, "in_nondet")
    assert r.kind == "user_error" and r.message == "vm error: exit_code 1", r
    assert "emitting events is not allowed in a non-deterministic block" in r.stderr
    r = run(EVENTS, "go", readonly=True)
    assert r.kind == "vm_error" and r.exception == "PermissionError", r


EVM = HEADER + '''
@gl.evm.contract_interface
class Token:
    class View:
        def balanceOf(self, owner: Address) -> u256: ...
    class Write:
        pass

class F(gl.Contract):
    def __init__(self):
        pass

    @gl.public.write.payable
    def pay(self, to: Address) -> None:
        Token(to).emit_transfer(value=gl.message.value)

    @gl.public.write
    def read(self, to: Address) -> int:
        return Token(to).view().balanceOf(to)
'''


def test_evm():
    eoa = Address(bytes([0x11]) * 20)
    r = run(EVM, "pay", [eoa], value=10)
    assert r.effects == [{"EthSend": {"address": eoa, "calldata": b"", "value": 10}}], r
    r = run(EVM, "read", [eoa])
    assert r.kind == "user_error" and r.message == "EVM contract calls are not supported in the playground", r
