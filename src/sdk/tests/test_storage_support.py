"""Helpers shared by the ``test_storage*.py`` files (no tests here).

``Chain`` imitates the node: each call runs on a fresh ``MemorySlotStore`` seeded with the
committed slots and a fresh contract instance over ``CONTRACT_SLOT``; a call that returns
normally (and is not a view) commits its ``dirty()`` slots, a failing one is thrown away.
"""

import os
import sys

_SDK = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _SDK not in sys.path:
    sys.path.insert(0, _SDK)

from genlayer.py import types as _types  # noqa: E402
from genlayer.py.storage import (  # noqa: E402
    CONTRACT_SLOT,
    MemorySlotStore,
    bind_storage_class,
    storage_view,
)

if not hasattr(_types, "Address"):  # stand-in until genlayer.py.types.Address exists

    class Address:  # pragma: no cover - only used before the real Address lands
        def __init__(self, val):
            if isinstance(val, Address):
                val = val.as_bytes
            if isinstance(val, str):
                val = bytes.fromhex(val[2:])
            val = bytes(val)
            if len(val) != 20:
                raise ValueError(f"invalid address {val!r}")
            self.as_bytes = val

        @property
        def as_hex(self):
            return "0x" + self.as_bytes.hex()

        def __eq__(self, other):
            return isinstance(other, Address) and other.as_bytes == self.as_bytes

        def __lt__(self, other):
            return self.as_bytes < other.as_bytes

        def __hash__(self):
            return hash(self.as_bytes)

        def __repr__(self):
            return f"Address({self.as_hex})"

    _types.Address = Address
else:
    Address = _types.Address


class ReadOnly(Exception):
    pass


def forbid():
    raise ReadOnly("storage is read-only here")


class Chain:
    def __init__(self, cls):
        self.cls = bind_storage_class(cls)
        self.state: dict[bytes, bytes] = {}
        self.last_store = None

    def _store(self, readonly: bool) -> MemorySlotStore:
        return MemorySlotStore(dict(self.state), forbid if readonly else None)

    def call(self, fn, *args, readonly: bool = False):
        """Run ``fn(contract, *args)``; commit on success unless ``readonly``."""
        store = self._store(readonly)
        self.last_store = store
        obj = storage_view(self.cls, store, CONTRACT_SLOT)
        result = fn(obj, *args)
        if not readonly:
            for sid, content in store.dirty().items():
                if content:
                    self.state[sid] = content
                else:
                    self.state.pop(sid, None)
        return result

    def view(self, fn, *args):
        return self.call(fn, *args, readonly=True)

    def deploy(self, *args, **kwargs):
        return self.call(lambda c: self.cls.__init__(c, *args, **kwargs))


def raises(exc_type, fn, *args, **kwargs) -> BaseException:
    try:
        fn(*args, **kwargs)
    except BaseException as e:  # noqa: BLE001
        assert type(e) is exc_type, f"expected {exc_type.__name__}, got {type(e).__name__}: {e}"
        return e
    raise AssertionError(f"{exc_type.__name__} not raised")
