/**
 * What "Share" produces for a scenario: a link when the encoded payload fits in
 * `MAX_LINK_PAYLOAD` characters, otherwise a `.json` scenario file to download (and import with
 * "Open scenario file"), saying why. Secrets are scrubbed first (secrets.ts).
 */
import type { Scenario } from "../scenario/format";
import { buildFragment, encodePayload, type ShareOptions } from "./codec";
import { scrubScenario } from "./secrets";

/** Longest payload (base64url characters after `s=`) a link may carry: about 8 KB. */
export const MAX_LINK_PAYLOAD = 8 * 1024;

export type SharePlan =
  | { kind: "link"; url: string; payloadChars: number; removed: string[] }
  | { kind: "file"; reason: string; fileName: string; json: string; payloadChars: number; removed: string[] }
  | { kind: "refused"; message: string };

/** "Prediction market" → "prediction-market.scenario.json". */
export function scenarioFileName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return `${slug || "scenario"}.scenario.json`;
}

export function formatChars(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`;
}

/** `base` is the page address without its fragment (e.g. `https://host/playground/`). */
export async function planShare(scenario: Scenario, base: string, options: ShareOptions = {}, limit = MAX_LINK_PAYLOAD): Promise<SharePlan> {
  const scrubbed = scrubScenario(scenario);
  if (!scrubbed.ok) return { kind: "refused", message: scrubbed.message };
  const payload = await encodePayload(scrubbed.scenario, "d");
  const payloadChars = payload.length;
  const removed = scrubbed.removed;
  if (payloadChars <= limit) return { kind: "link", url: `${base.replace(/#.*$/, "")}#${buildFragment(payload, options)}`, payloadChars, removed };
  return {
    kind: "file",
    reason: `the link would carry ${formatChars(payloadChars)}, over the ${formatChars(limit)} a link can safely hold: download the scenario as a file and open it with "Open scenario file"`,
    fileName: scenarioFileName(scrubbed.scenario.name),
    json: JSON.stringify(scrubbed.scenario, null, 2),
    payloadChars,
    removed,
  };
}
