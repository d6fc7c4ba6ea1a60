"""``gl.vm``: results of sub-VMs, non-deterministic blocks and sandboxes.

A non-deterministic block (``run_nondet`` / ``run_nondet_unsafe``) behaves as in GenLayer:

* leader mode: the leader function runs in a non-deterministic VM (no storage writes, no
  messages, no contract calls); its outcome is encoded as a sub-VM result (``0`` + calldata,
  ``1`` + user error, ``2`` + VM error), appended to the execution's ``nondet`` list, and the
  value is returned (or the error raised);
* validator mode: the i-th block takes the leader's i-th result instead, runs the validator
  function on it and, if the validator disagrees, ends the whole execution with the VM error
  ``validator_disagrees`` (contract code can not catch that). Otherwise the block returns the
  LEADER's value.
"""

import dataclasses
import typing

from genlayer import _context
from genlayer.gl.lazy import lazy_api
from genlayer.py import calldata

__all__ = [
    "Return",
    "VMError",
    "UserError",
    "Result",
    "unpack_result",
    "run_nondet",
    "run_nondet_unsafe",
    "spawn_sandbox",
]

T = typing.TypeVar("T")


@dataclasses.dataclass
class Return(typing.Generic[T]):
    """A sub-VM that returned ``calldata`` (the decoded value)."""

    calldata: T


class VMError(Exception):
    """A sub-VM that failed (``message`` starts with a code such as ``exit_code``)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        # what went wrong, for people (exception type and text); not part of the result, and
        # only known on the node that ran the failing code
        self._gl_cause: str | None = None

    def __repr__(self) -> str:
        return f"VMError({self.message!r})"

    def __eq__(self, other):
        return type(other) is type(self) and other.message == self.message

    __hash__ = Exception.__hash__


class UserError(Exception):
    """Raise it to roll the transaction back with ``message`` (result kind ``user_error``)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __repr__(self) -> str:
        return f"UserError({self.message!r})"


Result = typing.Union[Return, VMError, UserError]


def unpack_result(res: "Result") -> typing.Any:
    """The value of a ``Return``; re-raises a ``UserError``; a ``VMError`` becomes
    ``UserError('vm error: <message>')``."""
    if isinstance(res, Return):
        return res.calldata
    if isinstance(res, UserError):
        raise res
    if isinstance(res, VMError):
        err = UserError("vm error: " + res.message)
        err._gl_cause = getattr(res, "_gl_cause", None)
        raise err
    raise TypeError(f"not a gl.vm result: {res!r}")


# -- sub-VM results on the wire -------------------------------------------------------------------


def _encode_outcome(out: "_context.Outcome") -> bytes:
    if out.code == 0:
        try:
            return b"\x00" + calldata.encode(out.value)
        except Exception as e:
            _context.execution().log_exception(e)
            return b"\x02exit_code 1"
    if out.code == 1:
        return b"\x01" + out.message.encode("utf-8", "surrogatepass")
    return b"\x02" + out.message.encode("utf-8", "surrogatepass")


def _decode_result(data: bytes) -> "Result":
    data = bytes(data)
    if not data:
        return VMError("invalid sub-VM result: empty")
    code, rest = data[0], data[1:]
    if code == 0:
        return Return(calldata.decode(rest))
    if code == 1:
        return UserError(rest.decode("utf-8", "replace"))
    if code == 2:
        return VMError(rest.decode("utf-8", "replace"))
    return VMError(f"invalid sub-VM result code {code}")


def _outcome_result(out: "_context.Outcome") -> "Result":
    return _with_cause(_decode_result(_encode_outcome(out)), out)


def _with_cause(res: "Result", out: "_context.Outcome") -> "Result":
    if isinstance(res, VMError) and out.code == 2:
        res._gl_cause = f"{out.exception}: {out.detail}" if out.exception else out.detail
    elif isinstance(res, VMError) and out.code == 0:
        res._gl_cause = "the returned value is not calldata-encodable"
    return res


# -- non-deterministic blocks ---------------------------------------------------------------------

_IN_NONDET = "in a non-deterministic block"


def _nondet_frame(parent: "_context.Frame") -> "_context.Frame":
    return parent.child("nondet", deny_write=_IN_NONDET, deny_send=_IN_NONDET, deny_call=_IN_NONDET, nondet=True)


