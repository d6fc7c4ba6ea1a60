/**
 * Contract schemas (`#get-schema`) and the conversion of JSON arguments to calldata values by the
 * declared parameter types, with messages like `steps[2].call.args[0]: expected int for "amount",
 * got "abc"`.
 */
import { Address, type CalldataValue } from "../calldata";
import { describeJson, isObject, orList, suggest } from "./check";
import type { JsonValue } from "./format";

/** A type as `#get-schema` writes it ("int", {"$or": [...]}, [{"$rep": T}], {"$dict": T}, {field: T}...). */
export type SchemaType = string | SchemaType[] | { [key: string]: SchemaType };

export interface ParamsSchema {
  params: [string, SchemaType][];
  kwparams: Record<string, SchemaType>;
  /** Runs inside the committee's enclaves (`@gl.confidential`, or an encrypted parameter). */
  confidential?: boolean;
  /** Positions of `gl.EncryptedField` parameters: the caller encrypts them to the committee. */
  encrypted?: number[];
}

export interface MethodSchema extends ParamsSchema {
  readonly: boolean;
  ret: SchemaType;
  payable?: boolean;
}

export interface ContractSchema {
  ctor: ParamsSchema;
  methods: Record<string, MethodSchema>;
  /** The whole class is `@gl.confidential`. */
  confidential?: boolean;
}

/** Does deploying this contract need a confidential committee? */
export function isConfidentialSchema(schema: ContractSchema): boolean {
  return schema.confidential === true || schema.ctor.confidential === true || Object.values(schema.methods).some((m) => m.confidential === true);
}

/** Checks the shape of a schema returned by a contract; throws with what is wrong. */
export function readContractSchema(raw: unknown): ContractSchema {
  const params = (v: unknown, where: string): ParamsSchema => {
    if (!isObject(v) || !Array.isArray(v.params) || !isObject(v.kwparams)) throw new Error(`malformed contract schema: ${where}`);
    for (const p of v.params) if (!Array.isArray(p) || typeof p[0] !== "string") throw new Error(`malformed contract schema: ${where}.params`);
    const out: ParamsSchema = { params: v.params as [string, SchemaType][], kwparams: v.kwparams as Record<string, SchemaType> };
    if (v.confidential === true) out.confidential = true;
    if (Array.isArray(v.encrypted)) {
      const idx = v.encrypted.map(Number);
      if (idx.some((i) => !Number.isInteger(i) || i < 0 || i >= out.params.length)) throw new Error(`malformed contract schema: ${where}.encrypted`);
      out.encrypted = idx;
    }
    return out;
  };
  if (!isObject(raw) || !isObject(raw.methods)) throw new Error("malformed contract schema: no methods");
  const methods: Record<string, MethodSchema> = {};
  for (const [name, m] of Object.entries(raw.methods)) {
    const p = params(m, `methods.${name}`);
    const o = m as Record<string, unknown>;
    methods[name] = { ...p, readonly: o.readonly === true, ret: (o.ret ?? "any") as SchemaType, ...(o.payable === true && { payable: true }) };
  }
  const schema: ContractSchema = { ctor: raw.ctor === undefined ? { params: [], kwparams: {} } : params(raw.ctor, "ctor"), methods };
  if (raw.confidential === true) schema.confidential = true;
  return schema;
}

/** Resolves `@name` (account, deployed contract label or validator id) to an address. */
export type NameResolver = (name: string) => Address | undefined;

export class ArgError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = "ArgError";
  }
}

export interface ConvertedArgs {
  args: CalldataValue[];
  kwargs: Map<string, CalldataValue>;
}

/**
 * Converts `args`/`kwargs` for a method (or the constructor when `method` is undefined). `path` is
 * the step's action path (`steps[2].call`).
 */
export function convertArgs(
  sig: ParamsSchema,
  method: string | undefined,
  args: JsonValue[] | undefined,
  kwargs: Record<string, JsonValue> | undefined,
  path: string,
  resolve: NameResolver,
): ConvertedArgs {
  const who = method === undefined ? "the constructor" : method;
  const list = args ?? [];
  if (list.length > sig.params.length) {
    const n = sig.params.length;
    throw new ArgError(`${path}.args`, `${who} takes ${n} positional argument${n === 1 ? "" : "s"}, got ${list.length}`);
  }
  const out: ConvertedArgs = { args: [], kwargs: new Map() };
  list.forEach((v, i) => {
    const [name, type] = sig.params[i];
    out.args.push(convertValue(type, v, `${path}.args[${i}]`, name, resolve));
  });
  const known = [...sig.params.map(([n]) => n), ...Object.keys(sig.kwparams)];
  for (const [name, v] of Object.entries(kwargs ?? {})) {
    const p = `${path}.kwargs.${name}`;
    const index = sig.params.findIndex(([n]) => n === name);
    let type: SchemaType | undefined = sig.kwparams[name];
    if (index >= 0) {
      if (index < list.length) throw new ArgError(p, `"${name}" is already given as args[${index}]`);
      type = sig.params[index][1];
    }
    if (type === undefined) throw new ArgError(p, `${who} has no parameter "${name}"${suggest(name, known)}`);
    out.kwargs.set(name, convertValue(type, v, p, name, resolve));
  }
  return out;
}

