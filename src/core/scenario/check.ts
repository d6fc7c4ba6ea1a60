/**
 * Small helpers to validate unknown JSON while collecting one-line errors that name the path
 * (`steps[3].call.method: expected a string, got 5`).
 */

export class Checker {
  readonly errors: string[] = [];

  error(path: string, message: string): void {
    this.errors.push(path ? `${path}: ${message}` : message);
  }
}

/** User text quoted for a message: a JSON string with line separators escaped too, cut to about
 * `max` characters, so a message stays one short line whatever the document holds. */
export function quote(s: string, max = 40): string {
  const cut = s.length > max ? s.slice(0, max - 1) + "…" : s;
  return JSON.stringify(cut).replace(/[\u2028\u2029]/g, (ch) => (ch === "\u2028" ? "\\u2028" : "\\u2029"));
}

export function joinPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) && key.length <= 40 ? key : quote(key);
  if (!path) return safe;
  return safe.startsWith('"') ? `${path}[${safe}]` : `${path}.${safe}`;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A short description of a JSON value for "got …" in messages. */
export function describeJson(v: unknown): string {
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "an array";
  if (isObject(v)) return "an object";
  const text = JSON.stringify(v).replace(/[\u2028\u2029]/g, (ch) => (ch === "\u2028" ? "\\u2028" : "\\u2029"));
  return text.length > 40 ? text.slice(0, 37) + '..."' : text;
}

/** Edit distance counting a swap of neighbours as one edit, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** ` (did you mean "x"?)` when one candidate is close to `word`, else "". */
export function suggest(word: string, candidates: Iterable<string>): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return best !== null && bestD <= limit && bestD < word.length ? ` (did you mean ${quote(best)}?)` : "";
}

/** Quoted list: `"a", "b" or "c"`. */
export function orList(items: readonly string[], quoted = true): string {
  const q = items.map((s) => (quoted ? quote(s) : s));
  return q.length <= 1 ? q.join("") : `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
}

/**
 * Checks that `v` is an object with only `allowed` keys; returns it, or undefined after reporting.
 */
export function readObject(c: Checker, path: string, v: unknown, allowed: readonly string[]): Record<string, unknown> | undefined {
  if (!isObject(v)) {
    c.error(path || "scenario", `expected an object, got ${describeJson(v)}`);
    return undefined;
  }
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) c.error(path || "scenario", `unknown field ${quote(key)}${suggest(key, allowed)}`);
  }
  return v;
}

export function readString(c: Checker, path: string, v: unknown, opts: { nonEmpty?: boolean } = {}): string | undefined {
  if (typeof v !== "string") {
    c.error(path, `expected a string, got ${describeJson(v)}`);
    return undefined;
  }
  if (opts.nonEmpty && v.trim() === "") {
    c.error(path, "must not be empty");
    return undefined;
  }
  return v;
}

export function readBool(c: Checker, path: string, v: unknown): boolean | undefined {
  if (typeof v !== "boolean") {
    c.error(path, `expected true or false, got ${describeJson(v)}`);
    return undefined;
  }
  return v;
}

export function readInt(c: Checker, path: string, v: unknown, opts: { min?: number; max?: number } = {}): number | undefined {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    c.error(path, `expected an integer, got ${describeJson(v)}`);
    return undefined;
  }
  if (opts.min !== undefined && v < opts.min) {
    c.error(path, `must be at least ${opts.min}, got ${v}`);
    return undefined;
  }
  if (opts.max !== undefined && v > opts.max) {
    c.error(path, `must be at most ${opts.max}, got ${v}`);
    return undefined;
  }
  return v;
}

export function readNumber(c: Checker, path: string, v: unknown, opts: { min?: number; max?: number } = {}): number | undefined {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    c.error(path, `expected a number, got ${describeJson(v)}`);
    return undefined;
  }
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    c.error(path, `must be between ${opts.min ?? "-∞"} and ${opts.max ?? "∞"}, got ${v}`);
    return undefined;
  }
  return v;
}

/** A non-negative integer amount: a decimal string or a safe integer; returns the decimal string. */
export function readAmount(c: Checker, path: string, v: unknown): string | undefined {
  if (typeof v === "number") {
    if (Number.isSafeInteger(v) && v >= 0) return String(v);
    c.error(
      path,
      Number.isInteger(v) && v > 0
        ? `${describeJson(v)} is too large for a JSON number; write it as a string`
        : `expected a non-negative integer amount, got ${describeJson(v)}`,
    );
    return undefined;
  }
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v).toString();
  c.error(path, `expected a non-negative integer amount (a decimal string like "1000"), got ${describeJson(v)}`);
  return undefined;
}

export function readEnum<T extends string>(c: Checker, path: string, v: unknown, values: readonly T[]): T | undefined {
  if (typeof v === "string" && (values as readonly string[]).includes(v)) return v as T;
  const hint = typeof v === "string" ? suggest(v, values) : "";
  if (hint) c.error(path, `${describeJson(v)} is not valid here${hint}`);
  else c.error(path, `expected ${orList(values)}, got ${describeJson(v)}`);
  return undefined;
}

/** A valid JavaScript regular expression source; reports the engine's message otherwise. */
export function readRegex(c: Checker, path: string, v: unknown, flags?: string): string | undefined {
  const s = readString(c, path, v);
  if (s === undefined) return undefined;
  try {
    new RegExp(s, flags);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: \/.*\/\w*: /s, "");
    c.error(path, `invalid regular expression: ${why}`);
    return undefined;
  }
  return s;
}

/** Names of accounts and validators. */
export const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function readName(c: Checker, path: string, v: unknown): string | undefined {
  const s = readString(c, path, v);
  if (s === undefined) return undefined;
  if (!NAME_RE.test(s)) {
    c.error(path, `${describeJson(s)} is not a valid name (letters, digits, "_", "-" and ".")`);
    return undefined;
  }
  if (s === "__proto__") {
    // as a key of the scenario's objects it would set their prototype instead of naming an entry
    c.error(path, `"__proto__" is reserved; choose another name`);
    return undefined;
  }
  return s;
}

/** A step label: any non-empty text that does not start with "@". */
export function readLabel(c: Checker, path: string, v: unknown): string | undefined {
  const s = readString(c, path, v, { nonEmpty: true });
  if (s === undefined) return undefined;
  if (s.startsWith("@")) {
    c.error(path, `a label can not start with "@" (that prefix refers to a name)`);
    return undefined;
  }
  return s;
}
