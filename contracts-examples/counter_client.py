# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Cross-contract calls: a synchronous view of another contract, and messages that become child
# transactions when this one is accepted or finalized.
from genlayer import *


@gl.contract_interface
class CounterInterface:
    class View:
        def get_count(self) -> int: ...
        def get_count_times(self, factor: int) -> int: ...

    class Write:
        def add(self, amount: int) -> int: ...


class CounterClient(gl.Contract):
    counter: Address
    seen: u64

    def __init__(self, counter: str):
        self.counter = Address(counter)

    @gl.public.write
    def observe(self) -> int:
        self.seen = gl.get_contract_at(self.counter).view().get_count()
        return self.seen

    @gl.public.view
    def peek_times(self, factor: int) -> int:
        return CounterInterface(self.counter).view().get_count_times(factor)

    @gl.public.write
    def bump_later(self, amount: int) -> None:
        gl.get_contract_at(self.counter).emit(on="accepted").add(amount)
        CounterInterface(self.counter).emit(on="finalized").add(amount * 10)
