import { describe, expect, it } from "vitest";
import { encode } from "../calldata";
import { ALICE, BOB, call, eventsOf, GEN, makeNet, storedValue, submitDeploy, tampered } from "./engine-fixtures";

describe("Network: finality window", () => {
  it("finalizes strictly after the window and copies accepted state to finalized", async () => {
    const { net } = makeNet();
    const { hash, address } = submitDeploy(net, 3n);
    await net.runUntilIdle();
    net.advanceTime(30_000);
    expect(net.getTx(hash)!.status).toBe("ACCEPTED");
    expect(net.appealBlocker(hash)).toBeNull();
    net.advanceTime(1);
    const tx = net.getTx(hash)!;
    expect(tx.status).toBe("FINALIZED");
    expect(tx.finalizedAt).toBe(30_001);
    expect(storedValue(net, address, "finalized")).toEqual(encode(3n));
    expect(eventsOf(net, "finalized", hash)[0]).toMatchObject({ status: "ACCEPTED", at: 30_001 });
    expect(eventsOf(net, "clock_advanced").map((e) => e.type === "clock_advanced" && e.now)).toEqual([30_000, 30_001]);
    const v = await net.view(address, call("get"), { state: "finalized" });
    expect(v.outcome.kind === "return" && v.outcome.value).toBe(3n);
    expect(net.appealBlocker(hash)).toMatch(/FINALIZED/);
  });

  it("finalityWindowMs 0 finalizes right after acceptance", async () => {
    const { net } = makeNet({ settings: { finalityWindowMs: 0 } });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    expect(net.getTx(hash)!.statusHistory.slice(-2)).toEqual(["ACCEPTED", "FINALIZED"]);
  });

  it("UNDETERMINED and timeouts finalize after the window without applying state; value refunded", async () => {
    const { net } = makeNet({ executor: { vote: () => "timeout" } });
    const h = net.submit({ kind: "deploy", from: ALICE, code: "kv", value: 2n * GEN });
    await net.runUntilIdle();
    expect(net.getTx(h)!.status).toBe("VALIDATORS_TIMEOUT");
    expect(net.balanceOf(ALICE)).toBe(998n * GEN);
    net.advanceTime(30_001);
    expect(net.getTx(h)!.status).toBe("FINALIZED");
    expect(eventsOf(net, "finalized", h)[0]).toMatchObject({ status: "VALIDATORS_TIMEOUT" });
    expect(net.contractState(net.getTx(h)!.to)).toBeNull();
    expect(net.balanceOf(ALICE)).toBe(1000n * GEN);
  });

  it("a transaction finalizes only after the previous one on the same contract", async () => {
    const { net } = makeNet({ validators: 15 });
    const { hash: d, address } = submitDeploy(net);
    await net.runUntilIdle();
    net.advanceTime(29_000);
    const inc = net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") });
    await net.runUntilIdle();
    net.appeal(d, { by: BOB }); // pending appeal: d cannot finalize
    net.advanceTime(31_000); // inc's own window (from 29 000) has passed too
    expect(net.getTx(d)!.status).toBe("ACCEPTED");
    expect(net.getTx(inc)!.status).toBe("ACCEPTED");
    await net.runUntilIdle(); // appeal fails (honest validators agree); the appeal time is not counted
    expect(net.getTx(d)!.appealsFailed).toBe(1);
    expect(net.finalityWindow(d)).toEqual({ windowMs: 24_000, elapsedMs: 29_000 });
    net.advanceTime(0);
    expect(net.getTx(d)!.status).toBe("FINALIZED");
    expect(net.getTx(inc)!.status).toBe("FINALIZED");
    const fin = net.events.filter((e) => e.type === "finalized").map((e) => e.type === "finalized" && e.tx);
    expect(fin).toEqual([d, inc]);
  });
});

