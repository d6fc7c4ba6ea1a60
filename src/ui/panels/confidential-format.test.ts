import { describe, expect, it } from "vitest";
import { clipHex, hexBytes, hexOf, isExternalProvider, nameOf, parseCommittee, sealedHex, shareCount, shareRows } from "./confidential-format";

describe("confidential display helpers", () => {
  it("treats only providers outside the browser as seeing the plaintext", () => {
    expect(["scripted", "recorded", "webllm"].map(isExternalProvider)).toEqual([false, false, false]);
    expect(isExternalProvider("openai")).toBe(true);
  });

  it("recognises sealed storage values and nothing else", () => {
    expect(sealedHex({ sealed: "0x00ff" })).toBe("0x00ff");
    expect(sealedHex({ sealed: "0x00ff", other: 1 })).toBeNull();
    expect(sealedHex({ sealed: "plain text" })).toBeNull();
    expect(sealedHex(["0x00"])).toBeNull();
    expect(sealedHex("0x00")).toBeNull();
  });

  it("formats hex: bytes, length, clipped", () => {
    const hex = hexOf(new Uint8Array([0, 1, 254, 255]));
    expect(hex).toBe("0x0001feff");
    expect(hexBytes(hex)).toBe(4);
    const long = "0x" + "ab".repeat(100);
    expect(clipHex(long)).toBe("0xabababab…ababab");
    expect(clipHex(hex)).toBe(hex);
  });

  it("names addresses whatever their case", () => {
    const named = [{ name: "bob", address: "0x82f256f5DE7743Cf0EE0FB6f5cAD1360c2237388" }];
    expect(nameOf(named, "0x82f256f5de7743cf0ee0fb6f5cad1360c2237388")).toBe("bob");
    expect(nameOf(named, "0x0000000000000000000000000000000000000000")).toBeUndefined();
  });

  it("groups share reports per member and counts valid ones per kind", () => {
    const shares = [
      { validator: "v1", status: "valid" as const, shareKind: "decryption" as const },
      { validator: "v2", status: "invalid" as const, reason: "bad proof", shareKind: "decryption" as const },
      { validator: "v1", status: "valid" as const, shareKind: "state" as const },
      { validator: "v3", status: "missing" as const },
    ];
    const rows = shareRows(shares);
    expect(rows.map((r) => [r.validator, r.decryption?.status, r.state?.status])).toEqual([
      ["v1", "valid", "valid"],
      ["v2", "invalid", undefined],
      ["v3", "missing", undefined],
    ]);
    expect(shareCount(shares, "decryption")).toBe("1 of 3 valid");
    expect(shareCount(shares, "state")).toBe("1 of 1 valid");
    expect(shareCount([], "state")).toBe("none");
  });
});

describe("committee options of a confidential deploy", () => {
  const inputs = (n: string, t: string, auditors: string[] = []) => ({ n, t, auditors });
  it("leaves empty inputs to the chain's defaults and passes numbers and auditors", () => {
    expect(parseCommittee(inputs("", ""), 3)).toEqual({ ok: true, options: {} });
    expect(parseCommittee(inputs(" 3", "2 ", ["bob"]), 3)).toEqual({ ok: true, options: { n: 3, t: 2, auditors: ["bob"] } });
  });
  it("refuses sizes the enclave validators cannot fill and thresholds above the size", () => {
    expect(parseCommittee(inputs("4", ""), 3)).toEqual({ ok: false, message: "a committee of 4 needs 4 enclave validators; 3 run one" });
    expect(parseCommittee(inputs("2", "3"), 3)).toEqual({ ok: false, message: "the threshold 3 is more than the committee's 2 members" });
    expect(parseCommittee(inputs("", "4"), 3)).toEqual({ ok: false, message: "the threshold 4 is more than the committee's 3 members" });
    expect(parseCommittee(inputs("0", ""), 3)).toEqual({ ok: false, message: "the committee size must be a whole number of at least 1" });
    expect(parseCommittee(inputs("2", "x"), 3)).toEqual({ ok: false, message: "the threshold must be a whole number of at least 1" });
  });
});
