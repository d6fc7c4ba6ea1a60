/** Scenarios into the playground session (fake executor, no Python): setup, replay, deep stops. */
import { describe, expect, it } from "vitest";
import { FakeExecutor } from "../consensus/fake-executor";
import { createEngineNetwork } from "../scenario/engine-network";
import { parseScenario } from "../scenario/parse";
import type { Scenario } from "../scenario/format";
import { storageProgram } from "../scenario/testing/storage-program";
import { inlineScenario, jsonMatches, runScenarioSteps, scenarioFiles, sessionOptionsFromScenario } from "./scenario-loader";
import { PlaygroundSession } from "./session";
import type { SessionNetworkFactory } from "./types";

const factory: SessionNetworkFactory = (spec, onBoot) => {
  onBoot([{ id: "fake", state: "ready", ms: 0 }]);
  return createEngineNetwork(spec, new FakeExecutor({ program: storageProgram("initial_storage"), executionTimeoutMs: spec.settings.executionTimeoutMs }));
};

function scenario(doc: unknown): Scenario {
  const p = parseScenario(doc);
  if (!p.ok) throw new Error(p.errors[0]);
  return p.scenario;
}

const STORE = scenario({
  version: 1,
  name: "Store",
  seed: "loader-1",
  network: { validators: { count: 4 }, consensus: { validatorsPerTx: 3, finalityWindowMs: 1000 } },
  accounts: { alice: "7000", bob: "5" },
  contracts: { Storage: { source: "# storage" } },
  steps: [
    { deploy: { contract: "Storage", label: "box", args: ["hello"], from: "bob", expect: { status: "ACCEPTED" } } },
    { call: { contract: "box", method: "update_storage", args: ["bye"], label: "change", expect: { status: "ACCEPTED" } } },
    { view: { contract: "box", method: "get_storage", expect: "bye" } },
    { view: { contract: "box", method: "get_storage", expect: "wrong on purpose" } },
    { advance: { ms: 1001 } },
    { expect: { tx: "change", status: "FINALIZED" } },
    { expect: { account: "alice", balance: { lte: "7000" } } },
  ],
});

function start(s: Scenario) {
  return new PlaygroundSession({ createNetwork: factory, ...sessionOptionsFromScenario(s) });
}

/** What must match between two runs: hashes, statuses, every vote and the state roots. */
function fingerprint(session: PlaygroundSession) {
  const st = session.getState();
  return {
    txs: st.transactions.map((t) => ({ hash: t.hash, status: t.status, rounds: t.rounds.map((r) => ({ leader: r.leader, validators: r.validators, votes: r.votes })) })),
    roots: st.contracts.map((c) => [c.label, c.address, c.stateRoot]),
    balances: st.accounts.map((a) => [a.name, a.balance.toString()]),
  };
}

describe("sessionOptionsFromScenario", () => {
  it("starts the session from the scenario's setup, a file per deploy label", async () => {
    const opts = sessionOptionsFromScenario(STORE);
    expect(opts.files).toEqual([{ path: "box.py", text: "# storage" }]);
    expect(opts.accounts).toEqual({ alice: 7000n, bob: 5n });
    expect(opts.setup).toMatchObject({ seed: "loader-1", consensus: { validatorsPerTx: 3, finalityWindowMs: 1000 }, runtimes: 3 });
    const s = start(STORE);
    await s.ready();
    expect(s.getState().validators.map((v) => v.id)).toEqual(["v1", "v2", "v3", "v4"]);
    expect(s.getState().sender).toBe("alice");
    expect(s.getState().activeFile).toBe("box.py");
  });

  it("inlines files, turning deploys by file into deploys of a contract", () => {
    const s = scenario({ version: 1, name: "f", seed: 1, contracts: { A: { file: "../a.py" } }, steps: [{ deploy: { contract: "A" } }, { deploy: { file: "lib/b.py", label: "bee" } }] });
    const read: string[] = [];
    const inl = inlineScenario(s, (f) => (read.push(f), `# ${f}`));
    expect(read).toEqual(["../a.py", "lib/b.py"]);
    expect(inl.contracts).toEqual({ A: { source: "# ../a.py" }, b: { source: "# lib/b.py" } });
    expect(inl.steps[1]).toEqual({ deploy: { contract: "b", label: "bee" } });
    expect(scenarioFiles(inl).files.map((f) => f.path)).toEqual(["A.py", "bee.py"]);
    expect(() => inlineScenario(s, () => { throw new Error("no such file: ../a.py"); })).toThrow("no such file");
  });
});

