# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# A yes/no prediction market settled by reading the news: an LLM answers the question from each
# source and the outcome needs a quorum of agreeing sources, so one wrong page cannot settle it.
# gl.playground.agreeing_sources is a playground extension, not part of GenLayer's API.
from genlayer import *


class PredictionMarket(gl.Contract):
    question: str
    sources: DynArray[str]
    quorum: u8
    outcome: str  # "" while bets are open, then "YES" or "NO"
    yes_bets: TreeMap[Address, u256]  # bettor -> wei
    no_bets: TreeMap[Address, u256]
    totals: TreeMap[str, u256]  # side -> wei
    claimed: TreeMap[Address, bool]

    def __init__(self, question: str, sources: list[str], quorum: int):
        if not 1 <= quorum <= len(sources):
            raise gl.vm.UserError(f"quorum must be between 1 and {len(sources)}")
        self.question = question
        self.sources.extend(sources)
        self.quorum = quorum

    @gl.public.write.payable
    def bet(self, side: str) -> None:
        side = side.strip().upper()
        if side not in ("YES", "NO"):
            raise gl.vm.UserError("bet on YES or NO")
        if self.outcome:
            raise gl.vm.UserError("the market is resolved: bets are closed")
        book = self.yes_bets if side == "YES" else self.no_bets
        bettor = gl.message.sender_address
        book[bettor] = book.get(bettor, 0) + gl.message.value
        self.totals[side] = self.totals.get(side, 0) + gl.message.value

    @gl.public.write
    def resolve(self) -> str:
        if self.outcome:
            raise gl.vm.UserError(f"already resolved: {self.outcome}")
        question, sources, quorum = self.question, list(self.sources), int(self.quorum)

        def answer_from(page: str) -> str | None:
            prompt = (
                f"Question: {question}\nUsing only the page below, answer YES, NO or UNKNOWN (the page "
                f'does not say). Reply as JSON: {{"answer": "...", "why": "..."}}\n\nPage:\n{page}'
            )
            answer = str(gl.nondet.exec_prompt(prompt, response_format="json").get("answer", "")).upper()
            return answer if answer in ("YES", "NO") else None  # None agrees with nobody

        def settle() -> str:  # the answer at least `quorum` sources agree on, or a UserError
            fetch = lambda url: gl.nondet.web.render(url, mode="text")
            return gl.playground.agreeing_sources(sources, quorum, fetch=fetch, normalize=answer_from)

        self.outcome = gl.eq_principle.strict_eq(settle)
        return self.outcome

    @gl.public.write
    def claim(self) -> int:
        bettor = gl.message.sender_address
        amount = self._payout(bettor)
        if amount == 0:
            raise gl.vm.UserError("nothing to claim")
        self.claimed[bettor] = True
        gl.get_contract_at(bettor).emit_transfer(value=amount)  # sent once this claim is final
        return amount

    @gl.public.view
    def payout_of(self, bettor: Address) -> int:
        return self._payout(bettor)

    @gl.public.view
    def get_market(self) -> dict:
        return {"question": self.question, "outcome": self.outcome,
                "yes": self.totals.get("YES", 0), "no": self.totals.get("NO", 0)}

    def _payout(self, bettor: Address) -> int:
        # still owed: the pool shared in proportion to stakes on the outcome; 0 if unresolved or paid
        if not self.outcome or self.claimed.get(bettor, False):
            return 0
        pool = self.totals.get("YES", 0) + self.totals.get("NO", 0)
        winners = self.totals.get(self.outcome, 0)
        if winners == 0:  # nobody picked the outcome: every stake goes back
            return self.yes_bets.get(bettor, 0) + self.no_bets.get(bettor, 0)
        stake = (self.yes_bets if self.outcome == "YES" else self.no_bets).get(bettor, 0)
        return stake * pool // winners
