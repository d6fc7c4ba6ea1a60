/**
 * Form field specs built from a contract schema's params entry (`{params: [[name, type]],
 * kwparams: {name: type}}`, types as `#get-schema` writes them). DOM-free.
 *
 * Kinds and what the user types:
 *   int      a whole number: 42, -7, 1_000, 0xff, 1e18 (exact only)
 *   string   the text as is
 *   bool     a checkbox (true/false)
 *   address  0x + 40 hex digits (or @name when the form has a name resolver)
 *   bytes    0x + hex digit pairs
 *   optional `X | None`: the inner kind's text, empty = None (`""` = an empty string)
 *   list     JSON array (`list[T]`, `tuple[A, B]`, untyped `list`)
 *   dict     JSON object (`dict[str, V]`, untyped `dict`)
 *   record   JSON object with the dataclass's fields
 *   json     any other type (`Any`, unions): any JSON value
 * Inside JSON, integers may be bare numbers of any size or decimal/hex strings, bytes "0x…",
 * addresses "0x…" (see `convertValue` in src/core/scenario/args.ts).
 */
import type { ParamsSchema, SchemaType } from "../scenario/args";
import { typeName } from "../scenario/args";

export type FieldKind = "int" | "string" | "bool" | "address" | "bytes" | "json" | "optional" | "list" | "dict" | "record";

export interface FieldSpec {
  /** Parameter name as the contract declares it. */
  name: string;
  /** Label for the input: `amount (int)`. */
  label: string;
  type: SchemaType;
  kind: FieldKind;
  /** For `optional`: the field of the non-null type. */
  inner?: FieldSpec;
  /** A keyword-only parameter (goes to kwargs). */
  keyword: boolean;
  /** Initial input value: a boolean for checkboxes, text otherwise. */
  default: string | boolean;
  placeholder: string;
  /** One line on what to type. */
  help: string;
  /** Whether the input should be a multi-line text area (JSON kinds). */
  multiline: boolean;
}

/** Fields for the positional params, then the keyword params. */
export function buildFields(sig: ParamsSchema): FieldSpec[] {
  return [
    ...sig.params.map(([name, type]) => buildField(name, type, false)),
    ...Object.entries(sig.kwparams).map(([name, type]) => buildField(name, type, true)),
  ];
}

const isObj = (t: unknown): t is { [k: string]: SchemaType } => typeof t === "object" && t !== null && !Array.isArray(t);

/** The non-null alternative of `X | None`, or undefined when `type` is not such a union. */
export function optionalInner(type: SchemaType): SchemaType | undefined {
  if (!isObj(type) || !Array.isArray(type.$or)) return undefined;
  const alts = type.$or;
  if (!alts.includes("null")) return undefined;
  const rest = alts.filter((a) => a !== "null");
  return rest.length === 1 ? rest[0] : undefined;
}

export function kindOf(type: SchemaType): FieldKind {
  if (typeof type === "string") {
    switch (type) {
      case "int":
      case "string":
      case "bool":
      case "address":
      case "bytes":
        return type;
      case "array":
        return "list";
      case "dict":
        return "dict";
      default:
        return "json";
    }
  }
  if (Array.isArray(type)) return "list";
  if (optionalInner(type) !== undefined) return "optional";
  if ("$or" in type) return "json";
  if ("$dict" in type) return "dict";
  return "record";
}

/** Short type text for labels: int, str, list[int], dict[str, bool], Point, int | None. */
export function shortType(type: SchemaType): string {
  if (typeof type === "string") return type === "string" ? "str" : type === "array" ? "list" : type === "null" ? "None" : type;
  if (Array.isArray(type)) {
    if (type.length === 1 && isObj(type[0]) && "$rep" in type[0]) return `list[${shortType(type[0].$rep)}]`;
    return `tuple[${type.map(shortType).join(", ")}]`;
  }
  if (Array.isArray(type.$or)) return type.$or.map(shortType).join(" | ");
  if ("$dict" in type) return `dict[str, ${shortType(type.$dict)}]`;
  return `{${Object.keys(type).join(", ")}}`;
}

