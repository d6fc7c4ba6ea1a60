import { describe, expect, it } from "vitest";
import { appealRoundSize, formatGen, leaderAppealBond, validatorAppealBond, VALIDATORS_PER_ROUND } from "./fees";
import { SeededRng } from "./rng";
import { compareIds, orderWithLeader, shuffle, validatorCount, weightedSample } from "./selection";
import { tally, verifyCommitment, voteCommitment, voteSalt } from "./tally";

describe("SeededRng", () => {
  it("repeats for the same seed parts and differs otherwise", () => {
    const a = new SeededRng("x", 1, "tx");
    const b = new SeededRng("x", 1, "tx");
    const c = new SeededRng("x", 2, "tx");
    const seq = (r: SeededRng) => Array.from({ length: 40 }, () => r.int(1000));
    const sa = seq(a);
    expect(seq(b)).toEqual(sa);
    expect(seq(c)).not.toEqual(sa);
  });

  it("below(n) stays in range and is roughly uniform", () => {
    const r = new SeededRng("uniform");
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
    const big = 10n ** 30n + 7n;
    for (let i = 0; i < 100; i++) expect(r.below(big) < big).toBe(true);
  });
});

describe("selection", () => {
  const candidates = [
    { id: "v1", stake: 100n },
    { id: "v2", stake: 200n },
    { id: "v3", stake: 300n },
    { id: "v4", stake: 400n },
    { id: "v5", stake: 0n },
  ];

  it("is stake-weighted (statistical check over many seeds) and never picks zero stake", () => {
    const counts: Record<string, number> = {};
    const N = 8000;
    for (let i = 0; i < N; i++) {
      const [id] = weightedSample(candidates, 1, new SeededRng("stat", i));
      counts[id] = (counts[id] ?? 0) + 1;
    }
    expect(counts.v5).toBeUndefined();
    for (const [id, share] of [["v1", 0.1], ["v2", 0.2], ["v3", 0.3], ["v4", 0.4]] as const) {
      expect(Math.abs(counts[id] / N - share)).toBeLessThan(0.025);
    }
  });

  it("samples without replacement, seeded", () => {
    for (let i = 0; i < 50; i++) {
      const picked = weightedSample(candidates, 3, new SeededRng("wr", i));
      expect(new Set(picked).size).toBe(3);
      expect(weightedSample(candidates, 3, new SeededRng("wr", i))).toEqual(picked);
    }
    expect(weightedSample(candidates, 10, new SeededRng("all")).sort()).toEqual(["v1", "v2", "v3", "v4"]);
    // the input order does not matter (canonical order inside)
    expect(weightedSample([...candidates].reverse(), 2, new SeededRng("o"))).toEqual(weightedSample(candidates, 2, new SeededRng("o")));
  });

  it("shuffle is a seeded permutation; orderWithLeader puts an unused leader first", () => {
    const items = ["a", "b", "c", "d", "e"];
    const s = shuffle(items, new SeededRng("s"));
    expect([...s].sort()).toEqual(items);
    expect(shuffle(items, new SeededRng("s"))).toEqual(s);
    for (let i = 0; i < 30; i++) {
      const o = orderWithLeader(items, ["a", "b", "c"], new SeededRng("l", i));
      expect(["d", "e"]).toContain(o[0]);
      expect([...o].sort()).toEqual(items);
    }
  });

  it("first picks vary with the seed (leader spread)", () => {
    const leaders = new Set<string>();
    for (let i = 0; i < 40; i++) leaders.add(orderWithLeader(["a", "b", "c", "d"], [], new SeededRng("spread", i))[0]);
    expect(leaders.size).toBe(4);
  });

  it("validator counts per mode; natural id order", () => {
    expect(validatorCount("strict", 5, 2)).toBe(5);
    expect(validatorCount("fast", 5, 2)).toBe(3);
    expect(validatorCount("fast", 5, 0)).toBe(1);
    expect(["v10", "v2", "v1", "a", "v02"].sort(compareIds)).toEqual(["a", "v1", "v2", "v02", "v10"]);
  });
});

describe("tally and commitments", () => {
  it("follows Studio's majority rules", () => {
    expect(tally(["agree", "agree", "agree", "disagree", "disagree"]).result).toBe("agree");
    expect(tally(["agree", "agree", "disagree", "disagree", "timeout"]).result).toBe("no_majority");
    expect(tally(["agree", "disagree", "disagree", "disagree", "timeout"]).result).toBe("disagree");
    expect(tally(["agree", "timeout", "timeout", "timeout", "disagree"]).result).toBe("timeout");
    expect(tally(["agree", "deterministic_violation", "deterministic_violation", "deterministic_violation", "deterministic_violation"]))
      .toMatchObject({ result: "no_majority", violation: 4 });
    expect(tally(["agree", "agree", "disagree", "disagree"]).result).toBe("no_majority"); // exactly half is not a majority
    expect(tally(["agree"]).result).toBe("agree");
  });

  it("commitments bind the vote to a per-validator salt", () => {
    const salt = voteSalt("seed", "0xabc", 0, "v1");
    const c = voteCommitment("agree", salt);
    expect(c).toMatch(/^0x[0-9a-f]{64}$/);
    expect(verifyCommitment(c, "agree", salt)).toBe(true);
    expect(verifyCommitment(c, "disagree", salt)).toBe(false);
    expect(voteCommitment("agree", voteSalt("seed", "0xabc", 0, "v2"))).not.toBe(c);
  });
});

describe("fees", () => {
  it("appeal bonds follow the round table", () => {
    expect(VALIDATORS_PER_ROUND.slice(0, 7)).toEqual([5, 7, 11, 13, 23, 25, 47]);
    expect(validatorAppealBond(0)).toBe(7n * 200n * 10n ** 15n);
    expect(validatorAppealBond(2)).toBe(13n * 200n * 10n ** 15n);
    expect(leaderAppealBond(0, 3)).toBe((3n * 100n + 3n * 11n * 200n) * 10n ** 15n);
    expect(validatorAppealBond(0, { genPerTimeUnit: 0n, leaderTimeUnits: 100n, validatorTimeUnits: 200n })).toBe(0n);
    expect(formatGen(validatorAppealBond(0))).toBe("1.4 GEN");
  });

  it("appeal round sizes: n + 2, then 2·f·n + 3", () => {
    expect(appealRoundSize(5, 0)).toBe(7);
    expect(appealRoundSize(5, 1)).toBe(13);
    expect(appealRoundSize(5, 2)).toBe(23);
    expect(appealRoundSize(5, 3)).toBe(33);
  });
});
