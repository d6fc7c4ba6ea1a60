import { describe, expect, it } from "vitest";
import type { NetworkEvent } from "./events";
import { ALICE, BOB, call, makeNet, submitDeploy, tampered } from "./engine-fixtures";
import type { Network, PhaseInfo } from "./engine";

describe("Network: stepping", () => {
  it("step() runs exactly one phase and reports it", async () => {
    const { net } = makeNet({ settings: { finalityWindowMs: 0 } });
    const { hash } = submitDeploy(net);
    expect(net.peek()).toMatchObject({ tx: hash, phase: "select", status: "PENDING", round: -1 });
    const steps = [];
    for (let s = await net.step(); s; s = await net.step()) steps.push([s.phase, s.status, s.to]);
    expect(steps).toEqual([
      ["select", "PENDING", "PROPOSING"],
      ["lead", "PROPOSING", "COMMITTING"],
      ["commit", "COMMITTING", "REVEALING"],
      ["reveal", "REVEALING", "ACCEPTED"],
      ["finalize", "ACCEPTED", "FINALIZED"],
    ]);
    expect(await net.step()).toBeNull();
  });

  it("onBeforePhase can hold a phase until the caller continues", async () => {
    const { net } = makeNet();
    submitDeploy(net);
    const seen: PhaseInfo[] = [];
    let release: () => void = () => {};
    const off = net.onBeforePhase((info) => {
      seen.push(info);
      return new Promise<void>((r) => (release = r));
    });
    const before = net.events.length;
    const pending = net.step();
    await new Promise((r) => setTimeout(r, 10));
    expect(seen.map((s) => s.phase)).toEqual(["select"]);
    expect(net.events.length).toBe(before); // paused before the phase
    release();
    expect(await pending).toMatchObject({ phase: "select", to: "PROPOSING" });
    off();
    await net.runUntilIdle();
    expect(seen).toHaveLength(1);
  });

  it("a step whose action changed while paused picks again", async () => {
    const { net } = makeNet();
    const { hash } = submitDeploy(net);
    let first = true;
    net.onBeforePhase(() => {
      if (first) {
        first = false;
        net.cancel(hash);
      }
    });
    expect(await net.step()).toBeNull();
    expect(net.getTx(hash)!.status).toBe("CANCELED");
  });

  it("concurrent step() calls run one after the other", async () => {
    const { net } = makeNet();
    submitDeploy(net);
    const results = await Promise.all([net.step(), net.step(), net.step(), net.step()]);
    expect(results.map((r) => r?.phase)).toEqual(["select", "lead", "commit", "reveal"]);
  });
});

async function scenario(seed: string): Promise<Network> {
  let bad = "";
  const { net } = makeNet({
    seed,
    validators: 15,
    executor: {
      leader: (_v, tx, round, honest) => (tx.hash === bad && round === 0 ? tampered(honest) : undefined),
      vote: (v, tx, round) => (tx.hash === bad && round === 0 ? "agree" : v.id === "v3" ? "disagree" : undefined),
    },
  });
  const a = submitDeploy(net, 1n);
  const b = submitDeploy(net, 2n, BOB);
  await net.runUntilIdle();
  bad = net.submit({ kind: "call", from: ALICE, to: a.address, calldata: call("emit", b.address, "inc", "accepted") });
  net.submit({ kind: "call", from: BOB, to: a.address, calldata: call("inc"), mode: "fast" });
  await net.runUntilIdle();
  net.advanceTime(1_000);
  net.appeal(bad, { by: BOB });
  await net.runUntilIdle();
  net.advanceTime(31_000);
  await net.runUntilIdle();
  net.advanceTime(31_000);
  return net;
}

function fingerprint(net: Network) {
  return {
    events: JSON.stringify(net.events, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    hashes: net.transactions().map((t) => t.hash),
    roots: net.transactions().map((t) => (net.contractState(t.to) ? net.contractState(t.to)!.acceptedRoot : null)),
    validators: JSON.stringify(net.validatorsState(), (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
  };
}

describe("Network: determinism", () => {
  it("the same seed gives identical events, hashes, state roots and validator state", async () => {
    const one = fingerprint(await scenario("seed-A"));
    const two = fingerprint(await scenario("seed-A"));
    expect(two).toEqual(one);
    expect(one.events.length).toBeGreaterThan(1000);
  });

  it("another seed selects differently but hashes the same transactions", async () => {
    const a = await scenario("seed-A");
    const b = await scenario("seed-B");
    const sel = (n: Network) => n.events.filter((e): e is Extract<NetworkEvent, { type: "validators_selected" }> => e.type === "validators_selected").map((e) => e.validators.join());
    expect(sel(a)).not.toEqual(sel(b));
    expect(a.transactions()[0].hash).toBe(b.transactions()[0].hash);
  });

  it("snapshot/restore steps back and replays identically", async () => {
    const { net } = makeNet({ validators: 12 });
    const { address } = submitDeploy(net);
    await net.runUntilIdle();
    const snap = net.snapshot();
    const seqBefore = net.events.length;
    net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") });
    await net.runUntilIdle();
    net.advanceTime(40_000);
    const after = fingerprint(net);
    const balance = net.balanceOf(ALICE);

    net.restore(snap);
    expect(net.events.length).toBe(seqBefore);
    expect(net.transactions()).toHaveLength(1);
    expect(net.contractState(address)!.finalized).toBeNull();
    expect(net.now()).toBe(0);
    net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") });
    await net.runUntilIdle();
    net.advanceTime(40_000);
    expect(fingerprint(net)).toEqual(after);
    expect(net.balanceOf(ALICE)).toBe(balance);
    // the snapshot is reusable
    net.restore(snap);
    expect(net.transactions()).toHaveLength(1);
  });

  it("events use only the virtual clock", async () => {
    const net = await scenario("seed-C");
    const ats = net.events.map((e) => e.at);
    expect(Math.max(...ats)).toBe(net.now());
    expect(net.events.every((e, i) => e.seq === i)).toBe(true);
  });
});
