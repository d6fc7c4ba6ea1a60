import { bytesToHex } from "@noble/curves/utils.js";
import { describe, expect, it } from "vitest";
import { ConfidentialCryptoError, lengthPrefixed, u32be, u64be, utf8 } from "./group.js";
import {
  type ConfidentialTxContext, checkThreshold, committeeIdFor, confidentialLabel, defaultThreshold, transactionLabel,
} from "./label.js";

const ctx: ConfidentialTxContext = {
  chainId: 61999n,
  committeeId: new Uint8Array(32).fill(0xcc),
  keyGeneration: 3,
  contract: new Uint8Array(20).fill(0x11),
  method: "bid",
  sender: new Uint8Array(20).fill(0x22),
  senderNonce: 9n,
  confidentialArgCount: 1,
};

describe("confidential labels", () => {
  it("the transaction label is the length-prefixed field list in the documented order", () => {
    const label = transactionLabel(ctx);
    const hex = bytesToHex(label);
    expect(hex.startsWith("0000000c" + bytesToHex(utf8("GL-CIC-v1/tx")) + "00000008" + "000000000000f22f")).toBe(true);
    expect(label).toEqual(
      lengthPrefixed(utf8("GL-CIC-v1/tx"), u64be(61999n), ctx.committeeId, u64be(3), ctx.contract, utf8("bid"), ctx.sender, u64be(9n), u32be(1)),
    );
    expect(label.length).toBe(9 * 4 + 12 + 8 + 32 + 8 + 20 + 3 + 20 + 8 + 4);
  });

  it("the argument label appends the argument index and the ABI type hint", () => {
    const label = confidentialLabel(ctx, { argIndex: 2, typeHint: "u256" });
    expect(label).toEqual(lengthPrefixed(transactionLabel(ctx), u32be(2), utf8("u256")));
    expect(label).not.toEqual(confidentialLabel(ctx, { argIndex: 2, typeHint: "bytes" }));
    expect(label).not.toEqual(confidentialLabel(ctx, { argIndex: 3, typeHint: "u256" }));
  });

  it("every field changes the label", () => {
    const base = bytesToHex(transactionLabel(ctx));
    const changes: Partial<ConfidentialTxContext>[] = [
      { chainId: 1n }, { committeeId: new Uint8Array(32) }, { keyGeneration: 4 }, { contract: new Uint8Array(20) },
      { method: "bid2" }, { sender: new Uint8Array(20) }, { senderNonce: 10n }, { confidentialArgCount: 2 },
    ];
    const labels = changes.map((change) => bytesToHex(transactionLabel({ ...ctx, ...change })));
    expect(new Set([base, ...labels]).size).toBe(changes.length + 1);
  });

  it("malformed contexts are refused with one clear line", () => {
    expect(() => transactionLabel({ ...ctx, contract: new Uint8Array(19) })).toThrow("contract address must be 20 bytes");
    expect(() => transactionLabel({ ...ctx, committeeId: new Uint8Array(31) })).toThrow(ConfidentialCryptoError);
    expect(() => transactionLabel({ ...ctx, method: "" })).toThrow("method name is empty");
    expect(() => confidentialLabel(ctx, { argIndex: 0, typeHint: "" })).toThrow("argument type hint is empty");
  });
});

describe("committee id and thresholds", () => {
  it("committee id does not depend on key order but on chain, epoch and membership", () => {
    const keys = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2), new Uint8Array(32).fill(3)];
    const id = committeeIdFor(1n, 5n, keys);
    expect(id).toEqual(committeeIdFor(1n, 5n, [...keys].reverse()));
    expect(id).not.toEqual(committeeIdFor(2n, 5n, keys));
    expect(id).not.toEqual(committeeIdFor(1n, 6n, keys));
    expect(id).not.toEqual(committeeIdFor(1n, 5n, keys.slice(1)));
    expect(id).toHaveLength(32);
  });

  it("default threshold is ⌈2n/3⌉ and thresholds outside 1..n are refused", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(defaultThreshold)).toEqual([1, 2, 2, 3, 4, 4, 5, 7]);
    expect(() => checkThreshold(0, 3)).toThrow("threshold 0 is invalid for a committee of 3");
    expect(() => checkThreshold(4, 3)).toThrow(ConfidentialCryptoError);
    expect(() => checkThreshold(3, 3)).not.toThrow();
  });
});
