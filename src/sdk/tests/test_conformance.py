"""Every contract of ``src/core/testdata/sdk-conformance`` through ``_runner.execute``, compared
with what the real GenLayer SDK returned (the ``*.expected.json`` oracle).

Per contract: the ``#get-schema`` answer (``raw`` byte for byte, or the error type and message)
and every call of the script (deploy/write/view) with the recorded entry calldata, message
fields, value and sender; storage is carried from a deploy/write that returned (or exited 0) and
thrown away after views and failures, as in the README there. Compared: result kind, return
hex, user-error message, VM-error exception type and message (object addresses normalised to
``at 0x…``), whether state was committed, and emitted events (``host_messages``).
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import FakeHost, run  # noqa: E402

from genlayer.py import calldata  # noqa: E402
from genlayer.py.types import Address  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
_TESTDATA = os.environ.get("GL_TESTDATA") or os.path.join(HERE, "..", "..", "core", "testdata")
DATA = os.path.normpath(os.path.join(_TESTDATA, "sdk-conformance"))

# the oracle's recorded message defaults do not show the self balance used for this call; the
# returned value says it was 1234
_BALANCE_OVERRIDES = {("message_context", "whoami"): 1234}

_ADDR_RE = re.compile(r" at 0x[0-9a-fA-F]+")

STATS = {"contracts": 0, "schemas_ok": 0, "calls": 0, "calls_ok": 0, "events": 0}


def _norm(s: str | None) -> str | None:
    return None if s is None else _ADDR_RE.sub(" at 0x\u2026", s)


def typed(v):
    """Typed JSON form (README there) -> Python value."""
    if isinstance(v, list):
        return [typed(x) for x in v]
    if isinstance(v, dict):
        if "int" in v:
            return int(v["int"])
        if "bytes" in v:
            return bytes.fromhex(v["bytes"][2:])
        if "address" in v:
            return Address(v["address"])
        if "map" in v:
            return {k: typed(x) for k, x in v["map"]}
        raise ValueError(f"unknown typed value {v!r}")
    return v


def _check_result(where: str, expected: dict, r) -> list[str]:
    errs = []
    kind = expected["kind"]
    if kind == "return":
        if r.kind != "return":
            return [f"{where}: expected return {expected['hex']}, got {r!r}"]
        got = "0x" + r.raw_value.hex()
        if got != expected["hex"]:
            errs.append(f"{where}: return hex {got} != {expected['hex']}")
    elif kind == "exit":
        code = expected["exit_code"]
        if code == 0:
            if r.kind != "return" or r.raw_value != b"\x00":
                errs.append(f"{where}: exit(0) should return null, got {r!r}")
        elif r.kind != "vm_error" or r.message != f"exit_code {code}":
            errs.append(f"{where}: exit({code}) should be vm_error exit_code {code}, got {r!r}")
    elif kind == "user_error":
        if r.kind != "user_error" or r.message != expected["message"]:
            errs.append(f"{where}: expected user_error {expected['message']!r}, got {r!r}")
    elif kind == "vm_error":
        if r.kind != "vm_error" or r.message != "exit_code 1":
            errs.append(f"{where}: expected vm_error exit_code 1, got {r!r}")
        elif r.exception != expected["exception"] or _norm(r.detail) != expected["message"]:
            errs.append(
                f"{where}: expected {expected['exception']}: {expected['message']!r}, "
                f"got {r.exception}: {_norm(r.detail)!r}"
            )
    else:
        errs.append(f"{where}: unknown expected kind {kind}")
    return errs


def run_contract(name: str) -> list[str]:
    with open(os.path.join(DATA, name + ".py"), encoding="utf-8") as f:
        code = f.read()
    with open(os.path.join(DATA, name + ".expected.json"), encoding="utf-8") as f:
        exp = json.load(f)
    errs: list[str] = []
    STATS["contracts"] += 1

    # schema
    r = run(code, "#get-schema")
    schema = exp["schema"]
    if "raw" in schema:
        if r.kind != "return" or r.value != schema["raw"]:
            errs.append(f"schema: expected {schema['raw']!r}, got {r!r}")
    else:
        errs += _check_result("schema", schema["error"], r)
    if not errs:
        STATS["schemas_ok"] += 1

    storage: dict = {}
    for i, call in enumerate(exp["calls"]):
        STATS["calls"] += 1
        op = call["op"]
        method = call.get("method")
        where = f"call #{i} {op} {method or ''}".rstrip()
        args = typed(call["args"])
        kwargs = {k: typed(v) for k, v in call["kwargs"]}
        entry = bytes.fromhex(call["entry_calldata"][2:])
        # our own encoding of the entry must agree with the recorded one
        obj: dict = {}
        if method:  # genlayer-js leaves an empty method name out
            obj["method"] = method
        if args:
            obj["args"] = args
        if kwargs:
            obj["kwargs"] = kwargs
        call_errs = []
        if calldata.encode(obj) != entry:
            call_errs.append(f"{where}: entry calldata differs from ours")
        sender = Address(call["sender_address"]) if "sender_address" in call else None
        opts = {}
        if sender is not None:
            opts["sender"] = sender
        host = FakeHost()
        r = run(
            code,
            entry_data=entry,
            host=host,
            deploy=(op == "deploy"),
            storage=storage,
            readonly=(op == "view"),
            value=int(call.get("value", "0")),
            balance=_BALANCE_OVERRIDES.get((name, method), 0),
            **opts,
        )
        call_errs += _check_result(where, call["result"], r)
        committed = r.kind == "return" and op != "view"
        if committed != call["state_committed"]:
            call_errs.append(f"{where}: state_committed {committed} != {call['state_committed']}")
        if "host_messages" in call:
            expected_msgs = typed(call["host_messages"])
            if r.effects != expected_msgs:
                call_errs.append(f"{where}: effects {r.effects!r} != {expected_msgs!r}")
            else:
                STATS["events"] += len(expected_msgs)
        elif r.effects:
            call_errs.append(f"{where}: unexpected effects {r.effects!r}")
        if committed:
            storage = {**storage, **r.writes}
        if not call_errs:
            STATS["calls_ok"] += 1
        errs += call_errs
    return errs


def _names() -> list[str]:
    return sorted(f[: -len(".expected.json")] for f in os.listdir(DATA) if f.endswith(".expected.json"))


def _check(name: str) -> None:
    errs = run_contract(name)
    assert not errs, "\n".join(errs)


def test_copy_to_memory():
    _check("copy_to_memory")


def test_decorators():
    _check("decorators")


def test_events():
    _check("events")


def test_int_overflow():
    _check("int_overflow")


def test_invalid_dict_field():
    _check("invalid_dict_field")


def test_invalid_int_field():
    _check("invalid_int_field")


def test_invalid_list_field():
    _check("invalid_list_field")


def test_invalid_public_init():
    _check("invalid_public_init")


def test_invalid_two_contracts():
    _check("invalid_two_contracts")


def test_invalid_unmarked_class():
    _check("invalid_unmarked_class")


def test_message_context():
    _check("message_context")


def test_optional_union():
    _check("optional_union")


def test_params_kwonly_defaults():
    _check("params_kwonly_defaults")


def test_return_types():
    _check("return_types")


def test_schema_unsupported_annotation():
    _check("schema_unsupported_annotation")


def test_special_methods():
    _check("special_methods")


def test_storage_address_datetime():
    _check("storage_address_datetime")


def test_storage_bigint_float():
    _check("storage_bigint_float")


def test_storage_dataclass():
    _check("storage_dataclass")


def test_storage_dynarray():
    _check("storage_dynarray")


def test_storage_fixed_array():
    _check("storage_fixed_array")


def test_storage_nested():
    _check("storage_nested")


def test_storage_primitives():
    _check("storage_primitives")


def test_storage_signed():
    _check("storage_signed")


def test_storage_treemap():
    _check("storage_treemap")


def test_storage_unsigned():
    _check("storage_unsigned")


def test_storage_views():
    _check("storage_views")


def test_user_errors():
    _check("user_errors")


def test_every_contract_is_tested():
    missing = [n for n in _names() if "test_" + n not in globals()]
    assert not missing, f"add a test function for {missing}"


def test_zz_summary():
    """Prints the totals when every contract ran in this process (runs last)."""
    if STATS["contracts"] == len(_names()):
        try:
            print(
                f"  conformance: {STATS['schemas_ok']}/{STATS['contracts']} schemas, "
                f"{STATS['calls_ok']}/{STATS['calls']} calls, {STATS['events']} events match the oracle"
            )
        except OSError:  # no stdout (Pyodide in a worker thread)
            pass
