"""Method decorators: ``@gl.public.view``, ``@gl.public.write`` (``.payable``,
``.min_gas(leader=, validator=)`` and ``.min_gas(...).payable``) and ``@gl.private``.

They only mark the function (attributes ``__gl_public__``, ``__gl_readonly__``,
``__gl_payable__``, ``__gl_min_gas_leader__``, ``__gl_min_gas_validator__``) and return it
unchanged, so ``repr(Class.method)`` stays ``<function Class.method at 0x...>``.
"""

import typing

__all__ = ["public", "private", "is_public", "is_payable", "is_readonly"]

F = typing.TypeVar("F", bound=typing.Callable[..., typing.Any])


def _mark(fn, *, readonly: bool, payable: bool, leader: int = 0, validator: int = 0):
    if isinstance(fn, (staticmethod, classmethod)):
        raise TypeError("public contract methods must be plain instance methods")
    if not callable(fn):
        raise TypeError(f"can not decorate {fn!r}: not a function")
    fn.__gl_public__ = True
    fn.__gl_readonly__ = readonly
    fn.__gl_payable__ = payable
    fn.__gl_min_gas_leader__ = leader
    fn.__gl_min_gas_validator__ = validator
    return fn


def _check_gas(name: str, v) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise TypeError(f"min_gas {name} must be a non-negative int, got {v!r}")
    return v


class _MinGas:
    """``@gl.public.write.min_gas(leader=, validator=)``; ``.payable`` for the payable form."""

    __slots__ = ("_leader", "_validator")

    def __init__(self, leader: int, validator: int):
        self._leader = _check_gas("leader", leader)
        self._validator = _check_gas("validator", validator)

    def __call__(self, fn: F) -> F:
        return _mark(fn, readonly=False, payable=False, leader=self._leader, validator=self._validator)

    def payable(self, fn: F) -> F:
        """Like ``@gl.public.write``, and the method also accepts value (``gl.message.value``)."""
        return _mark(fn, readonly=False, payable=True, leader=self._leader, validator=self._validator)


class _Write:
    """``@gl.public.write``: a public method that may change storage (``.payable``, ``.min_gas``)."""

    __slots__ = ()

    def __call__(self, fn: F) -> F:
        """Mark ``fn`` as a public method that may change the contract's storage."""
        return _mark(fn, readonly=False, payable=False)

    def payable(self, fn: F) -> F:
        """Like ``@gl.public.write``, and the method also accepts value (``gl.message.value``)."""
        return _mark(fn, readonly=False, payable=True)

    def min_gas(self, *, leader: int = 0, validator: int = 0) -> _MinGas:
        """``@gl.public.write.min_gas(leader=, validator=)``: a write method with a gas floor."""
        return _MinGas(leader, validator)


class _Public:
    """``@gl.public.view`` / ``@gl.public.write``: methods callable from outside the contract."""

    __slots__ = ()

    write = _Write()

    def view(self, fn: F) -> F:
        """Mark ``fn`` as a public read-only method (writing storage in it is an error)."""
        return _mark(fn, readonly=True, payable=False)


public = _Public()


def private(fn: F) -> F:
    """Marks a method as not callable from outside (the default for undecorated methods)."""
    return fn


def is_public(fn) -> bool:
    """True for a method marked with ``@gl.public.*``."""
    return getattr(fn, "__gl_public__", False) is True


def is_payable(fn) -> bool:
    return getattr(fn, "__gl_payable__", False) is True


def is_readonly(fn) -> bool:
    return getattr(fn, "__gl_readonly__", False) is True
