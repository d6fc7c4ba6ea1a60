"""Building type descriptors from annotations, plus the public storage entry points.

Validation follows the real SDK (same exception types and messages): bare ``int`` ->
``TypeError('use `bigint` or one of sized integers please, ...')``, ``list`` -> ``AssertionError
('use DynArray')``, ``dict`` -> ``AssertionError('use TreeMap')``, a class without
``@allow_storage`` -> ``TypeError('class is not marked ...', cls)``. While an error propagates,
notes ``during processing type `…``` / ``during generating field `name: type``` are added.
Class layouts are resolved lazily (first use) and cached on the class.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing

from .array import Array, ArrayDesc
from .base import Desc, detach, storage_loc
from .dynarray import DynArray, DynArrayDesc
from .leaves import leaf_desc
from .records import RecordDesc, install_fields
from .sealed import NOT_A_CONTRACT_FIELD, is_sealed_type, sealed_desc
from .slots import ROOT_SLOT, MemorySlotStore
from .treemap import TreeMap, TreeMapDesc

__all__ = [
    "allow_storage",
    "layout_of",
    "bind_storage_class",
    "storage_view",
    "copy_to_memory",
    "inmem_allocate",
]

_MARK = "__gl_allow_storage__"
_PENDING = "_gl_bind_pending_"
_INT_MSG = (
    "use `bigint` or one of sized integers please, "
    "see https://docs.genlayer.com/developers/intelligent-contracts/storage"
)
_UNMARKED_MSG = (
    "class is not marked for usage within storage, please, annotate it with @allow_storage"
)


def allow_storage(cls):
    """Class decorator: allow ``cls`` (usually a dataclass) as a storage field type."""
    setattr(cls, _MARK, True)
    return cls


def _is_plain_class(tp) -> bool:
    return isinstance(tp, type) and not isinstance(tp, types.GenericAlias)


def _type_name(tp) -> str:
    return tp.__qualname__ if _is_plain_class(tp) else repr(tp)


def _declared(tp) -> str:
    if not _is_plain_class(tp):
        return ""
    line = tp.__dict__.get("__firstlineno__")
    if not isinstance(line, int):
        return ""
    file = getattr(sys.modules.get(tp.__module__), "__file__", None)
    if file is None:
        for v in tp.__dict__.values():
            code = getattr(v, "__code__", None)
            if code is not None:
                file = code.co_filename
                break
    return f" (declared at {({'file': file, 'line': line - 1})})"


def _build(tp, top: bool = False) -> Desc:
    try:
        return _build_inner(tp, top)
    except Exception as e:
        e.add_note(f"during processing type `{_type_name(tp)}`{_declared(tp)}")
        raise


def _literal_int(arg) -> int:
    if typing.get_origin(arg) is typing.Literal:
        (arg,) = typing.get_args(arg)
    if not isinstance(arg, int) or isinstance(arg, bool) or arg < 0:
        raise TypeError(f"Array length must be a non-negative int Literal, got {arg!r}")
    return arg


def _build_inner(tp, top: bool) -> Desc:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _build(tp.__origin__)
    d = leaf_desc(tp)
    if d is not None:
        return d
    if is_sealed_type(tp):
        raise TypeError(NOT_A_CONTRACT_FIELD)
    if tp is int:
        raise TypeError(_INT_MSG)
    if tp is list or origin is list:
        raise AssertionError("use DynArray")
    if tp is dict or origin is dict:
        raise AssertionError("use TreeMap")
    args = typing.get_args(tp)
    if origin is DynArray:
        return DynArrayDesc(_build(args[0]))
    if origin is Array:
        return ArrayDesc(_build(args[0]), _literal_int(args[1]))
    if origin is TreeMap:
        kd = _build(args[0])
        if kd.is_view:
            raise TypeError(f"TreeMap keys must be plain values (str, bytes, ints, ...), got {args[0]!r}")
        return TreeMapDesc(kd, _build(args[1]))
    if tp in (DynArray, Array, TreeMap):
        raise TypeError(f"{tp.__name__} needs type parameters, e.g. {tp.__name__}[...]")
    if _is_plain_class(tp) and origin is None:
        if not top and not getattr(tp, _MARK, False):
            raise TypeError(_UNMARKED_MSG, tp)
        return _record(tp)
    raise TypeError(f"type is not supported in storage: {tp!r}")


def _hints(cls: type) -> dict:
    try:
        return typing.get_type_hints(cls, include_extras=True)
    except NameError:
        # a module that is not in sys.modules (exec'd code, tests): retry with the globals
        # of a function defined in the class body
        if cls.__module__ in sys.modules:
            raise
        for v in cls.__dict__.values():
            g = getattr(getattr(v, "__func__", v), "__globals__", None)
            if isinstance(g, dict):
                return typing.get_type_hints(cls, globalns=g, include_extras=True)
        raise


def _record(cls: type) -> RecordDesc:
    d = cls.__dict__.get("_gl_layout_")
    if isinstance(d, RecordDesc):
        return d
    d = RecordDesc(cls)
    type.__setattr__(cls, "_gl_layout_", d)  # visible to recursive references
    try:
        hints = _hints(cls)
        fields = []
        off = 0
        for name, ftp in hints.items():
            if (
                ftp is typing.ClassVar
                or typing.get_origin(ftp) is typing.ClassVar
                or ftp is dataclasses.KW_ONLY
                or isinstance(ftp, dataclasses.InitVar)
            ):
                continue
            try:
                if is_sealed_type(ftp):
                    # only the contract class (gl.Contract subclasses carry this attribute)
                    if not hasattr(cls, "__gl_contract__"):
                        raise TypeError(NOT_A_CONTRACT_FIELD)
                    fd = sealed_desc(ftp, name, _build)
                else:
                    fd = _build(ftp)
                if fd.size is None:
                    raise TypeError("a storage class cannot contain itself by value")
            except Exception as e:
                e.add_note(f"during generating field `{name}: {ftp}`")
                raise
            fields.append((name, fd, off))
            off += fd.size
        d.finish(fields)
    except BaseException:
        type.__delattr__(cls, "_gl_layout_")
        raise
    if cls.__dict__.get(_PENDING):
        _install(cls, d)
    return d


def _install(cls: type, desc: RecordDesc) -> None:
    attrs: dict = {}
    install_fields(cls, desc, attrs)
    for k, v in attrs.items():
        type.__setattr__(cls, k, v)
    type.__setattr__(cls, "_gl_bound_", desc)
    type.__setattr__(cls, _MARK, True)
    desc.view_cls = cls
    if cls.__dict__.get(_PENDING):
        type.__delattr__(cls, _PENDING)


def layout_of(tp) -> Desc:
    """Validate ``tp`` and return its descriptor (``size``, ``get``/``set``/``zero`` at a
    ``(store, slot_id, offset)`` location; records also have ``fields``:
    ``[(name, desc, offset)]``). A class given here directly needs no ``@allow_storage``."""
    return _build(tp, top=True)


def bind_storage_class(cls: type) -> type:
    """Install storage field descriptors on ``cls`` itself (used for the contract class):
    ``self.field`` then reads/writes the storage ``self`` lives at (see ``storage_view``).

    Validation errors are raised here. If an annotation names something not defined yet
    (``NameError``, e.g. a record class declared below the contract), binding is deferred to
    the first ``layout_of``/``storage_view`` of the class, which raises if it is still missing.
    """
    if not _is_plain_class(cls):
        raise TypeError(f"not a class: {cls!r}")
    desc = cls.__dict__.get("_gl_layout_")
    if isinstance(desc, RecordDesc):
        if cls.__dict__.get("_gl_bound_") is not desc:
            _install(cls, desc)
        return cls
    type.__setattr__(cls, _PENDING, True)
    try:
        layout_of(cls)  # installs the descriptors when it succeeds
    except NameError:
        pass
    except BaseException:
        type.__delattr__(cls, _PENDING)
        raise
    return cls


def storage_view(tp, store, slot_id: bytes, offset: int = 0):
    """The value of type ``tp`` living at ``(store, slot_id, offset)``: a record instance (of
    the bound class itself, or of a generated view subclass) without calling ``__init__``, a
    container view, or a plain value for leaf types."""
    return layout_of(tp).get(store, slot_id, offset)


def copy_to_memory(value):
    """Deep copy of a storage record or ``TreeMap`` into a fresh in-memory store. Like the
    real SDK, a ``DynArray`` (or ``Array``) or a plain value raises a bare ``AssertionError``."""
    if storage_loc(value) is None or isinstance(value, (DynArray, Array)):
        raise AssertionError()
    return detach(value)


def inmem_allocate(tp, *args, **kwargs):
    """Allocate a ``tp`` in a fresh in-memory store. For a class, run ``tp.__init__(view,
    *args, **kwargs)`` on the new view; for a container, an optional single argument is its
    initial content."""
    desc = layout_of(tp)
    store = MemorySlotStore()
    if isinstance(desc, RecordDesc):
        view = desc.get(store, ROOT_SLOT, 0)
        view.__init__(*args, **kwargs)
        return view
    if kwargs or len(args) > 1:
        raise TypeError(f"inmem_allocate({tp!r}, ...) takes at most one positional argument")
    if args:
        desc.set(store, ROOT_SLOT, 0, args[0])
    return desc.get(store, ROOT_SLOT, 0)
