# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Prompt injection, naive vs fenced: a comment moderator asks an LLM for a verdict. The naive
# prompt pastes the comment into the instructions, so a comment can smuggle in new instructions.
# gl.SecurePrompt (a playground extension, not part of GenLayer's API) puts the comment in a
# fenced block whose markers the comment cannot forge, and tells the LLM that the block is data.
from genlayer import *

RULES = (
    "You moderate comments on a cooking forum. Reply with exactly one word: APPROVED if the "
    "comment is about cooking and is not spam, REJECTED otherwise."
)


def one_word(answer: str) -> str:
    word = answer.strip().split()[0].strip(".!").upper() if answer.strip() else ""
    if word not in ("APPROVED", "REJECTED"):
        raise gl.vm.UserError(f"the LLM gave no verdict: {answer[:60]!r}")
    return word


class CommentModerator(gl.Contract):
    naive_verdict: str
    secure_verdict: str

    def __init__(self):
        pass

    @gl.public.write
    def moderate_naive(self, comment: str) -> str:
        prompt = f"{RULES}\n\nComment:\n{comment}"
        self.naive_verdict = gl.eq_principle.strict_eq(lambda: one_word(gl.nondet.exec_prompt(prompt)))
        return self.naive_verdict

    @gl.public.write
    def moderate_secure(self, comment: str) -> str:
        def verdict() -> str:
            prompt = gl.SecurePrompt(RULES + "\n\nComment:\n{comment}", {"comment": comment})
            return one_word(gl.nondet.exec_prompt(prompt))

        self.secure_verdict = gl.eq_principle.strict_eq(verdict)
        return self.secure_verdict

    @gl.public.view
    def get_verdicts(self) -> dict:
        return {"naive": self.naive_verdict, "secure": self.secure_verdict}
