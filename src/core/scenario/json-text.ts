/**
 * JSON.parse with the error's line and column (1-based). Engines word their messages differently
 * and do not always give a position (V8: `Unexpected token '}', "[1, }" is not valid JSON`), so
 * the position comes from a small scanner that finds where the text stops being JSON.
 */

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; message: string; line?: number; column?: number };

export function parseJsonText(text: string): JsonTextResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const message = raw
      .replace(/\s*\(line \d+ column \d+\)/, "")
      .replace(/\s*in JSON at position \d+/, "")
      .replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, "")
      .replace(/^JSON\.parse: /, "")
      .trim()
      // the engine quotes the offending character as is: a line break or control character
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
    const at = errorOffset(text);
    if (at === null) return { ok: false, message };
    const before = text.slice(0, at).split("\n");
    return { ok: false, message, line: before.length, column: before[before.length - 1].length + 1 };
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Offset of the first character that makes `text` invalid JSON (null when it is valid). */
export function errorOffset(text: string): number | null {
  let i = 0;
  class Stop {
    constructor(readonly at: number) {}
  }
  const fail = (at = i): never => {
    throw new Stop(at);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i];
      if (ch === '"') return void i++;
      if (ch.charCodeAt(0) < 0x20) fail();
      if (ch === "\\") {
        const esc = text[i + 1];
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i + 1);
          i += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
        else fail(i + 1);
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === "}") return void i++;
        if (text[i] !== ",") fail();
        i++;
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === "]") return void i++;
        if (text[i] !== ",") fail();
        i++;
      }
    }
    if (ch === '"') return string();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) return void (i += word.length);
    }
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text)) return void (i = NUMBER.lastIndex);
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return null;
  } catch (e) {
    if (e instanceof Stop) return Math.min(e.at, text.length);
    if (e instanceof RangeError) return null; // nested too deeply to scan: no position
    throw e;
  }
}

/** Deepest nesting of lists and objects the scenario, form and share-link readers accept. */
export const MAX_JSON_DEPTH = 100;

/** True when lists and objects in a parsed JSON value nest deeper than `limit` (iterative, so any depth is safe to ask about). */
export function jsonNestingExceeds(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth + 1 > limit) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (typeof x === "object" && x !== null) stack.push([x, depth + 1]);
  }
  return false;
}
