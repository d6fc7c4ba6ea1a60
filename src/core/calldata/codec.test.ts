import { describe, expect, it } from "vitest";
import { Address, CalldataError, decode, encode, fromTypedJson, MAX_DEPTH, toTypedJson } from "./index";
import { hexToBytes, loadOracle, toHex } from "./testing";

const oracle = loadOracle();

/** Exact comparison through the typed JSON form (keeps types and map order). */
function typed(v: Parameters<typeof toTypedJson>[0]): string {
  return JSON.stringify(toTypedJson(v));
}

describe("oracle: valid vectors", () => {
  it("has the expected counts", () => {
    expect(oracle.vectors).toHaveLength(317);
    expect(oracle.malformed).toHaveLength(47);
    expect(oracle.encode_edge_cases).toHaveLength(62);
  });

  it.each(oracle.vectors.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    const value = fromTypedJson(v.value);
    expect(toHex(encode(value))).toBe(v.hex);
    const decoded = decode(hexToBytes(v.hex));
    expect(typed(decoded)).toBe(typed(fromTypedJson(v.decoded ?? v.value)));
  });
});

describe("oracle: malformed inputs get the Python SDK's verdict", () => {
  it.each(oracle.malformed.map((m) => [m.name, m] as const))("%s", (_name, m) => {
    const data = hexToBytes(m.hex);
    if (m.py.verdict === "reject") expect(() => decode(data)).toThrow(CalldataError);
    else expect(typed(decode(data))).toBe(typed(fromTypedJson(m.py.decoded!)));
  });
});

describe("encoder", () => {
  it("writes the small values", () => {
    expect(toHex(encode(null))).toBe("0x00");
    expect(toHex(encode(false))).toBe("0x08");
    expect(toHex(encode(true))).toBe("0x10");
    expect(toHex(encode(0n))).toBe("0x01");
    expect(toHex(encode(-1n))).toBe("0x02");
    expect(toHex(encode(15))).toBe("0x79");
    expect(toHex(encode(16n))).toBe("0x8101");
    expect(toHex(encode(""))).toBe("0x04");
    expect(toHex(encode(new Uint8Array()))).toBe("0x03");
    expect(toHex(encode([]))).toBe("0x05");
    expect(toHex(encode(new Map()))).toBe("0x06");
    expect(toHex(encode({}))).toBe("0x06");
    expect(toHex(encode(new Address(new Uint8Array(20))))).toBe("0x18" + "00".repeat(20));
  });

  it("numbers and bigints agree; maps and plain objects agree", () => {
    for (const n of [0, 1, -1, 127, 128, -129, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])
      expect(toHex(encode(n))).toBe(toHex(encode(BigInt(n))));
    expect(toHex(encode({ b: 1, a: [2, "x"] }))).toBe(toHex(encode(new Map<string, unknown>([["a", [2n, "x"]], ["b", 1n]]) as never)));
  });

  it("round-trips huge integers", () => {
    for (const v of [2n ** 4000n, -(2n ** 4000n) - 12345n, 3n ** 9000n, 2n ** 63n, -(2n ** 63n) - 1n, 2n ** 31n, 2n ** 28n - 1n]) {
      expect(decode(encode(v))).toBe(v);
    }
  });

  it("rejects what has no calldata form", () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 53, 1e21, Symbol("s"), () => 1, new Date(0), new Set([1]), new Int8Array(1), new ArrayBuffer(2), "a\uD800b", "\uDC00"])
      expect(() => encode(bad as never)).toThrow(CalldataError);
    expect(() => encode(new Map([[1, "x"]]) as never)).toThrow(/not a string/);
    expect(() => encode(new Map([["\uD800", 1n]]))).toThrow(/surrogate/);
  });

  it("rejects cycles through the depth limit", () => {
    const a: unknown[] = [];
    a.push(a);
    expect(() => encode(a as never)).toThrow(/deeper/);
  });
});

