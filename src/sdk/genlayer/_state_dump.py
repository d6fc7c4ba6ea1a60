"""Playground extension (not part of GenVM): the ``#state`` special method.

It returns the contract's storage fields decoded into calldata-safe values for the app's state
inspector: containers become lists and maps (the first ``ITEM_LIMIT`` items, then a marker saying
how many were left out), records become maps of their fields, floats and datetimes become text.
It only reads storage; the app runs it as a view, never inside a transaction. Confidential
fields are never opened: a ``gl.ConfidentialField`` shows as ``{"sealed": "0x<blob hex>"}`` and a
``gl.ConfidentialMapping`` as ``{key: {"sealed": "0x…"}}`` (keys are public).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence

from genlayer.py.storage import layout_of
from genlayer.py.storage.records import loc_of
from genlayer.py.storage.sealed import SealedFieldDesc, SealedMapDesc
from genlayer.py.types import Address

ITEM_LIMIT = 100
DEPTH_LIMIT = 8


def dump_state(instance, cls) -> list:
    """``[[field, value], ...]`` for every storage field of the contract class, in declaration
    order (a list, since calldata maps are sorted by key)."""
    return [[name, _field(instance, name, desc, off)] for name, desc, off in layout_of(cls).fields]


def _field(instance, name: str, desc, off: int):
    if isinstance(desc, (SealedFieldDesc, SealedMapDesc)):
        store, slot, base = loc_of(instance)
        if isinstance(desc, SealedFieldDesc):
            return desc.dump(store, slot, base + off)
        return desc.dump(store, slot, base + off, ITEM_LIMIT, _key)
    return _plain(getattr(instance, name), 0)


def _more(n: int) -> str:
    return f"… {n} more"


def _key(k) -> str:
    if isinstance(k, str):
        return k
    if isinstance(k, Address):
        return k.as_hex
    if isinstance(k, bytes):
        return "0x" + k.hex()
    return repr(k)


def _plain(v, depth: int):
    if v is None or isinstance(v, (bool, int, str, bytes, Address)):
        return v
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    if depth >= DEPTH_LIMIT:
        return "…"
    layout = getattr(type(v), "_gl_layout_", None)
    if layout is not None and hasattr(layout, "fields"):
        return {name: _plain(getattr(v, name), depth + 1) for name, _d, _o in layout.fields}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _plain(getattr(v, f.name), depth + 1) for f in dataclasses.fields(v)}
    if isinstance(v, Mapping):
        out = {}
        n = len(v)
        for i, (k, item) in enumerate(v.items()):
            if i >= ITEM_LIMIT:
                out["…"] = _more(n - ITEM_LIMIT)
                break
            out[_key(k)] = _plain(item, depth + 1)
        return out
    if isinstance(v, Sequence):
        n = len(v)
        items = [_plain(v[i], depth + 1) for i in range(min(n, ITEM_LIMIT))]
        if n > ITEM_LIMIT:
            items.append(_more(n - ITEM_LIMIT))
        return items
    return repr(v)[:200]
