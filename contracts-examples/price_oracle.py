# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# A price oracle that trusts no single source: it reads every price feed, rounds each price to
# cents and keeps a price only when at least `need` feeds agree on it, so one poisoned feed cannot
# move it. gl.playground.agreeing_sources is a playground extension, not part of GenLayer's API.
import json

from genlayer import *


def cents(body: str) -> str:
    """The feed's USD price rounded to cents, as text ("1.23")."""
    price = json.loads(body)["usd"]
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price <= 0:
        raise ValueError(f"not a price: {price!r}")
    return f"{price:.2f}"


class PriceOracle(gl.Contract):
    feeds: DynArray[str]
    need: u8
    price: str

    def __init__(self, feeds: list[str], need: int):
        if not 1 <= need <= len(feeds):
            raise gl.vm.UserError(f"need must be between 1 and {len(feeds)}")
        self.feeds.extend(feeds)
        self.need = need

    @gl.public.write
    def refresh(self) -> str:
        feeds = list(self.feeds)
        need = self.need

        def read_price() -> str:
            return gl.playground.agreeing_sources(feeds, need, normalize=cents)

        self.price = gl.eq_principle.strict_eq(read_price)
        return self.price

    @gl.public.view
    def get_price(self) -> str:
        return self.price
