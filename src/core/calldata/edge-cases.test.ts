import { describe, expect, it } from "vitest";
import { Address, CalldataError, encode, makeCalldataObject, toText, type EncodableValue } from "./index";
import { loadOracle, toHex } from "./testing";

/** genlayer-js edge cases: oracle name -> the same input expressed with our API. */
const inputs: Record<string, () => unknown> = {
  "number 1.5": () => encode(1.5),
  "number NaN": () => encode(NaN),
  "number Infinity": () => encode(Infinity),
  "number -0": () => encode(-0),
  "number 1e21 (integral double)": () => encode(1e21),
  "number 2**53 + 2 (integral double)": () => encode(2 ** 53 + 2),
  "number Number.MAX_VALUE": () => encode(Number.MAX_VALUE),
  undefined: () => encode(undefined),
  "array containing undefined": () => encode([undefined, 1]),
  "object with undefined value": () => encode({ a: undefined }),
  "string with lone high surrogate": () => encode("a\uD800b"),
  "string with lone low surrogate": () => encode("\uDC00"),
  "map keys that are two different lone surrogates": () => encode(new Map([["\uD800", 1], ["\uDC00", 2]])),
  "map keys lone surrogate vs U+E000": () => encode(new Map([["\uE000", 1], ["\uD800", 2]])),
  "CalldataAddress with 19 bytes": () => new Address(new Uint8Array(19)),
  "CalldataAddress with 21 bytes": () => new Address(new Uint8Array(21)),
  "Node Buffer (Uint8Array subclass)": () => encode(Buffer.from("0102", "hex")),
  Int8Array: () => encode(new Int8Array([1]) as never),
  "Object.create(null)": () => encode(Object.create(null)),
  Date: () => encode(new Date(0) as never),
  Set: () => encode(new Set([1]) as never),
  function: () => encode((() => 1) as never),
  "Map with non-string key 1": () => encode(new Map([[1, "x"]]) as never),
  'Map with keys 1 (number) and "" (string)': () => encode(new Map<unknown, string>([[1, "x"], ["", "y"]]) as never),
  "plain object with integer-like keys": () => encode({ b: 1, 10: 2, 2: 3 }),
  "makeCalldataObject(method, args, kwargs)": () => encode(makeCalldataObject("transfer", [1n, "x"], { memo: "hi" })),
  "makeCalldataObject(undefined, [5n], undefined) (deploy)": () => encode(makeCalldataObject(undefined, [5n], undefined)),
  "makeCalldataObject(method, [], {})": () => encode(makeCalldataObject("get", [], {})),
  "makeCalldataObject(method, undefined, new Map())": () => encode(makeCalldataObject("get", undefined, new Map())),
  'makeCalldataObject("", [1n], undefined) (empty method name dropped)': () => encode(makeCalldataObject("", [1n], undefined)),
  'makeCalldataObject("#get-schema")': () => encode(makeCalldataObject("#get-schema", undefined, undefined)),
  "toString bytes 0x0a01 (no zero padding)": () => toText(new Uint8Array([0x0a, 0x01])),
  'toString array [1n, "a"] (trailing comma)': () => toText([1n, "a"]),
  "toString map {a:1n,b:2n} (no comma between entries)": () => toText(new Map([["a", 1n], ["b", 2n]])),
  "toString address 0x00..01": () => toText(new Address(Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? 1 : 0)))),
};

/**
 * Where we deliberately differ from genlayer-js: only safe-integer numbers are accepted, strings
 * and keys must be well-formed UTF-16 (the Python SDK refuses them too), map keys must be strings,
 * a null-prototype object is a plain map, and the text form is the Python one.
 */
const overrides: Record<string, { hex?: string; error?: true; text?: string }> = {
  "number 1e21 (integral double)": { error: true },
  "number 2**53 + 2 (integral double)": { error: true },
  "number Number.MAX_VALUE": { error: true },
  "string with lone high surrogate": { error: true },
  "string with lone low surrogate": { error: true },
  "map keys that are two different lone surrogates": { error: true },
  "map keys lone surrogate vs U+E000": { error: true },
  "Object.create(null)": { hex: "0x06" },
  "Map with non-string key 1": { error: true },
  "toString bytes 0x0a01 (no zero padding)": { text: "b#0a01" },
  'toString array [1n, "a"] (trailing comma)': { text: '[1,"a"]' },
  "toString map {a:1n,b:2n} (no comma between entries)": { text: '{"a":1,"b":2}' },
  "toString address 0x00..01": { text: "addr#" + "00".repeat(19) + "01" },
};

const cases = loadOracle().encode_edge_cases.filter((c) => c.impl === "genlayer-js");

describe("oracle: genlayer-js encoder edge cases", () => {
  it("covers every case in the oracle", () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(inputs).sort());
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const o = overrides[name];
    const run = inputs[name];
    if (o?.error || (!o && c.error)) expect(run).toThrow(CalldataError);
    else if (o?.text !== undefined) expect(run()).toBe(o.text);
    else expect(toHex(run() as Uint8Array)).toBe(o?.hex ?? c.hex);
  });
});

describe("Address", () => {
  const checksummed = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
  ];

  it.each(checksummed)("EIP-55 %s", (s) => {
    const a = Address.fromHex(s.toLowerCase());
    expect(a.toChecksum()).toBe(s);
    expect(String(a)).toBe(s);
    expect(a.toHex()).toBe(s.toLowerCase());
    expect(Address.fromHex("0X" + s.slice(2).toUpperCase()).equals(a)).toBe(true);
    expect(new Address(a.toBytes()).equals(a)).toBe(true);
  });

  it("is immutable and compares by bytes", () => {
    const bytes = new Uint8Array(20);
    const a = new Address(bytes);
    bytes[0] = 1;
    expect(a.toHex()).toBe("0x" + "00".repeat(20));
    a.toBytes()[0] = 9;
    expect(a.toHex()).toBe("0x" + "00".repeat(20));
    expect(a.equals(new Address(new Uint8Array(20)))).toBe(true);
    expect(a.equals(new Address(bytes))).toBe(false);
    expect(a.equals("0x" + "00".repeat(20))).toBe(false);
  });

  it("rejects bad hex", () => {
    for (const bad of ["0x" + "ab".repeat(19), "0x" + "ab".repeat(21), "ab".repeat(21), "0x" + "zz".repeat(20), ""])
      expect(() => Address.fromHex(bad)).toThrow(CalldataError);
  });
});

describe("makeCalldataObject", () => {
  it("leaves out what is empty", () => {
    expect([...makeCalldataObject().keys()]).toEqual([]);
    expect([...makeCalldataObject("m", [1n], { a: 2n }).keys()]).toEqual(["method", "args", "kwargs"]);
    const kw = new Map<string, EncodableValue>([["z", 1], ["a", 2]]);
    expect(toText(makeCalldataObject("m", [], kw))).toBe('{"kwargs":{"a":2,"z":1},"method":"m"}');
  });
});
