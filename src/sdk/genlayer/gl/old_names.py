"""Names from older GenLayer SDKs (GenVM v0.0.x / v0.1.0), mapped onto the current API.

``gl.exec_prompt``, ``gl.get_webpage``, ``gl.eq_principle_strict_eq``,
``gl.eq_principle_prompt_comparative``, ``gl.eq_principle_prompt_non_comparative``,
``gl.ContractAt``, ``@gl.contract``, ``gl.Rollback``, ``gl.rollback_immediate``,
``gl.advanced.run_nondet``/``rollback_immediate`` (in ``advanced``), ``gl.sandbox``,
``gl.eth_contract``, ``gl.storage_inmem_allocate``, ``gl.message.sender_account`` (in
``message``).
"""

import typing

from genlayer.gl import eq_principle, evm, nondet
from genlayer.gl.advanced import user_error_immediate
from genlayer.gl.contract import contract
from genlayer.gl.lazy import lazy_api
from genlayer.gl.proxies import get_contract_at
from genlayer.gl.vm import UserError, spawn_sandbox

__all__ = [
    "exec_prompt",
    "get_webpage",
    "eq_principle_strict_eq",
    "eq_principle_prompt_comparative",
    "eq_principle_prompt_non_comparative",
    "ContractAt",
    "contract",
    "Rollback",
    "rollback_immediate",
    "sandbox",
    "eth_contract",
    "storage_inmem_allocate",
]


@lazy_api
def exec_prompt(prompt: str, response_format: str = "text", image: typing.Any = None, images: typing.Any = None):
    """Old ``gl.exec_prompt`` (single ``image=`` allowed)."""
    imgs = list(images or ())
    if image is not None:
        imgs.insert(0, image)
    return nondet.exec_prompt(prompt, response_format=response_format, images=imgs or None)


@lazy_api
def get_webpage(url: str, mode: str = "text", wait_after_loaded: str | None = None):
    """Old ``gl.get_webpage`` = ``gl.nondet.web.render``."""
    return nondet.web.render(url, mode=mode, wait_after_loaded=wait_after_loaded)


eq_principle_strict_eq = eq_principle.strict_eq
eq_principle_prompt_comparative = eq_principle.prompt_comparative


@lazy_api
def eq_principle_prompt_non_comparative(fn, task: str, criteria: str):
    return eq_principle.prompt_non_comparative(fn, task=task, criteria=criteria)


ContractAt = get_contract_at
Rollback = UserError
rollback_immediate = user_error_immediate
sandbox = spawn_sandbox
eth_contract = evm.contract_interface


def storage_inmem_allocate(*args, **kwargs):
    from genlayer.py.storage import inmem_allocate

    return inmem_allocate(*args, **kwargs)
