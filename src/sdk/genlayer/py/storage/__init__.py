"""Typed contract storage over 32-byte slots.

Layout summary (details in each module's docstring):

* a *slot* is a zero-filled growable byte string addressed by 32 bytes; the contract instance
  lives at offset 0 of ``CONTRACT_SLOT = indirect(ROOT_SLOT, 0)``;
* every storage type has a fixed in-slot size; variable-size data goes to indirect slots
  ``indirect(slot, off) = sha3_256(slot + off.to_bytes(4, 'little'))`` of its location;
* leaves (``leaves.py``): sized ints (w bytes LE), ``bool`` (1), ``None`` (0), ``float`` (8),
  ``Address`` (20), ``datetime`` (21), ``str``/``bytes``/``bigint`` (4-byte length + data in
  the indirect slot);
* ``DynArray[T]`` (``dynarray.py``): 4-byte length, elements packed in the indirect slot;
* ``Array[T, Literal[N]]`` (``array.py``): N elements inline;
* ``TreeMap[K, V]`` (``treemap.py``): 4-byte count, sorted index of entry ids + key/value
  entry arrays in indirect slots;
* records (``records.py``): ``@allow_storage`` classes, fields inline in annotation order;
* ``ConfidentialField[T]`` / ``ConfidentialMapping[K, V]`` (``sealed.py``): sealed values
  (``u64be(version) ‖ ciphertext`` from the enclave), fields of the contract class only.
"""

from .array import Array
from .base import storage_loc
from .dynarray import DynArray
from .layout import (
    allow_storage,
    bind_storage_class,
    copy_to_memory,
    inmem_allocate,
    layout_of,
    storage_view,
)
from .sealed import ConfidentialField, ConfidentialMapping
from .slots import CONTRACT_SLOT, ROOT_SLOT, MemorySlotStore, SlotStore, indirect
from .treemap import TreeMap

__all__ = [
    "TreeMap",
    "DynArray",
    "Array",
    "ConfidentialField",
    "ConfidentialMapping",
    "allow_storage",
    "copy_to_memory",
    "inmem_allocate",
    "layout_of",
    "bind_storage_class",
    "storage_view",
    "storage_loc",
    "ROOT_SLOT",
    "CONTRACT_SLOT",
    "indirect",
    "SlotStore",
    "MemorySlotStore",
]
