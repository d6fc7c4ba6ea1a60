# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Events: indexed fields become topics, the rest goes into the blob.
from genlayer import *


class Deposited(gl.Event):
    def __init__(self, account: Address, /, **blob): ...


class Noted(gl.Event):
    def __init__(self, topic: str, /, **blob): ...


class EventLog(gl.Contract):
    total: u256

    def __init__(self):
        pass

    @gl.public.write.payable
    def deposit(self, note: str) -> int:
        self.total += gl.message.value
        Deposited(gl.message.sender_address, amount=gl.message.value, note=note).emit()
        return self.total

    @gl.public.write
    def note(self, topic: str, text: str) -> None:
        Noted(topic, text=text).emit()

    @gl.public.view
    def get_total(self) -> int:
        return self.total
