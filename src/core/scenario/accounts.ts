/**
 * Deterministic keys for scenario accounts and validators: the private key is
 * keccak256("genlayer-playground:account:<name>") (or ":validator:<id>"), and the address is the
 * usual Ethereum address of that key. The same name gives the same address in every scenario, so
 * expected values can spell addresses out.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Address } from "../calldata";

const PREFIX = "genlayer-playground:";

function privateKey(kind: "account" | "validator", name: string): Uint8Array {
  return keccak_256(new TextEncoder().encode(`${PREFIX}${kind}:${name}`));
}

function addressOfKey(key: Uint8Array): Address {
  const pub = secp256k1.getPublicKey(key, false);
  return new Address(keccak_256(pub.slice(1)).slice(12));
}

const cache = new Map<string, Address>();

function derive(kind: "account" | "validator", name: string): Address {
  const id = `${kind}:${name}`;
  let a = cache.get(id);
  if (!a) {
    a = addressOfKey(privateKey(kind, name));
    cache.set(id, a);
  }
  return a;
}

export function accountAddress(name: string): Address {
  return derive("account", name);
}

export function accountPrivateKey(name: string): Uint8Array {
  return privateKey("account", name);
}

export function validatorAddress(id: string): Address {
  return derive("validator", id);
}