describe("decoder", () => {
  it("keeps a leading U+FEFF", () => {
    expect(decode(encode("\uFEFFabc"))).toBe("\uFEFFabc");
    expect(typed(decode(encode({ "\uFEFFk": 1, k: 2 })))).toBe(typed(new Map([["k", 2n], ["\uFEFFk", 1n]])));
  });

  it("returns bigint, Map, Uint8Array and Address", () => {
    const v = decode(encode([1, { a: new Uint8Array([1]) }, Address.fromHex("0x" + "11".repeat(20))])) as unknown[];
    expect(typeof v[0]).toBe("bigint");
    expect(v[1]).toBeInstanceOf(Map);
    expect((v[1] as Map<string, unknown>).get("a")).toBeInstanceOf(Uint8Array);
    expect(v[2]).toBeInstanceOf(Address);
  });

  it("hands out plain Uint8Array copies, also when given a Buffer", () => {
    const input = Buffer.from(encode(new Uint8Array([1, 2, 3])));
    const out = decode(input) as Uint8Array;
    expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
    input[2] = 9;
    expect([...out]).toEqual([1, 2, 3]);
  });

  it("gives clear messages", () => {
    const cases: [string, RegExp][] = [
      ["0x", /end of input/],
      ["0x8000", /non-minimal/],
      ["0x0e81006100", /non-minimal/],
      ["0x16016209016111", /unordered map keys: "b" >= "a"/],
      ["0x16016109016111", /unordered/],
      ["0x0cff", /UTF-8/],
      ["0x07", /type 7/],
      ["0x20", /unknown atom 4/],
      ["0x0000", /trailing/],
      ["0x1822", /end of input/],
      ["0x838080808040", /end of input/],
    ];
    for (const [hex, re] of cases) expect(() => decode(hexToBytes(hex))).toThrow(re);
  });

  it("enforces the depth limit exactly at MAX_DEPTH", () => {
    const nest = (prefix: number[], n: number, leaf: number) => Uint8Array.from([...Array(n).fill(prefix).flat(), leaf]);
    expect(() => decode(nest([0x0d], MAX_DEPTH, 0x00))).not.toThrow();
    expect(() => decode(nest([0x0d], MAX_DEPTH + 1, 0x00))).toThrow(/deeper/);
    expect(() => decode(nest([0x0d], MAX_DEPTH, 0x05))).not.toThrow();
    expect(() => decode(nest([0x0d], MAX_DEPTH + 1, 0x05))).toThrow(/deeper/);
    expect(() => decode(nest([0x0e, 0x01, 0x6b], MAX_DEPTH, 0x00))).not.toThrow();
    expect(() => decode(nest([0x0e, 0x01, 0x6b], MAX_DEPTH + 1, 0x00))).toThrow(/deeper/);

    let deep: unknown = null;
    for (let i = 0; i < MAX_DEPTH; i++) deep = [deep];
    expect(toHex(encode(deep as never))).toBe(toHex(nest([0x0d], MAX_DEPTH, 0x00)));
    expect(() => encode([deep] as never)).toThrow(/deeper/);
  });
});

describe("typed JSON", () => {
  it("converts the oracle's values back to the same typed JSON", () => {
    for (const v of oracle.vectors) {
      if (JSON.stringify(v.value).includes("nested_array")) continue;
      expect(toTypedJson(fromTypedJson(v.value))).toEqual(v.value);
    }
  });

  it("accepts the encoder's extra inputs", () => {
    expect(toTypedJson({ b: 1, a: [undefined, -2] })).toEqual({ map: [["b", { int: "1" }], ["a", [null, { int: "-2" }]]] });
    expect(fromTypedJson({ nested_array: { depth: 2, leaf: "x" } })).toEqual([["x"]]);
    expect(() => fromTypedJson({ bytes: "0x1" })).toThrow(CalldataError);
  });
});
