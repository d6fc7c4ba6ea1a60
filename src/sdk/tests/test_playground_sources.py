"""gl.playground.agreeing_sources (playground extension): m sources, `need` of them must agree."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakehost import Abort, FakeHost, run  # noqa: E402

from genlayer import gl  # noqa: E402

agreeing_sources = gl.playground.agreeing_sources


def _fake(pages: dict):
    calls = []

    def fetch(url):
        calls.append(url)
        page = pages[url]
        if isinstance(page, Exception):
            raise page
        return page

    return fetch, calls


def _raises(fn, exc_type, *parts):
    try:
        fn()
    except exc_type as e:
        text = getattr(e, "message", None) or str(e)
        for part in parts:
            assert part in text, (part, text)
        assert "\n" not in text
        return text
    raise AssertionError(f"expected {exc_type.__name__}")


def test_two_of_three_agree_after_normalising():
    fetch, calls = _fake({"a": "1.2301", "b": " 1.23 ", "c": "999"})
    price = agreeing_sources(["a", "b", "c"], 2, fetch=fetch, normalize=lambda t: round(float(t), 2))
    assert price == 1.23
    assert calls == ["a", "b", "c"]  # every source is read, even after agreement


def test_not_enough_agreement_is_a_user_error_saying_how_many():
    fetch, _ = _fake({"a": "1.23", "b": "1.23", "c": "999"})
    _raises(lambda: agreeing_sources(["a", "b", "c"], 3, fetch=fetch), gl.vm.UserError,
            "only 2 of 3 sources agree, 3 needed", "2 said '1.23'", "1 said '999'")
    fetch, _ = _fake({"a": "1", "b": "2", "c": "3"})
    _raises(lambda: agreeing_sources(["a", "b", "c"], 2, fetch=fetch), gl.vm.UserError, "only 1 of 3")


def test_failing_sources_agree_with_nobody():
    fetch, _ = _fake({"a": "5", "b": ValueError("boom"), "c": "5", "d": "not a number"})
    assert agreeing_sources(["a", "b", "c", "d"], 2, fetch=fetch, normalize=int) == 5
    fetch, _ = _fake({"a": "5", "b": ValueError("boom"), "c": "nope"})
    _raises(lambda: agreeing_sources(["a", "b", "c"], 2, fetch=fetch, normalize=lambda t: None if t == "nope" else t),
            gl.vm.UserError, "only 1 of 3", "'b' failed (boom)", "'c' gave no value")


def test_the_most_agreed_value_wins_and_a_tie_is_an_error():
    fetch, _ = _fake({"a": "x", "b": "y", "c": "y", "d": "z"})
    assert agreeing_sources(["a", "b", "c", "d"], 1, fetch=fetch) == "y"
    fetch, _ = _fake({"a": "x", "b": "x", "c": "y", "d": "y"})
    _raises(lambda: agreeing_sources(["a", "b", "c", "d"], 2, fetch=fetch), gl.vm.UserError,
            "sources disagree: 2 values each have 2 of 4")


def test_bad_arguments():
    _raises(lambda: agreeing_sources([], 1), ValueError, "no sources")
    for need in (0, 4, True, "2"):
        _raises(lambda: agreeing_sources(["a", "b", "c"], need, fetch=str), ValueError, "need must be an int from 1 to 3")


def test_default_whitespace_normalising_and_unhashable_values():
    fetch, _ = _fake({"a": "  GEN  1.0 ", "b": "GEN 1.0", "c": "GEN\n1.0"})
    assert agreeing_sources(["a", "b", "c"], 3, fetch=fetch) == "GEN 1.0"
    fetch, _ = _fake({"a": '{"p": 1}', "b": '{"p": 1}', "c": '{"p": 2}'})
    assert agreeing_sources(["a", "b", "c"], 2, fetch=fetch, normalize=json.loads) == {"p": 1}


ORACLE = '# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\n' + '''
import json

class C(gl.Contract):
    def __init__(self):
        pass

    @gl.public.write
    def price(self, urls: list[str], need: int) -> str:
        def read():
            return gl.playground.agreeing_sources(urls, need, normalize=lambda t: "%.2f" % json.loads(t)["usd"])
        return gl.eq_principle.strict_eq(read)

    @gl.public.write
    def outside(self) -> str:
        return gl.playground.agreeing_sources(["https://a.example/"], 1)
'''
URLS = ["https://a.example/gen", "https://b.example/gen", "https://c.example/gen", "https://d.example/gen"]


def _web_host():
    return (
        FakeHost()
        .on_web(r"^https://a\.", body='{"usd": 1.2345}')
        .on_web(r"^https://b\.", body='{"usd": 1.23}')
        .on_web(r"^https://c\.", body='{"usd": 999.0}')  # poisoned
        .on_web(r"^https://d\.", status=503, body="down")
    )


def test_in_a_contract_with_web_get():
    host = _web_host()
    r = run(ORACLE, "price", [URLS, 2], host=host)
    assert r.kind == "return" and r.value == "1.23", r
    assert [p["url"] for n, p in host.requests if n == "WebRequest"] == URLS
    r = run(ORACLE, "price", [URLS, 3], host=_web_host())
    assert r.kind == "user_error", r
    assert r.message.startswith("only 2 of 4 sources agree, 3 needed"), r.message
    assert "HTTP 503" in r.message


def test_outside_a_nondet_block_is_refused():
    r = run(ORACLE, "outside", [], host=_web_host())
    assert r.kind == "vm_error" and "non-deterministic block" in r.stderr, r


def test_an_abort_from_the_host_is_not_swallowed_as_a_failing_source():
    host = FakeHost().on_web(r"^https://a\.", body='{"usd": 1}').on_web(r"^https://b\.", answer=Abort("out of intelligence gas"))
    r = run(ORACLE, "price", [URLS[:2], 1], host=host)
    assert r.kind == "vm_error" and r.message == "out of intelligence gas", r
