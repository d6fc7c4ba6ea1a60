"""The four confidential examples of ``contracts-examples/`` (sealed-bid auction, confidential
voting, private code marketplace, private document review) run through ``_runner.execute`` with
the fake host's ``ToyEnclave``: each main flow gives the public results it should, and no bid,
ballot, code or document ever appears in plaintext in a storage slot or in the ``#state`` dump.
(In Pyodide the examples are copied to ``/contracts-examples``, which the same relative path
reaches.)"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from fakehost import Deployed, FakeHost, ToyEnclave, run  # noqa: E402

from genlayer._sealing import SEALED_OUTSIDE  # noqa: E402
from genlayer.py import calldata  # noqa: E402
from genlayer.py.types import Address  # noqa: E402

EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "contracts-examples"))

SELLER, ALICE, BOB, CAROL, DAVE = (Address(bytes([n]) * 20) for n in (0x11, 0xA1, 0xB2, 0xC3, 0xD4))


def _source(name: str) -> str:
    with open(os.path.join(EXAMPLES, name + ".py"), encoding="utf-8") as f:
        return f.read()


def _as(who: Address, **more) -> dict:
    return {"sender": who, **more}


def _ok(r):
    assert r.kind == "return", r
    return r.value


def _user_error(r, text: str) -> str:
    assert r.kind == "user_error" and text in r.message, r
    return r.message


def _forms(secret) -> list[bytes]:
    """Every plain encoding of ``secret`` that could show up in storage."""
    if isinstance(secret, int):
        return [secret.to_bytes(32, "little"), secret.to_bytes(32, "big"), calldata.encode(secret), str(secret).encode()]
    return [secret.encode(), calldata.encode(secret)]


def _assert_hidden(d: Deployed, secrets) -> None:
    dump = repr(_ok(d.view("#state")))
    for secret in secrets:
        for form in _forms(secret):
            for slot, content in d.storage.items():
                assert form not in content, (secret, slot)
        assert str(secret) not in dump, secret


def _sealed_entries(state) -> list[str]:
    out = []
    for value in (state.values() if isinstance(state, dict) else [v for _, v in state]):
        if isinstance(value, dict) and set(value) == {"sealed"}:
            out.append(value["sealed"])
        elif isinstance(value, dict):
            out += _sealed_entries(value)
    return out


# -- sealed-bid auction ----------------------------------------------------------------------------


def _auction(enclave=None) -> Deployed:
    d = Deployed(_source("sealed_bid_auction"), host=FakeHost(enclave or ToyEnclave()))
    _ok(d.deploy("Vintage guitar", 800_009, _opts=_as(SELLER)))
    return d


def test_auction_first_price_winner_and_nothing_else_revealed():
    enclave = ToyEnclave()
    d = _auction(enclave)
    assert _ok(d.write("bid", 1_000_003, _opts=_as(ALICE))) == 1
    assert _ok(d.write("bid", 1_250_007, _opts=_as(BOB))) == 2
    assert _ok(d.write("bid", 700_001, _opts=_as(DAVE))) == 3  # below the reserve: accepted, cannot win
    assert _ok(d.write("bid", 1_100_011, _opts=_as(ALICE))) == 3  # replaces alice's bid
    assert _ok(d.view("get_result")) == {"item": "Vintage guitar", "bidders": 3, "closed": False, "winner": None, "price": 0}
    _user_error(d.write("close", _opts=_as(ALICE)), "only the seller can close the auction")
    result = _ok(d.write("close", _opts=_as(SELLER)))
    assert result == {"item": "Vintage guitar", "bidders": 3, "closed": True, "winner": BOB, "price": 1_250_007}
    assert _ok(d.view("get_result")) == result
    _user_error(d.write("close", _opts=_as(SELLER)), "already closed")
    _user_error(d.write("bid", 2_000_000, _opts=_as(CAROL)), "the auction is closed")
    # the enclave saw every amount (32 fixed bytes each) ...
    bids = [int.from_bytes(calldata.decode(p), "big") for n, _, p in enclave.sealed if n.startswith("bids[")]
    assert bids == [1_000_003, 1_250_007, 700_001, 1_100_011]
    assert all(len(p) == len(calldata.encode(bytes(32))) for _, _, p in enclave.sealed)
    # ... storage and the state dump show none of the losing amounts nor the reserve
    _assert_hidden(d, [1_000_003, 1_100_011, 700_001, 800_009])
    state = dict(_ok(d.view("#state")))
    assert state["price"] == 1_250_007 and state["closed"] is True  # the public result is plain
    assert set(state["bids"]) == {ALICE.as_hex, BOB.as_hex, DAVE.as_hex}
    assert all(set(v) == {"sealed"} for v in state["bids"].values()) and set(state["reserve"]) == {"sealed"}


def test_auction_tie_goes_to_the_first_bidder_and_no_bid_at_the_reserve_means_no_sale():
    d = _auction()
    _ok(d.write("bid", 900_000, _opts=_as(CAROL)))
    _ok(d.write("bid", 900_000, _opts=_as(ALICE)))  # ALICE sorts first among the keys, CAROL bid first
    assert _ok(d.write("close", _opts=_as(SELLER)))["winner"] == CAROL
    d = _auction()
    _ok(d.write("bid", 800_008, _opts=_as(ALICE)))  # one below the reserve
    assert _ok(d.write("close", _opts=_as(SELLER))) == {"item": "Vintage guitar", "bidders": 1, "closed": True, "winner": None, "price": 0}
    _assert_hidden(d, [800_008, 800_009])


def test_auction_runs_only_inside_an_enclave():
    d = Deployed(_source("sealed_bid_auction"), host=FakeHost())
    r = d.deploy("Vintage guitar", 800_009)
    assert (r.kind, r.message) == ("vm_error", SEALED_OUTSIDE), r
    d = _auction()
    d.host = FakeHost()  # a validator without an enclave
    r = d.write("bid", 1_000_000, _opts=_as(ALICE))
    assert (r.kind, r.message) == ("vm_error", SEALED_OUTSIDE), r


# -- confidential voting ---------------------------------------------------------------------------

OPTIONS = ["solar", "bikes", "trees"]


def _election(ballots: dict) -> Deployed:
    d = Deployed(_source("confidential_voting"), host=FakeHost(ToyEnclave()))
    _ok(d.deploy("Which project gets the green grant?", OPTIONS, _opts=_as(SELLER)))
    for n, (voter, choice) in enumerate(ballots.items(), 1):
        assert _ok(d.write("vote", choice, _opts=_as(voter))) == n
    return d


def test_voting_publishes_only_the_totals():
    d = _election({ALICE: "solar", BOB: "bikes", CAROL: "solar", DAVE: "trees"})
    _user_error(d.write("vote", "trees", _opts=_as(ALICE)), "this address has already voted")
    msg = _user_error(d.write("vote", "nuclear", _opts=_as(SELLER)), "the ballot is not one of the options")
    assert "nuclear" not in msg
    status = _ok(d.view("get_status"))
    assert status == {"question": "Which project gets the green grant?", "options": OPTIONS, "ballots_cast": 4, "tallied": False}
    _user_error(d.view("get_results"), "not tallied yet")
    _user_error(d.write("tally", _opts=_as(ALICE)), "only the owner can tally")
    assert _ok(d.write("tally", _opts=_as(SELLER))) == {"solar": 2, "bikes": 1, "trees": 1}
    assert _ok(d.view("get_results")) == {"solar": 2, "bikes": 1, "trees": 1}
    _user_error(d.write("vote", "bikes", _opts=_as(SELLER)), "the vote is over")
    _user_error(d.write("tally", _opts=_as(SELLER)), "already tallied")


def test_ballots_leave_no_trace_outside_their_sealed_values():
    # the same voters, the opposite choices: before the tally everything public is byte-identical
    a = _election({ALICE: "solar", BOB: "bikes", CAROL: "solar"})
    b = _election({ALICE: "trees", BOB: "solar", CAROL: "bikes"})
    state_a, state_b = dict(_ok(a.view("#state"))), dict(_ok(b.view("#state")))
    blobs_a, blobs_b = _sealed_entries(state_a), _sealed_entries(state_b)
    assert len(blobs_a) == 3 and blobs_a != blobs_b
    assert len({len(x) for x in blobs_a + blobs_b}) == 1  # every sealed ballot has the same length
    mask = lambda s: {k: ({kk: "sealed" for kk in v} if k == "ballots" else v) for k, v in s.items()}
    assert mask(state_a) == mask(state_b)
    assert set(a.storage) == set(b.storage)
    differing = {slot for slot in a.storage if a.storage[slot] != b.storage[slot]}
    sealed_a = {bytes.fromhex(x[2:]) for x in blobs_a}
    assert differing and all(a.storage[slot] in sealed_a for slot in differing)
    for blob in sealed_a:
        assert not any(option.encode() in blob for option in OPTIONS)


# -- private code marketplace ----------------------------------------------------------------------

CODE = "def median(xs):\n    # MARKER-OKAPI-4412\n    s = sorted(xs)\n    return s[len(s) // 2]\n"
SPEC = "A Python function median(xs) returning the median of a non-empty list of numbers."


def _market(answer: dict) -> tuple[Deployed, FakeHost]:
    host = FakeHost(ToyEnclave()).on_prompt(r"MARKER-OKAPI-4412", answer)
    d = Deployed(_source("private_code_marketplace"), host=host)
    _ok(d.deploy())
    assert _ok(d.write("list_code", "Fast median", SPEC, CODE, 5_000, _opts=_as(SELLER))) == 0
    return d, host


def test_marketplace_judge_sees_the_code_and_publishes_only_a_verdict():
    d, host = _market({"meets_spec": True, "score": 8, "why": "uses sorted(xs) — MARKER-OKAPI-4412"})
    _user_error(d.write("buy", 0, _opts=_as(ALICE, value=5_000)), "only code that passed the judge is for sale")
    leader = d.write("judge", 0)
    assert _ok(leader) == {"verdict": "pass", "score": 8}
    prompts = [p["prompt"] for n, p in host.requests if n == "ExecPrompt"]
    assert len(prompts) == 1 and CODE in prompts[0] and SPEC in prompts[0]  # the LLM saw the sealed code
    _user_error(d.write("judge", 0), "already judged")
    _user_error(d.write("buy", 0, _opts=_as(SELLER, value=5_000)), "sellers cannot buy their own code")
    _user_error(d.write("buy", 0, _opts=_as(ALICE, value=4_999)), "send exactly the price: 5000 wei")
    bought = d.write("buy", 0, _opts=_as(ALICE, value=5_000))
    assert _ok(bought) is None
    transfers = [e for e in bought.effects if "PostMessage" in e]
    assert len(transfers) == 1 and transfers[0]["PostMessage"]["value"] == 5_000, bought.effects
    _user_error(d.write("buy", 0, _opts=_as(BOB, value=5_000)), "already sold")
    listing = _ok(d.view("get_listing", 0))
    assert listing == {"seller": SELLER, "title": "Fast median", "spec": SPEC, "price": 5_000, "verdict": "pass", "score": 8, "buyer": ALICE}
    _assert_hidden(d, [CODE, "MARKER-OKAPI-4412", "sorted(xs)"])


def test_marketplace_validators_accept_a_close_score_and_reject_a_different_verdict():
    d, host = _market({"meets_spec": True, "score": 8})
    before = dict(d.storage)
    leader = d.write("judge", 0)
    _ok(leader)

    def as_validator(answer: dict):
        host.prompts.clear()
        host.on_prompt(r"MARKER-OKAPI-4412", answer)
        return run(d.code, "judge", [0], host=host, storage=before, mode="validator", leader_results=leader.nondet)

    assert _ok(as_validator({"meets_spec": True, "score": 6})) == {"verdict": "pass", "score": 8}  # the leader's, accepted
    for answer in ({"meets_spec": True, "score": 5}, {"meets_spec": False, "score": 8}):
        r = as_validator(answer)
        assert r.kind == "vm_error" and r.message == "validator_disagrees", (answer, r)


def test_marketplace_judge_errors_never_echo_the_answer():
    d, _ = _market({"verdict": "the code says MARKER-OKAPI-4412"})
    msg = _user_error(d.write("judge", 0), "the judge gave no valid verdict")
    assert "MARKER" not in msg
    assert _ok(d.view("get_listing", 0))["verdict"] == ""


# -- private document review -----------------------------------------------------------------------

DOCUMENT = (
    "Supply agreement between Larkspur Foods and Ostrava Mills: Ostrava Mills is the exclusive "
    "flour supplier for five years, with a termination notice of 180 days. Reference ZX-7781."
)
CRITERIA = "Approve only if either party may end the contract with at most 30 days' notice and nothing is exclusive."


def _review(leader_answer: str, validator_verdict: bool = True) -> tuple[Deployed, FakeHost]:
    host = FakeHost(ToyEnclave())
    host.on_template("EqNonComparativeLeader", leader_answer)
    host.on_template("EqNonComparativeValidator", validator_verdict)
    d = Deployed(_source("private_document_review"), host=host)
    _ok(d.deploy())
    return d, host


def test_review_publishes_a_verdict_and_a_reason_but_never_the_document():
    d, host = _review("REJECT: the supply is exclusive and the notice period is far longer than the criteria allow.")
    result = _ok(d.write("submit", DOCUMENT, CRITERIA, _opts=_as(ALICE)))
    reason = "the supply is exclusive and the notice period is far longer than the criteria allow."
    assert result == {"id": 0, "verdict": "reject", "reason": reason}
    (payload,) = [p for n, p in host.requests if n == "ExecPromptTemplate"]
    assert payload["input"] == DOCUMENT and CRITERIA in payload["task"]  # the LLM reviewed the plaintext
    assert _ok(d.view("get_review", 0)) == {"author": ALICE, "criteria": CRITERIA, "verdict": "reject", "reason": reason}
    assert _ok(d.view("count")) == 1
    _assert_hidden(d, [DOCUMENT, "Larkspur", "Ostrava", "ZX-7781"])


def test_review_withholds_a_reason_that_quotes_the_document():
    d, _ = _review("REJECT: Ostrava Mills is the exclusive flour supplier for five years.")
    assert _ok(d.write("submit", DOCUMENT, CRITERIA))["reason"] == "(reason withheld: it quoted the document)"
    _assert_hidden(d, [DOCUMENT, "Ostrava"])


def test_review_rejects_empty_documents_and_answers_without_a_verdict():
    d, _ = _review("Looks like Larkspur Foods signed with Ostrava Mills.")
    _user_error(d.write("submit", "   ", CRITERIA), "the document is empty")
    msg = _user_error(d.write("submit", DOCUMENT, CRITERIA), "the reviewer gave no verdict")
    assert "Larkspur" not in msg
    assert _ok(d.view("count")) == 0
    d, _ = _review("APPROVE: fine.", validator_verdict=False)
    leader = d.write("submit", DOCUMENT, CRITERIA)
    assert _ok(leader)["verdict"] == "approve"
    r = run(d.code, "submit", [DOCUMENT, CRITERIA], host=d.host, storage={}, mode="validator", leader_results=leader.nondet)
    assert r.kind == "vm_error" and r.message == "validator_disagrees", r
