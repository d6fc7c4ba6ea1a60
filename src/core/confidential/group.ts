// ristretto255 group, scalar field, canonical encodings and domain-separated hashing
// shared by every confidential-contract protocol (DKG, TDH2, decryption shares).
import { ristretto255, ristretto255_hasher } from "@noble/curves/ed25519.js";
import { getMinHashLength, mapHashToField } from "@noble/curves/abstract/modular.js";
import { randomBytes } from "@noble/hashes/utils.js";

export const Point = ristretto255.Point;
export type Point = InstanceType<typeof ristretto255.Point>;
export const Fn = ristretto255.Point.Fn;
/** Group order ℓ. */
export const ORDER: bigint = Fn.ORDER;
/** Standard generator G. */
export const G: Point = Point.BASE;

/** One error type for every cryptographic rejection; the message is a single user-facing line. */
export class ConfidentialCryptoError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "ConfidentialCryptoError";
  }
}

const DST_PREFIX = "GL-CIC-v1:";
/** Every domain-separation tag used by the confidential protocols (all distinct, asserted by a test). */
export const DST = {
  dkgPok: `${DST_PREFIX}dkg-pok`,
  dkgBundle: `${DST_PREFIX}dkg-bundle`,
  dkgDeal: `${DST_PREFIX}deal`,
  dkgComplaint: `${DST_PREFIX}dkg-complaint`,
  dkgJustification: `${DST_PREFIX}dkg-justification`,
  tdh2Ciphertext: `${DST_PREFIX}tdh2-ct`,
  tdh2Share: `${DST_PREFIX}tdh2-share`,
  tdh2ShareSignature: `${DST_PREFIX}tdh2-share-sig`,
  shareTransport: `${DST_PREFIX}share-transport`,
  prfShare: `${DST_PREFIX}prf-share`,
  h2cGbar: `${DST_PREFIX}h2c-gbar`,
  h2cState: `${DST_PREFIX}h2c-state`,
  dem: `${DST_PREFIX}dem`,
  stateKey: `${DST_PREFIX}state-key`,
  reshareDeal: `${DST_PREFIX}reshare-deal`,
} as const;

/** Tag that starts every transaction label (not a hash DST, but versioned the same way). */
export const TX_LABEL_TAG = "GL-CIC-v1/tx";

const textEncoder = new TextEncoder();
export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export function u32be(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new ConfidentialCryptoError("encoding", `value ${value} does not fit in 32 bits`);
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

export function u64be(value: bigint | number): Uint8Array {
  const big = BigInt(value);
  if (big < 0n || big >= 1n << 64n) {
    throw new ConfidentialCryptoError("encoding", `value ${big} does not fit in 64 bits`);
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, big, false);
  return out;
}

/** Length-prefixed concatenation: ‖ (u32be(len) ‖ bytes). The only encoder used for hashing and AAD. */
export function lengthPrefixed(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += 4 + part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    const length = part.length;
    out[offset] = length >>> 24;
    out[offset + 1] = (length >>> 16) & 0xff;
    out[offset + 2] = (length >>> 8) & 0xff;
    out[offset + 3] = length & 0xff;
    out.set(part, offset + 4);
    offset += 4 + length;
  }
  return out;
}

/** expand_message_xmd(SHA-512) to a scalar mod ℓ over the length-prefixed parts (RFC 9497 HashToScalar shape). */
export function hashToScalar(dst: string, ...parts: Uint8Array[]): bigint {
  return ristretto255_hasher.hashToScalar(lengthPrefixed(...parts), { DST: dst });
}

/** hash_to_ristretto255 (RFC 9380 App. B) with our DST. */
export function hashToPoint(dst: string, message: Uint8Array): Point {
  return ristretto255_hasher.hashToCurve(message, { DST: dst });
}

/** Second generator Ḡ (nothing-up-my-sleeve, nobody knows log_G Ḡ). */
export const GBAR: Point = hashToPoint(DST.h2cGbar, utf8("Gbar"));

/** Uniform non-zero scalar from ≥48 random bytes. */
export function randomScalar(): bigint {
  const bytes = mapHashToField(randomBytes(getMinHashLength(ORDER)), ORDER, true);
  return Fn.fromBytes(bytes);
}

/*
 * Encoding and decoding a ristretto255 point each cost an inverse square root (most of the time
 * of a share check here), and the same committee keys are decoded and encoded over and over. Points
 * are immutable, so both directions are memoised in small bounded maps (public values only: keys,
 * commitments, shares on the wire — never a secret scalar).
 */
const MEMO_LIMIT = 4096;
const decoded = new Map<string, Point>();
const encoded = new WeakMap<Point, Uint8Array>();

function hexKey(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

export function encodePoint(point: Point): Uint8Array {
  let bytes = encoded.get(point);
  if (!bytes) {
    bytes = point.toBytes();
    encoded.set(point, bytes);
  }
  return bytes.slice();
}

/** Strict ristretto255 decoding; identity is refused unless explicitly allowed. */
export function decodePoint(bytes: Uint8Array, what: string, allowIdentity = false): Point {
  let point: Point;
  const key = bytes.length === 32 ? hexKey(bytes) : null;
  const known = key ? decoded.get(key) : undefined;
  if (known) point = known;
  else
    try {
      if (!key) throw new Error("length");
      point = Point.fromBytes(bytes);
      if (decoded.size >= MEMO_LIMIT) decoded.clear();
      decoded.set(key, point);
      encoded.set(point, bytes.slice());
    } catch {
      throw new ConfidentialCryptoError("bad-point", `${what} is not a canonical ristretto255 point`);
    }
  if (!allowIdentity && point.is0()) {
    throw new ConfidentialCryptoError("identity-point", `${what} must not be the identity`);
  }
  return point;
}

export function encodeScalar(scalar: bigint): Uint8Array {
  return Fn.toBytes(Fn.create(scalar));
}

/** Canonical 32-byte little-endian scalar (< ℓ), rejecting anything else. */
export function decodeScalar(bytes: Uint8Array, what: string): bigint {
  try {
    if (bytes.length !== 32) throw new Error("length");
    return Fn.fromBytes(bytes);
  } catch {
    throw new ConfidentialCryptoError("bad-scalar", `${what} is not a canonical scalar`);
  }
}

/**
 * G again, as a separate object with its own wide table (built on first use). noble blinds secret
 * multiples of its BASE object, which costs about as much as the multiplication; through this
 * copy, secret multiples of G take the same constant-time table path as every other point here
 * (noble blinds no other point), at a quarter of the cost. Timing is out of scope in JS (A22).
 */
const G_FOR_SECRETS: Point = Point.fromBytes(G.toBytes()).precompute(8, true);

/** Secret scalar multiplication (noble's constant-time path); scalar must be non-zero. */
export function mulSecret(point: Point, scalar: bigint): Point {
  return (point === G ? G_FOR_SECRETS : point).multiply(Fn.create(scalar));
}

/** Public scalar multiplication (variable time, accepts 0) — verifiers only. */
export function mulPublic(point: Point, scalar: bigint): Point {
  return point.multiplyUnsafe(Fn.create(scalar));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
