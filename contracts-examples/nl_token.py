# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# A token you move with plain English: an LLM turns "send 5 tokens to 0x…" into {to, amount},
# validators must parse exactly the same (strict_eq), and the balance rules stay ordinary code.
from genlayer import *

PARSER = """You read one instruction for a token transfer and reply with JSON only:
{{"to": "<the recipient's 0x address>", "amount": <number of tokens, a whole number>}}
If the instruction is not a transfer to a 0x address, reply {{"to": null, "amount": 0}}.

Instruction: {instruction}"""


class NaturalLanguageToken(gl.Contract):
    balances: TreeMap[Address, u256]
    total_supply: u256

    def __init__(self, supply: int):
        self.balances[gl.message.sender_address] = supply
        self.total_supply = supply

    @gl.public.write
    def transfer(self, instruction: str) -> dict:
        def parse() -> dict:
            answer = gl.nondet.exec_prompt(PARSER.format(instruction=instruction), response_format="json")
            amount = answer.get("amount")
            if not answer.get("to"):
                raise gl.vm.UserError("not a transfer instruction")
            if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
                raise gl.vm.UserError(f"the amount must be a positive whole number, got {amount!r}")
            try:
                to = Address(str(answer["to"]))
            except Exception:
                raise gl.vm.UserError(f"not an address: {answer['to']!r}")
            return {"to": to, "amount": amount}

        parsed = gl.eq_principle.strict_eq(parse)
        to, amount = parsed["to"], parsed["amount"]
        # do not trust the LLM with the recipient: it must be written in the instruction
        if to.as_hex.lower() not in instruction.lower():
            raise gl.vm.UserError(f"the recipient {to} is not in the instruction")
        sender = gl.message.sender_address
        have = self.balances.get(sender, 0)
        if amount > have:
            raise gl.vm.UserError(f"insufficient balance: you have {have} tokens, {amount} needed")
        self.balances[sender] = have - amount
        self.balances[to] = self.balances.get(to, 0) + amount
        return parsed

    @gl.public.view
    def balance_of(self, owner: Address) -> int:
        return self.balances.get(owner, 0)

    @gl.public.view
    def get_total_supply(self) -> int:
        return self.total_supply
