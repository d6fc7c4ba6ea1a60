# v0.2.16
# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }
# Summaries by the non-comparative principle: the leader's LLM writes a summary of a web article;
# validators do not write their own, they only check the leader's against the criteria.
from genlayer import *

MAX_WORDS = 50

TASK = f"Summarize the article below in at most {MAX_WORDS} words, in plain English."

CRITERIA = f"""The summary is accurate: every claim in it is stated in the article.
The summary is relevant: it gives the article's main point, not a side detail.
The summary has at most {MAX_WORDS} words."""


class ArticleSummary(gl.Contract):
    summaries: TreeMap[str, str]
    urls: DynArray[str]

    def __init__(self):
        pass

    @gl.public.write
    def summarize(self, url: str) -> str:
        if not url.startswith("https://"):
            raise gl.vm.UserError("the article URL must start with https://")

        def article_text() -> str:
            return gl.nondet.web.render(url, mode="text")

        summary = gl.eq_principle.prompt_non_comparative(article_text, task=TASK, criteria=CRITERIA)
        summary = " ".join(summary.split())
        words = len(summary.split())
        if words == 0 or words > MAX_WORDS:
            # a deterministic check on the agreed value: every node computes the same count
            raise gl.vm.UserError(f"the summary has {words} words, 1 to {MAX_WORDS} allowed")
        if url not in self.summaries:
            self.urls.append(url)
        self.summaries[url] = summary
        return summary

    @gl.public.view
    def get_summary(self, url: str) -> str:
        if url not in self.summaries:
            raise gl.vm.UserError(f"no summary for {url}")
        return self.summaries[url]

    @gl.public.view
    def get_urls(self) -> list[str]:
        return list(self.urls)
