import { describe, expect, it } from "vitest";
import { Address } from "../calldata";
import type { SchemaType } from "../scenario/args";
import { buildField, buildFields, formatGen, formatResult, parseField, parseForm, parseIntText, parseWei } from ".";

const f = (type: SchemaType, name = "x") => buildField(name, type, false);
const ok = (type: SchemaType, input: string | boolean) => {
  const r = parseField(f(type), input);
  if (!r.ok) throw new Error(`unexpected failure: ${r.message}`);
  return r.value;
};
const msg = (type: SchemaType, input: string | boolean) => {
  const r = parseField(f(type), input);
  if (r.ok) throw new Error(`unexpected success: ${String(r.value)}`);
  return r.message;
};
const ADDR = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

describe("field specs", () => {
  it("maps every schema type to a kind", () => {
    const kinds = (
      ["int", "string", "bool", "address", "bytes", "null", "any", "array", "dict", { $or: ["int", "null"] }, { $or: ["int", "string"] }, { $dict: "int" }, [{ $rep: "int" }], ["int", "string"], { a: "int", b: "string" }] as SchemaType[]
    ).map((t) => f(t).kind);
    expect(kinds).toEqual(["int", "string", "bool", "address", "bytes", "json", "json", "list", "dict", "optional", "json", "dict", "list", "list", "record"]);
  });

  it("labels, defaults, placeholders and help", () => {
    expect(f("int", "amount")).toMatchObject({ label: "amount (int)", default: "0", multiline: false });
    expect(f("bool")).toMatchObject({ default: false });
    expect(f("string").default).toBe("");
    expect(f([{ $rep: "int" }], "xs")).toMatchObject({ label: "xs (list[int])", default: "[]", placeholder: "e.g. [1, 1]", multiline: true });
    expect(f({ $dict: "bool" }).label).toBe("x (dict[str, bool])");
    expect(f(["int", "string"]).label).toBe("x (tuple[int, str])");
    expect(f({ $or: ["address", "null"] }).label).toBe("x (address | None)");
    const rec = f({ a: "int", b: "string", c: [{ $rep: "bool" }] });
    expect(rec.default).toBe('{"a": 0, "b": "", "c": []}');
    expect(rec.help).toContain("a, b, c");
    const opt = f({ $or: ["string", "null"] });
    expect(opt.inner?.kind).toBe("string");
    expect(opt.help).toBe('empty = None, "" = empty string; else text, sent as typed');
    expect(f("any").default).toBe("null");
  });

  it("puts kwparams after params and marks them", () => {
    const fields = buildFields({ params: [["a", "int"], ["b", "string"]], kwparams: { c: "bool", d: { $or: ["int", "null"] } } });
    expect(fields.map((x) => [x.name, x.keyword])).toEqual([["a", false], ["b", false], ["c", true], ["d", true]]);
  });
});

describe("ints", () => {
  it("accepts decimal, signs, underscores, hex, octal, binary and exact scientific", () => {
    expect(ok("int", "42")).toBe(42n);
    expect(ok("int", " -7 ")).toBe(-7n);
    expect(ok("int", "+5")).toBe(5n);
    expect(ok("int", "1_000_000")).toBe(1000000n);
    expect(ok("int", "0xff")).toBe(255n);
    expect(ok("int", "-0XFF")).toBe(-255n);
    expect(ok("int", "0o17")).toBe(15n);
    expect(ok("int", "0b101")).toBe(5n);
    expect(ok("int", "1e18")).toBe(10n ** 18n);
    expect(ok("int", "2.5e3")).toBe(2500n);
    expect(ok("int", "1.50E2")).toBe(150n);
    expect(ok("int", "123456789012345678901234567890")).toBe(123456789012345678901234567890n);
  });

  it("explains what is wrong", () => {
    expect(msg("int", "abc")).toBe("enter a whole number, e.g. 42 or -7 (big numbers are fine)");
    expect(msg("int", "")).toBe("enter a whole number, e.g. 42 or -7 (big numbers are fine)");
    expect(msg("int", "1.5")).toBe('"1.5" is not a whole number (calldata has no fractions)');
    expect(msg("int", "1.25e1")).toBe('"1.25e1" is not a whole number (calldata has no fractions)');
    expect(msg("int", "0xfg")).toBe('"0xfg" is not a valid hex number');
    expect(msg("int", "1__0")).toContain("whole number");
    expect(msg("int", "1e99999")).toContain("too large");
    expect(parseIntText("0b2")).toEqual({ ok: false, message: '"0b2" is not a valid binary number' });
  });
});

