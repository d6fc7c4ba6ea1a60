"""A small in-Python host for SDK tests, and helpers to run contracts through ``_runner.execute``.

``FakeHost`` answers the synchronous host requests:

* ``ExecPrompt``: first rule of ``on_prompt(regex, answer)`` whose regex matches the prompt;
* ``ExecPromptTemplate``: ``on_template(name, answer)`` (answer may be a function of the request);
* ``WebRequest`` / ``WebRender``: ``on_web(url_regex, ...)`` / ``on_render(url_regex, ...)``;
* ``CallContract``: the ``contracts`` dict (address -> ``{"code", "storage", "balance"}``);
* ``GetBalance``: the ``balances`` dict;
* ``ConfidentialSeal`` / ``ConfidentialOpen``: ``enclave`` (a ``ToyEnclave``; None: the main
  host's answer, the error ``SEALED_OUTSIDE``).

An answer may be a value (sent as ``{"ok": value}``), ``Error(msg)`` (``{"error": msg}``),
``Abort(reason)`` (``{"abort": reason}``) or a callable receiving the request payload. Every
request is recorded in ``host.requests`` as ``(name, payload)``.

``run(code, method, args, ...)`` builds an execute() request (message defaults as in the
conformance data), runs it with this host attached and returns a decoded ``Result``.
``Deployed`` keeps storage between calls the way a node does.
"""

import hashlib
import re
import typing

from genlayer import _host, _runner
from genlayer._sealing import SEALED_OUTSIDE
from genlayer.py import calldata
from genlayer.py.types import Address

CONTRACT = Address(bytes([0xC0]) * 20)
SENDER = Address(bytes([0x5E]) * 20)
DATETIME = "2025-06-01T12:00:00Z"
CHAIN_ID = 61127


class Error(typing.NamedTuple):
    message: str


class Abort(typing.NamedTuple):
    reason: str


class ToyEnclave:
    """TEST DOUBLE, NOT ENCRYPTION: stands in for an attested enclave's state cipher.

    ``seal`` XORs the plaintext with a SHA-256 keystream of (key, name, version) and adds a 4-byte
    check of (name, version, bytes), so the result is ``u64be(version) ‖ check ‖ masked``: the
    plaintext is not readable in storage, and opening under another name or a changed version
    fails. Every sealed/opened value is recorded in ``sealed`` / ``opened``."""

    def __init__(self, key: bytes = b"toy-key"):
        self.key = key
        self.sealed: list[tuple[str, int, bytes]] = []
        self.opened: list[tuple[str, bytes]] = []

    def _stream(self, name: str, version: int, n: int) -> bytes:
        out = b""
        i = 0
        while len(out) < n:
            out += hashlib.sha256(self.key + name.encode() + version.to_bytes(8, "big") + i.to_bytes(4, "big")).digest()
            i += 1
        return out[:n]

    def _check(self, name: str, version: int, masked: bytes) -> bytes:
        return hashlib.sha256(b"check" + self.key + name.encode() + version.to_bytes(8, "big") + masked).digest()[:4]

    def seal(self, name: str, version: int, plaintext: bytes) -> bytes:
        self.sealed.append((name, version, plaintext))
        masked = bytes(a ^ b for a, b in zip(plaintext, self._stream(name, version, len(plaintext))))
        return version.to_bytes(8, "big") + self._check(name, version, masked) + masked

    def open(self, name: str, blob: bytes) -> bytes:
        version = int.from_bytes(blob[:8], "big")
        check, masked = blob[8:12], blob[12:]
        if check != self._check(name, version, masked):
            raise ValueError(f"sealed value of {name} does not open with this contract's state key")
        plaintext = bytes(a ^ b for a, b in zip(masked, self._stream(name, version, len(masked))))
        self.opened.append((name, plaintext))
        return plaintext


