/**
 * What a share link must never carry, and the rule that keeps it out.
 *
 * The rule, applied to the scenario before it is encoded:
 *  1. An argument marked encrypted — any object with a `$encrypted` key inside a step (its `args`,
 *     `kwargs` or `expect`) — refuses the whole link: its plaintext must not travel, and dropping it
 *     would make the receiver's replay differ.
 *  2. A field whose name looks like a secret (`SECRET_FIELD`: apiKey, api_key, secret, password,
 *     privateKey, mnemonic, accessToken, authorization, …) also refuses the link when it is inside a
 *     step (the same replay reason); anywhere else (validator LLM settings, web fixture headers,
 *     scripted rules) it is removed and reported.
 * Account private keys are never in a scenario: accounts are derived from their names.
 */
import type { Scenario } from "../scenario/format";

/** Field names that hold credentials. Matched against every object key, case-insensitively. */
export const SECRET_FIELD = /^(?:.*[_-])?(?:api[_-]?key|apikey|secret|secret[_-]?key|client[_-]?secret|password|passwd|passphrase|private[_-]?key|privkey|mnemonic|seed[_-]?phrase|access[_-]?token|auth[_-]?token|refresh[_-]?token|bearer|authorization|cookie)$/i;

export const ENCRYPTED_MARK = "$encrypted";

export type ScrubResult = { ok: true; scenario: Scenario; removed: string[] } | { ok: false; message: string };

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** A copy of `scenario` with secret-named fields removed outside steps; refuses encrypted or
 * secret-named step arguments (see the rule above). */
export function scrubScenario(scenario: Scenario): ScrubResult {
  const removed: string[] = [];
  const copy = structuredClone(scenario) as unknown as { [k: string]: Json };
  for (const [i, step] of (copy.steps as Json[]).entries()) {
    const found = findInStep(step, `steps[${i}]`);
    if (found) return { ok: false, message: found };
  }
  for (const key of Object.keys(copy)) {
    if (key === "steps" || key === "contracts") continue;
    if (isSecretField(key)) {
      delete copy[key];
      removed.push(key);
    } else copy[key] = strip(copy[key], key, removed);
  }
  return { ok: true, scenario: copy as unknown as Scenario, removed };
}

function findInStep(v: Json, path: string): string | null {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const f = findInStep(x, `${path}[${i}]`);
      if (f) return f;
    }
    return null;
  }
  if (v === null || typeof v !== "object") return null;
  for (const [k, x] of Object.entries(v)) {
    const at = `${path}.${k}`;
    if (k === ENCRYPTED_MARK) return `${path} is an encrypted argument: share links never carry the plaintext of encrypted arguments`;
    if (isSecretField(k)) return `${at} looks like a secret ("${k}"): share links never carry secrets; rename it or share the scenario another way`;
    const f = findInStep(x, at);
    if (f) return f;
  }
  return null;
}

function strip(v: Json, path: string, removed: string[]): Json {
  if (Array.isArray(v)) return v.map((x, i) => strip(x, `${path}[${i}]`, removed));
  if (v === null || typeof v !== "object") return v;
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) {
    if (isSecretField(k)) removed.push(`${path}.${k}`);
    else out[k] = strip(x, `${path}.${k}`, removed);
  }
  return out;
}