describe("simple kinds", () => {
  it("strings are taken as typed", () => {
    expect(ok("string", "  hi  ")).toBe("  hi  ");
    expect(ok("string", "")).toBe("");
  });

  it("bools from a checkbox or text", () => {
    expect(ok("bool", true)).toBe(true);
    expect(ok("bool", "False")).toBe(false);
    expect(msg("bool", "yes")).toBe("enter true or false");
  });

  it("addresses", () => {
    expect((ok("address", ADDR) as Address).toChecksum()).toBe(ADDR);
    expect(ok("address", ADDR.toLowerCase())).toBeInstanceOf(Address);
    expect(msg("address", "")).toBe("enter an address: an address is 0x followed by 40 hex digits");
    expect(msg("address", "0x1234")).toBe("an address is 0x followed by 40 hex digits (this has 4)");
    expect(msg("address", "hello")).toBe("an address is 0x followed by 40 hex digits");
    expect(msg("address", "0xZZ")).toContain("has other characters");
    expect(msg("address", ADDR.replace("a", "A"))).toContain("checksum");
    expect(msg("address", "@alice")).toContain("unknown name @alice");
    const alice = Address.fromHex("0x" + "11".repeat(20));
    const r = parseField(f("address"), "@alice", (n) => (n === "alice" ? alice : undefined));
    expect(r).toEqual({ ok: true, value: alice });
  });

  it("bytes", () => {
    expect(ok("bytes", "0x00ff")).toEqual(new Uint8Array([0, 255]));
    expect(ok("bytes", "")).toEqual(new Uint8Array(0));
    expect(msg("bytes", "00ff")).toBe("bytes are 0x followed by pairs of hex digits, e.g. 0x00ff");
    expect(msg("bytes", "0xabc")).toBe("bytes need an even number of hex digits (this has 3)");
    expect(msg("bytes", "0xgg")).toContain("non-hex");
  });
});

describe("optional", () => {
  const oi = { $or: ["int", "null"] } as SchemaType;
  it("empty is None, otherwise the inner kind", () => {
    expect(ok(oi, "")).toBe(null);
    expect(ok(oi, "None")).toBe(null);
    expect(ok(oi, "1_000")).toBe(1000n);
    expect(msg(oi, "x")).toBe("enter a whole number, e.g. 42 or -7 (big numbers are fine)");
  });
  it("optional strings: empty is None, \"\" is the empty string", () => {
    const os = { $or: ["string", "null"] } as SchemaType;
    expect(ok(os, "")).toBe(null);
    expect(ok(os, '""')).toBe("");
    expect(ok(os, "null")).toBe("null");
  });
  it("optional bools and lists", () => {
    expect(ok({ $or: ["bool", "null"] }, true)).toBe(true);
    expect(ok({ $or: ["bool", "null"] }, "false")).toBe(false);
    expect(ok({ $or: [[{ $rep: "int" }], "null"] }, "[1, 2]")).toEqual([1n, 2n]);
    expect(msg({ $or: [[{ $rep: "int" }], "null"] }, '[1, "a"]')).toBe('this list expects integers: item 2 is "a"');
  });
});

