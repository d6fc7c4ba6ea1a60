"""Primitive contract types: sized integers, ``bigint`` and ``Address``.

Sized integers are ``typing.NewType`` aliases of ``int``: at run time ``u8(300)`` is just ``300``.
Their range is checked only when a value is written to storage (see ``genlayer.py.storage``).
"""

import typing

__all__ = ["bigint", "SIZED_INTS", "sized_int_info"]

# name -> (byte width, signed)
SIZED_INTS: dict[str, tuple[int, bool]] = {}


def _sized(name: str, bits: int, signed: bool):
    t = typing.NewType(name, int)
    t.__module__ = __name__
    SIZED_INTS[name] = (bits // 8, signed)
    __all__.append(name)
    return t


for _bits in range(8, 257, 8):
    globals()[f"u{_bits}"] = _sized(f"u{_bits}", _bits, False)
    globals()[f"i{_bits}"] = _sized(f"i{_bits}", _bits, True)
del _bits

bigint = typing.NewType("bigint", int)
bigint.__module__ = __name__


def sized_int_info(tp) -> tuple[int, bool] | None:
    """(byte width, signed) for one of our sized int aliases, else None."""
    if isinstance(tp, typing.NewType) and tp.__module__ == __name__:
        return SIZED_INTS.get(tp.__name__)
    return None


class Address:
    """A 20-byte account address (immutable, hashable, ordered by its bytes).

    ``Address(x)`` accepts ``"0x"`` + 40 hex digits (any case, the checksum is not enforced), a
    base64 string of 20 bytes, 20 raw bytes (``bytes``/``bytearray``/``memoryview``) or another
    ``Address``. ``str()`` gives the EIP-55 checksummed hex form. Invalid input raises a plain
    ``Exception("invalid address …")`` like the GenLayer SDK (``TypeError`` for other types).
    """

    SIZE = 20
    __slots__ = ("_bytes", "_checksum")

    def __init__(self, val: "str | bytes | bytearray | memoryview | Address") -> None:
        if isinstance(val, Address):
            raw = val._bytes
        elif isinstance(val, str):
            raw = _address_bytes_from_str(val)
        elif isinstance(val, (bytes, bytearray, memoryview)):
            raw = bytes(val)
        else:
            raise TypeError(f"can not make an Address from {type(val).__name__}")
        if len(raw) != Address.SIZE:
            raise _invalid(val)
        object.__setattr__(self, "_bytes", raw)
        object.__setattr__(self, "_checksum", None)

    def __setattr__(self, name, value):
        raise AttributeError("Address is immutable")

    @property
    def as_bytes(self) -> bytes:
        return self._bytes

    @property
    def as_hex(self) -> str:
        """EIP-55 checksummed ``0x…`` form."""
        if self._checksum is None:
            from .keccak import keccak256

            low = self._bytes.hex()
            digest = keccak256(low.encode("ascii")).hex()
            chars = [c.upper() if c > "9" and digest[i] >= "8" else c for i, c in enumerate(low)]
            object.__setattr__(self, "_checksum", "0x" + "".join(chars))
        return self._checksum

    @property
    def as_b64(self) -> str:
        import base64

        return base64.b64encode(self._bytes).decode("ascii")

    @property
    def as_int(self) -> int:
        """The bytes read as a little-endian unsigned integer."""
        return int.from_bytes(self._bytes, "little")

    def __bytes__(self) -> bytes:
        return self._bytes

    def __reduce__(self):
        return (Address, (self._bytes,))

    def __str__(self) -> str:
        return self.as_hex

    def __repr__(self) -> str:
        return f'Address("{self.as_hex}")'

    def __format__(self, spec: str) -> str:
        """``""``/``"s"``: checksummed hex; ``"x"``: lowercase ``0x`` hex; ``"b64"``: base64;
        ``"cd"``: the calldata debug form ``addr#<hex>``."""
        if spec in ("", "s"):
            return self.as_hex
        if spec == "x":
            return "0x" + self._bytes.hex()
        if spec == "b64":
            return self.as_b64
        if spec == "cd":
            return "addr#" + self._bytes.hex()
        raise ValueError(f"unknown format spec {spec!r} for Address")

    def __hash__(self) -> int:
        return hash((Address, self._bytes))

    def __eq__(self, other) -> bool:
        if isinstance(other, Address):
            return self._bytes == other._bytes
        return NotImplemented

    def __lt__(self, other) -> bool:
        if isinstance(other, Address):
            return self._bytes < other._bytes
        return NotImplemented

    def __le__(self, other) -> bool:
        if isinstance(other, Address):
            return self._bytes <= other._bytes
        return NotImplemented

    def __gt__(self, other) -> bool:
        if isinstance(other, Address):
            return self._bytes > other._bytes
        return NotImplemented

    def __ge__(self, other) -> bool:
        if isinstance(other, Address):
            return self._bytes >= other._bytes
        return NotImplemented


_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _address_bytes_from_str(s: str) -> bytes:
    if s[:2] in ("0x", "0X"):
        body = s[2:]
        if len(body) != 2 * Address.SIZE or not _HEX_DIGITS.issuperset(body):
            raise _invalid(s)
        return bytes.fromhex(body)
    import base64
    import binascii

    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        raise _invalid(s) from None


def _invalid(val) -> Exception:
    # the GenLayer SDK raises a plain Exception with exactly this text (see the conformance oracle)
    return Exception(f"invalid address {val}")


__all__.append("Address")
