/**
 * The typed JSON form used by `src/core/testdata/calldata-vectors.json` (and handy for fixtures):
 *   null / true / false / "string"         as themselves
 *   {"int": "-12"}                         integers (decimal, arbitrary size)
 *   {"bytes": "0x00ff"}                    bytes
 *   {"address": "0x<40 hex>"}              addresses
 *   [ ... ]                                arrays
 *   {"map": [["k", v], ...]}               maps, in the listed order
 *   {"nested_array": {"depth": N, "leaf": v}}  v wrapped in N single-element arrays (input only)
 */
import { Address, bytesToHex, CalldataError, type CalldataValue, type EncodableValue } from "./types";
import { isPlainObject, normalize } from "./normalize";

export type TypedJson =
  | null
  | boolean
  | string
  | TypedJson[]
  | { int: string }
  | { bytes: string }
  | { address: string }
  | { map: [string, TypedJson][] }
  | { nested_array: { depth: number; leaf: TypedJson } };

function hexToBytes(hex: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new CalldataError(`typed JSON: bad hex ${JSON.stringify(hex)}`);
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

/** Typed JSON -> CalldataValue (maps become Map in the listed order). */
export function fromTypedJson(j: TypedJson): CalldataValue {
  if (j === null || typeof j === "boolean" || typeof j === "string") return j;
  if (Array.isArray(j)) return j.map(fromTypedJson);
  if ("int" in j) return BigInt(j.int);
  if ("bytes" in j) return hexToBytes(j.bytes);
  if ("address" in j) return Address.fromHex(j.address);
  if ("map" in j) return new Map(j.map.map(([k, v]): [string, CalldataValue] => [k, fromTypedJson(v)]));
  if ("nested_array" in j) {
    let value = fromTypedJson(j.nested_array.leaf);
    for (let i = 0; i < j.nested_array.depth; i++) value = [value];
    return value;
  }
  throw new CalldataError(`typed JSON: unknown node ${JSON.stringify(j)}`);
}

/**
 * Value -> typed JSON. Maps keep their own order (a decoded map is in wire order); plain objects
 * keep their property order; safe-integer numbers become {"int": ...}.
 */
export function toTypedJson(v: EncodableValue): TypedJson {
  if (v instanceof Map || (typeof v === "object" && v !== null && isPlainObject(v))) {
    const entries: [unknown, EncodableValue][] = v instanceof Map ? [...v.entries()] : Object.entries(v);
    return {
      map: entries.map(([k, val]): [string, TypedJson] => {
        if (typeof k !== "string") throw new CalldataError("typed JSON: map key is not a string");
        return [k, toTypedJson(val)];
      }),
    };
  }
  const n = normalize(v);
  switch (n.kind) {
    case "null":
      return null;
    case "bool":
      return n.value;
    case "int":
      return { int: n.value.toString() };
    case "str":
      return n.value;
    case "bytes":
      return { bytes: "0x" + bytesToHex(n.value) };
    case "address":
      return { address: "0x" + bytesToHex(n.value) };
    case "array":
      return n.items.map(toTypedJson);
    case "map":
      throw new CalldataError("unreachable");
  }
}
