"""Confidential storage (``gl.ConfidentialField`` / ``gl.ConfidentialMapping``) through
``_runner.execute`` with the fake host's ``ToyEnclave`` (a reversible test double, not a cipher):
plaintext never reaches storage, values survive across calls, versions count up, the host
payloads have the agreed shapes, and without an enclave a contract fails with one line."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import SENDER, Deployed, FakeHost, ToyEnclave  # noqa: E402

from genlayer._sealing import SEALED_OUTSIDE  # noqa: E402
from genlayer.py import calldata  # noqa: E402
from genlayer.py.storage.sealed import NOT_A_CONTRACT_FIELD  # noqa: E402
from genlayer.py.types import Address  # noqa: E402

HEAD = '''# { "Depends": "py-genlayer:test" }
from genlayer import *
import typing
from dataclasses import dataclass
'''

VAULT = HEAD + '''
@dataclass
class Bid:
    who: str
    amount: int

class Vault(gl.Contract):
    label: str
    secret: gl.ConfidentialField[str]
    count: gl.ConfidentialField[u8]
    best: gl.ConfidentialField[Bid]
    bids: gl.ConfidentialMapping[Address, u256]
    notes: gl.ConfidentialMapping[str, list[str]]

    def __init__(self, secret: str):
        self.label = "public"
        self.secret = secret

    @gl.public.write
    def set_secret(self, value: str) -> None:
        self.secret = value

    @gl.public.write
    def set_count(self, value: typing.Any) -> None:
        self.count = value

    @gl.public.write
    def bid(self, amount: int, note: str) -> None:
        self.bids[gl.message.sender_address] = amount
        self.notes[note] = [note, str(amount)]
        self.best = Bid(note, amount)

    @gl.public.write
    def drop(self, note: str) -> None:
        del self.notes[note]

    @gl.public.write
    def replace_notes(self, notes: dict) -> None:
        self.notes = notes

    @gl.public.view
    def read(self) -> dict:
        best = self.best
        return {"secret": self.secret, "count": self.count, "best": None if best is None else [type(best).__name__, best.who, best.amount],
                "n": len(self.bids), "mine": self.bids.get(gl.message.sender_address), "has_me": gl.message.sender_address in self.bids,
                "notes": {k: self.notes[k] for k in self.notes}}

    @gl.public.view
    def missing(self) -> str:
        try:
            return str(self.notes["nope"])
        except KeyError:
            return "KeyError"

    @gl.public.write
    def swallow(self) -> str:
        try:
            self.secret = "again"
        except BaseException:
            return "caught"
        return "done"
'''

MARKERS = ["ZEBRA-SECRET-91", "OKAPI-NOTE-57"]


def _deployed(enclave=None) -> Deployed:
    return Deployed(VAULT, host=FakeHost(enclave if enclave is not None else ToyEnclave()))


def _ok(r):
    assert r.kind == "return", r
    return r


def test_plaintext_never_lands_in_storage():
    enclave = ToyEnclave()
    d = _deployed(enclave)
    _ok(d.deploy(MARKERS[0]))
    _ok(d.write("bid", 77, "n"))
    _ok(d.write("replace_notes", {"PUBLIC-KEY-3": [MARKERS[1], "x"]}))
    _ok(d.write("set_secret", MARKERS[0] + "-v2"))
    sealed_plaintexts = b"".join(p for _, _, p in enclave.sealed)
    for m in MARKERS:
        assert m.encode() in sealed_plaintexts  # the enclave did see it ...
        for slot, content in d.storage.items():
            assert m.encode() not in content, (m, slot)  # ... storage never does
    everything = b"".join(d.storage.values())
    assert b"public" in everything  # plain fields stay plain
    assert b"PUBLIC-KEY-3" in everything  # and mapping keys are public (part of each value's name)


def test_round_trip_across_calls():
    d = _deployed()
    _ok(d.deploy("first"))
    _ok(d.write("bid", 5, "a"))
    _ok(d.write("bid", 9, "b"))
    _ok(d.write("set_count", 200))
    got = _ok(d.view("read")).value
    assert got == {"secret": "first", "count": 200, "best": ["Bid", "b", 9], "n": 1, "mine": 9, "has_me": True,
                   "notes": {"a": ["a", "5"], "b": ["b", "9"]}}
    other = _ok(d.view("read", _opts={"sender": Address(bytes([7]) * 20)})).value
    assert other["mine"] is None and other["has_me"] is False
    assert _ok(d.view("missing")).value == "KeyError"
    _ok(d.write("drop", "a"))
    assert _ok(d.view("read")).value["notes"] == {"b": ["b", "9"]}


def test_absent_values_read_as_defaults_without_asking_the_host():
    host = FakeHost(ToyEnclave())
    d = Deployed(HEAD + '''
@dataclass
class P:
    x: int

class Fresh(gl.Contract):
    a: gl.ConfidentialField[u256]
    b: gl.ConfidentialField[str]
    c: gl.ConfidentialField[bytes]
    d: gl.ConfidentialField[bool]
    e: gl.ConfidentialField[Address]
    f: gl.ConfidentialField[list[int]]
    g: gl.ConfidentialField[dict[str, int]]
    h: gl.ConfidentialField[int | None]
    i: gl.ConfidentialField
    j: gl.ConfidentialField[P]
    m: gl.ConfidentialMapping[str, u64]

    def __init__(self):
        pass

    @gl.public.view
    def all(self) -> list:
        return [self.a, self.b, self.c, self.d, self.e, self.f, self.g, self.h, self.i, self.j,
                len(self.m), "k" in self.m, self.m.get("k", "dflt"), list(self.m)]
''', host=host)
    _ok(d.deploy())
    got = _ok(d.view("all")).value
    assert got == [0, "", b"", False, Address(bytes(20)), [], {}, None, None, None, 0, False, "dflt", []]
    assert "ConfidentialOpen" not in host.names() and "ConfidentialSeal" not in host.names()


def _blob(d: Deployed, field: str, key=None) -> bytes:
    state = dict(_ok(d.view("#state")).value)
    entry = state[field] if key is None else state[field][key]
    return bytes.fromhex(entry["sealed"][2:])


def test_versions_increment_per_value():
    enclave = ToyEnclave()
    d = _deployed(enclave)
    _ok(d.deploy("v1"))
    _ok(d.write("set_secret", "v2"))
    _ok(d.write("set_secret", "v3"))
    assert [(n, v) for n, v, _ in enclave.sealed] == [("secret", 1), ("secret", 2), ("secret", 3)]
    assert _blob(d, "secret")[:8] == (3).to_bytes(8, "big")
    _ok(d.write("bid", 1, "x"))
    _ok(d.write("bid", 2, "x"))
    _ok(d.write("bid", 3, "y"))
    me = f"bids[0x{calldata.encode(SENDER).hex()}]"
    x = f"notes[0x{calldata.encode('x').hex()}]"
    assert [v for n, v, _ in enclave.sealed if n == me] == [1, 2, 3]
    assert [v for n, v, _ in enclave.sealed if n == x] == [1, 2]
    assert _blob(d, "notes", "x")[:8] == (2).to_bytes(8, "big")
    # assigning a whole dict keeps counting for keys that stay, drops the others
    _ok(d.write("replace_notes", {"x": ["new"], "z": ["zed"]}))
    assert [v for n, v, _ in enclave.sealed if n == x] == [1, 2, 3]
    assert _ok(d.view("read")).value["notes"] == {"x": ["new"], "z": ["zed"]}
    # a value deleted and written again starts over at 1
    _ok(d.write("drop", "x"))
    _ok(d.write("bid", 4, "x"))
    assert [v for n, v, _ in enclave.sealed if n == x][-1] == 1


def test_host_request_payloads():
    host = FakeHost(ToyEnclave())
    d = Deployed(VAULT, host=host)
    _ok(d.deploy("s"))
    name, payload = host.requests[-1]
    assert name == "ConfidentialSeal"
    assert payload == {"name": "secret", "version": 1, "plaintext": calldata.encode("s")}
    blob = _blob(d, "secret")
    host.requests.clear()
    assert _ok(d.view("read")).value["secret"] == "s"
    assert host.requests[0] == ("ConfidentialOpen", {"name": "secret", "sealed": blob})
    host.requests.clear()
    _ok(d.write("bid", 3, "n"))
    names = [p["name"] for n, p in host.requests if n == "ConfidentialSeal"]
    assert names == [f"bids[0x{calldata.encode(SENDER).hex()}]", f"notes[0x{calldata.encode('n').hex()}]", "best"]


def test_outside_an_enclave_one_line_error_that_contracts_can_not_catch():
    d = Deployed(VAULT, host=FakeHost())  # the main host: no enclave
    r = d.deploy("x")
    assert r.kind == "vm_error" and r.message == SEALED_OUTSIDE, r
    assert "\n" not in r.message and r.stderr == "" and r.writes == {}
    # deploy with an enclave, then call on the main host
    enclave_host = FakeHost(ToyEnclave())
    d.host = enclave_host
    _ok(d.deploy("x"))
    d.host = FakeHost()
    for method, args in (("read", ()), ("swallow", ()), ("set_secret", ("y",))):
        r = d.write(method, *args)
        assert (r.kind, r.message) == ("vm_error", SEALED_OUTSIDE), (method, r)
        assert r.stderr == ""


def test_state_dump_never_opens():
    host = FakeHost(ToyEnclave())
    d = Deployed(VAULT, host=host)
    _ok(d.deploy(MARKERS[0]))
    _ok(d.write("bid", 12, "k"))
    host.requests.clear()
    state = _ok(d.view("#state")).value
    assert host.requests == []
    assert MARKERS[0] not in repr(state)
    fields = dict(state)
    assert fields["label"] == "public"
    assert set(fields["bids"]) == {SENDER.as_hex}
    assert fields["count"] == {"sealed": "0x"}  # never written
    for entry in (fields["secret"], fields["best"], fields["notes"]["k"], fields["bids"][SENDER.as_hex]):
        assert set(entry) == {"sealed"} and entry["sealed"].startswith("0x0000000000000001")


def test_read_only_calls_do_not_seal():
    host = FakeHost(ToyEnclave())
    d = Deployed(VAULT, host=host)
    _ok(d.deploy("s"))
    host.requests.clear()
    r = d.view("set_secret", "nope")
    assert r.kind == "vm_error" and "storage writes are not allowed in a read-only call" in (r.detail or ""), r
    assert "ConfidentialSeal" not in host.names()


def test_tampered_or_malformed_sealed_values_fail():
    d = _deployed()
    _ok(d.deploy("s"))
    (slot, blob), = [(k, v) for k, v in d.storage.items() if v[:8] == (1).to_bytes(8, "big")]
    d.storage[slot] = blob[:-1] + bytes([blob[-1] ^ 1])
    r = d.view("read")
    assert r.kind == "vm_error" and r.message == "sealed value of secret does not open with this contract's state key", r
    d.storage[slot] = (2).to_bytes(8, "big") + blob[8:]  # another version: no longer authentic
    r = d.view("read")
    assert r.kind == "vm_error" and r.message == "sealed value of secret does not open with this contract's state key", r


def test_a_host_blob_without_the_version_is_refused():
    class WrongVersion(ToyEnclave):
        def seal(self, name, version, plaintext):
            return super().seal(name, version + 1, plaintext)

    r = Deployed(VAULT, host=FakeHost(WrongVersion())).deploy("s")
    assert r.kind == "vm_error" and r.message == "sealed: the host's sealed value for 'secret' does not start with version 1", r


def test_value_types_are_checked_on_write():
    d = _deployed()
    _ok(d.deploy("s"))
    assert _ok(d.write("set_count", 255))
    r = d.write("set_count", 256)
    assert r.kind == "vm_error" and r.exception == "OverflowError", r
    r = d.write("set_count", "12")
    assert r.kind == "vm_error" and r.exception == "TypeError" and "expected u8, got str" in r.detail, r
    r = d.write("set_secret", 5)
    assert r.kind == "vm_error" and "expected str, got int" in r.detail, r
    assert _ok(d.view("read")).value["count"] == 255


def _deploy_error(body: str):
    r = Deployed(HEAD + body, host=FakeHost(ToyEnclave())).deploy()
    assert r.kind == "vm_error", r
    return r


def test_only_contract_fields_can_be_sealed():
    init = "\n    def __init__(self):\n        pass\n"
    r = _deploy_error("@allow_storage\n@dataclass\nclass R:\n    s: gl.ConfidentialField[int]\n\nclass C(gl.Contract):\n    r: R\n" + init)
    assert NOT_A_CONTRACT_FIELD in r.detail, r
    r = _deploy_error("class C(gl.Contract):\n    m: TreeMap[str, gl.ConfidentialField[int]]\n" + init)
    assert NOT_A_CONTRACT_FIELD in r.detail, r
    r = _deploy_error("class C(gl.Contract):\n    f: gl.ConfidentialField[float]\n" + init)
    assert "must be a calldata type" in r.detail, r
    r = _deploy_error("class C(gl.Contract):\n    m: gl.ConfidentialMapping[list[int], int]\n" + init)
    assert "keys must be plain values" in r.detail, r


def test_view_calls_into_another_contracts_sealed_state_fail():
    host = FakeHost(ToyEnclave())
    callee = Deployed(VAULT, host=host, address=Address(bytes([0xB0]) * 20))
    _ok(callee.deploy("theirs"))
    callee.publish()
    caller = Deployed(HEAD + '''
class Caller(gl.Contract):
    def __init__(self):
        pass

    @gl.public.view
    def steal(self) -> typing.Any:
        return gl.get_contract_at(Address("0x" + "b0" * 20)).view().read()
''', host=host)
    _ok(caller.deploy())
    r = caller.view("steal")
    assert r.kind == "vm_error" and r.message.startswith("sealed: confidential state of another contract can not be read"), r
