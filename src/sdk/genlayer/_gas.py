"""Deterministic compute metering: one unit of gas per executed line of contract or SDK code.

Only lines of the contract (``/contract.py``) and of this package count; the standard library
and the execution machinery itself (``_runner``, ``_context``, ``_gas``, ``_determinism``,
``_host``) do not. The count therefore depends only on the contract, its inputs and the SDK
version, so every validator gets the same number for the same execution.

Backends: ``sys.monitoring`` LINE events (Python >= 3.12; locations that do not count are
disabled after their first event, so they cost nothing afterwards) or ``sys.settrace`` (3.11).
Monitoring is switched on only while an execution runs.

A *fatal* condition (out of gas, host abort, validator disagreement, immediate user error) is
raised from the line hook on EVERY later counted line, so contract code cannot swallow it with
``except BaseException``: only the execution machinery (whose files are not metered) catches it.
"""

import os
import sys

__all__ = ["Fatal", "Meter", "CONTRACT_FILE"]

CONTRACT_FILE = "/contract.py"

_PKG_DIR = os.path.dirname(os.path.abspath(__file__))
_UNMETERED = {
    os.path.join(_PKG_DIR, name)
    for name in ("_runner.py", "_context.py", "_gas.py", "_determinism.py", "_host.py")
}


class Fatal(BaseException):
    """An uncatchable end of the current VM (``depth``) or of the whole execution (depth 0).

    ``kind`` is ``"user_error"`` or ``"vm_error"``; ``message`` the result message; ``detail``
    extra text for humans (never part of consensus-relevant data).
    """

    def __init__(self, kind: str, message: str, depth: int = 0, detail: str = ""):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.depth = depth
        self.detail = detail

    def fresh(self) -> "Fatal":
        return Fatal(self.kind, self.message, self.depth, self.detail)

    def __del__(self):
        # settrace backend (3.11): CPython switches tracing off when the trace function raises;
        # when contract code swallowed the exception, its release is our cue to switch it back
        # on, so the next metered line raises again.
        m = _ACTIVE
        if m is not None and m.fatal is not None:
            try:
                m.rearm(2)
            except Exception:
                pass


def _is_metered(filename: str) -> bool:
    if filename == CONTRACT_FILE:
        return True
    try:
        path = os.path.abspath(filename)
    except Exception:
        return False
    return path.startswith(_PKG_DIR + os.sep) and path not in _UNMETERED


_HAS_MONITORING = hasattr(sys, "monitoring")
_ACTIVE: "Meter | None" = None  # the running meter
_TOOL_ID: int | None = None  # our sys.monitoring tool id, kept for the process lifetime


def _acquire_tool_id() -> int:
    global _TOOL_ID
    if _TOOL_ID is not None and sys.monitoring.get_tool(_TOOL_ID) == "genlayer-gas":
        return _TOOL_ID
    for tid in (4, 3, 2, 1, 0):
        if sys.monitoring.get_tool(tid) is None:
            sys.monitoring.use_tool_id(tid, "genlayer-gas")
            _TOOL_ID = tid
            return tid
    raise RuntimeError("no free sys.monitoring tool id for gas metering")


class Meter:
    """Counts executed lines between ``start()`` and ``stop()``; raises ``Fatal`` past ``limit``."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0
        self.fatal: Fatal | None = None
        self.running = False
        self._cache: dict[str, bool] = {}
        self._prev_trace = None

    # -- fatal conditions -------------------------------------------------------------------------

    def set_fatal(self, fatal: Fatal) -> Fatal:
        """Record ``fatal`` (the first one wins unless the new one ends more VMs) and return it."""
        if self.fatal is None or fatal.depth < self.fatal.depth:
            self.fatal = fatal
        return self.fatal

    def _hit(self) -> None:
        # called on every counted line
        self.used += 1
        if self.fatal is not None:
            raise self.fatal.fresh()
        if self.used > self.limit:
            raise self.set_fatal(Fatal("vm_error", "out of gas", 0, "gas limit %d exceeded" % self.limit)).fresh()

    def metered(self, filename: str) -> bool:
        r = self._cache.get(filename)
        if r is None:
            r = self._cache[filename] = _is_metered(filename)
        return r

    # -- sys.monitoring backend -------------------------------------------------------------------

    def _on_line(self, code, line):
        if not self.metered(code.co_filename):
            return sys.monitoring.DISABLE
        self._hit()
        return None

    # -- sys.settrace backend ---------------------------------------------------------------------

    def _global_trace(self, frame, event, arg):
        if event == "call" and self.metered(frame.f_code.co_filename):
            return self._local_trace
        return None

    def _local_trace(self, frame, event, arg):
        if event == "line":
            self._hit()
        return self._local_trace

    def rearm(self, skip: int = 1) -> None:
        """settrace backend: a trace function that raised is switched off by CPython; put it back
        (globally and on the live frames) after a VM boundary caught the exception."""
        if _HAS_MONITORING or not self.running:
            return
        sys.settrace(self._global_trace)
        f = sys._getframe(skip)
        while f is not None:
            if self.metered(f.f_code.co_filename):
                f.f_trace = self._local_trace
            f = f.f_back

    # -- control ----------------------------------------------------------------------------------

    def start(self) -> None:
        global _ACTIVE
        if self.running:
            return
        self.running = True
        _ACTIVE = self
        if _HAS_MONITORING:
            tid = _acquire_tool_id()
            mon = sys.monitoring
            mon.register_callback(tid, mon.events.LINE, self._on_line)
            mon.set_events(tid, mon.events.LINE)
        else:
            self._prev_trace = sys.gettrace()
            sys.settrace(self._global_trace)

    def stop(self) -> None:
        global _ACTIVE
        if not self.running:
            return
        self.running = False
        if _ACTIVE is self:
            _ACTIVE = None
        if _HAS_MONITORING:
            mon = sys.monitoring
            mon.set_events(_TOOL_ID, 0)
            mon.register_callback(_TOOL_ID, mon.events.LINE, None)
        else:
            sys.settrace(self._prev_trace)
            f = sys._getframe(1)
            while f is not None:
                if f.f_trace is self._local_trace:
                    f.f_trace = None
                f = f.f_back

    @property
    def reported(self) -> int:
        return min(self.used, self.limit)
