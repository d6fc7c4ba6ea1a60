"""GenLayer contract SDK (clean-room, v0.2 API line).

``from genlayer import *`` gives ``gl``, ``Address``, ``u8 … u256``, ``i8 … i256``, ``bigint``,
``TreeMap``, ``DynArray``, ``Array``, ``allow_storage``, ``Keccak256`` and ``SecurePrompt`` (a
playground extension). ``import genlayer``
followed by ``genlayer.gl`` and ``import genlayer.gl as gl`` work too.
"""

from genlayer.py.types import Address, bigint
from genlayer.py import types as _types
from genlayer.py.keccak import Keccak256
from genlayer.py.storage import Array, DynArray, TreeMap, allow_storage
from genlayer import gl
from genlayer.gl.secure_prompt import SecurePrompt  # playground extension

_SIZED = [f"{p}{bits}" for p in ("u", "i") for bits in range(8, 257, 8)]
globals().update({name: getattr(_types, name) for name in _SIZED})

__all__ = [
    "gl",
    "Address",
    "bigint",
    "Keccak256",
    "TreeMap",
    "DynArray",
    "Array",
    "allow_storage",
    "SecurePrompt",
    *_SIZED,
]
