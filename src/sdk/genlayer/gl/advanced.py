"""``gl.advanced``: low-level operations."""

import typing

from genlayer import _context
from genlayer.gl.events import emit_raw_event
from genlayer.gl.vm import run_nondet, spawn_sandbox

__all__ = ["user_error_immediate", "emit_raw_event", "rollback_immediate", "run_nondet", "sandbox"]


def user_error_immediate(reason: str) -> typing.NoReturn:
    """End the current VM at once with a user error (rollback); no ``except`` or ``finally`` in
    contract code runs."""
    _context.execution().fatal("user_error", str(reason), whole=False)


# old names
rollback_immediate = user_error_immediate
sandbox = spawn_sandbox
