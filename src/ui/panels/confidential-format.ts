/** Display helpers for Confidential Intelligent Contracts: sealed storage values, share reports,
 * names for addresses, and which LLM providers see a confidential contract's plaintext. */
import type { JsonValue } from "../../core/scenario/format";
import type { ShareReport } from "../../core/confidential/protocol";

/** Providers that answer in this browser or from a recording; any other one is a server elsewhere. */
const LOCAL_PROVIDERS = new Set(["scripted", "recorded", "webllm"]);

/** An LLM provider outside this browser (an OpenAI-compatible endpoint): it sees every prompt,
 * including the plaintext of confidential contracts its validator runs in its enclave. */
export function isExternalProvider(provider: string): boolean {
  return !LOCAL_PROVIDERS.has(provider);
}

export const PLAINTEXT_WARNING = "its LLM server sees the plaintext of the confidential contracts this validator runs";

export function hexOf(bytes: Uint8Array): string {
  return "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** "0x1234abcd…9f3e" (head and tail of a long hex string). */
export function clipHex(hex: string, head = 10, tail = 6): string {
  return hex.length > head + tail + 3 ? `${hex.slice(0, head)}…${hex.slice(-tail)}` : hex;
}

/** Byte length of a 0x hex string. */
export function hexBytes(hex: string): number {
  return Math.floor(hex.replace(/^0x/, "").length / 2);
}

/** The ciphertext of a sealed storage value (`{"sealed": "0x…"}` in the state dump), else null. */
export function sealedHex(v: JsonValue): string | null {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const keys = Object.keys(v);
  const s = v.sealed;
  return keys.length === 1 && typeof s === "string" && /^0x[0-9a-fA-F]*$/.test(s) ? s : null;
}

/** The name of an address among `named` (accounts or contracts), compared case-insensitively. */
export function nameOf(named: readonly { address: string; name: string }[], address: string): string | undefined {
  const a = address.toLowerCase();
  return named.find((x) => x.address.toLowerCase() === a)?.name;
}

export interface ShareRow {
  validator: string;
  decryption?: ShareReport;
  state?: ShareReport;
}

/** One row per committee member: its decryption share and its state-key share. */
export function shareRows(shares: readonly ShareReport[]): ShareRow[] {
  const rows = new Map<string, ShareRow>();
  for (const s of shares) {
    const row = rows.get(s.validator) ?? { validator: s.validator };
    row[s.shareKind ?? "decryption"] = s;
    rows.set(s.validator, row);
  }
  return [...rows.values()];
}

/** "3 of 3 valid" for one kind of share. */
export function shareCount(shares: readonly ShareReport[], kind: "decryption" | "state"): string {
  const of = shares.filter((s) => (s.shareKind ?? "decryption") === kind);
  if (of.length === 0) return "none";
  return `${of.filter((s) => s.status === "valid").length} of ${of.length} valid`;
}

/** The committee inputs of a confidential deploy, as typed ("" = the chain's default). */
export interface CommitteeInputs {
  n: string;
  t: string;
  auditors: string[];
}

export type CommitteeParse = { ok: true; options: { n?: number; t?: number; auditors?: string[] } } | { ok: false; message: string };

/** Committee size and threshold as whole numbers, t ≤ n ≤ the enclave validators; one line when not. */
export function parseCommittee(c: CommitteeInputs, enclaves: number): CommitteeParse {
  const num = (s: string, what: string): number | undefined | string => {
    const t = s.trim();
    if (t === "") return undefined;
    if (!/^\d+$/.test(t) || Number(t) < 1) return `the ${what} must be a whole number of at least 1`;
    return Number(t);
  };
  const n = num(c.n, "committee size");
  if (typeof n === "string") return { ok: false, message: n };
  const t = num(c.t, "threshold");
  if (typeof t === "string") return { ok: false, message: t };
  if (n !== undefined && n > enclaves) return { ok: false, message: `a committee of ${n} needs ${n} enclave validators; ${enclaves} run one` };
  if (t !== undefined && t > (n ?? enclaves)) return { ok: false, message: `the threshold ${t} is more than the committee's ${n ?? enclaves} members` };
  return { ok: true, options: { ...(n !== undefined && { n }), ...(t !== undefined && { t }), ...(c.auditors.length > 0 && { auditors: [...c.auditors] }) } };
}
