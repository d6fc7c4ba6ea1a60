"""Make one execution deterministic and keep contracts away from the host (not metered).

``Patches(tx_datetime, seed).apply()`` / ``.undo()`` bracket an execution:

* ``time.time()``, ``time.time_ns()``, ``datetime.datetime.now()/utcnow()/today()``,
  ``datetime.date.today()`` and the no-argument forms of ``time.gmtime/localtime/ctime/asctime/
  strftime`` give the transaction time; ``time.sleep`` does nothing;
* ``random`` (module functions, new ``random.Random()`` instances, ``SystemRandom``) and
  ``os.urandom`` are driven by the request's seed;
* the host-escape modules (``js``, ``pyodide``, ``micropip``, ``ctypes``, ...) are taken out of
  ``sys.modules`` and cannot be imported at all while the execution runs.

``contract_builtins(frame_code)`` is the ``__builtins__`` of a contract module: its ``import``
refuses the blocked modules (``ImportError("module 'X' is not available to contracts")``) and
hands out restricted ``os`` and ``sys`` modules; ``open()`` can only read ``/contract.py``;
``exit()``/``quit()`` raise ``SystemExit`` without touching stdin.
"""

import builtins
import datetime as _dt_mod
import importlib.abc
import io
import os
import random
import sys
import time
import types

__all__ = ["BLOCKED_MODULES", "Patches", "contract_builtins"]

BLOCKED_MODULES = (
    "js",
    "pyodide",
    "pyodide_js",
    "_pyodide",
    "_pyodide_core",
    "pyodide_http",
    "micropip",
    "ctypes",
    "_ctypes",
    "subprocess",
    "socket",
    "_socket",
    "ssl",
    "threading",
    "_thread",
    "multiprocessing",
    "signal",
    "_signal",
    "urllib.request",
    "http.client",
    "asyncio",
    # the C modules under os and subprocess: the contract's os is a restricted copy
    "posix",
    "_posixsubprocess",
)

# modules that no code may import during an execution (nothing in the stdlib needs them); the
# others are refused only to the contract's own imports, because stdlib modules use them
_HARD_BLOCKED = ("js", "pyodide", "pyodide_js", "_pyodide", "_pyodide_core", "pyodide_http", "micropip", "ctypes", "_ctypes")


def _by_top_level(names: tuple) -> dict:
    """Blocked names grouped by their top-level package, in their original order."""
    index: dict = {}
    for b in names:
        index.setdefault(b.partition(".")[0], []).append(b)
    return index


# every hard-blocked name is a top-level package
_HARD_TOP_LEVEL = frozenset(_HARD_BLOCKED)
assert all("." not in b for b in _HARD_TOP_LEVEL)

_INDEXES = {id(BLOCKED_MODULES): _by_top_level(BLOCKED_MODULES), id(_HARD_BLOCKED): _by_top_level(_HARD_BLOCKED)}


def _blocked_name(name: str, names=BLOCKED_MODULES) -> str | None:
    """The entry of ``names`` that ``name`` is or lies inside, or None. Runs for every module on
    each execution, so the two fixed lists are looked up by top-level package instead of scanned."""
    index = _INDEXES.get(id(names))
    candidates = names if index is None else index.get(name.partition(".")[0], ())
    for b in candidates:
        if name == b or name.startswith(b + "."):
            return b
    return None


def _not_available(name: str) -> ImportError:
    return ImportError(f"module '{name}' is not available to contracts", name=name)


