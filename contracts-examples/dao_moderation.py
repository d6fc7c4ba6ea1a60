# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# DAO moderation by codified rules: members keep numbered rules on chain, an LLM judges each post
# against them (comparative principle), and a member can appeal a removal with an argument.
from dataclasses import dataclass

from genlayer import *

PRINCIPLE = "Same verdict and same rule number; the wording of the reason does not matter."


@allow_storage
@dataclass
class Post:
    author: Address
    text: str
    verdict: str  # "keep" or "remove"
    rule: u32  # number of the broken rule, 0 if none
    reason: str
    appealed: bool


class DaoModeration(gl.Contract):
    members: TreeMap[Address, bool]
    rules: DynArray[str]
    posts: DynArray[Post]

    def __init__(self, rules: list[str], members: list[Address]):
        self.rules.extend(rules)
        for member in [gl.message.sender_address, *members]:
            self.members[member] = True

    @gl.public.write
    def add_rule(self, rule: str) -> int:
        self._only_members()
        self.rules.append(rule)
        return len(self.rules)

    @gl.public.write
    def submit(self, text: str) -> dict:
        j = self._judge(text, "")
        author = gl.message.sender_address
        self.posts.append(Post(author, text, j["verdict"], j["rule"], j["reason"], False))
        return {"id": len(self.posts) - 1, **j}

    @gl.public.write
    def appeal(self, post_id: int, argument: str) -> dict:
        self._only_members()
        post = self._post(post_id)
        if post.verdict != "remove" or post.appealed:
            raise gl.vm.UserError("only a removed post can be appealed, once")
        j = self._judge(post.text, argument)
        post.verdict, post.rule, post.reason, post.appealed = j["verdict"], j["rule"], j["reason"], True
        return j

    @gl.public.view
    def get_rules(self) -> list[str]:
        return list(self.rules)

    @gl.public.view
    def get_post(self, post_id: int) -> dict:
        p = self._post(post_id)
        return {"author": p.author, "verdict": p.verdict, "rule": p.rule, "appealed": p.appealed}

    def _post(self, post_id: int) -> Post:
        if not 0 <= post_id < len(self.posts):
            raise gl.vm.UserError(f"no post #{post_id}")
        return self.posts[post_id]

    def _only_members(self) -> None:
        if not self.members.get(gl.message.sender_address, False):
            raise gl.vm.UserError("only DAO members can do this")

    def _judge(self, text: str, argument: str) -> dict:
        rules = "\n".join(f"{n}. {rule}" for n, rule in enumerate(self.rules, 1))
        prompt = (
            f"You moderate a DAO forum. The rules:\n{rules}\n\nDoes the post below break a rule? "
            'Reply with JSON only: {"verdict": "keep" or "remove", "rule": <number of the broken '
            'rule, 0 if none>, "reason": "<one sentence>"}\n\nPost: ' + text
        )
        if argument:
            prompt += f"\n\nThe post was removed; a member appeals: {argument}"
        count = len(self.rules)

        def judge() -> dict:
            answer = gl.nondet.exec_prompt(prompt, response_format="json")
            verdict, rule = str(answer.get("verdict", "")).lower(), answer.get("rule", 0)
            if verdict == "keep":
                rule = 0
            elif verdict != "remove" or not isinstance(rule, int) or not 1 <= rule <= count:
                raise gl.vm.UserError(f"the LLM gave no valid judgement: {answer!r}"[:120])
            return {"verdict": verdict, "rule": rule, "reason": str(answer.get("reason", ""))[:200]}

        return gl.eq_principle.prompt_comparative(judge, PRINCIPLE)
