# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# A token whose transfers are written in plain language: an LLM reads the instruction and returns
# the new balances, and validators require the exact same JSON (strict equality).
import json

from genlayer import *


class LlmToken(gl.Contract):
    balances: TreeMap[Address, u256]

    def __init__(self, total_supply: int):
        self.balances[gl.message.sender_address] = total_supply

    @gl.public.write
    def transfer(self, instruction: str) -> None:
        snapshot = {addr.as_hex: amount for addr, amount in self.balances.items()}
        prompt = f"""You keep the ledger of a token.
Balances: {json.dumps(snapshot, sort_keys=True)}
Sender: {gl.message.sender_address.as_hex}
Instruction: {instruction}
Apply the instruction if it is valid and answer in JSON:
{{"transaction_success": bool, "transaction_error": str, "updated_balances": {{address: amount}}}}"""

        def apply() -> str:
            answer = gl.nondet.exec_prompt(prompt, response_format="json")
            return json.dumps(answer, sort_keys=True)

        outcome = json.loads(gl.eq_principle.strict_eq(apply))
        if not outcome["transaction_success"]:
            raise gl.vm.UserError(outcome["transaction_error"])
        for addr, amount in outcome["updated_balances"].items():
            self.balances[Address(addr)] = amount

    @gl.public.view
    def get_balances(self) -> dict[str, int]:
        return {addr.as_hex: amount for addr, amount in self.balances.items()}

    @gl.public.view
    def get_balance_of(self, address: str) -> int:
        return self.balances.get(Address(address), 0)
