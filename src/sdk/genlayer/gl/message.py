"""``gl.message`` (``MessageType``) and ``gl.message_raw`` (``MessageRawType``).

Both describe the current VM: inside a nested contract view call they are the callee's
(sender = the calling contract, origin unchanged, ``stack`` extended with the caller).
``genlayer.gl`` serves them through its module ``__getattr__``, so ``gl.message`` is always the
current one.
"""

import typing

from genlayer.py.types import Address

__all__ = ["MessageType", "MessageRawType", "make_message", "ZERO_ADDRESS"]

ZERO_ADDRESS = Address(bytes(20))


class MessageType(typing.NamedTuple):
    contract_address: Address
    sender_address: Address
    origin_address: Address
    value: int
    chain_id: int

    @property
    def sender_account(self) -> Address:
        """Old name of ``sender_address``."""
        return self.sender_address


class MessageRawType(typing.TypedDict):
    contract_address: Address
    sender_address: Address
    origin_address: Address
    value: int
    chain_id: int
    datetime: str
    is_init: bool
    stack: list[Address]
    entry_kind: int
    entry_data: bytes
    entry_stage_data: typing.Any


def _addr(v) -> Address:
    if v is None:
        return ZERO_ADDRESS
    return v if isinstance(v, Address) else Address(v)


def make_message(raw: dict | None) -> tuple[MessageType, dict]:
    """(``gl.message``, ``gl.message_raw``) from the request's ``message`` map (missing fields get
    zero defaults)."""
    raw = dict(raw or {})
    full: dict = {
        "contract_address": _addr(raw.get("contract_address")),
        "sender_address": _addr(raw.get("sender_address")),
        "origin_address": _addr(raw.get("origin_address", raw.get("sender_address"))),
        "value": int(raw.get("value") or 0),
        "chain_id": int(raw.get("chain_id") or 0),
        "datetime": str(raw.get("datetime") or "1970-01-01T00:00:00Z"),
        "is_init": bool(raw.get("is_init", False)),
        "stack": [_addr(a) for a in (raw.get("stack") or [])],
        "entry_kind": int(raw.get("entry_kind") or 0),
        "entry_data": bytes(raw.get("entry_data") or b""),
        "entry_stage_data": raw.get("entry_stage_data"),
    }
    msg = MessageType(
        full["contract_address"], full["sender_address"], full["origin_address"], full["value"], full["chain_id"]
    )
    return msg, full