describe("JSON kinds", () => {
  it("lists of ints keep big numbers exact", () => {
    expect(ok([{ $rep: "int" }], '[1, "0x10", 123456789012345678901234567890]')).toEqual([1n, 16n, 123456789012345678901234567890n]);
    expect(ok("array", "[1, 99999999999999999999, \"s\", null]")).toEqual([1n, 99999999999999999999n, "s", null]);
    expect(ok("any", "123456789012345678901234567890")).toBe(123456789012345678901234567890n);
  });

  it("list messages", () => {
    expect(msg([{ $rep: "int" }], '[1, "abc"]')).toBe('this list expects integers: item 2 is "abc"');
    expect(msg([{ $rep: "address" }], '["0x12"]')).toBe('this list expects addresses ("0x…" strings): item 1 is "0x12"');
    expect(msg([{ $rep: "string" }], "[99999999999999999999]")).toBe("this list expects strings: item 1 is 100000000000000000000");
    expect(msg([{ $rep: "int" }], "{}")).toBe("expected a list of int, got an object");
    expect(msg([{ $rep: "int" }], "")).toBe("enter a JSON value, e.g. [1, 1]");
    expect(msg("array", "[1.5]")).toContain("not an integer");
  });

  it("invalid JSON says where", () => {
    expect(msg([{ $rep: "int" }], "[1, }")).toMatch(/^invalid JSON: .+ \(at column 5\)$/);
    expect(msg("dict", '{\n "a": }')).toMatch(/^invalid JSON: .+ \(line 2, column 7\)$/);
  });

  it("tuples", () => {
    expect(ok(["int", "string"], '[1, "a"]')).toEqual([1n, "a"]);
    expect(msg(["int", "string"], "[1]")).toBe("expected [int, string] (2 items), got 1 items");
    expect(msg(["int", "string"], '["a", "b"]')).toBe('item 1: expected int, got "a"');
  });

  it("dicts", () => {
    expect(ok({ $dict: "int" }, '{"a": 1, "b": 20000000000000000000}')).toEqual(new Map([["a", 1n], ["b", 20000000000000000000n]]));
    expect(ok("dict", '{"a": [1, true]}')).toEqual(new Map([["a", [1n, true]]]));
    expect(msg({ $dict: "int" }, '{"a": "x"}')).toBe('this object expects integers as values: "a" is "x"');
    expect(msg("dict", "[1]")).toBe("expected an object, got an array");
  });

  it("records (dataclasses), nested", () => {
    const t: SchemaType = { name: "string", tags: [{ $rep: "string" }], owner: "address", inner: { n: "int" } };
    const v = ok(t, `{"name": "a", "tags": ["x"], "owner": "${ADDR}", "inner": {"n": 30000000000000000000}}`) as Map<string, unknown>;
    expect(v.get("name")).toBe("a");
    expect((v.get("owner") as Address).toChecksum()).toBe(ADDR);
    expect((v.get("inner") as Map<string, unknown>).get("n")).toBe(30000000000000000000n);
    expect(msg(t, '{"name": 1, "tags": [], "owner": "' + ADDR + '", "inner": {"n": 1}}')).toBe('field "name" expects string, got 1');
    expect(msg(t, '{"name": "a", "tags": [], "owner": "' + ADDR + '", "inner": {"n": "q"}}')).toBe('"inner" → "n": expected int, got "q"');
    expect(msg(t, '{"nme": "a"}')).toBe('unknown field "nme" (did you mean "name"?)');
    expect(msg(t, '{"name": "a"}')).toBe('missing the field "tags"');
    expect(msg({ a: [{ $rep: "int" }] }, '{"a": [1, "z"]}')).toBe('"a" → item 2: expected int, got "z"');
  });

  it("unions and any", () => {
    expect(ok({ $or: ["int", "string"] }, '"hi"')).toBe("hi");
    expect(ok({ $or: ["int", "string"] }, "5")).toBe(5n);
    expect(msg({ $or: ["int", "bool"] }, '"hi"')).toBe('expected int or bool, got "hi"');
    expect(ok("any", '{"k": [1, "a", null]}')).toEqual(new Map([["k", [1n, "a", null]]]));
    expect(ok("null", "null")).toBe(null);
    expect(msg("null", "1")).toBe("expected null, got 1");
  });
});

describe("forms", () => {
  it("splits args and kwargs and reports per field", () => {
    const fields = buildFields({ params: [["a", "int"], ["b", "string"]], kwparams: { c: "bool", d: { $or: ["int", "null"] } } });
    const good = parseForm(fields, ["0x10", "hi", true, ""]);
    expect(good.ok).toBe(true);
    expect(good.values!.args).toEqual([16n, "hi"]);
    expect([...good.values!.kwargs]).toEqual([["c", true], ["d", null]]);
    const bad = parseForm(fields, ["x", "hi", true, "y"]);
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toContain("whole number");
    expect(bad.errors[1]).toBe(null);
    expect(bad.errors[3]).toContain("whole number");
    expect(parseForm(fields, []).ok).toBe(true); // defaults are valid
  });
});

describe("wei and results", () => {
  it("parses wei and GEN amounts", () => {
    expect(parseWei("")).toEqual({ ok: true, value: 0n });
    expect(parseWei("1e18")).toEqual({ ok: true, value: 10n ** 18n });
    expect(parseWei("1.5 GEN")).toEqual({ ok: true, value: 15n * 10n ** 17n });
    expect(parseWei("-1")).toEqual({ ok: false, message: "the value can not be negative" });
    expect(parseWei("abc").ok).toBe(false);
    expect(formatGen(15n * 10n ** 17n)).toBe("1.5 GEN");
    expect(formatGen(1n)).toBe("0.000000000000000001 GEN");
    expect(formatGen(1234n * 10n ** 18n)).toBe("1,234 GEN");
  });

  it("formats decoded values", () => {
    const a = Address.fromHex(ADDR);
    expect(formatResult(null)).toBe("null");
    expect(formatResult(123456789012345678901234567890n)).toBe("123456789012345678901234567890");
    expect(formatResult("cliché")).toBe('"cliché"');
    expect(formatResult(new Uint8Array([0, 255]))).toBe("0x00ff");
    expect(formatResult(a)).toBe(ADDR);
    expect(formatResult([1n, true, new Map([["k", "v"]])])).toBe('[1, true, {"k": "v"}]');
    const long = formatResult(new Map<string, never>([["owner", a as never], ["items", [1n, 2n, 3n, 4n] as never]]));
    expect(long).toBe(`{\n  "owner": ${ADDR},\n  "items": [1, 2, 3, 4]\n}`);
  });
});
