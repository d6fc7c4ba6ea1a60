"""Per-execution state and the VM boundaries (not metered: see ``_gas``).

One ``Execution`` exists while ``_runner.execute`` runs. It owns what is shared by everything in
that execution (mode, the leader's non-deterministic results, effects, the gas meter, captured
output) and a stack of ``Frame``s. A frame is one "VM": the main contract call, a nested contract
view call, a non-deterministic block or a sandbox. It holds ``gl.message`` and the permissions
(storage writes, sending messages, calling contracts, non-deterministic operations).

Everything that must survive an uncatchable ``Fatal`` unwinding (pushing/popping frames,
classifying how a VM ended) lives here, because the gas hook raises on every metered line.
"""

import linecache
import sys
import traceback
import typing

from genlayer import _host
from genlayer._gas import Fatal, Meter

__all__ = ["Execution", "Frame", "Outcome", "execution", "current", "try_current"]

_EXEC: "Execution | None" = None


class Frame:
    """One VM inside an execution."""

    def __init__(
        self,
        kind: str,
        *,
        message,
        raw: dict,
        store,
        balance: int,
        code: str | None = None,
        deny_write: str | None = None,
        deny_send: str | None = None,
        deny_call: str | None = None,
        nondet: bool = False,
    ):
        self.kind = kind  # "main" | "call" | "nondet" | "sandbox"
        self.message = message
        self.raw = raw
        self.store = store
        self.balance = balance
        self.code = code  # contract source, for frames that run a contract module
        self.module = None
        self.contract_cls = None
        self.deny_write = deny_write
        self.deny_send = deny_send
        self.deny_call = deny_call
        self.nondet = nondet
        self.depth = 0
        self._saved: tuple | None = None

    def child(self, kind: str, **kw) -> "Frame":
        """A frame that shares this one's contract, message and storage."""
        f = Frame(
            kind,
            message=self.message,
            raw=self.raw,
            store=self.store,
            balance=self.balance,
            deny_write=kw.pop("deny_write", self.deny_write),
            deny_send=kw.pop("deny_send", self.deny_send),
            deny_call=kw.pop("deny_call", self.deny_call),
            nondet=kw.pop("nondet", self.nondet),
        )
        f.code = self.code
        f.module = self.module
        f.contract_cls = self.contract_cls
        assert not kw, kw
        return f


class Outcome(typing.NamedTuple):
    """How a VM ended: code 0 return (``value``), 1 user error, 2 VM error (``message``)."""

    code: int
    value: typing.Any = None
    message: str = ""
    exception: str | None = None
    detail: str | None = None


