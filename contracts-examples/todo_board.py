# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Dataclass storage: tasks are @allow_storage dataclasses kept in a DynArray and indexed by owner.
from dataclasses import dataclass

from genlayer import *


@allow_storage
@dataclass
class Task:
    title: str
    owner: Address
    done: bool
    votes: u32
    tags: DynArray[str]


class TodoBoard(gl.Contract):
    tasks: DynArray[Task]
    by_owner: TreeMap[Address, DynArray[u32]]

    def __init__(self):
        pass

    @gl.public.write
    def add(self, title: str, tags: list[str]) -> int:
        owner = gl.message.sender_address
        self.tasks.append(Task(title, owner, False, 0, tags))
        index = len(self.tasks) - 1
        self.by_owner.get_or_insert_default(owner).append(index)
        return index

    @gl.public.write
    def complete(self, index: int) -> None:
        task = self.tasks[index]
        if task.owner != gl.message.sender_address:
            raise gl.vm.UserError("only the owner can complete a task")
        task.done = True

    @gl.public.write
    def vote(self, index: int) -> int:
        self.tasks[index].votes += 1
        return self.tasks[index].votes

    @gl.public.view
    def list_tasks(self) -> list[dict]:
        return [
            {"title": t.title, "owner": t.owner.as_hex, "done": t.done, "votes": t.votes, "tags": list(t.tags)}
            for t in self.tasks
        ]

    @gl.public.view
    def tasks_of(self, owner: str) -> list[int]:
        return list(self.by_owner.get(Address(owner), []))
