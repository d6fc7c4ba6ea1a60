"""``gl.eq_principle``: ready-made non-deterministic blocks.

* ``strict_eq(fn)``: validators re-run ``fn`` and agree only on an identical outcome (same value,
  or the same error);
* ``prompt_comparative(fn, principle)``: validators re-run ``fn`` and an LLM judges whether the
  two answers are equivalent under ``principle`` (host template ``EqComparative``);
* ``prompt_non_comparative(fn, *, task, criteria)``: the leader's LLM performs ``task`` on
  ``fn()`` (template ``EqNonComparativeLeader``); validators ask their LLM whether that output
  meets ``criteria`` for their own ``fn()`` (template ``EqNonComparativeValidator``).
"""

import typing

from genlayer.gl import vm
from genlayer.gl.lazy import lazy_api
from genlayer.gl.nondet import _ask
from genlayer.py import calldata

__all__ = ["strict_eq", "prompt_comparative", "prompt_non_comparative"]

T = typing.TypeVar("T")


def _same_outcome(a: "vm.Result", b: "vm.Result") -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, vm.Return):
        try:
            return calldata.encode(a.calldata) == calldata.encode(b.calldata)
        except Exception:
            return a.calldata == b.calldata
    return a.message == b.message


@lazy_api
def strict_eq(fn: typing.Callable[[], T]) -> T:
    """Validators agree only if re-running ``fn`` gives exactly the leader's outcome."""

    def validator(leaders: "vm.Result") -> bool:
        return _same_outcome(leaders, vm.spawn_sandbox(fn))

    return vm.run_nondet_unsafe(fn, validator)


def _as_text(value: typing.Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return calldata.to_str(value)
    except Exception:
        return repr(value)


def _template(name: str, **fields) -> typing.Any:
    return _ask("gl.eq_principle", {"ExecPromptTemplate": {"template": name, **fields}})


@lazy_api
def prompt_comparative(fn: typing.Callable[[], T], principle: str) -> T:
    """Validators compute their own ``fn()`` and an LLM compares it with the leader's answer."""

    def validator(leaders: "vm.Result") -> bool:
        mine = fn()
        if not isinstance(leaders, vm.Return):
            return False
        verdict = _template(
            "EqComparative",
            leader_answer=_as_text(leaders.calldata),
            validator_answer=_as_text(mine),
            principle=principle,
        )
        return _truthy(verdict)

    return vm.run_nondet(fn, validator)


@lazy_api
def prompt_non_comparative(fn: typing.Callable[[], str], *, task: str, criteria: str) -> str:
    """The leader's LLM performs ``task`` on ``fn()``; validators check the result against
    ``criteria``."""

    def leader() -> str:
        return _as_text(_template("EqNonComparativeLeader", task=task, input=_as_text(fn()), criteria=criteria))

    def validator(leaders: "vm.Result") -> bool:
        my_input = _as_text(fn())
        if not isinstance(leaders, vm.Return):
            return False
        verdict = _template(
            "EqNonComparativeValidator",
            task=task,
            output=_as_text(leaders.calldata),
            input=my_input,
            criteria=criteria,
        )
        return _truthy(verdict)

    return vm.run_nondet(leader, validator)


def _truthy(verdict: typing.Any) -> bool:
    if isinstance(verdict, bool):
        return verdict
    if isinstance(verdict, str):
        return verdict.strip().lower() in ("true", "yes", "1")
    if isinstance(verdict, dict) and "result" in verdict:
        return _truthy(verdict["result"])
    return False

