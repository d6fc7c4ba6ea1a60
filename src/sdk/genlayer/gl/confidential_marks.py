"""Confidential intelligent contracts: ``@gl.confidential`` and ``gl.EncryptedField``.

* ``@gl.confidential`` on the contract class makes the constructor and every public method
  confidential; on a method (either order with ``@gl.public.write`` / ``@gl.public.view``) only
  that one. It only marks (attribute ``__gl_confidential__``) and returns its argument.
* ``gl.EncryptedField[T]`` (or bare ``gl.EncryptedField`` = any calldata value) annotates a
  parameter whose argument the caller encrypts to the contract's committee. Inside the contract
  the parameter is the plaintext ``T``. A method with such a parameter is confidential.
  ``EncryptedField[T]`` is ``Annotated[T, ENCRYPTED]``, so editors and type checkers see ``T``.

The contract schema carries the marks (see ``genlayer.py.schema``). The storage types
``gl.ConfidentialField`` / ``gl.ConfidentialMapping`` live in ``genlayer.py.storage.sealed``.
"""

import typing

__all__ = ["confidential", "EncryptedField", "ENCRYPTED", "is_confidential", "encrypted_type"]

_ATTR = "__gl_confidential__"


class _EncryptedMark:
    """The ``Annotated`` metadata that marks an encrypted parameter."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "gl.EncryptedField"


ENCRYPTED = _EncryptedMark()


class EncryptedField:
    """Parameter annotation: an argument encrypted by the caller (``gl.EncryptedField[T]``).

    Inside the contract the parameter is the plaintext value of type ``T`` (bare
    ``gl.EncryptedField``: any calldata value); the method becomes confidential."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        raise TypeError("gl.EncryptedField is a parameter annotation, e.g. `bid: gl.EncryptedField[int]`")

    def __class_getitem__(cls, tp):
        return typing.Annotated[tp, ENCRYPTED]


def confidential(target):
    """Mark a contract class (constructor and all public methods) or one method as confidential:
    it runs only inside attested enclaves of the contract's committee."""
    if isinstance(target, (staticmethod, classmethod)):
        raise TypeError("@gl.confidential goes on the contract class or on plain instance methods")
    if not callable(target):
        raise TypeError(f"can not mark {target!r} confidential: not a class or function")
    setattr(target, _ATTR, True)
    return target


def is_confidential(obj) -> bool:
    """True for a class or method marked with ``@gl.confidential``."""
    return getattr(obj, _ATTR, False) is True


def _has_mark(tp) -> bool:
    if tp is EncryptedField:
        return True
    if typing.get_origin(tp) is typing.Annotated and any(m is ENCRYPTED for m in tp.__metadata__):
        return True
    return any(_has_mark(a) for a in typing.get_args(tp) if not isinstance(a, (str, int, bytes)))


def encrypted_type(tp):
    """``(True, T)`` when the annotation ``tp`` is ``EncryptedField[T]`` (``typing.Any`` for the
    bare form), else ``(False, None)``. ``TypeError`` when the mark sits deeper inside ``tp``
    (``list[EncryptedField[int]]``): only a whole parameter can be encrypted."""
    if tp is EncryptedField:
        return True, typing.Any
    if typing.get_origin(tp) is typing.Annotated and any(m is ENCRYPTED for m in tp.__metadata__):
        inner = tp.__origin__
        if _has_mark(inner):
            raise TypeError("gl.EncryptedField can not be nested")
        return True, inner
    try:
        nested = _has_mark(tp)
    except Exception:
        nested = False
    if nested:
        raise TypeError("gl.EncryptedField must be a parameter's whole annotation, not inside another type")
    return False, None
