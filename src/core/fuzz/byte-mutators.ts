/**
 * Format-blind mutations of bytes and of text: bit flips, interesting bytes, inserts, deletes,
 * duplicated runs, splices with another valid input, truncation and random garbage. A mutated
 * input gets one to four of them stacked.
 */
import type { FuzzRng } from "./prng";

const INTERESTING_BYTES = [0x00, 0x01, 0x07, 0x08, 0x0f, 0x10, 0x7f, 0x80, 0x81, 0xc0, 0xc3, 0xed, 0xef, 0xf0, 0xf4, 0xf8, 0xfe, 0xff];

type ByteMutation = (rng: FuzzRng, b: Uint8Array, corpus: readonly Uint8Array[]) => Uint8Array;

const at = (rng: FuzzRng, b: Uint8Array) => rng.int(b.length + 1);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

export const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  flipBit(rng, b) {
    if (b.length === 0) return rng.bytes(1);
    const out = Uint8Array.from(b);
    out[rng.int(out.length)] ^= 1 << rng.int(8);
    return out;
  },
  setByte(rng, b) {
    if (b.length === 0) return Uint8Array.of(rng.pick(INTERESTING_BYTES));
    const out = Uint8Array.from(b);
    out[rng.int(out.length)] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
    return out;
  },
  addToByte(rng, b) {
    if (b.length === 0) return b;
    const out = Uint8Array.from(b);
    const i = rng.int(out.length);
    out[i] = (out[i]! + rng.range(-8, 8)) & 0xff;
    return out;
  },
  insert(rng, b) {
    const i = at(rng, b);
    const extra = rng.chance(0.5) ? Uint8Array.from({ length: rng.range(1, 4) }, () => rng.pick(INTERESTING_BYTES)) : rng.bytes(rng.range(1, 16));
    return concat(b.subarray(0, i), extra, b.subarray(i));
  },
  delete(rng, b) {
    if (b.length === 0) return b;
    const i = rng.int(b.length);
    return concat(b.subarray(0, i), b.subarray(Math.min(b.length, i + 1 + rng.size(32))));
  },
  duplicate(rng, b) {
    if (b.length === 0) return b;
    const i = rng.int(b.length);
    const run = b.subarray(i, i + 1 + rng.size(64));
    const times = rng.chance(0.9) ? 1 : rng.range(2, 200);
    return concat(b.subarray(0, i), ...Array<Uint8Array>(times + 1).fill(run), b.subarray(i + run.length));
  },
  spliceOther(rng, b, corpus) {
    const other = corpus.length > 0 ? rng.pick(corpus) : b;
    return concat(b.subarray(0, at(rng, b)), other.subarray(rng.int(other.length + 1)));
  },
  insertOther(rng, b, corpus) {
    const other = corpus.length > 0 ? rng.pick(corpus) : b;
    const from = rng.int(other.length + 1);
    const i = at(rng, b);
    return concat(b.subarray(0, i), other.subarray(from, from + rng.size(256)), b.subarray(i));
  },
  truncate(rng, b) {
    return b.subarray(0, rng.int(b.length + 1));
  },
  appendGarbage(rng, b) {
    return concat(b, rng.bytes(rng.range(1, 32)));
  },
  swap(rng, b) {
    if (b.length < 2) return b;
    const out = Uint8Array.from(b);
    const i = rng.int(out.length);
    const j = rng.int(out.length);
    [out[i], out[j]] = [out[j]!, out[i]!];
    return out;
  },
};

const BYTE_NAMES = Object.keys(BYTE_MUTATIONS);

/** One to `max` stacked byte mutations of `b` (never changes `b` itself). */
export function mutateBytes(rng: FuzzRng, b: Uint8Array, corpus: readonly Uint8Array[], max = 4): Uint8Array {
  let out = b;
  for (let i = rng.range(1, max); i > 0; i--) out = BYTE_MUTATIONS[rng.pick(BYTE_NAMES)]!(rng, out, corpus);
  return out;
}

export function randomGarbage(rng: FuzzRng, maxLen = 64): Uint8Array {
  return rng.bytes(rng.size(maxLen));
}

