/**
 * The contracts of the sandbox escape suite (sandbox-escapes.test.ts): `Escapes`, whose methods
 * each try one way out of the sandbox; `Target`, another contract whose storage the attempts go
 * after; `Counter`, the honest contract whose transactions must keep finalizing; and, for the
 * enclave part, `Vault` (keeps an encrypted argument sealed) and `Thief` (runs inside the same
 * enclave workers and hunts for it and for the enclave's secrets).
 */

export const COUNTER = `# { "Depends": "py-genlayer:test" }
from genlayer import *

class Counter(gl.Contract):
    count: u256

    def __init__(self):
        self.count = 0

    @gl.public.write
    def increment(self) -> int:
        self.count += 1
        return self.count
`;

export const TARGET = `# { "Depends": "py-genlayer:test" }
from genlayer import *

class Target(gl.Contract):
    secret: str

    def __init__(self, secret: str):
        self.secret = secret

    @gl.public.write
    def set_secret(self, value: str) -> None:
        self.secret = value

    @gl.public.view
    def get_secret(self) -> str:
        return self.secret
`;

export const ESCAPES = `# { "Depends": "py-genlayer:test" }
import typing
from genlayer import *


def _real_globals(name):
    """A stdlib function's module globals, reached without importing anything."""
    for cls in ().__class__.__base__.__subclasses__():
        if cls.__name__ == name:
            return cls.__init__.__globals__
    raise LookupError(name)


class Escapes(gl.Contract):
    note: str
    target: Address

    def __init__(self, target: Address):
        self.target = target

    @gl.public.write
    def import_module(self, name: str) -> str:
        __import__(name)
        return "imported " + name

    @gl.public.write
    def import_statement_js(self) -> str:
        import js
        return str(js.globalThis)

    @gl.public.write
    def importlib_module(self, name: str) -> str:
        import importlib
        return str(importlib.import_module(name))

    @gl.public.write
    def sys_module(self, name: str) -> str:
        import sys
        return str(sys.modules[name])

    @gl.public.write
    def js_through_pyodide_internals(self) -> str:
        import gc
        for o in gc.get_objects():
            if getattr(o, "__name__", None) == "to_js" and callable(o):
                return str(o({"a": 1}).constructor.constructor("return globalThis")())
        raise LookupError("no JavaScript converter left on the heap")

    @gl.public.write
    def os_call(self, name: str) -> str:
        import os
        calls = {
            "system": lambda: os.system("id"),
            "popen": lambda: os.popen("id"),
            "fork": lambda: os.fork(),
            "execv": lambda: os.execv("/bin/sh", ["sh"]),
            "kill": lambda: os.kill(1, 9),
        }
        return str(calls[name]())

    @gl.public.write
    def open_file(self, path: str, mode: str) -> str:
        with open(path, mode) as f:
            return str(f.read(16))

    @gl.public.write
    def io_open(self, path: str, mode: str) -> str:
        import io
        with io.open(path, mode) as f:
            return str(f.read(16)) if "r" in mode else str(f.write(b"x = 1\\n"))

    @gl.public.write
    def write_through_real_os(self, path: str) -> str:
        g = _real_globals("_wrap_close")
        fd = g["open"](path, g["O_WRONLY"] | g["O_CREAT"] | g["O_TRUNC"])
        g["write"](fd, b"raise SystemExit\\n")
        return "wrote " + path

    @gl.public.write
    def process_through_real_os(self, name: str) -> str:
        g = _real_globals("_wrap_close")
        return str(g[name]("id") if name == "system" else g[name]())

    @gl.public.write
    def unlink(self, path: str) -> str:
        import pathlib
        pathlib.Path(path).unlink()
        return "deleted " + path

    @gl.public.write
    def tamper(self) -> str:
        import json, random, genlayer._determinism as det
        b = _real_globals("_wrap_close")["__builtins__"]
        b = b if isinstance(b, dict) else vars(b)
        b["open"] = lambda *a, **k: "hijacked open"
        b["__import__"] = lambda *a, **k: "hijacked import"
        b["print"] = lambda *a, **k: None
        json.dumps = lambda *a, **k: "hijacked json"
        random.randint = lambda a, b: 4
        det._contract_import = lambda *a, **k: "hijacked contract import"
        gl.message_raw["sender_address"] = self.target
        _real_globals("_wrap_close")["sys"].addaudithook(lambda event, args: 1 / 0)
        return "tampered"

    @gl.public.write
    def pristine(self) -> typing.Any:
        import json, random, genlayer._determinism as det
        try:
            open("/etc/passwd")
        except PermissionError as e:
            file_refusal = str(e)
        try:
            import js
        except ImportError as e:
            import_refusal = str(e)
        b = _real_globals("_wrap_close")["__builtins__"]
        b = b if isinstance(b, dict) else vars(b)
        return [json.dumps({"a": 1}), file_refusal, b["open"].__name__, b["__import__"].__name__, random.randint(10, 10),
                det._contract_import.__name__, import_refusal]

    @gl.public.write
    def recurse(self) -> int:
        def down(n):
            return down(n + 1)
        return down(0)

    @gl.public.write
    def hoard_memory(self) -> int:
        hoard = []
        while True:
            hoard.append(bytearray(50_000_000))

    @gl.public.write
    def spin(self) -> int:
        while True:
            pass

    @gl.public.write
    def huge_return(self) -> bytes:
        return b"x" * 200_000_000

    @gl.public.write
    def flood_stdout(self) -> int:
        line = "y" * 1_000_000
        for _ in range(100):
            print(line)
        return 100

    @gl.public.write
    def stall(self) -> str:
        import time
        time.sleep(3600)
        return "woke up"

    @gl.public.write
    def clocks(self) -> typing.Any:
        import time, datetime, os, pathlib
        return [time.time_ns(), datetime.datetime.now(datetime.timezone.utc).isoformat(), time.monotonic_ns(),
                time.perf_counter_ns(), time.process_time_ns(), time.clock_gettime_ns(time.CLOCK_REALTIME),
                str(os.times()), int(pathlib.Path(gl.__file__).stat().st_mtime)]

    @gl.public.write
    def entropy(self) -> typing.Any:
        import os, secrets, random, uuid
        c_seeded = random.Random()
        random.Random.__mro__[1].seed(c_seeded, None)
        real_sys = _real_globals("_wrap_close")["sys"]
        return [os.urandom(8).hex(), secrets.token_hex(8), str(random.SystemRandom().random()), str(uuid.uuid4()),
                c_seeded.getrandbits(32), real_sys.modules["posix"].urandom(8).hex()]

    @gl.public.write
    def identities(self) -> typing.Any:
        a, b = object(), object()
        return [id(a), id(b), hash(a), repr(b), [type(x).__name__ for x in {a, b, 1, "s"}]]

    @gl.public.write
    def set_order(self) -> typing.Any:
        return [list({"pear", "apple", "fig", "kiwi", "plum"}), list({("a", 1), ("b", 2), ("c", 3)})]

    @gl.public.write
    def read_target_slot(self) -> str:
        import genlayer._host as host
        answer = host.call({"StorageRead": {"address": self.target, "slot": bytes(32)}})
        raise RuntimeError(answer["error"])

    @gl.public.write
    def overwrite_target_slots(self) -> int:
        import genlayer._host as host
        answer = host.call({"CallContract": {"address": self.target, "state": 0}})
        slots = answer["ok"]["storage"]
        for k in slots:
            slots[k] = b"pwned".ljust(32, b"!")
        return len(slots)

    @gl.public.write
    def write_through_view_call(self) -> None:
        gl.get_contract_at(self.target).view().set_secret("pwned")

    @gl.public.view
    def write_in_view(self) -> str:
        self.note = "written in a view"
        return self.note

    @gl.public.write
    def write_in_nondet(self) -> int:
        def leader():
            self.note = "written in a non-deterministic block"
            return 1
        return gl.eq_principle.strict_eq(leader)

    @gl.public.write
    def emit_in_nondet(self) -> int:
        def leader():
            gl.get_contract_at(self.target).emit().set_secret("pwned")
            return 1
        return gl.eq_principle.strict_eq(leader)

    @gl.public.write
    def escape_exceptions(self, kind: str) -> str:
        raise {"KeyboardInterrupt": KeyboardInterrupt(), "SystemExit": SystemExit(3), "GeneratorExit": GeneratorExit()}[kind]
`;

