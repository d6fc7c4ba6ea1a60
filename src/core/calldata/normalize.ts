/**
 * Shared by the encoder and the text form: turns any accepted input into one of eight kinds,
 * rejecting everything else with a CalldataError. Maps come out sorted by UTF-8 key bytes.
 */
import { Address, CalldataError, type EncodableValue } from "./types";

export interface MapEntry {
  keyUtf8: Uint8Array;
  key: string;
  value: EncodableValue;
}

export type Normalized =
  | { kind: "null" }
  | { kind: "bool"; value: boolean }
  | { kind: "int"; value: bigint }
  | { kind: "str"; value: string }
  | { kind: "bytes"; value: Uint8Array }
  | { kind: "address"; value: Uint8Array }
  | { kind: "array"; items: readonly EncodableValue[] }
  | { kind: "map"; entries: MapEntry[] };

const encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string with a lone surrogate has no UTF-8 form: reject it (genlayer-js would write U+FFFD). */
function checkWellFormed(s: string, what: string): void {
  if (LONE_SURROGATE.test(s))
    throw new CalldataError(`${what} contains a lone UTF-16 surrogate: ${JSON.stringify(s)}`);
}

/** Strict UTF-8 encoding (see checkWellFormed). */
export function utf8Encode(s: string, what: string): Uint8Array {
  checkWellFormed(s, what);
  return encoder.encode(s);
}

/** Lexicographic byte order (for UTF-8 this is Unicode code point order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function isUint8Array(v: object): v is Uint8Array {
  // works across realms and for Node's Buffer (a Uint8Array subclass)
  return ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === "[object Uint8Array]";
}

export function isPlainObject(v: object): v is { readonly [key: string]: EncodableValue } {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return "a symbol";
  if (typeof v === "number") return `number ${v}`;
  if (typeof v === "object" && v !== null) return `object ${Object.prototype.toString.call(v)}`;
  return typeof v;
}

function sortedEntries(pairs: Iterable<[unknown, EncodableValue]>): MapEntry[] {
  const entries: MapEntry[] = [];
  for (const [key, value] of pairs) {
    if (typeof key !== "string") throw new CalldataError(`map key is not a string: ${describe(key)}`);
    entries.push({ keyUtf8: utf8Encode(key, "map key"), key, value });
  }
  entries.sort((a, b) => compareBytes(a.keyUtf8, b.keyUtf8));
  for (let i = 1; i < entries.length; i++)
    if (compareBytes(entries[i - 1].keyUtf8, entries[i].keyUtf8) === 0)
      throw new CalldataError(`duplicate map key ${JSON.stringify(entries[i].key)}`);
  return entries;
}

export function normalize(v: EncodableValue | unknown): Normalized {
  if (v === null || v === undefined) return { kind: "null" };
  switch (typeof v) {
    case "boolean":
      return { kind: "bool", value: v };
    case "bigint":
      return { kind: "int", value: v };
    case "number":
      if (!Number.isSafeInteger(v))
        throw new CalldataError(`invalid calldata input: ${v} is not a safe integer (use a bigint)`);
      return { kind: "int", value: BigInt(v) };
    case "string":
      checkWellFormed(v, "string");
      return { kind: "str", value: v };
    case "object":
      break;
    default:
      throw new CalldataError(`invalid calldata input: ${describe(v)}`);
  }
  const obj = v as object;
  if (obj instanceof Address) return { kind: "address", value: obj.toBytes() };
  if (isUint8Array(obj)) return { kind: "bytes", value: obj };
  if (Array.isArray(obj)) return { kind: "array", items: obj as readonly EncodableValue[] };
  if (obj instanceof Map) return { kind: "map", entries: sortedEntries(obj.entries()) };
  if (isPlainObject(obj)) return { kind: "map", entries: sortedEntries(Object.entries(obj)) };
  throw new CalldataError(`invalid calldata input: ${describe(obj)}`);
}
