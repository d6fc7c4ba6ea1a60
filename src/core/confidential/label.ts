// Canonical labels (AAD) binding a confidential argument to its transaction context, and the
// committee id / threshold rules. Validators rebuild labels from the transaction and the contract
// schema, never from the ciphertext.
import { sha256 } from "@noble/hashes/sha2.js";
import { ConfidentialCryptoError, TX_LABEL_TAG, lengthPrefixed, u32be, u64be, utf8 } from "./group.js";

export interface ConfidentialTxContext {
  readonly chainId: bigint;
  /** sha256 committee id (32 bytes), see committeeIdFor. */
  readonly committeeId: Uint8Array;
  readonly keyGeneration: number;
  /** 20-byte contract address. */
  readonly contract: Uint8Array;
  readonly method: string;
  /** 20-byte sender address. */
  readonly sender: Uint8Array;
  readonly senderNonce: bigint;
  /** Number of encrypted arguments in the transaction (all of them are bound together). */
  readonly confidentialArgCount: number;
}

/** One encrypted argument as the schema describes it: position and plaintext type. */
export interface ConfidentialArgSlot {
  readonly argIndex: number;
  readonly typeHint: string;
}

function checkContext(ctx: ConfidentialTxContext): void {
  if (ctx.committeeId.length !== 32) throw new ConfidentialCryptoError("bad-context", "committee id must be 32 bytes");
  if (ctx.contract.length !== 20) throw new ConfidentialCryptoError("bad-context", "contract address must be 20 bytes");
  if (ctx.sender.length !== 20) throw new ConfidentialCryptoError("bad-context", "sender address must be 20 bytes");
  if (ctx.method.length === 0) throw new ConfidentialCryptoError("bad-context", "method name is empty");
}

/** L_tx = LP("GL-CIC-v1/tx", chainId, committeeId, g, contract, method, sender, senderNonce, argCount). */
export function transactionLabel(ctx: ConfidentialTxContext): Uint8Array {
  checkContext(ctx);
  return lengthPrefixed(
    utf8(TX_LABEL_TAG),
    u64be(ctx.chainId),
    ctx.committeeId,
    u64be(ctx.keyGeneration),
    ctx.contract,
    utf8(ctx.method),
    ctx.sender,
    u64be(ctx.senderNonce),
    u32be(ctx.confidentialArgCount),
  );
}

/** L_k = LP(L_tx, argIndex, typeHint): the AAD of one encrypted argument. */
export function confidentialLabel(ctx: ConfidentialTxContext, slot: ConfidentialArgSlot): Uint8Array {
  if (slot.typeHint.length === 0) throw new ConfidentialCryptoError("bad-context", "argument type hint is empty");
  return lengthPrefixed(transactionLabel(ctx), u32be(slot.argIndex), utf8(slot.typeHint));
}

/** committeeId = sha256(LP(chainId, epoch, sorted enclave signing keys)). */
export function committeeIdFor(chainId: bigint, epoch: bigint, signingKeys: readonly Uint8Array[]): Uint8Array {
  const sorted = [...signingKeys].sort(compareBytes);
  return sha256(lengthPrefixed(u64be(chainId), u64be(epoch), ...sorted));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Default threshold ⌈2n/3⌉ (issue 6), at least 1. */
export function defaultThreshold(committeeSize: number): number {
  return Math.max(1, Math.ceil((2 * committeeSize) / 3));
}

export function checkThreshold(threshold: number, committeeSize: number): void {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > committeeSize) {
    throw new ConfidentialCryptoError("bad-threshold", `threshold ${threshold} is invalid for a committee of ${committeeSize}`);
  }
}

export type GenerationCheck = "current" | "grace" | "future" | "too-old";

/** Accept key generation g and g−1 (grace window); reject future and older generations. */
export function checkKeyGeneration(generation: number, currentGeneration: number): GenerationCheck {
  if (generation > currentGeneration) return "future";
  if (generation === currentGeneration) return "current";
  if (generation === currentGeneration - 1) return "grace";
  return "too-old";
}
