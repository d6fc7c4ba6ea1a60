"""Sealing and opening confidential state through the host (``gl.ConfidentialField`` and
``gl.ConfidentialMapping`` values).

Two host requests (same framing as the others, see ``src/sdk/README.md``)::

    {"ConfidentialSeal": {"name": str, "version": int, "plaintext": bytes}}  -> {"ok": sealed}
    {"ConfidentialOpen": {"name": str, "sealed": bytes}}                     -> {"ok": plaintext}

``sealed`` is the blob kept in storage: ``u64be(version) ‖ ciphertext``, exactly as the host
returns it. Only an attested enclave can answer; any other host answers ``{"error": …}`` (the
main host: ``SEALED_OUTSIDE``), which ends the whole execution with that message as a VM error
(contract code can not catch it and carry on without its state).
"""

from __future__ import annotations

from genlayer import _context, _host

__all__ = ["SEALED_OUTSIDE", "VERSION_BYTES", "seal", "open_sealed", "version_of"]

SEALED_OUTSIDE = "sealed: confidential state can only be read or written inside an attested enclave"
VERSION_BYTES = 8


def version_of(blob: bytes) -> int:
    """The version a stored sealed blob carries (0 for an absent value)."""
    if not blob:
        return 0
    if len(blob) <= VERSION_BYTES:
        _fail(f"sealed: malformed sealed value ({len(blob)} bytes)")
    return int.from_bytes(blob[:VERSION_BYTES], "big")


def seal(name: str, version: int, plaintext: bytes) -> bytes:
    """The sealed blob of ``plaintext`` stored under ``name`` at ``version``."""
    blob = _ask("ConfidentialSeal", {"name": name, "version": version, "plaintext": plaintext})
    if len(blob) <= VERSION_BYTES or int.from_bytes(blob[:VERSION_BYTES], "big") != version:
        _fail(f"sealed: the host's sealed value for {name!r} does not start with version {version}")
    return blob


def open_sealed(name: str, blob: bytes) -> bytes:
    """The plaintext of the stored sealed blob of ``name``."""
    version_of(blob)
    return _ask("ConfidentialOpen", {"name": name, "sealed": bytes(blob)})


def _fail(message: str):
    exe = _context._EXEC
    if exe is None or not exe.frames:
        raise RuntimeError(message)
    exe.fatal("vm_error", message)


def _ask(request: str, payload: dict) -> bytes:
    exe = _context._EXEC
    if exe is None or not exe.frames:
        # plain Python (tests, tools): whatever host is attached answers, errors raise
        ans = _host.call({request: payload})
    else:
        main, frame = exe.frames[0], exe.frames[-1]
        if frame.message.contract_address != main.message.contract_address:
            _fail(
                "sealed: confidential state of another contract can not be read "
                f"(view call to {frame.message.contract_address})"
            )
        ans = exe.ask({request: payload})
    if not isinstance(ans, dict):
        _fail(f"malformed host answer to {request}")
    if "error" in ans:
        _fail(str(ans["error"]))
    out = ans.get("ok")
    if not isinstance(out, (bytes, bytearray)):
        _fail(f"malformed host answer to {request}: expected bytes")
    return bytes(out)
