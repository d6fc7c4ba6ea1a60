/**
 * Confidential contracts end to end on the consensus engine, with every enclave validator in its
 * own Node worker thread: attestation, committee DKG, encrypted arguments opened only inside the
 * enclaves, sealed state, signed share evidence and slashing, and the uniform failure when fewer
 * than t valid shares arrive. Secret marker strings must not appear in anything the main thread
 * keeps (transactions, receipts, events, state dumps).
 */
import { afterAll, describe, expect, it } from "vitest";
import { decode, encode, makeCalldataObject } from "../../src/core/calldata";
import type { EngineNetwork } from "../../src/core/scenario/engine-network";
import { parseScenario } from "../../src/core/scenario/parse";
import { runScenario } from "../../src/core/scenario/runner";
import type { ScenarioReport } from "../../src/core/scenario/report";
import { createPooledNetwork } from "../../src/core/scenario/pooled-network";
import { createNodePool } from "./node-runtime";
import { nodeEnclaveHosting } from "./node-enclaves";

const MARKER = "MARKER-7f3a-do-not-leak";

const VAULT = `
from genlayer import *

@gl.confidential
class Vault(gl.Contract):
    owner_note: str
    secret: gl.ConfidentialField[str]
    puts: u256

    def __init__(self, note: str):
        self.owner_note = note

    @gl.public.write
    def put(self, value: gl.EncryptedField[str]) -> int:
        print("inside the enclave:", value)
        self.secret = value
        self.puts += 1
        return len(value)

    @gl.public.view
    def secret_length(self) -> int:
        return len(self.secret)
`;

function scenario(validators: object[], deploy: object, extraSteps: object[] = []) {
  const parsed = parseScenario({
    version: 1,
    name: "vault",
    seed: "confidential-network-test",
    network: { validators, consensus: { validatorsPerTx: 3 }, runtimes: 1 },
    accounts: { alice: "1000000000000000000000" },
    contracts: { Vault: { source: VAULT } },
    steps: [
      { deploy: { contract: "Vault", args: ["public note"], from: "alice", label: "vault", confidential: deploy } },
      { call: { contract: "vault", method: "put", args: [MARKER], from: "alice", label: "put" } },
      ...extraSteps,
    ],
  });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.scenario;
}

const pool = createNodePool(1);
afterAll(() => pool.terminate());

async function run(s: ReturnType<typeof scenario>): Promise<{ report: ScenarioReport; net: EngineNetwork }> {
  let net: EngineNetwork | null = null;
  const report = await runScenario(s, {
    createNetwork: (spec) => (net = createPooledNetwork(spec, pool, undefined, undefined, nodeEnclaveHosting)),
    loadSource: () => {
      throw new Error("no files");
    },
  });
  return { report, net: net! };
}

/** Where the marker occurs in what the main thread keeps ("" when nowhere). */
function leakIn(net: EngineNetwork): string {
  const text = everythingKept(net);
  const at = text.indexOf(MARKER);
  return at < 0 ? "" : text.slice(Math.max(0, at - 200), at + 40);
}

function everythingKept(net: EngineNetwork): string {
  const replacer = (_k: string, v: unknown) =>
    typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v instanceof Map ? [...v] : v;
  return JSON.stringify({ txs: net.transactions(), events: net.network.events, ledger: net.confidential?.ledger.toJSON(), bulletin: net.confidential?.bulletin }, replacer);
}

