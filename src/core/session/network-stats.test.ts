import { describe, expect, it } from "vitest";
import type { Transaction } from "../consensus/types";
import { networkStats } from "./network-stats";

const receipt = (validator: string, durationMs: number) => ({ validator, durationMs }) as never;
const tx = (status: string, rounds: [number, number[]][]): Transaction =>
  ({
    status,
    rounds: rounds.map(([leader, validators], i) => ({ leaderReceipt: receipt(`v${i + 1}`, leader), validatorReceipts: validators.map((d, j) => receipt(`v${j + 2}`, d)) })),
  }) as unknown as Transaction;

describe("network stats", () => {
  it("execution time per transaction is the leader plus the slowest validator, per round", () => {
    const s = networkStats([tx("FINALIZED", [[4, [3, 6]]]), tx("ACCEPTED", [[10, [20, 5]], [2, [1]]]), tx("PENDING", [])]);
    expect(s.transactions).toBe(3);
    expect(s.finalized).toBe(1);
    // 4 + 6 = 10; (10 + 20) + (2 + 1) = 33.
    expect(s.p50).toBe(33);
    expect(s.histogram.find((b) => b.label === "10–25")!.count).toBe(1);
    expect(s.histogram.find((b) => b.label === "25–50")!.count).toBe(1);
    expect(s.throughput).toBeCloseTo(1000 / 21.5);
    expect(s.validators.map((v) => [v.id, v.executions])).toEqual([["v1", 2], ["v2", 4], ["v3", 2]]);
  });

  it("no transactions: nothing to show", () => {
    const s = networkStats([]);
    expect(s).toMatchObject({ transactions: 0, p50: null, throughput: null });
  });
});
