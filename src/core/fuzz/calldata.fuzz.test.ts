/**
 * Fuzz: the TypeScript and Python calldata decoders on ≥ 100,000 random and mutated inputs. Both
 * give the same accept/reject verdict; when both accept they produce the same canonical encoding
 * (which is the input itself: the format has one encoding per value); TS rejects only with a
 * CalldataError, Python only with its DecodingError. FUZZ_SEED / FUZZ_N / FUZZ_ONLY: see harness.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CalldataError, decode, encode } from "../calldata";
import { randomValues } from "../calldata/random-values";
import { hexToBytes, loadOracle } from "../calldata/testing";
import { calldataInput } from "./calldata-mutators";
import { describeThrown, FailureLog, fuzzRun, inputRng, toHex } from "./harness";
import { PythonCodec } from "./python-codec";

const run = fuzzRun("calldata", "src/core/fuzz/calldata.fuzz.test.ts", 100_000);
const BATCH = 10_000;

let python: PythonCodec;
beforeAll(async () => {
  python = await PythonCodec.start();
}, 120_000);
afterAll(() => python?.stop());

type TsVerdict = { ok: true; bytes: Uint8Array } | { ok: false; error: string } | { crash: string };

function tsVerdict(input: Uint8Array): TsVerdict {
  let value;
  try {
    value = decode(input);
  } catch (e) {
    if (!(e instanceof CalldataError)) return { crash: `TS decode threw ${describeThrown(e)}` };
    if (/[\n\r]/.test(e.message) || e.message === "") return { crash: `TS decode's message is not one line: ${JSON.stringify(e.message.slice(0, 200))}` };
    return { ok: false, error: e.message };
  }
  try {
    return { ok: true, bytes: encode(value) };
  } catch (e) {
    return { crash: `TS could not re-encode what it decoded: ${describeThrown(e)}` };
  }
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe("calldata fuzz", () => {
  it(`TS and Python agree on ${run.indices.length} random and mutated inputs`, async () => {
    const oracle = loadOracle();
    const corpus = [...randomValues(0xc0ffee, 3000)].map((v) => encode(v)).concat(oracle.vectors.map((v) => hexToBytes(v.hex)));
    const failures = new FailureLog(run);
    const tally = { accepted: 0, rejected: 0 };
    const reasons = new Map<string, number>(); // why TS rejected, to see what the mix reaches
    for (let start = 0; start < run.indices.length; start += BATCH) {
      const indices = run.indices.slice(start, start + BATCH);
      const inputs = indices.map((i) => calldataInput(inputRng(run, i), corpus));
      const py = await python.roundTrip(inputs);
      expect(py).toHaveLength(inputs.length);
      inputs.forEach((input, k) => {
        const index = indices[k]!;
        const show = () => toHex(input);
        const ts = tsVerdict(input);
        const p = py[k]!;
        if ("crash" in ts) return failures.add(index, ts.crash, show);
        if (!p.ok && p.error !== "DecodingError") return failures.add(index, `Python rejected with ${p.error}, not DecodingError`, show);
        if (ts.ok !== p.ok)
          return failures.add(index, `TS ${ts.ok ? "accepts" : `rejects (${ts.error})`} but Python ${p.ok ? "accepts" : `rejects (${p.error})`}`, show);
        if (!ts.ok || !p.ok) {
          const why = ts.ok ? "" : ts.error.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, "N");
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
          return void tally.rejected++;
        }
        tally.accepted++;
        if (!same(ts.bytes, p.bytes)) return failures.add(index, `both accept, but re-encode differently: TS ${toHex(ts.bytes).slice(0, 200)} Python ${toHex(p.bytes).slice(0, 200)}`, show);
        if (!same(ts.bytes, input)) return failures.add(index, `accepted, but its re-encoding differs from the input: ${toHex(ts.bytes).slice(0, 200)}`, show);
      });
    }
    expect(failures.report()).toBe("");
    // the mix must exercise both sides of the verdict (not only garbage, not only valid values)
    if (run.indices.length >= 10_000) {
      expect(tally.accepted).toBeGreaterThan(run.indices.length / 20);
      expect(tally.rejected).toBeGreaterThan(run.indices.length / 4);
    }
    const top = [...reasons].sort((a, b) => b[1] - a[1]).map(([why, n]) => `${n}× ${why}`);
    console.log(`fuzz calldata: ${tally.accepted} accepted and ${tally.rejected} rejected by both; rejected for:\n  ${top.join("\n  ")}`);
  }, 600_000);
});
