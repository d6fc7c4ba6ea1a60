/**
 * Calldata value types, the `Address` class and the codec's error type.
 *
 * Wire format (identical to `src/sdk/genlayer/py/calldata.py`): every value starts with a ULEB128
 * number n; `n & 7` is the type and `n >> 3` the payload.
 *   0 atom: payload 0 null, 1 false, 2 true, 3 address (then 20 raw bytes); 4+ invalid
 *   1 integer >= 0 (payload = value)      2 integer < 0 (payload = -v - 1)
 *   3 bytes (length, bytes)               4 string (UTF-8 length, bytes)
 *   5 array (count, items)                6 map (count, then key length, UTF-8 key, value;
 *   7 reserved (invalid)                     keys sorted by their UTF-8 bytes)
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

/** What the decoder produces (integers always come back as bigint, maps as Map). */
export type CalldataValue =
  | null
  | boolean
  | bigint
  | string
  | Uint8Array
  | Address
  | CalldataValue[]
  | Map<string, CalldataValue>;

/**
 * What the encoder accepts: every CalldataValue plus safe-integer numbers, plain objects (as maps)
 * and `undefined` (encoded as null, as genlayer-js does).
 */
export type EncodableValue =
  | CalldataValue
  | number
  | undefined
  | readonly EncodableValue[]
  | ReadonlyMap<string, EncodableValue>
  | { readonly [key: string]: EncodableValue };

/** Thrown for undecodable bytes and for values that can not be encoded. */
export class CalldataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CalldataError";
  }
}

/**
 * Deepest allowed nesting: a value may sit inside at most this many arrays/maps (the same limit in
 * the Python codec). The oracle needs 2000 to pass; the bound matters for Pyodide, which crashes
 * (JS "Maximum call stack size exceeded", a fatal error) when it frees very deep containers: in a
 * Chromium worker a chain of ~2900 lists or ~1600 dicts is enough.
 */
export const MAX_DEPTH = 2048;

export const TYPE_ATOM = 0;
export const TYPE_PINT = 1;
export const TYPE_NINT = 2;
export const TYPE_BYTES = 3;
export const TYPE_STR = 4;
export const TYPE_ARR = 5;
export const TYPE_MAP = 6;

export const ATOM_NULL = 0;
export const ATOM_FALSE = 1;
export const ATOM_TRUE = 2;
export const ATOM_ADDRESS = 3;

export const ADDRESS_SIZE = 20;

const HEX_ADDRESS = /^0[xX][0-9a-fA-F]{40}$/;

/** Lowercase hex of `bytes`, two digits per byte, no prefix. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, "0");
  return out;
}

/** A 20-byte account address. Immutable: `toBytes()` hands out a copy. */
export class Address {
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array) || bytes.length !== ADDRESS_SIZE) {
      const len = bytes instanceof Uint8Array ? `${bytes.length} bytes` : typeof bytes;
      throw new CalldataError(`invalid address: expected ${ADDRESS_SIZE} bytes, got ${len}`);
    }
    this.#bytes = Uint8Array.from(bytes);
  }

  /** Parses `0x` + 40 hex digits in any case (the checksum casing is not enforced). */
  static fromHex(hex: string): Address {
    if (typeof hex !== "string" || !HEX_ADDRESS.test(hex))
      throw new CalldataError(`invalid address: expected 0x and 40 hex digits, got ${JSON.stringify(hex)}`);
    const bytes = new Uint8Array(ADDRESS_SIZE);
    for (let i = 0; i < ADDRESS_SIZE; i++) bytes[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
    return new Address(bytes);
  }

  /** A copy of the 20 bytes. */
  toBytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  /** `0x` + 40 lowercase hex digits. */
  toHex(): string {
    return "0x" + bytesToHex(this.#bytes);
  }

  /** EIP-55 mixed-case checksum form. */
  toChecksum(): string {
    const low = bytesToHex(this.#bytes);
    const hash = keccak_256(new TextEncoder().encode(low));
    let out = "0x";
    for (let i = 0; i < low.length; i++) {
      const nibble = (hash[i >> 1] >> (i % 2 === 0 ? 4 : 0)) & 0xf;
      out += nibble >= 8 ? low[i].toUpperCase() : low[i];
    }
    return out;
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Address)) return false;
    const a = this.#bytes;
    const b = other.#bytes;
    for (let i = 0; i < ADDRESS_SIZE; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  toString(): string {
    return this.toChecksum();
  }

  toJSON(): string {
    return this.toChecksum();
  }
}
