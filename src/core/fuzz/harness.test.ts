/** The fuzz harness itself: seeds, per-input streams, mutators that never touch their input, and the one-line message check. */
import { describe, expect, it } from "vitest";
import { encode } from "../calldata";
import { randomValues } from "../calldata/random-values";
import { mutateBytes, mutateText } from "./byte-mutators";
import { calldataInput } from "./calldata-mutators";
import { DEFAULT_SEED, FailureLog, fuzzRun, messageProblem, parseSeed, type FuzzRun } from "./harness";
import { jsonText, mutateJson, type Json } from "./json-mutators";
import { FuzzRng } from "./prng";

describe("fuzz harness", () => {
  it("reads FUZZ_SEED as hex, decimal or random, and refuses anything else in one line", () => {
    expect(parseSeed("0x1f", () => 0)).toBe(31);
    expect(parseSeed("4294967295", () => 0)).toBe(0xffffffff);
    expect(parseSeed(undefined, () => 77)).toBe(77);
    expect(parseSeed("random", () => -1)).toBe(0xffffffff);
    expect(() => parseSeed("0x123456789", () => 0)).toThrow(/^FUZZ_SEED must be a 32-bit number/);
    expect(() => parseSeed("seven", () => 0)).toThrow('got "seven"');
  });

  it("runs npm test on the fixed seed and FUZZ_SEED=random (npm run fuzz) on a fresh one", () => {
    const saved = process.env.FUZZ_SEED;
    try {
      delete process.env.FUZZ_SEED;
      expect(fuzzRun("t", "f", 3)).toMatchObject({ seed: DEFAULT_SEED, indices: [0, 1, 2] });
      process.env.FUZZ_SEED = "random";
      const seeds = new Set(Array.from({ length: 4 }, () => fuzzRun("t", "f", 1).seed));
      expect(seeds.size).toBeGreaterThan(1);
    } finally {
      if (saved === undefined) delete process.env.FUZZ_SEED;
      else process.env.FUZZ_SEED = saved;
    }
  });

  it("gives input #i the same stream whatever else runs, and different inputs different streams", () => {
    const draw = (seed: number, i: number) => Array.from({ length: 8 }, ((r) => () => r.u32())(new FuzzRng(seed, i)));
    expect(draw(5, 3)).toEqual(draw(5, 3));
    expect(draw(5, 3)).not.toEqual(draw(5, 4));
    expect(draw(5, 3)).not.toEqual(draw(6, 3));
    const r = new FuzzRng(1);
    const seen = new Set(Array.from({ length: 10_000 }, () => r.int(10)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("mutators change copies, never the corpus they start from", () => {
    const corpus = [...randomValues(3, 50)].map((v) => encode(v));
    const before = corpus.map((b) => Buffer.from(b).toString("hex"));
    const doc: Json = { a: [1, "x", { b: null }], c: "text" };
    const docText = jsonText(doc);
    let changed = 0;
    for (let i = 0; i < 500; i++) {
      const rng = new FuzzRng(9, i);
      const base = corpus[i % corpus.length]!;
      if (Buffer.compare(mutateBytes(rng, base, corpus), base) !== 0) changed++;
      calldataInput(rng, corpus);
      mutateJson(rng, doc, [doc]);
      mutateText(rng, "abc", ["def"]);
    }
    expect(corpus.map((b) => Buffer.from(b).toString("hex"))).toEqual(before);
    expect(jsonText(doc)).toBe(docText);
    expect(changed).toBeGreaterThan(400);
  });

  it("keeps own __proto__ keys, as JSON.parse makes them", () => {
    let found = 0;
    for (let i = 0; i < 300 && found === 0; i++) {
      const out = mutateJson(new FuzzRng(2, i), { a: { b: 1 } }, []);
      if (jsonText(out)?.includes('"__proto__"')) found++;
    }
    expect(found).toBe(1);
  });

  it("says why a message is not one clean line", () => {
    expect(messageProblem("unknown field \"x\"")).toBeNull();
    expect(messageProblem("a\nb")).toMatch(/line break/);
    expect(messageProblem("a\u2028b")).toMatch(/line break/);
    expect(messageProblem("x".repeat(300))).toMatch(/300 characters/);
    expect(messageProblem("got undefined")).toMatch(/undefined/);
    expect(messageProblem("got undefined", "undefined")).toBeNull();
    expect(messageProblem("got [object Object]")).toMatch(/object Object/);
    expect(messageProblem("boom at f (x.ts:1:2)")).toMatch(/stack/);
    expect(messageProblem('version "Either side can end it at s..." (this playground reads version 1)')).toBeNull();
    expect(messageProblem(42)).toMatch(/number/);
  });

  it("reports each kind of failure once, with the seed, index, input and the command that reproduces it", () => {
    const run: FuzzRun = { target: "t", seed: 0xab, n: 10, indices: [...Array(10).keys()], file: "f.test.ts" };
    const log = new FailureLog(run);
    log.add(3, 'bad "x" at 5', () => "00ff");
    log.add(4, 'bad "y" at 6', () => "11");
    log.add(5, "other", () => "22");
    const report = log.report();
    expect(report).toMatch(/^3 of 10 inputs failed, 2 kinds of problem/);
    expect(report).toContain("fuzz t seed=0x000000ab index=3: bad \"x\" at 5");
    expect(report).toContain("input: 00ff");
    expect(report).toContain("reproduce: FUZZ_SEED=0x000000ab FUZZ_ONLY=3 npx vitest run f.test.ts");
    expect(report).not.toContain("index=4");
  });
});
