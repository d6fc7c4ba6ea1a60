/**
 * JSON-aware mutations of a parsed document: a node swapped for a value of the wrong type, huge or
 * odd numbers, deep nesting, keys like `__proto__` and `constructor` (kept as own properties, as
 * JSON.parse makes them), unicode and lone surrogates, long strings, renamed, dropped and copied
 * keys, array items dropped, duplicated and multiplied, and subtrees copied from another document.
 * No generated text spells "undefined", "NaN" or "[object Object]": a message that shows one of
 * them leaked a JavaScript value.
 */
import type { FuzzRng } from "./prng";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };


/** Sets an own property, even `__proto__` (a plain assignment would change the prototype). */
export function setKey(o: { [key: string]: Json }, key: string, value: Json): void {
  if (key === "__proto__") Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

export const ODD_KEYS = [
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "then", "length", "",
  " ", "$encrypted", "apiKey", "0", "-1", "1e3", "a\nb", "\u0000", "\ud800", "\udfff", "\u{1f600}", "\u202e", "é", "@alice", "v1", "alice",
];

export const ODD_NUMBERS = [
  0, -0, 1, -1, 0.5, -0.5, 1e-7, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e300, -1e300,
  Number.MAX_VALUE, Number.MIN_VALUE, 5e-324, 10_000, 10_001, 86_400_000, 1000, 1001, 100, 101, 599, 600, 255, 256,
];

export const ODD_STRINGS = [
  "", " ", "0", "-1", "1.5", "1e3", "0x10", "0x", "00", "99999999999999999999999999999999", "-99999999999999999999", "true", "null",
  "Infinity", "-Infinity", "\n", "a\nb", "\r", "\t", "\u0000", "\ud800", "\udc00", "a\ud800b", "\u{1f600}",
  "\ufeff", "\u2028", "\u202e", "é", "ß", "İ", "@", "@alice", "@nobody", "@@", "alice", "bob", "v1", "v2", "__proto__", "constructor",
  "toString", "(", ")", "[", "(?<", "\\", "*", "a{99999}", "(a+)+$", "https://x", "http://", "2025-06-01T12:00:00Z", "2025-13-01T00:00:00Z",
  "0x" + "ab".repeat(20), "0x" + "AB".repeat(20), "0x" + "00".repeat(32), "v1.d.", "v1.j.e30", "x".repeat(300), "é".repeat(200),
  "strict", "fast", "honest", "scripted", "recorded", "openai", "webllm", "ACCEPTED", "FINALIZED", "UNDETERMINED", "select", "commit",
];

function randomScalar(rng: FuzzRng): Json {
  switch (rng.int(6)) {
    case 0:
      return rng.pick([null, true, false]);
    case 1:
      return rng.pick(ODD_NUMBERS);
    case 2:
      return rng.int(2) === 0 ? rng.int(10) : rng.range(-1000, 100_000);
    case 3:
      return rng.pick(ODD_STRINGS);
    case 4: {
      let s = "";
      for (let n = rng.size(20); n > 0; n--) s += String.fromCharCode(rng.chance(0.8) ? rng.range(0x20, 0x7e) : rng.int(0x10000));
      return s;
    }
    default:
      return rng.chance(0.5) ? [] : {};
  }
}

/** A random JSON value of at most `depth` levels. */
export function randomJson(rng: FuzzRng, depth = 3): Json {
  if (depth <= 0 || rng.chance(0.6)) return randomScalar(rng);
  if (rng.chance(0.5)) return Array.from({ length: rng.size(6) }, () => randomJson(rng, depth - 1));
  const o: { [key: string]: Json } = {};
  for (let n = rng.size(5); n > 0; n--) setKey(o, rng.chance(0.3) ? rng.pick(ODD_KEYS) : rng.pick(ODD_STRINGS).slice(0, 12), randomJson(rng, depth - 1));
  return o;
}

/** `depth` arrays or objects around `inner` (deep enough to overflow recursive code). */
export function deepJson(rng: FuzzRng, depth: number, inner: Json = null): Json {
  let v = inner;
  const key = rng.pick(["a", "args", "steps", "__proto__", "0"]);
  const objects = rng.int(3); // 0 arrays, 1 objects, 2 both
  for (let i = 0; i < depth; i++) {
    if (objects === 0 || (objects === 2 && i % 2 === 0)) v = [v];
    else {
      const o: { [key: string]: Json } = {};
      setKey(o, key, v);
      v = o;
    }
  }
  return v;
}

type Container = Json[] | { [key: string]: Json };
type Slot = { parent: Container; key: string | number; value: Json };

const isContainer = (v: Json): v is Container => typeof v === "object" && v !== null;

/**
 * The (parent, key) slots met on a random walk down from the root (a child picked at each level),
 * then up to 12 random slots of the containers on that path: cheap on big documents, and every
 * depth gets its turn.
 */
function slots(rng: FuzzRng, root: Json): Slot[] {
  const out: Slot[] = [];
  const path: Container[] = [];
  for (let v = root, depth = 0; isContainer(v) && depth < 64; depth++) {
    path.push(v);
    const keys = Array.isArray(v) ? null : Object.keys(v);
    const n = keys ? keys.length : (v as Json[]).length;
    if (n === 0) break;
    const key = keys ? keys[rng.int(n)]! : rng.int(n);
    const child: Json = keys ? (v as { [key: string]: Json })[key as string]! : (v as Json[])[key as number]!;
    out.push({ parent: v, key, value: child });
    v = child;
  }
  for (let k = 0; k < 12 && path.length > 0; k++) {
    const c = rng.pick(path);
    if (Array.isArray(c)) {
      if (c.length > 0) {
        const i = rng.int(c.length);
        out.push({ parent: c, key: i, value: c[i]! });
      }
    } else {
      const keys = Object.keys(c);
      if (keys.length > 0) {
        const key = rng.pick(keys);
        out.push({ parent: c, key, value: c[key]! });
      }
    }
  }
  return out;
}

function put(s: Slot, value: Json): void {
  if (Array.isArray(s.parent)) s.parent[s.key as number] = value;
  else setKey(s.parent, s.key as string, value);
}

function containers(rng: FuzzRng, root: Json): Container[] {
  const out: Container[] = isContainer(root) ? [root] : [];
  for (const s of slots(rng, root)) if (isContainer(s.value)) out.push(s.value);
  return out;
}

type TreeMutation = (rng: FuzzRng, root: Json, others: readonly Json[]) => Json;

export const TREE_MUTATIONS: Record<string, TreeMutation> = {
  wrongType(rng, root) {
    const all = slots(rng, root);
    if (all.length === 0) return randomScalar(rng);
    put(rng.pick(all), randomScalar(rng));
    return root;
  },
  randomSubtree(rng, root) {
    const all = slots(rng, root);
    if (all.length === 0) return randomJson(rng);
    put(rng.pick(all), randomJson(rng));
    return root;
  },
  oddNumber(rng, root) {
    const nums = slots(rng, root).filter((s) => typeof s.value === "number");
    const all = nums.length > 0 && rng.chance(0.8) ? nums : slots(rng, root);
    if (all.length > 0) put(rng.pick(all), rng.pick(ODD_NUMBERS) * (rng.chance(0.1) ? -1 : 1));
    return root;
  },
  oddString(rng, root) {
    const strs = slots(rng, root).filter((s) => typeof s.value === "string");
    const all = strs.length > 0 && rng.chance(0.8) ? strs : slots(rng, root);
    if (all.length === 0) return root;
    const s = rng.pick(all);
    const old = typeof s.value === "string" ? s.value : "";
    const r = rng.int(4);
    put(s, r === 0 ? rng.pick(ODD_STRINGS) : r === 1 ? old + rng.pick(ODD_STRINGS) : r === 2 ? rng.pick(ODD_STRINGS) + old : old.repeat(rng.range(2, 50)));
    return root;
  },
  oddKey(rng, root) {
    const objs = containers(rng, root).filter((c) => !Array.isArray(c)) as { [key: string]: Json }[];
    if (objs.length === 0) return root;
    const o = rng.pick(objs);
    const keys = Object.keys(o);
    const key = rng.chance(0.7) ? rng.pick(ODD_KEYS) : rng.pick(ODD_STRINGS);
    setKey(o, key, keys.length > 0 && rng.chance(0.6) ? o[rng.pick(keys)]! : randomJson(rng, 2));
    return root;
  },
  renameKey(rng, root) {
    const objs = containers(rng, root).filter((c) => !Array.isArray(c) && Object.keys(c).length > 0) as { [key: string]: Json }[];
    if (objs.length === 0) return root;
    const o = rng.pick(objs);
    const keys = Object.keys(o);
    const from = rng.pick(keys);
    const r = rng.int(3);
    const to = r === 0 ? rng.pick(ODD_KEYS) : r === 1 ? from.slice(0, -1) + String.fromCharCode(97 + rng.int(26)) : from.toUpperCase();
    const value = o[from]!;
    delete o[from];
    setKey(o, to, value);
    return root;
  },
  dropKey(rng, root) {
    const objs = containers(rng, root).filter((c) => !Array.isArray(c) && Object.keys(c).length > 0) as { [key: string]: Json }[];
    if (objs.length > 0) {
      const o = rng.pick(objs);
      delete o[rng.pick(Object.keys(o))];
    }
    return root;
  },
  arrayItems(rng, root) {
    const arrs = containers(rng, root).filter(Array.isArray) as Json[][];
    if (arrs.length === 0) return root;
    const a = rng.pick(arrs);
    const r = rng.int(5);
    if (r === 0 && a.length > 0) a.splice(rng.int(a.length), 1);
    else if (r === 1 && a.length > 0) a.splice(rng.int(a.length + 1), 0, structuredCloneJson(a[rng.int(a.length)]!));
    else if (r === 2 && a.length > 1) a.reverse();
    else if (r === 3) a.length = 0;
    else if (a.length > 0) {
      const item = a[rng.int(a.length)]!;
      for (let n = rng.range(10, 100); n > 0; n--) a.push(item); // shared: cheap, and JSON is a tree when written out
    }
    return root;
  },
  deepNest(rng, root) {
    const depth = rng.chance(0.7) ? rng.range(20, 200) : rng.range(2000, 12_000);
    const all = slots(rng, root);
    if (all.length === 0) return deepJson(rng, depth);
    const s = rng.pick(all);
    put(s, deepJson(rng, depth, rng.chance(0.5) ? s.value : null));
    return root;
  },
  copyFromOther(rng, root, others) {
    const from = slots(rng, rng.pick(others));
    const to = slots(rng, root);
    if (from.length === 0 || to.length === 0) return root;
    put(rng.pick(to), structuredCloneJson(rng.pick(from).value));
    return root;
  },
  moveWithin(rng, root) {
    const all = slots(rng, root);
    if (all.length < 2) return root;
    put(rng.pick(all), structuredCloneJson(rng.pick(all).value));
    return root;
  },
};

const TREE_NAMES = Object.keys(TREE_MUTATIONS);

/** A deep copy that keeps own `__proto__` keys (a JSON round trip); a tree too deep to write
 * out is shared instead. */
export function structuredCloneJson(v: Json): Json {
  const text = jsonText(v);
  return text === null ? v : (JSON.parse(text) as Json);
}

const textOf = new WeakMap<object, string>();

/** A fresh copy of a corpus document (its JSON text is kept for the next copy). */
function freshCopy(doc: Json): Json {
  if (!isContainer(doc)) return doc;
  let text = textOf.get(doc);
  if (text === undefined) {
    text = jsonText(doc) ?? "null";
    textOf.set(doc, text);
  }
  return JSON.parse(text) as Json;
}

/** One to `max` stacked tree mutations of a fresh copy of `doc`. */
export function mutateJson(rng: FuzzRng, doc: Json, others: readonly Json[], max = 4): Json {
  let out = freshCopy(doc);
  for (let i = rng.range(1, max); i > 0; i--) out = TREE_MUTATIONS[rng.pick(TREE_NAMES)]!(rng, out, others);
  return out;
}

/** JSON text of `v`, or null when it can not be written (too deep for JSON.stringify). */
export function jsonText(v: Json, pretty = false): string | null {
  try {
    return JSON.stringify(v, null, pretty ? 2 : undefined) ?? null;
  } catch {
    return null;
  }
}

/** JSON text with every object's keys sorted: equal for documents that differ only in key order. */
export function canonicalJson(v: unknown): string | null {
  try {
    return JSON.stringify(v, (_k, x: unknown) =>
      typeof x === "object" && x !== null && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
    ) ?? null;
  } catch {
    return null;
  }
}
