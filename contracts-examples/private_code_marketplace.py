# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Private code marketplace with an AI judge (confidential contract): a seller lists code under a
# public spec; the code is encrypted to the committee's attested enclaves and stays sealed. An LLM
# inside the enclaves checks it against the spec and publishes only a pass/fail and a score.
from dataclasses import dataclass

from genlayer import *

NOBODY = Address(bytes(20))
TOLERANCE = 2  # validators accept the leader's score when theirs is this close

JUDGE = """You review source code for a buyer who cannot see it.
Specification:
{spec}

Code:
{code}

Does the code meet the specification? Reply with JSON only:
{{"meets_spec": true or false, "score": <integer 0-10, how well it meets the specification>}}"""


@allow_storage
@dataclass
class Listing:
    seller: Address
    title: str
    spec: str
    price: u256  # wei
    verdict: str  # "" until judged, then "pass" or "fail"
    score: u8
    buyer: Address  # NOBODY until sold


def ask_judge(prompt: str) -> dict:
    answer = gl.nondet.exec_prompt(prompt, response_format="json")
    meets, score = answer.get("meets_spec"), answer.get("score")
    valid_score = isinstance(score, int) and not isinstance(score, bool) and 0 <= score <= 10
    if not isinstance(meets, bool) or not valid_score:
        # never echo the answer in the error: it might quote the code
        raise gl.vm.UserError("the judge gave no valid verdict")
    return {"meets_spec": meets, "score": score}


class PrivateCodeMarketplace(gl.Contract):
    """Only ``list_code`` (an encrypted parameter) and ``judge`` (``@gl.confidential``) run in the
    enclaves; ``buy`` and the views touch public fields only. The verdict is a bool and a number,
    so nothing of the code can leak through it (only its length shows, as for any ciphertext).
    Delivering the code to the buyer (re-encrypting it to the buyer's key inside the enclave) is
    out of scope: the sale is recorded, the code stays sealed."""

    listings: DynArray[Listing]
    code: gl.ConfidentialMapping[u256, str]  # listing id -> sealed source code

    def __init__(self):
        pass

    @gl.public.write
    def list_code(self, title: str, spec: str, code: gl.EncryptedField[str], price: u256) -> int:
        if not code.strip():
            raise gl.vm.UserError("the code is empty")
        listing_id = len(self.listings)
        self.listings.append(Listing(gl.message.sender_address, title, spec, price, "", 0, NOBODY))
        self.code[listing_id] = code
        return listing_id

    @gl.confidential
    @gl.public.write
    def judge(self, listing_id: int) -> dict:
        listing = self._listing(listing_id)
        if listing.verdict:
            raise gl.vm.UserError(f"listing #{listing_id} is already judged")
        prompt = JUDGE.format(spec=listing.spec, code=self.code[listing_id])

        def validator(leaders: gl.vm.Result) -> bool:
            mine = ask_judge(prompt)  # fails the same way when the leader's judge failed
            if not isinstance(leaders, gl.vm.Return):
                return False
            theirs = leaders.calldata
            same_verdict = theirs["meets_spec"] == mine["meets_spec"]
            return same_verdict and abs(theirs["score"] - mine["score"]) <= TOLERANCE

        result = gl.vm.run_nondet(lambda: ask_judge(prompt), validator)
        listing.verdict = "pass" if result["meets_spec"] else "fail"
        listing.score = result["score"]
        return {"verdict": listing.verdict, "score": result["score"]}

    @gl.public.write.payable
    def buy(self, listing_id: int) -> None:
        listing = self._listing(listing_id)
        if listing.verdict != "pass":
            raise gl.vm.UserError("only code that passed the judge is for sale")
        if listing.buyer != NOBODY:
            raise gl.vm.UserError(f"listing #{listing_id} is already sold")
        if gl.message.sender_address == listing.seller:
            raise gl.vm.UserError("sellers cannot buy their own code")
        if gl.message.value != listing.price:
            raise gl.vm.UserError(f"send exactly the price: {listing.price} wei")
        listing.buyer = gl.message.sender_address
        gl.get_contract_at(listing.seller).emit_transfer(value=listing.price)  # sent once final

    @gl.public.view
    def get_listing(self, listing_id: int) -> dict:
        x = self._listing(listing_id)
        return {"seller": x.seller, "title": x.title, "spec": x.spec, "price": x.price, "verdict": x.verdict,
                "score": x.score, "buyer": None if x.buyer == NOBODY else x.buyer}

    def _listing(self, listing_id: int) -> Listing:
        if not 0 <= listing_id < len(self.listings):
            raise gl.vm.UserError(f"no listing #{listing_id}")
        return self.listings[listing_id]
