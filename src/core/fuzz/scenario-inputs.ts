/**
 * Scenario-parser fuzz inputs: documents with JSON-aware mutations (fed to `parseScenario` as
 * values), their JSON text with text mutations (fed through `parseJsonText`), random and very
 * deeply nested documents and texts, and garbage.
 */
import { mutateText, PRINTABLE, randomText } from "./byte-mutators";
import { deepJson, jsonText, mutateJson, randomJson, type Json } from "./json-mutators";
import type { FuzzRng } from "./prng";

const JSON_ALPHABET = PRINTABLE + "{}[]:,\"\\0123456789eE+-.\n\t ";

export type ScenarioInput = { kind: "doc"; doc: Json } | { kind: "text"; text: string };

/** One input; `texts` are the corpus documents as JSON text. */
export function scenarioInput(rng: FuzzRng, docs: readonly Json[], texts: readonly string[]): ScenarioInput {
  const r = rng.int(100);
  if (r < 50) return { kind: "doc", doc: mutateJson(rng, rng.pick(docs), docs) };
  if (r < 80) {
    const base = rng.chance(0.5) ? rng.pick(texts) : (jsonText(mutateJson(rng, rng.pick(docs), docs, 2), rng.chance(0.2)) ?? "{}");
    return { kind: "text", text: mutateText(rng, base, texts, JSON_ALPHABET) };
  }
  if (r < 92) return { kind: "doc", doc: randomJson(rng, 5) };
  if (r < 94) return { kind: "doc", doc: deepJson(rng, rng.range(1000, 20_000)) };
  if (r < 95 && rng.chance(0.5)) {
    const open = rng.pick(["[", "{\"a\":", "[{\"steps\":"]);
    return { kind: "text", text: open.repeat(rng.range(1000, 10_000)) + (rng.chance(0.5) ? "1" : "") };
  }
  return { kind: "text", text: randomText(rng, 200, JSON_ALPHABET) };
}

/** The input as text for a failure message. */
export const showInput = (input: ScenarioInput) => () => (input.kind === "text" ? JSON.stringify(input.text) : (jsonText(input.doc) ?? "(a document too deep to write out)"));