/** The victim: keeps its encrypted argument in a sealed field; plaintext only inside enclaves. */
export const VAULT = `# { "Depends": "py-genlayer:test" }
from genlayer import *

@gl.confidential
class Vault(gl.Contract):
    secret: gl.ConfidentialField[str]

    def __init__(self):
        pass

    @gl.public.write
    def put(self, value: gl.EncryptedField[str]) -> int:
        self.secret = value
        return len(value)

    @gl.public.view
    def secret_length(self) -> int:
        return len(self.secret)
`;

/** The attacker: a confidential contract too, so it runs inside the same enclave workers. */
export const THIEF = `# { "Depends": "py-genlayer:test" }
from genlayer import *

@gl.confidential
class Thief(gl.Contract):
    vault: Address

    def __init__(self, vault: Address):
        self.vault = vault

    @gl.public.write
    def set_trap(self) -> str:
        import genlayer.py.calldata as cd
        real = cd.decode
        stash = cd.__dict__.setdefault("stash", [])
        def spy(data, *args, **kwargs):
            value = real(data, *args, **kwargs)
            stash.append(repr(value))
            return value
        cd.decode = spy
        return "trap set"

    @gl.public.write
    def collect(self) -> str:
        import genlayer.py.calldata as cd
        found = [s for s in cd.__dict__.get("stash", []) if "MARKER" in s]
        if not found:
            raise LookupError("the trap caught nothing")
        return found[0]

    @gl.public.write
    def import_js(self) -> str:
        import js
        return str(js.globalThis)

    @gl.public.write
    def read_vault(self) -> int:
        return gl.get_contract_at(self.vault).view().secret_length()

    @gl.public.write
    def hunt(self) -> str:
        import gc, sys
        seen = 0
        for o in gc.get_objects():
            seen += 1
            name = type(o).__name__
            if "Js" in name or "Enclave" in name or "Share" in name:
                return "found " + name
        for mod in list(sys.modules.values()):
            for k, v in list(vars(mod).items()) if mod is not None else []:
                if isinstance(v, (str, bytes)) and (b"MARKER" in v if isinstance(v, bytes) else "MARKER" in v):
                    return "found " + k
        raise LookupError("no enclave object or secret among the objects on the heap and the modules' globals")
`;
