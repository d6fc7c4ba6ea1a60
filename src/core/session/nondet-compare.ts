/**
 * Side-by-side view model of a round's non-deterministic calls (LLM prompts, prompt templates, web
 * requests and renders): one row per call, matched by position among those calls, with a cell per
 * node (leader first, then each validator) holding what it asked and what it got, and whether that
 * differs from the leader. DOM-free; the UI renders it in the transaction detail.
 */
import { toText, type CalldataValue, type EncodableValue } from "../calldata";
import type { Receipt, Round, Vote } from "../consensus/types";

export const NONDET_REQUESTS = ["ExecPrompt", "ExecPromptTemplate", "WebRequest", "WebRender"] as const;

export type HostCall = NonNullable<Receipt["hostCalls"]>[number];

/** What a node asked: a title ("LLM prompt"), the main text (prompt, template variables, URL) and
 * small facts ("JSON answer", "mode html"). */
export interface CallInput {
  title: string;
  text: string;
  facts: string[];
}

/** What a node got back: an answer, the provider's error, or an abort (out of intelligence gas). */
export interface CallAnswer {
  status: "ok" | "error" | "abort";
  text: string;
}

export interface NodeColumn {
  validator: string;
  role: "leader" | "validator";
  /** The node's vote once revealed (null before, and for a leader without a vote record). */
  vote: Vote | null;
  reason: string;
  /** False while the node has not executed this round yet. */
  executed: boolean;
}

export type CompareCell =
  | { kind: "not_run" }
  | { kind: "no_call" }
  | { kind: "call"; request: string; input: CallInput; answer: CallAnswer; sameInput: boolean; sameAnswer: boolean };

export interface CompareRow {
  /** 0-based position among the non-deterministic calls. */
  index: number;
  request: string;
  /** The leader's input, or the first node's that made this call. */
  input: CallInput;
  /** One per column, same order. */
  cells: CompareCell[];
  /** Nodes (leader excluded) whose answer or input differs from the leader's. */
  differing: number;
}

export interface NondetComparison {
  columns: NodeColumn[];
  rows: CompareRow[];
  /** True when at least one node of the round has executed. */
  executed: boolean;
}

export function isNondetRequest(request: string): boolean {
  return (NONDET_REQUESTS as readonly string[]).includes(request);
}

/** The non-deterministic calls of a receipt, in order (contract calls and balance reads dropped). */
export function nondetCalls(receipt: Receipt): HostCall[] {
  return (receipt.hostCalls ?? []).filter((c) => isNondetRequest(c.request));
}

/** Leader first, then the round's other validators in selection order; extra votes (e.g. revealed
 * but not yet recorded on the round) fill in missing ones. */
export function compareNondet(round: Round, extraVotes: readonly { validator: string; vote: Vote; reason?: string }[] = []): NondetComparison {
  const ids = [round.leader, ...round.validators.filter((v) => v !== round.leader)];
  const receiptOf = (id: string): Receipt | null =>
    id === round.leader ? round.leaderReceipt : (round.validatorReceipts.find((r) => r.validator === id) ?? null);
  const columns: NodeColumn[] = ids.map((id) => {
    const vote = round.votes.find((v) => v.validator === id) ?? extraVotes.find((v) => v.validator === id);
    return {
      validator: id,
      role: id === round.leader ? "leader" : "validator",
      vote: vote?.vote ?? null,
      reason: vote?.reason ?? "",
      executed: receiptOf(id) !== null,
    };
  });
  const calls = ids.map((id) => {
    const r = receiptOf(id);
    return r ? nondetCalls(r) : null;
  });
  const count = Math.max(0, ...calls.map((c) => c?.length ?? 0));
  const rows: CompareRow[] = [];
  for (let i = 0; i < count; i++) {
    const described = calls.map((c) => (c && c[i] ? { call: c[i], input: describeInput(c[i]), answer: describeAnswer(c[i]) } : null));
    const ref = described[0];
    const first = ref ?? described.find((d) => d !== null)!;
    const cells: CompareCell[] = described.map((d, j) => {
      if (!calls[j]) return { kind: "not_run" };
      if (!d) return { kind: "no_call" };
      const sameInput = ref !== null && ref.call.request === d.call.request && sameCallInput(ref.input, d.input);
      const sameAnswer = ref !== null && sameCallAnswer(ref.answer, d.answer);
      return { kind: "call", request: d.call.request, input: d.input, answer: d.answer, sameInput, sameAnswer };
    });
    const differing = cells.slice(1).filter((c) => c.kind === "no_call" || (c.kind === "call" && !(c.sameInput && c.sameAnswer))).length;
    rows.push({ index: i, request: first.call.request, input: first.input, cells, differing });
  }
  return { columns, rows, executed: calls.some((c) => c !== null) };
}

