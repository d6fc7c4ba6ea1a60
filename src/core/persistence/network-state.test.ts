import { describe, expect, it } from "vitest";
import { Address } from "../calldata";
import type { Network, ValidatorExecutor } from "../consensus";
import { ALICE, BOB, GEN, call, makeNet, submitDeploy } from "../consensus/engine-fixtures";
import { FakeExecutor, slotOf } from "../consensus/fake-executor";
import {
  captureNetwork,
  deserializeNetwork,
  deserializeNetworkSnapshot,
  restoreNetwork,
  serializeNetwork,
  serializeNetworkSnapshot,
} from "./network-state";
import { stringifyTagged } from "./tagged-json";

expect.addEqualityTesters([
  (a, b) => (a instanceof Address && b instanceof Address ? a.equals(b) : undefined),
]);

/** Save → JSON text → load → a fresh network over a fresh fake executor. */
function reload(net: Network) {
  const text = JSON.stringify(serializeNetwork(captureNetwork(net)));
  const saved = deserializeNetwork(JSON.parse(text));
  return restoreNetwork(saved, new FakeExecutor({ executionTimeoutMs: net.settings.executionTimeoutMs }));
}

/** Everything observable about a network, as one string. */
function fingerprint(net: Network): string {
  return stringifyTagged({
    events: net.events,
    txs: net.transactions(),
    validators: net.validatorsState(),
    accounts: [ALICE, BOB].map((a) => net.accountState(a)),
    contracts: net.transactions().filter((t) => t.kind === "deploy").map((t) => net.contractState(t.to)),
    clock: net.now(),
    peek: net.peek(),
  }, { shareRefs: false });
}

describe("network state round trip", () => {
  it("serialises Network.snapshot() exactly (bigint, bytes, Address, Maps, shared receipts)", async () => {
    const { net } = makeNet({ seed: "persist-1" });
    const { hash } = submitDeploy(net, 41n);
    await net.runUntilIdle();
    const snap = net.snapshot();
    const json = JSON.parse(JSON.stringify(serializeNetworkSnapshot(snap)));
    const back = deserializeNetworkSnapshot(json);
    expect(back).toEqual(snap);
    // Receipt identity survives: the accepted receipt is the last round's leader receipt.
    const work = new Map(back.work).get(hash)!;
    const tx = new Map(back.txs).get(hash)!;
    expect(work.finalReceipt).not.toBeNull();
    expect(work.finalReceipt).toBe(tx.rounds[tx.rounds.length - 1].leaderReceipt);
    const rec = back.chain.contracts[0][1];
    expect(rec.address).toBeInstanceOf(Address);
    expect(rec.accepted.get(slotOf("value"))).toBeInstanceOf(Uint8Array);
    expect(typeof tx.value).toBe("bigint");
  });

  it("a restored network behaves like the original (finality, rewards, further calls)", async () => {
    const { net } = makeNet({ seed: "persist-2" });
    const { address } = submitDeploy(net, 1n);
    await net.runUntilIdle(); // accepted, window open
    const { network: twin, interrupted } = reload(net);
    expect(interrupted).toEqual([]);
    expect(fingerprint(twin)).toBe(fingerprint(net));
    for (const n of [net, twin]) {
      n.advanceTime(30_000); // finalize: rewards depend on receipt identity
      n.submit({ kind: "call", from: BOB, to: address, calldata: call("inc") });
      n.submit({ kind: "transfer", from: ALICE, to: BOB, value: 3n * GEN });
      await n.runUntilIdle();
      n.advanceTime(30_000);
    }
    expect(fingerprint(twin)).toBe(fingerprint(net));
    expect(twin.contractState(address)!.finalizedRoot).toBe(net.contractState(address)!.finalizedRoot);
    expect(twin.validatorsState().some((v) => v.rewarded > 0n)).toBe(true);
  });

  it("a transaction saved mid-consensus resumes at its phase", async () => {
    const { net } = makeNet({ seed: "persist-3" });
    const { address } = submitDeploy(net, 5n);
    await net.runUntilIdle();
    net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") });
    await net.step(); // select → PROPOSING
    await net.step(); // lead → COMMITTING
    const { network: twin, interrupted } = reload(net);
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0]).toMatchObject({ status: "COMMITTING", phase: "commit", round: 0, executionsLost: false });
    expect(interrupted[0].message).toMatch(/resumes at COMMITTING/);
    await net.runUntilIdle();
    await twin.runUntilIdle();
    expect(fingerprint(twin)).toBe(fingerprint(net));
  });

  it("a save while validators execute drops the half phase; it runs again on load", async () => {
    const inner = new FakeExecutor({ executionTimeoutMs: 600_000 });
    let open: () => void = () => {};
    const gate = new Promise<void>((r) => (open = r));
    const gated: ValidatorExecutor = {
      lead: async (...a) => (await gate, inner.lead(...a)),
      validate: (...a) => inner.validate(...a),
      view: (...a) => inner.view(...a),
    };
    const { net: ref } = makeNet({ seed: "persist-4" });
    const { net } = makeNet({ seed: "persist-4" });
    (net as unknown as { executor: ValidatorExecutor }).executor = gated;
    for (const n of [ref, net]) submitDeploy(n, 9n);
    await ref.runUntilIdle();
    await net.step(); // select
    const leading = net.step(); // lead: waits in the executor
    await new Promise((r) => setTimeout(r, 5));
    expect(net.events[net.events.length - 1].type).toBe("execution_started");
    const { network: twin, interrupted } = reload(net);
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0]).toMatchObject({ status: "PROPOSING", phase: "lead", executionsLost: true });
    expect(interrupted[0].message).toMatch(/interrupted while PROPOSING; its lead phase will run again/);
    open();
    await leading;
    await twin.runUntilIdle();
    expect(fingerprint(twin)).toBe(fingerprint(ref));
  });

  it("a transaction in a validator appeal survives a reload (pre-state, appeal rounds, window)", async () => {
    const { net } = makeNet({ validators: 15, seed: "persist-appeal" });
    const { hash, address } = submitDeploy(net, 2n);
    await net.runUntilIdle();
    net.submit({ kind: "call", from: BOB, to: address, calldata: call("inc") });
    await net.runUntilIdle();
    net.advanceTime(10_000);
    net.appeal(hash, { by: BOB });
    await net.step(); // the appeal round is selected
    const { network: twin, interrupted } = reload(net);
    expect(interrupted.map((i) => i.hash)).toEqual([hash]);
    for (const n of [net, twin]) {
      await n.runUntilIdle();
      n.advanceTime(60_000);
      await n.runUntilIdle();
    }
    expect(net.getTx(hash)!.rounds.map((r) => r.kind)).toContain("validator_appeal");
    expect(fingerprint(twin)).toBe(fingerprint(net));
  });

  it("refuses a corrupted snapshot with one line", () => {
    const { net } = makeNet();
    const good = serializeNetwork(captureNetwork(net));
    expect(() => deserializeNetwork({ ...good, encoding: "x" })).toThrow("unknown network encoding");
    expect(() => deserializeNetwork({ ...good, snapshot: { $big: "1.5" } })).toThrow(/bad \$big/);
    expect(() => deserializeNetwork({ ...good, snapshot: {} })).toThrow("not a network snapshot");
    expect(() => deserializeNetwork({ ...good, events: [] })).toThrow(/event log has 0 events/);
  });
});
