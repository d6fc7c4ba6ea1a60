/**
 * Fuzz: the share-link decoder (`decodeFragment`) on ≥ 100,000 mutated and random fragments:
 * text mutations of real links, damaged deflate streams and base64, mutated scenario documents
 * encoded as links, odd deep-link parameters, versions and codecs, and garbage. It never throws
 * or rejects; it gives a checked scenario with valid options, or one clean line saying why not.
 * FUZZ_SEED / FUZZ_N / FUZZ_ONLY: see harness.ts.
 */
import { describe, expect, it } from "vitest";
import { decodeFragment, decodePayload, encodePayload, PHASES, type DecodedLink } from "../share/codec";
import { describeThrown, FailureLog, fuzzRun, inputRng, messageProblem } from "./harness";
import { canonicalJson } from "./json-mutators";
import { linkCorpus, linkInput } from "./share-link-inputs";

const run = fuzzRun("share-link", "src/core/fuzz/share-link.fuzz.test.ts", 100_000);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Why a decoded link is wrong, or null. */
async function successProblem(res: Extract<DecodedLink, { ok: true }>): Promise<string | null> {
  const { scenario, options } = res;
  const d = options.deep;
  if (d) {
    if (typeof d.tx !== "string" || d.tx === "") return "a deep link without a transaction";
    if (!PHASES.includes(d.phase)) return `a deep link with the phase ${JSON.stringify(d.phase)}`;
    if (d.round !== undefined && !(Number.isSafeInteger(d.round) && d.round >= 1)) return `a deep link with the round ${d.round}`;
  }
  if (options.autorun !== undefined && options.autorun !== true) return `autorun is ${String(options.autorun)}`;
  for (const [label, contract] of Object.entries(scenario.contracts)) if (!("source" in contract)) return `contract ${label} carries no source`;
  const again = await decodePayload(await encodePayload(scenario, "j"));
  if (!again.ok) return `the decoded scenario does not survive a new link: ${again.message}`;
  if (canonicalJson(again.scenario) !== canonicalJson(scenario)) return "the decoded scenario changes through a new link";
  return null;
}

describe("share link fuzz", () => {
  it(`decodes or rejects ${run.indices.length} mutated and random links cleanly`, async () => {
    const corpus = await linkCorpus();
    const failures = new FailureLog(run);
    const tally = { ok: 0, rejected: 0 };
    for (const index of run.indices) {
      const rng = inputRng(run, index);
      const fragment = await linkInput(rng, corpus);
      const show = () => JSON.stringify(fragment);
      let res: DecodedLink;
      try {
        res = await decodeFragment(fragment);
      } catch (e) {
        failures.add(index, `decodeFragment threw ${describeThrown(e)}`, show);
        continue;
      }
      if (res.ok) {
        tally.ok++;
        const p = await successProblem(res).catch((e: unknown) => `checking the decoded link threw ${describeThrown(e)}`);
        if (p) failures.add(index, p, show);
      } else {
        tally.rejected++;
        const p = messageProblem(res.message, () => safeDecode(fragment) + fragment);
        if (p) failures.add(index, p, show);
      }
    }
    console.log(`fuzz share-link: ${tally.ok} decoded, ${tally.rejected} rejected`);
    expect(failures.report()).toBe("");
    if (run.indices.length >= 10_000) {
      expect(tally.ok).toBeGreaterThan(run.indices.length / 50);
      expect(tally.rejected).toBeGreaterThan(run.indices.length / 4);
    }
  }, 600_000);
});
