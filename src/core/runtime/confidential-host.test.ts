/**
 * Confidential state on the main (non-enclave) host: `ConfidentialSeal` / `ConfidentialOpen` are
 * answered with one error line, and a contract that touches a sealed field fails with exactly that
 * line, while its public parts (schema, plain fields, `#state`) keep working.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createNodeRuntime } from "../../../workers/node/node-runtime";
import { Address, decode, encode } from "../calldata";
import { DirectRunner } from "./direct-runner";
import { describeFailure } from "./errors";
import { ExecutionHost, SEALED_OUTSIDE_ENCLAVE } from "./host";
import { ScriptedProvider } from "./providers/scripted";

const runtime = createNodeRuntime();
afterAll(() => runtime.terminate());

const VAULT = new Address(new Uint8Array(20).fill(0x7c));

/** A contract with a sealed field; `secret`/`hide` vary so a plain twin has the same layout. */
function vault(secretType: string, hide: string): string {
  return `# { "Depends": "py-genlayer:test" }
from genlayer import *

class Vault(gl.Contract):
    label: str
    secret: ${secretType}
    bids: gl.ConfidentialMapping[Address, u256]

    def __init__(self, label: str):
        self.label = label

    ${hide} -> None:
        self.secret = value

    @gl.public.view
    def peek(self) -> str:
        return self.secret

    @gl.public.view
    def count(self) -> int:
        return len(self.bids)

    @gl.public.view
    def name(self) -> str:
        return self.label
`;
}

const CODE = vault("gl.ConfidentialField[str]", "@gl.confidential\n    @gl.public.write\n    def hide(self, value: gl.EncryptedField[str])");
/** Same storage layout, but `secret` is plain bytes: lets a test store a blob shaped like a sealed value. */
const PLAIN_TWIN = vault("bytes", "@gl.public.write\n    def hide(self, value: bytes)");

describe("the main host and confidential state", () => {
  it("answers ConfidentialSeal and ConfidentialOpen with the sealed error", async () => {
    const host = new ExecutionHost({ provider: new ScriptedProvider(), chain: { getContract: () => null, getBalance: () => 0n }, llmTokenLimit: 1000 });
    const seal = decode(await host.handle(encode({ ConfidentialSeal: { name: "secret", version: 1n, plaintext: new Uint8Array([1]) } })));
    const open = decode(await host.handle(encode({ ConfidentialOpen: { name: "secret", sealed: new Uint8Array(12) } })));
    expect(seal).toEqual(new Map([["error", SEALED_OUTSIDE_ENCLAVE]]));
    expect(open).toEqual(new Map([["error", SEALED_OUTSIDE_ENCLAVE]]));
    expect(host.calls.map((c) => c.request)).toEqual(["ConfidentialSeal", "ConfidentialOpen"]);
  });

  it("a contract touching a sealed field fails with that one line; its public parts still work", async () => {
    const runner = new DirectRunner({ runtime });
    const deployed = await runner.deploy(VAULT, CODE, ["public label"]);
    expect(deployed.outcome.kind, JSON.stringify(deployed.outcome)).toBe("return");

    const write = await runner.call(VAULT, "hide", ["the plan"]);
    expect(write.outcome).toEqual({ kind: "vm_error", message: SEALED_OUTSIDE_ENCLAVE });
    expect(describeFailure(write.outcome).message).toBe(SEALED_OUTSIDE_ENCLAVE);
    expect(write.writes.size).toBe(0);
    expect(write.stderr).toBe("");
    expect(write.hostCalls.map((c) => [c.request, c.answer])).toEqual([["ConfidentialSeal", new Map([["error", SEALED_OUTSIDE_ENCLAVE]])]]);

    // Reading never reaches the host while nothing was sealed: the default comes back.
    expect((await runner.view(VAULT, "peek")).outcome).toMatchObject({ kind: "return", value: "" });
    expect((await runner.view(VAULT, "count")).outcome).toMatchObject({ kind: "return", value: 0n });
    expect((await runner.view(VAULT, "name")).outcome).toMatchObject({ kind: "return", value: "public label" });

    const state = await runner.view(VAULT, "#state");
    expect(state.outcome).toMatchObject({
      kind: "return",
      value: [
        ["label", "public label"],
        ["secret", new Map([["sealed", "0x"]])],
        ["bids", new Map()],
      ],
    });
  });

  it("opening a stored sealed value fails with the same line", async () => {
    const runner = new DirectRunner({ runtime });
    expect((await runner.deploy(VAULT, PLAIN_TWIN, ["label"])).outcome.kind).toBe("return");
    const blob = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1, ...new Uint8Array(24).fill(0xab)]);
    expect((await runner.call(VAULT, "hide", [blob])).outcome.kind).toBe("return");
    runner.contracts.get(VAULT.toHex())!.code = CODE;

    const peek = await runner.view(VAULT, "peek");
    expect(peek.outcome).toEqual({ kind: "vm_error", message: SEALED_OUTSIDE_ENCLAVE });
    expect(peek.hostCalls.map((c) => c.request)).toEqual(["ConfidentialOpen"]);
    const state = await runner.view(VAULT, "#state");
    expect(state.outcome).toMatchObject({ kind: "return", value: [["label", "label"], ["secret", new Map([["sealed", "0x0000000000000001" + "ab".repeat(24)]])], ["bids", new Map()]] });
    expect(state.hostCalls).toEqual([]);
  });

  it("the schema carries the confidential marks through the real runtime", async () => {
    const runner = new DirectRunner({ runtime });
    const res = await runner.schema(CODE);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.schema).toMatchObject({
      methods: {
        hide: { params: [["value", "string"]], confidential: true, encrypted: [0] },
        peek: { params: [], readonly: true },
      },
    });
    expect(Object.keys(res.schema as object)).toEqual(["ctor", "methods"]);
    expect(Object.keys((res.schema as { methods: Record<string, object> }).methods.peek)).toEqual(["params", "kwparams", "readonly", "ret"]);
  });
});
