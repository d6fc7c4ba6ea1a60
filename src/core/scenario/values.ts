/**
 * JSON-safe rendering of calldata values for reports, and the matching of expected JSON values
 * against actual results.
 *
 * Rendering: integers → decimal strings, bytes → "0x…", addresses → checksum "0x…", maps → objects
 * (keys in their order), null/bool/string/list as themselves.
 *
 * Matching (`expected` JSON against an actual value): an integer matches a JSON integer or a decimal
 * string; an address matches "0x…" in any case or "@name"; bytes match "0x…" hex in any case; a map
 * matches an object with the same keys (any order); lists match item by item; the rest by equality.
 */
import { Address, bytesToHex, type CalldataValue } from "../calldata";
import { isObject } from "./check";
import { COMPARE_OPS, type Comparison, type JsonValue } from "./format";
import type { NameResolver } from "./args";

export function toJsonSafe(v: CalldataValue): JsonValue {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Address) return v.toChecksum();
  if (v instanceof Uint8Array) return "0x" + bytesToHex(v);
  if (Array.isArray(v)) return v.map(toJsonSafe);
  const out: { [k: string]: JsonValue } = {};
  for (const [k, x] of v) out[k] = toJsonSafe(x);
  return out;
}

export function matchesExpected(expected: JsonValue, actual: CalldataValue, resolve: NameResolver): boolean {
  if (typeof actual === "bigint") {
    if (typeof expected === "number") return Number.isSafeInteger(expected) && BigInt(expected) === actual;
    return typeof expected === "string" && /^-?\d+$/.test(expected) && BigInt(expected) === actual;
  }
  if (actual instanceof Address) {
    if (typeof expected !== "string") return false;
    if (expected.startsWith("@")) return resolve(expected.slice(1))?.equals(actual) ?? false;
    return expected.toLowerCase() === actual.toHex();
  }
  if (actual instanceof Uint8Array) return typeof expected === "string" && expected.toLowerCase() === "0x" + bytesToHex(actual);
  if (Array.isArray(actual)) {
    return Array.isArray(expected) && expected.length === actual.length && actual.every((a, i) => matchesExpected(expected[i], a, resolve));
  }
  if (actual instanceof Map) {
    if (!isObject(expected)) return false;
    const keys = Object.keys(expected);
    return keys.length === actual.size && keys.every((k) => actual.has(k) && matchesExpected(expected[k], actual.get(k)!, resolve));
  }
  return expected === actual;
}

/** Whether `actual` satisfies an exact value or every bound of a comparison object. */
export function compareHolds<T extends string | number>(check: Comparison<T>, actual: bigint | number): boolean {
  const big = typeof actual === "bigint";
  const conv = (x: T): bigint | number => (big ? BigInt(x) : Number(x));
  if (typeof check !== "object") return conv(check) === actual;
  return COMPARE_OPS.every((op) => {
    const bound = check[op];
    if (bound === undefined) return true;
    const b = conv(bound);
    switch (op) {
      case "eq":
        return actual === b;
      case "ne":
        return actual !== b;
      case "lt":
        return actual < b;
      case "lte":
        return actual <= b;
      case "gt":
        return actual > b;
      case "gte":
        return actual >= b;
    }
  });
}

/** `"5"`, or `< 5 and >= 2` for a comparison object. */
export function describeComparison<T extends string | number>(check: Comparison<T>): string {
  if (typeof check !== "object") return JSON.stringify(check);
  const sym: Record<string, string> = { eq: "=", ne: "≠", lt: "<", lte: "≤", gt: ">", gte: "≥" };
  return COMPARE_OPS.filter((op) => check[op] !== undefined)
    .map((op) => `${sym[op]} ${JSON.stringify(check[op])}`)
    .join(" and ");
}
