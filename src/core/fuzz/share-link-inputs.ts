/**
 * Share-link fuzz inputs: text mutations of real links, damaged deflate streams and base64,
 * mutated scenario documents encoded as links, odd deep-link parameters, versions and codecs,
 * and garbage.
 */
import { buildFragment, deflateRaw, encodePayload, fromBase64Url, PHASES, toBase64Url } from "../share/codec";
import { mutateBytes, mutateText, randomText, TEXT_TOKENS } from "./byte-mutators";
import { jsonText, mutateJson, ODD_STRINGS, type Json } from "./json-mutators";
import type { FuzzRng } from "./prng";
import { scenarioCorpus } from "./scenario-corpus";

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const FRAGMENT_ALPHABET = B64URL + "&=#%.+/ ";

export interface LinkCorpus {
  fragments: string[];
  /** The fragments' payload bytes (deflated or JSON), to splice from. */
  payloads: Uint8Array[];
  docs: Json[];
}

/** encodeURIComponent, with a lone surrogate written as the bytes of one (which no decoder takes). */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "")) + "%ED%A0%80";
  }
}

function oddParam(rng: FuzzRng): string {
  const key = rng.pick(["tx", "round", "phase", "autorun", "s", "x", "", "tx", "round", "phase"]);
  const values: Record<string, readonly string[]> = {
    tx: ["deploy", "0x" + "ab".repeat(32), "", "%0A", "a%0Ab", "%E2%80%A8", "%ZZ", "%", "x".repeat(300)],
    round: ["1", "0", "-1", "01", "9999", "10000", "1.5", "1e3", "", "%31", "a", "99999999999999999999"],
    phase: [...PHASES, "", "Select", "commit ", "%0A", "x".repeat(300), "__proto__", "constructor", "toString"],
    autorun: ["1", "true", "0", "", "yes"],
  };
  const pool = values[key] ?? ODD_STRINGS.map(encode);
  const value = rng.chance(0.8) ? rng.pick(pool) : encode(rng.pick(ODD_STRINGS)) + (rng.chance(0.3) ? rng.pick(TEXT_TOKENS) : "");
  return rng.chance(0.1) ? key : `${key}=${value}`;
}

/** One fragment (what follows `#`) to decode. */
export async function linkInput(rng: FuzzRng, c: LinkCorpus): Promise<string> {
  const base = rng.pick(c.fragments);
  const r = rng.int(100);
  if (r < 25) return mutateText(rng, base, c.fragments, FRAGMENT_ALPHABET);
  if (r < 45) {
    // damage the payload's bytes: a broken deflate stream, or broken UTF-8 / JSON
    const m = /^s=(v1\.[dj]\.)([^&]*)(.*)$/.exec(base)!;
    const bytes = fromBase64Url(m[2]!)!;
    return `s=${m[1]}${toBase64Url(mutateBytes(rng, bytes, c.payloads))}${m[3]}`;
  }
  if (r < 70) {
    const text = jsonText(mutateJson(rng, rng.pick(c.docs), c.docs, 3)) ?? "[]";
    const bytes = new TextEncoder().encode(text);
    const payload = rng.chance(0.5) ? `v1.j.${toBase64Url(bytes)}` : `v1.d.${toBase64Url(await deflateRaw(bytes))}`;
    return `s=${payload}${rng.chance(0.3) ? "&" + oddParam(rng) : ""}`;
  }
  if (r < 85) {
    const parts = [base.split("&")[0]!];
    for (let n = rng.range(1, 4); n > 0; n--) parts.push(oddParam(rng));
    return parts.join("&");
  }
  if (r < 93) {
    const body = base.replace(/^s=v1\.[dj]\./, "");
    const head = rng.pick(["v0.", "v2.", "v1.", "v01.", "v1.x.", "v1..", "v1.dd.", "v.", "V1.", "v1.j", "v" + "9".repeat(rng.range(2, 400)) + ".", "v1.%0A.", `v1.${rng.pick(TEXT_TOKENS)}.`]);
    return `s=${head}${rng.chance(0.8) ? body : mutateText(rng, body, [], B64URL)}`;
  }
  return rng.chance(0.5) ? randomText(rng, 300, FRAGMENT_ALPHABET) : `#s=v1.${rng.pick(["d", "j"])}.${randomText(rng, 400, B64URL)}`;
}

/** Links to every corpus scenario, in both codecs, some with deep-link options. Contract sources
 * are cut to 300 characters: the decoder does not look into them, and shorter links fuzz faster. */
export async function linkCorpus(): Promise<LinkCorpus> {
  const inline = scenarioCorpus().inline.map((s) => ({
    ...s,
    contracts: Object.fromEntries(Object.entries(s.contracts).map(([k, c]) => [k, "source" in c ? { source: c.source.slice(0, 300) } : c])),
  }));
  const fragments: string[] = [];
  for (const [i, s] of inline.entries()) {
    for (const codec of ["d", "j"] as const) {
      const deep = i % 3 === 0 ? { deep: { tx: "deploy", phase: PHASES[i % PHASES.length]!, ...(i % 2 === 0 && { round: 1 + (i % 3) }) } } : {};
      fragments.push(buildFragment(await encodePayload(s, codec), { ...deep, autorun: i % 4 === 0 }));
    }
  }
  const payloads = fragments.map((f) => fromBase64Url(/^s=v1\.[dj]\.([^&]*)/.exec(f)![1]!)!);
  return { fragments, payloads, docs: inline.map((s) => JSON.parse(JSON.stringify(s)) as Json) };
}
