# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Private document review (confidential contract): a document is encrypted to the committee's
# attested enclaves and stays sealed; an LLM inside the enclaves reviews it against public
# criteria and only a verdict and a one-sentence reason that must not quote it become public.
import re
from dataclasses import dataclass

from genlayer import *

TASK = """Review the document against these criteria:
{criteria}

Answer with one line: APPROVE or REJECT, a colon, then one sentence saying why. The document is
confidential: do not quote it and do not repeat its names, numbers or other specifics."""

CHECKS = """The answer is one line: APPROVE or REJECT, a colon, then one sentence.
The verdict is the one the criteria give for this document.
The sentence does not quote the document or repeat its names, numbers or other specifics."""

QUOTE_WORDS = 5  # a reason sharing this many consecutive words with the document is withheld
WITHHELD = "(reason withheld: it quoted the document)"


@allow_storage
@dataclass
class Review:
    author: Address
    criteria: str
    verdict: str  # "approve" or "reject"
    reason: str


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def quotes(reason: str, document: str) -> bool:
    doc = " " + " ".join(words(document)) + " "
    w = words(reason)
    return any(" " + " ".join(w[i:i + QUOTE_WORDS]) + " " in doc for i in range(len(w) - QUOTE_WORDS + 1))


class PrivateDocumentReview(gl.Contract):
    """The leader's LLM reviews the document; validators' LLMs check its answer against CHECKS
    (the non-comparative principle), all inside enclaves. A last deterministic check, in the
    enclave too, withholds a reason that quotes the document anyway. The document's length is
    visible, as for any ciphertext."""

    reviews: DynArray[Review]
    documents: gl.ConfidentialMapping[u256, str]  # review id -> sealed document

    def __init__(self):
        pass

    @gl.public.write
    def submit(self, document: gl.EncryptedField[str], criteria: str) -> dict:
        if not document.strip():
            raise gl.vm.UserError("the document is empty")
        answer = gl.eq_principle.prompt_non_comparative(
            lambda: document, task=TASK.format(criteria=criteria), criteria=CHECKS
        )
        head, _, reason = answer.strip().partition(":")
        verdict = head.strip().lower()
        if verdict not in ("approve", "reject") or not reason.strip():
            raise gl.vm.UserError("the reviewer gave no verdict")  # never echo the answer
        reason = " ".join(reason.split())[:200]
        if quotes(reason, document):
            reason = WITHHELD
        review_id = len(self.reviews)
        self.reviews.append(Review(gl.message.sender_address, criteria, verdict, reason))
        self.documents[review_id] = document
        return {"id": review_id, "verdict": verdict, "reason": reason}

    @gl.public.view
    def get_review(self, review_id: int) -> dict:
        if not 0 <= review_id < len(self.reviews):
            raise gl.vm.UserError(f"no review #{review_id}")
        r = self.reviews[review_id]
        return {"author": r.author, "criteria": r.criteria, "verdict": r.verdict, "reason": r.reason}

    @gl.public.view
    def count(self) -> int:
        return len(self.reviews)
