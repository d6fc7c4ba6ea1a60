import { describe, expect, it } from "vitest";
import { Address } from "../calldata";
import { fromTagged, parseTagged, stringifyTagged, toTagged } from "./tagged-json";

const A = Address.fromHex("0x" + "12".repeat(20));

describe("tagged JSON", () => {
  it("round-trips bigint, bytes, Address, Maps, odd numbers, undefined and $-keys", () => {
    const value = {
      big: -(2n ** 200n),
      bytes: new Uint8Array([0, 255, 16]),
      addr: A,
      map: new Map<unknown, unknown>([["k", 1n], [7, [null, true]]]),
      nums: [NaN, Infinity, -Infinity, -0, 1.5],
      undef: undefined,
      $escaped: { $big: "not a tag" },
      nested: [[{ a: "b" }]],
    };
    const back = parseTagged(stringifyTagged(value)) as typeof value;
    expect(back.big).toBe(value.big);
    expect(back.bytes).toEqual(value.bytes);
    expect(back.addr).toBeInstanceOf(Address);
    expect((back.addr as Address).equals(A)).toBe(true);
    expect(back.map).toEqual(value.map);
    expect(Object.is(back.nums[3], -0)).toBe(true);
    expect(back.nums.slice(0, 3)).toEqual([NaN, Infinity, -Infinity]);
    expect("undef" in back && back.undef === undefined).toBe(true);
    expect(back.$escaped).toEqual({ $big: "not a tag" });
    expect(back.nested).toEqual(value.nested);
  });

  it("keeps shared objects shared", () => {
    const receipt = { gas: 1n };
    const back = fromTagged(JSON.parse(JSON.stringify(toTagged({ a: receipt, b: [receipt], m: new Map([["x", receipt]]) })))) as {
      a: object;
      b: object[];
      m: Map<string, object>;
    };
    expect(back.b[0]).toBe(back.a);
    expect(back.m.get("x")).toBe(back.a);
  });

  it("refuses cycles, classes and bad tags", () => {
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => toTagged(cyc)).toThrow("cannot serialise a cyclic structure");
    expect(() => toTagged(new Date())).toThrow("cannot serialise a Date");
    expect(() => toTagged(new Set())).toThrow("cannot serialise a Set");
    expect(() => fromTagged({ $ref: 3 })).toThrow("dangling $ref 3");
    expect(() => fromTagged({ $bytes: "abc" })).toThrow(/bad \$bytes/);
    expect(() => fromTagged({ $what: 1 })).toThrow("unknown tag $what");
    expect(() => fromTagged({ $addr: "0x12" })).toThrow(/bad \$addr/);
  });
});
