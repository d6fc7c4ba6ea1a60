/** How a validator's own execution becomes its vote (no Python: receipts built by hand). */
import { describe, expect, it } from "vitest";
import type { ExecutionOutcome } from "../runtime/execution-types";
import { DEFAULT_SETTINGS, type Receipt } from "./types";
import { voteOn } from "./validator-executor";

function receipt(outcome: ExecutionOutcome, extra: Partial<Receipt> = {}): Receipt {
  return { validator: "v", role: "validator", outcome, stateRoot: "r", writes: new Map(), nondet: [], effects: [], gasUsed: 1n, llmTokens: 0, stdout: "", durationMs: 5, ...extra };
}

const leader = receipt({ kind: "return", calldata: new Uint8Array([0]), value: null });

describe("voteOn", () => {
  it("agrees with an identical result and state", () => {
    expect(voteOn(receipt({ kind: "return", calldata: new Uint8Array([0]), value: null }), leader, DEFAULT_SETTINGS)[0]).toBe("agree");
  });

  it("a crashed validator worker is a timeout vote with the reason, not a deterministic violation", () => {
    const [vote, reason] = voteOn(receipt({ kind: "vm_error", message: "internal error: validator worker crashed" }), leader, DEFAULT_SETTINGS);
    expect(vote).toBe("timeout");
    expect(reason).toBe("internal error: validator worker crashed");
  });

  it("a different result is a deterministic violation", () => {
    expect(voteOn(receipt({ kind: "return", calldata: new Uint8Array([1]), value: null }), leader, DEFAULT_SETTINGS)).toEqual(["deterministic_violation", "result differs from the leader's"]);
  });
});
