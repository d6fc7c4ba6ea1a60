import { describe, expect, it } from "vitest";
import { ALICE, BOB, call, eventsOf, GEN, makeNet, submitDeploy, tampered } from "./engine-fixtures";
import { reputationBps } from "./rewards";

const FEE = 10n ** 15n;
const STAKE = 100n * GEN;

function byId(net: ReturnType<typeof makeNet>["net"]) {
  return new Map(net.validatorsState().map((v) => [v.id, v]));
}

describe("Network: rewards, slashing, reputation", () => {
  it("nothing is settled before finalization; then every agreeing validator earns the fee", async () => {
    const { net } = makeNet();
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    expect(eventsOf(net, "rewarded")).toHaveLength(0);
    net.advanceTime(30_001);
    const voters = net.getTx(hash)!.rounds[0].validators;
    const rewarded = eventsOf(net, "rewarded", hash);
    expect(rewarded).toHaveLength(5);
    expect(rewarded.every((e) => e.type === "rewarded" && e.amount === FEE.toString())).toBe(true);
    const state = byId(net);
    for (const [id, v] of state) {
      expect(v.stake).toBe(STAKE);
      expect(v.balance).toBe(voters.includes(id) ? FEE : 0n);
      expect(v.votesTotal).toBe(voters.includes(id) ? 1 : 0);
      expect(v.reputationBps).toBe(10_000);
    }
    expect(eventsOf(net, "slashed")).toHaveLength(0);
  });

  it("the outvoted validator loses slashBps of its stake and its reputation", async () => {
    const { net } = makeNet({ executor: { vote: (v, tx) => (tx.rounds[0].validators[2] === v.id ? "disagree" : undefined) } });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    net.advanceTime(30_001);
    const loser = net.getTx(hash)!.rounds[0].validators[2];
    const s = byId(net).get(loser)!;
    expect(s.stake).toBe(99n * GEN);
    expect(s.slashed).toBe(GEN);
    expect(s.balance).toBe(0n);
    expect(s.reputationBps).toBe(0);
    expect(eventsOf(net, "slashed", hash)).toEqual([expect.objectContaining({ validator: loser, amount: GEN.toString() })]);
    expect(eventsOf(net, "rewarded", hash)).toHaveLength(4);
  });

  it("a rejected leader is slashed; validators that caught it are paid", async () => {
    const { net } = makeNet({ executor: { leader: (_v, _tx, round, honest) => (round === 0 ? tampered(honest) : undefined) } });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    net.advanceTime(30_001);
    const tx = net.getTx(hash)!;
    const bad = tx.rounds[0].leader;
    const state = byId(net);
    expect(state.get(bad)!.stake).toBe(99n * GEN);
    expect(state.get(bad)!.reputationBps).toBe(0);
    for (const id of tx.rounds[0].validators.slice(1)) {
      const inBoth = tx.rounds[1].validators.includes(id);
      expect(state.get(id)!.balance).toBe(inBoth ? 2n * FEE : FEE);
      expect(state.get(id)!.reputationBps).toBe(10_000);
    }
  });

  it("a leader overturned by an appeal loses leaderSlashBps more", async () => {
    let bad = "";
    const { net } = makeNet({
      validators: 15,
      executor: {
        leader: (_v, tx, round, honest) => (tx.hash === bad && round === 0 ? tampered(honest) : undefined),
        vote: (_v, tx, round) => (tx.hash === bad && round === 0 ? "agree" : undefined),
      },
    });
    const { address } = submitDeploy(net);
    await net.runUntilIdle();
    bad = net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") });
    await net.runUntilIdle();
    net.appeal(bad, { by: BOB });
    await net.runUntilIdle();
    net.advanceTime(30_001);
    const tx = net.getTx(bad)!;
    const leader = tx.rounds[0].leader;
    const s = byId(net).get(leader)!;
    // 1 % for its own vote on the overturned receipt, then 5 % of the rest
    expect(s.stake).toBe(((STAKE * 99n) / 100n) * 95n / 100n);
    const ev = eventsOf(net, "slashed", bad).find((e) => e.type === "slashed" && e.validator === leader);
    expect(ev && ev.type === "slashed" && ev.reason).toMatch(/overturned/);
    // appeal validators were right both times
    for (const id of tx.rounds[1].validators) expect(byId(net).get(id)!.reputationBps).toBe(10_000);
  });

  it("timeouts are neither rewarded nor slashed", async () => {
    const { net } = makeNet({ executor: { vote: () => "timeout" } });
    submitDeploy(net);
    await net.runUntilIdle();
    net.advanceTime(30_001);
    expect(eventsOf(net, "rewarded")).toHaveLength(0);
    expect(eventsOf(net, "slashed")).toHaveLength(0);
  });

  it("reputation is an integer ratio in basis points", () => {
    expect(reputationBps(0, 0)).toBe(10_000);
    expect(reputationBps(2, 3)).toBe(6666);
    expect(reputationBps(3, 3)).toBe(10_000);
  });
});
