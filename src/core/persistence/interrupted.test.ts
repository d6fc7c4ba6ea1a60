import { describe, expect, it } from "vitest";
import type { ValidatorExecutor } from "../consensus";
import { ALICE, BOB, call, makeNet, submitDeploy } from "../consensus/engine-fixtures";
import { FakeExecutor } from "../consensus/fake-executor";
import { interruptedLine, interruptedWork, pruneInterrupted } from "./interrupted";
import { captureNetwork, deserializeNetwork, restoreNetwork, serializeNetwork } from "./network-state";

/** What a page reload reads back: the network saved as JSON text and parsed again. */
function saveAndRead(net: Parameters<typeof captureNetwork>[0]) {
  return deserializeNetwork(JSON.parse(JSON.stringify(serializeNetwork(captureNetwork(net)))));
}

describe("interruptedWork", () => {
  it("lists a transaction submitted but not yet selected (auto mode stops there too)", async () => {
    const { net } = makeNet({ seed: "int-1" });
    const { hash } = submitDeploy(net, 1n);
    const set = interruptedWork(saveAndRead(net));
    expect(set.work).toEqual([{ hash, status: "PENDING", phase: "select", round: 0, executionsLost: false, appeal: false }]);
    expect(interruptedLine(set.work[0], "storage")).toBe(
      "storage stopped at PENDING when the page reloaded (next: validator selection); it continues when you resume.",
    );
  });

  it("marks a phase whose executions were running as lost, and nothing once a transaction is decided", async () => {
    const inner = new FakeExecutor({ executionTimeoutMs: 600_000 });
    let open: () => void = () => {};
    const gate = new Promise<void>((r) => (open = r));
    const { net } = makeNet({ seed: "int-2" });
    (net as unknown as { executor: ValidatorExecutor }).executor = {
      lead: async (...a) => (await gate, inner.lead(...a)),
      validate: (...a) => inner.validate(...a),
      view: (...a) => inner.view(...a),
    };
    const { hash } = submitDeploy(net, 2n);
    await net.step(); // select
    const leading = net.step(); // the leader waits in the executor
    await new Promise((r) => setTimeout(r, 5));
    const saved = saveAndRead(net);
    const set = interruptedWork(saved);
    expect(set.work).toEqual([{ hash, status: "PROPOSING", phase: "lead", round: 0, executionsLost: true, appeal: false }]);
    expect(set.restoredEvents).toBe(saved.snapshot.eventCount);
    expect(interruptedLine(set.work[0], "storage")).toBe(
      "storage was interrupted by a reload during the leader's execution (PROPOSING); that phase runs again when you resume.",
    );
    open();
    await leading;
    await net.runUntilIdle();
    expect(interruptedWork(saveAndRead(net)).work).toEqual([]); // ACCEPTED, waiting in the finality window
  });

  it("lists an appeal waiting to run", async () => {
    const { net } = makeNet({ validators: 15, seed: "int-3" });
    const { hash } = submitDeploy(net, 2n);
    await net.runUntilIdle();
    net.appeal(hash, { by: BOB });
    const [w] = interruptedWork(saveAndRead(net)).work;
    expect(w).toMatchObject({ hash, status: "ACCEPTED", phase: "appeal", executionsLost: false, appeal: true });
    expect(interruptedLine(w, "storage")).toBe("storage stopped at ACCEPTED when the page reloaded (next: the appeal); it continues when you resume.");
    await net.step(); // the appeal round is selected: its validators vote next
    const [voting] = interruptedWork(saveAndRead(net)).work;
    expect(voting).toMatchObject({ status: "COMMITTING", phase: "commit", appeal: true });
    expect(interruptedLine(voting, "storage")).toBe(
      "storage stopped at COMMITTING when the page reloaded (next: validator voting (commit) of its appeal); it continues when you resume.",
    );
  });
});

describe("pruneInterrupted", () => {
  it("keeps an entry until its transaction moves, and drops it when the network is reset", async () => {
    const { net } = makeNet({ seed: "int-4" });
    const { address } = submitDeploy(net, 3n);
    await net.runUntilIdle();
    const callHash = net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") });
    await net.step();
    await net.step(); // COMMITTING
    const saved = saveAndRead(net);
    const set = interruptedWork(saved);
    expect(set.work.map((w) => [w.hash, w.status, w.phase])).toEqual([[callHash, "COMMITTING", "commit"]]);

    const { network: twin } = restoreNetwork(saved, new FakeExecutor());
    const live = () => ({ transactions: twin.transactions(), events: twin.events });
    expect(pruneInterrupted(set, live())).toBe(set); // untouched after the restore
    twin.fund(BOB, 1n); // unrelated activity keeps the mark
    expect(pruneInterrupted(set, live()).work).toHaveLength(1);
    await twin.step(); // the call resumes
    expect(pruneInterrupted(set, live()).work).toEqual([]);

    // A fresh network (reset): fewer events than were restored, the mark goes.
    const fresh = makeNet({ seed: "int-4" }).net;
    expect(pruneInterrupted(set, { transactions: fresh.transactions(), events: fresh.events }).work).toEqual([]);
  });
});
