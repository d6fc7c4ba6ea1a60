# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# A price feed with a tolerance: no two nodes read exactly the same price, so a custom validator
# function (gl.vm.run_nondet) accepts the leader's price when its own is within epsilon of it.
import json

from genlayer import *


class PriceFeedEpsilon(gl.Contract):
    source: str
    epsilon_cents: u256
    price_cents: u256
    updates: u32

    def __init__(self, source: str, epsilon_cents: int):
        if epsilon_cents < 0:
            raise gl.vm.UserError("epsilon_cents must not be negative")
        self.source = source
        self.epsilon_cents = epsilon_cents

    @gl.public.write
    def update(self) -> int:
        source = self.source
        eps = int(self.epsilon_cents)

        def read_cents() -> int:
            # Each node reads the feed itself; prices are kept as whole cents (no floats on chain).
            response = gl.nondet.web.get(source)
            if response.status != 200:
                raise gl.vm.UserError(f"price source answered HTTP {response.status}")
            usd = json.loads(response.body.decode("utf-8"))["usd"]
            return round(float(usd) * 100)

        def close_enough(leaders: gl.vm.Result) -> bool:
            mine = read_cents()  # if the leader failed, fail the same way to agree
            if not isinstance(leaders, gl.vm.Return):
                return False
            return abs(leaders.calldata - mine) <= eps

        self.price_cents = gl.vm.run_nondet(read_cents, close_enough)
        self.updates += 1
        return self.price_cents

    @gl.public.view
    def get_price(self) -> str:
        cents = int(self.price_cents)
        return f"{cents // 100}.{cents % 100:02d}"

    @gl.public.view
    def get_updates(self) -> int:
        return self.updates
