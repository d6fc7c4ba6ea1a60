/** A validator's `llm` setting in a scenario: which intelligence provider answers and its options. */
import type { LlmConfig } from "../consensus/types";
import { Checker, describeJson, readInt, readNumber, readObject, readString } from "./check";

/** What `llm.provider` may be in a scenario. */
export const SCENARIO_PROVIDERS = ["scripted", "recorded", "openai", "webllm"] as const;

/** Labels a gallery may filter on (free text is refused so cards stay consistent). */
export const SCENARIO_TAGS = ["LLM", "web", "appeals", "nondet", "tokens", "extension", "consensus", "confidential"] as const;

export function parseLlmConfig(c: Checker, path: string, v: unknown): LlmConfig | undefined {
  const o = readObject(c, path, v, ["provider", "model", "temperature", "seed", "baseUrl", "maxTokens"]);
  if (!o) return undefined;
  if (o.provider === undefined) {
    c.error(`${path}.provider`, `required (${SCENARIO_PROVIDERS.map((p) => `"${p}"`).join(", ")})`);
    return undefined;
  }
  if (!(SCENARIO_PROVIDERS as readonly unknown[]).includes(o.provider)) {
    c.error(`${path}.provider`, `expected one of ${SCENARIO_PROVIDERS.map((p) => `"${p}"`).join(", ")}, got ${describeJson(o.provider)}`);
    return undefined;
  }
  const out: LlmConfig = { provider: o.provider as string };
  if (o.model !== undefined) {
    const m = readString(c, `${path}.model`, o.model, { nonEmpty: true });
    if (m !== undefined) out.model = m;
  }
  if (o.temperature !== undefined) {
    const t = readNumber(c, `${path}.temperature`, o.temperature, { min: 0, max: 2 });
    if (t !== undefined) out.temperature = t;
  }
  if (o.seed !== undefined) {
    const s = readInt(c, `${path}.seed`, o.seed);
    if (s !== undefined) out.seed = s;
  }
  if (o.maxTokens !== undefined) {
    const m = readInt(c, `${path}.maxTokens`, o.maxTokens, { min: 1 });
    if (m !== undefined) out.maxTokens = m;
  }
  if (o.baseUrl !== undefined) {
    const u = readString(c, `${path}.baseUrl`, o.baseUrl, { nonEmpty: true });
    if (u !== undefined && !/^https?:\/\/[^\s]+$/.test(u)) c.error(`${path}.baseUrl`, `expected an http(s) URL, got ${describeJson(u)}`);
    else if (u !== undefined) out.baseUrl = u;
  }
  if (out.provider === "openai" && (o.model === undefined || o.baseUrl === undefined)) c.error(path, 'provider "openai" needs "baseUrl" and "model" (the API key is never stored in a scenario)');
  if (out.provider === "webllm" && o.model === undefined) c.error(path, 'provider "webllm" needs "model"');
  return out;
}

export function parseTags(c: Checker, v: unknown): string[] | undefined {
  if (!Array.isArray(v)) {
    c.error("tags", `expected a list of tags, got ${describeJson(v)}`);
    return undefined;
  }
  const out: string[] = [];
  v.forEach((t, i) => {
    if (typeof t !== "string" || !(SCENARIO_TAGS as readonly string[]).includes(t)) c.error(`tags[${i}]`, `expected one of ${SCENARIO_TAGS.join(", ")}, got ${describeJson(t)}`);
    else if (!out.includes(t)) out.push(t);
  });
  return out;
}
