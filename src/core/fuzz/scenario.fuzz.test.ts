/**
 * Fuzz: the scenario parser (JSON text → `parseJsonText` → `parseScenario`, and documents straight
 * into `parseScenario`) on ≥ 100,000 mutated and random inputs. It never throws; a failure is a
 * list of one-line messages; a success re-parses to itself and refers only to its own contracts.
 * FUZZ_SEED / FUZZ_N / FUZZ_ONLY: see harness.ts.
 */
import { describe, expect, it } from "vitest";
import { parseJsonText } from "../scenario/json-text";
import { parseScenario, type ParseResult } from "../scenario/parse";
import { describeThrown, FailureLog, fuzzRun, inputRng, messageProblem } from "./harness";
import { canonicalJson, jsonText, type Json } from "./json-mutators";
import { scenarioCorpus } from "./scenario-corpus";
import { scenarioInput, showInput } from "./scenario-inputs";

const run = fuzzRun("scenario", "src/core/fuzz/scenario.fuzz.test.ts", 100_000);

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 80), i + 80)} → …${b.slice(Math.max(0, i - 80), i + 80)}`;
}

/** Why a successful parse is wrong, or null. */
function successProblem(result: Extract<ParseResult, { ok: true }>): string | null {
  const s = result.scenario;
  const text = jsonText(s as unknown as Json);
  if (text === null) return "the parsed scenario can not be written as JSON";
  let again: ParseResult;
  try {
    again = parseScenario(JSON.parse(text));
  } catch (e) {
    return `re-parsing the parsed scenario threw ${describeThrown(e)}`;
  }
  if (!again.ok) return `the parsed scenario does not parse again: ${again.errors[0]}`;
  const [before, after] = [canonicalJson(s), canonicalJson(again.scenario)];
  if (before !== after) return `the parsed scenario changes when parsed again: ${firstDifference(before ?? "", after ?? "")}`;
  for (const [what, o] of [["accounts", s.accounts], ["contracts", s.contracts], ["recordings", s.recordings ?? {}]] as const) {
    if (Object.getPrototypeOf(o) !== Object.prototype) return `${what} has a changed prototype (a "__proto__" key was assigned)`;
  }
  for (const step of s.steps) {
    if ("deploy" in step && step.deploy.contract !== undefined && !Object.hasOwn(s.contracts, step.deploy.contract))
      return `deploy of contract "${step.deploy.contract}", which "contracts" does not have`;
  }
  return null;
}

describe("scenario parser fuzz", () => {
  it(`parses or rejects ${run.indices.length} mutated and random documents cleanly`, () => {
    const { docs } = scenarioCorpus();
    const texts = docs.map((d) => jsonText(d, true)!);
    const failures = new FailureLog(run);
    const tally = { ok: 0, invalidJson: 0, invalidScenario: 0 };
    for (const index of run.indices) {
      const rng = inputRng(run, index);
      const input = scenarioInput(rng, docs, texts);
      const show = showInput(input);
      let value: unknown;
      if (input.kind === "text") {
        let parsedText: ReturnType<typeof parseJsonText>;
        try {
          parsedText = parseJsonText(input.text);
        } catch (e) {
          failures.add(index, `parseJsonText threw ${describeThrown(e)}`, show);
          continue;
        }
        if (!parsedText.ok) {
          tally.invalidJson++;
          const p = messageProblem(parsedText.message, input.text);
          if (p) failures.add(index, `parseJsonText: ${p}`, show);
          const lines = input.text.split("\n").length;
          const { line, column } = parsedText;
          if (line !== undefined && (!Number.isInteger(line) || line < 1 || line > lines || !Number.isInteger(column) || column! < 1))
            failures.add(index, `parseJsonText: position line ${line} column ${column} is outside the text (${lines} lines)`, show);
          continue;
        }
        value = parsedText.value;
      } else value = input.doc;
      let result: ParseResult;
      try {
        result = parseScenario(value);
      } catch (e) {
        failures.add(index, `parseScenario threw ${describeThrown(e)}`, show);
        continue;
      }
      if (result.ok) {
        tally.ok++;
        const p = successProblem(result);
        if (p) failures.add(index, p, show);
        continue;
      }
      tally.invalidScenario++;
      if (!Array.isArray(result.errors) || result.errors.length === 0) {
        failures.add(index, "parseScenario failed without a message", show);
        continue;
      }
      for (const message of result.errors) {
        const p = messageProblem(message, show);
        if (p) {
          failures.add(index, `parseScenario: ${p}`, show);
          break;
        }
      }
    }
    console.log(`fuzz scenario: ${tally.ok} valid, ${tally.invalidScenario} invalid scenarios, ${tally.invalidJson} invalid JSON texts`);
    expect(failures.report()).toBe("");
    if (run.indices.length >= 10_000) {
      expect(tally.ok).toBeGreaterThan(run.indices.length / 50);
      expect(tally.invalidScenario).toBeGreaterThan(run.indices.length / 4);
    }
  }, 600_000);
});
