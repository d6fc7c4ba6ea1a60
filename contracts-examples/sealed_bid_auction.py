# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Sealed-bid auction (confidential contract): bids and the reserve are encrypted to the contract's
# committee of attested enclaves and stay sealed in storage. Closing publishes only the winner and
# the price they pay; losing bids are never revealed.
from genlayer import *

NOBODY = Address(bytes(20))


def fixed(amount: int) -> bytes:
    """Amounts are sealed as 32 fixed bytes: a ciphertext's length would give away a varint's size."""
    if not 0 <= amount < 2**256:
        raise gl.vm.UserError("an amount must fit in a u256")
    return amount.to_bytes(32, "big")


@gl.confidential  # the constructor and every method run only inside the committee's enclaves
class SealedBidAuction(gl.Contract):
    """First-price sealed-bid auction: the highest bid at or above the reserve wins and pays its
    own bid (a tie goes to whoever bid first). Second price is not used on purpose: it would
    publish the runner-up's bid, which is a losing bid.

    Public: the seller, the item, who has bid (the mapping's keys), and after closing the winner
    and the price. Sealed: the reserve and every amount. No error depends on an amount (beyond the
    u256 range), so a bid below the reserve is accepted and simply cannot win. Limits: an encrypted
    argument is as long as its calldata, so amounts of very different sizes differ in length in
    the transaction; payment and escrow are out of scope (a payable bid would publish its amount as
    the transaction's value)."""

    seller: Address
    item: str
    bidders: DynArray[Address]  # in order of first bid, for ties
    reserve: gl.ConfidentialField[bytes]  # fixed(amount)
    bids: gl.ConfidentialMapping[Address, bytes]  # bidder -> sealed fixed(amount)
    closed: bool
    winner: Address  # NOBODY when no bid met the reserve
    price: u256

    def __init__(self, item: str, reserve: gl.EncryptedField[u256]):
        self.seller = gl.message.sender_address
        self.item = item
        self.reserve = fixed(reserve)

    @gl.public.write
    def bid(self, amount: gl.EncryptedField[u256]) -> int:
        """Places (or replaces) the sender's sealed bid; returns how many have bid."""
        if self.closed:
            raise gl.vm.UserError("the auction is closed")
        bidder = gl.message.sender_address
        if bidder not in self.bids:
            self.bidders.append(bidder)
        self.bids[bidder] = fixed(amount)
        return len(self.bidders)

    @gl.public.write
    def close(self) -> dict:
        if gl.message.sender_address != self.seller:
            raise gl.vm.UserError("only the seller can close the auction")
        if self.closed:
            raise gl.vm.UserError("the auction is already closed")
        floor = max(int.from_bytes(self.reserve, "big"), 1)
        best_bidder, best = NOBODY, 0
        for bidder in self.bidders:
            amount = int.from_bytes(self.bids[bidder], "big")
            if amount >= floor and amount > best:
                best_bidder, best = bidder, amount
        self.closed = True
        self.winner, self.price = best_bidder, best
        return self._result()

    @gl.public.view
    def get_result(self) -> dict:
        return self._result()

    def _result(self) -> dict:
        sold = self.closed and self.winner != NOBODY
        return {
            "item": self.item,
            "bidders": len(self.bidders),
            "closed": self.closed,
            "winner": self.winner if sold else None,
            "price": self.price,
        }
