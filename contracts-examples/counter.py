# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# A counter other contracts read with a view call and bump with messages.
from genlayer import *


class Counter(gl.Contract):
    count: u64
    last_caller: Address

    def __init__(self, start: int):
        self.count = start

    @gl.public.view
    def get_count(self) -> int:
        return self.count

    @gl.public.view
    def get_count_times(self, factor: int) -> int:
        return self.count * factor

    @gl.public.write
    def add(self, amount: int) -> int:
        self.count += amount
        self.last_caller = gl.message.sender_address
        return self.count
