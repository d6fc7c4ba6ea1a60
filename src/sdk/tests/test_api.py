"""The public surface: import forms, dispatch details, sandboxes, read-only calls."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import Deployed, FakeHost, run  # noqa: E402

import genlayer  # noqa: E402


def test_star_exports():
    ns: dict = {}
    exec("from genlayer import *", ns)
    for name in ("gl", "Address", "u8", "u256", "i8", "i256", "bigint", "TreeMap", "DynArray", "Array",
                 "allow_storage", "Keccak256"):
        assert name in ns, name
    assert ns["gl"] is genlayer.gl
    import genlayer.gl as gl

    assert gl is genlayer.gl
    for name in ("Contract", "public", "private", "message", "message_raw", "nondet", "eq_principle", "vm",
                 "advanced", "storage", "calldata", "evm", "Event", "get_contract_at", "contract_interface",
                 "deploy_contract", "Lazy", "ContractProxy"):
        assert hasattr(gl, name), name
    assert gl.message.value == 0  # outside an execution: a zero message
    assert callable(gl.storage.copy_to_memory) and callable(gl.storage.inmem_allocate)
    assert gl.calldata.decode(gl.calldata.encode({"a": [1]})) == {"a": [1]}


IMPORT_FORMS = '''# { "Depends": "py-genlayer:test" }
import genlayer
import genlayer.gl as gl2
from genlayer import gl as gl3
from genlayer.py.types import u32


class C(genlayer.gl.Contract):
    n: u32

    def __init__(self):
        self.n = 7

    @gl2.public.view
    def get(self) -> int:
        return self.n + (gl3.message.value or 0)
'''


def test_import_forms():
    c = Deployed(IMPORT_FORMS)
    assert c.deploy().kind == "return"
    assert c.view("get").value == 7


API = '''# { "Depends": "py-genlayer:test" }
from genlayer import *


class C(gl.Contract):
    n: u32
    errored: bool

    def __init__(self):
        pass

    @gl.public.view
    def sneaky_write(self) -> None:
        self.n = 5

    @gl.public.write
    def sandboxes(self) -> list:
        def ok():
            return [1, (2, 3)]
        def user():
            raise gl.vm.UserError("u")
        def crash():
            return 1 / 0
        def writes():
            self.n = 99
            return self.n
        out = [gl.vm.spawn_sandbox(ok), gl.vm.spawn_sandbox(user), gl.vm.spawn_sandbox(crash)]
        out.append(gl.vm.spawn_sandbox(writes))
        out.append(gl.vm.spawn_sandbox(writes, allow_write_ops=True))
        out.append(self.n)
        res = []
        for r in out:
            if isinstance(r, gl.vm.Return):
                res.append(["return", r.calldata])
            elif isinstance(r, gl.vm.UserError):
                res.append(["user", r.message])
            elif isinstance(r, gl.vm.VMError):
                res.append(["vm", r.message])
            else:
                res.append(r)
        try:
            gl.vm.unpack_result(gl.vm.VMError("boom"))
        except gl.vm.UserError as e:
            res.append(e.message)
        return res

    @gl.public.write.payable
    def __on_errored_message__(self):
        self.errored = True

    @gl.public.view
    def was_errored(self) -> bool:
        return self.errored

    @gl.public.write
    def info(self) -> list:
        raw = gl.message_raw
        return [sorted(raw), raw["entry_kind"], raw["entry_data"], raw["entry_stage_data"], gl.message.sender_account]
'''


def test_readonly_call_cannot_write():
    c = Deployed(API)
    c.deploy()
    r = c.view("sneaky_write")
    assert r.kind == "vm_error" and r.exception == "PermissionError", r
    assert r.detail == "storage writes are not allowed in a read-only call"


def test_sandbox_results():
    c = Deployed(API)
    c.deploy()
    r = c.write("sandboxes")
    assert r.value == [
        ["return", [1, [2, 3]]],
        ["user", "u"],
        ["vm", "exit_code 1"],
        ["vm", "exit_code 1"],
        ["return", 99],
        0,
        "vm error: boom",
    ], r
    assert r.writes == {}  # sandbox writes are thrown away


def test_error_special_method_and_message_raw():
    c = Deployed(API)
    c.deploy()
    r = c.write("#error", _opts={"value": 3})
    assert r.kind == "return", r
    assert c.view("was_errored").value is True
    r = c.write("info")
    keys, kind, data, stage, sender = r.value
    assert keys == sorted(["contract_address", "sender_address", "origin_address", "value", "chain_id", "datetime",
                           "is_init", "stack", "entry_kind", "entry_data", "entry_stage_data"])
    assert kind == 0 and stage is None and data == genlayer.gl.calldata.encode({"method": "info"})


def test_bad_requests_do_not_crash():
    from genlayer import _runner
    from genlayer.py import calldata

    r = calldata.decode(_runner.execute(b"\xff"))
    assert r["result"]["kind"] == "vm_error" and r["result"]["message"] == "invalid request"
    r = run("def broken(:\n", "x")
    assert r.kind == "vm_error" and r.exception == "SyntaxError", r
    r = run("x = 1\n", "x")
    assert r.kind == "vm_error" and "no contract" in r.detail, r


def test_host_requests_are_synchronous_calldata():
    h = FakeHost()
    code = '''# { "Depends": "py-genlayer:test" }
from genlayer import *
class C(gl.Contract):
    def __init__(self): pass
    @gl.public.write
    def go(self) -> str:
        return gl.eq_principle.strict_eq(lambda: gl.nondet.exec_prompt("p", images=[b"img"]))
'''
    h.on_prompt("p", "ok")
    assert run(code, "go", host=h).value == "ok"
    assert h.requests == [("ExecPrompt", {"prompt": "p", "response_format": "text", "images": [b"img"]})]