describe("runScenarioSteps", () => {
  it("replays every step through the session and checks the expectations", async () => {
    const s = start(STORE);
    const run = await runScenarioSteps(s, STORE);
    expect(run.error).toBeUndefined();
    expect(run.ran).toBe(STORE.steps.length);
    expect(run.expectations.map((e) => e.ok)).toEqual([true, true, true, false, true, true]);
    expect(run.expectations[3].message).toBe('step 3 (box.get_storage): expected "wrong on purpose", got "bye"');
    const st = s.getState();
    expect(st.contracts.map((c) => c.label)).toEqual(["box"]);
    expect(st.transactions.map((t) => t.status)).toEqual(["FINALIZED", "FINALIZED"]);
    expect(st.transactions[0].from.toChecksum()).toBe(st.accounts.find((a) => a.name === "bob")!.address);
    expect(Object.keys(run.hashes)).toEqual(["box", "change"]);
    expect(st.stepMode).toBe(false);
  });

  it("the session's own scenario replays to identical hashes, votes and state", async () => {
    const first = start(STORE);
    await runScenarioSteps(first, STORE);
    const shared = first.toScenario("shared");
    const again = parseScenario(JSON.parse(JSON.stringify(shared)));
    if (!again.ok) throw new Error(again.errors[0]);
    const second = start(again.scenario);
    const run = await runScenarioSteps(second, again.scenario);
    expect(run.error).toBeUndefined();
    expect(fingerprint(second)).toEqual(fingerprint(first));
    expect(fingerprint(second).txs).toHaveLength(2);
    // …and a third generation is the same scenario again.
    expect(second.toScenario("shared")).toEqual(shared);
  });

  it("stops where a deep link points: a transaction's round and phase, selected", async () => {
    const s = start(STORE);
    const run = await runScenarioSteps(s, STORE, { stopAt: { tx: "change", round: 1, phase: "commit" } });
    expect(run.error).toBeUndefined();
    const st = s.getState();
    const change = run.hashes.change;
    expect(run.stoppedAt).toMatchObject({ tx: change, phase: "commit" });
    expect(st.next).toMatchObject({ tx: change, phase: "commit" });
    expect(st.selectedTx).toBe(change);
    expect(st.transactions.find((t) => t.hash === change)!.status).toBe("COMMITTING");
    expect(st.transactions.find((t) => t.hash === change)!.rounds).toHaveLength(1);
    expect(st.stepMode).toBe(true);
    // The session's own label works too; a phase that never comes is one line.
    const s2 = start(STORE);
    const byLabel = await runScenarioSteps(s2, STORE, { stopAt: { tx: "update_storage#1", phase: "reveal" } });
    expect(s2.getState().next).toMatchObject({ tx: byLabel.hashes.change, phase: "reveal" });
    const never = await runScenarioSteps(start(STORE), STORE, { stopAt: { tx: "change", round: 5, phase: "commit" } });
    expect(never.error).toBe("the run never reached change round 5 at commit");
  });

  it("stops with one line at a step that cannot run", async () => {
    const bad = structuredClone(STORE);
    bad.steps.splice(1, 0, { call: { contract: "box", method: "nope", args: [] } });
    const run = await runScenarioSteps(start(bad), bad);
    expect(run.ran).toBe(1);
    expect(run.error).toBe("step 1: box has no method nope");
  });
});

describe("jsonMatches", () => {
  it("compares like the scenario runner: integers as strings, hex in any case, @names", () => {
    const resolve = () => undefined;
    expect(jsonMatches(5, "5", resolve)).toBe(true);
    expect(jsonMatches("5", "5", resolve)).toBe(true);
    expect(jsonMatches({ a: [1, "0xAB"] }, { a: ["1", "0xab"] }, resolve)).toBe(true);
    expect(jsonMatches({ a: 1 }, { a: "1", b: 2 }, resolve)).toBe(false);
    expect(jsonMatches("@alice", "0x0000000000000000000000000000000000000001", resolve)).toBe(false);
  });
});
