/** JSON text errors with line:column, trace lines and step titles. */
import { describe, expect, it } from "vitest";
import type { NetworkEvent } from "../consensus/events";
import { stepTitle } from "./expectations";
import { errorOffset, parseJsonText } from "./json-text";
import { formatEvent, shortHash } from "./trace";

describe("parseJsonText", () => {
  it("returns the value of valid JSON", () => {
    expect(parseJsonText('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it("locates a syntax error by line and column", () => {
    const r = parseJsonText('{\n  "version": 1,\n  "name": "x"\n  "seed": 1\n}');
    expect(r).toEqual({ ok: false, message: "Expected ',' or '}' after property value", line: 4, column: 3 });
  });

  it("locates errors that the engine gives no position for", () => {
    expect(parseJsonText("[1, }")).toEqual({ ok: false, message: "Unexpected token '}'", line: 1, column: 5 });
    expect(parseJsonText('{\n  "a": [1,\n  ]\n}')).toMatchObject({ ok: false, line: 3, column: 3 });
    expect(parseJsonText('{\n  "a": [1,')).toMatchObject({ ok: false, message: "Unexpected end of JSON input", line: 2, column: 11 });
    expect(parseJsonText("")).toMatchObject({ ok: false, line: 1, column: 1 });
    expect(parseJsonText('{"a": 1} x')).toMatchObject({ ok: false, line: 1, column: 10 });
    expect(parseJsonText('{"a": "\\q"}')).toMatchObject({ ok: false, line: 1, column: 9 });
    expect(parseJsonText("{'a': 1}")).toMatchObject({ ok: false, line: 1, column: 2 });
  });

  it("agrees with JSON.parse on what is valid", () => {
    for (const t of ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', "  7 ", '"s"', "[]", "{}"]) {
      expect(errorOffset(t)).toBeNull();
      expect(parseJsonText(t).ok).toBe(true);
    }
  });
});

describe("formatEvent", () => {
  const tx = "0xab" + "0".repeat(60) + "12";
  const at = { seq: 12, at: 0 };

  it("prints one line per event with the short hash", () => {
    expect(shortHash(tx)).toBe("0xab…12");
    expect(formatEvent({ ...at, type: "vote_revealed", tx, round: 0, validator: "v3", vote: "agree", reason: "same" })).toBe(
      "[t=0ms] #12 vote_revealed tx=0xab…12 v3 agree",
    );
    expect(formatEvent({ seq: 40, at: 31000, type: "clock_advanced", by: 31000, now: 31000 })).toBe("[t=31000ms] #40 clock_advanced +31000ms");
    expect(
      formatEvent({ ...at, type: "tally", tx, round: 1, agree: 2, disagree: 1, timeout: 0, violation: 0, result: "agree" }),
    ).toBe("[t=0ms] #12 tally tx=0xab…12 round 1 agree=2 disagree=1 timeout=0 violation=0 → agree");
  });

  it("names accounts and contracts when it can", () => {
    const alice = "0x" + "a1".repeat(20);
    const names = (a: string) => (a.toLowerCase() === alice ? "alice" : undefined);
    const e: NetworkEvent = { ...at, type: "tx_created", tx, kind: "call", from: alice.toUpperCase().replace("0X", "0x"), to: "0x" + "cc".repeat(20), mode: "strict", parent: null };
    expect(formatEvent(e, names)).toBe("[t=0ms] #12 tx_created tx=0xab…12 call alice→0xcc…cc strict");
  });

  it("prints unknown event types generically", () => {
    const e = { ...at, type: "something_new", tx, n: 3 } as unknown as NetworkEvent;
    expect(formatEvent(e)).toBe(`[t=0ms] #12 something_new tx=${tx} n=3`);
  });
});

describe("stepTitle", () => {
  it("uses the label or describes the step", () => {
    expect(stepTitle({ call: { contract: "store", method: "set", label: "upd" } })).toBe("upd");
    expect(stepTitle({ view: { contract: "store", method: "get" } })).toBe("store.get");
    expect(stepTitle({ advance: { ms: 5 } })).toBe("advance 5ms");
    expect(stepTitle({ expect: { validator: "v1", stake: "1" } })).toBe("expect v1");
    expect(stepTitle({ run: {} })).toBe("run");
  });
});
