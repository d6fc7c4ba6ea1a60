"""Storage records: ``@allow_storage`` classes (usually dataclasses) and the contract class.

Layout: the fields (annotated attributes, base classes first, in annotation order) are stored
inline, one after the other: field ``k`` lives at ``(slot, off + sum(size of fields < k))``.

Reading a record gives a *view*: an instance of a generated subclass of the user's class
(same ``__name__``/``__qualname__``, so ``isinstance``, dataclass ``__repr__``/``__eq__`` and
``dataclasses.fields`` work) whose fields are data descriptors reading and writing storage.
``__init__`` is not called. A class passed to ``bind_storage_class`` (the contract class) gets
the descriptors installed on itself instead.
"""

from __future__ import annotations

from .base import LOC, Desc, detach, needs_detach, same_loc
from .slots import ROOT_SLOT, MemorySlotStore

__all__ = ["Field", "RecordDesc", "install_fields", "loc_of"]


def loc_of(obj):
    """``(store, slot, off)`` of a record view / bound instance, or None."""
    try:
        return object.__getattribute__(obj, LOC)
    except AttributeError:
        return None


def _loc(obj):
    try:
        return object.__getattribute__(obj, LOC)
    except AttributeError:
        # an instance of a bound class created without storage (e.g. ``MyContract()`` in a
        # test): give it a private in-memory store
        loc = (MemorySlotStore(), ROOT_SLOT, 0)
        object.__setattr__(obj, LOC, loc)
        return loc


class Field:
    """Data descriptor for one storage field of a record view or bound class."""

    __slots__ = ("name", "desc", "off")

    def __init__(self, name: str, desc: Desc, off: int):
        self.name = name
        self.desc = desc
        self.off = off

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        store, slot, off = _loc(obj)
        return self.desc.get(store, slot, off + self.off)

    def __set__(self, obj, value):
        store, slot, off = _loc(obj)
        self.desc.set(store, slot, off + self.off, value)

    def __delete__(self, obj):
        store, slot, off = _loc(obj)
        self.desc.zero(store, slot, off + self.off)

    def __repr__(self) -> str:
        return f"<storage field {self.name!r} at +{self.off}>"


def _deepcopy(self, memo):
    return detach(self)


def install_fields(cls, desc: "RecordDesc", attrs: dict) -> None:
    """Put the field descriptors and view protocol hooks into ``attrs`` (a namespace)."""
    for name, d, off in desc.fields:
        attrs[name] = Field(name, d, off)
    attrs["_gl_layout_"] = desc
    attrs["_gl_loc_of_"] = loc_of
    attrs["_gl_desc_of_"] = lambda self: desc
    attrs["__deepcopy__"] = _deepcopy


def _dataclass_eq(cls):
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.eq or "__eq__" not in cls.__dict__:
        return None
    import dataclasses

    names = tuple(f.name for f in dataclasses.fields(cls) if f.compare)

    def __eq__(self, other):
        if isinstance(other, cls) and (
            type(other) is type(self) or type(other) is cls or loc_of(other) is not None
        ):
            return all(getattr(self, n) == getattr(other, n) for n in names)
        return NotImplemented

    return __eq__


class RecordDesc(Desc):
    is_view = True

    def __init__(self, cls: type):
        self.cls = cls
        self.fields: list[tuple[str, Desc, int]] = []
        self.size = None  # None while the layout is being built (catches self-containment)
        self.flat = False
        self.view_cls: type | None = None

    def finish(self, fields: list[tuple[str, Desc, int]]) -> None:
        self.fields = fields
        self.size = sum(d.size for _, d, _ in fields)
        self.flat = all(d.flat for _, d, _ in fields)

    def _make_view_cls(self) -> type:
        cls = self.cls
        ns: dict = {
            "__slots__": (LOC,),
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
        }
        install_fields(cls, self, ns)
        eq = _dataclass_eq(cls)
        if eq is not None:
            ns["__eq__"] = eq
            ns["__hash__"] = cls.__dict__.get("__hash__")
        return type(cls)(cls.__name__, (cls,), ns)

    def get(self, store, slot, off):
        vc = self.view_cls
        if vc is None:
            vc = self.view_cls = self._make_view_cls()
        obj = object.__new__(vc)
        object.__setattr__(obj, LOC, (store, slot, off))
        return obj

    def set(self, store, slot, off, value):
        if same_loc(store, slot, off, value):
            return
        if not self.flat and needs_detach(store, value):
            value = detach(value)
        self.copy(store, slot, off, value)

    def copy(self, store, slot, off, value):
        if self.flat and same_loc(store, slot, off, value):
            return
        vals = [getattr(value, name) for name, _, _ in self.fields]
        for (_, d, foff), v in zip(self.fields, vals):
            d.copy(store, slot, off + foff, v)

    def zero(self, store, slot, off):
        if self.flat:
            Desc.zero(self, store, slot, off)
            return
        for _, d, foff in self.fields:
            d.zero(store, slot, off + foff)

    def move(self, store, slot, src, dst):
        if self.flat:
            Desc.move(self, store, slot, src, dst)
            return
        for _, d, foff in self.fields:
            d.move(store, slot, src + foff, dst + foff)
