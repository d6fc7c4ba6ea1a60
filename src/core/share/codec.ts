/**
 * Share links: a scenario in the URL fragment, `#s=v1.<codec>.<base64url>`.
 *
 *   v1      the link format version; every version ever issued keeps decoding
 *   codec   `d`: the scenario's JSON compressed with raw deflate (`CompressionStream("deflate-raw")`)
 *           `j`: the scenario's JSON as is (UTF-8)
 *   payload base64url without padding
 *
 * More fragment parameters, `&`-separated: `tx=<label or hash>`, `round=<N, 1-based as the stepper
 * shows it>`, `phase=<select|lead|commit|reveal|appeal|finalize>` (open the stepper there) and
 * `autorun=1` (run without waiting for the Run button). DOM-free: Node 20 and browsers.
 */
import type { Phase } from "../consensus/network-core";
import type { Scenario } from "../scenario/format";
import { quote } from "../scenario/check";
import { parseScenario } from "../scenario/parse";

export const LINK_VERSION = 1;
export type ShareCodec = "d" | "j";
export const PHASES: readonly Phase[] = ["select", "lead", "commit", "reveal", "appeal", "finalize"];

export interface DeepLink {
  /** A transaction label (as the session names it) or hash. */
  tx: string;
  /** 1-based round number (as the stepper shows it); absent: the first round that reaches `phase`. */
  round?: number;
  phase: Phase;
}

export interface ShareOptions {
  autorun?: boolean;
  deep?: DeepLink;
}

export type DecodedLink = { ok: true; scenario: Scenario; options: ShareOptions } | { ok: false; message: string };

// ---- base64url ----

export function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// ---- deflate-raw through the platform streams ----

/** Raised when a link's data unpacks to more than the reader takes (a "zip bomb" or a damaged link). */
export class TooLargeError extends Error {}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, maxOut = Infinity): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxOut) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(`more than ${maxOut} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Most a link's payload may unpack to, and the longest payload read at all (links the app makes hold 8 KB). */
export const MAX_LINK_JSON_BYTES = 8 * 1024 * 1024;
export const MAX_LINK_PAYLOAD_READ = 1024 * 1024;

export const deflateRaw = (bytes: Uint8Array) => pipe(bytes, new CompressionStream("deflate-raw"));
export const inflateRaw = (bytes: Uint8Array, maxOut = MAX_LINK_JSON_BYTES) => pipe(bytes, new DecompressionStream("deflate-raw"), maxOut);

// ---- encode ----

/** The payload `v1.<codec>.<base64url>` of a scenario (already scrubbed: see secrets.ts). */
export async function encodePayload(scenario: Scenario, codec: ShareCodec = "d"): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(scenario));
  const bytes = codec === "d" ? await deflateRaw(json) : json;
  return `v${LINK_VERSION}.${codec}.${toBase64Url(bytes)}`;
}

/** The fragment (without `#`) for a payload and its options. */
export function buildFragment(payload: string, options: ShareOptions = {}): string {
  const parts = [`s=${payload}`];
  const d = options.deep;
  if (d) {
    parts.push(`tx=${encodeURIComponent(d.tx)}`);
    if (d.round !== undefined) parts.push(`round=${d.round}`);
    parts.push(`phase=${d.phase}`);
  }
  if (options.autorun) parts.push("autorun=1");
  return parts.join("&");
}

// ---- decode ----

/** True when the fragment (with or without `#`) carries a shared scenario. */
export function hasSharedScenario(fragment: string): boolean {
  return /^#?s=/.test(fragment) || /[#&]s=/.test(fragment);
}

function fragmentParams(fragment: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of fragment.replace(/^#/, "").split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? "" : part.slice(eq + 1);
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      /* kept as written */
    }
    params.set(key, value);
  }
  return params;
}

function readOptions(params: Map<string, string>): ShareOptions | string {
  const options: ShareOptions = {};
  const autorun = params.get("autorun");
  if (autorun === "1" || autorun === "true") options.autorun = true;
  const tx = params.get("tx");
  const phase = params.get("phase");
  const round = params.get("round");
  if (tx === undefined && phase === undefined && round === undefined) return options;
  if (!tx) return "the link's deep link needs tx=<label or hash>";
  const p = (phase ?? "select") as Phase;
  if (!PHASES.includes(p)) return `the link's phase ${quote(phase ?? "")} is not one of ${PHASES.join(", ")}`;
  if (round !== undefined && !/^[1-9]\d{0,3}$/.test(round)) return `the link's round ${quote(round)} is not a round number (1, 2, …)`;
  options.deep = { tx, phase: p, ...(round !== undefined && { round: Number(round) }) };
  return options;
}

/** Decodes a payload `v<N>.<codec>.<base64url>` into a checked scenario, or one line saying why not. */
export async function decodePayload(payload: string): Promise<{ ok: true; scenario: Scenario } | { ok: false; message: string }> {
  if (payload.length > MAX_LINK_PAYLOAD_READ) return { ok: false, message: `this link is far too long to be a playground link (${(payload.length / 1024 / 1024).toFixed(1)} MB; the playground makes links of at most 8 KB)` };
  const m = /^v(\d+)\.([^.]*)\.(.*)$/s.exec(payload.trim());
  if (!m) return { ok: false, message: "this link is damaged: it does not look like a playground share link" };
  const version = Number(m[1]);
  if (version > LINK_VERSION) return { ok: false, message: `this link was made by a newer playground (link format v${version}; this one reads up to v${LINK_VERSION})` };
  if (version !== 1) return { ok: false, message: `this link's format v${m[1].slice(0, 20)} is unknown` };
  const codec = m[2];
  if (codec !== "d" && codec !== "j") return { ok: false, message: `this link uses an unknown encoding ${quote(codec)}` };
  const bytes = fromBase64Url(m[3]);
  if (!bytes || bytes.length === 0) return { ok: false, message: "this link is damaged: its data is not valid base64url" };
  let json: Uint8Array;
  try {
    json = codec === "d" ? await inflateRaw(bytes) : bytes;
  } catch (e) {
    if (e instanceof TooLargeError) return { ok: false, message: `this link is damaged: its data unpacks to more than ${MAX_LINK_JSON_BYTES / 1024 / 1024} MB` };
    return { ok: false, message: "this link is damaged or cut short: its data does not decompress" };
  }
  if (json.length > MAX_LINK_JSON_BYTES) return { ok: false, message: `this link is too large: its scenario is over ${MAX_LINK_JSON_BYTES / 1024 / 1024} MB` };
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
  } catch {
    return { ok: false, message: "this link is damaged or cut short: its data is not a complete scenario" };
  }
  const parsed = parseScenario(doc);
  if (!parsed.ok) return { ok: false, message: `this link's scenario is invalid: ${parsed.errors[0]}` };
  for (const [label, c] of Object.entries(parsed.scenario.contracts)) {
    if ("file" in c) return { ok: false, message: `this link's contract ${label} names a file instead of carrying its source` };
  }
  return { ok: true, scenario: parsed.scenario };
}

/** Decodes a whole fragment (`#s=…&tx=…`). */
export async function decodeFragment(fragment: string): Promise<DecodedLink> {
  const params = fragmentParams(fragment);
  const payload = params.get("s");
  if (payload === undefined) return { ok: false, message: "this link carries no scenario (no s= in the part after #)" };
  const options = readOptions(params);
  if (typeof options === "string") return { ok: false, message: options };
  const r = await decodePayload(payload);
  return r.ok ? { ok: true, scenario: r.scenario, options } : r;
}
