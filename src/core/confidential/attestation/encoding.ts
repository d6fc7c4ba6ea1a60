/**
 * Byte helpers for the emulated attestation: fixed-offset little-endian structures (the DCAP quote
 * layout is little-endian) and hex. Everything hashed or signed uses the confidential package's one
 * length-prefixed encoder `LP(parts…) = ‖ (u32be(len) ‖ bytes)` (re-exported from ../group.ts).
 */

export { lengthPrefixed, u32be, u64be, utf8 } from "../group.js";

/** Writes fields at exact offsets of a fixed-size little-endian structure. */
export class FixedWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(offset: number, value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new Error(`u16 out of range: ${value}`);
    this.view.setUint16(offset, value, true);
  }
  u32(offset: number, value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`u32 out of range: ${value}`);
    this.view.setUint32(offset, value, true);
  }
  u64(offset: number, value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`u64 out of range: ${value}`);
    this.view.setBigUint64(offset, BigInt(value), true);
  }
  /** Copies exactly `length` bytes (the field's size) at `offset`. */
  raw(offset: number, length: number, value: Uint8Array): void {
    if (value.length !== length) throw new Error(`field at ${offset} needs ${length} bytes, got ${value.length}`);
    this.bytes.set(value, offset);
  }
}

/** Reads fields at exact offsets of a little-endian structure; copies byte fields. */
export class FixedReader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }
  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }
  /** u64 as a number; values above 2^53 are rejected (timestamps and heights stay far below). */
  u64(offset: number): number {
    const v = this.view.getBigUint64(offset, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`u64 at ${offset} is too large`);
    return Number(v);
  }
  raw(offset: number, length: number): Uint8Array {
    return this.bytes.slice(offset, offset + length);
  }
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

export function isAllZero(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new Error("invalid hex");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A validator address `0x` + 40 hex digits as its 20 bytes. */
export function addressBytes(address: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new Error(`invalid validator address: ${address}`);
  return fromHex(address);
}
