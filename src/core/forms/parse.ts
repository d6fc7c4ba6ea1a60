/**
 * Parsing form input into calldata values by the field's schema type, with one-line messages.
 * Simple kinds are parsed here (ints in every usual notation, addresses with checksum check);
 * JSON kinds go through `convertValue` (src/core/scenario/args.ts) after a JSON parse that keeps
 * big integer literals exact.
 */
import { Address, type CalldataValue } from "../calldata";
import { ArgError, convertValue, type ConvertedArgs, type NameResolver, type SchemaType } from "../scenario/args";
import type { JsonValue } from "../scenario/format";
import { jsonNestingExceeds, MAX_JSON_DEPTH, parseJsonText } from "../scenario/json-text";
import type { FieldSpec } from "./fields";
import { parseIntText } from "./int";

export type FieldResult = { ok: true; value: CalldataValue } | { ok: false; message: string };
export type FieldInput = string | boolean;

export const ADDRESS_MESSAGE = "an address is 0x followed by 40 hex digits";
export const BYTES_MESSAGE = "bytes are 0x followed by pairs of hex digits, e.g. 0x00ff";

const noNames: NameResolver = () => undefined;
const fail = (message: string): FieldResult => ({ ok: false, message });

/** Parses one field's input (text, or a boolean from a checkbox). */
export function parseField(spec: FieldSpec, input: FieldInput, resolve: NameResolver = noNames): FieldResult {
  if (typeof input === "boolean") {
    if (spec.kind === "bool" || (spec.kind === "optional" && spec.inner?.kind === "bool")) return { ok: true, value: input };
    input = String(input);
  }
  const text = input;
  switch (spec.kind) {
    case "int": {
      const r = parseIntText(text);
      return r.ok ? r : fail(r.message);
    }
    case "string":
      return { ok: true, value: text };
    case "bool": {
      const t = text.trim().toLowerCase();
      if (t === "true") return { ok: true, value: true };
      if (t === "false") return { ok: true, value: false };
      return fail("enter true or false");
    }
    case "address":
      return parseAddress(text, resolve);
    case "bytes":
      return parseBytes(text);
    case "optional": {
      const t = text.trim();
      if (t === "") return { ok: true, value: null };
      const inner = spec.inner!;
      if (inner.kind === "string") return { ok: true, value: t === '""' ? "" : text };
      if (t === "None" || t === "null") return { ok: true, value: null };
      return parseField(inner, text, resolve);
    }
    default:
      return parseJsonField(spec, text, resolve);
  }
}

function parseAddress(text: string, resolve: NameResolver): FieldResult {
  const t = text.trim();
  if (t === "") return fail(`enter an address: ${ADDRESS_MESSAGE}`);
  if (t.startsWith("@")) {
    const a = resolve(t.slice(1));
    return a ? { ok: true, value: a } : fail(`unknown name ${t}: use an account or contract name, or ${ADDRESS_MESSAGE}`);
  }
  if (!/^0x[0-9a-fA-F]*$/.test(t)) {
    return fail(/^0x/i.test(t) ? `${ADDRESS_MESSAGE}; "${t.length > 20 ? t.slice(0, 17) + "…" : t}" has other characters` : ADDRESS_MESSAGE);
  }
  const digits = t.length - 2;
  if (digits !== 40) return fail(`${ADDRESS_MESSAGE} (this has ${digits})`);
  const a = Address.fromHex(t);
  const body = t.slice(2);
  const mixed = body !== body.toLowerCase() && body !== body.toUpperCase();
  if (mixed && a.toChecksum() !== t) return fail("the upper/lower case of this address does not match its checksum: check it, or write it all in lowercase");
  return { ok: true, value: a };
}

function parseBytes(text: string): FieldResult {
  const t = text.trim();
  if (t === "" || t === "0x") return { ok: true, value: new Uint8Array(0) };
  if (!/^0x/i.test(t)) return fail(BYTES_MESSAGE);
  const hex = t.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(hex)) return fail(`${BYTES_MESSAGE}; this has non-hex characters`);
  if (hex.length % 2) return fail(`bytes need an even number of hex digits (this has ${hex.length})`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return { ok: true, value: out };
}

// Big integer literals in JSON text become these marked strings so JSON.parse keeps them exact.
const BIG = "\uE000";
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function protectBigInts(text: string): string {
  return text.replace(TOKEN, (tok) => (/^-?\d+$/.test(tok) && !Number.isSafeInteger(Number(tok)) ? `"${BIG}${tok}"` : tok));
}

const isBig = (v: unknown): v is string => typeof v === "string" && v.startsWith(BIG);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Puts marked big integers where `convertValue` takes them: digit strings for ints, marks kept for untyped data, numbers elsewhere (so the usual message shows). */
function prepare(type: SchemaType, v: JsonValue): JsonValue {
  if (isBig(v)) {
    if (type === "int" || (isObj(type) && Array.isArray(type.$or) && type.$or.includes("int"))) return v.slice(1);
    if (type === "any") return v;
    return Number(v.slice(1));
  }
  if (typeof type === "string") return v;
  if (Array.isArray(type)) {
    if (!Array.isArray(v)) return v;
    if (type.length === 1 && isObj(type[0]) && "$rep" in type[0]) {
      const item = (type[0] as { $rep: SchemaType }).$rep;
      return v.map((x) => prepare(item, x));
    }
    return v.map((x, i) => prepare(type[i] ?? "any", x));
  }
  if (Array.isArray(type.$or)) {
    const alts = type.$or.filter((t) => t !== "null");
    return alts.length === 1 && v !== null ? prepare(alts[0], v) : v;
  }
  if (!isObj(v)) return v;
  if ("$dict" in type) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, prepare(type.$dict, x)]));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k in type ? prepare(type[k], x) : x]));
}

