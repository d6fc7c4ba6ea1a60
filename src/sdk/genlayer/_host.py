"""The one narrow channel from contract-side Python to the host.

The engine installs a *backend*: a function taking the calldata bytes of one request and returning
the calldata bytes of the answer. In Pyodide the backend writes to a device file that the worker's
JavaScript answers synchronously (no JavaScript object is ever visible to Python); in plain CPython
tests a Python function plays the host.
"""

from typing import Any, Callable

Backend = Callable[[bytes], bytes]

_backend: Backend | None = None


def set_backend(backend: Backend | None) -> None:
    global _backend
    _backend = backend


def call_raw(request: bytes) -> bytes:
    if _backend is None:
        raise RuntimeError("no host is attached to this interpreter")
    return _backend(request)


def call(msg: dict) -> Any:
    """Send ``{"Name": payload}`` to the host and return its decoded answer."""
    from genlayer.py import calldata

    return calldata.decode(call_raw(calldata.encode(msg)))
