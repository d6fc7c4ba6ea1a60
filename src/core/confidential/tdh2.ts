// TDH2 (Shoup–Gennaro) threshold KEM over ristretto255 with the AES-256-GCM DEM: the sender
// encrypts confidential arguments to the committee key Y; the NIZK (e, f) binds U, Ū to the
// transaction label and the DEM bodies, so a ciphertext cannot be reused under another context.
import { sha256 } from "@noble/hashes/sha2.js";
import { demSeal, deriveDemKey } from "./dem.js";
import {
  ConfidentialCryptoError, DST, Fn, G, GBAR, type Point, decodePoint, decodeScalar, encodePoint, encodeScalar,
  equalBytes, hashToScalar, lengthPrefixed, mulSecret, randomScalar, u32be, u64be,
} from "./group.js";
import { linearCombination } from "./multiplication.js";
import { type ConfidentialArgSlot, type ConfidentialTxContext, confidentialLabel, transactionLabel } from "./label.js";

export const CIPHERTEXT_VERSION = 1;

export interface EncryptedArgument {
  readonly argIndex: number;
  /** AES-256-GCM ciphertext ‖ 16-byte tag. */
  readonly body: Uint8Array;
}

/** Wire form: every group element and scalar as canonical 32-byte encodings. */
export interface Tdh2Ciphertext {
  readonly version: number;
  readonly committeeId: Uint8Array;
  readonly keyGeneration: number;
  readonly u: Uint8Array;
  readonly uBar: Uint8Array;
  readonly e: Uint8Array;
  readonly f: Uint8Array;
  readonly args: readonly EncryptedArgument[];
}

export interface PlainArgument extends ConfidentialArgSlot {
  readonly plaintext: Uint8Array;
}

/** A ciphertext that passed verifyCiphertext for a context rebuilt by the validator. */
export interface VerifiedCiphertext {
  readonly ciphertext: Tdh2Ciphertext;
  readonly ctId: Uint8Array;
  readonly kemPoint: Point;
  readonly publicKey: Point;
  readonly context: ConfidentialTxContext;
  readonly slots: readonly ConfidentialArgSlot[];
  readonly __verifiedCiphertext: true;
}

/** One error text for every validity failure, so rejections are not an oracle (A4). */
export const INVALID_CIPHERTEXT = "invalid confidential ciphertext";
function invalid(): ConfidentialCryptoError {
  return new ConfidentialCryptoError("invalid-ciphertext", INVALID_CIPHERTEXT);
}

function bodiesDigest(bodies: readonly Uint8Array[], labels: readonly Uint8Array[]): Uint8Array {
  return sha256(lengthPrefixed(...bodies, ...labels));
}

/** e = H(L_tx, digest, Y, U, Ū, W, W̄); Y is bound too, so a ciphertext is only valid for the key it was made for. */
function ciphertextChallenge(txLabel: Uint8Array, digest: Uint8Array, publicKey: Point, points: readonly Point[]): bigint {
  return hashToScalar(DST.tdh2Ciphertext, txLabel, digest, encodePoint(publicKey), ...points.map(encodePoint));
}

/** Descriptive errors for the sender; verifyCiphertext replaces them with the uniform one. */
function checkSlots(ctx: ConfidentialTxContext, slots: readonly ConfidentialArgSlot[]): void {
  if (slots.length !== ctx.confidentialArgCount || slots.length === 0) {
    throw new ConfidentialCryptoError("bad-arguments", `expected ${ctx.confidentialArgCount} confidential arguments, got ${slots.length}`);
  }
  const seen = new Set<number>();
  for (const slot of slots) {
    if (!Number.isInteger(slot.argIndex) || slot.argIndex < 0 || seen.has(slot.argIndex)) {
      throw new ConfidentialCryptoError("bad-arguments", `confidential argument index ${slot.argIndex} is invalid or repeated`);
    }
    seen.add(slot.argIndex);
  }
}

