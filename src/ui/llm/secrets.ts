/**
 * API keys of OpenAI-compatible servers, kept in this browser only (localStorage, by base URL).
 * They are never part of a validator's `llm` config, so scenarios, exports and links never hold them.
 */
import type { SecretLookup } from "../../core/intelligence/provider-factory";

const PREFIX = "genlayer-playground:api-key:";

/** The key's storage name: the base URL without trailing slashes. */
export function secretName(baseUrl: string): string {
  return PREFIX + baseUrl.trim().replace(/\/+$/, "");
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked (e.g. some privacy modes)
  }
}

export function getApiKey(baseUrl: string): string | undefined {
  const v = storage()?.getItem(secretName(baseUrl));
  return v ? v : undefined;
}

/** Stores a key for a server; an empty key removes it. */
export function setApiKey(baseUrl: string, key: string): void {
  const s = storage();
  if (!s) return;
  if (key.trim() === "") s.removeItem(secretName(baseUrl));
  else s.setItem(secretName(baseUrl), key.trim());
}

export const browserSecrets: SecretLookup = { apiKey: getApiKey };
