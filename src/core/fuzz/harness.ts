/**
 * The fuzz runs' common parts: the run's seed and count (env `FUZZ_SEED`, `FUZZ_N`,
 * `FUZZ_N_<TARGET>`, `FUZZ_ONLY`), the one log line per target, per-input random streams, the
 * failure message that says how to reproduce, and the "one line a person understands" check that
 * every error message of the fuzzed code must pass.
 */
import { FuzzRng } from "./prng";

export interface FuzzRun {
  target: string;
  seed: number;
  n: number;
  /** The indices to run: 0..n-1, or just FUZZ_ONLY. */
  indices: number[];
  /** The test file, for the reproduce hint. */
  file: string;
}

const env = (name: string): string | undefined => {
  const v = process.env[name];
  return v === undefined || v.trim() === "" ? undefined : v.trim();
};

/** Parses `0x1f`, `31` or `random`; throws a one-line error for anything else. */
export function parseSeed(text: string | undefined, fresh: () => number): number {
  if (text === undefined || text === "random") return fresh() >>> 0;
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) return Number.parseInt(text.slice(2), 16) >>> 0;
  if (/^\d{1,10}$/.test(text) && Number(text) <= 0xffff_ffff) return Number(text);
  throw new Error(`FUZZ_SEED must be a 32-bit number (0x… or decimal) or "random", got ${JSON.stringify(text.slice(0, 40))}`);
}

function parseCount(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/_/g, ""));
  if (!/^[\d_]+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min}, got ${JSON.stringify(text.slice(0, 40))}`);
  return n;
}

export const seedHex = (seed: number) => "0x" + seed.toString(16).padStart(8, "0");

/** The seed of `npm test`: fixed, so a commit that passed passes again. */
export const DEFAULT_SEED = 0x5eed_2026;

/**
 * The run for one target; logs `fuzz <target> seed=0x… n=…` once. Without FUZZ_SEED the run takes
 * DEFAULT_SEED (`npm test` stays reproducible); `FUZZ_SEED=random` (what `npm run fuzz` sets) takes a
 * fresh one each run to look further. The log line and any failure name the seed.
 */
export function fuzzRun(target: string, file: string, defaultN: number): FuzzRun {
  const seed = parseSeed(env("FUZZ_SEED") ?? String(DEFAULT_SEED), () => crypto.getRandomValues(new Uint32Array(1))[0]!);
  const key = `FUZZ_N_${target.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;
  const n = parseCount(key, env(key), parseCount("FUZZ_N", env("FUZZ_N"), defaultN));
  const only = env("FUZZ_ONLY");
  const indices = only === undefined ? Array.from({ length: n }, (_, i) => i) : [parseCount("FUZZ_ONLY", only, 0, 0)];
  console.log(`fuzz ${target} seed=${seedHex(seed)} n=${n}${only === undefined ? "" : ` only=${only}`}`);
  return { target, seed, n, indices, file };
}

/** Input #index's own random stream. */
export function inputRng(run: FuzzRun, index: number): FuzzRng {
  return new FuzzRng(run.seed, index);
}

/** An assertion message that reproduces: seed, index, the input (shortened) and the command. */
export function failure(run: FuzzRun, index: number, problem: string, input: string): string {
  const shown = input.length > 1500 ? `${input.slice(0, 1500)}… (${input.length} chars)` : input;
  return (
    `fuzz ${run.target} seed=${seedHex(run.seed)} index=${index}: ${problem}\n  input: ${shown}\n` +
    `  reproduce: FUZZ_SEED=${seedHex(run.seed)} FUZZ_ONLY=${index} npx vitest run ${run.file}`
  );
}

/** The shape of a problem, without its particular values: failures of one kind are one bug. */
const kindOf = (problem: string) => problem.replace(/"(?:[^"\\]|\\.)*"…?/g, '"…"').replace(/\d+/g, "N").slice(0, 90);

/** Collects failures: the first input of each kind of problem in full, so one run reports
 * several distinct bugs. */
export class FailureLog {
  readonly messages: string[] = [];
  private readonly kinds = new Map<string, number>();
  count = 0;
  constructor(private readonly run: FuzzRun, private readonly keep = 12) {}

  add(index: number, problem: string, input: () => string): void {
    this.count++;
    const kind = kindOf(problem);
    const seen = this.kinds.get(kind) ?? 0;
    this.kinds.set(kind, seen + 1);
    if (seen === 0 && this.messages.length < this.keep) this.messages.push(failure(this.run, index, problem, safeText(input)));
  }

  /** "" when nothing failed, else one message per kind of problem. */
  report(): string {
    if (this.count === 0) return "";
    const kinds = [...this.kinds].map(([k, n]) => `  ${n}× ${k}`).join("\n");
    return `${this.count} of ${this.run.indices.length} inputs failed, ${this.kinds.size} kinds of problem:\n${kinds}\nthe first of each:\n${this.messages.join("\n")}`;
  }
}

function safeText(f: () => string): string {
  try {
    return f();
  } catch (e) {
    return `(could not show the input: ${e instanceof Error ? e.message : String(e)})`;
  }
}

export const MAX_MESSAGE = 300;

/**
 * Why `message` is not one line a person understands, or null when it is: a non-empty string
 * without line breaks or a stack trace, under MAX_MESSAGE characters, without a leaked
 * "[object Object]", and without "undefined"/"NaN" unless the input itself contains that word.
 */
export function messageProblem(message: unknown, input: string | (() => string) = ""): string | null {
  if (typeof message !== "string") return `the message is a ${typeof message}, not text`;
  if (message.trim() === "") return "the message is empty";
  if (/[\n\r\u2028\u2029]/.test(message)) return `the message has a line break: ${JSON.stringify(message.slice(0, 200))}`;
  if (message.length >= MAX_MESSAGE) return `the message is ${message.length} characters long: ${JSON.stringify(message.slice(0, 200))}…`;
  if (message.includes("[object Object]") && !(typeof input === "string" ? input : input()).includes("[object Object]")) return `the message shows [object Object]: ${JSON.stringify(message)}`;
  for (const word of ["undefined", "NaN"]) {
    if (new RegExp(`\\b${word}\\b`).test(message) && !(typeof input === "string" ? input : input()).includes(word))
      return `the message shows ${word}: ${JSON.stringify(message)}`;
  }
  if (/\bat \S+ \([^()]*:\d+:\d+\)|\.m?[jt]s:\d+:\d+/.test(message)) return `the message carries a stack trace: ${JSON.stringify(message.slice(0, 200))}`;
  return null;
}

/** What a thrown value was, in one line, for a failure message. */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message.split("\n")[0]!.slice(0, 200)}${e.stack ? ` [${(e.stack.split("\n")[1] ?? "").trim()}]` : ""}`;
  return `a non-Error ${typeof e}: ${String(e).slice(0, 200)}`;
}

/** JSON for failure messages: bigints and byte arrays shown, cycles/depth survived. */
export function showJson(v: unknown): string {
  try {
    const text = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x instanceof Uint8Array ? `0x${Buffer.from(x).toString("hex")}` : x));
    return text === undefined ? String(v) : text;
  } catch (e) {
    return `(not showable as JSON: ${e instanceof Error ? e.message : String(e)})`;
  }
}

export const toHex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