/** encryptForCommittee: TDH2 KEM to Y, one AES-256-GCM body per argument under its own label. */
export function encryptForCommittee(publicKey: Point, ctx: ConfidentialTxContext, args: readonly PlainArgument[]): Tdh2Ciphertext {
  checkSlots(ctx, args);
  if (publicKey.is0()) throw new ConfidentialCryptoError("bad-key", "committee public key is the identity");
  const r = randomScalar();
  const s = randomScalar();
  const u = mulSecret(G, r);
  const uBar = mulSecret(GBAR, r);
  const shared = mulSecret(publicKey, r);
  const labels = args.map((arg) => confidentialLabel(ctx, arg));
  const bodies = args.map((arg, k) => demSeal(deriveDemKey(shared, u, publicKey, labels[k]!), labels[k]!, arg.plaintext));
  const w = mulSecret(G, s);
  const wBar = mulSecret(GBAR, s);
  const e = ciphertextChallenge(transactionLabel(ctx), bodiesDigest(bodies, labels), publicKey, [u, uBar, w, wBar]);
  const f = Fn.add(s, Fn.mul(r, e));
  return {
    version: CIPHERTEXT_VERSION,
    committeeId: ctx.committeeId,
    keyGeneration: ctx.keyGeneration,
    u: encodePoint(u),
    uBar: encodePoint(uBar),
    e: encodeScalar(e),
    f: encodeScalar(f),
    args: args.map((arg, k) => ({ argIndex: arg.argIndex, body: bodies[k]! })),
  };
}

/**
 * Validity check run by every validator before producing any share. `ctx` and `slots` come from the
 * transaction and the contract schema; the ciphertext's own metadata must match them exactly.
 */
export function verifyCiphertext(
  ciphertext: Tdh2Ciphertext,
  ctx: ConfidentialTxContext,
  slots: readonly ConfidentialArgSlot[],
  publicKey: Point,
): VerifiedCiphertext {
  try {
    checkSlots(ctx, slots);
    if (ciphertext.version !== CIPHERTEXT_VERSION) throw invalid();
    if (!equalBytes(ciphertext.committeeId, ctx.committeeId) || ciphertext.keyGeneration !== ctx.keyGeneration) throw invalid();
    if (ciphertext.args.length !== slots.length) throw invalid();
    ciphertext.args.forEach((arg, k) => {
      if (arg.argIndex !== slots[k]!.argIndex) throw invalid();
    });
    const u = decodePoint(ciphertext.u, "U");
    const uBar = decodePoint(ciphertext.uBar, "Ū");
    const e = decodeScalar(ciphertext.e, "e");
    const f = decodeScalar(ciphertext.f, "f");
    const w = linearCombination([[G, f], [u, Fn.neg(e)]]);
    const wBar = linearCombination([[GBAR, f], [uBar, Fn.neg(e)]]);
    const labels = slots.map((slot) => confidentialLabel(ctx, slot));
    const digest = bodiesDigest(ciphertext.args.map((arg) => arg.body), labels);
    if (publicKey.is0() || ciphertextChallenge(transactionLabel(ctx), digest, publicKey, [u, uBar, w, wBar]) !== e) throw invalid();
    return {
      ciphertext, ctId: ciphertextId(ciphertext), kemPoint: u, publicKey, context: ctx, slots, __verifiedCiphertext: true,
    };
  } catch {
    throw invalid();
  }
}

/** Canonical encoding of a ciphertext (what ctId hashes and what travels on chain). */
export function encodeCiphertext(ciphertext: Tdh2Ciphertext): Uint8Array {
  return lengthPrefixed(
    u32be(ciphertext.version),
    ciphertext.committeeId,
    u64be(ciphertext.keyGeneration),
    ciphertext.u,
    ciphertext.uBar,
    ciphertext.e,
    ciphertext.f,
    u32be(ciphertext.args.length),
    ...ciphertext.args.flatMap((arg) => [u32be(arg.argIndex), arg.body]),
  );
}

export function ciphertextId(ciphertext: Tdh2Ciphertext): Uint8Array {
  return sha256(encodeCiphertext(ciphertext));
}

/** Consumed-U set: the same KEM point is never decrypted twice (A6). */
export class ConsumedKemPoints {
  private readonly seen = new Set<string>();

  /** Throws if this ciphertext's U was already consumed; otherwise records it. */
  consume(verified: VerifiedCiphertext): void {
    const key = Array.from(verified.ciphertext.u, (byte) => byte.toString(16).padStart(2, "0")).join("");
    if (this.seen.has(key)) throw new ConfidentialCryptoError("replayed-ciphertext", "confidential ciphertext was already used");
    this.seen.add(key);
  }
}