/** Converts one JSON value to the calldata value of `type`; throws ArgError. */
export function convertValue(type: SchemaType, v: JsonValue, path: string, param: string, resolve: NameResolver): CalldataValue {
  const fail = (): never => {
    let hint = "";
    if (typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v)) hint = " (write big integers as strings)";
    throw new ArgError(path, `expected ${typeName(type)} for "${param}", got ${describeJson(v)}${hint}`);
  };
  if (typeof type === "string") {
    switch (type) {
      case "int":
        if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
        if (typeof v === "string" && /^[-+]?(\d+|0[xX][0-9a-fA-F]+)$/.test(v)) {
          const neg = v.startsWith("-");
          const n = BigInt(v.replace(/^[-+]/, ""));
          return neg ? -n : n;
        }
        return fail();
      case "string": {
        if (typeof v !== "string") return fail();
        // Contracts often take addresses as `str`: "@name" of a known account, contract or
        // validator becomes its checksum hex; any other text stays as written.
        const named = /^@[\w.-]+$/.test(v) ? resolve(v.slice(1)) : undefined;
        return named ? named.toChecksum() : v;
      }
      case "bool":
        return typeof v === "boolean" ? v : fail();
      case "null":
        return v === null ? null : fail();
      case "bytes":
        if (typeof v === "string" && /^0[xX]([0-9a-fA-F]{2})*$/.test(v)) return hexBytes(v);
        return fail();
      case "address":
        return toAddress(v, path, param, resolve) ?? fail();
      case "array":
        return Array.isArray(v) ? v.map((x, i) => anyValue(x, `${path}[${i}]`, param)) : fail();
      case "dict":
        return isObject(v) ? mapOf(v, (x, k) => anyValue(x, `${path}.${k}`, param)) : fail();
      default:
        return anyValue(v, path, param);
    }
  }
  if (Array.isArray(type)) {
    if (!Array.isArray(v)) return fail();
    if (type.length === 1 && isObject(type[0]) && "$rep" in type[0]) {
      const item = type[0].$rep;
      return v.map((x, i) => convertValue(item, x, `${path}[${i}]`, param, resolve));
    }
    if (v.length !== type.length) throw new ArgError(path, `expected ${typeName(type)} (${type.length} items) for "${param}", got ${v.length} items`);
    return v.map((x, i) => convertValue(type[i], x, `${path}[${i}]`, param, resolve));
  }
  if ("$or" in type && Array.isArray(type.$or)) {
    const alts = type.$or;
    if (typeof v === "string" && alts.includes("string")) return v;
    for (const alt of alts) {
      try {
        return convertValue(alt, v, path, param, resolve);
      } catch (e) {
        if (!(e instanceof ArgError)) throw e;
      }
    }
    return fail();
  }
  if ("$dict" in type) {
    const item = type.$dict;
    return isObject(v) ? mapOf(v, (x, k) => convertValue(item, x, `${path}.${k}`, param, resolve)) : fail();
  }
  // a dataclass: an object with exactly these fields
  if (!isObject(v)) return fail();
  const fields = Object.keys(type);
  for (const k of Object.keys(v)) if (!fields.includes(k)) throw new ArgError(`${path}.${k}`, `"${param}" has no field "${k}"${suggest(k, fields)}`);
  for (const k of fields) if (!(k in v)) throw new ArgError(path, `"${param}" needs the field "${k}"`);
  return new Map(fields.map((k) => [k, convertValue(type[k], v[k], `${path}.${k}`, param, resolve)]));
}

/** "int", "list of int", "int, string or null", "address (0x… or @name)"... */
export function typeName(type: SchemaType): string {
  if (typeof type === "string") {
    if (type === "bytes") return "bytes (0x hex)";
    if (type === "address") return "an address (0x… or @name)";
    if (type === "array") return "a list";
    if (type === "dict") return "an object";
    return type;
  }
  if (Array.isArray(type)) {
    if (type.length === 1 && isObject(type[0]) && "$rep" in type[0]) return `a list of ${typeName(type[0].$rep)}`;
    return `[${type.map(typeName).join(", ")}]`;
  }
  if ("$or" in type && Array.isArray(type.$or)) return orList(type.$or.map(typeName), false);
  if ("$dict" in type) return `an object of ${typeName(type.$dict)}`;
  return `{${Object.keys(type).join(", ")}}`;
}

function toAddress(v: JsonValue, path: string, param: string, resolve: NameResolver): Address | undefined {
  if (typeof v !== "string") return undefined;
  if (/^0[xX][0-9a-fA-F]{40}$/.test(v)) return Address.fromHex(v);
  if (v.startsWith("@")) {
    const a = resolve(v.slice(1));
    if (!a) throw new ArgError(path, `unknown name ${JSON.stringify(v)} for "${param}" (an account, a deployed contract label or a validator id)`);
    return a;
  }
  return undefined;
}

/** `any`: JSON as is, integers as ints (calldata has no floats). */
function anyValue(v: JsonValue, path: string, param: string): CalldataValue {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") {
    if (Number.isSafeInteger(v)) return BigInt(v);
    throw new ArgError(path, `"${param}": ${v} is not an integer that fits a JSON number (calldata has no floats; write big integers as strings)`);
  }
  if (Array.isArray(v)) return v.map((x, i) => anyValue(x, `${path}[${i}]`, param));
  return mapOf(v, (x, k) => anyValue(x, `${path}.${k}`, param));
}

function mapOf(o: { [k: string]: JsonValue }, f: (v: JsonValue, k: string) => CalldataValue): Map<string, CalldataValue> {
  return new Map(Object.entries(o).map(([k, v]) => [k, f(v, k)]));
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}