// ---- text ----

/** Fragments that upset parsers of JSON, URLs and base64. */
export const TEXT_TOKENS = [
  "{", "}", "[", "]", ",", ":", '"', "\\", "\\u", "\\ud800", "\\udfff", "\\u0000", "\\x", "0", "-", "-0", "1e999", "-1e999", "1e-999",
  "9007199254740993", "0.1", "1E+2", "null", "true", "false", "NaN", "Infinity", "undefined", " ", "\t", "\n", "\r\n", "\u0000",
  "\u2028", "\ud800", "\udc00", "\u{1f600}", "\ufeff", "é", "%", "%0A", "%ZZ", "%F0%9F", "%E2%80%A8", "&", "=", "#", ".", "v1.", "v2.",
  "s=", "&tx=", "&round=", "&phase=", "&autorun=1", "__proto__", "constructor", "-", "_", "+", "/", "==", "A", "@",
];

type TextMutation = (rng: FuzzRng, s: string, corpus: readonly string[], alphabet: string) => string;

const tat = (rng: FuzzRng, s: string) => rng.int(s.length + 1);

export const TEXT_MUTATIONS: Record<string, TextMutation> = {
  insertToken(rng, s) {
    const i = tat(rng, s);
    return s.slice(0, i) + rng.pick(TEXT_TOKENS) + s.slice(i);
  },
  insertChars(rng, s, _c, alphabet) {
    const i = tat(rng, s);
    let extra = "";
    for (let k = rng.range(1, 8); k > 0; k--) extra += alphabet[rng.int(alphabet.length)];
    return s.slice(0, i) + extra + s.slice(i);
  },
  replaceChar(rng, s, _c, alphabet) {
    if (s.length === 0) return alphabet[rng.int(alphabet.length)]!;
    const i = rng.int(s.length);
    return s.slice(0, i) + (rng.chance(0.7) ? alphabet[rng.int(alphabet.length)] : rng.pick(TEXT_TOKENS)) + s.slice(i + 1);
  },
  delete(rng, s) {
    if (s.length === 0) return s;
    const i = rng.int(s.length);
    return s.slice(0, i) + s.slice(i + 1 + rng.size(40));
  },
  duplicate(rng, s) {
    if (s.length === 0) return s;
    const i = rng.int(s.length);
    const run = s.slice(i, i + 1 + rng.size(80));
    return s.slice(0, i) + run.repeat(rng.chance(0.9) ? 2 : rng.range(3, 300)) + s.slice(i + run.length);
  },
  splice(rng, s, corpus) {
    const other = corpus.length > 0 ? rng.pick(corpus) : s;
    return s.slice(0, tat(rng, s)) + other.slice(rng.int(other.length + 1));
  },
  truncate(rng, s) {
    return s.slice(0, rng.int(s.length + 1));
  },
  flipCase(rng, s) {
    if (s.length === 0) return s;
    const i = rng.int(s.length);
    const ch = s[i]!;
    return s.slice(0, i) + (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) + s.slice(i + 1);
  },
  codeUnit(rng, s) {
    const i = tat(rng, s);
    return s.slice(0, i) + String.fromCharCode(rng.chance(0.5) ? rng.range(0xd800, 0xdfff) : rng.int(0x10000)) + s.slice(i);
  },
};

const TEXT_NAMES = Object.keys(TEXT_MUTATIONS);
export const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");

/** One to `max` stacked text mutations; `alphabet` is what inserted characters are drawn from. */
export function mutateText(rng: FuzzRng, s: string, corpus: readonly string[], alphabet = PRINTABLE, max = 4): string {
  let out = s;
  for (let i = rng.range(1, max); i > 0; i--) out = TEXT_MUTATIONS[rng.pick(TEXT_NAMES)]!(rng, out, corpus, alphabet);
  return out;
}

export function randomText(rng: FuzzRng, maxLen = 64, alphabet = PRINTABLE): string {
  let s = "";
  for (let n = rng.size(maxLen); n > 0; n--) s += rng.chance(0.9) ? alphabet[rng.int(alphabet.length)] : rng.pick(TEXT_TOKENS);
  return s;
}
