# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# gl.vm.run_nondet in its plainest form, as a lesson: the leader reads a news page and asks its
# LLM for the headline and its mood; every validator gets only the leader's result and decides,
# by its own rule, whether to accept it.
from genlayer import *

PROMPT = (
    "Here is a news page:\n{page}\n\nQuote its main headline word for word and say whether its "
    'mood is positive, negative or neutral. Respond with JSON only: {{"headline": "...", "mood": "..."}}'
)


def read_page(url: str) -> tuple[str, dict]:
    """The page's text and what this node's LLM says about it."""
    page = gl.nondet.web.render(url, mode="text")
    answer = gl.nondet.exec_prompt(PROMPT.format(page=page), response_format="json")
    if not answer.get("headline"):
        raise gl.vm.UserError("the page has no headline")
    return page, {"headline": str(answer["headline"]), "mood": str(answer["mood"]).lower()}


class HeadlineMood(gl.Contract):
    headline: str
    mood: str

    def __init__(self):
        pass

    @gl.public.write
    def read_mood(self, url: str) -> dict:
        # Web and LLM calls are only allowed inside the two functions below. They may read local
        # variables (like `url`) but not write storage: that happens after run_nondet returns.

        def leader_fn() -> dict:
            # Runs on the leader only. Its return value (plain data: str, int, dict, list...) or
            # the error it raises is all that the validators will receive.
            _, mine = read_page(url)
            return mine

        def validator_fn(leaders_result: gl.vm.Result) -> bool:
            # Runs on every validator, instead of leader_fn. `leaders_result` is one of:
            #   gl.vm.Return(calldata=<the leader's value>)  the leader returned
            #   gl.vm.UserError(message)                     the leader raised gl.vm.UserError
            #   gl.vm.VMError(message)                       the leader crashed
            # The leader's page, prompt and raw LLM text are NOT visible: only this result.
            #
            # If the leader failed, run_nondet agrees only when we fail the same way. So do our
            # own reading first: on an empty page it raises the same UserError as the leader's.
            page, mine = read_page(url)
            if not isinstance(leaders_result, gl.vm.Return):
                return False  # the leader failed and we did not: disagree
            theirs = leaders_result.calldata
            # Our acceptance rule: the quoted headline really is on OUR copy of the page (a cheap
            # check that catches an invented headline), and our LLM reads the same mood. Our own
            # LLM may word the headline differently; that does not matter.
            return theirs["headline"] in page and theirs["mood"] == mine["mood"]

        # Every node gets the LEADER's value back (validators only vote on it).
        result = gl.vm.run_nondet(leader_fn, validator_fn)
        self.headline = result["headline"]
        self.mood = result["mood"]
        return result

    @gl.public.view
    def get_mood(self) -> dict:
        return {"headline": self.headline, "mood": self.mood}
