// Byte-level helpers shared by the enclave, the committee driver and the client: hex strings,
// strict length-prefixed parsing, the ciphertext decoder (the inverse of tdh2.encodeCiphertext)
// and the signed-share encoding carried in evidence records.
import { sha256 } from "@noble/hashes/sha2.js";
import { ConfidentialCryptoError, type Point, decodePoint, encodePoint, lengthPrefixed, utf8 } from "../group.js";
import { CIPHERTEXT_VERSION, type Tdh2Ciphertext } from "../tdh2.js";
import type { SignedDecryptionShare } from "../decryption-share.js";

export function toHex0x(bytes: Uint8Array): string {
  return "0x" + Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Strict `0x`-hex decoding; `length` in bytes when given. Throws a one-line error naming `what`. */
export function fromHex0x(hex: string, what: string, length?: number): Uint8Array {
  if (typeof hex !== "string" || !/^0[xX]([0-9a-fA-F]{2})*$/.test(hex)) {
    throw new ConfidentialCryptoError("bad-hex", `${what} is not 0x-prefixed hex`);
  }
  const bytes = Uint8Array.from(hex.slice(2).match(/../g) ?? [], (pair) => parseInt(pair, 16));
  if (length !== undefined && bytes.length !== length) {
    throw new ConfidentialCryptoError("bad-hex", `${what} must be ${length} bytes`);
  }
  return bytes;
}

/** A 20-byte address from `0x` + 40 hex. */
export function addressToBytes(address: string, what = "address"): Uint8Array {
  return fromHex0x(address, what, 20);
}

export function sameHex(a: string, b: string): boolean {
  return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}

export function pointHex(point: Point): string {
  return toHex0x(encodePoint(point));
}

export function pointFromHex(hex: string, what: string): Point {
  return decodePoint(fromHex0x(hex, what, 32), what);
}

/** The parts of `LP(part…)`, refusing truncated input. */
export function splitLengthPrefixed(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new ConfidentialCryptoError("bad-encoding", "truncated length prefix");
    const length = view.getUint32(offset, false);
    if (offset + 4 + length > bytes.length) throw new ConfidentialCryptoError("bad-encoding", "truncated length-prefixed part");
    parts.push(bytes.slice(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return parts;
}

function readU32(part: Uint8Array): number {
  if (part.length !== 4) throw new ConfidentialCryptoError("bad-encoding", "expected a 4-byte integer");
  return new DataView(part.buffer, part.byteOffset, 4).getUint32(0, false);
}

function readU64(part: Uint8Array): bigint {
  if (part.length !== 8) throw new ConfidentialCryptoError("bad-encoding", "expected an 8-byte integer");
  return new DataView(part.buffer, part.byteOffset, 8).getBigUint64(0, false);
}

/** Strict inverse of `encodeCiphertext`; any deviation is the uniform "invalid confidential ciphertext". */
export function decodeCiphertext(bytes: Uint8Array): Tdh2Ciphertext {
  try {
    const parts = splitLengthPrefixed(bytes);
    if (parts.length < 8) throw new Error("short");
    const [version, committeeId, generation, u, uBar, e, f, count] = parts as [Uint8Array, ...Uint8Array[]];
    const argCount = readU32(count!);
    if (parts.length !== 8 + 2 * argCount || readU32(version) !== CIPHERTEXT_VERSION) throw new Error("shape");
    const keyGeneration = readU64(generation!);
    if (keyGeneration > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error("generation");
    const args = [];
    for (let k = 0; k < argCount; k++) args.push({ argIndex: readU32(parts[8 + 2 * k]!), body: parts[9 + 2 * k]! });
    for (const fixed of [committeeId!, u!, uBar!, e!, f!]) if (fixed.length !== 32) throw new Error("length");
    return { version: CIPHERTEXT_VERSION, committeeId: committeeId!, keyGeneration: Number(keyGeneration), u: u!, uBar: uBar!, e: e!, f: f!, args };
  } catch {
    throw new ConfidentialCryptoError("invalid-ciphertext", "invalid confidential ciphertext");
  }
}

/** Evidence bytes of a signed decryption share: LP(ctId, u32 id, U_i, c, z, signature). */
export function encodeSignedShare(signed: SignedDecryptionShare): Uint8Array {
  const { share } = signed;
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, share.id, false);
  return lengthPrefixed(share.ctId, id, share.sharePoint, share.challenge, share.response, signed.signature);
}

export function decodeSignedShare(bytes: Uint8Array): SignedDecryptionShare {
  const parts = splitLengthPrefixed(bytes);
  if (parts.length !== 6) throw new ConfidentialCryptoError("bad-encoding", "signed share must have 6 parts");
  const [ctId, id, sharePoint, challenge, response, signature] = parts as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  return { share: { ctId, id: readU32(id), sharePoint, challenge, response }, signature };
}

/** First line of an error's message (user-facing errors are one line). */
export function oneLine(error: unknown, fallback = "request failed"): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : fallback;
  const line = message.split("\n")[0]!.trim();
  return line.length > 0 ? line : fallback;
}

/** One `LP(part…)` level of digestOf's encoding, sized before anything is copied. */
interface DigestNode {
  parts: (Uint8Array | DigestNode)[];
  size: number;
}

function digestNode(parts: (Uint8Array | DigestNode)[]): DigestNode {
  let size = 0;
  for (const part of parts) size += 4 + (part instanceof Uint8Array ? part.length : part.size);
  return { parts, size };
}

function writeDigestNode(node: DigestNode, out: Uint8Array, start: number): void {
  let offset = start;
  for (const part of node.parts) {
    const length = part instanceof Uint8Array ? part.length : part.size;
    out[offset] = length >>> 24;
    out[offset + 1] = (length >>> 16) & 0xff;
    out[offset + 2] = (length >>> 8) & 0xff;
    out[offset + 3] = length & 0xff;
    if (part instanceof Uint8Array) out.set(part, offset + 4);
    else writeDigestNode(part, out, offset + 4);
    offset += 4 + length;
  }
}

/** Canonical digest of plain data (objects by sorted key, arrays, bytes, strings, numbers, bigint,
 * booleans, null): used to tell whether a repeated request carries the same inputs. The nested
 * `LP` encoding is sized first and written once (a DKG round digests every bundle). */
export function digestOf(value: unknown): string {
  const encode = (item: unknown): DigestNode => {
    if (item instanceof Uint8Array) return digestNode([utf8("b"), item]);
    if (typeof item === "string") return digestNode([utf8("s"), utf8(item)]);
    if (typeof item === "number" || typeof item === "bigint" || typeof item === "boolean") return digestNode([utf8(typeof item), utf8(String(item))]);
    if (item === null || item === undefined) return digestNode([utf8("null")]);
    if (Array.isArray(item)) return digestNode([utf8("a"), ...item.map(encode)]);
    if (typeof item === "object") {
      const keys = Object.keys(item as object).filter((key) => (item as Record<string, unknown>)[key] !== undefined).sort();
      return digestNode([utf8("o"), ...keys.flatMap((key) => [utf8(key), encode((item as Record<string, unknown>)[key])])]);
    }
    throw new ConfidentialCryptoError("bad-encoding", `cannot digest a ${typeof item}`);
  };
  const root = encode(value);
  const out = new Uint8Array(root.size);
  writeDigestNode(root, out, 0);
  return toHex0x(sha256(out));
}