describe("confidential contracts on enclave validators (Node worker threads)", () => {
  it("attests, forms a committee of enclaves only, runs encrypted arguments inside them and keeps the plaintext out", { timeout: 240_000 }, async () => {
    const { report, net } = await run(
      scenario([{ id: "v1", enclave: true }, { id: "v2", enclave: true }, { id: "v3", enclave: true }, { id: "v4" }], { n: 3, t: 2 }, [
        { view: { contract: "vault", method: "secret_length", from: "alice", expect: MARKER.length } },
      ]),
    );
    expect(report.error).toBeUndefined();
    expect(report.expectations.filter((x) => !x.ok)).toEqual([]);
    const conf = net.confidential!;
    expect(conf.attested().sort()).toEqual(["v1", "v2", "v3"]);
    const vault = report.contracts[0]!.address;
    const committee = conf.committeeOf(net.network.getTx(report.transactions[0]!.hash)!.to)!;
    expect(committee.members.map((m) => m.validator).sort()).toEqual(["v1", "v2", "v3"]);
    expect(committee.threshold).toBe(2);
    const put = net.getTx(report.transactions[1]!.hash)!;
    expect(put.status).toBe("ACCEPTED");
    expect(put.confidential?.committeeId).toBe(committee.id);
    // The public calldata holds null where the encrypted argument goes.
    expect((decode(put.calldata) as Map<string, unknown>).get("args")).toEqual([null]);
    const receipts = put.rounds.flatMap((r) => [r.leaderReceipt!, ...r.validatorReceipts]);
    expect(receipts.length).toBeGreaterThanOrEqual(3);
    for (const r of receipts) {
      expect(["v1", "v2", "v3"]).toContain(r.validator);
      expect(r.confidential?.shares.filter((s) => s.status === "valid").length).toBeGreaterThanOrEqual(2);
      expect(r.outcome).toMatchObject({ kind: "return" });
      expect(r.stdout).not.toContain(MARKER);
    }
    expect((receipts[0]!.outcome as { value: unknown }).value).toBe(BigInt(MARKER.length));
    // The state dump (read outside the enclaves) shows the sealed field as ciphertext only.
    const dump = await net.view({ to: put.to, from: put.from, calldata: encode(makeCalldataObject("#state", [], {})), state: "accepted" });
    expect(dump.kind).toBe("return");
    const text = JSON.stringify(dump, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? new TextDecoder().decode(v) : v));
    expect(text).toContain("public note");
    expect(text).toContain('sealed');
    expect(text).not.toContain(MARKER);
    expect(vault).toMatch(/^0x/);
    expect(leakIn(net)).toBe("");
    const kinds = net.network.events.filter((e) => e.type === "confidential").map((e) => (e as { kind: string }).kind);
    expect(kinds).toEqual(expect.arrayContaining(["attestation-accepted", "committee-selected", "committee-formed"]));
  });

  it("an enclave signing invalid shares leaves evidence and is slashed; t valid shares still decrypt", { timeout: 240_000 }, async () => {
    const { report, net } = await run(
      scenario([{ id: "v1", enclave: true }, { id: "v2", enclave: true }, { id: "v3", enclave: true }, { id: "v4", enclave: true, behaviour: "bad_shares" }], { n: 4, t: 3 }, [
        { advance: { ms: 30_001 } },
      ]),
    );
    expect(report.error).toBeUndefined();
    const put = net.getTx(report.transactions[1]!.hash)!;
    expect(put.status).toBe("FINALIZED");
    const receipts = put.rounds.flatMap((r) => [r.leaderReceipt!, ...r.validatorReceipts]);
    const reports = receipts[0]!.confidential!.shares;
    expect(reports.find((s) => s.validator === "v4" && s.shareKind === "decryption")?.status).toBe("invalid");
    expect(net.confidential!.ledger.slashingFor(put.hash).map((e) => e.validator)).toContain("v4");
    const slashed = net.network.events.filter((e) => e.type === "slashed" && (e as { validator?: string }).validator === "v4");
    expect(slashed.length).toBeGreaterThan(0);
  });

  it("fewer than t valid shares: the transaction cannot open its inputs and says so in one line", { timeout: 240_000 }, async () => {
    const { report, net } = await run(
      scenario(
        [{ id: "v1", enclave: true }, { id: "v2", enclave: true, behaviour: "bad_shares" }, { id: "v3", enclave: true, behaviour: "bad_shares" }],
        { n: 3, t: 2 },
      ),
    );
    expect(report.error).toBeUndefined();
    const put = net.getTx(report.transactions[1]!.hash)!;
    const leader = put.rounds[0]!.leaderReceipt!;
    expect(leader.outcome.kind).toBe("vm_error");
    expect((leader.outcome as { message?: string }).message).toMatch(/confidential inputs unavailable/);
    // Every enclave fails the same way, so consensus accepts the failure as the outcome.
    for (const r of put.rounds[0]!.validatorReceipts) expect((r.outcome as { message?: string }).message).toBe((leader.outcome as { message?: string }).message);
    expect(put.result?.kind).toBe("vm_error");
    expect(leakIn(net)).toBe("");
  });
});