class FakeHost:
    def __init__(self, enclave: "ToyEnclave | None" = None):
        self.enclave = enclave
        self.prompts: list[tuple[re.Pattern, typing.Any]] = []
        self.templates: dict[str, typing.Any] = {}
        self.web: list[tuple[re.Pattern, typing.Any]] = []
        self.renders: list[tuple[re.Pattern, typing.Any]] = []
        self.contracts: dict[Address, dict] = {}
        self.balances: dict[Address, int] = {}
        self.requests: list[tuple[str, typing.Any]] = []

    # -- configuration ------------------------------------------------------------------------

    def on_prompt(self, pattern: str, answer) -> "FakeHost":
        self.prompts.append((re.compile(pattern, re.S), answer))
        return self

    def on_template(self, name: str, answer) -> "FakeHost":
        self.templates[name] = answer
        return self

    def on_web(self, pattern: str, *, status: int = 200, body: bytes | str = b"", headers=None, answer=None):
        if answer is None:
            body_b = body.encode() if isinstance(body, str) else body
            answer = {"response": {"status": status, "headers": dict(headers or {}), "body": body_b}}
        self.web.append((re.compile(pattern), answer))
        return self

    def on_render(self, pattern: str, answer) -> "FakeHost":
        self.renders.append((re.compile(pattern), answer))
        return self

    def deploy(self, address: Address, code: str, storage: dict | None = None, balance: int = 0) -> "FakeHost":
        self.contracts[address] = {"code": code, "storage": dict(storage or {}), "balance": balance}
        return self

    # -- answering ----------------------------------------------------------------------------

    def _answer(self, answer, payload) -> dict:
        if callable(answer) and not isinstance(answer, (Error, Abort)):
            answer = answer(payload)
        if isinstance(answer, Error):
            return {"error": answer.message}
        if isinstance(answer, Abort):
            return {"abort": answer.reason}
        return {"ok": answer}

    def _match(self, rules, text: str, payload) -> dict:
        for rx, answer in rules:
            if rx.search(text):
                return self._answer(answer, payload)
        return {"error": f"fake host: no rule for {text!r}"}

    def handle(self, name: str, payload) -> dict:
        if name == "ExecPrompt":
            return self._match(self.prompts, payload["prompt"], payload)
        if name == "ExecPromptTemplate":
            t = payload["template"]
            if t not in self.templates:
                return {"error": f"fake host: no template answer for {t}"}
            return self._answer(self.templates[t], payload)
        if name == "WebRequest":
            return self._match(self.web, payload["url"], payload)
        if name == "WebRender":
            return self._match(self.renders, payload["url"], payload)
        if name == "CallContract":
            c = self.contracts.get(payload["address"])
            if c is None:
                return {"error": f"no contract at {payload['address']}"}
            return {"ok": {"code": c["code"], "storage": c["storage"], "balance": c["balance"]}}
        if name == "GetBalance":
            return {"ok": self.balances.get(payload["address"], 0)}
        if name in ("ConfidentialSeal", "ConfidentialOpen"):
            if self.enclave is None:
                return {"error": SEALED_OUTSIDE}
            try:
                if name == "ConfidentialSeal":
                    return {"ok": self.enclave.seal(payload["name"], payload["version"], payload["plaintext"])}
                return {"ok": self.enclave.open(payload["name"], payload["sealed"])}
            except ValueError as e:
                return {"error": str(e)}
        return {"error": f"fake host: unknown request {name}"}

    def backend(self, data: bytes) -> bytes:
        msg = calldata.decode(data)
        assert isinstance(msg, dict) and len(msg) == 1, msg
        (name, payload), = msg.items()
        self.requests.append((name, payload))
        return calldata.encode(self.handle(name, payload))

    def names(self) -> list[str]:
        return [n for n, _ in self.requests]


class Result:
    """A decoded execute() response."""

    def __init__(self, resp: dict):
        self.resp = resp
        r = resp["result"]
        self.kind: str = r["kind"]
        self.message: str | None = r.get("message")
        self.exception: str | None = r.get("exception")
        self.detail: str | None = r.get("detail")
        self.raw_value: bytes | None = r.get("value")
        self.writes: dict = resp["writes"]
        self.nondet: list = resp["nondet"]
        self.effects: list = resp["effects"]
        self.stdout: str = resp["stdout"]
        self.stderr: str = resp.get("stderr", "")
        self.gas_used: int = resp["gas_used"]

    @property
    def value(self):
        assert self.kind == "return", f"not a return: {self}"
        return calldata.decode(self.raw_value)

    def __repr__(self) -> str:
        r = dict(self.resp["result"])
        if self.kind == "return":
            try:
                r["value"] = calldata.decode(r["value"])
            except Exception:
                pass
        return f"Result({r}, stdout={self.stdout!r}, stderr={self.stderr[-600:]!r})"


