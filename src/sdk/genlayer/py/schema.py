"""The contract schema returned by the special method ``#get-schema``.

Shape (keys in this order, compact JSON)::

    {"ctor": {"params": [[name, type], ...], "kwparams": {name: type}},
     "methods": {name: {"params": ..., "kwparams": ...,
                        "min_gas_leader"?: int, "min_gas_validator"?: int,
                        "readonly": bool, "ret": type, "payable"?: bool}}}

Methods are the public ones, sorted by name; ``payable`` only on write methods; zero min-gas
values are left out. Types: ``"any"``, ``"null"``, ``"bool"``, ``"int"`` (also every sized int
and ``bigint``), ``"string"``, ``"bytes"``, ``"address"``, ``"array"``, ``"dict"``,
``[{"$rep": T}]`` (``list[T]``, ``Sequence[T]``, ``tuple[T, ...]``, ``DynArray[T]``),
``[A, B]`` (fixed tuples), ``{"$dict": V}`` (``dict[str, V]``), ``{"$or": [...]}`` (unions) and
``{field: T}`` for dataclasses. Anything else (``float`` ...) makes the schema fail.

Confidential contracts (``genlayer.gl.confidential_marks``) add keys only where they apply, so
every other schema stays exactly GenLayer's: on the ctor / a method ``"confidential": true``
(class or method decorated, or an encrypted parameter), then ``"encrypted": [i, ...]`` (indices
into ``params`` of the ``gl.EncryptedField[T]`` parameters, whose type is written as ``T``'s);
``"confidential": true`` last at the top level when the class is decorated.
"""

import collections.abc
import dataclasses
import inspect
import json
import types
import typing

from genlayer.py.types import Address

__all__ = ["get_schema", "schema_json", "repr_type"]

_SKIPPED = ("__on_errored_message__",)


def _unwrap_newtype(t):
    while isinstance(t, typing.NewType):
        t = t.__supertype__
    return t


def _storage_generics() -> tuple[tuple, tuple]:
    seq, maps = (), ()
    try:
        from genlayer.py import storage as st
    except Exception:
        return seq, maps
    seq = tuple(c for c in (getattr(st, "DynArray", None), getattr(st, "Array", None)) if isinstance(c, type))
    maps = tuple(c for c in (getattr(st, "TreeMap", None),) if isinstance(c, type))
    return seq, maps


def _unsupported(t) -> TypeError:
    return TypeError("type is not supported", {"type": t, "kind": type(t)})


def repr_type(t) -> typing.Any:
    """The schema form of the annotation ``t``."""
    if t is inspect.Parameter.empty or t is typing.Any:
        return "any"
    if t is None or t is type(None):
        return "null"
    t = _unwrap_newtype(t)
    origin = typing.get_origin(t)
    if origin is typing.Annotated:
        return repr_type(typing.get_args(t)[0])
    if origin is typing.Union or (hasattr(types, "UnionType") and origin is types.UnionType):
        return {"$or": [repr_type(a) for a in typing.get_args(t)]}
    if origin is typing.Literal:
        return "any"
    if origin is not None:
        return _repr_generic(t, origin, typing.get_args(t))
    if t is bool:
        return "bool"
    if t is int:
        return "int"
    if t is str:
        return "string"
    if t in (bytes, bytearray, memoryview):
        return "bytes"
    if t is Address:
        return "address"
    if isinstance(t, type):
        if dataclasses.is_dataclass(t):
            return _repr_dataclass(t)
        if issubclass(t, (str, bytes)):
            return "string" if issubclass(t, str) else "bytes"
        if issubclass(t, collections.abc.Mapping):
            return "dict"
        seq, maps = _storage_generics()
        if maps and issubclass(t, maps):
            return "dict"
        if issubclass(t, collections.abc.Sequence) or (seq and issubclass(t, seq)):
            return "array"
    raise _unsupported(t)


def _repr_generic(t, origin, args) -> typing.Any:
    seq, maps = _storage_generics()
    if isinstance(origin, type):
        if not args:
            return repr_type(origin)
        if issubclass(origin, tuple):
            if len(args) == 2 and args[1] is Ellipsis:
                return [{"$rep": repr_type(args[0])}]
            if args == ((),):
                return []
            return [repr_type(a) for a in args]
        if issubclass(origin, collections.abc.Mapping) or (maps and issubclass(origin, maps)):
            key, val = (args + (typing.Any, typing.Any))[:2]
            assert _unwrap_newtype(key) is str, "dict keys must be str"
            return {"$dict": repr_type(val)}
        if issubclass(origin, (str, bytes)):
            raise _unsupported(t)
        if issubclass(origin, collections.abc.Sequence) or (seq and issubclass(origin, seq)):
            return [{"$rep": repr_type(args[0] if args else typing.Any)}]
        if dataclasses.is_dataclass(origin):
            return _repr_dataclass(origin)
    raise _unsupported(t)


