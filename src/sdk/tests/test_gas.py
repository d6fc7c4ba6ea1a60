"""Deterministic line-count gas and the uncatchable out-of-gas end."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import run  # noqa: E402

CODE = '''# { "Depends": "py-genlayer:test" }
from genlayer import *


class G(gl.Contract):
    n: u64

    def __init__(self):
        pass

    @gl.public.write
    def loop(self, k: int) -> int:
        total = 0
        for i in range(k):
            total += i
        self.n = total
        return total

    @gl.public.write
    def forever(self) -> None:
        while True:
            pass

    @gl.public.write
    def swallow(self) -> str:
        while True:
            try:
                while True:
                    pass
            except BaseException:
                pass

    @gl.public.write
    def swallow_finally(self) -> str:
        try:
            while True:
                pass
        finally:
            self.n = 1
            return "escaped"
'''


def test_gas_is_deterministic_and_grows():
    a = run(CODE, "loop", [10])
    b = run(CODE, "loop", [10])
    c = run(CODE, "loop", [1000])
    assert a.value == 45 and a.gas_used == b.gas_used > 0, (a, b)
    assert c.gas_used > a.gas_used + 1000, (a.gas_used, c.gas_used)


def test_out_of_gas():
    r = run(CODE, "forever", gas_limit=20_000)
    assert r.kind == "vm_error" and r.message == "out of gas", r
    assert r.gas_used == 20_000
    assert r.writes == {}
    r = run(CODE, "loop", [100_000], gas_limit=5_000)
    assert r.kind == "vm_error" and r.message == "out of gas", r


def test_out_of_gas_cannot_be_swallowed():
    r = run(CODE, "swallow", gas_limit=20_000)
    assert r.kind == "vm_error" and r.message == "out of gas", r
    r = run(CODE, "swallow_finally", gas_limit=20_000)
    assert r.kind == "vm_error" and r.message == "out of gas", r


def test_no_tracing_left_behind():
    run(CODE, "loop", [3])
    assert sys.gettrace() is None
    if hasattr(sys, "monitoring"):
        from genlayer import _gas

        if _gas._TOOL_ID is not None:
            assert sys.monitoring.get_events(_gas._TOOL_ID) == 0


def conformance_gas(names=("storage_nested", "storage_dataclass", "storage_treemap", "events")) -> list:
    """Gas of every call of some conformance scripts (used cold in a subprocess and warm here)."""
    import fakehost
    import test_conformance as tc

    used = []
    orig = tc.run

    def run_and_record(*a, **k):
        r = fakehost.run(*a, **k)
        used.append(r.gas_used)
        return r

    tc.run = run_and_record
    try:
        for n in names:
            tc.run_contract(n)
    finally:
        tc.run = orig
    return used


def test_gas_independent_of_history():
    """The same execution costs the same in a fresh interpreter and after other executions."""
    import json
    import subprocess

    if sys.platform == "emscripten":
        return  # no subprocesses in Pyodide
    here = os.path.dirname(os.path.abspath(__file__))
    script = (
        "import sys, json; sys.path[:0] = [%r, %r]\n"
        "from fakehost import run; import test_gas\n"
        "print(json.dumps([run(test_gas.CODE, 'loop', [10]).gas_used,"
        " run(test_gas.CODE, 'swallow', gas_limit=3000).gas_used, test_gas.conformance_gas()]))\n"
    ) % (os.path.dirname(here), here)
    cold = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert cold.returncode == 0, cold.stderr
    conformance_gas(("copy_to_memory", "storage_views"))  # warm the interpreter up some more
    warm = [run(CODE, "loop", [10]).gas_used, run(CODE, "swallow", gas_limit=3000).gas_used, conformance_gas()]
    assert json.loads(cold.stdout) == warm, (cold.stdout, warm)
