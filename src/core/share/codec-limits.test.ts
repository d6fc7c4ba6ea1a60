/** Share links that are bad on purpose or by accident: each decodes to one line, never a throw or a hang. */
import { describe, expect, it } from "vitest";
import { decodeFragment, decodePayload, deflateRaw, MAX_LINK_JSON_BYTES, toBase64Url } from "./codec";

const utf8 = (s: string) => new TextEncoder().encode(s);
const oneLine = (m: string) => expect(m.split("\n")).toHaveLength(1);

describe("share links with bad data", () => {
  it("refuses a payload that unpacks past the limit (a zip bomb) without unpacking it all", async () => {
    const zeros = await deflateRaw(new Uint8Array(MAX_LINK_JSON_BYTES + 1024 * 1024));
    expect(zeros.length).toBeLessThan(64 * 1024);
    const r = await decodePayload(`v1.d.${toBase64Url(zeros)}`);
    expect(r).toEqual({ ok: false, message: "this link is damaged: its data unpacks to more than 8 MB" });
  });

  it("refuses an enormous payload before decoding it", async () => {
    const r = await decodeFragment(`#s=v1.j.${"A".repeat(2 * 1024 * 1024)}`);
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^this link is far too long to be a playground link \(2\.0 MB;/) });
  });

  it("says what is wrong with garbage that is valid base64", async () => {
    const cases: [string, RegExp][] = [
      [`v1.j.${toBase64Url(utf8("hello, not json"))}`, /not a complete scenario/],
      [`v1.j.${toBase64Url(utf8("[1, 2, 3]"))}`, /scenario is invalid: .*object/],
      [`v1.j.${toBase64Url(utf8('{"version": 1}'))}`, /scenario is invalid: name: required/],
      [`v1.j.${toBase64Url(utf8("[".repeat(200_000) + "]".repeat(200_000)))}`, /more than 100 levels deep/],
      [`v1.d.${toBase64Url(Uint8Array.from({ length: 300 }, (_, i) => (i * 97 + 13) & 255))}`, /damaged or cut short|not a complete scenario/],
      [`v1.j.${toBase64Url(Uint8Array.from([0xff, 0xfe, 0x00, 0x41]))}`, /not a complete scenario/],
    ];
    for (const [payload, why] of cases) {
      const r = await decodePayload(payload);
      if (r.ok) throw new Error(`${payload.slice(0, 40)} decoded`);
      expect(r.message).toMatch(why);
      oneLine(r.message);
    }
  });
});
