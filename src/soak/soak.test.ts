/**
 * The CI soak: 1,000 transactions (SOAK_TXS to change) over six contracts on Pyodide validators in
 * worker threads, with worker kills, LLM outages and timeouts, malicious validators and appeals;
 * then the same plan again, which must end with the same final state root. `npm run soak` runs the
 * full size.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAllTerminal, checkHonestRoots, checkKills, compareReplay, type SoakCheck } from "./soak-check";
import { makeSoakPlan, type SoakPlan } from "./soak-plan";
import { runSoak, type SoakResult } from "./soak-run";

const TXS = Number(process.env.SOAK_TXS ?? 1000);
const MINUTES = 60_000;

function passes(check: SoakCheck): void {
  expect(check.problems, check.name).toEqual([]);
  expect(check.ok).toBe(true);
}

describe(`soak with faults: ${TXS} transactions, then a replay`, () => {
  let plan: SoakPlan;
  let first: SoakResult;
  let replay: SoakResult;

  beforeAll(async () => {
    plan = makeSoakPlan({ txs: TXS, seed: "ci-soak" });
    first = await runSoak(plan);
    replay = await runSoak(plan);
  }, 20 * MINUTES);

  afterAll(() => {
    const line = (r: SoakResult) => `${(r.ms / 1000).toFixed(1)} s, ${JSON.stringify(r.statuses)}, faults ${JSON.stringify(r.faultsFired)}, appeals ${r.appeals.submitted}`;
    if (first) console.log(`soak: ${line(first)}`);
    if (replay) console.log(`replay: ${line(replay)}`);
  });

  it("injected every kind of fault, ran appeals, and malicious leaders were caught", () => {
    for (const [kind, n] of Object.entries(first.faultsFired)) expect(n, kind).toBeGreaterThan(0);
    expect(first.workerRestarts).toBeGreaterThanOrEqual(first.faultsFired.kill_mid_execution + first.faultsFired.kill_before_execution);
    expect(first.appeals.submitted).toBeGreaterThan(0);
    const txs = first.network.transactions();
    const tampered = txs.flatMap((t) => t.rounds).filter((r) => r.leader === "v1" && r.kind !== "validator_appeal" && r.leaderReceipt);
    expect(tampered.length).toBeGreaterThan(0);
    // A tampered result is never accepted: every round v1 led was voted down.
    for (const r of tampered) expect(r.result).not.toBe("agree");
    expect(txs.some((t) => t.rotations > 0 || t.rounds.some((r) => r.kind === "rotation"))).toBe(true);
    expect(first.children).toBeGreaterThan(0);
  });

  it("every transaction, children included, reached FINALIZED or CANCELED", () => {
    passes(checkAllTerminal(first.network, plan, first.hashes));
    expect(Object.keys(first.statuses).sort()).toEqual(Object.keys(first.statuses).filter((s) => s === "FINALIZED" || s === "CANCELED").sort());
    const calls = first.network.transactions().filter((t) => t.parent === null);
    expect(calls).toHaveLength(plan.txs.length);
  });

  it("every worker kill ended its execution as a crash, and nothing else crashed", () => {
    passes(checkKills(first.network, plan, first.faults));
  });

  it("honest validators computed identical state roots", () => {
    passes(checkHonestRoots(first.network, plan, first.faults));
  });

  it("the replay of the same plan reproduced the final state root and every event", () => {
    passes(compareReplay(first, replay));
    expect(replay.faultsFired).toEqual(first.faultsFired);
  });

  it("the checks are not vacuous: a stuck transaction and a diverging honest root are reported", () => {
    const tx = first.network.transactions().find((t) => t.rounds.some((r) => r.validatorReceipts.length > 1 && r.validatorReceipts.every((v) => v.outcome.kind === "return")))!;
    const before = tx.status;
    tx.status = "COMMITTING";
    const round = tx.rounds.find((r) => r.validatorReceipts.length > 1 && r.validatorReceipts.every((v) => v.outcome.kind === "return"))!;
    const honest = round.validatorReceipts.find((v) => v.validator !== "v1" && v.validator !== "v2" && !first.faults.hit(tx.hash, round.index, v.validator))!;
    const root = honest.stateRoot;
    honest.stateRoot = "0x" + "00".repeat(32);
    try {
      expect(checkAllTerminal(first.network, plan, first.hashes).problems.join("\n")).toContain("stuck in COMMITTING");
      expect(checkHonestRoots(first.network, plan, first.faults).problems.join("\n")).toContain("honest validators computed 2 state roots");
    } finally {
      tx.status = before;
      honest.stateRoot = root;
    }
  });
});
