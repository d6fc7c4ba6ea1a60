// Ed25519 signature verification with the signer's decoded key kept across calls, and given a
// precomputed table once it has been used often enough to pay for it (an executing enclave checks
// the same member keys on every share; a DKG uses each key only a few times per enclave). Accepts exactly what noble's `ed25519.verify` accepts with its defaults (ZIP-215
// decoding, s < ℓ, cofactored equation [8](s·B − R − k·A) = 0); a test compares the two.
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha512 } from "@noble/hashes/sha2.js";

const EdPoint = ed25519.Point;
type EdPoint = InstanceType<typeof EdPoint>;
const ORDER = EdPoint.Fn.ORDER;

const KEY_LIMIT = 1024;
/** A table costs about four plain multiplications; it is built at this use of a key. */
const TABLE_AFTER_USES = 6;
const keys = new Map<string, { point: EdPoint | null; uses: number }>();

function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

function hexKey(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** The decoded public key (null when it does not decode); a table once it is in steady use. */
function publicKeyPoint(publicKey: Uint8Array): EdPoint | null {
  const key = hexKey(publicKey);
  let known = keys.get(key);
  if (!known) {
    let point: EdPoint | null;
    try {
      point = EdPoint.fromBytes(publicKey, true);
    } catch {
      point = null;
    }
    if (keys.size >= KEY_LIMIT) keys.clear();
    known = { point, uses: 0 };
    keys.set(key, known);
  }
  if (++known.uses === TABLE_AFTER_USES && known.point && !known.point.isSmallOrder()) known.point.precompute(4, true);
  return known.point;
}

/** True iff `signature` is a valid Ed25519 signature of `message` under `publicKey` (never throws). */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || !(message instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) return false;
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const a = publicKeyPoint(publicKey);
  if (!a) return false;
  const rBytes = signature.subarray(0, 32);
  const s = littleEndian(signature.subarray(32, 64));
  if (s >= ORDER) return false;
  let r: EdPoint;
  try {
    r = EdPoint.fromBytes(rBytes, true);
  } catch {
    return false;
  }
  const digest = sha512.create().update(rBytes).update(publicKey).update(message).digest();
  const k = littleEndian(digest) % ORDER;
  const sb = EdPoint.BASE.multiplyUnsafe(s);
  return r.add(a.multiplyUnsafe(k)).subtract(sb).clearCofactor().is0();
}
