"""``gl.nondet``: operations whose results differ between nodes (LLM prompts, the web).

They may only run inside a non-deterministic block (``gl.eq_principle.*``,
``gl.vm.run_nondet`` / ``run_nondet_unsafe``). Each asks the host synchronously; a host error
becomes ``NondetException``. Every function also has a ``.lazy(...)`` form returning ``gl.Lazy``.
"""

import collections.abc
import dataclasses
import json
import typing

from genlayer import _context
from genlayer.gl.lazy import lazy_api

__all__ = ["NondetException", "Image", "exec_prompt", "web"]


class NondetException(Exception):
    """The host could not perform a non-deterministic operation (``str(e)`` says why)."""


@dataclasses.dataclass
class Image:
    """A screenshot or prompt image: ``raw`` holds the encoded bytes (PNG/JPEG)."""

    raw: bytes

    @property
    def pil(self):
        try:
            import PIL.Image  # noqa: F401 - optional, absent in the playground
            import io
        except ImportError as e:
            raise ImportError("PIL is not available in the playground; use Image.raw") from e
        return PIL.Image.open(io.BytesIO(self.raw))


def _ask(what: str, msg: dict) -> typing.Any:
    _context.require_nondet(what)
    ans = _context.execution().ask(msg)
    if "error" in ans:
        raise NondetException(ans["error"])
    if "ok" not in ans:
        raise NondetException(f"malformed host answer: {ans!r}")
    return ans["ok"]


def _image_bytes(img) -> bytes:
    if isinstance(img, Image):
        return bytes(img.raw)
    if isinstance(img, (bytes, bytearray, memoryview)):
        return bytes(img)
    raw = getattr(img, "raw", None)
    if isinstance(raw, (bytes, bytearray)):
        return bytes(raw)
    raise TypeError(f"images must be bytes or gl.nondet.Image, got {type(img).__name__}")


@lazy_api
def exec_prompt(
    prompt: str,
    *,
    response_format: typing.Literal["text", "json"] = "text",
    images: collections.abc.Sequence[bytes | Image] | None = None,
) -> typing.Any:
    """Ask the validator's LLM. ``response_format='text'`` gives a ``str``; ``'json'`` gives the
    parsed JSON object (a ``dict``)."""
    if not isinstance(prompt, str):
        raise TypeError(f"prompt must be str, got {type(prompt).__name__}")
    if response_format not in ("text", "json"):
        raise ValueError(f"response_format must be 'text' or 'json', got {response_format!r}")
    imgs = [_image_bytes(i) for i in (images or ())]
    answer = _ask(
        "gl.nondet.exec_prompt",
        {"ExecPrompt": {"prompt": prompt, "response_format": response_format, "images": imgs}},
    )
    if response_format == "json" and isinstance(answer, str):
        # the host may send JSON as text (it can hold floats, which calldata can not carry)
        answer = _parse_json(answer)
    return answer


def _parse_json(text: str) -> typing.Any:
    s = text.strip()
    if s.startswith("```"):
        s = s.split("\n", 1)[1] if "\n" in s else ""
        if s.rstrip().endswith("```"):
            s = s.rstrip()[:-3]
    try:
        return json.loads(s)
    except ValueError as e:
        raise NondetException(f"the LLM answer is not valid JSON: {e}") from None


from genlayer.gl.nondet import web  # noqa: E402  (web uses _ask and Image from here)