/** Turns the marks left in untyped data into bigints. */
function restoreBigInts(v: CalldataValue): CalldataValue {
  if (isBig(v)) return BigInt(v.slice(1));
  if (Array.isArray(v)) return v.map(restoreBigInts);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, restoreBigInts(x)]));
  return v;
}

function parseJsonField(spec: FieldSpec, text: string, resolve: NameResolver): FieldResult {
  if (text.trim() === "") return fail(`enter a JSON value, e.g. ${spec.placeholder.replace(/^e\.g\. /, "")}`);
  const parsed = parseJsonText(protectBigInts(text));
  if (!parsed.ok) {
    const where = parsed.line === undefined ? "" : text.includes("\n") ? ` (line ${parsed.line}, column ${parsed.column})` : ` (at column ${parsed.column})`;
    return fail(`invalid JSON: ${parsed.message}${where}`);
  }
  if (jsonNestingExceeds(parsed.value)) return fail(`lists and objects nest more than ${MAX_JSON_DEPTH} levels deep here`);
  try {
    const value = convertValue(spec.type, prepare(spec.type, parsed.value as JsonValue), "value", spec.name, resolve);
    return { ok: true, value: restoreBigInts(value) };
  } catch (e) {
    if (e instanceof ArgError) return fail(explain(spec, e));
    throw e;
  }
}

const PLURALS: Record<string, string> = {
  int: "integers",
  string: "strings",
  bool: "true/false values",
  null: "null",
  "bytes (0x hex)": 'bytes ("0x…" hex strings)',
  "an address (0x… or @name)": 'addresses ("0x…" strings)',
  "a list": "lists",
  "an object": "objects",
};
const plural = (t: string): string => PLURALS[t] ?? `values of type ${t}`;

/** `[1].name` → `item 2, field "name"`. */
function humanPath(rel: string): string {
  const parts: string[] = [];
  for (const m of rel.matchAll(/\[(\d+)\]|\.([^.[]+)/g)) parts.push(m[1] !== undefined ? `item ${Number(m[1]) + 1}` : `"${m[2]}"`);
  return parts.join(" → ");
}

/** Rewrites convertValue's messages (`value[1]: expected int for "xs", got "abc"`) for a form. */
function explain(spec: FieldSpec, e: ArgError): string {
  const rel = e.path.replace(/^value/, "");
  const detail = e.detail.replace(/ \(write big integers as strings\)$/, "");
  const m = /^expected (.+?) for "[^"]*", got (.+)$/s.exec(detail);
  const type = spec.kind === "optional" ? spec.inner!.type : spec.type;
  if (m) {
    const [, expected, got] = m;
    if (rel === "") return `expected ${expected}, got ${got}`;
    const item = /^\[(\d+)\]$/.exec(rel);
    if (item && Array.isArray(type) && type.length === 1) return `this list expects ${plural(expected)}: item ${Number(item[1]) + 1} is ${got}`;
    const key = /^\.([^.[]+)$/.exec(rel);
    if (key && (type === "dict" || (isObj(type) && "$dict" in type))) return `this object expects ${plural(expected)} as values: "${key[1]}" is ${got}`;
    if (key && isObj(type) && !("$or" in type)) return `field "${key[1]}" expects ${expected}, got ${got}`;
    return `${humanPath(rel)}: expected ${expected}, got ${got}`;
  }
  const cleaned = detail
    .replace(/^"[^"]*" has no field/, "unknown field")
    .replace(/^"[^"]*" needs the field/, "missing the field")
    .replace(/ for "[^"]*"/, "")
    .replace(/^"[^"]*": /, "");
  const where = humanPath(rel);
  return where && !cleaned.startsWith("unknown field") ? `${where}: ${cleaned}` : cleaned;
}

export interface FormResult {
  ok: boolean;
  /** One entry per field: its message, or null when the input is valid. */
  errors: (string | null)[];
  /** Set when ok. */
  values?: ConvertedArgs;
}

/** Parses every field; positional fields go to args, keyword fields to kwargs. */
export function parseForm(fields: FieldSpec[], inputs: FieldInput[], resolve: NameResolver = noNames): FormResult {
  const out: ConvertedArgs = { args: [], kwargs: new Map() };
  const errors = fields.map((f, i) => {
    const r = parseField(f, inputs[i] ?? f.default, resolve);
    if (!r.ok) return r.message;
    if (f.keyword) out.kwargs.set(f.name, r.value);
    else out.args.push(r.value);
    return null;
  });
  const ok = errors.every((e) => e === null);
  return ok ? { ok, errors, values: out } : { ok, errors };
}