def _run_block(leader_fn, judge) -> typing.Any:
    exe = _context.execution()
    frame = _context.current()
    if frame.nondet:
        raise RuntimeError("non-deterministic blocks can not be nested")
    idx = exe.nondet_index
    exe.nondet_index += 1
    out = None
    if exe.mode == "leader":
        out = exe.run_vm(_nondet_frame(frame), leader_fn)
        data = _encode_outcome(out)
        exe.nondet_out.append(data)
    else:
        if idx >= len(exe.leader_results):
            exe.fatal(
                "vm_error",
                "validator_disagrees",
                detail=f"the leader has no result for non-deterministic block #{idx}",
            )
        data = bytes(exe.leader_results[idx])
        why = judge(exe, frame, _decode_result(data))
        if why is not None:
            exe.fatal("vm_error", "validator_disagrees", detail=f"non-deterministic block #{idx}: {why}")
    res = _decode_result(data)
    if out is not None:
        _with_cause(res, out)
        if isinstance(res, VMError) and res._gl_cause:
            res._gl_cause = "in a non-deterministic block: " + res._gl_cause
    return unpack_result(res)


def _describe(out: "_context.Outcome") -> str:
    if out.code == 0:
        return f"returned {out.value!r}"
    if out.code == 1:
        return f"raised UserError({out.message!r})"
    return f"failed with {out.exception or 'VM error'}: {out.detail or out.message}"


@lazy_api
def run_nondet_unsafe(leader_fn: typing.Callable[[], T], validator_fn: typing.Callable[["Result"], bool], /) -> T:
    """Leader runs ``leader_fn``; validators run ``validator_fn(leader_result)`` and agree only
    if it returns ``True`` (returning anything else or raising means disagreement)."""

    def judge(exe, frame, leaders):
        out = exe.run_vm(_nondet_frame(frame), lambda: validator_fn(leaders))
        if out.code == 0 and out.value is True:
            return None
        return "the validator function " + _describe(out)

    return _run_block(leader_fn, judge)


def _same_message(a, b) -> bool:
    return a.message == b.message


@lazy_api
def run_nondet(
    leader_fn: typing.Callable[[], T],
    validator_fn: typing.Callable[["Result"], bool],
    /,
    *,
    compare_user_errors: typing.Callable[[UserError, UserError], bool] = _same_message,
    compare_vm_errors: typing.Callable[[VMError, VMError], bool] = _same_message,
) -> T:
    """Safe variant: validators run ``validator_fn(leader_result)`` in a sandbox. If the leader
    returned, the validator must return a bool (its verdict). If the leader failed, the validator
    must fail the same way (same kind; ``compare_user_errors`` / ``compare_vm_errors`` decide)."""

    def judge(exe, frame, leaders):
        out = exe.run_vm(_nondet_frame(frame), lambda: validator_fn(leaders))
        if isinstance(leaders, Return):
            if out.code != 0:
                return "the leader returned but the validator function " + _describe(out)
            if not isinstance(out.value, bool):
                return f"the validator function must return a bool, got {type(out.value).__name__}"
            return None if out.value else "the validator function returned False"
        mine = _outcome_result(out)
        if type(mine) is not type(leaders):
            return f"the leader ended with {leaders!r} but the validator function " + _describe(out)
        cmp = compare_user_errors if isinstance(leaders, UserError) else compare_vm_errors
        try:
            same = cmp(leaders, mine)
        except Exception as e:
            return f"comparing errors raised {type(e).__name__}: {e}"
        return None if same is True else f"errors differ: leader {leaders!r}, validator {mine!r}"

    return _run_block(leader_fn, judge)


@lazy_api
def spawn_sandbox(fn: typing.Callable[[], T], *, allow_write_ops: bool = False) -> "Result":
    """Run ``fn`` in an isolated VM and return how it ended (``Return``/``UserError``/
    ``VMError``) instead of raising. It can not send messages; storage writes need
    ``allow_write_ops=True`` and are thrown away when the sandbox ends."""
    exe = _context.execution()
    frame = _context.current()
    deny_write = frame.deny_write
    if deny_write is None and not allow_write_ops:
        deny_write = "in a sandbox without allow_write_ops"
    sframe = frame.child("sandbox", deny_write=deny_write, deny_send=frame.deny_send or "in a sandbox")
    store = frame.store
    snap = store.snapshot() if deny_write is None and hasattr(store, "snapshot") else None
    out = exe.run_vm(sframe, fn)
    if snap is not None:
        store.restore(snap)
    return _outcome_result(out)