class _HardBlocker(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        b = _blocked_name(fullname, _HARD_BLOCKED)
        if b is not None:
            raise _not_available(b)
        return None


_REAL_DATETIME = _dt_mod.datetime


class _DatetimeMeta(type):
    """Makes the deterministic ``datetime`` stand in for the real class: instances of the real
    class pass ``isinstance``, and the class compares and hashes equal to the real one, so
    lookups keyed by ``datetime.datetime`` (storage field types, for one) still find it."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, _REAL_DATETIME)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, _REAL_DATETIME)

    def __eq__(cls, other):
        return other is cls or other is _REAL_DATETIME

    def __ne__(cls, other):
        return not (other is cls or other is _REAL_DATETIME)

    def __hash__(cls):
        return hash(_REAL_DATETIME)


class _DetDatetime(_REAL_DATETIME, metaclass=_DatetimeMeta):
    """``datetime.datetime`` whose ``now``/``utcnow``/``today`` give the transaction time."""

    _tx: _REAL_DATETIME = _REAL_DATETIME(1970, 1, 1, tzinfo=_dt_mod.timezone.utc)

    @classmethod
    def _make(cls, d):
        return cls(d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, d.tzinfo, fold=d.fold)

    @classmethod
    def now(cls, tz=None):
        tx = _DetDatetime._tx
        if tz is None:
            return cls._make(tx.replace(tzinfo=None))
        return cls._make(tx.astimezone(tz))

    @classmethod
    def utcnow(cls):
        return cls._make(_DetDatetime._tx.replace(tzinfo=None))

    @classmethod
    def today(cls):
        return cls.now()

    def __repr__(self):
        r = _REAL_DATETIME.__repr__(self)
        return r if r.startswith("datetime.") else "datetime." + r


_DetDatetime.__name__ = "datetime"
_DetDatetime.__qualname__ = "datetime"
_DetDatetime.__module__ = "datetime"


def _parse_tx_datetime(text: str | None) -> _REAL_DATETIME:
    if not text:
        return _REAL_DATETIME(1970, 1, 1, tzinfo=_dt_mod.timezone.utc)
    s = text.strip()
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    d = _REAL_DATETIME.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt_mod.timezone.utc)
    return d.astimezone(_dt_mod.timezone.utc)


class Patches:
    """Determinism patches for one execution."""

    def __init__(self, tx_datetime: str | None, seed: bytes):
        self.tx = _parse_tx_datetime(tx_datetime)
        self.ts = self.tx.timestamp()
        self.ts_ns = (
            int((self.tx - _REAL_DATETIME(1970, 1, 1, tzinfo=_dt_mod.timezone.utc)) // _dt_mod.timedelta(microseconds=1)) * 1000
        )
        self.seed = bytes(seed or b"")
        self._undo: list = []
        self._applied = False

    def _set(self, obj, name, value):
        had = name in vars(obj) if isinstance(obj, type) else hasattr(obj, name)
        old = getattr(obj, name, None)
        setattr(obj, name, value)
        self._undo.append((obj, name, had, old))

    def apply(self) -> None:
        if self._applied:
            return
        self._applied = True
        ts, ts_ns = self.ts, self.ts_ns

        # clock
        self._set(time, "time", lambda: ts)
        self._set(time, "time_ns", lambda: ts_ns)
        self._set(time, "sleep", lambda secs: None)
        real_gmtime, real_localtime = time.gmtime, time.localtime
        real_asctime, real_strftime = time.asctime, time.strftime
        self._set(time, "gmtime", lambda secs=None: real_gmtime(ts if secs is None else secs))
        self._set(time, "localtime", lambda secs=None: real_localtime(ts if secs is None else secs))
        self._set(time, "ctime", lambda secs=None: real_asctime(real_localtime(ts if secs is None else secs)))
        self._set(time, "asctime", lambda t=None: real_asctime(real_localtime(ts) if t is None else t))
        self._set(
            time, "strftime", lambda fmt, t=None: real_strftime(fmt, real_localtime(ts) if t is None else t)
        )
        _DetDatetime._tx = self.tx
        self._set(_dt_mod, "datetime", _DetDatetime)

        # randomness
        rng_state = random.getstate()
        self._undo.append(("random-state", rng_state))
        random.seed(self.seed)
        det = random.Random(b"urandom:" + self.seed)
        counter = [0]

        def urandom(n):
            return det.randbytes(n) if n > 0 else b""

        def new_seed(self_, a=None, version=2):
            if a is None:
                counter[0] += 1
                a = b"instance:%d:" % counter[0] + self.seed
            return _REAL_SEED(self_, a, version)

        self._set(os, "urandom", urandom)
        if hasattr(random, "_urandom"):
            self._set(random, "_urandom", urandom)
        self._set(random.Random, "seed", new_seed)

        # host escapes
        stashed = {}
        hard = _HARD_TOP_LEVEL
        for name in [n for n in sys.modules if n.partition(".")[0] in hard]:
            stashed[name] = sys.modules.pop(name)
        blocker = _HardBlocker()
        sys.meta_path.insert(0, blocker)
        self._undo.append(("modules", stashed, blocker))

    def undo(self) -> None:
        if not self._applied:
            return
        self._applied = False
        while self._undo:
            item = self._undo.pop()
            if item[0] == "random-state":
                random.setstate(item[1])
            elif item[0] == "modules":
                _, stashed, blocker = item
                try:
                    sys.meta_path.remove(blocker)
                except ValueError:
                    pass
                sys.modules.update(stashed)
            else:
                obj, name, had, old = item
                if had:
                    setattr(obj, name, old)
                else:
                    try:
                        delattr(obj, name)
                    except AttributeError:
                        pass


_REAL_SEED = random.Random.seed

# -- what a contract module sees ----------------------------------------------------------------

_OS_DENIED = (
    "open", "fdopen", "listdir", "scandir", "walk", "fwalk", "stat", "lstat", "remove", "unlink",
    "rmdir", "removedirs", "mkdir", "makedirs", "rename", "renames", "replace", "chdir", "fchdir",
    "chmod", "lchmod", "chown", "lchown", "fchown", "link", "symlink", "readlink", "truncate",
    "ftruncate", "utime", "access", "getcwd", "getcwdb", "system", "popen", "execv", "execve",
    "execl", "execle", "execlp", "execlpe", "execvp", "execvpe", "spawnv", "spawnve", "spawnl",
    "spawnle", "fork", "forkpty", "kill", "killpg", "putenv", "unsetenv", "mkfifo", "mknod",
    "read", "write", "pread", "pwrite", "sendfile", "statvfs", "chroot", "startfile", "posix_spawn",
    "posix_spawnp", "get_terminal_size", "dup", "dup2", "pipe", "openpty", "lseek", "fsync",
)
_PATH_DENIED = (
    "exists", "lexists", "isfile", "isdir", "islink", "ismount", "getsize", "getmtime", "getatime",
    "getctime", "samefile", "sameopenfile", "realpath", "isjunction", "isdevdrive",
)
_SYS_DENIED = ("settrace", "setprofile", "monitoring", "addaudithook", "remote_exec", "_current_frames", "setswitchinterval")


def _denied(name: str):
    def fn(*args, **kwargs):
        raise PermissionError(f"{name}() is not available to contracts (no file or process access)")

    fn.__name__ = name.rsplit(".", 1)[-1]
    return fn


_SAFE_OS: types.ModuleType | None = None


def _safe_os() -> types.ModuleType:
    global _SAFE_OS
    if _SAFE_OS is None:
        path = types.ModuleType(os.path.__name__, os.path.__doc__)
        path.__dict__.update({k: v for k, v in vars(os.path).items() if not k.startswith("__")})
        for n in _PATH_DENIED:
            if hasattr(os.path, n):
                setattr(path, n, _denied("os.path." + n))
        m = types.ModuleType("os", os.__doc__)
        m.__dict__.update({k: v for k, v in vars(os).items() if not k.startswith("__")})
        for n in _OS_DENIED:
            if hasattr(os, n):
                setattr(m, n, _denied("os." + n))
        m.environ = {}
        m.environb = {}
        m.getenv = lambda key, default=None: default
        m.path = path
        m.urandom = lambda n: os.urandom(n)  # the deterministic one while executing
        _SAFE_OS = m
    return _SAFE_OS


def _safe_sys() -> types.ModuleType:
    m = types.ModuleType("sys", sys.__doc__)
    m.__dict__.update({k: v for k, v in vars(sys).items() if not k.startswith("__")})
    for n in _SYS_DENIED:
        m.__dict__.pop(n, None)
    m.modules = {k: v for k, v in sys.modules.items() if _blocked_name(k) is None}
    return m


_REAL_IMPORT = builtins.__import__


def _contract_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0:
        b = _blocked_name(name)
        if b is not None:
            raise _not_available(b)
        for item in fromlist or ():
            if isinstance(item, str):
                b = _blocked_name(name + "." + item)
                if b is not None:
                    raise _not_available(b)
        top = name.partition(".")[0]
        if top == "os":
            _REAL_IMPORT(name, globals, locals, fromlist, level)
            m = _safe_os()
            return m.path if (fromlist and name == "os.path") else m
        if name == "sys":
            _REAL_IMPORT(name, globals, locals, fromlist, level)
            return _safe_sys()
        if name == "importlib":
            _REAL_IMPORT(name, globals, locals, fromlist, level)
            return _safe_importlib()
        if name == "gc":
            _REAL_IMPORT(name, globals, locals, fromlist, level)
            return _safe_gc()
        if name == "builtins" and isinstance(globals, dict) and isinstance(globals.get("__builtins__"), dict):
            m = types.ModuleType("builtins")
            m.__dict__.update(globals["__builtins__"])
            return m
    return _REAL_IMPORT(name, globals, locals, fromlist, level)


_HOST_TYPE_MODULES = ("pyodide", "_pyodide", "pyodide_js", "js", "micropip", "genlayer._")


def _host_object(o) -> bool:
    t = type(o)
    mod = getattr(t, "__module__", None) or ""
    if mod.startswith(_HOST_TYPE_MODULES) or "Js" in t.__name__:
        return True
    if isinstance(o, type):
        own = getattr(o, "__module__", None) or ""
        return own.startswith(_HOST_TYPE_MODULES)
    return False


def _safe_gc() -> types.ModuleType:
    """``gc`` without a way to reach the host bridge's (or the runner's) objects."""
    import gc

    m = types.ModuleType("gc", gc.__doc__)
    m.__dict__.update({k: v for k, v in vars(gc).items() if not k.startswith("__")})
    m.get_objects = lambda *a, **k: [o for o in gc.get_objects(*a, **k) if not _host_object(o)]
    m.get_referrers = lambda *objs: [o for o in gc.get_referrers(*objs) if not _host_object(o)]
    m.get_referents = lambda *objs: [o for o in gc.get_referents(*objs) if not _host_object(o)]
    return m


def _safe_importlib() -> types.ModuleType:
    import importlib

    m = types.ModuleType("importlib", importlib.__doc__)
    m.__dict__.update({k: v for k, v in vars(importlib).items() if not k.startswith("__")})

    def import_module(name, package=None):
        if name.startswith("."):
            raise ImportError("relative imports are not available to contracts")
        mod = _contract_import(name, None, None, ("__name__",), 0)
        return mod

    m.import_module = import_module
    m.__import__ = _contract_import
    return m


def _exit(code=None):
    raise SystemExit(code)


def contract_builtins(source_getter) -> dict:
    """``__builtins__`` for a contract module; ``source_getter()`` returns its source text."""

    def _open(file, mode="r", *args, **kwargs):
        if file in ("/contract.py", "contract.py") and set(str(mode)) <= set("rbt"):
            src = source_getter()
            if "b" in str(mode):
                return io.BytesIO(src.encode("utf-8"))
            return io.StringIO(src)
        raise PermissionError(f"file access is not available to contracts: {file!r}")

    def _input(*args, **kwargs):
        raise PermissionError("input() is not available to contracts")

    b = dict(vars(builtins))
    b["__import__"] = _contract_import
    b["open"] = _open
    b["input"] = _input
    b["exit"] = _exit
    b["quit"] = _exit
    b["breakpoint"] = lambda *a, **k: None
    return b
