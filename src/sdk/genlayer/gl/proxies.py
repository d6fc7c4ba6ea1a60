"""Other contracts: ``gl.get_contract_at``, ``@gl.contract_interface``, ``gl.deploy_contract``.

* ``proxy.view().m(*args, **kw)``: a synchronous read. The host answers ``CallContract`` with the
  callee's code, storage and balance, and the SDK runs the callee itself in a nested, read-only
  VM (see ``_runner.call_contract``);
* ``proxy.emit(value=0, on='finalized').m(...)``: an asynchronous message (effect
  ``PostMessage``), executed by the host after this transaction reaches ``on``;
* ``proxy.emit_transfer(value=, on=)``: value only (the callee's ``__receive__``);
* ``proxy.balance``: host ``GetBalance``.
"""

import enum
import typing

from genlayer import _context
from genlayer.gl.lazy import lazy_api
from genlayer.py import calldata
from genlayer.py.keccak import keccak256
from genlayer.py.types import Address

__all__ = [
    "StorageType",
    "ContractProxy",
    "get_contract_at",
    "contract_interface",
    "deploy_contract",
    "entry_calldata",
    "check_on",
]

_ON = ("accepted", "finalized")


class StorageType(enum.IntEnum):
    """Which state of the callee a view call reads."""

    DEFAULT = 0
    LATEST_FINAL = 1
    LATEST_NON_FINAL = 2


def entry_calldata(method: str | None, args: typing.Sequence = (), kwargs: typing.Mapping | None = None) -> bytes:
    """Calldata of ``{method?, args?, kwargs?}`` (empty parts left out, as genlayer-js does)."""
    obj: dict = {}
    if method is not None:
        obj["method"] = method
    if args:
        obj["args"] = list(args)
    if kwargs:
        obj["kwargs"] = dict(kwargs)
    return calldata.encode(obj)


def check_on(on: str) -> str:
    if on not in _ON:
        raise ValueError(f"on must be 'accepted' or 'finalized', got {on!r}")
    return on


def _check_value(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"value must be an int (wei), got {type(value).__name__}")
    if value < 0:
        raise ValueError("value must not be negative")
    return value


def _get_balance(address: Address) -> int:
    exe = _context.execution()
    ans = exe.ask({"GetBalance": {"address": address}})
    if "error" in ans:
        raise RuntimeError(f"could not read the balance of {address}: {ans['error']}")
    return int(ans.get("ok") or 0)


class _ViewMethods:
    __slots__ = ("_address", "_state")

    def __init__(self, address: Address, state: int):
        self._address = address
        self._state = state

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        address, state = self._address, self._state

        @lazy_api
        def call(*args, **kwargs):
            from genlayer import _runner

            return _runner.call_contract(address, name, list(args), dict(kwargs), state)

        call.__name__ = name
        return call


class _EmitMethods:
    __slots__ = ("_address", "_value", "_on")

    def __init__(self, address: Address, value: int, on: str):
        self._address = address
        self._value = value
        self._on = on

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        address, value, on = self._address, self._value, self._on

        def send(*args, **kwargs) -> None:
            data = entry_calldata(name, args, kwargs)
            _context.execution().emit(
                "PostMessage", {"address": address, "calldata": data, "value": value, "on": on}
            )

        send.__name__ = name
        return send


class ContractProxy:
    """Another GenLayer contract, seen from this one."""

    __slots__ = ("address",)

    def __init__(self, address: Address):
        if not isinstance(address, Address):
            raise TypeError(f"address must be a gl Address, got {type(address).__name__}")
        self.address = address

    def view(self, *, state: int = StorageType.LATEST_NON_FINAL) -> typing.Any:
        """Synchronous read-only calls: ``proxy.view().method(*args, **kwargs)``."""
        return _ViewMethods(self.address, int(state))

    def emit(self, *, value: int = 0, on: str = "finalized") -> typing.Any:
        """Asynchronous calls: ``proxy.emit(value=..., on=...).method(*args, **kwargs)``."""
        return _EmitMethods(self.address, _check_value(value), check_on(on))

    def emit_transfer(self, *, value: int, on: str = "finalized") -> None:
        """Send ``value`` wei to the contract (its ``__receive__``)."""
        _check_value(value)
        if value <= 0:
            raise ValueError("emit_transfer value must be positive")
        check_on(on)
        _context.execution().emit(
            "PostMessage", {"address": self.address, "calldata": entry_calldata(None), "value": value, "on": on}
        )

    @property
    def balance(self) -> int:
        return _get_balance(self.address)

    def __repr__(self) -> str:
        return f"ContractProxy({self.address!r})"


def get_contract_at(address: Address) -> ContractProxy:
    """A proxy for the GenLayer contract at ``address``."""
    if not isinstance(address, Address):
        raise TypeError(f"address must be a gl Address, got {type(address).__name__}")
    return ContractProxy(address)


def contract_interface(cls: type) -> typing.Callable[[Address], ContractProxy]:
    """``@gl.contract_interface class I: class View: ...; class Write: ...`` (typing only):
    ``I(address)`` gives a ``ContractProxy``."""

    def make(address: Address) -> ContractProxy:
        return get_contract_at(address)

    make.__name__ = cls.__name__
    make.__qualname__ = cls.__qualname__
    make.__doc__ = cls.__doc__
    make.View = getattr(cls, "View", None)
    make.Write = getattr(cls, "Write", None)
    return make


def deploy_contract(
    *,
    code: bytes | str,
    args: typing.Sequence[typing.Any] = (),
    kwargs: typing.Mapping[str, typing.Any] | None = None,
    salt_nonce: int = 0,
    value: int = 0,
    on: str = "finalized",
) -> Address | None:
    """Deploy a new contract (effect ``DeployContract``). With ``salt_nonce == 0`` the host picks
    the address and None is returned; otherwise the address is fixed and returned."""
    if isinstance(code, str):
        code = code.encode("utf-8")
    code = bytes(code)
    _check_value(value)
    if isinstance(salt_nonce, bool) or not isinstance(salt_nonce, int) or not 0 <= salt_nonce < 2**256:
        raise ValueError("salt_nonce must be an int in 0 .. 2**256-1")
    check_on(on)
    exe = _context.execution()
    data = entry_calldata(None, args, kwargs)
    exe.emit(
        "DeployContract",
        {"calldata": data, "code": code, "value": value, "on": on, "salt_nonce": salt_nonce},
    )
    if salt_nonce == 0:
        return None
    msg = _context.current().message
    return Address(
        keccak256(
            b"\x01"
            + msg.contract_address.as_bytes
            + salt_nonce.to_bytes(32, "big")
            + int(msg.chain_id).to_bytes(32, "big")
        )[:20]
    )