export function sameCallInput(a: CallInput, b: CallInput): boolean {
  return a.title === b.title && a.text === b.text && a.facts.join("\n") === b.facts.join("\n");
}

export function sameCallAnswer(a: CallAnswer, b: CallAnswer): boolean {
  return a.status === b.status && a.text === b.text;
}

/** The readable input of a host call. */
export function describeInput(call: HostCall): CallInput {
  const p = call.payload;
  switch (call.request) {
    case "ExecPrompt": {
      const facts: string[] = [];
      if (field(p, "response_format") === "json") facts.push("JSON answer");
      const images = field(p, "images");
      if (Array.isArray(images) && images.length > 0) facts.push(`${images.length} image${images.length === 1 ? "" : "s"}`);
      return { title: "LLM prompt", text: plain(field(p, "prompt")), facts };
    }
    case "ExecPromptTemplate": {
      const vars = p instanceof Map ? [...p].filter(([k]) => k !== "template") : [];
      return { title: `Prompt template ${plain(field(p, "template"))}`, text: vars.map(([k, v]) => `${k}: ${plain(v)}`).join("\n"), facts: [] };
    }
    case "WebRequest": {
      const body = field(p, "body");
      const size = body instanceof Uint8Array ? body.length : typeof body === "string" ? body.length : 0;
      return { title: "Web request", text: `${plain(field(p, "method") ?? "GET")} ${plain(field(p, "url"))}`, facts: size > 0 ? [`body ${size} bytes`] : [] };
    }
    case "WebRender": {
      const facts = [`mode ${plain(field(p, "mode") ?? "text")}`];
      const wait = field(p, "wait_after_loaded");
      if (typeof wait === "string" && wait !== "0ms" && wait !== "") facts.push(`wait ${wait}`);
      return { title: "Web render", text: plain(field(p, "url")), facts };
    }
    default:
      return { title: call.request, text: plain(p), facts: [] };
  }
}

/** The readable answer of a host call (`{ok}`, `{error}` or `{abort}` as the host sent it). */
export function describeAnswer(call: HostCall): CallAnswer {
  const a = call.answer;
  if (a instanceof Map && a.size === 1) {
    if (a.has("error")) return { status: "error", text: plain(a.get("error")) };
    if (a.has("abort")) return { status: "abort", text: plain(a.get("abort")) };
    if (a.has("ok")) return { status: "ok", text: okText(call.request, a.get("ok") ?? null) };
  }
  return { status: "ok", text: plain(a) };
}

function okText(request: string, v: CalldataValue): string {
  if (request === "ExecPrompt" && typeof v === "string") return prettyJson(v);
  if (request === "WebRequest") {
    const res = field(v, "response");
    if (res instanceof Map) {
      const body = field(res, "body");
      const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : plain(body ?? "");
      return `HTTP ${plain(field(res, "status") ?? "?")}${text ? `\n${text}` : ""}`;
    }
  }
  if (request === "WebRender" && v instanceof Map) {
    const image = v.get("image");
    if (image instanceof Uint8Array) return `screenshot, ${image.length} bytes`;
    if (v.has("text")) return plain(v.get("text"));
  }
  return plain(v);
}

/** A JSON object or array answer, indented; anything else unchanged. */
function prettyJson(text: string): string {
  const t = text.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return text;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return text;
  }
}

function field(v: CalldataValue | undefined, key: string): CalldataValue | undefined {
  return v instanceof Map ? v.get(key) : undefined;
}

/** Strings as they are, booleans and integers in words, everything else as calldata debug text. */
function plain(v: CalldataValue | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  try {
    return toText(v as EncodableValue);
  } catch {
    return String(v);
  }
}

/** The first `maxLines` lines / `maxChars` characters of `text` (leading blank lines and trailing
 * space dropped), and whether anything was cut. */
export function clipText(text: string, maxChars = 240, maxLines = 4): { text: string; clipped: boolean } {
  const whole = text.replace(/^\s*\n/, "").trimEnd();
  let out = whole.split("\n").slice(0, maxLines).join("\n");
  if (out.length > maxChars) out = out.slice(0, maxChars);
  const clipped = out.length < whole.length;
  return { text: clipped ? `${out.trimEnd()}…` : whole, clipped };
}
