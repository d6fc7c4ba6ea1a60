"""The runner header check (``lint_header``) never stops a contract from running."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import run  # noqa: E402

from genlayer._runner import lint_header, parse_header  # noqa: E402

BODY = '''from genlayer import *

class C(gl.Contract):
    def __init__(self):
        pass

    @gl.public.view
    def ping(self) -> str:
        return "pong"
'''


def test_good_headers():
    for header in (
        '# { "Depends": "py-genlayer:test" }\n',
        '# v0.2.16\n# { "Depends": "py-genlayer:1jb45aa8ynh2a9c9xn3b7qqh8sm5q93hwfp7jqmwsfhh8jpz09h6" }\n',
        '# {\n#   "Depends": "py-genlayer:latest"\n# }\n# A storage contract\n',
        '# { "Seq": [ { "Depends": "py-genlayer:test" } ] }\n',
    ):
        assert lint_header(header + BODY) == [], header
    assert parse_header('# v0.2.16\n# { "Depends": "py-genlayer:test" }\n')["version"] == "v0.2.16"


def test_bad_headers_warn_but_run():
    cases = {
        "": "missing runner header",
        "# just a comment\n": "not valid JSON",
        '# { "Depends": "py-other:1" }\n': "does not depend on",
        '# { "Seq": [ { "Depends": "py-lib-genlayer-embeddings:09h0" }, { "Depends": "py-genlayer:test" } ] }\n': "not available",
        '# { "Depends": "py-genlayer:1zr6nqk597d97kg0dyxg0shhrykx5v02zjgnyrajapy4wlqvfvwh" }\n': "v0.3",
    }
    for header, needle in cases.items():
        warnings = lint_header(header + BODY)
        assert any(needle in w for w in warnings), (header, warnings)
        assert run(header + BODY, "ping").value == "pong"
