"""The ``gl`` namespace of the GenLayer contract API (v0.2 line plus older names).

``gl.message`` and ``gl.message_raw`` are looked up on every access (module ``__getattr__``), so
they always describe the VM that is running (the callee's inside a nested view call).
"""

import sys as _sys
import time as _time

from genlayer import _context
from genlayer.gl.message import MessageRawType, MessageType, make_message as _make_message

del message  # noqa: F821 - the submodule; `gl.message` is served by __getattr__ below

from genlayer.py import calldata, storage  # noqa: E402
from genlayer.gl.lazy import Lazy  # noqa: E402
from genlayer.gl.decorators import public, private  # noqa: E402
from genlayer.gl import vm, nondet, eq_principle, advanced, evm  # noqa: E402
from genlayer.gl.events import Event  # noqa: E402
from genlayer.gl.secure_prompt import SecurePrompt  # noqa: E402  (playground extension)
from genlayer.gl import playground  # noqa: E402  (playground extensions)
from genlayer.gl.contract import Contract, contract as _contract_decorator  # noqa: E402
from genlayer.gl.confidential_marks import EncryptedField, confidential  # noqa: E402
from genlayer.py.storage.sealed import ConfidentialField, ConfidentialMapping  # noqa: E402
from genlayer.gl.proxies import (  # noqa: E402
    ContractProxy,
    StorageType,
    contract_interface,
    deploy_contract,
    get_contract_at,
)
from genlayer.gl.old_names import (  # noqa: E402
    ContractAt,
    Rollback,
    eq_principle_prompt_comparative,
    eq_principle_prompt_non_comparative,
    eq_principle_strict_eq,
    eth_contract,
    exec_prompt,
    get_webpage,
    rollback_immediate,
    sandbox,
    storage_inmem_allocate,
)

contract = _contract_decorator  # `@gl.contract` (old API), not the submodule
BaseContract = Contract

__all__ = [
    "Lazy",
    "Event",
    "MessageType",
    "MessageRawType",
    "message",
    "message_raw",
    "private",
    "public",
    "calldata",
    "storage",
    "advanced",
    "vm",
    "evm",
    "nondet",
    "eq_principle",
    "contract_interface",
    "deploy_contract",
    "Contract",
    "BaseContract",
    "get_contract_at",
    "ContractProxy",
    "StorageType",
    "trace",
    "trace_time_micro",
    # confidential intelligent contracts
    "confidential",
    "EncryptedField",
    "ConfidentialField",
    "ConfidentialMapping",
    # playground extensions (not GenLayer's API)
    "SecurePrompt",
    "playground",
    # old names
    "contract",
    "ContractAt",
    "Rollback",
    "exec_prompt",
    "get_webpage",
    "eq_principle_strict_eq",
    "eq_principle_prompt_comparative",
    "eq_principle_prompt_non_comparative",
    "rollback_immediate",
    "sandbox",
    "eth_contract",
    "storage_inmem_allocate",
]

_NO_MESSAGE = _make_message(None)


def __getattr__(name: str):
    if name == "message":
        f = _context.try_current()
        return _NO_MESSAGE[0] if f is None else f.message
    if name == "message_raw":
        f = _context.try_current()
        return dict(_NO_MESSAGE[1]) if f is None else f.raw
    raise AttributeError(f"module 'genlayer.gl' has no attribute {name!r}")


def trace(*objs, sep: str = " ") -> None:
    """Write a debug line to the execution log."""
    print(*objs, sep=sep, file=_sys.stdout)


def trace_time_micro() -> int:
    """Wall-clock microseconds (debugging only: not deterministic)."""
    return _time.perf_counter_ns() // 1000
