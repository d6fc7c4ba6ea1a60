"""``gl.evm``: EVM accounts and contracts.

The playground has no EVM: calling an EVM contract (``.view().m()`` or ``.emit().m()``) raises
``gl.vm.UserError("EVM contract calls are not supported in the playground")``. Sending value to
an EVM address (an EOA) works: ``.emit_transfer(value=...)`` is an ``EthSend`` effect, and
``.balance`` asks the host.
"""

import typing

from genlayer import _context
from genlayer.gl.proxies import _check_value, _get_balance, check_on
from genlayer.py.types import Address

__all__ = ["contract_interface", "EvmContractProxy", "UNSUPPORTED"]

UNSUPPORTED = "EVM contract calls are not supported in the playground"


def _unsupported(*args, **kwargs):
    from genlayer.gl.vm import UserError

    raise UserError(UNSUPPORTED)


class _Unsupported:
    __slots__ = ()

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _unsupported


class EvmContractProxy:
    """An EVM address seen from a GenLayer contract."""

    __slots__ = ("address",)

    def __init__(self, address: Address):
        if not isinstance(address, Address):
            raise TypeError(f"address must be a gl Address, got {type(address).__name__}")
        self.address = address

    def view(self) -> typing.Any:
        return _Unsupported()

    def emit(self, *, value: int = 0, on: str = "finalized") -> typing.Any:
        return _Unsupported()

    def emit_transfer(self, *, value: int, on: str = "finalized") -> None:
        """Send ``value`` wei to the EVM address (only ``on='finalized'``)."""
        _check_value(value)
        if value <= 0:
            raise ValueError("emit_transfer value must be positive")
        if check_on(on) != "finalized":
            raise ValueError("messages to EVM addresses can only be sent on='finalized'")
        _context.execution().emit("EthSend", {"address": self.address, "calldata": b"", "value": value})

    @property
    def balance(self) -> int:
        return _get_balance(self.address)

    def __repr__(self) -> str:
        return f"EvmContractProxy({self.address!r})"


def contract_interface(cls: type) -> typing.Callable[[Address], EvmContractProxy]:
    """``@gl.evm.contract_interface class I: class View: ...; class Write: ...``: ``I(address)``."""

    def make(address: Address) -> EvmContractProxy:
        return EvmContractProxy(address)

    make.__name__ = cls.__name__
    make.__qualname__ = cls.__qualname__
    make.__doc__ = cls.__doc__
    make.View = getattr(cls, "View", None)
    make.Write = getattr(cls, "Write", None)
    return make
