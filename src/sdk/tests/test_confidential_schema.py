"""Confidential marks in ``#get-schema`` (``@gl.confidential``, ``gl.EncryptedField``), the
decorator forms, encrypted parameters at run time, the editor's lint, and that contracts without
marks keep GenLayer's exact schema."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import Deployed, FakeHost, ToyEnclave, run  # noqa: E402

from genlayer import gl  # noqa: E402
from genlayer._api_docs import describe_api  # noqa: E402
from genlayer._lint import lint  # noqa: E402

HEAD = '''# v0.2.16
# { "Depends": "py-genlayer:test" }
from genlayer import *
import typing
'''

AUCTION = HEAD + '''
@gl.confidential
class Auction(gl.Contract):
    bids: gl.ConfidentialMapping[Address, u256]

    def __init__(self, reserve: gl.EncryptedField[u256], title: str):
        pass

    @gl.public.write
    def bid(self, note: str, amount: gl.EncryptedField[u256], extra: gl.EncryptedField) -> None:
        pass

    @gl.public.view
    def count(self) -> int:
        return len(self.bids)
'''

AUCTION_SCHEMA = (
    '{"ctor":{"params":[["reserve","int"],["title","string"]],"kwparams":{},"confidential":true,"encrypted":[0]},'
    '"methods":{"bid":{"params":[["note","string"],["amount","int"],["extra","any"]],"kwparams":{},"readonly":false,'
    '"ret":"null","payable":false,"confidential":true,"encrypted":[1,2]},'
    '"count":{"params":[],"kwparams":{},"readonly":true,"ret":"int","confidential":true}},"confidential":true}'
)


def _schema_raw(code: str) -> str:
    r = run(code, "#get-schema")
    assert r.kind == "return", r
    return r.value


def _schema(code: str) -> dict:
    return json.loads(_schema_raw(code))


def test_schema_of_a_confidential_contract():
    assert _schema_raw(AUCTION) == AUCTION_SCHEMA


def _methods(body: str, cls_decorator: str = "") -> dict:
    code = HEAD + f"\n{cls_decorator}\nclass C(gl.Contract):\n    def __init__(self):\n        pass\n" + body
    return _schema(code)


def test_method_decorator_in_either_order():
    s = _methods('''
    @gl.confidential
    @gl.public.write
    def a(self) -> None: pass

    @gl.public.write
    @gl.confidential
    def b(self) -> None: pass

    @gl.confidential
    @gl.public.view
    def c(self) -> int: return 1

    @gl.public.write.payable
    @gl.confidential
    def d(self) -> None: pass

    @gl.confidential
    @gl.public.write.min_gas(leader=5, validator=6)
    def e(self) -> None: pass

    @gl.public.view
    def plain(self) -> int: return 1
''')
    for name in "abcde":
        assert s["methods"][name]["confidential"] is True, name
        assert "encrypted" not in s["methods"][name]
    assert s["methods"]["d"]["payable"] is True and s["methods"]["e"]["min_gas_leader"] == 5
    assert list(s["methods"]["e"]) == ["params", "kwparams", "min_gas_leader", "min_gas_validator", "readonly", "ret", "payable", "confidential"]
    assert "confidential" not in s["methods"]["plain"] and "confidential" not in s["ctor"]
    assert list(s) == ["ctor", "methods"]


def test_an_encrypted_parameter_makes_a_method_confidential():
    s = _methods('''
    @gl.public.write
    def a(self, x: int, y: gl.EncryptedField[list[str]], *, z: bool) -> None: pass

    @gl.public.view
    def b(self, p: gl.EncryptedField[Address | None]) -> None: pass
''')
    a = s["methods"]["a"]
    assert a["params"] == [["x", "int"], ["y", [{"$rep": "string"}]]] and a["kwparams"] == {"z": "bool"}
    assert a["confidential"] is True and a["encrypted"] == [1]
    assert s["methods"]["b"]["params"] == [["p", {"$or": ["address", "null"]}]] and s["methods"]["b"]["encrypted"] == [0]
    assert list(s) == ["ctor", "methods"]


def test_class_decorator_marks_ctor_and_every_public_method():
    s = _methods("\n    @gl.public.view\n    def v(self) -> int: return 1\n", "@gl.confidential")
    assert s["ctor"] == {"params": [], "kwparams": {}, "confidential": True}
    assert s["methods"]["v"]["confidential"] is True
    assert list(s) == ["ctor", "methods", "confidential"]


def test_misplaced_encrypted_fields_make_the_schema_fail():
    for body in (
        "\n    @gl.public.write\n    def a(self, *, k: gl.EncryptedField[int]) -> None: pass\n",
        "\n    @gl.public.write\n    def a(self, k: list[gl.EncryptedField[int]]) -> None: pass\n",
    ):
        r = run(HEAD + "\nclass C(gl.Contract):\n    def __init__(self):\n        pass\n" + body, "#get-schema")
        assert r.kind == "vm_error" and "couldn't get schema for method" in (r.detail or ""), r
        assert "EncryptedField" in r.stderr, r


def test_plain_contracts_keep_the_exact_schema():
    code = HEAD + '''
class Plain(gl.Contract):
    def __init__(self, a: int, *, b: str = ""):
        pass

    @gl.public.write.payable
    def pay(self) -> None: pass

    @gl.public.view
    def get(self, k: typing.Annotated[str, "doc"]) -> str: return k
'''
    assert _schema_raw(code) == (
        '{"ctor":{"params":[["a","int"]],"kwparams":{"b":"string"}},"methods":{"get":{"params":[["k","string"]],'
        '"kwparams":{},"readonly":true,"ret":"string"},"pay":{"params":[],"kwparams":{},"readonly":false,"ret":"null","payable":true}}}'
    )


def test_encrypted_parameters_are_plaintext_inside_the_contract():
    d = Deployed(AUCTION.replace("        pass\n\n    @gl.public.view", "        self.bids[gl.message.sender_address] = amount\n\n    @gl.public.view"),
                 host=FakeHost(ToyEnclave()))
    assert d.deploy(100, "lamp").kind == "return"
    assert d.write("bid", "hi", 42, {"any": ["thing"]}).kind == "return"
    assert d.view("count").value == 1


def test_old_contract_decorator_combines_with_confidential():
    for decorators in ("@gl.contract\n@gl.confidential", "@gl.confidential\n@gl.contract"):
        code = HEAD + f"\n{decorators}\nclass Old:\n    def __init__(self):\n        pass\n\n    @gl.public.view\n    def v(self) -> int:\n        return 1\n"
        s = _schema(code)
        assert s["confidential"] is True and s["methods"]["v"]["confidential"] is True, decorators


def test_markers_refuse_misuse():
    for make in (lambda: gl.EncryptedField(), lambda: gl.ConfidentialField(), lambda: gl.ConfidentialMapping()):
        try:
            make()
        except TypeError:
            pass
        else:
            raise AssertionError("expected TypeError")
    try:
        gl.confidential(staticmethod(lambda: 1))
    except TypeError as e:
        assert "plain instance methods" in str(e)
    else:
        raise AssertionError("expected TypeError")


def test_lint_knows_confidential_fields():
    code = HEAD + '''
@allow_storage
class R:
    s: gl.ConfidentialField[str]

class C(gl.Contract):
    a: gl.ConfidentialField[int]
    m: gl.ConfidentialMapping[str, dict[str, list[int]]]
    n: TreeMap[str, gl.ConfidentialField[int]]

    def __init__(self):
        pass
'''
    msgs = [(d["line"], d["message"]) for d in lint(code)]
    lines = code.splitlines()
    where = {i + 1 for i, line in enumerate(lines) if line.strip().startswith(("s:", "n:"))}
    assert {line for line, _ in msgs} == where, msgs
    assert all("can only be a field of the contract class" in m for _, m in msgs), msgs


def test_describe_api_lists_the_confidential_names():
    names = {e["name"] for e in describe_api()["namespaces"]["gl"]}
    assert {"confidential", "EncryptedField", "ConfidentialField", "ConfidentialMapping"} <= names
