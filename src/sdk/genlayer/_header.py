"""The runner header comment of a contract (``# v0.2.16`` then ``# { "Depends": "py-genlayer:..." }``).

``lint_header(code)`` lists warnings for the editor; a missing or odd header never stops a
contract from running in the playground.
"""

import json
import re

__all__ = ["lint_header", "parse_header"]

_COMMENT = re.compile(r"^\s*(#|//|--)(.*)$")
_VERSION = re.compile(r"^v\d+\.\d+\.\d+\S*$")
_V03_RUNNER = "1zr6nqk597d97kg0dyxg0shhrykx5v02zjgnyrajapy4wlqvfvwh"


def parse_header(code: str) -> dict:
    """``{"version": str | None, "runner": object | None, "error": str | None}`` from the
    leading comment lines (``# v0.2.16`` then ``# { "Depends": "py-genlayer:..." }``)."""
    lines = []
    for line in code.splitlines():
        m = _COMMENT.match(line)
        if not m:
            if line.strip() == "" and not lines:
                continue
            break
        lines.append(m.group(2).strip())
    out: dict = {"version": None, "runner": None, "error": None}
    if lines and _VERSION.match(lines[0]):
        out["version"] = lines.pop(0)
    text = "\n".join(lines).strip()
    if not text:
        out["error"] = "missing"
        return out
    try:
        out["runner"], _ = json.JSONDecoder().raw_decode(text)
    except ValueError as e:
        out["error"] = f"not valid JSON ({e.msg})"
    return out


def _depends(runner) -> list[str]:
    found: list[str] = []
    stack = [runner]
    while stack:
        r = stack.pop()
        if isinstance(r, dict):
            if isinstance(r.get("Depends"), str):
                found.append(r["Depends"])
            stack.extend(v for v in r.values() if isinstance(v, (dict, list)))
        elif isinstance(r, list):
            stack.extend(r)
    return found


def lint_header(code: str) -> list[str]:
    """Warnings about the contract's runner header; an empty list when it looks fine. A bad
    header is never fatal in the playground: the contract runs on this SDK anyway."""
    example = '`# { "Depends": "py-genlayer:test" }`'
    h = parse_header(code)
    warnings: list[str] = []
    if h["error"] == "missing":
        warnings.append(f"missing runner header: start the file with a comment like {example}")
    elif h["error"]:
        warnings.append(f"runner header is {h['error']}: expected a comment like {example}")
    else:
        deps = _depends(h["runner"])
        sdk = [d for d in deps if d.split(":", 1)[0] in ("py-genlayer", "py-genlayer-multi")]
        if not sdk:
            warnings.append(f'runner header does not depend on "py-genlayer:…": expected {example}')
        for d in deps:
            name, _, ver = d.partition(":")
            if name == "py-genlayer-multi":
                warnings.append("multi-file contracts (py-genlayer-multi) are not supported: the file runs on its own")
            elif name.startswith("py-lib-"):
                warnings.append(f"{name} is not available in the playground")
            if ver == _V03_RUNNER:
                warnings.append("this runner is the unreleased v0.3 SDK; the playground implements the v0.2 API")
    if re.search(r"^\s*import\s+genlayer\s+as\s+gl\b", code, re.M):
        warnings.append("`import genlayer as gl` is the unreleased v0.3 API; use `from genlayer import *`")
    return warnings
