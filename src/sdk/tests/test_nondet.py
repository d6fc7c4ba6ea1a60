"""Non-deterministic blocks in leader and validator mode, equivalence principles, web/LLM calls."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import Abort, Error, FakeHost, run  # noqa: E402

from genlayer.py import calldata  # noqa: E402

HEADER = '# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\n'

LLM = HEADER + '''
import json

class C(gl.Contract):
    answer: str

    def __init__(self):
        pass

    @gl.public.write
    def ask(self, q: str) -> str:
        def fn():
            return gl.nondet.exec_prompt(q)
        self.answer = gl.eq_principle.strict_eq(fn)
        return self.answer

    @gl.public.write
    def ask_json(self, q: str) -> dict:
        return gl.eq_principle.strict_eq(lambda: gl.nondet.exec_prompt(q, response_format="json"))

    @gl.public.write
    def outside(self) -> str:
        return gl.nondet.exec_prompt("hi")

    @gl.public.write
    def write_inside(self) -> str:
        def fn():
            self.answer = "x"
            return "done"
        return gl.eq_principle.strict_eq(fn)

    @gl.public.write
    def swallow_disagreement(self) -> str:
        try:
            return gl.eq_principle.strict_eq(lambda: gl.nondet.exec_prompt("coin"))
        except BaseException:
            return "swallowed"

    @gl.public.write
    def host_error(self) -> str:
        def fn():
            try:
                return gl.nondet.exec_prompt("broken")
            except gl.nondet.NondetException as e:
                return "caught: " + str(e)
        return gl.eq_principle.strict_eq(fn)

    @gl.public.write
    def abort(self) -> str:
        def fn():
            try:
                return gl.nondet.exec_prompt("abort")
            except BaseException:
                return "swallowed"
        try:
            return gl.eq_principle.strict_eq(fn)
        except BaseException:
            return "swallowed outside"

    @gl.public.write
    def two_blocks(self) -> list:
        a = gl.eq_principle.strict_eq(lambda: gl.nondet.exec_prompt("first"))
        b = gl.eq_principle.strict_eq(lambda: gl.nondet.exec_prompt("second"))
        return [a, b]

    @gl.public.write
    def leader_user_error(self) -> str:
        def fn():
            raise gl.vm.UserError("nope")
        try:
            return gl.eq_principle.strict_eq(fn)
        except gl.vm.UserError as e:
            return "caught " + e.message
'''


def _host(answer="42"):
    h = FakeHost()
    h.on_prompt("^what", answer)
    h.on_prompt("json", {"x": 1})
    h.on_prompt("broken", Error("llm down"))
    h.on_prompt("abort", Abort("intelligence gas exhausted"))
    h.on_prompt("first", "A")
    h.on_prompt("second", "B")
    h.on_prompt("coin", answer)
    return h


def test_leader_records_nondet_result():
    r = run(LLM, "ask", ["what?"], host=_host())
    assert r.kind == "return" and r.value == "42", r
    assert r.nondet == [b"\x00" + calldata.encode("42")]
    assert r.writes  # the answer was stored
    r = run(LLM, "ask_json", ["json please"], host=_host())
    assert r.value == {"x": 1}, r


def test_validator_agrees_and_uses_leader_value():
    leader = run(LLM, "ask", ["what?"], host=_host("42"))
    h = _host("42")
    v = run(LLM, "ask", ["what?"], host=h, mode="validator", leader_results=leader.nondet)
    assert v.kind == "return" and v.value == "42", v
    assert v.writes == leader.writes
    assert "ExecPrompt" in h.names()


def test_validator_disagrees():
    leader = run(LLM, "ask", ["what?"], host=_host("42"))
    v = run(LLM, "ask", ["what?"], host=_host("43"), mode="validator", leader_results=leader.nondet)
    assert v.kind == "vm_error" and v.message == "validator_disagrees", v
    assert v.writes == {}


def test_disagreement_cannot_be_caught():
    leader = run(LLM, "swallow_disagreement", host=_host("heads"))
    assert leader.value == "heads"
    v = run(LLM, "swallow_disagreement", host=_host("tails"), mode="validator", leader_results=leader.nondet)
    assert v.kind == "vm_error" and v.message == "validator_disagrees", v


def test_missing_leader_result_is_disagreement():
    v = run(LLM, "ask", ["what?"], host=_host(), mode="validator", leader_results=[])
    assert v.kind == "vm_error" and v.message == "validator_disagrees", v


def test_several_blocks_in_order():
    leader = run(LLM, "two_blocks", host=_host())
    assert leader.value == ["A", "B"]
    assert len(leader.nondet) == 2
    v = run(LLM, "two_blocks", host=_host(), mode="validator", leader_results=leader.nondet)
    assert v.value == ["A", "B"], v


def test_exec_prompt_outside_nondet_block():
    r = run(LLM, "outside", host=_host())
    assert r.kind == "vm_error" and r.exception == "PermissionError", r
    assert "non-deterministic block" in r.detail


def test_storage_write_inside_nondet_block():
    r = run(LLM, "write_inside", host=_host())
    # the leader's block failed with a VM error; strict_eq re-raises it as a user error
    assert r.kind == "user_error" and r.message == "vm error: exit_code 1", r
    assert r.nondet == [b"\x02exit_code 1"]
    assert "storage writes are not allowed in a non-deterministic block" in r.stderr
    # the reason travels as the (informational) detail of the user error
    assert r.detail == (
        "in a non-deterministic block: PermissionError: storage writes are not allowed in a non-deterministic block"
    ), r.detail


def test_host_error_is_nondet_exception():
    r = run(LLM, "host_error", host=_host())
    assert r.value == "caught: llm down", r


def test_host_abort_is_uncatchable():
    r = run(LLM, "abort", host=_host())
    assert r.kind == "vm_error" and r.message == "intelligence gas exhausted", r


def test_leader_user_error_replayed_by_validator():
    leader = run(LLM, "leader_user_error", host=_host())
    assert leader.value == "caught nope", leader
    assert leader.nondet == [b"\x01nope"]
    v = run(LLM, "leader_user_error", host=_host(), mode="validator", leader_results=leader.nondet)
    assert v.value == "caught nope", v


EQ = HEADER + '''
class C(gl.Contract):
    def __init__(self):
        pass

    @gl.public.write
    def comparative(self) -> str:
        return gl.eq_principle.prompt_comparative(lambda: gl.nondet.exec_prompt("weather"), "same weather")

    @gl.public.write
    def non_comparative(self) -> str:
        return gl.eq_principle.prompt_non_comparative(
            lambda: gl.nondet.web.render("https://news.example/today"), task="summarise", criteria="short"
        )

    @gl.public.write
    def custom(self) -> int:
        def leader():
            return int(gl.nondet.exec_prompt("number"))
        def validator(res):
            if not isinstance(res, gl.vm.Return):
                return False
            mine = int(gl.nondet.exec_prompt("number"))
            return abs(mine - res.calldata) <= 3
        return gl.vm.run_nondet(leader, validator)

    @gl.public.write
    def custom_unsafe(self) -> int:
        return gl.vm.run_nondet_unsafe(lambda: 5, lambda res: res.calldata == 5)

    @gl.public.write
    def lazy(self) -> str:
        lz = gl.eq_principle.strict_eq.lazy(lambda: gl.nondet.exec_prompt("weather"))
        return "lazy:" + lz.get()

    @gl.public.write
    def web(self) -> list:
        def fn():
            r = gl.nondet.web.get("https://api.example/x", headers={"A": "b"})
            p = gl.nondet.web.post("https://api.example/y", body="data")
            return [r.status, r.body, p.status, r.headers.get("content-type")]
        return gl.eq_principle.strict_eq(fn)

    @gl.public.write
    def shot(self) -> bytes:
        return gl.eq_principle.strict_eq(lambda: gl.nondet.web.render("https://img.example", mode="screenshot").raw)
'''


def _eq_host(weather="sunny", verdict=True, number="10"):
    h = FakeHost()
    h.on_prompt("weather", weather)
    h.on_prompt("number", number)
    h.on_template("EqComparative", verdict)
    h.on_template("EqNonComparativeLeader", lambda p: "summary of " + p["input"])
    h.on_template("EqNonComparativeValidator", verdict)
    h.on_render("news", {"text": "big news"})
    h.on_render("img", {"image": b"\x89PNG"})
    h.on_web("api.example/x", status=200, body=b"hello", headers={"content-type": b"text/plain"})
    h.on_web("api.example/y", status=201, body=b"")
    return h


def test_prompt_comparative():
    leader = run(EQ, "comparative", host=_eq_host())
    assert leader.value == "sunny", leader
    h = _eq_host(weather="sunny-ish")
    v = run(EQ, "comparative", host=h, mode="validator", leader_results=leader.nondet)
    assert v.value == "sunny", v
    (tpl,) = [p for n, p in h.requests if n == "ExecPromptTemplate"]
    assert tpl == {
        "template": "EqComparative",
        "leader_answer": "sunny",
        "validator_answer": "sunny-ish",
        "principle": "same weather",
    }, tpl
    v = run(EQ, "comparative", host=_eq_host(verdict=False), mode="validator", leader_results=leader.nondet)
    assert v.kind == "vm_error" and v.message == "validator_disagrees", v


def test_prompt_non_comparative():
    h = _eq_host()
    leader = run(EQ, "non_comparative", host=h)
    assert leader.value == "summary of big news", leader
    assert ("ExecPromptTemplate", {"template": "EqNonComparativeLeader", "task": "summarise", "input": "big news", "criteria": "short"}) in h.requests
    h = _eq_host()
    v = run(EQ, "non_comparative", host=h, mode="validator", leader_results=leader.nondet)
    assert v.value == "summary of big news", v
    (tpl,) = [p for n, p in h.requests if n == "ExecPromptTemplate"]
    assert tpl["template"] == "EqNonComparativeValidator" and tpl["output"] == "summary of big news"
    assert tpl["input"] == "big news"


def test_custom_run_nondet_validator():
    leader = run(EQ, "custom", host=_eq_host(number="10"))
    assert leader.value == 10
    ok = run(EQ, "custom", host=_eq_host(number="12"), mode="validator", leader_results=leader.nondet)
    assert ok.value == 10, ok
    bad = run(EQ, "custom", host=_eq_host(number="20"), mode="validator", leader_results=leader.nondet)
    assert bad.message == "validator_disagrees", bad
    leader = run(EQ, "custom_unsafe")
    v = run(EQ, "custom_unsafe", mode="validator", leader_results=leader.nondet)
    assert v.value == 5, v


def test_lazy_and_web():
    r = run(EQ, "lazy", host=_eq_host())
    assert r.value == "lazy:sunny", r
    h = _eq_host()
    r = run(EQ, "web", host=h)
    assert r.value == [200, b"hello", 201, b"text/plain"], r
    reqs = [p for n, p in h.requests if n == "WebRequest"]
    assert reqs[0] == {"url": "https://api.example/x", "method": "GET", "body": None, "headers": {"A": "b"}}
    assert reqs[1]["method"] == "POST" and reqs[1]["body"] == "data"
    r = run(EQ, "shot", host=_eq_host())
    assert r.value == b"\x89PNG", r


def test_validator_error_replay_agreement():
    code = HEADER + '''
class C(gl.Contract):
    def __init__(self):
        pass

    @gl.public.write
    def go(self) -> str:
        def fn():
            raise gl.vm.UserError("bad " + gl.nondet.exec_prompt("what"))
        return gl.eq_principle.prompt_comparative(fn, "same")
'''
    leader = run(code, "go", host=_host("x"))
    assert leader.kind == "user_error" and leader.message == "bad x", leader
    same = run(code, "go", host=_host("x"), mode="validator", leader_results=leader.nondet)
    assert same.kind == "user_error" and same.message == "bad x", same
    other = run(code, "go", host=_host("y"), mode="validator", leader_results=leader.nondet)
    assert other.message == "validator_disagrees", other


def test_json_answers_sent_as_text_are_parsed():
    h = FakeHost()
    h.on_prompt("plain", '{"a": 1.5, "b": [true]}')
    h.on_prompt("fenced", '```json\n{"give_coin": false}\n```')
    h.on_prompt("bad", "not json")
    code = HEADER + """
import json

class C(gl.Contract):
    def __init__(self):
        pass

    @gl.public.write
    def go(self, p: str) -> str:
        def fn():
            try:
                return json.dumps(gl.nondet.exec_prompt(p, response_format="json"), sort_keys=True)
            except gl.nondet.NondetException as e:
                return "error: " + str(e)[:30]
        return gl.eq_principle.strict_eq(fn)
"""
    assert run(code, "go", ["plain"], host=h).value == '{"a": 1.5, "b": [true]}'
    assert run(code, "go", ["fenced"], host=h).value == '{"give_coin": false}'
    assert run(code, "go", ["bad"], host=h).value.startswith("error: the LLM answer is not valid")
