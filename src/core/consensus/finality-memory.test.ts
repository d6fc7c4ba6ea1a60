import { describe, expect, it } from "vitest";
import { ALICE, BOB, call, makeNet, storedValue, submitDeploy } from "./engine-fixtures";
import { encode } from "../calldata";

describe("Network: what a finalized transaction keeps", () => {
  it("drops its copies of the contract's state once final, and keeps them while an appeal could still roll it back", async () => {
    const { net } = makeNet({ validators: 15 });
    const { hash: deploy, address } = submitDeploy(net, 1n);
    await net.runUntilIdle();
    const calls = [1, 2, 3].map(() => net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") }));
    await net.runUntilIdle();
    // Decided, inside the window: the state before each transaction is kept for rollbacks.
    for (const h of [deploy, ...calls]) expect(net.work(h).preState).not.toBeNull();
    expect(net.work(calls[2]).postStorage).not.toBeNull();

    net.advanceTime(30_001);
    for (const h of [deploy, ...calls]) {
      expect(net.getTx(h)!.status).toBe("FINALIZED");
      expect(net.work(h).preState).toBeNull();
      expect(net.work(h).postStorage).toBeNull();
    }
    expect(storedValue(net, address, "finalized")).toEqual(encode(4n));

    // A later transaction on the same contract can still be appealed and finalized.
    const later = net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") });
    await net.runUntilIdle();
    expect(storedValue(net, address)).toEqual(encode(5n));
    expect(net.appealBlocker(later)).toBeNull();
    net.appeal(later, { by: BOB });
    await net.runUntilIdle();
    net.advanceTime(30_001);
    expect(net.getTx(later)!.status).toBe("FINALIZED");
    expect(storedValue(net, address, "finalized")).toEqual(encode(5n));
    expect(net.work(later).preState).toBeNull();
  });
});
