import { describe, expect, it } from "vitest";
import { makeSoakPlan, plannedFaults } from "./soak-plan";

describe("soak plan", () => {
  const plan = makeSoakPlan({ txs: 2000, seed: "plan-test" });

  it("is the same for the same seed and differs for another", () => {
    expect(JSON.stringify(makeSoakPlan({ txs: 2000, seed: "plan-test" }))).toBe(JSON.stringify(plan));
    expect(JSON.stringify(makeSoakPlan({ txs: 2000, seed: "other" }).txs)).not.toBe(JSON.stringify(plan.txs));
  });

  it("deploys every contract first, then submits each call exactly once", () => {
    expect(plan.txs.slice(0, plan.contracts.length).map((t) => [t.contract, t.method])).toEqual(plan.contracts.map((c) => [c.label, null]));
    expect(plan.txs).toHaveLength(2000 + plan.contracts.length);
    const submitted = plan.steps.flatMap((s) => (s.kind === "submit" ? [s.tx] : []));
    expect(submitted).toEqual(plan.txs.map((t) => t.index));
  });

  it("spreads calls over at least three contracts, including LLM and failing ones", () => {
    const methods = new Set(plan.txs.map((t) => `${t.contract}.${t.method}`));
    const contracts = new Set(plan.txs.filter((t) => t.method !== null).map((t) => t.contract));
    expect(contracts.size).toBeGreaterThanOrEqual(3);
    for (const m of ["store.update_storage", "wizard.ask_for_coin", "dao.submit", "todo.complete", "client.bump_later"]) expect(methods).toContain(m);
  });

  it("keeps malicious validators a minority of every transaction's validators", () => {
    const bad = plan.validators.filter((v) => v.behaviour !== "honest");
    expect(bad.map((v) => v.behaviour).sort()).toEqual(["always_disagree", "malicious_leader"]);
    expect(2 * bad.length).toBeLessThan(plan.validatorsPerTx);
  });

  it("plans every kind of fault, only where it can fire, and appeals on earlier transactions", () => {
    const counts = plannedFaults(plan);
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(0);
    for (const t of plan.txs)
      for (const f of t.faults) {
        if (f.kind === "llm_error" || f.kind === "llm_timeout") expect(["wizard", "dao"]).toContain(t.contract);
        if (f.kind === "kill_mid_execution") expect(["client.observe", "wizard.ask_for_coin", "dao.submit"]).toContain(`${t.contract}.${t.method}`);
        expect(f.position).toBeLessThan(plan.validatorsPerTx);
      }
    const seen = new Set<number>();
    for (const s of plan.steps) {
      if (s.kind === "submit") seen.add(s.tx);
      if (s.kind === "appeal") expect(seen.has(s.tx)).toBe(true);
    }
    expect(plan.steps.filter((s) => s.kind === "appeal").length).toBeGreaterThan(10);
  });
});
