# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# An AI wallet guard: a spender (say, a shopping bot) asks the vault to pay someone; an LLM judges
# the transfer against the owner's policy. Fine transfers go out at once, suspicious ones wait for
# the owner. Validators must reach the same verdict; the LLM's wording may differ.
from dataclasses import dataclass

from genlayer import *


def gen(wei: int) -> str:  # 1500000000000000000 wei -> "1.5" (GEN)
    return f"{wei // 10**18}.{wei % 10**18:018d}".rstrip("0").rstrip(".")


@allow_storage
@dataclass
class Transfer:
    to: Address
    amount: u256
    memo: str
    status: str  # "sent", "held", "approved" or "rejected"
    reason: str  # the leader's LLM's words


class WalletGuard(gl.Contract):
    owner: Address
    spender: Address
    policy: str
    available: u256  # deposited and neither sent nor held
    transfers: DynArray[Transfer]

    def __init__(self, spender: Address, policy: str):
        self.owner = gl.message.sender_address
        self.spender = spender
        self.policy = policy

    @gl.public.write.payable
    def deposit(self) -> int:
        self.available += gl.message.value
        return self.available

    @gl.public.write
    def request_transfer(self, to: Address, amount: int, memo: str) -> str:
        if gl.message.sender_address != self.spender:
            raise gl.vm.UserError("only the spender can request transfers")
        if not 0 < amount <= self.available:
            raise gl.vm.UserError(f"cannot send {amount} wei: {self.available} available")
        prompt = (
            f"You guard a wallet. The owner's policy:\n{self.policy}\n\n"
            f"Transfer request: {gen(amount)} GEN to {to.as_hex}, memo: {memo!r}\n"
            'Does it break the policy? Respond with JSON only: {"suspicious": true | false, "reason": "<one sentence>"}'
        )

        def leader() -> dict:
            verdict = gl.nondet.exec_prompt(prompt, response_format="json")
            return {"suspicious": verdict["suspicious"] is True, "reason": str(verdict.get("reason", ""))}

        def validator(leaders_result: gl.vm.Result) -> bool:
            mine = leader()  # validators agree on the verdict; the reason is the leader's
            return isinstance(leaders_result, gl.vm.Return) and leaders_result.calldata["suspicious"] == mine["suspicious"]

        verdict = gl.vm.run_nondet(leader, validator)
        self.available -= amount
        status = "held" if verdict["suspicious"] else "sent"
        self.transfers.append(Transfer(to, amount, memo, status, verdict["reason"]))
        if status == "sent":
            gl.get_contract_at(to).emit_transfer(value=amount)
        return status

    @gl.public.write
    def decide(self, index: int, approve: bool) -> str:
        if gl.message.sender_address != self.owner:
            raise gl.vm.UserError("only the owner can decide on held transfers")
        if not 0 <= index < len(self.transfers):
            raise gl.vm.UserError(f"no transfer {index}")
        transfer = self.transfers[index]
        if transfer.status != "held":
            raise gl.vm.UserError(f"transfer {index} is {transfer.status}, not held")
        if approve:
            transfer.status = "approved"
            gl.get_contract_at(transfer.to).emit_transfer(value=transfer.amount)
        else:
            transfer.status = "rejected"
            self.available += transfer.amount
        return transfer.status

    @gl.public.view
    def get_transfers(self) -> list:
        fields = ("to", "amount", "memo", "status", "reason")
        return [{name: getattr(t, name) for name in fields} for t in self.transfers]
