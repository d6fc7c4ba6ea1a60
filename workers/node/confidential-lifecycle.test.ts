/**
 * A confidential contract's committee over time, with real enclave worker threads: an enclave
 * worker that dies comes back with its key shares (it unseals the store it sealed), and a member
 * whose attestation is revoked is rotated out by resharing — same public keys, next key
 * generation — so old sealed state still opens and new transactions still run.
 */
import { afterAll, describe, expect, it } from "vitest";
import { encode, makeCalldataObject, type Address, type CalldataValue } from "../../src/core/calldata";
import type { EnclaveHosting } from "../../src/core/confidential/execution/enclave-hosting";
import type { PythonRuntime } from "../../src/core/runtime/python-runtime";
import { accountAddress, accountPrivateKey } from "../../src/core/scenario/accounts";
import { auditorOpen } from "../../src/core/confidential/execution/auditor-access";
import { decode } from "../../src/core/calldata";
import type { EngineNetwork } from "../../src/core/scenario/engine-network";
import { networkSpec } from "../../src/core/scenario/network";
import { parseScenario } from "../../src/core/scenario/parse";
import { createPooledNetwork } from "../../src/core/scenario/pooled-network";
import { createNodePool } from "./node-runtime";
import { nodeEnclaveHosting } from "./node-enclaves";

const VAULT = `
from genlayer import *

@gl.confidential
class Vault(gl.Contract):
    secret: gl.ConfidentialField[str]

    def __init__(self):
        pass

    @gl.public.write
    def put(self, value: gl.EncryptedField[str]) -> int:
        self.secret = value
        return len(value)

    @gl.public.view
    def secret_length(self) -> int:
        return len(self.secret)
`;

const alice = accountAddress("alice");
const pool = createNodePool(1);
const runtimes = new Map<string, PythonRuntime>();
const hosting: EnclaveHosting = {
  bundle: nodeEnclaveHosting.bundle,
  runtime: (validator, init) => {
    const rt = nodeEnclaveHosting.runtime(validator, init);
    runtimes.set(validator, rt);
    return rt;
  },
};
let net: EngineNetwork;

afterAll(async () => {
  await net?.dispose?.();
  pool.terminate();
});

function calldata(method: string | undefined, args: CalldataValue[]): Uint8Array {
  return encode(makeCalldataObject(method, args as never, {}));
}

async function put(contract: { to: Address }, value: string) {
  const hash = await net.submit({
    kind: "call", from: alice, to: contract.to, calldata: calldata("put", [value]), value: 0n, mode: "strict", confidential: { encryption: "seeded" },
  });
  await net.runUntilIdle();
  return net.getTx(hash)!;
}

async function secretLength(contract: { to: Address }) {
  return net.view({ to: contract.to, from: alice, calldata: calldata("secret_length", []), state: "accepted" });
}

