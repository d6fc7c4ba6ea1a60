# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Resolves a football match from a web page: the leader reads the page and asks an LLM for the
# score; validators accept when their own reading means the same thing (comparative principle).
import json
import typing

from genlayer import *


class MatchResolver(gl.Contract):
    resolved: bool
    winner: u8
    score: str
    source_url: str

    def __init__(self, source_url: str):
        self.source_url = source_url

    @gl.public.write
    def resolve(self) -> typing.Any:
        if self.resolved:
            raise gl.vm.UserError("already resolved")
        url = self.source_url

        def read_result() -> str:
            page = gl.nondet.web.render(url, mode="text")
            answer = gl.nondet.exec_prompt(
                f"Read this page and give the final score.\n{page}\n"
                'Respond with JSON only: {"score": "<home>:<away>", "winner": 0 | 1 | 2}',
                response_format="json",
            )
            return json.dumps(answer, sort_keys=True)

        result = json.loads(
            gl.eq_principle.prompt_comparative(read_result, "The score and the winner must be the same")
        )
        self.score = result["score"]
        self.winner = result["winner"]
        self.resolved = True
        return result

    @gl.public.view
    def get_result(self) -> dict:
        return {"resolved": self.resolved, "winner": self.winner, "score": self.score}
