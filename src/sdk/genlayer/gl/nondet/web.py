"""``gl.nondet.web``: render pages and make HTTP requests through the host."""

import dataclasses
import typing

from genlayer.gl.lazy import lazy_api
from genlayer.gl.nondet import Image, NondetException, _ask

__all__ = ["Response", "render", "request", "get", "post", "delete", "head", "patch", "put"]


@dataclasses.dataclass
class Response:
    """An HTTP response: ``status`` code, ``headers`` (name -> bytes) and ``body`` (bytes or None)."""

    status: int
    headers: dict[str, bytes]
    body: bytes | None


@lazy_api
def render(
    url: str,
    *,
    mode: typing.Literal["text", "html", "screenshot"] = "text",
    wait_after_loaded: str | None = None,
) -> "str | Image":
    """The page at ``url`` as text (``mode='text'``), HTML (``'html'``) or a screenshot
    (``'screenshot'``: a ``gl.nondet.Image``)."""
    if mode not in ("text", "html", "screenshot"):
        raise ValueError(f"mode must be 'text', 'html' or 'screenshot', got {mode!r}")
    ok = _ask(
        "gl.nondet.web.render",
        {"WebRender": {"url": str(url), "mode": mode, "wait_after_loaded": wait_after_loaded or "0ms"}},
    )
    if not isinstance(ok, dict):
        raise NondetException(f"malformed host answer: {ok!r}")
    if mode == "screenshot":
        if "image" not in ok:
            raise NondetException("the host returned no image")
        return Image(bytes(ok["image"]))
    if "text" not in ok:
        raise NondetException("the host returned no text")
    return ok["text"]


_METHODS = ("GET", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH", "PUT")


@lazy_api
def request(
    url: str,
    *,
    method: str,
    body: str | bytes | None = None,
    headers: dict[str, str | bytes] = {},  # noqa: B006 - never mutated
) -> Response:
    """Make an HTTP request; returns a ``Response`` whatever the status (check ``.status``)."""
    method = str(method).upper()
    if method not in _METHODS:
        raise ValueError(f"unsupported HTTP method {method!r}")
    hdrs = {}
    for k, v in dict(headers or {}).items():
        if not isinstance(k, str):
            raise TypeError("header names must be str")
        hdrs[k] = v if isinstance(v, (bytes, str)) else str(v)
    ok = _ask(
        "gl.nondet.web.request",
        {"WebRequest": {"url": str(url), "method": method, "body": body, "headers": hdrs}},
    )
    resp = ok.get("response") if isinstance(ok, dict) else None
    if not isinstance(resp, dict):
        raise NondetException(f"malformed host answer: {ok!r}")
    rh = {}
    for k, v in dict(resp.get("headers") or {}).items():
        rh[k] = v.encode("utf-8") if isinstance(v, str) else bytes(v)
    rb = resp.get("body")
    if isinstance(rb, str):
        rb = rb.encode("utf-8")
    return Response(status=int(resp.get("status", 0)), headers=rh, body=None if rb is None else bytes(rb))


@lazy_api
def get(url: str, *, headers: dict[str, str | bytes] = {}) -> Response:  # noqa: B006
    """HTTP GET request to ``url`` (see ``request``)."""
    return request(url, method="GET", headers=headers)


@lazy_api
def post(url: str, *, body: str | bytes | None = None, headers: dict[str, str | bytes] = {}) -> Response:  # noqa: B006
    """HTTP POST request to ``url`` (see ``request``)."""
    return request(url, method="POST", body=body, headers=headers)


@lazy_api
def delete(url: str, *, body: str | bytes | None = None, headers: dict[str, str | bytes] = {}) -> Response:  # noqa: B006
    """HTTP DELETE request to ``url`` (see ``request``)."""
    return request(url, method="DELETE", body=body, headers=headers)


@lazy_api
def head(url: str, *, headers: dict[str, str | bytes] = {}) -> Response:  # noqa: B006
    """HTTP HEAD request to ``url`` (see ``request``)."""
    return request(url, method="HEAD", headers=headers)


@lazy_api
def patch(url: str, *, body: str | bytes | None = None, headers: dict[str, str | bytes] = {}) -> Response:  # noqa: B006
    """HTTP PATCH request to ``url`` (see ``request``)."""
    return request(url, method="PATCH", body=body, headers=headers)


@lazy_api
def put(url: str, *, body: str | bytes | None = None, headers: dict[str, str | bytes] = {}) -> Response:  # noqa: B006
    """HTTP PUT request to ``url`` (see ``request``)."""
    return request(url, method="PUT", body=body, headers=headers)