def _repr_dataclass(cls) -> dict:
    try:
        hints = typing.get_type_hints(cls)
    except Exception:
        hints = {}
    return {f.name: repr_type(hints.get(f.name, f.type)) for f in dataclasses.fields(cls)}


def _hints(fn) -> dict:
    try:
        return typing.get_type_hints(fn)
    except Exception:
        return dict(getattr(fn, "__annotations__", {}))


def _hints_with_marks(fn) -> dict:
    try:
        return typing.get_type_hints(fn, include_extras=True)
    except Exception:
        return dict(getattr(fn, "__annotations__", {}))


def _params(fn) -> tuple[list, dict, list]:
    """``(params, kwparams, encrypted)``: ``encrypted`` holds the indices into ``params`` of the
    ``gl.EncryptedField`` parameters."""
    from genlayer.gl.confidential_marks import encrypted_type

    sig = inspect.signature(fn)
    hints = _hints(fn)
    marked = _hints_with_marks(fn)
    params: list = []
    kwparams: dict = {}
    encrypted: list = []
    for i, p in enumerate(sig.parameters.values()):
        if i == 0:
            continue  # self
        t = hints.get(p.name, inspect.Parameter.empty)
        is_enc, inner = encrypted_type(marked.get(p.name, t))
        if is_enc:
            if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                raise TypeError("gl.EncryptedField parameters must be positional", {"param": p.name})
            encrypted.append(len(params))
            t = inner
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            params.append([p.name, repr_type(t)])
        elif p.kind is p.KEYWORD_ONLY:
            name = "$" + p.name if p.name.startswith("$") else p.name
            kwparams[name] = repr_type(t)
        else:
            raise TypeError("*args and **kwargs are not supported in public methods", {"param": p.name})
    return params, kwparams, encrypted


def _confidential_marks(out: dict, fn, encrypted: list, whole_class: bool) -> dict:
    from genlayer.gl.confidential_marks import is_confidential

    if whole_class or encrypted or is_confidential(fn):
        out["confidential"] = True
    if encrypted:
        out["encrypted"] = encrypted
    return out


def _where(fn) -> dict:
    code = getattr(fn, "__code__", None)
    if code is None:
        return {"file": "?", "line": 0}
    return {"file": code.co_filename, "line": code.co_firstlineno - 1}


def _method_schema(fn, whole_class: bool = False) -> dict:
    params, kwparams, encrypted = _params(fn)
    out: dict = {"params": params, "kwparams": kwparams}
    leader = getattr(fn, "__gl_min_gas_leader__", 0) or 0
    validator = getattr(fn, "__gl_min_gas_validator__", 0) or 0
    if leader:
        out["min_gas_leader"] = leader
    if validator:
        out["min_gas_validator"] = validator
    readonly = getattr(fn, "__gl_readonly__", False) is True
    out["readonly"] = readonly
    hints = _hints(fn)
    out["ret"] = repr_type(hints.get("return", inspect.Parameter.empty))
    if not readonly:
        out["payable"] = getattr(fn, "__gl_payable__", False) is True
    return _confidential_marks(out, fn, encrypted, whole_class)


def _wrapped(fn, build):
    try:
        return build(fn)
    except Exception as e:
        raise Exception(f"couldn't get schema for method `{fn!r}`", _where(fn)) from e


def _lookup(cls: type, name: str):
    # the raw class attribute (no descriptor protocol: storage fields stay untouched)
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    return None


def get_schema(cls: type) -> dict:
    """The schema of the contract class ``cls`` (raises when it can not be described)."""
    init = _lookup(cls, "__init__")
    if init is None or init is object.__init__:
        raise TypeError("improper contract: define __init__", cls)
    if getattr(init, "__gl_public__", False):
        raise TypeError("__init__ must be private", cls, init)

    from genlayer.gl.confidential_marks import is_confidential

    whole = is_confidential(cls)

    def ctor_schema(fn):
        params, kwparams, encrypted = _params(fn)
        return _confidential_marks({"params": params, "kwparams": kwparams}, fn, encrypted, whole)

    ctor = _wrapped(init, ctor_schema)
    methods: dict = {}
    for name in sorted(dir(cls)):
        if name in _SKIPPED:
            continue
        fn = _lookup(cls, name)
        if not getattr(fn, "__gl_public__", False):
            continue
        if name.startswith("__"):
            raise TypeError(f"public method names should not start with `__`, `{name}`")
        methods[name] = _wrapped(fn, lambda f: _method_schema(f, whole))
    out = {"ctor": ctor, "methods": methods}
    if whole:
        out["confidential"] = True
    return out


def schema_json(cls: type) -> str:
    """``get_schema(cls)`` as compact JSON (the exact ``#get-schema`` answer)."""
    return json.dumps(get_schema(cls), separators=(",", ":"))
