"""One whole contract execution: ``execute(request_bytes) -> response_bytes`` (not metered).

The request and the response are calldata maps; their fields are described in
``src/sdk/README.md`` ("Host protocol"). Also here: dispatch of the entry calldata exactly as
GenLayer's runner does it, nested contract view calls (``call_contract``) and the header check
(``lint_header``).
"""

import functools
import hashlib
import io
import sys
import types
import typing

from genlayer import _context
from genlayer._context import Execution, Frame
from genlayer._determinism import Patches, contract_builtins
from genlayer._header import lint_header, parse_header  # noqa: F401 - part of this module's API
from genlayer.gl.decorators import is_payable, is_public
from genlayer.gl.message import MessageType, make_message
from genlayer.py import calldata
from genlayer.py.schema import schema_json

__all__ = ["execute", "lint_header", "parse_header", "call_contract", "DEFAULT_GAS_LIMIT"]

DEFAULT_GAS_LIMIT = 50_000_000
MAX_CALL_DEPTH = 32
# what one execution may return (calldata bytes) and print (characters, stdout and stderr each)
MAX_RESULT_BYTES = 8 * 1024 * 1024
MAX_OUTPUT_CHARS = 1024 * 1024

_READONLY = "in a read-only call"
_IN_VIEW_CALL = "in a view call to another contract"

# -- keeping gas independent of what ran before -----------------------------------------------------


def _prewarm() -> None:
    """Fill the SDK's lazy per-type caches now, so that an execution never pays (in gas) for
    filling them: the line count must not depend on what ran before in this interpreter."""
    import datetime

    from genlayer.py import types as t
    from genlayer.py.storage import layout_of

    leaves = [getattr(t, f"{p}{b}") for p in "ui" for b in range(8, 257, 8)]
    leaves += [t.bigint, t.Address, str, bytes, bool, float, type(None), datetime.datetime]
    for tp in leaves:
        try:
            layout_of(tp)
        except Exception:
            pass


_prewarm()


def _reset_caches() -> None:
    """Empty every ``functools`` cache of the SDK before an execution: a cache hit skips metered
    lines, so a warm cache would make gas depend on earlier executions. The caches are found by
    walking the SDK's modules once per set of loaded SDK modules (this runs before every execution)."""
    global _SDK_CACHES
    modules = [(n, m) for n, m in list(sys.modules.items()) if m is not None and (n == "genlayer" or n.startswith("genlayer."))]
    key = tuple((n, id(m)) for n, m in modules)
    if key != _SDK_CACHES[0]:
        found = []
        for name, mod in modules:
            for v in list(vars(mod).values()):
                # a type check, not getattr(v, "cache_clear"): a failed getattr is slow
                if type(v) is _LRU_CACHE_TYPE and getattr(v, "__module__", None) == name:
                    found.append(v)
        _SDK_CACHES = (key, found)
    for cached in _SDK_CACHES[1]:
        cached.cache_clear()


_SDK_CACHES: tuple = ((), [])
_LRU_CACHE_TYPE = type(functools.lru_cache(maxsize=1)(lambda: None))

# -- compiled contract code, by source hash --------------------------------------------------------

_CODE_CACHE: dict[str, types.CodeType] = {}
_CODE_CACHE_MAX = 64


def _compile(source: str) -> types.CodeType:
    key = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    code = _CODE_CACHE.get(key)
    if code is None:
        code = compile(source, "/contract.py", "exec", dont_inherit=True)
        if len(_CODE_CACHE) >= _CODE_CACHE_MAX:
            _CODE_CACHE.pop(next(iter(_CODE_CACHE)))
        _CODE_CACHE[key] = code
    return code


def _load_module(frame: Frame) -> types.ModuleType:
    """Execute the frame's contract source as a fresh module named ``contract``."""
    code = _compile(frame.code)
    mod = types.ModuleType("contract")
    mod.__file__ = "/contract.py"
    src = frame.code
    mod.__dict__["__builtins__"] = contract_builtins(lambda: src)
    sys.modules["contract"] = mod
    frame.module = mod
    exec(code, mod.__dict__)
    return mod


def _lookup(cls: type, name: str):
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    return None


def _instance(cls: type, frame: Frame):
    from genlayer.py.storage import CONTRACT_SLOT, storage_view

    return storage_view(cls, frame.store, CONTRACT_SLOT)


