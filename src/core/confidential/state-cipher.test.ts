import { describe, expect, it } from "vitest";
import { gcm, gcmsiv } from "@noble/ciphers/aes.js";
import { extract, hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { ContractStateCipher, encryptedStateRoot, StateCipherError, type EncryptedSlot, type StateKeyInput } from "./state-cipher.js";

const fromHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const utf8 = (s: string) => new TextEncoder().encode(s);

const CONTRACT_A = "0x" + "aa".repeat(20);
const CONTRACT_B = "0x" + "bb".repeat(20);
const PRF_OUTPUT = sha256(utf8("threshold PRF output W for the test"));
const input = (over: Partial<StateKeyInput> = {}): StateKeyInput => ({ keyMaterial: PRF_OUTPUT, chainId: 61_999, contract: CONTRACT_A, stateKeyVersion: 1, ...over });

/** What one validator writes for a small contract state at `version`. */
function writeState(cipher: ContractStateCipher, version: number): EncryptedSlot[] {
  return [
    cipher.seal(cipher.slotId("owner"), version, utf8("0x1234")),
    cipher.seal(cipher.slotId("balances/alice"), version, utf8("100")),
    cipher.seal(cipher.slotId("secret_note"), version, utf8("meet at noon")),
  ];
}

describe("RFC 8452 AES-256-GCM-SIV vectors (Appendix C.2)", () => {
  const key = fromHex("0100000000000000000000000000000000000000000000000000000000000000");
  const nonce = fromHex("030000000000000000000000");
  it.each([
    ["empty plaintext", "", "", "07f5f4169bbf55a8400cd47ea6fd400f"],
    ["8-byte plaintext", "0100000000000000", "", "c2ef328e5c71c83b843122130f7364b761e0b97427e3df28"],
    ["32-byte plaintext", "0100000000000000000000000000000002000000000000000000000000000000", "",
      "4a6a9db4c8c6549201b9edb53006cba821ec9cf850948a7c86c68ac7539d027fe819e63abcd020b006a976397632eb5d"],
    ["8-byte plaintext with 1-byte AAD", "0200000000000000", "01", "1de22967237a813291213f267e3b452f02d01ae33e4ec854"],
  ])("%s", (_name, plaintext, aad, expected) => {
    expect(toHex(gcmsiv(key, nonce, fromHex(aad)).encrypt(fromHex(plaintext)))).toBe(expected);
    expect(toHex(gcmsiv(key, nonce, fromHex(aad)).decrypt(fromHex(expected)))).toBe(plaintext);
  });
});

describe("RFC 5869 HKDF-SHA256 test case 1", () => {
  it("gives the published PRK and OKM", () => {
    const ikm = new Uint8Array(22).fill(0x0b);
    const salt = fromHex("000102030405060708090a0b0c");
    const info = fromHex("f0f1f2f3f4f5f6f7f8f9");
    expect(toHex(extract(sha256, ikm, salt))).toBe("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    expect(toHex(hkdf(sha256, ikm, salt, info, 42))).toBe("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  });
});

describe("confidential state at rest", () => {
  it("two validators encrypt the same state to identical bytes and the same state root", () => {
    const validator1 = new ContractStateCipher(input());
    const validator2 = new ContractStateCipher(input({ keyMaterial: PRF_OUTPUT.slice() }));
    const state1 = writeState(validator1, 7);
    const state2 = writeState(validator2, 7);
    expect(state2).toEqual(state1);
    expect(encryptedStateRoot(CONTRACT_A, state2)).toEqual(encryptedStateRoot(CONTRACT_A, state1));
    expect(validator2.open(state1[2], 7)).toEqual(utf8("meet at noon"));
  });

  it("the ciphertext does not contain the plaintext and slot ids do not reveal names", () => {
    const cipher = new ContractStateCipher(input());
    const [, , note] = writeState(cipher, 1);
    expect(toHex(note.ciphertext)).not.toContain(toHex(utf8("meet at noon")));
    expect(note.slotId).not.toEqual(sha256(utf8("secret_note")));
    expect(new ContractStateCipher(input({ contract: CONTRACT_B })).slotId("secret_note")).not.toEqual(note.slotId);
  });

  it("the state root covers the ciphertexts: any changed byte or version changes it; slot order does not", () => {
    const cipher = new ContractStateCipher(input());
    const state = writeState(cipher, 3);
    const root = encryptedStateRoot(CONTRACT_A, state);
    expect(encryptedStateRoot(CONTRACT_A, [...state].reverse())).toEqual(root);
    const tampered = state.map((s, i) => (i === 1 ? { ...s, ciphertext: s.ciphertext.map((b, j) => (j === 0 ? b ^ 1 : b)) } : s));
    expect(encryptedStateRoot(CONTRACT_A, tampered)).not.toEqual(root);
    expect(encryptedStateRoot(CONTRACT_A, state.map((s, i) => (i === 0 ? { ...s, version: 4 } : s)))).not.toEqual(root);
    expect(encryptedStateRoot(CONTRACT_B, state)).not.toEqual(root);
    expect(() => encryptedStateRoot(CONTRACT_A, [state[0], state[0]])).toThrow(/slot twice/);
  });

  it("A14: deterministic per (slot, version, value): a new version or value gives other bytes", () => {
    const cipher = new ContractStateCipher(input());
    const slot = cipher.slotId("counter");
    expect(cipher.seal(slot, 5, utf8("1"))).toEqual(cipher.seal(slot, 5, utf8("1")));
    expect(cipher.seal(slot, 6, utf8("1")).ciphertext).not.toEqual(cipher.seal(slot, 5, utf8("1")).ciphertext);
    expect(cipher.seal(slot, 5, utf8("2")).ciphertext).not.toEqual(cipher.seal(slot, 5, utf8("1")).ciphertext);
  });

  it("A14 negative control: plain GCM with a reused key and nonce leaks p1 ⊕ p2 (why state uses SIV)", () => {
    const key = sha256(utf8("k"));
    const nonce = new Uint8Array(12);
    const p1 = utf8("balance: 000100");
    const p2 = utf8("balance: 999999");
    const c1 = gcm(key, nonce).encrypt(p1);
    const c2 = gcm(key, nonce).encrypt(p2);
    const xored = p1.map((_, i) => c1[i] ^ c2[i]);
    expect(xored).toEqual(p1.map((b, i) => b ^ p2[i]));
    const siv = new ContractStateCipher(input());
    const slot = siv.slotId("balance");
    const s1 = siv.seal(slot, 1, p1).ciphertext;
    const s2 = siv.seal(slot, 1, p2).ciphertext;
    expect(p1.map((_, i) => s1[i] ^ s2[i])).not.toEqual(p1.map((b, i) => b ^ p2[i]));
  });

  it("A19: tampering with any byte of a slot fails authentication with one line", () => {
    const cipher = new ContractStateCipher(input());
    const [slot] = writeState(cipher, 2);
    for (let i = 0; i < slot.ciphertext.length; i++) {
      const changed = { ...slot, ciphertext: slot.ciphertext.map((b, j) => (j === i ? b ^ 0x80 : b)) };
      expect(() => cipher.open(changed, 2)).toThrow(StateCipherError);
    }
    try {
      cipher.open({ ...slot, ciphertext: slot.ciphertext.slice(1) }, 2);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^confidential slot [0-9a-f]{12}… of 0xaa+ failed authentication$/);
    }
    expect(cipher.open(slot, 2)).toEqual(utf8("0x1234"));
  });

  it("A19: a ciphertext moved to another slot id fails", () => {
    const cipher = new ContractStateCipher(input());
    const [owner, balance] = writeState(cipher, 2);
    expect(() => cipher.open({ ...owner, slotId: balance.slotId }, 2)).toThrow(/failed authentication/);
    expect(cipher.open(balance, 2)).toEqual(utf8("100"));
  });

  it("A19: a slot replayed under another contract fails, even when that contract shares the key material", () => {
    const [note] = writeState(new ContractStateCipher(input()), 2).slice(2);
    const other = new ContractStateCipher(input({ contract: CONTRACT_B }));
    expect(() => other.open(note, 2)).toThrow(/failed authentication/);
    expect(() => other.open({ ...note, slotId: other.slotId("secret_note") }, 2)).toThrow(/failed authentication/);
  });

  it("A19: rollback — an older (version, ciphertext) is refused against the committed version; relabelling it fails", () => {
    const cipher = new ContractStateCipher(input());
    const slot = cipher.slotId("balances/alice");
    const old = cipher.seal(slot, 4, utf8("100"));
    const current = cipher.seal(slot, 5, utf8("0"));
    expect(() => cipher.open(old, 5)).toThrow(/^confidential slot has version 4, the committed state has 5$/);
    expect(() => cipher.open({ ...old, version: 5 }, 5)).toThrow(/failed authentication/);
    expect(cipher.open(current, 5)).toEqual(utf8("0"));
  });

  it("rotation: a slot under another state key version or other key material does not open", () => {
    const [slot] = writeState(new ContractStateCipher(input()), 1);
    const rotated = new ContractStateCipher(input({ stateKeyVersion: 2 }));
    expect(() => rotated.open(slot, 1)).toThrow(/state key version 1, expected 2/);
    expect(() => rotated.open({ ...slot, stateKeyVersion: 2 }, 1)).toThrow(/failed authentication/);
    const otherKey = new ContractStateCipher(input({ keyMaterial: sha256(utf8("another PRF output")) }));
    expect(() => otherKey.open(slot, 1)).toThrow(/failed authentication/);
  });

  it("rejects short key material and malformed contract addresses", () => {
    expect(() => new ContractStateCipher(input({ keyMaterial: new Uint8Array(16) }))).toThrow(/at least 32 bytes/);
    expect(() => new ContractStateCipher(input({ contract: "0x12" }))).toThrow(/invalid contract address/);
  });
});
