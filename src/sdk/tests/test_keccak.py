"""Keccak-256 (Ethereum flavour) against known digests and against hashlib's SHA3 core."""

import hashlib

from genlayer.py import keccak
from genlayer.py.keccak import Keccak256, keccak256


def test_empty():
    expected = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert keccak256(b"").hex() == expected


def test_abc():
    expected = "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
    assert keccak256(b"abc").hex() == expected


def test_quick_brown_fox():
    expected = "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"
    assert keccak256(b"The quick brown fox jumps over the lazy dog").hex() == expected


def test_transfer_selector():
    # the well-known ERC-20 selector is the first 4 bytes of keccak256 of the signature
    assert keccak256(b"transfer(address,uint256)")[:4].hex() == "a9059cbb"


def test_not_sha3():
    assert keccak256(b"") != hashlib.sha3_256(b"").digest()


def _sha3_256_with_our_core(data: bytes) -> bytes:
    # SHA3-256 differs from Keccak-256 only by the padding byte (0x06 instead of 0x01):
    # running our permutation with SHA3 padding must match hashlib on every length.
    rate = keccak._RATE
    state = [0] * 25
    msg = bytearray(data)
    msg.append(0x06)
    msg += bytes(-len(msg) % rate)
    msg[-1] |= 0x80
    for off in range(0, len(msg), rate):
        for i in range(rate // 8):
            state[i] ^= int.from_bytes(msg[off + 8 * i : off + 8 * i + 8], "little")
        keccak._permute(state)
    return b"".join(lane.to_bytes(8, "little") for lane in state[:4])


def test_permutation_matches_hashlib_sha3_all_block_boundaries():
    data = bytes((i * 7 + 3) & 0xFF for i in range(600))
    for n in list(range(0, 300)) + [407, 408, 409, 543, 544, 545, 600]:
        assert _sha3_256_with_our_core(data[:n]) == hashlib.sha3_256(data[:n]).digest(), n


def test_incremental_equals_one_shot():
    data = bytes(range(256)) * 3
    for split in (0, 1, 135, 136, 137, 300, len(data)):
        h = Keccak256(data[:split])
        h.update(data[split:])
        assert h.digest() == keccak256(data)
        assert h.hexdigest() == keccak256(data).hex()
    h = Keccak256()
    for i in range(0, len(data), 17):
        h.update(data[i : i + 17])
    assert h.digest() == keccak256(data)


def test_accepts_bytearray_and_memoryview():
    assert keccak256(bytearray(b"abc")) == keccak256(b"abc")
    assert keccak256(memoryview(b"abc")) == keccak256(b"abc")