def _run_contract(frame: Frame, entry_data: bytes, is_init: bool, value: int) -> typing.Any:
    """Load the contract and dispatch the entry calldata (GenLayer's rules)."""
    _load_module(frame)
    cls = frame.contract_cls
    if cls is None:
        raise TypeError("no contract found: define a class that inherits gl.Contract")
    entry = calldata.decode(entry_data) if entry_data else {}
    if not isinstance(entry, dict):
        raise TypeError("entry calldata must be a map {method?, args?, kwargs?}")
    args = entry.get("args", [])
    kwargs = entry.get("kwargs", {})
    if not isinstance(args, list) or not isinstance(kwargs, dict):
        raise TypeError("entry calldata: args must be an array and kwargs a map")

    if is_init:
        init = _lookup(cls, "__init__")
        if is_public(init):
            raise TypeError("__init__ must be private")
        inst = _instance(cls, frame)
        if init is not None and init is not object.__init__:
            init(inst, *args, **kwargs)
        return None

    method = entry.get("method", "")
    if not isinstance(method, str):
        raise TypeError("entry calldata: method must be a string")
    fn = None
    if method.startswith("#"):
        if method == "#get-schema":
            return schema_json(cls)
        if method == "#state":
            from genlayer._state_dump import dump_state

            return dump_state(_instance(cls, frame), cls)
        if method != "#error":
            raise ValueError(f"unknown special method {method}")
        fn = _lookup(cls, "__on_errored_message__")
    elif method.startswith("__"):
        raise ValueError("calls to methods that start with __ is forbidden")
    elif method == "":
        receive = _lookup(cls, "__receive__")
        if receive is not None and is_public(receive):
            fn = receive
    else:
        fn = _lookup(cls, method)
    if fn is None:
        fn = _lookup(cls, "__handle_undefined_method__")
        args, kwargs = [method, args, kwargs], {}
    if not is_public(fn):
        raise ValueError(f"call to private method `{fn!r}`")
    if value > 0 and not is_payable(fn):
        raise ValueError(f"called non-payable method `{fn!r} with non-zero value`")
    return fn(_instance(cls, frame), *args, **kwargs)


# -- nested contract view calls ---------------------------------------------------------------------


def call_contract(address, method: str, args: list, kwargs: dict, state: int) -> typing.Any:
    """``get_contract_at(address).view().method(*args, **kwargs)``: run the callee here, in a
    nested read-only VM with its own module, storage and ``gl.message``."""
    from genlayer.gl import vm
    from genlayer.gl.proxies import entry_calldata
    from genlayer.py.storage import MemorySlotStore

    exe = _context.execution()
    frame = _context.current()
    if frame.deny_call:
        raise PermissionError(f"calling other contracts is not allowed {frame.deny_call}")
    if sum(1 for f in exe.frames if f.kind == "call") >= MAX_CALL_DEPTH:
        raise RecursionError("contract call depth limit exceeded")
    data = entry_calldata(method, args, kwargs)
    ans = exe.ask({"CallContract": {"address": address, "state": int(state)}})
    if "error" in ans:
        return vm.unpack_result(vm.VMError(str(ans["error"])))
    info = ans.get("ok")
    if not isinstance(info, dict) or "code" not in info:
        raise RuntimeError(f"malformed host answer to CallContract: {info!r}")
    code = info["code"]
    if isinstance(code, (bytes, bytearray)):
        code = bytes(code).decode("utf-8")
    caller = frame.message
    raw = dict(frame.raw)
    raw.update(
        contract_address=address,
        sender_address=caller.contract_address,
        origin_address=caller.origin_address,
        value=0,
        is_init=False,
        stack=list(frame.raw.get("stack") or []) + [caller.contract_address],
        entry_kind=0,
        entry_data=data,
        entry_stage_data=None,
    )
    msg = MessageType(address, caller.contract_address, caller.origin_address, 0, caller.chain_id)
    store = MemorySlotStore(_slots_in(info.get("storage")), _context.storage_guard)
    callee = Frame(
        "call",
        message=msg,
        raw=raw,
        store=store,
        balance=int(info.get("balance") or 0),
        code=code,
        deny_write=_IN_VIEW_CALL,
        deny_send=_IN_VIEW_CALL,
    )
    out = exe.run_vm(callee, lambda: _run_contract(callee, data, False, 0))
    res = vm._outcome_result(out)
    if isinstance(res, vm.VMError) and res._gl_cause:
        res._gl_cause = f"in the view call {method}() to {address}: {res._gl_cause}"
    return vm.unpack_result(res)


def _slots_in(storage) -> dict[bytes, bytes]:
    out: dict[bytes, bytes] = {}
    for k, v in dict(storage or {}).items():
        key = bytes.fromhex(k[2:] if k.startswith("0x") else k) if isinstance(k, str) else bytes(k)
        if len(key) != 32:
            raise ValueError(f"storage slot ids must be 32 bytes, got {k!r}")
        out[key] = bytes(v)
    return out


# -- one execution ----------------------------------------------------------------------------------


def _vm_error(message: str, exception: str | None = None, detail: str | None = None) -> dict:
    r: dict = {"kind": "vm_error", "message": message}
    if exception is not None:
        r["exception"] = exception
    if detail is not None:
        r["detail"] = detail
    return r


def _response(result: dict, **kw) -> dict:
    resp = {
        "result": result,
        "writes": {},
        "nondet": [],
        "effects": [],
        "stdout": "",
        "gas_used": 0,
        "stderr": "",
        "warnings": [],
    }
    resp.update(kw)
    return resp