class Execution:
    def __init__(self, *, mode: str, leader_results: list, gas_limit: int):
        self.mode = mode
        self.leader_results = list(leader_results)
        self.nondet_index = 0
        self.nondet_out: list[bytes] = []
        self.effects: list[dict] = []
        self.meter = Meter(gas_limit)
        self.frames: list[Frame] = []
        self.stderr: list[str] = []

    # -- frames -----------------------------------------------------------------------------------

    def push(self, frame: Frame) -> None:
        frame.depth = len(self.frames)
        if frame.code is not None and frame.kind in ("main", "call"):
            # a frame that runs a contract module: `contract` and /contract.py are its own
            frame._saved = (sys.modules.get("contract"), linecache.cache.get("/contract.py"))
            lines = frame.code.splitlines(True)
            linecache.cache["/contract.py"] = (len(frame.code), None, lines, "/contract.py")
            sys.modules.pop("contract", None)
        self.frames.append(frame)

    def pop(self, frame: Frame) -> None:
        while self.frames and self.frames[-1] is not frame:
            self.frames.pop()
        if self.frames:
            self.frames.pop()
        if frame._saved is not None:
            mod, lc = frame._saved
            frame._saved = None
            if mod is None:
                sys.modules.pop("contract", None)
            else:
                sys.modules["contract"] = mod
            if lc is None:
                linecache.cache.pop("/contract.py", None)
            else:
                linecache.cache["/contract.py"] = lc

    # -- fatal ends -------------------------------------------------------------------------------

    def fatal(self, kind: str, message: str, *, whole: bool = True, detail: str = "") -> typing.NoReturn:
        depth = 0 if whole else len(self.frames) - 1
        raise self.meter.set_fatal(Fatal(kind, message, max(depth, 0), detail)).fresh()

    # -- running a VM -----------------------------------------------------------------------------

    def run_vm(self, frame: Frame, fn: typing.Callable[[], typing.Any]) -> Outcome:
        """Run ``fn`` as its own VM in ``frame`` and classify how it ended. Fatal ends that belong
        to an outer VM propagate."""
        self.push(frame)
        depth = frame.depth
        try:
            try:
                value = fn()
            except BaseException as e:  # noqa: BLE001 - this is the VM boundary
                f = self.meter.fatal
                if f is None:
                    return self.classify(e)  # while the frame (and its source lines) is current
                if f.depth < depth:
                    raise f.fresh() from None
                self.meter.fatal = None
                return _fatal_outcome(f)
            f = self.meter.fatal
            if f is not None:  # contract code swallowed it
                if f.depth < depth:
                    raise f.fresh()
                self.meter.fatal = None
                return _fatal_outcome(f)
            return Outcome(0, value)
        finally:
            self.pop(frame)
            self.meter.rearm()

    def classify(self, e: BaseException) -> Outcome:
        from genlayer.gl.vm import UserError

        if isinstance(e, UserError):
            return Outcome(1, message=str(e.message), detail=getattr(e, "_gl_cause", None))
        if isinstance(e, SystemExit):
            code = e.code
            if code is None or code == 0 or code is False:
                return Outcome(0, None)
            if isinstance(code, int):
                return Outcome(2, message=f"exit_code {code}", exception="SystemExit", detail=str(code))
            self.log_exception(e)
            return Outcome(2, message="exit_code 1", exception="SystemExit", detail=str(code))
        self.log_exception(e)
        if isinstance(e, MemoryError):
            # GenVM reports running out of memory as the VM error "OOM", not as an exit code.
            return Outcome(2, message="OOM", exception="MemoryError", detail=_exc_text(e) or "out of memory")
        return Outcome(2, message="exit_code 1", exception=type(e).__name__, detail=_exc_text(e))

    def log_exception(self, e: BaseException) -> None:
        """Add the traceback of ``e`` to the execution's stderr, without the runner's own frames."""
        try:
            te = traceback.TracebackException(type(e), e, e.__traceback__)
            te.stack = traceback.StackSummary.from_list(
                [f for f in te.stack if not f.filename.endswith(_INFRA_FILES)]
            )
            self.stderr.append("".join(te.format()))
        except Exception:  # pragma: no cover - never let logging break an execution
            self.stderr.append(f"{type(e).__name__}: {e}\n")

    # -- the host ---------------------------------------------------------------------------------

    def ask(self, msg: dict) -> dict:
        """Send ``msg`` to the host; ``{"abort": reason}`` ends the whole execution."""
        ans = _host.call(msg)
        if not isinstance(ans, dict):
            raise RuntimeError(f"malformed host answer to {next(iter(msg))}: {ans!r}")
        if "abort" in ans:
            self.fatal("vm_error", str(ans["abort"]), detail="the host aborted the execution")
        return ans

    # -- effects ----------------------------------------------------------------------------------

    def emit(self, name: str, payload: dict) -> None:
        frame = current()
        if frame.deny_send:
            raise PermissionError(f"{_effect_label(name)} not allowed {frame.deny_send}")
        self.effects.append({name: payload})


_INFRA_FILES = ("genlayer/_context.py", "genlayer/_runner.py")


def _effect_label(name: str) -> str:
    return {
        "EmitEvent": "emitting events is",
        "PostMessage": "sending messages is",
        "DeployContract": "deploying contracts is",
        "EthSend": "sending messages is",
    }.get(name, "this operation is")


def _fatal_outcome(f: Fatal) -> Outcome:
    if f.kind == "user_error":
        return Outcome(1, message=f.message)
    return Outcome(2, message=f.message, detail=f.detail or None)


def _exc_text(e: BaseException) -> str:
    try:
        return str(e)
    except Exception:  # pragma: no cover
        return repr(e)


# -- access ---------------------------------------------------------------------------------------


def execution() -> Execution:
    if _EXEC is None:
        raise RuntimeError("no contract execution is running")
    return _EXEC


def try_current() -> Frame | None:
    if _EXEC is None or not _EXEC.frames:
        return None
    return _EXEC.frames[-1]


def current() -> Frame:
    f = try_current()
    if f is None:
        raise RuntimeError("no contract execution is running")
    return f


def begin(exe: Execution) -> None:
    global _EXEC
    if _EXEC is not None:
        raise RuntimeError("an execution is already running in this interpreter")
    _EXEC = exe


def end(exe: Execution) -> None:
    global _EXEC
    if _EXEC is exe:
        _EXEC = None


def storage_guard() -> None:
    """Guard for contract slot stores: raises if the current VM may not write storage."""
    f = try_current()
    if f is not None and f.deny_write:
        raise PermissionError(f"storage writes are not allowed {f.deny_write}")


def require_nondet(what: str) -> Frame:
    f = current()
    if not f.nondet:
        raise PermissionError(
            f"{what} may only be called inside a non-deterministic block "
            "(gl.eq_principle.*, gl.vm.run_nondet / run_nondet_unsafe)"
        )
    return f
