# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Confidential voting: each ballot is encrypted to the contract's committee of attested enclaves
# and stays sealed in storage. Anyone sees who voted and how many; the tally publishes only the
# totals per option, never a single ballot.
from genlayer import *


@gl.confidential  # the constructor and every method run only inside the committee's enclaves
class ConfidentialVoting(gl.Contract):
    """One sealed ballot per address. The owner tallies whenever they choose, which ends the
    vote. Error messages never repeat a choice. Limits: an encrypted argument is as long as its
    text, so options of equal length hide best; totals can still give ballots away in a tiny
    electorate (three votes, all for one option)."""

    owner: Address
    question: str
    options: DynArray[str]
    ballots: gl.ConfidentialMapping[Address, u8]  # voter -> sealed index of the choice
    totals: TreeMap[str, u32]  # filled in by tally()
    tallied: bool

    def __init__(self, question: str, options: list[str]):
        if not 2 <= len(options) <= 16 or len(set(options)) != len(options):
            raise gl.vm.UserError("give 2 to 16 different options")
        self.owner = gl.message.sender_address
        self.question = question
        self.options.extend(options)

    @gl.public.write
    def vote(self, choice: gl.EncryptedField[str]) -> int:
        """Casts the sender's sealed ballot; returns the number of ballots cast."""
        if self.tallied:
            raise gl.vm.UserError("the vote is over")
        voter = gl.message.sender_address
        if voter in self.ballots:
            raise gl.vm.UserError("this address has already voted")
        options = list(self.options)
        if choice not in options:
            raise gl.vm.UserError("the ballot is not one of the options")
        # the index, not the text: every sealed ballot then has the same length
        self.ballots[voter] = options.index(choice)
        return len(self.ballots)

    @gl.public.write
    def tally(self) -> dict:
        if gl.message.sender_address != self.owner:
            raise gl.vm.UserError("only the owner can tally")
        if self.tallied:
            raise gl.vm.UserError("already tallied")
        options = list(self.options)
        counts = {option: 0 for option in options}
        for voter in self.ballots:
            counts[options[self.ballots[voter]]] += 1
        for option, count in counts.items():
            self.totals[option] = count
        self.tallied = True
        return counts

    @gl.public.view
    def get_status(self) -> dict:
        return {"question": self.question, "options": list(self.options),
                "ballots_cast": len(self.ballots), "tallied": self.tallied}

    @gl.public.view
    def get_results(self) -> dict:
        if not self.tallied:
            raise gl.vm.UserError("not tallied yet")
        return {option: self.totals[option] for option in self.options}
