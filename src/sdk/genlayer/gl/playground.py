"""``gl.playground``: helpers that only this playground offers (extensions, not GenLayer's API).

* ``agreeing_sources(sources, need, fetch=..., normalize=...)``: read several web sources inside
  a non-deterministic block and return the value that at least ``need`` of them agree on;
* ``SecurePrompt``: the same class as ``gl.SecurePrompt`` (a prompt that fences untrusted data).
"""

import collections.abc
import typing

from genlayer import _context
from genlayer.gl.nondet import NondetException
from genlayer.gl.nondet import web as _web
from genlayer.gl.secure_prompt import SecurePrompt
from genlayer.gl.vm import UserError

__all__ = ["agreeing_sources", "fetch_text", "SecurePrompt"]

_SHOWN_CHARS = 40


def fetch_text(url: str) -> str:
    """GET ``url`` through ``gl.nondet.web.get`` and return the body as text; a status outside
    200-299 raises ``NondetException``."""
    resp = _web.get(url)
    if not 200 <= resp.status <= 299:
        raise NondetException(f"HTTP {resp.status}")
    return (resp.body or b"").decode("utf-8", errors="replace")


def _collapse_spaces(text: typing.Any) -> str:
    return " ".join(str(text).split())


def _short(value: typing.Any) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _reason(e: Exception) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def agreeing_sources(
    sources: collections.abc.Sequence[typing.Any],
    need: int,
    *,
    fetch: collections.abc.Callable[[typing.Any], typing.Any] | None = None,
    normalize: collections.abc.Callable[[typing.Any], typing.Any] | None = None,
) -> typing.Any:
    """Fetch every source, normalise each answer and return the value that the most sources, and
    at least ``need`` of them, agree on; otherwise raise ``gl.vm.UserError`` saying how many agreed
    (or that two values tie).

    Call it inside a non-deterministic block (``gl.eq_principle.*``, ``gl.vm.run_nondet``).
    ``fetch(source)`` defaults to ``fetch_text`` (HTTP GET, body as text); ``normalize(answer)``
    defaults to collapsing whitespace, and should map equivalent answers to equal values (parse a
    number, round it, ...). A source whose fetch or normalize raises, or normalizes to ``None``,
    agrees with nobody. Playground extension, not part of GenLayer's API.
    """
    if _context.try_current() is not None:
        _context.require_nondet("gl.playground.agreeing_sources")
    srcs = list(sources)
    if not srcs:
        raise ValueError("agreeing_sources: no sources given")
    if isinstance(need, bool) or not isinstance(need, int) or not 1 <= need <= len(srcs):
        raise ValueError(f"agreeing_sources: need must be an int from 1 to {len(srcs)}, got {need!r}")
    fetch = fetch_text if fetch is None else fetch
    normalize = _collapse_spaces if normalize is None else normalize

    groups: list[list[typing.Any]] = []  # [value, count]
    failures: list[str] = []
    for src in srcs:
        try:
            value = normalize(fetch(src))
        except Exception as e:  # a broken source agrees with nobody (Fatal ends still propagate)
            failures.append(f"{_short(src)} failed ({_reason(e)})")
            continue
        if value is None:
            failures.append(f"{_short(src)} gave no value")
            continue
        for group in groups:
            if group[0] == value:
                group[1] += 1
                break
        else:
            groups.append([value, 1])

    best = max((g[1] for g in groups), default=0)
    top = [g for g in groups if g[1] == best]
    if best >= need and len(top) == 1:
        return top[0][0]
    tally = ", ".join(f"{count} said {_short(value)}" for value, count in sorted(groups, key=lambda g: -g[1]))
    detail = "; ".join(p for p in (tally, "; ".join(failures)) if p) or "no answers"
    if best >= need:
        raise UserError(f"sources disagree: {len(top)} values each have {best} of {len(srcs)} ({detail})")
    raise UserError(f"only {best} of {len(srcs)} sources agree, {need} needed ({detail})")
