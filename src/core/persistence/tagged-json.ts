/**
 * Lossless JSON for engine state: plain JSON plus tags for what JSON can not hold.
 *
 *   {"$big": "-12"}              bigint
 *   {"$bytes": "00ff"}           Uint8Array (hex)
 *   {"$addr": "0x<40 hex>"}      Address
 *   {"$map": [[k, v], ...]}      Map (keys may be any value), in insertion order
 *   {"$num": "NaN"|"Infinity"|"-Infinity"|"-0"}   numbers JSON can not spell
 *   {"$undef": 1}                undefined (an object key that is present but undefined)
 *   {"$obj": [[k, v], ...]}      a plain object with a key starting with "$" (escaped)
 *   {"$id": n, "$v": x}          the first occurrence of an object that occurs more than once
 *   {"$ref": n}                  a later occurrence of it (identity survives, e.g. the engine's
 *                                shared receipts: `work.finalReceipt === round.leaderReceipt`)
 *
 * Arrays, Maps, plain objects and Uint8Arrays take part in identity sharing; Address is immutable
 * and is not shared. Cycles and other classes (Date, Error, Set...) are refused.
 */
import { Address } from "../calldata";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class TaggedJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaggedJsonError";
  }
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

function unhex(s: unknown): Uint8Array {
  if (typeof s !== "string" || !/^([0-9a-f]{2})*$/i.test(s)) throw new TaggedJsonError(`bad $bytes ${JSON.stringify(s)}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function isPlain(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

const shareable = (v: unknown): v is object =>
  typeof v === "object" && v !== null && (Array.isArray(v) || v instanceof Map || v instanceof Uint8Array || isPlain(v));

/** Counts how often each shareable object occurs (and refuses cycles). */
function countRefs(v: unknown, seen: Map<object, number>, path: Set<object>): void {
  if (!shareable(v)) return;
  if (path.has(v)) throw new TaggedJsonError("cannot serialise a cyclic structure");
  const n = seen.get(v) ?? 0;
  seen.set(v, n + 1);
  if (n > 0 || v instanceof Uint8Array) return;
  path.add(v);
  if (Array.isArray(v)) for (const x of v) countRefs(x, seen, path);
  else if (v instanceof Map)
    for (const [k, x] of v) {
      countRefs(k, seen, path);
      countRefs(x, seen, path);
    }
  else for (const x of Object.values(v)) countRefs(x, seen, path);
  path.delete(v);
}

/** Value → JSON value with tags. `shareRefs: false` writes shared objects out in full each time
 * (for comparisons; the result then loses identity). */
export function toTagged(value: unknown, opts: { shareRefs?: boolean } = {}): JsonValue {
  const counts = new Map<object, number>();
  countRefs(value, counts, new Set());
  if (opts.shareRefs === false) counts.clear();
  const ids = new Map<object, number>();
  const enc = (v: unknown): JsonValue => {
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (v === undefined) return { $undef: 1 };
    if (typeof v === "number") {
      if (Object.is(v, -0)) return { $num: "-0" };
      return Number.isFinite(v) ? v : { $num: String(v) };
    }
    if (typeof v === "bigint") return { $big: v.toString() };
    if (v instanceof Address) return { $addr: v.toHex() };
    if (typeof v !== "object") throw new TaggedJsonError(`cannot serialise a ${typeof v}`);
    if (!shareable(v)) throw new TaggedJsonError(`cannot serialise a ${(v as object).constructor?.name ?? "object"}`);
    const known = ids.get(v);
    if (known !== undefined) return { $ref: known };
    let body: JsonValue;
    const shared = (counts.get(v) ?? 0) > 1;
    const id = ids.size;
    if (shared) ids.set(v, id);
    if (v instanceof Uint8Array) body = { $bytes: hex(v) };
    else if (Array.isArray(v)) body = v.map(enc);
    else if (v instanceof Map) body = { $map: [...v].map(([k, x]) => [enc(k), enc(x)]) };
    else {
      const entries = Object.entries(v);
      if (entries.some(([k]) => k.startsWith("$"))) body = { $obj: entries.map(([k, x]) => [k, enc(x)]) };
      else body = Object.fromEntries(entries.map(([k, x]) => [k, enc(x)]));
    }
    return shared ? { $id: id, $v: body } : body;
  };
  return enc(value);
}

/** JSON value with tags → value (the inverse of `toTagged`). Throws TaggedJsonError on bad tags. */
export function fromTagged(json: unknown): unknown {
  const refs = new Map<number, unknown>();
  const dec = (j: unknown): unknown => {
    if (j === null || typeof j === "boolean" || typeof j === "string" || typeof j === "number") return j;
    if (Array.isArray(j)) return j.map(dec);
    if (typeof j !== "object") throw new TaggedJsonError(`unexpected ${typeof j}`);
    const o = j as Record<string, unknown>;
    const keys = Object.keys(o);
    const tag = keys.find((k) => k.startsWith("$"));
    if (tag === undefined) return Object.fromEntries(keys.map((k) => [k, dec(o[k])]));
    switch (tag) {
      case "$big":
        if (typeof o.$big !== "string" || !/^-?\d+$/.test(o.$big)) throw new TaggedJsonError(`bad $big ${JSON.stringify(o.$big)}`);
        return BigInt(o.$big);
      case "$bytes":
        return unhex(o.$bytes);
      case "$addr":
        try {
          return Address.fromHex(String(o.$addr));
        } catch {
          throw new TaggedJsonError(`bad $addr ${JSON.stringify(o.$addr)}`);
        }
      case "$num": {
        const table: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 };
        if (typeof o.$num !== "string" || !(o.$num in table)) throw new TaggedJsonError(`bad $num ${JSON.stringify(o.$num)}`);
        return table[o.$num];
      }
      case "$undef":
        return undefined;
      case "$map":
        if (!Array.isArray(o.$map)) throw new TaggedJsonError("bad $map");
        return new Map(o.$map.map((e) => (Array.isArray(e) && e.length === 2 ? [dec(e[0]), dec(e[1])] : bad("$map entry"))));
      case "$obj":
        if (!Array.isArray(o.$obj)) throw new TaggedJsonError("bad $obj");
        return Object.fromEntries(o.$obj.map((e) => (Array.isArray(e) && e.length === 2 && typeof e[0] === "string" ? [e[0], dec(e[1])] : bad("$obj entry"))));
      case "$id": {
        if (typeof o.$id !== "number" || !("$v" in o)) throw new TaggedJsonError("bad $id");
        const v = dec(o.$v);
        refs.set(o.$id, v);
        return v;
      }
      case "$ref":
        if (typeof o.$ref !== "number" || !refs.has(o.$ref)) throw new TaggedJsonError(`dangling $ref ${JSON.stringify(o.$ref)}`);
        return refs.get(o.$ref);
      default:
        throw new TaggedJsonError(`unknown tag ${tag}`);
    }
  };
  return dec(json);
}

function bad(what: string): never {
  throw new TaggedJsonError(`bad ${what}`);
}

export const stringifyTagged = (value: unknown, opts: { shareRefs?: boolean } = {}): string => JSON.stringify(toTagged(value, opts));
export const parseTagged = (text: string): unknown => fromTagged(JSON.parse(text));