describe("a confidential committee over time (Node worker threads)", () => {
  it("survives an enclave worker crash and reshares when a member's attestation is revoked", { timeout: 300_000 }, async () => {
    const parsed = parseScenario({
      version: 1,
      name: "lifecycle",
      seed: "confidential-lifecycle",
      network: { validators: ["v1", "v2", "v3", "v4"].map((id) => ({ id, enclave: true })), consensus: { validatorsPerTx: 3 }, runtimes: 1 },
      accounts: { alice: "1000000000000000000000" },
      steps: [],
    });
    if (!parsed.ok) throw new Error(parsed.errors[0]);
    net = createPooledNetwork(networkSpec(parsed.scenario), pool, undefined, undefined, hosting);
    const conf = net.confidential!;

    const deployHash = await net.submit({
      kind: "deploy", from: alice, code: VAULT, calldata: calldata(undefined, []), value: 0n, mode: "strict",
      confidential: { encryption: "seeded", committee: { n: 3, t: 2 } },
    });
    await net.runUntilIdle();
    const deploy = net.getTx(deployHash)!;
    expect(deploy.status).toBe("ACCEPTED");
    const first = conf.committeeOf(deploy.to)!;
    expect(first.members).toHaveLength(3);
    expect((await put(deploy, "first secret")).status).toBe("ACCEPTED");

    // A member's worker dies (killed from outside); the next transaction boots a fresh one,
    // which unseals its key shares and takes part as before.
    const victim = first.members[0]!.validator;
    const before = runtimes.get(victim)!.bootCount;
    await runtimes.get(victim)!.crash("terminate");
    const afterCrash = await put(deploy, "second secret");
    expect(afterCrash.status).toBe("ACCEPTED");
    expect(runtimes.get(victim)!.bootCount).toBe(before + 1);
    const receipts = afterCrash.rounds.flatMap((r) => [r.leaderReceipt!, ...r.validatorReceipts]);
    for (const r of receipts) expect(r.confidential?.shares.filter((s) => s.validator === victim && s.status === "valid").length).toBe(2);

    // Governance revokes one member's registration: the next transaction reshares first.
    const revoked = first.members[1]!.validator;
    conf.ledger.revoke({ validator: revoked }, net.network.now());
    const third = await put(deploy, "third secret, after resharing");
    expect(third.status).toBe("ACCEPTED");
    const second = conf.committeeOf(deploy.to)!;
    expect(second.keyGeneration).toBe(first.keyGeneration + 1);
    expect(second.publicKey).toBe(first.publicKey);
    expect(second.statePublicKey).toBe(first.statePublicKey);
    expect(second.previousCommitteeId).toBe(first.id);
    expect(second.members.map((m) => m.validator)).not.toContain(revoked);
    expect(second.members.map((m) => m.validator)).toContain("v4");
    expect(third.confidential?.committeeId).toBe(second.id);
    for (const r of third.rounds.flatMap((x) => [x.leaderReceipt!, ...x.validatorReceipts])) expect(r.validator).not.toBe(revoked);
    // The state sealed under the first committee is read by the new one (same state key).
    const length = await secretLength(deploy);
    expect(length).toMatchObject({ kind: "return", value: BigInt("third secret, after resharing".length) });
    const kinds = net.network.events.filter((e) => e.type === "confidential").map((e) => (e as { kind: string }).kind);
    expect(kinds).toEqual(expect.arrayContaining(["reshare-needed", "committee-reshared"]));
  });

  it("an auditor named at deploy reads a sealed field re-encrypted to its key; another account cannot", { timeout: 300_000 }, async () => {
    const conf = net.confidential!;
    const bob = accountAddress("bob").toHex();
    const deployHash = await net.submit({
      kind: "deploy", from: alice, code: VAULT, calldata: calldata(undefined, []), value: 0n, mode: "strict",
      confidential: { encryption: "seeded", committee: { n: 3, t: 2, auditors: [bob] } },
    });
    await net.runUntilIdle();
    const deploy = net.getTx(deployHash)!;
    expect(conf.committeeOf(deploy.to)!.auditors).toEqual([bob]);
    expect((await put(deploy, "audited secret")).status).toBe("ACCEPTED");
    const dump = await net.view({ to: deploy.to, from: alice, calldata: encode(makeCalldataObject("#state", [], {})), state: "accepted" });
    if (dump.kind !== "return" || !Array.isArray(dump.value)) throw new Error("no state dump");
    const field = (dump.value as [string, Map<string, unknown>][]).find(([name]) => name === "secret")![1];
    const raw = field.get("sealed");
    const sealed = raw instanceof Uint8Array ? raw : Uint8Array.from(String(raw).slice(2).match(/../g)!, (b) => parseInt(b, 16));
    const plaintext = await auditorOpen(conf, deploy.to, { name: "secret", sealed }, accountPrivateKey("bob"));
    expect(decode(plaintext)).toBe("audited secret");
    await expect(auditorOpen(conf, deploy.to, { name: "secret", sealed }, accountPrivateKey("alice"))).rejects.toThrow(/not signed by an auditor/);
  });
});
