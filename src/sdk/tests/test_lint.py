"""The editor's static checks (``genlayer._lint.lint``) and the API description for completions."""

import json

from genlayer._api_docs import describe_api
from genlayer._lint import lint

HEADER = '# v0.2.16\n# { "Depends": "py-genlayer:test" }\n'

GOOD = HEADER + '''from genlayer import *


@allow_storage
class Item:
    name: str
    price: u256


class C(gl.Contract):
    count: u256
    names: DynArray[str]
    owners: TreeMap[Address, bigint]

    def __init__(self):
        self.count = u256(0)

    @gl.public.write
    def ask(self) -> str:
        def leader():
            return gl.nondet.exec_prompt("hi")
        return gl.eq_principle.strict_eq(leader)

    @gl.public.write
    def fetch(self) -> str:
        return gl.eq_principle.strict_eq(lambda: gl.nondet.web.render("https://x.test"))
'''


def _messages(diags):
    return [d["message"] for d in diags]


def test_clean_contract_has_no_diagnostics():
    assert lint(GOOD) == []


def test_syntax_error_points_at_its_line():
    code = HEADER + "from genlayer import *\n\nclass C(gl.Contract):\n    def f(self)\n        pass\n"
    diags = lint(code)
    errors = [d for d in diags if d["severity"] == "error"]
    assert len(errors) == 1, diags
    assert errors[0]["line"] == 6, errors
    assert errors[0]["message"].startswith("SyntaxError"), errors


def test_missing_header_is_a_warning_on_line_1():
    diags = lint("from genlayer import *\n")
    assert len(diags) == 1, diags
    assert diags[0]["severity"] == "warning" and diags[0]["line"] == 1
    assert "missing runner header" in diags[0]["message"]


def test_unsupported_storage_annotations():
    code = HEADER + '''from genlayer import *

@allow_storage
class Rec:
    n: int

class C(gl.Contract):
    a: int
    b: list[str]
    c: dict[str, u8]
    d: TreeMap[str, list[u8]]
    ok: DynArray[u8]
'''
    diags = lint(code)
    by_line = {d["line"]: d["message"] for d in diags}
    assert "bigint or a sized integer" in by_line[7], diags
    assert "bigint or a sized integer" in by_line[10], diags
    assert "DynArray" in by_line[11], diags
    assert "TreeMap" in by_line[12], diags
    assert "DynArray" in by_line[13], diags
    assert len(diags) == 5, diags
    assert all(d["severity"] == "error" for d in diags)
    assert diags[1]["column"] == 8  # `a: int` -> the annotation starts at column 8


def test_plain_classes_are_not_storage_checked():
    code = HEADER + "class Helper:\n    xs: list[int]\n"
    assert lint(code) == []


def test_nondet_call_directly_in_a_method_is_flagged():
    code = HEADER + '''from genlayer import *

class C(gl.Contract):
    @gl.public.write
    def bad(self) -> str:
        return gl.nondet.exec_prompt("hi")

    @gl.public.view
    def bad2(self) -> str:
        page = gl.get_webpage("https://x.test")
        return gl.nondet.web.get("https://x.test").body

    def _helper(self):
        return gl.exec_prompt("x")
'''
    diags = lint(code)
    assert [(d["line"], d["severity"]) for d in diags] == [(8, "error"), (12, "error"), (13, "error"), (16, "warning")], diags
    assert all("outside a non-deterministic block" in m for m in _messages(diags))


def test_nondet_call_at_module_level_is_flagged():
    code = HEADER + 'from genlayer import *\nPAGE = gl.nondet.web.render("u")\n\ndef helper():\n    return gl.exec_prompt("x")\n'
    diags = lint(code)
    assert [(d["line"], d["column"], d["severity"]) for d in diags] == [(4, 8, "error")], diags


def test_nondet_inside_nested_function_or_lambda_is_fine():
    code = HEADER + '''from genlayer import *

class C(gl.Contract):
    @gl.public.write
    def ok(self) -> str:
        def inner():
            def deeper():
                return gl.nondet.web.render("u")
            return deeper()
        x = gl.vm.run_nondet_unsafe(lambda: gl.nondet.exec_prompt("a"), lambda r: True)
        return gl.eq_principle.prompt_comparative(inner, "same")
'''
    assert lint(code) == []


def test_diagnostics_are_json_ready_and_one_based():
    diags = lint(HEADER + "x = (\n")
    json.dumps(diags)
    for d in diags:
        assert d["line"] >= 1 and d["column"] >= 1
        assert d["endLine"] >= d["line"]


def test_lint_handles_a_500_line_contract():
    methods = "".join(
        f'''
    @gl.public.write
    def m{i}(self, a: int) -> str:
        def leader():
            return gl.nondet.exec_prompt("q{i}")
        self.count = u256(self.count + a)
        return gl.eq_principle.strict_eq(leader)
'''
        for i in range(70)
    )
    code = GOOD + "\n\nclass D(gl.Contract):\n    count: u256\n" + methods
    assert len(code.splitlines()) >= 500
    assert lint(code) == []
    # (speed is measured by `npm run bench`, not asserted here)


def test_describe_api_comes_from_the_sdk():
    api = describe_api()
    json.dumps(api)
    ns = api["namespaces"]
    names = lambda path: {e["name"]: e for e in ns[path]}  # noqa: E731
    assert {"Contract", "nondet", "eq_principle", "vm", "public", "message"} <= set(names("gl"))
    assert "exec_prompt" in names("gl.nondet")
    assert {"render", "get", "request"} <= set(names("gl.nondet.web"))
    assert {"strict_eq", "prompt_comparative", "prompt_non_comparative"} <= set(names("gl.eq_principle"))
    assert {"run_nondet", "run_nondet_unsafe"} <= set(names("gl.vm"))
    public = names("gl.public")
    assert public["view"]["kind"] == "decorator" and public["view"]["doc"]
    assert "payable" in names("gl.public.write")
    prompt = names("gl.nondet")["exec_prompt"]
    assert prompt["signature"].startswith("(prompt: str"), prompt
    assert prompt["doc"] and "LLM" in prompt["doc"]
    exported = {e["name"]: e for e in api["globals"]}
    assert {"Address", "bigint", "TreeMap", "DynArray", "Array", "allow_storage", "u256", "i64"} <= set(exported)
    assert exported["u256"]["kind"] == "type" and "256-bit" in exported["u256"]["doc"]
