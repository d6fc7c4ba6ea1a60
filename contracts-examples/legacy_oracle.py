# { "Depends": "py-genlayer:test" }
# Written with the older GenVM names (gl.exec_prompt, gl.get_webpage, gl.eq_principle_*,
# @gl.contract, gl.ContractAt, gl.Rollback): the playground maps them to today's API.
import json

from genlayer import *


@gl.contract
class LegacyOracle:
    price: str
    source: str
    peer: Address

    def __init__(self, source: str):
        self.source = source

    @gl.public.write
    def refresh(self) -> str:
        source = self.source

        def fetch() -> str:
            page = gl.get_webpage(source, mode="text")
            reply = gl.exec_prompt(f"What is the BTC price on this page? Answer with digits only.\n{page}")
            return reply.strip()

        self.price = gl.eq_principle_strict_eq(fetch)
        return self.price

    @gl.public.write
    def summarize(self) -> str:
        source = self.source
        return gl.eq_principle_prompt_non_comparative(
            lambda: gl.get_webpage(source, mode="text"),
            task="Summarize the page in one sentence",
            criteria="Accurate and short",
        )

    @gl.public.write
    def compare(self) -> str:
        return gl.eq_principle_prompt_comparative(
            lambda: gl.exec_prompt("Name a colour"), "Both answers name the same colour"
        )

    @gl.public.write
    def refuse(self) -> None:
        raise gl.Rollback("refused on purpose")

    @gl.public.write
    def set_peer(self, peer: str) -> None:
        self.peer = Address(peer)

    @gl.public.view
    def peer_count(self) -> int:
        return gl.ContractAt(self.peer).view().get_count()

    @gl.public.view
    def sender_account(self) -> str:
        return gl.message.sender_account.as_hex

    @gl.public.view
    def get_price(self) -> str:
        return self.price
