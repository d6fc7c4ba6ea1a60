# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# On-chain credit score: an LLM reads a wallet's transaction history from an explorer API and
# scores it 300-850 with reasons. Models rarely agree to the point, so a custom validator
# re-scores the history and accepts the leader's score when its own is within 25 points.
import json

from genlayer import *

EXPLORER = "https://explorer.example/api/transactions?address="
TOLERANCE = 25


def read_history(url: str) -> list:
    response = gl.nondet.web.get(url)
    if response.status != 200:
        raise gl.vm.UserError(f"the explorer answered HTTP {response.status}")
    history = json.loads(response.body.decode("utf-8"))["transactions"]
    if not history:
        raise gl.vm.UserError("no transactions: this wallet has no history to score")
    return history


def ask_for_score(history: list) -> dict:
    answer = gl.nondet.exec_prompt(
        "You are a credit analyst for blockchain wallets. Rate how reliably this wallet repays "
        "loans and manages funds, on a scale from 300 (very risky) to 850 (excellent).\n"
        f"Transactions (newest first):\n{json.dumps(history, indent=1)}\n"
        'Respond with JSON only: {"score": <integer 300-850>, "reasons": ["<short reason>", ...]}',
        response_format="json",
    )
    score = answer.get("score")
    if isinstance(score, bool) or not isinstance(score, int) or not 300 <= score <= 850:
        raise gl.vm.UserError(f"the LLM gave no score between 300 and 850: {score!r}")
    return {"score": score, "reasons": [str(r) for r in answer.get("reasons", [])][:3]}


class CreditScore(gl.Contract):
    scores: TreeMap[Address, u16]
    reasons: TreeMap[Address, str]

    def __init__(self):
        pass

    @gl.public.write
    def score_wallet(self, wallet: Address) -> int:
        url = EXPLORER + wallet.as_hex

        def leader() -> dict:
            return ask_for_score(read_history(url))

        def validator(leaders_result: gl.vm.Result) -> bool:
            # Score the history ourselves first: if the leader failed (say, an empty history),
            # we fail with the same error and so agree with it.
            mine = ask_for_score(read_history(url))
            if not isinstance(leaders_result, gl.vm.Return):
                return False
            return abs(leaders_result.calldata["score"] - mine["score"]) <= TOLERANCE

        result = gl.vm.run_nondet(leader, validator)
        self.scores[wallet] = result["score"]
        self.reasons[wallet] = "; ".join(result["reasons"])
        return result["score"]

    @gl.public.view
    def get_score(self, wallet: Address) -> dict:
        if wallet not in self.scores:
            return {"score": None, "reasons": ""}
        return {"score": self.scores[wallet], "reasons": self.reasons[wallet]}
