/** Argument conversion by schema type, JSON-safe rendering and value matching. */
import { describe, expect, it } from "vitest";
import { Address } from "../calldata";
import { ArgError, convertArgs, convertValue, readContractSchema, typeName, type SchemaType } from "./args";
import { compareHolds, describeComparison, matchesExpected, toJsonSafe } from "./values";
import type { JsonValue } from "./format";

const ALICE = Address.fromHex("0x" + "11".repeat(20));
const resolve = (name: string) => (name === "alice" ? ALICE : undefined);

function conv(type: SchemaType, v: JsonValue) {
  return convertValue(type, v, "steps[2].call.args[0]", "amount", resolve);
}

function fails(type: SchemaType, v: JsonValue): string {
  try {
    conv(type, v);
  } catch (e) {
    if (e instanceof ArgError) return e.message;
    throw e;
  }
  throw new Error("converted");
}

describe("convertValue", () => {
  it("converts ints from numbers, decimal and hex strings", () => {
    expect(conv("int", 5)).toBe(5n);
    expect(conv("int", "1000000000000000000000")).toBe(10n ** 21n);
    expect(conv("int", "-12")).toBe(-12n);
    expect(conv("int", "0xff")).toBe(255n);
  });

  it("explains wrong ints", () => {
    expect(fails("int", "abc")).toBe('steps[2].call.args[0]: expected int for "amount", got "abc"');
    expect(fails("int", 1.5)).toBe('steps[2].call.args[0]: expected int for "amount", got 1.5');
    expect(fails("int", 1e21)).toBe('steps[2].call.args[0]: expected int for "amount", got 1e+21 (write big integers as strings)');
    expect(fails("int", true)).toBe('steps[2].call.args[0]: expected int for "amount", got true');
  });

  it("converts strings, bools, null and bytes", () => {
    expect(conv("string", "x")).toBe("x");
    expect(conv("bool", false)).toBe(false);
    expect(conv("null", null)).toBe(null);
    expect(conv("bytes", "0x00FF")).toEqual(new Uint8Array([0, 255]));
    expect(fails("string", 5)).toBe('steps[2].call.args[0]: expected string for "amount", got 5');
    expect(fails("bytes", "0x123")).toBe('steps[2].call.args[0]: expected bytes (0x hex) for "amount", got "0x123"');
  });

  it("converts addresses from hex and @names", () => {
    expect(conv("address", "0x" + "ab".repeat(20))).toEqual(Address.fromHex("0x" + "ab".repeat(20)));
    expect(conv("address", "@alice")).toEqual(ALICE);
    expect(fails("address", "@bob")).toBe(
      'steps[2].call.args[0]: unknown name "@bob" for "amount" (an account, a deployed contract label or a validator id)',
    );
    expect(fails("address", "alice")).toBe('steps[2].call.args[0]: expected an address (0x… or @name) for "amount", got "alice"');
  });

  it("converts typed lists, tuples, dicts and dataclasses with item paths", () => {
    expect(conv([{ $rep: "int" }], [1, "2"])).toEqual([1n, 2n]);
    expect(fails([{ $rep: "int" }], [1, "x"])).toBe('steps[2].call.args[0][1]: expected int for "amount", got "x"');
    expect(conv(["address", "int"], ["@alice", 3])).toEqual([ALICE, 3n]);
    expect(fails(["address", "int"], ["@alice"])).toBe('steps[2].call.args[0]: expected [an address (0x… or @name), int] (2 items) for "amount", got 1 items');
    expect(conv({ $dict: "int" }, { a: 1 })).toEqual(new Map([["a", 1n]]));
    expect(fails({ $dict: "int" }, { a: "z" })).toBe('steps[2].call.args[0].a: expected int for "amount", got "z"');
    expect(conv({ x: "int", label: "string" }, { label: "p", x: 2 })).toEqual(new Map<string, unknown>([["x", 2n], ["label", "p"]]));
    expect(fails({ x: "int" }, { y: 1 })).toBe('steps[2].call.args[0].y: "amount" has no field "y"');
    expect(fails({ x: "int", y: "int" }, { x: 1 })).toBe('steps[2].call.args[0]: "amount" needs the field "y"');
    expect(fails([{ $rep: "int" }], "1,2")).toBe('steps[2].call.args[0]: expected a list of int for "amount", got "1,2"');
  });

  it("tries union alternatives, preferring a string for a string", () => {
    const t: SchemaType = { $or: ["int", "string", "null"] };
    expect(conv(t, "12")).toBe("12");
    expect(conv(t, 12)).toBe(12n);
    expect(conv(t, null)).toBe(null);
    expect(fails(t, true)).toBe('steps[2].call.args[0]: expected int, string or null for "amount", got true');
    expect(conv({ $or: ["address", "null"] }, "@alice")).toEqual(ALICE);
  });

  it("passes JSON through for any, array and dict, rejecting fractions", () => {
    expect(conv("any", { a: [1, "x", null] })).toEqual(new Map([["a", [1n, "x", null]]]));
    expect(conv("array", [1, true])).toEqual([1n, true]);
    expect(conv("dict", { k: "v" })).toEqual(new Map([["k", "v"]]));
    expect(fails("any", [0.5])).toBe('steps[2].call.args[0][0]: "amount": 0.5 is not an integer that fits a JSON number (calldata has no floats; write big integers as strings)');
    expect(fails("dict", [1])).toBe('steps[2].call.args[0]: expected an object for "amount", got an array');
  });

  it("names types for messages", () => {
    expect(typeName({ $or: [[{ $rep: "int" }], { $dict: "bytes" }, "null"] })).toBe("a list of int, an object of bytes (0x hex) or null");
  });
});

