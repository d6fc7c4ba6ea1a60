# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# A paid conversational agent that remembers: each (user, topic) keeps its last few exchanges on
# chain and the LLM answers with them as context. The leader's LLM writes the answer; validators
# only check that it meets the criteria (the non-comparative equivalence principle).
import json

from genlayer import *

TASK = "You are a helpful assistant. Reply to the user's last message, using the conversation so far."
CRITERIA = (
    "The reply answers the last message in the context of the conversation, is at most three "
    "sentences, and never promises financial returns."
)


class AiAgent(gl.Contract):
    owner: Address
    fee: u256
    keep: u8
    memory: TreeMap[str, DynArray[str]]  # "<user>/<topic>" -> exchanges as JSON, oldest first

    def __init__(self, fee: int, keep: int):
        self.owner = gl.message.sender_address
        self.fee = fee
        self.keep = keep

    @gl.public.write.payable
    def ask(self, topic: str, message: str) -> str:
        if gl.message.value < self.fee:
            raise gl.vm.UserError(f"the fee is {self.fee} wei, {gl.message.value} sent")
        key = f"{gl.message.sender_address.as_hex}/{topic.strip().lower()}"
        conversation = f"Topic: {topic}\n"
        for exchange in self.memory.get(key, []):
            past = json.loads(exchange)
            conversation += f"User: {past['user']}\nAgent: {past['agent']}\n"
        conversation += f"User: {message}"

        answer = gl.eq_principle.prompt_non_comparative(lambda: conversation, task=TASK, criteria=CRITERIA)

        history = self.memory.get_or_insert_default(key)
        history.append(json.dumps({"user": message, "agent": answer}))
        while len(history) > self.keep:
            history.pop(0)
        return answer

    @gl.public.view
    def get_context(self, user: Address, topic: str) -> list:
        key = f"{user.as_hex}/{topic.strip().lower()}"
        return [json.loads(exchange) for exchange in self.memory.get(key, [])]

    @gl.public.write
    def withdraw(self) -> int:
        if gl.message.sender_address != self.owner:
            raise gl.vm.UserError("only the owner can withdraw the fees")
        amount = self.balance
        if amount > 0:
            gl.get_contract_at(self.owner).emit_transfer(value=amount)
        return amount
