/**
 * Every consensus path, as a scenario run through the real Pyodide validators
 * (contracts-examples/scenarios/consensus/*.scenario.json — they double as gallery examples).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { NetworkEvent } from "../consensus/events";
import { createPyodideNetwork } from "../../../workers/node/pyodide-network";
import { parseScenario } from "./parse";
import type { ScenarioReport, TxReport } from "./report";
import { runScenario } from "./runner";

const DIR = fileURLToPath(new URL("../../../contracts-examples/scenarios/consensus/", import.meta.url));

async function run(name: string, dir = DIR): Promise<{ report: ScenarioReport; events: NetworkEvent[] }> {
  const file = join(dir, `${name}.scenario.json`);
  const parsed = parseScenario(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.ok) throw new Error(parsed.errors[0]);
  const events: NetworkEvent[] = [];
  const report = await runScenario(parsed.scenario, {
    createNetwork: createPyodideNetwork,
    loadSource: (path) => readFileSync(join(dirname(file), path), "utf8"),
    onEvent: (e) => events.push(e),
  });
  expect(report.error, JSON.stringify(report.error)).toBeUndefined();
  expect(report.expectations.filter((e) => !e.ok).map((e) => e.message)).toEqual([]);
  expect(report.ok).toBe(true);
  return { report, events };
}

const tx = (r: ScenarioReport, label: string): TxReport => {
  const t = r.transactions.find((x) => x.label === label);
  if (!t) throw new Error(`no transaction ${label}`);
  return t;
};
const votes = (t: TxReport, round: number) => Object.fromEntries(t.rounds[round].votes.map((v) => [v.validator, v.vote]));

describe("consensus paths through real validators", () => {
  it("unanimous accept, then finality", async () => {
    const { report, events } = await run("unanimous");
    const update = tx(report, "update");
    expect(update.statusHistory).toEqual(["PENDING", "PROPOSING", "COMMITTING", "REVEALING", "ACCEPTED", "FINALIZED"]);
    expect(Object.values(votes(update, 0))).toEqual(["agree", "agree", "agree", "agree", "agree"]);
    const types = events.filter((e) => "tx" in e && e.tx === update.hash).map((e) => e.type);
    expect(types.indexOf("vote_committed")).toBeLessThan(types.indexOf("vote_revealed"));
    expect(types.lastIndexOf("vote_committed")).toBeLessThan(types.indexOf("vote_revealed"));
  });

  it("one always-disagreeing validator is outvoted and slashed", async () => {
    const { report } = await run("outvoted");
    const plea = tx(report, "plea");
    const v = votes(plea, 0);
    expect(v.v5).toBe("disagree");
    expect(Object.values(v).filter((x) => x === "agree")).toHaveLength(4);
    expect(plea.rounds[0].label).toBe("Accepted");
  });

  it("a malicious leader is rotated out, then an honest leader is accepted", async () => {
    const { report } = await run("malicious-leader");
    const store = tx(report, "store");
    expect(store.rounds.map((r) => [r.leader, r.label])).toEqual([
      ["v1", "Leader Rotation"],
      [store.rounds[1].leader, "Accepted"],
    ]);
    expect(store.rounds[1].leader).not.toBe("v1");
    expect(Object.entries(votes(store, 0)).filter(([, x]) => x === "deterministic_violation")).toHaveLength(4);
    expect(store.rotations).toBe(1);
  });

  it("UNDETERMINED after the maximum number of rotations", async () => {
    const { report } = await run("undetermined");
    const plea = tx(report, "plea");
    expect(plea.rounds).toHaveLength(4);
    expect(new Set(plea.rounds.map((r) => r.leader)).size).toBe(4);
    expect(plea.rounds.at(-1)!.label).toBe("Undetermined");
    expect(plea.statusHistory).toContain("UNDETERMINED");
  });

  it("leader timeout, then an appeal with a new validator", async () => {
    const { report } = await run("leader-timeout");
    const store = tx(report, "store");
    expect(store.rounds[0]).toMatchObject({ leader: "v1", label: "Leader Timeout" });
    expect(store.rounds[1].label).toBe("Leader Timeout Appeal Successful");
    expect(store.statusHistory).toContain("LEADER_TIMEOUT");
  });

  it("a successful validator appeal overturns the result, rolls back a later tx and re-executes", async () => {
    const { report, events } = await run("validator-appeal");
    const plea = tx(report, "plea");
    const labels = plea.rounds.map((r) => r.label);
    expect(labels).toContain("Validator Appeal Successful");
    expect(labels.at(-1)).toBe("Accepted");
    expect(events.some((e) => e.type === "tx_rolled_back" && e.tx === tx(report, "second").hash)).toBe(true);
    expect(events.some((e) => e.type === "appeal_decided" && e.successful)).toBe(true);
  });

  it("a failed appeal shrinks the finality window by 20%", async () => {
    const { report, events } = await run("failed-appeal");
    const update = tx(report, "update");
    expect(update.appealsFailed).toBe(1);
    expect(update.rounds.map((r) => r.label)).toEqual(["Accepted", "Validator Appeal Failed"]);
    const decided = events.find((e) => e.type === "appeal_decided");
    expect(decided).toMatchObject({ successful: false, windowMs: 24_000 });
    expect(update.finalizedAt).toBeLessThan(30_000);
  });

  it("a leader appeal turns UNDETERMINED into ACCEPTED", async () => {
    const { report } = await run("leader-appeal");
    const plea = tx(report, "plea");
    expect(plea.rounds.map((r) => r.label)).toEqual(["Undetermined", "Leader Appeal Successful"]);
    expect(plea.rounds[1].validators.length).toBe(12);
  });

  it("child messages run on acceptance and on finality", async () => {
    const { report, events } = await run("children");
    const bump = tx(report, "bump");
    expect(bump.children).toHaveLength(2);
    const kids = bump.children.map((h) => report.transactions.find((t) => t.hash === h)!);
    expect(kids.every((k) => k.parent === bump.hash && k.status === "FINALIZED")).toBe(true);
    const on = events.filter((e) => e.type === "child_tx" && e.parent === bump.hash).map((e) => (e as { on: string }).on);
    expect(on).toEqual(["accepted", "finalized"]);
  });

  it("Strict uses the full set, Fast the leader plus a subset", async () => {
    const { report } = await run("fast-vs-strict");
    expect(tx(report, "strict").rounds[0].validators).toHaveLength(5);
    expect(tx(report, "fast").rounds[0].validators).toHaveLength(3);
    expect(tx(report, "fast").mode).toBe("fast");
  });

  it("the same scenario and seed give identical reports and event logs", async () => {
    const a = await run("outvoted");
    const b = await run("outvoted");
    expect(JSON.stringify(b.report)).toBe(JSON.stringify(a.report));
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    // e2e/golden holds the same run; the browser test (e2e/determinism.spec.ts) must match it too.
    const goldenFile = new URL("../../../e2e/golden/outvoted.run.json", import.meta.url);
    // After an intended change (e.g. the SDK runs more lines, so gas differs): UPDATE_GOLDEN=1.
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(goldenFile, JSON.stringify({ report: a.report, events: a.events }, null, 1) + "\n");
    const golden = JSON.parse(readFileSync(goldenFile, "utf8"));
    expect(JSON.parse(JSON.stringify({ report: a.report, events: a.events }))).toEqual(golden);
  });
});
