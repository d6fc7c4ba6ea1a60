"""The deterministic clock and random, the import blocklist, file access, fresh modules, print."""

import datetime
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import Deployed, run  # noqa: E402

HEADER = '# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\n'

CLOCK = HEADER + '''
import time, datetime, random, os, uuid

class C(gl.Contract):
    stamp: datetime.datetime

    def __init__(self):
        pass

    @gl.public.write
    def clock(self) -> list:
        time.sleep(100)
        now = datetime.datetime.now()
        self.stamp = datetime.datetime.now(datetime.timezone.utc)
        return [
            repr(time.time()), time.time_ns(), now.isoformat(), datetime.datetime.utcnow().isoformat(),
            datetime.date.today().isoformat(), datetime.datetime.now(datetime.timezone.utc).isoformat(),
            time.strftime("%Y-%m-%d %H:%M"), isinstance(now, datetime.datetime), self.stamp.isoformat(),
            repr(datetime.datetime(2020, 1, 2)), datetime.datetime.today().isoformat(),
        ]

    @gl.public.write
    def rand(self) -> list:
        return [repr(random.random()), random.randint(0, 10**9), repr(random.Random().random()), os.urandom(4),
                str(uuid.uuid4())]
'''


def test_clock_is_transaction_time():
    r = run(CLOCK, "clock", datetime="2025-06-01T12:00:00Z")
    ts = datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.timezone.utc).timestamp()
    assert r.value == [
        repr(ts),
        int(ts) * 10**9,
        "2025-06-01T12:00:00",
        "2025-06-01T12:00:00",
        "2025-06-01",
        "2025-06-01T12:00:00+00:00",
        time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)),
        True,
        "2025-06-01T12:00:00+00:00",
        "datetime.datetime(2020, 1, 2, 0, 0)",
        "2025-06-01T12:00:00" if time.localtime(ts).tm_gmtoff == 0 else r.value[10],
    ], r
    # everything is back to normal afterwards
    assert datetime.datetime.now().__class__ is datetime.datetime
    assert time.time() > ts + 3600


def test_random_is_seeded():
    a = run(CLOCK, "rand", seed=b"seed-1")
    b = run(CLOCK, "rand", seed=b"seed-1")
    c = run(CLOCK, "rand", seed=b"seed-2")
    assert a.kind == "return", a
    assert a.value == b.value
    assert a.value != c.value
    state = random.getstate()
    run(CLOCK, "rand", seed=b"x")
    assert random.getstate() == state  # the host's random is left alone


BLOCKED = HEADER + '''
class C(gl.Contract):
    def __init__(self):
        pass

    @gl.public.view
    def try_import(self, name: str) -> str:
        try:
            exec("import " + name, {"__builtins__": __builtins__})
        except ImportError as e:
            return str(e)
        return "imported"

    @gl.public.view
    def try_from(self) -> str:
        try:
            from urllib import request
        except ImportError as e:
            return str(e)
        return "imported"

    @gl.public.view
    def sys_view(self) -> list:
        import sys
        return ["js" in sys.modules, hasattr(sys, "settrace"), hasattr(sys, "monitoring")]

    @gl.public.view
    def files(self) -> list:
        out = []
        try:
            open("/etc/passwd")
        except PermissionError as e:
            out.append("open denied")
        out.append(open("/contract.py").read().startswith("# {"))
        import os
        for f in (lambda: os.listdir("/"), lambda: os.path.exists("/etc"), lambda: os.remove("/x")):
            try:
                f()
                out.append("allowed")
            except PermissionError:
                out.append("denied")
        out.append(os.path.join("a", "b"))
        out.append(os.environ.get("HOME"))
        return out
'''


def test_import_blocklist():
    for name in ("js", "pyodide", "pyodide.ffi", "micropip", "ctypes", "subprocess", "socket", "ssl", "threading",
                 "_thread", "multiprocessing", "signal", "urllib.request", "http.client", "asyncio"):
        r = run(BLOCKED, "try_import", [name], readonly=True)
        top = name if name in ("urllib.request", "http.client") else name.split(".")[0]
        assert r.value == f"module '{top}' is not available to contracts", (name, r)
    assert run(BLOCKED, "try_import", ["json"]).value == "imported"
    assert run(BLOCKED, "try_import", ["urllib.parse"]).value == "imported"
    assert run(BLOCKED, "try_from").value == "module 'urllib.request' is not available to contracts"


def test_blocked_modules_hidden_from_sys_modules():
    import types

    fake_js = types.ModuleType("js")
    sys.modules["js"] = fake_js
    try:
        r = run(BLOCKED, "sys_view")
        assert r.value == [False, False, False], r
        assert sys.modules["js"] is fake_js  # put back afterwards
    finally:
        del sys.modules["js"]


def test_file_access():
    r = run(BLOCKED, "files")
    assert r.value == ["open denied", True, "denied", "denied", "denied", "a/b", None], r


FRESH = HEADER + '''
counter = [0]

class C(gl.Contract):
    stored: u32

    def __init__(self):
        self.stored = 1
        self.volatile = "set in init"

    @gl.public.write
    def bump(self) -> list:
        counter[0] += 1
        self.stored += 1
        print("bump", self.stored)
        return [counter[0], self.stored, getattr(self, "volatile", None)]
'''


def test_fresh_module_and_instance_every_execution():
    c = Deployed(FRESH)
    assert c.deploy().kind == "return"
    r1 = c.write("bump")
    r2 = c.write("bump")
    assert r1.value == [1, 2, None], r1
    assert r2.value == [1, 3, None], r2
    assert r2.stdout == "bump 3\n"
    assert "contract" not in sys.modules


def test_import_escape_hatches_are_covered():
    code = HEADER + '''
class C(gl.Contract):
    def __init__(self):
        pass

    @gl.public.view
    def go(self) -> list:
        import importlib, builtins
        out = []
        for name in ("js", "socket"):
            try:
                importlib.import_module(name)
                out.append("imported")
            except ImportError as e:
                out.append(str(e))
        out.append(hasattr(importlib.import_module("sys"), "settrace"))
        try:
            builtins.__import__("subprocess")
            out.append("imported")
        except ImportError as e:
            out.append(str(e))
        out.append(importlib.import_module("json").dumps([1]))
        return out
'''
    r = run(code, "go")
    assert r.value == [
        "module 'js' is not available to contracts",
        "module 'socket' is not available to contracts",
        False,
        "module 'subprocess' is not available to contracts",
        "[1]",
    ], r