describe("Network: appeals", () => {
  it("a failed validator appeal: n + 2 new validators agree, window × 0.8, bond kept", async () => {
    const { net } = makeNet({ validators: 15 });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    net.advanceTime(10_000);
    expect(net.minAppealBond(hash)).toBe(7n * 200n * 10n ** 15n);
    const bond = net.appeal(hash, { by: BOB });
    expect(bond).toBe(1_400_000_000_000_000_000n);
    expect(net.balanceOf(BOB)).toBe(1000n * GEN - bond);
    expect(() => net.appeal(hash, { by: BOB })).toThrow(/already/);
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    const round = tx.rounds[1];
    expect(round.kind).toBe("validator_appeal");
    expect(round.validators).toHaveLength(7);
    expect(round.validators.some((v) => tx.rounds[0].validators.includes(v))).toBe(false);
    expect(round.leaderReceipt).toBe(tx.rounds[0].leaderReceipt);
    expect(round.label).toBe("Validator Appeal Failed");
    expect(tx.status).toBe("ACCEPTED");
    expect(tx.appealsFailed).toBe(1);
    expect(tx.statusHistory.slice(-4)).toEqual(["ACCEPTED", "COMMITTING", "REVEALING", "ACCEPTED"]);
    expect(eventsOf(net, "appeal_decided", hash)[0]).toMatchObject({ successful: false, label: "Validator Appeal Failed", windowMs: 24_000 });
    expect(net.balanceOf(BOB)).toBe(1000n * GEN - bond);
    net.advanceTime(14_000); // elapsed 24 000: not yet
    expect(tx.status).toBe("ACCEPTED");
    net.advanceTime(1);
    expect(tx.status).toBe("FINALIZED");
  });

  it("a successful validator appeal overturns, rolls back a later tx and re-executes both", async () => {
    let bad = "";
    const { net } = makeNet({
      validators: 15,
      executor: {
        leader: (_v, tx, round, honest) => (tx.hash === bad && round === 0 ? tampered(honest, new Map()) : undefined),
        vote: (_v, tx, round) => (tx.hash === bad && round === 0 ? "agree" : undefined),
      },
    });
    const { address } = submitDeploy(net, 1n);
    await net.runUntilIdle();
    bad = net.submit({ kind: "call", from: ALICE, to: address, calldata: call("set", "value", 10n) });
    await net.runUntilIdle();
    expect(net.getTx(bad)!.returnValue).toBe("tampered");
    const later = net.submit({ kind: "call", from: BOB, to: address, calldata: call("inc") });
    await net.runUntilIdle();
    expect(net.getTx(later)!.returnValue).toBe(1n); // "tampered" read as 0
    net.advanceTime(5_000);
    const bobBefore = net.balanceOf(BOB);
    net.appeal(bad, { by: BOB });
    await net.runUntilIdle();
    const tx = net.getTx(bad)!;
    expect(tx.rounds.map((r) => r.kind)).toEqual(["normal", "validator_appeal", "normal"]);
    expect(tx.rounds.map((r) => r.label)).toEqual(["Accepted", "Validator Appeal Successful", "Accepted"]);
    expect(tx.rounds[2].leader).not.toBe(tx.rounds[0].leader);
    expect(tx.rounds[2].validators).toHaveLength(5 + 7 - 1);
    expect(tx.status).toBe("ACCEPTED");
    expect(tx.decidedAt).toBe(5_000);
    expect(tx.returnValue).toBeNull();
    const rolled = eventsOf(net, "tx_rolled_back").map((e) => e.type === "tx_rolled_back" && e.tx);
    expect(rolled).toEqual([bad, later]);
    expect(net.getTx(later)!.statusHistory).toContain("PENDING");
    expect(net.getTx(later)!.returnValue).toBe(11n);
    expect(storedValue(net, address)).toEqual(encode(11n));
    expect(net.balanceOf(BOB)).toBe(bobBefore); // bond refunded
    expect(eventsOf(net, "appeal_decided", bad)[0]).toMatchObject({ successful: true, label: "Validator Appeal Successful" });
    // the re-run must come before the later tx in the lane
    const reaccepted = net.events.findIndex((e) => e.type === "status_changed" && e.tx === bad && e.to === "ACCEPTED" && e.seq > 0 && e.at === 5_000);
    const laterAccepted = net.events.findIndex((e) => e.type === "status_changed" && e.tx === later && e.to === "ACCEPTED" && e.at === 5_000);
    expect(reaccepted).toBeLessThan(laterAccepted);
  });

  it("leader appeal of UNDETERMINED succeeds with current + n + 2 validators", async () => {
    let rounds = 4;
    const { net } = makeNet({ validators: 15, executor: { leader: (_v, _tx, round, honest) => (round < rounds ? tampered(honest) : undefined) } });
    const { hash, address } = submitDeploy(net, 9n);
    await net.runUntilIdle();
    expect(net.getTx(hash)!.status).toBe("UNDETERMINED");
    net.advanceTime(1_000);
    const bond = net.minAppealBond(hash);
    expect(bond).toBe((3n * 100n + 3n * 11n * 200n) * 10n ** 15n);
    const aliceBefore = net.balanceOf(ALICE);
    net.appeal(hash, { by: ALICE });
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    const r = tx.rounds[4];
    expect(r.kind).toBe("leader_appeal");
    expect(r.validators).toHaveLength(5 + 7);
    expect(tx.rounds.slice(0, 4).map((x) => x.leader)).not.toContain(r.leader);
    expect(r.label).toBe("Leader Appeal Successful");
    expect(tx.status).toBe("ACCEPTED");
    expect(tx.decidedAt).toBe(1_000);
    expect(tx.appealsFailed).toBe(0);
    expect(storedValue(net, address)).toEqual(encode(9n));
    expect(net.balanceOf(ALICE)).toBe(aliceBefore);
    expect(eventsOf(net, "appeal_submitted", hash)[0]).toMatchObject({ kind: "leader", bond: bond.toString() });
    expect(eventsOf(net, "appeal_decided", hash)[0]).toMatchObject({ successful: true, label: "Leader Appeal Successful" });
    rounds = 0;
  });

  it("a failed leader appeal keeps UNDETERMINED, counts a failure and keeps the window running", async () => {
    const { net } = makeNet({ validators: 15, executor: { leader: (_v, _tx, _r, honest) => tampered(honest) } });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    net.advanceTime(2_000);
    net.appeal(hash, { by: ALICE });
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    expect(tx.status).toBe("UNDETERMINED");
    expect(tx.rounds.at(-1)!.label).toBe("Leader Appeal Failed");
    expect(tx.appealsFailed).toBe(1);
    expect(tx.decidedAt).toBe(0);
    expect(net.finalityWindow(hash).windowMs).toBe(24_000);
    expect(() => net.appeal(hash, { by: ALICE })).toThrow(/no validators left/);
    net.advanceTime(22_001);
    expect(tx.status).toBe("FINALIZED");
  });

  it("validators-timeout appeal: new validators agree → accepted", async () => {
    const { net } = makeNet({ validators: 15, executor: { vote: (_v, _tx, round) => (round === 0 ? "timeout" : undefined) } });
    const { hash, address } = submitDeploy(net, 4n);
    await net.runUntilIdle();
    expect(net.getTx(hash)!.status).toBe("VALIDATORS_TIMEOUT");
    net.appeal(hash, { by: BOB });
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    expect(tx.status).toBe("ACCEPTED");
    expect(tx.rounds[1].label).toBe("Validator Timeout Appeal Successful");
    expect(storedValue(net, address)).toEqual(encode(4n));
  });

  it("leader-timeout appeal re-runs with one more validator", async () => {
    const { net } = makeNet({
      validators: 15,
      executor: { leader: (_v, _tx, round, honest) => (round === 0 ? { ...honest, outcome: { kind: "vm_error", message: "timeout" } } : undefined) },
    });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    expect(net.getTx(hash)!.status).toBe("LEADER_TIMEOUT");
    net.appeal(hash, { by: BOB });
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    expect(tx.status).toBe("ACCEPTED");
    expect(tx.rounds[1].validators).toHaveLength(6);
    expect(tx.rounds[1].label).toBe("Leader Timeout Appeal Successful");
  });

  it("rejects appeals out of the window, under the minimum bond or without funds", async () => {
    const { net } = makeNet({ validators: 15 });
    const { hash } = submitDeploy(net);
    expect(() => net.appeal(hash, { by: BOB })).toThrow(/PENDING/);
    await net.runUntilIdle();
    expect(() => net.appeal(hash, { by: BOB, bond: 1n })).toThrow(/below the minimum/);
    expect(() => net.appeal(hash, { by: "0x" + "cc".repeat(20) })).toThrow(/insufficient/);
    net.advanceTime(30_001);
    expect(() => net.appeal(hash, { by: BOB })).toThrow(/FINALIZED/);
  });

  it("a validator id may appeal, paying from its own balance", async () => {
    const { net, validators } = makeNet({ validators: 15 });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    net.fund(validators[14].address, 10n * GEN);
    net.appeal(hash, { by: "v15" });
    expect(net.balanceOf(validators[14].address)).toBe(10n * GEN - 14n * 10n ** 17n);
  });
});
