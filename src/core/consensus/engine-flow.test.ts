import { describe, expect, it } from "vitest";
import { encode } from "../calldata";
import { ALICE, BOB, call, eventsOf, GEN, makeNet, storedValue, submitDeploy, tampered } from "./engine-fixtures";
import { makeValidators } from "./fake-executor";

describe("Network: normal flow", () => {
  it("unanimous accept: statuses, events, state, view", async () => {
    const { net } = makeNet();
    const { hash, address } = submitDeploy(net, 5n);
    expect(net.getTx(hash)!.status).toBe("PENDING");
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    expect(tx.statusHistory).toEqual(["PENDING", "PROPOSING", "COMMITTING", "REVEALING", "ACCEPTED"]);
    expect(tx.rounds).toHaveLength(1);
    const r = tx.rounds[0];
    expect(r.validators).toHaveLength(5);
    expect(r.leader).toBe(r.validators[0]);
    expect(r.votes.map((v) => v.vote)).toEqual(["agree", "agree", "agree", "agree", "agree"]);
    expect(r.result).toBe("agree");
    expect(r.label).toBe("Accepted");
    expect(tx.decidedAt).toBe(0);
    expect(storedValue(net, address)).toEqual(encode(5n));
    expect(net.contractState(address)!.finalized).toBeNull();

    // every commitment is emitted before any reveal
    const types = net.events.map((e) => e.type);
    const lastCommit = types.lastIndexOf("vote_committed");
    expect(lastCommit).toBeLessThan(types.indexOf("vote_revealed"));
    expect(eventsOf(net, "vote_committed", hash)).toHaveLength(5);
    expect(eventsOf(net, "state_applied", hash)).toHaveLength(1);

    const inc = net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") });
    await net.runUntilIdle();
    expect(net.getTx(inc)!.returnValue).toBe(6n);
    const view = await net.view(address, call("get"));
    expect(view.outcome.kind === "return" && view.outcome.value).toBe(6n);
    await expect(net.view(address, call("get"), { state: "finalized" })).rejects.toThrow(/no finalized state/);
  });

  it("one disagreeing validator is outvoted", async () => {
    const { net } = makeNet({ executor: { vote: (v, tx, round) => (round === 0 && tx.rounds[0].validators[1] === v.id ? "disagree" : undefined) } });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    expect(tx.status).toBe("ACCEPTED");
    expect(tx.rounds[0].votes.map((v) => v.vote)).toEqual(["agree", "disagree", "agree", "agree", "agree"]);
    const tally = eventsOf(net, "tally", hash)[0];
    expect(tally).toMatchObject({ agree: 4, disagree: 1, result: "agree" });
  });

  it("a malicious leader is rotated out, then the next leader is accepted", async () => {
    const { net } = makeNet({ executor: { leader: (v, tx, round, honest) => (round === 0 ? tampered(honest) : undefined) } });
    const { hash, address } = submitDeploy(net, 1n);
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    expect(tx.status).toBe("ACCEPTED");
    expect(tx.rotations).toBe(1);
    expect(tx.rounds).toHaveLength(2);
    expect(tx.rounds[0].votes.slice(1).every((v) => v.vote === "deterministic_violation")).toBe(true);
    expect(tx.rounds[0].result).toBe("no_majority");
    expect(tx.rounds[0].label).toBe("Leader Rotation");
    expect(tx.rounds[1].kind).toBe("rotation");
    expect(tx.rounds[1].leader).not.toBe(tx.rounds[0].leader);
    expect(tx.rounds[1].validators).not.toContain(tx.rounds[0].leader);
    expect(tx.rounds[1].validators).toHaveLength(5);
    expect(tx.rounds[1].label).toBe("Accepted");
    expect(storedValue(net, address)).toEqual(encode(1n));
    expect(eventsOf(net, "leader_rotated", hash)).toHaveLength(1);
    expect(tx.statusHistory).toEqual(["PENDING", "PROPOSING", "COMMITTING", "REVEALING", "PROPOSING", "COMMITTING", "REVEALING", "ACCEPTED"]);
  });

  it("UNDETERMINED after max rotations (4 different leaders)", async () => {
    const { net } = makeNet({ executor: { leader: (_v, _tx, _r, honest) => tampered(honest) } });
    const { hash, address } = submitDeploy(net);
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    expect(tx.status).toBe("UNDETERMINED");
    expect(tx.rotations).toBe(3);
    expect(tx.rounds).toHaveLength(4);
    expect(new Set(tx.rounds.map((r) => r.leader)).size).toBe(4);
    expect(tx.rounds.map((r) => r.label)).toEqual(["Leader Rotation", "Leader Rotation", "Leader Rotation", "Undetermined"]);
    expect(net.contractState(address)).toBeNull();
    expect(tx.result).toBeNull();
  });

  it("UNDETERMINED early when no unused validator is left to rotate in", async () => {
    const { net } = makeNet({ validators: 6, executor: { vote: () => "disagree" } });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    expect(tx.status).toBe("UNDETERMINED");
    expect(tx.rotations).toBe(1);
    expect(tx.rounds.map((r) => r.result)).toEqual(["disagree", "disagree"]);
  });

  it("leader timeout", async () => {
    const { net } = makeNet();
    const { address } = submitDeploy(net);
    await net.runUntilIdle();
    const h = net.submit({ kind: "call", from: ALICE, to: address, calldata: call("hang") });
    await net.runUntilIdle();
    const tx = net.getTx(h)!;
    expect(tx.status).toBe("LEADER_TIMEOUT");
    expect(tx.statusHistory).toEqual(["PENDING", "PROPOSING", "LEADER_TIMEOUT"]);
    expect(tx.rounds[0].result).toBe("leader_timeout");
    expect(tx.rounds[0].label).toBe("Leader Timeout");
    expect(eventsOf(net, "vote_committed", h)).toHaveLength(0);
  });

  it("a slow leader (duration ≥ execution timeout) is a leader timeout too", async () => {
    const validators = makeValidators(5, { behaviours: { v1: "slow", v2: "slow", v3: "slow", v4: "slow", v5: "slow" } });
    const { net } = makeNet({ validators });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    expect(net.getTx(hash)!.status).toBe("LEADER_TIMEOUT");
  });

  it("validators timeout", async () => {
    const { net } = makeNet({ executor: { vote: () => "timeout" } });
    const { hash, address } = submitDeploy(net);
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    expect(tx.status).toBe("VALIDATORS_TIMEOUT");
    expect(tx.rounds[0].label).toBe("Validators Timeout");
    expect(eventsOf(net, "tally", hash)[0]).toMatchObject({ agree: 1, timeout: 4, result: "timeout" });
    expect(net.contractState(address)).toBeNull();
  });

  it("offline validators vote timeout; honest majority still accepts", async () => {
    const validators = makeValidators(5, { behaviours: { v2: "offline", v4: "offline" } });
    const { net } = makeNet({ validators, executor: { leader: (v, _tx, _r, honest) => (v.behaviour === "offline" ? undefined : honest) } });
    const { hash } = submitDeploy(net);
    await net.runUntilIdle();
    const tx = net.getTx(hash)!;
    if (tx.rounds[0].leader === "v2" || tx.rounds[0].leader === "v4") expect(tx.status).toBe("LEADER_TIMEOUT");
    else {
      expect(tx.status).toBe("ACCEPTED");
      expect(tx.rounds[0].votes.filter((v) => v.vote === "timeout").map((v) => v.validator).sort()).toEqual(["v2", "v4"]);
    }
  });

  it("Strict uses validatorsPerTx, Fast the leader plus fastValidators, leader-only finalizes at once", async () => {
    const { net } = makeNet({ settings: { fastValidators: 2 } });
    const strict = submitDeploy(net);
    const fast = net.submit({ kind: "deploy", from: ALICE, code: "kv", mode: "fast" });
    await net.runUntilIdle();
    expect(net.getTx(strict.hash)!.rounds[0].validators).toHaveLength(5);
    expect(net.getTx(fast)!.rounds[0].validators).toHaveLength(3);
    expect(net.getTx(fast)!.mode).toBe("fast");
    expect(net.getTx(fast)!.status).toBe("ACCEPTED");

    const { net: net2 } = makeNet({ settings: { fastValidators: 0 } });
    const only = net2.submit({ kind: "deploy", from: ALICE, code: "kv", mode: "fast" });
    await net2.runUntilIdle();
    const tx = net2.getTx(only)!;
    expect(tx.rounds[0].validators).toHaveLength(1);
    expect(tx.rounds[0].votes).toHaveLength(1);
    expect(tx.status).toBe("FINALIZED");
    expect(() => net2.appeal(only, { by: ALICE })).toThrow(/cannot appeal/);
  });

  it("transfers apply and finalize immediately; nonces count", async () => {
    const { net } = makeNet();
    const h = net.submit({ kind: "transfer", from: ALICE, to: BOB, value: 5n * GEN });
    const tx = net.getTx(h)!;
    expect(tx.status).toBe("FINALIZED");
    expect(net.balanceOf(BOB)).toBe(1005n * GEN);
    expect(net.balanceOf(ALICE)).toBe(995n * GEN);
    expect(net.accountState(ALICE).nonce).toBe(1n);
    expect(eventsOf(net, "transfer", h)).toHaveLength(1);
    expect(() => net.submit({ kind: "transfer", from: BOB, to: ALICE, value: 10_000n * GEN })).toThrow(/insufficient/);
    expect(await net.step()).toBeNull();
  });

  it("call value is held until acceptance, credited to the contract, refunded if not accepted", async () => {
    const { net } = makeNet();
    const { address } = submitDeploy(net);
    await net.runUntilIdle();
    const pay = net.submit({ kind: "call", from: ALICE, to: address, calldata: call("balance"), value: 3n * GEN });
    expect(net.balanceOf(ALICE)).toBe(997n * GEN);
    expect(net.balanceOf(address)).toBe(0n);
    await net.runUntilIdle();
    expect(net.getTx(pay)!.returnValue).toBe(3n * GEN); // the execution saw the value in its balance
    expect(net.balanceOf(address)).toBe(3n * GEN);
    const bad = net.submit({ kind: "call", from: ALICE, to: address, calldata: call("fail", "no"), value: GEN });
    await net.runUntilIdle();
    expect(net.getTx(bad)!.status).toBe("ACCEPTED");
    expect(net.getTx(bad)!.result).toMatchObject({ kind: "user_error", message: "no" });
    expect(net.balanceOf(address)).toBe(3n * GEN);
    net.advanceTime(30_001);
    expect(net.getTx(bad)!.status).toBe("FINALIZED");
    expect(net.balanceOf(ALICE)).toBe(997n * GEN);
  });

  it("a call to an address without a contract is canceled", async () => {
    const { net } = makeNet();
    const h = net.submit({ kind: "call", from: ALICE, to: BOB, calldata: call("inc"), value: GEN });
    await net.runUntilIdle();
    expect(net.getTx(h)!.status).toBe("CANCELED");
    expect(net.balanceOf(ALICE)).toBe(1000n * GEN);
  });

  it("one transaction per contract at a time, oldest first; other contracts interleave", async () => {
    const { net } = makeNet();
    const a = submitDeploy(net);
    const b = submitDeploy(net);
    const a1 = net.submit({ kind: "call", from: ALICE, to: a.address, calldata: call("inc") });
    const a2 = net.submit({ kind: "call", from: BOB, to: a.address, calldata: call("inc") });
    const starts: string[] = [];
    net.subscribe((e) => {
      if (e.type === "status_changed" && e.from === "PENDING") starts.push(e.tx);
    });
    const active = new Map<string, string>();
    net.subscribe((e) => {
      if (e.type !== "status_changed") return;
      const lane = net.getTx(e.tx)!.to.toHex();
      if (e.from === "PENDING") {
        expect(active.get(lane)).toBeUndefined();
        active.set(lane, e.tx);
      }
      if (["ACCEPTED", "UNDETERMINED", "LEADER_TIMEOUT", "VALIDATORS_TIMEOUT"].includes(e.to)) active.delete(lane);
    });
    await net.runUntilIdle();
    expect(starts).toEqual([a.hash, b.hash, a1, a2]);
    expect(net.getTx(a2)!.returnValue).toBe(2n);
  });

  it("selection follows current stake: zero stake never, a dominant stake nearly always", async () => {
    const stakes = [0n, 10_000n * GEN, ...Array(8).fill(GEN)];
    const { net } = makeNet({ validators: makeValidators(10, { stakes }) });
    const hashes = Array.from({ length: 20 }, () => submitDeploy(net).hash);
    await net.runUntilIdle();
    const sets = hashes.map((h) => net.getTx(h)!.rounds[0].validators);
    expect(sets.some((s) => s.includes("v1"))).toBe(false);
    expect(sets.every((s) => s.includes("v2"))).toBe(true);
    expect(new Set(sets.map((s) => s[0])).size).toBeGreaterThan(1); // the leader is shuffled, not the biggest stake
  });

  it("cancel a pending transaction", async () => {
    const { net } = makeNet();
    const { hash } = submitDeploy(net);
    net.cancel(hash);
    expect(net.getTx(hash)!.status).toBe("CANCELED");
    expect(await net.runUntilIdle()).toBe(0);
  });
});
