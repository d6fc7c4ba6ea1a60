import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { Address, decode, encode, fromTypedJson, quoteString, toText } from "./index";
import { loadOracle } from "./testing";

// sha256 over toText(value) of every valid vector joined with "\n"; the Python test
// (src/sdk/tests/test_calldata.py) asserts the same digest, so both text forms agree.
const VECTORS_TEXT_SHA256 = "6321fa8634d5c899e050d811c1d64f3197ddca53d9f77c7b2b693b72d1528264";

function sha256Hex(s: string): string {
  return Array.from(sha256(new TextEncoder().encode(s)), (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("toText", () => {
  it("writes every kind", () => {
    expect(toText(null)).toBe("null");
    expect(toText(undefined)).toBe("null");
    expect(toText(true)).toBe("true");
    expect(toText(false)).toBe("false");
    expect(toText(-42n)).toBe("-42");
    expect(toText(-0)).toBe("0");
    expect(toText(new Uint8Array())).toBe("b#");
    expect(toText(new Uint8Array([0, 255]))).toBe("b#00ff");
    expect(toText(new Address(Uint8Array.from({ length: 20 }, (_, i) => i)))).toBe(
      "addr#000102030405060708090a0b0c0d0e0f10111213",
    );
    expect(toText([])).toBe("[]");
    expect(toText(new Map())).toBe("{}");
    expect(toText([[], {}, [1]])).toBe("[[],{},[1]]");
    expect(toText({ b: [1, 2], a: null })).toBe('{"a":null,"b":[1,2]}');
    expect(toText(2n ** 3000n)).toBe((2n ** 3000n).toString());
  });

  it("escapes strings like Python's json.dumps", () => {
    expect(toText('"\\/\b\f\n\r\t\u0000\u001f\u007f \u00e9\u2028\u{1F600}')).toBe(
      '"\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f \\u00e9\\u2028\\ud83d\\ude00"',
    );
    expect(quoteString("\u00e9\u{1F600}")).toBe('"\\u00e9\\ud83d\\ude00"'); // the Python SDK's to_str
    expect(toText(new Map([["\u{10000}", 1n], ["\uffff", 2n]]))).toBe('{"\\uffff":2,"\\ud800\\udc00":1}');
  });

  it("gives the same text for every oracle vector as the Python to_str (digest)", () => {
    const text = loadOracle().vectors.map((v) => toText(fromTypedJson(v.value))).join("\n");
    expect(sha256Hex(text)).toBe(VECTORS_TEXT_SHA256);
  });

  it("is unchanged by an encode/decode round trip", () => {
    for (const v of loadOracle().vectors) {
      const value = fromTypedJson(v.value);
      expect(toText(decode(encode(value)))).toBe(toText(value));
    }
  });
});
