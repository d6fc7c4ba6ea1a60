import { keccak_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { Address, bytesToHex } from "../calldata";
import { ChainState, contractAddress, InsufficientBalanceError, saltedContractAddress, txHash, u256Bytes } from ".";

const A = Address.fromHex("0x" + "11".repeat(20));
const B = Address.fromHex("0x" + "22".repeat(20));

describe("addresses and hashes", () => {
  it("contract addresses are the last 20 bytes of keccak(sender ‖ nonce)", () => {
    const expected = keccak_256(new Uint8Array([...A.toBytes(), ...u256Bytes(3n)])).slice(12);
    expect(contractAddress(A, 3n).toBytes()).toEqual(expected);
    expect(contractAddress(A, 3n).equals(contractAddress(A, 4n))).toBe(false);
  });

  it("salted addresses match the SDK's create2_address", () => {
    const pre = new Uint8Array([1, ...A.toBytes(), ...u256Bytes(42n), ...u256Bytes(61127n)]);
    expect(bytesToHex(saltedContractAddress(A, 42n, 61127n).toBytes())).toBe(bytesToHex(keccak_256(pre).slice(0, 20)));
  });

  it("tx hashes are deterministic and cover every field", () => {
    const base = { kind: "call" as const, from: A, to: B, value: 1n, nonce: 0n, calldata: new Uint8Array([1]), parent: null };
    const h = txHash(base);
    expect(h).toMatch(/^0x[0-9a-f]{64}$/);
    expect(txHash({ ...base })).toBe(h);
    for (const change of [{ value: 2n }, { nonce: 1n }, { to: A }, { calldata: new Uint8Array([2]) }, { parent: "0x01" }, { kind: "deploy" as const }, { code: "x" }])
      expect(txHash({ ...base, ...change })).not.toBe(h);
  });

  it("u256 bounds", () => {
    expect(() => u256Bytes(-1n)).toThrow();
    expect(() => u256Bytes(1n << 256n)).toThrow();
  });
});

describe("ChainState", () => {
  it("accounts: fund, transfer, debit errors, nonces", () => {
    const c = new ChainState();
    c.fund(A, 10n);
    c.transfer(A, B, 4n);
    expect(c.balanceOf(A)).toBe(6n);
    expect(c.balanceOf(B)).toBe(4n);
    expect(() => c.debit(B, 5n)).toThrow(InsufficientBalanceError);
    expect(c.useNonce(A)).toBe(0n);
    expect(c.useNonce(A)).toBe(1n);
    expect(c.nonceOf(A)).toBe(2n);
    expect(c.nonceOf(B)).toBe(0n);
  });

  it("contracts: accepted vs finalized storage through the ChainReader", () => {
    const c = new ChainState();
    c.fund(B, 7n);
    c.registerContract(B, "code", new Map([["aa", new Uint8Array([1])]]), "0xdeploy");
    const r = c.reader();
    expect(r.getContract(B, "latest_nonfinal")).toMatchObject({ code: "code", balance: 7n });
    expect(r.getContract(B, "latest_final")).toBeNull();
    c.setFinalized(B, new Map([["aa", new Uint8Array([1])]]));
    c.setAccepted(B, new Map([["aa", new Uint8Array([2])]]));
    expect(r.getContract(B, "latest_final")!.storage.get("aa")).toEqual(new Uint8Array([1]));
    expect(r.getContract(B, "latest_nonfinal")!.storage.get("aa")).toEqual(new Uint8Array([2]));
    expect(r.getContract(A, "latest_nonfinal")).toBeNull();
    expect(r.getBalance(B)).toBe(7n);
    expect(c.stateRoot(B, "accepted")).not.toBe(c.stateRoot(B, "finalized"));
  });

  it("snapshot/restore are structural copies", () => {
    const c = new ChainState([{ id: "v1", address: A, stake: 100n }]);
    c.fund(A, 5n);
    c.registerContract(B, "code", new Map([["aa", new Uint8Array([1])]]), "0x1");
    const snap = c.snapshot();
    c.fund(A, 5n);
    c.setAccepted(B, new Map());
    c.validator("v1").stake = 1n;
    c.contract(B)!.accepted.set("bb", new Uint8Array([9]));
    expect(snap.accounts[0][1].balance).toBe(5n);
    c.restore(snap);
    expect(c.balanceOf(A)).toBe(5n);
    expect(c.contract(B)!.accepted.get("aa")).toEqual(new Uint8Array([1]));
    expect(c.validator("v1").stake).toBe(100n);
    c.setAccepted(B, new Map());
    c.restore(snap); // still intact after a second use
    expect(c.contract(B)!.accepted.size).toBe(1);
  });

  it("copyContract / restoreContract (appeal rollbacks)", () => {
    const c = new ChainState();
    expect(c.copyContract(B)).toBeNull();
    c.registerContract(B, "code", new Map(), "0x1");
    const before = c.copyContract(B);
    c.setAccepted(B, new Map([["aa", new Uint8Array([3])]]));
    c.restoreContract(B, before);
    expect(c.contract(B)!.accepted.size).toBe(0);
    c.restoreContract(B, null);
    expect(c.contract(B)).toBeUndefined();
  });
});