/** A sample JSON text for a type (used for defaults of records and placeholders). */
export function sampleJson(type: SchemaType, depth = 0): string {
  if (depth > 3) return "null";
  if (typeof type === "string") {
    const s: Record<string, string> = {
      int: "1",
      string: '"text"',
      bool: "true",
      address: '"0x' + "0".repeat(40) + '"',
      bytes: '"0x00ff"',
      null: "null",
      array: "[1, 2]",
      dict: '{"key": 1}',
    };
    return s[type] ?? "null";
  }
  if (Array.isArray(type)) {
    if (type.length === 1 && isObj(type[0]) && "$rep" in type[0]) {
      const item = sampleJson(type[0].$rep, depth + 1);
      return `[${item}, ${item}]`;
    }
    return `[${type.map((t) => sampleJson(t, depth + 1)).join(", ")}]`;
  }
  if (Array.isArray(type.$or)) return sampleJson(type.$or.find((t) => t !== "null") ?? "null", depth + 1);
  if ("$dict" in type) return `{"key": ${sampleJson(type.$dict, depth + 1)}}`;
  return `{${Object.entries(type)
    .map(([k, t]) => `${JSON.stringify(k)}: ${sampleJson(t, depth + 1)}`)
    .join(", ")}}`;
}

/** A zero-ish JSON value of a record's field, for the record's default text. */
function zeroJson(type: SchemaType, depth = 0): string {
  if (depth > 3) return "null";
  if (typeof type === "string") {
    const z: Record<string, string> = { int: "0", string: '""', bool: "false", array: "[]", dict: "{}", address: '"0x' + "0".repeat(40) + '"', bytes: '"0x"' };
    return z[type] ?? "null";
  }
  if (Array.isArray(type)) return type.length === 1 && isObj(type[0]) && "$rep" in type[0] ? "[]" : `[${type.map((t) => zeroJson(t, depth + 1)).join(", ")}]`;
  if (Array.isArray(type.$or)) return type.$or.includes("null") ? "null" : zeroJson(type.$or[0], depth + 1);
  if ("$dict" in type) return "{}";
  return `{${Object.entries(type)
    .map(([k, t]) => `${JSON.stringify(k)}: ${zeroJson(t, depth + 1)}`)
    .join(", ")}}`;
}

export function buildField(name: string, type: SchemaType, keyword: boolean): FieldSpec {
  const kind = kindOf(type);
  const base = { name, label: `${name} (${shortType(type)})`, type, kind, keyword, multiline: false };
  switch (kind) {
    case "int":
      return { ...base, default: "0", placeholder: "e.g. 42", help: "whole number: 42, -7, 1_000, 0xff or 1e18" };
    case "string":
      return { ...base, default: "", placeholder: "text", help: "text, sent as typed" };
    case "bool":
      return { ...base, default: false, placeholder: "", help: "checked = True" };
    case "address":
      return { ...base, default: "", placeholder: "0x… (40 hex digits)", help: "0x followed by 40 hex digits" };
    case "bytes":
      return { ...base, default: "", placeholder: "0x00ff", help: "0x followed by hex digit pairs (empty = no bytes)" };
    case "optional": {
      const inner = buildField(name, optionalInner(type)!, keyword);
      const empty = inner.kind === "string" ? ', "" = empty string' : "";
      return {
        ...base,
        inner,
        multiline: inner.multiline,
        default: "",
        placeholder: inner.kind === "bool" ? "true / false" : inner.placeholder,
        help: `empty = None${empty}; else ${inner.kind === "bool" ? "true or false" : inner.help}`,
      };
    }
    case "record":
      return { ...base, multiline: true, default: zeroJson(type), placeholder: sampleJson(type), help: `JSON object with the fields ${Object.keys(type).join(", ")}` };
    case "list":
      return { ...base, multiline: true, default: "[]", placeholder: `e.g. ${sampleJson(type)}`, help: `JSON list: ${typeName(type)}` };
    case "dict":
      return { ...base, multiline: true, default: "{}", placeholder: `e.g. ${sampleJson(type)}`, help: `JSON object: ${typeName(type)}` };
    default:
      return { ...base, multiline: true, default: type === "null" ? "null" : "null", placeholder: 'any JSON, e.g. 42, "text", [1, 2] or {"k": 1}', help: `JSON value: ${typeName(type)}` };
  }
}
