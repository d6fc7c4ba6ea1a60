"""``gl.Contract``: the base class of a contract (exactly one per contract module).

Subclassing it registers the class as the module's contract and lays out its storage: the
ANNOTATED class fields are the contract's storage; anything else set on ``self`` lives only for
the current execution (a fresh instance is built over storage for every call).
"""

import typing

from genlayer import _context
from genlayer.gl.decorators import public
from genlayer.py.types import Address

__all__ = ["Contract", "contract", "register_contract"]

# contracts defined outside an execution (plain-Python use), by module name
_OUTSIDE: dict[str, type] = {}


def register_contract(cls: type) -> None:
    """Make ``cls`` the contract of the module being executed (``TypeError`` on a second one)."""
    frame = _context.try_current()
    if frame is not None:
        first = frame.contract_cls
    else:
        first = _OUTSIDE.get(cls.__module__)
        if first is not None and first.__qualname__ == cls.__qualname__:
            first = None  # the same module imported again
    if first is not None and first is not cls:
        raise TypeError(f"only one contract is allowed; first: `{first}` second: `{cls}`")
    if frame is not None:
        frame.contract_cls = cls
    else:
        _OUTSIDE[cls.__module__] = cls


def _bind_storage(cls: type) -> None:
    from genlayer.py.storage import bind_storage_class

    bind_storage_class(cls)


class Contract:
    """Base class of a GenLayer contract.

    ``__init__`` is the constructor: it must stay private (undecorated) and runs once, on deploy.
    Public methods are marked with ``@gl.public.view`` / ``@gl.public.write``.
    """

    __gl_contract__ = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        register_contract(cls)
        _bind_storage(cls)
        cls.__gl_contract__ = True

    @property
    def address(self) -> Address:
        """This contract's address (``gl.message.contract_address``)."""
        frame = _context.try_current()
        if frame is None:
            raise RuntimeError("no contract execution is running")
        return frame.message.contract_address

    @property
    def balance(self) -> int:
        """This contract's balance in wei (it includes value received by the current call)."""
        frame = _context.try_current()
        return 0 if frame is None else int(frame.balance)

    def __handle_undefined_method__(self, method_name: str, args: list[typing.Any], kwargs: dict[str, typing.Any]):
        """Called for unknown method names when overridden with a public write method."""
        raise ValueError(f"undefined method {method_name!r}")

    @public.write.payable
    def __on_errored_message__(self, *args, **kwargs) -> None:
        """Called (entry method ``#error``) when a message sent by this contract failed."""
        return None


def contract(cls: type) -> type:
    """Old decorator form: ``@gl.contract class X: ...`` makes ``X`` the module's contract."""
    if isinstance(cls, type) and issubclass(cls, Contract):
        return cls
    ns = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
    new = type(cls.__name__, (Contract,), ns)
    new.__qualname__ = cls.__qualname__
    new.__module__ = cls.__module__
    return new
