/**
 * Deterministic identifiers of the simulated chain: contract addresses for deploys (plain and
 * salted, the latter as the SDK computes it) and transaction hashes.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Address, bytesToHex, encode } from "../calldata";

const utf8 = new TextEncoder();

/** Lowercase hex key of an address, used for maps (`0x` + 40 hex digits). */
export function addressKey(a: Address): string {
  return a.toHex();
}

/** Accepts an `Address` or a `0x…` hex string. */
export function toAddress(a: Address | string): Address {
  return a instanceof Address ? a : Address.fromHex(a);
}

/** `0x` + hex of keccak256(bytes). */
export function keccakHex(bytes: Uint8Array): string {
  return "0x" + bytesToHex(keccak_256(bytes));
}

/** keccak256 of UTF-8 text, as bytes. */
export function keccakText(text: string): Uint8Array {
  return keccak_256(utf8.encode(text));
}

/** `n` (0 ≤ n < 2^256) as 32 big-endian bytes. */
export function u256Bytes(n: bigint): Uint8Array {
  if (n < 0n || n >= 1n << 256n) throw new RangeError(`not a u256: ${n}`);
  const out = new Uint8Array(32);
  let v = n;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Address of a contract deployed by `sender` with account nonce `nonce`:
 * the last 20 bytes of keccak256(sender ‖ nonce as 32 bytes BE). */
export function contractAddress(sender: Address, nonce: bigint): Address {
  return new Address(keccak_256(concat(sender.toBytes(), u256Bytes(nonce))).slice(12));
}

/** Address of a contract deployed by a contract with a non-zero `salt_nonce` (as the SDK computes
 * it): keccak256(0x01 ‖ deployer ‖ salt_nonce (32 B BE) ‖ chain_id (32 B BE))[:20]. */
export function saltedContractAddress(deployer: Address, saltNonce: bigint, chainId: bigint): Address {
  const digest = keccak_256(concat(Uint8Array.of(1), deployer.toBytes(), u256Bytes(saltNonce), u256Bytes(chainId)));
  return new Address(digest.slice(0, 20));
}

export interface TxHashFields {
  kind: "deploy" | "call" | "transfer";
  from: Address;
  to: Address;
  value: bigint;
  nonce: bigint;
  calldata: Uint8Array;
  code?: string;
  parent: string | null;
}

/** Transaction hash: keccak256 over the calldata encoding of
 * `{kind, from, to, value, nonce, calldata, code_hash, parent}` (keys sorted by the codec). */
export function txHash(f: TxHashFields): string {
  const encoded = encode({
    kind: f.kind,
    from: f.from,
    to: f.to,
    value: f.value,
    nonce: f.nonce,
    calldata: f.calldata,
    code_hash: f.code === undefined ? null : keccak_256(utf8.encode(f.code)),
    parent: f.parent,
  });
  return keccakHex(encoded);
}
