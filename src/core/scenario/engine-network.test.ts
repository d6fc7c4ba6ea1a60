/** Scenarios on the real consensus engine with its fake executor (no Python). */
import { describe, expect, it } from "vitest";
import { FakeExecutor } from "../consensus/fake-executor";
import { storageProgram } from "./testing/storage-program";
import { createEngineNetwork } from "./engine-network";
import type { Scenario } from "./format";
import { parseScenario } from "./parse";
import { runScenario } from "./runner";

const storage = storageProgram("initial");

function scenario(doc: Record<string, unknown>): Scenario {
  const r = parseScenario({ version: 1, name: "engine", seed: "engine-seed", accounts: { alice: "1000000000000000000000" }, contracts: { Storage: "# storage" }, ...doc });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.scenario;
}

async function run(doc: Record<string, unknown>) {
  let disposed = false;
  const report = await runScenario(scenario(doc), {
    createNetwork: (spec) => createEngineNetwork(spec, new FakeExecutor({ program: storage, executionTimeoutMs: spec.settings.executionTimeoutMs }), () => void (disposed = true)),
    loadSource: () => "# SYNTAX error",
  });
  return { report, disposed };
}

describe("scenarios on the consensus engine", () => {
  it("deploys, updates, reads and finalizes", async () => {
    const { report, disposed } = await run({
      network: { validators: { count: 5 }, consensus: { validatorsPerTx: 3 } },
      steps: [
        { deploy: { contract: "Storage", args: ["hello"], label: "store", expect: { status: "ACCEPTED" } } },
        { call: { contract: "store", method: "update_storage", args: ["bye"], label: "upd", expect: { status: "ACCEPTED", result: null } } },
        { view: { contract: "store", method: "get_storage", expect: "bye" } },
        { view: { contract: "store", method: "get_storage", state: "finalized", expectError: "no finalized state" } },
        { advance: 29000 },
        { expect: { tx: "upd", status: "ACCEPTED" } },
        { advance: 2000 },
        { expect: { tx: "upd", status: "FINALIZED" } },
        { expect: { contract: "store", view: "get_storage", state: "finalized", equals: "bye" } },
        { expect: { validator: "v1", reputation: 1 } },
      ],
      report: { views: ["get_storage"] },
    });
    expect(report.error).toBeUndefined();
    expect(report.expectations.filter((e) => !e.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(disposed).toBe(true);
    const upd = report.transactions.find((t) => t.label === "upd")!;
    expect(upd.status).toBe("FINALIZED");
    expect(upd.rounds).toHaveLength(1);
    expect(upd.rounds[0].votes).toHaveLength(3);
    expect(upd.rounds[0].votes.every((v) => v.vote === "agree")).toBe(true);
    expect(upd.finalizedAt).toBe(31000);
    expect(report.contracts[0].views).toEqual({ get_storage: { result: "bye" } });
    expect(report.events.byType.finalized).toBeGreaterThanOrEqual(2);
    expect(report.accounts[0].balance).toBe("1000000000000000000000");
  });

  it("rotates leaders until UNDETERMINED when validators disagree", async () => {
    const { report } = await run({
      network: { validators: { count: 6, behaviour: "always_disagree" }, consensus: { validatorsPerTx: 3, maxRotations: 2 } },
      steps: [{ deploy: { contract: "Storage", args: ["x"], expect: { status: "UNDETERMINED" } } }],
    });
    expect(report.ok).toBe(true);
    const tx = report.transactions[0];
    expect(tx.rounds).toHaveLength(3);
    expect(tx.rounds[0].votes.filter((v) => v.vote === "disagree")).toHaveLength(2);
    expect(report.contracts[0].stateRoot).toBeNull();
  });

  it("reports a contract that does not compile, naming the step and line", async () => {
    const { report } = await run({ steps: [{ deploy: { file: "bad.py" } }] });
    expect(report.error).toEqual({ step: 0, message: "steps[0].deploy.file: bad.py:3: SyntaxError: invalid syntax" });
  });
});