describe("convertArgs", () => {
  const sig = { params: [["to", "address"], ["amount", "int"]] as [string, SchemaType][], kwparams: { memo: "string" } as Record<string, SchemaType> };

  it("converts positional and keyword arguments (positional ones may be named)", () => {
    const out = convertArgs(sig, "transfer", ["@alice"], { amount: "5", memo: "hi" }, "steps[1].call", resolve);
    expect(out.args).toEqual([ALICE]);
    expect(out.kwargs).toEqual(new Map<string, unknown>([["amount", 5n], ["memo", "hi"]]));
  });

  it("rejects too many arguments, unknown and repeated keywords", () => {
    const msg = (args: JsonValue[], kwargs?: Record<string, JsonValue>, method: string | null = "transfer") => {
      try {
        convertArgs(sig, method ?? undefined, args, kwargs, "steps[1].call", resolve);
        return "ok";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(msg(["@alice", 1, 2])).toBe("steps[1].call.args: transfer takes 2 positional arguments, got 3");
    expect(msg([1, 2, 3], undefined, null)).toBe("steps[1].call.args: the constructor takes 2 positional arguments, got 3");
    expect(msg([], { mem: "x" })).toBe('steps[1].call.kwargs.mem: transfer has no parameter "mem" (did you mean "memo"?)');
    expect(msg(["@alice"], { to: "@alice" })).toBe('steps[1].call.kwargs.to: "to" is already given as args[0]');
    expect(msg(["@alice", "ten"])).toBe('steps[1].call.args[1]: expected int for "amount", got "ten"');
  });
});

describe("readContractSchema", () => {
  it("reads ctor and methods and rejects other shapes", () => {
    const s = readContractSchema({
      ctor: { params: [["a", "int"]], kwparams: {} },
      methods: { m: { params: [], kwparams: {}, readonly: false, ret: "null", payable: true }, v: { params: [], kwparams: {}, readonly: true, ret: "int" } },
    });
    expect(s.methods.m).toEqual({ params: [], kwparams: {}, readonly: false, ret: "null", payable: true });
    expect(s.methods.v.readonly).toBe(true);
    expect(() => readContractSchema({ ctor: {} })).toThrow("malformed contract schema: no methods");
    expect(() => readContractSchema({ methods: { m: { params: [5], kwparams: {} } } })).toThrow("malformed contract schema: methods.m.params");
  });
});

describe("values", () => {
  it("renders calldata values as JSON", () => {
    const value = new Map<string, unknown>([
      ["n", 10n ** 30n],
      ["b", new Uint8Array([0xde, 0xad])],
      ["a", Address.fromHex("0x" + "ab".repeat(20))],
      ["l", [null, true, "s", -1n]],
    ]);
    expect(toJsonSafe(value as never)).toEqual({
      n: "1000000000000000000000000000000",
      b: "0xdead",
      a: Address.fromHex("0x" + "ab".repeat(20)).toChecksum(),
      l: [null, true, "s", "-1"],
    });
  });

  it("matches expected JSON against actual values", () => {
    expect(matchesExpected(5, 5n, resolve)).toBe(true);
    expect(matchesExpected("5", 5n, resolve)).toBe(true);
    expect(matchesExpected(5, "5", resolve)).toBe(false);
    expect(matchesExpected("@alice", ALICE, resolve)).toBe(true);
    expect(matchesExpected("0x" + "11".repeat(20), ALICE, resolve)).toBe(true);
    expect(matchesExpected("0xDEAD", new Uint8Array([0xde, 0xad]), resolve)).toBe(true);
    expect(matchesExpected({ b: 1, a: [true] }, new Map<string, never>([["a", [true] as never], ["b", 1n as never]]), resolve)).toBe(true);
    expect(matchesExpected({ a: 1 }, new Map<string, never>([["a", 1n as never], ["b", 1n as never]]), resolve)).toBe(false);
    expect(matchesExpected([1, 2], [1n], resolve)).toBe(false);
    expect(matchesExpected(null, null, resolve)).toBe(true);
  });

  it("checks comparisons on bigints and numbers", () => {
    expect(compareHolds("10", 10n)).toBe(true);
    expect(compareHolds({ gt: "1", lt: "10" }, 5n)).toBe(true);
    expect(compareHolds({ gt: "1", lt: "10" }, 10n)).toBe(false);
    expect(compareHolds({ gte: 0.5 }, 0.75)).toBe(true);
    expect(compareHolds({ ne: "3" }, 3n)).toBe(false);
    expect(describeComparison({ lt: "10", gte: "2" })).toBe('< "10" and ≥ "2"');
  });
});
