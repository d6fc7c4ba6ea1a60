/**
 * Finds the JSON value in what a language model actually wrote: code fences, prose around the
 * object, "Answer:" labels, <think> blocks, Python literals (True/False/None, single-quoted
 * strings), trailing commas, comments, unquoted keys and raw newlines inside strings. When several
 * values appear, the last one that fits the expected shape wins. Failures are one-line
 * `JsonExtractError`s.
 */

export class JsonExtractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonExtractError";
  }
}

export interface ExtractOptions {
  /** Only values passing this test are accepted; the last one that passes wins. */
  accept?: (value: unknown) => boolean;
  /** The expected shape in words, for error messages, e.g. 'an object with "result"'. */
  shape?: string;
}

interface Candidate {
  value: unknown;
  at: number;
}

type Parsed = { ok: true; value: unknown } | { ok: false };

const LABEL = /^\s*(?:final answer|answer|response|output|result|json)\s*[:=]\s*/i;
const FENCE = /(```|~~~)[^\n]*\n([\s\S]*?)\1/g;
const JSON_ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/** The JSON value in `text`, or a `JsonExtractError` saying in one line why there is none. */
export function extractJson(text: string, options: ExtractOptions = {}): unknown {
  const accept = options.accept ?? (() => true);
  const cleaned = text.replace(/^\uFEFF/, "").replace(/<think>[\s\S]*?<\/think>/gi, "").trim();
  if (!cleaned) throw new JsonExtractError("the model's answer is empty");

  const whole = parseLenient(cleaned.replace(LABEL, ""));
  if (whole.ok && accept(whole.value)) return whole.value;

  const candidates: Candidate[] = [];
  for (const m of cleaned.matchAll(FENCE)) {
    const body = parseLenient(m[2].trim().replace(LABEL, ""));
    if (body.ok) candidates.push({ value: body.value, at: m.index ?? 0 });
  }
  const scan = scanBracketed(cleaned);
  candidates.push(...scan.found);
  candidates.sort((a, b) => a.at - b.at);

  if (candidates.length === 0) {
    if (scan.unclosed)
      throw new JsonExtractError(`the JSON in the model's answer is cut off (answer truncated by max tokens?): ${snippet(cleaned)}`);
    throw new JsonExtractError(`no valid JSON found in the model's answer: ${snippet(cleaned)}`);
  }
  if (options.accept) {
    for (let i = candidates.length - 1; i >= 0; i--) {
      const fit = unwrap(candidates[i].value, accept);
      if (fit !== undefined) return fit.value;
    }
    const shown = JSON.stringify(candidates[candidates.length - 1].value) ?? "";
    throw new JsonExtractError(`the model's JSON is not ${options.shape ?? "of the expected shape"}: ${snippet(shown)}`);
  }
  const objects = candidates.filter((c) => isPlainObject(c.value));
  return (objects.length > 0 ? objects[objects.length - 1] : candidates[candidates.length - 1]).value;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `value` itself, or the value inside single-key wrappers like {"answer": {...}}, if accepted. */
function unwrap(value: unknown, accept: (v: unknown) => boolean): { value: unknown } | undefined {
  if (accept(value)) return { value };
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1) return unwrap(value[keys[0]], accept);
  }
  return undefined;
}

/** Every outermost {...} or [...] span that parses, in order of appearance. */
function scanBracketed(text: string): { found: Candidate[]; unclosed: boolean } {
  const found: Candidate[] = [];
  let unclosed = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== "{" && ch !== "[") continue;
    const end = matchingClose(text, i);
    if (end === "unclosed") {
      unclosed = true;
      continue;
    }
    if (end < 0) continue;
    const parsed = parseLenient(text.slice(i, end + 1));
    if (parsed.ok) {
      found.push({ value: parsed.value, at: i });
      i = end;
    }
  }
  return { found, unclosed };
}

/** Index of the bracket closing the one at `start`, -1 if mismatched, "unclosed" if text ends first. */
function matchingClose(text: string, start: number): number | "unclosed" {
  const stack: string[] = [];
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const end = stringEnd(text, i);
      // an unclosed double quote means the text stops mid-string; a lone single quote is prose
      if (end < 0) return ch === '"' ? "unclosed" : -1;
      i = end;
    } else if (ch === "{") stack.push("}");
    else if (ch === "[") stack.push("]");
    else if (ch === "}" || ch === "]") {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return "unclosed";
}

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function parseLenient(s: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch {
    const normalized = normalizeJsonish(s);
    if (normalized === null) return { ok: false };
    try {
      return { ok: true, value: JSON.parse(normalized) };
    } catch {
      return { ok: false };
    }
  }
}

/**
 * Rewrites JSON-like text into JSON: Python literals, single-quoted strings, raw control
 * characters in strings, trailing commas, comments and bare keys. Valid JSON comes out unchanged.
 * Null when a string never ends.
 */
function normalizeJsonish(s: string): string | null {
  let out = "";
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      const str = readString(s, i);
      if (!str) return null;
      out += str.json;
      i = str.end;
    } else if (ch === "/" && s[i + 1] === "/") {
      i = skipTo(s, i, "\n");
    } else if (ch === "/" && s[i + 1] === "*") {
      const close = s.indexOf("*/", i + 2);
      i = close < 0 ? s.length : close + 2;
    } else if (ch === "#") {
      i = skipTo(s, i, "\n");
    } else if (/[A-Za-z_$]/.test(ch)) {
      const word = /^[A-Za-z_$][\w$]*/.exec(s.slice(i))![0];
      out += bareWord(word, s, i + word.length);
      i += word.length;
    } else if (ch === ",") {
      const next = /^\s*([\]}])?/.exec(s.slice(i + 1))!;
      if (!next[1]) out += ",";
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function bareWord(word: string, s: string, after: number): string {
  if (word === "True") return "true";
  if (word === "False") return "false";
  if (word === "None") return "null";
  if (word === "true" || word === "false" || word === "null") return word;
  // a bare object key: `{result: true}`
  if (/^\s*:/.test(s.slice(after, after + 40)) && /[{,]\s*$/.test(s.slice(Math.max(0, after - word.length - 40), after - word.length)))
    return JSON.stringify(word);
  return word;
}

function skipTo(s: string, from: number, marker: string): number {
  const at = s.indexOf(marker, from);
  return at < 0 ? s.length : at;
}

/** A double- or single-quoted string at `start` rewritten as a JSON string literal. */
function readString(s: string, start: number): { json: string; end: number } | null {
  const quote = s[start];
  let body = "";
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      const next = s[i + 1];
      if (next === undefined) return null;
      if (next === "'") body += "'";
      else if (JSON_ESCAPES.has(next)) body += c + next;
      else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) body += c + next;
      else if (next >= " ") body += "\\\\" + next; // an unknown escape keeps its backslash
      // a backslash before a line break (line continuation) is dropped with it
      i++;
    } else if (c === quote) {
      return { json: `"${body}"`, end: i + 1 };
    } else if (c === '"') {
      body += '\\"';
    } else if (c < " ") {
      body += c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    } else {
      body += c;
    }
  }
  return null;
}

function snippet(s: string): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > 80 ? flat.slice(0, 77) + "..." : flat);
}