def execute(request: bytes) -> bytes:
    """Run one contract execution described by the calldata map ``request``."""
    try:
        req = calldata.decode(request)
        if not isinstance(req, dict):
            raise TypeError("the request must be a calldata map")
        resp = _execute(req)
    except BaseException as e:  # noqa: BLE001 - never let anything escape to the host
        if isinstance(e, KeyboardInterrupt):
            raise
        resp = _response(_vm_error("invalid request", type(e).__name__, str(e)))
    try:
        return calldata.encode(resp)
    except Exception as e:  # pragma: no cover - last resort
        return calldata.encode(_response(_vm_error("internal error", type(e).__name__, str(e))))


def _execute(req: dict) -> dict:
    from genlayer.py.storage import MemorySlotStore

    code = req.get("code")
    if isinstance(code, (bytes, bytearray)):
        code = bytes(code).decode("utf-8")
    if not isinstance(code, str):
        raise TypeError("request.code must be a string")
    msg, raw = make_message(req.get("message"))
    mode = req.get("mode") or "leader"
    if mode not in ("leader", "validator"):
        raise ValueError(f"request.mode must be 'leader' or 'validator', got {mode!r}")
    readonly = bool(req.get("readonly", False))
    gas_limit = req.get("gas_limit")
    gas_limit = DEFAULT_GAS_LIMIT if gas_limit is None else int(gas_limit)
    seed = req.get("seed") or b""
    if isinstance(seed, str):
        seed = seed.encode("utf-8")

    exe = Execution(mode=mode, leader_results=list(req.get("leader_results") or []), gas_limit=gas_limit)
    exe.seed = bytes(seed)  # read by gl.SecurePrompt (tags unknown to data authors)
    store = MemorySlotStore(_slots_in(req.get("storage")), _context.storage_guard)
    frame = Frame(
        "main",
        message=msg,
        raw=raw,
        store=store,
        balance=int(req.get("balance") or 0),
        code=code,
        deny_write=_READONLY if readonly else None,
        deny_send=_READONLY if readonly else None,
    )
    out_buf, err_buf = _CappedOutput(MAX_OUTPUT_CHARS), _CappedOutput(MAX_OUTPUT_CHARS)
    patches = Patches(raw["datetime"], bytes(seed))
    saved_streams = (sys.stdout, sys.stderr)
    result: dict
    writes: dict = {}
    effects: list = []
    _context.begin(exe)
    try:
        sys.stdout, sys.stderr = out_buf, err_buf
        _reset_caches()
        patches.apply()
        exe.meter.start()
        try:
            outcome = exe.run_vm(
                frame, lambda: _run_contract(frame, raw["entry_data"], raw["is_init"], msg.value)
            )
        finally:
            exe.meter.stop()
        result, committed = _result_of(exe, outcome)
        if committed:
            writes = {k.hex(): v for k, v in store.dirty().items()}
            effects = exe.effects
    finally:
        patches.undo()
        sys.stdout, sys.stderr = saved_streams
        _context.end(exe)
    stderr = err_buf.getvalue() + "".join(exe.stderr)
    return _response(
        result,
        writes=writes,
        nondet=exe.nondet_out,
        effects=effects,
        stdout=out_buf.getvalue(),
        gas_used=exe.meter.reported,
        stderr=stderr,
        warnings=lint_header(code),
    )


class _CappedOutput(io.StringIO):
    """``print()`` output kept up to ``limit`` characters; the rest is counted and dropped, so an
    output flood cannot fill the interpreter's memory."""

    def __init__(self, limit: int):
        super().__init__()
        self._room = limit
        self._dropped = 0

    def write(self, s):
        if not isinstance(s, str):
            return super().write(s)  # the TypeError StringIO gives
        kept = s[: max(self._room, 0)]
        if kept:
            super().write(kept)
            self._room -= len(kept)
        self._dropped += len(s) - len(kept)
        return len(s)

    def getvalue(self) -> str:
        text = super().getvalue()
        if self._dropped:
            text += f"\n[output truncated: {self._dropped} more characters were not kept]"
        return text


def _result_of(exe: Execution, out: "_context.Outcome") -> tuple[dict, bool]:
    if out.code == 0:
        try:
            # a long str/bytes is refused before encoding it doubles the memory it holds
            big = isinstance(out.value, (str, bytes, bytearray)) and len(out.value) > MAX_RESULT_BYTES
            value = b"" if big else calldata.encode(out.value)
            if big or len(value) > MAX_RESULT_BYTES:
                detail = f"the return value takes more than {MAX_RESULT_BYTES} bytes of calldata, the most an execution may return"
                return _vm_error("result too large", "ValueError", detail), False
            return {"kind": "return", "value": value}, True
        except Exception as e:
            exe.log_exception(e)
            return _vm_error("exit_code 1", type(e).__name__, str(e)), False
    if out.code == 1:
        r = {"kind": "user_error", "message": out.message}
        if out.detail:
            r["detail"] = out.detail  # informational: why a sub-VM failed (leader side only)
        return r, False
    return _vm_error(out.message, out.exception, out.detail), False