def make_request(
    code: str,
    method: str | None = None,
    args: typing.Sequence = (),
    kwargs: dict | None = None,
    *,
    deploy: bool = False,
    entry_data: bytes | None = None,
    storage: dict | None = None,
    mode: str = "leader",
    leader_results: typing.Sequence[bytes] = (),
    readonly: bool = False,
    value: int = 0,
    sender: Address = SENDER,
    origin: Address | None = None,
    contract: Address = CONTRACT,
    balance: int = 0,
    gas_limit: int | None = None,
    seed: bytes = b"",
    datetime: str = DATETIME,
    chain_id: int = CHAIN_ID,
    stack: typing.Sequence[Address] = (),
) -> bytes:
    if entry_data is None:
        entry: dict = {}
        if method is not None:
            entry["method"] = method
        if args:
            entry["args"] = list(args)
        if kwargs:
            entry["kwargs"] = dict(kwargs)
        entry_data = calldata.encode(entry)
    req = {
        "code": code,
        "message": {
            "contract_address": contract,
            "sender_address": sender,
            "origin_address": sender if origin is None else origin,
            "value": value,
            "chain_id": chain_id,
            "datetime": datetime,
            "is_init": deploy,
            "stack": list(stack),
            "entry_kind": 0,
            "entry_data": entry_data,
            "entry_stage_data": None,
        },
        "mode": mode,
        "readonly": readonly,
        "leader_results": list(leader_results),
        "storage": dict(storage or {}),
        "balance": balance,
        "seed": seed,
    }
    if gas_limit is not None:
        req["gas_limit"] = gas_limit
    return calldata.encode(req)


def run(code: str, method: str | None = None, args: typing.Sequence = (), kwargs: dict | None = None, *, host: FakeHost | None = None, **kw) -> Result:
    """Run one execution with ``host`` (a fresh ``FakeHost`` by default) attached."""
    host = host or FakeHost()
    _host.set_backend(host.backend)
    try:
        return Result(calldata.decode(_runner.execute(make_request(code, method, args, kwargs, **kw))))
    finally:
        _host.set_backend(None)


class Deployed:
    """A contract with persistent storage: ``deploy()``, then ``write()``/``view()`` calls; the
    storage of successful deploys/writes is kept, views and failures are thrown away."""

    def __init__(self, code: str, *, host: FakeHost | None = None, address: Address = CONTRACT, balance: int = 0):
        self.code = code
        self.host = host or FakeHost()
        self.address = address
        self.storage: dict[str, bytes] = {}
        self.balance = balance

    def _apply(self, r: Result) -> Result:
        if r.kind == "return":
            self.storage.update(r.writes)
            if self.address in self.host.contracts:
                self.host.contracts[self.address]["storage"] = dict(self.storage)
        return r

    def deploy(self, *args, **kwargs) -> Result:
        opts = kwargs.pop("_opts", {})
        r = run(self.code, None, args, kwargs, host=self.host, deploy=True, storage=self.storage,
                contract=self.address, balance=self.balance, **opts)
        return self._apply(r)

    def write(self, method: str, *args, _opts: dict | None = None, **kwargs) -> Result:
        r = run(self.code, method, args, kwargs, host=self.host, storage=self.storage,
                contract=self.address, balance=self.balance, **(_opts or {}))
        return self._apply(r)

    def view(self, method: str, *args, _opts: dict | None = None, **kwargs) -> Result:
        return run(self.code, method, args, kwargs, host=self.host, storage=self.storage,
                   contract=self.address, balance=self.balance, readonly=True, **(_opts or {}))

    def publish(self) -> "Deployed":
        """Make this contract callable from others through ``host.contracts``."""
        self.host.deploy(self.address, self.code, self.storage, self.balance)
        return self
