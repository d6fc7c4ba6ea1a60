"""Names from older SDKs map onto the same behaviour."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import SENDER, Deployed, FakeHost, run  # noqa: E402

OLD = '''# { "Depends": "py-genlayer:test" }
from genlayer import *


@gl.contract
class Old:
    note: str

    def __init__(self, note: str):
        self.note = note

    @gl.public.view
    def get(self) -> str:
        return self.note

    @gl.public.write
    def ask(self) -> str:
        return gl.eq_principle_strict_eq(lambda: gl.exec_prompt("q"))

    @gl.public.write
    def page(self) -> str:
        return gl.eq_principle_prompt_comparative(lambda: gl.get_webpage("https://x.example", mode="text"), "same")

    @gl.public.write
    def summary(self) -> str:
        return gl.eq_principle_prompt_non_comparative(lambda: "text", task="t", criteria="c")

    @gl.public.write
    def rollback(self) -> None:
        raise gl.Rollback("old rollback")

    @gl.public.write
    def rollback_now(self) -> None:
        try:
            gl.rollback_immediate("immediate")
        finally:
            self.note = "finally ran"

    @gl.public.write
    def adv_rollback(self) -> None:
        gl.advanced.rollback_immediate("adv")

    @gl.public.write
    def adv_nondet(self) -> int:
        return gl.advanced.run_nondet(lambda: 7, lambda r: r.calldata == 7)

    @gl.public.view
    def sender(self) -> Address:
        return gl.message.sender_account

    @gl.public.view
    def other(self) -> str:
        return gl.ContractAt(gl.message.contract_address).view().get()
'''


def _host():
    h = FakeHost()
    h.on_prompt("q", "old answer")
    h.on_render("x.example", {"text": "page"})
    h.on_template("EqComparative", True)
    h.on_template("EqNonComparativeLeader", "sum")
    return h


def test_contract_decorator_and_calls():
    c = Deployed(OLD, host=_host())
    assert c.deploy("hi").kind == "return"
    assert c.view("get").value == "hi"
    assert c.write("ask").value == "old answer"
    assert c.write("page").value == "page"
    assert c.write("summary").value == "sum"
    assert c.view("sender").value == SENDER
    c.publish()
    assert c.view("other").value == "hi"


def test_old_schema_is_generated():
    r = run(OLD, "#get-schema")
    assert r.kind == "return", r
    assert '"get":{"params":[],"kwparams":{},"readonly":true,"ret":"string"}' in r.value


def test_rollbacks():
    c = Deployed(OLD, host=_host())
    c.deploy("hi")
    r = c.write("rollback")
    assert r.kind == "user_error" and r.message == "old rollback", r
    r = c.write("rollback_now")
    assert r.kind == "user_error" and r.message == "immediate", r
    r = c.write("adv_rollback")
    assert r.kind == "user_error" and r.message == "adv", r
    assert c.write("adv_nondet").value == 7
