/**
 * What a JSON-RPC 2.0 answer must look like for the request it answers (a call, a notification or
 * a batch): `responseProblem` says what is wrong with it, or null.
 */
import { messageProblem } from "./harness";

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const validId = (v: unknown) => v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

/** One response object: jsonrpc 2.0, a valid id, exactly one of result and error, a clean error. */
export function oneResponseProblem(res: unknown, inputText: () => string): string | null {
  if (!isObj(res)) return `a response is not an object: ${String(res).slice(0, 80)}`;
  const extra = Object.keys(res).find((k) => !["jsonrpc", "id", "result", "error"].includes(k));
  if (extra) return `a response has the field ${JSON.stringify(extra)}`;
  if (res.jsonrpc !== "2.0") return 'a response without "jsonrpc": "2.0"';
  if (!("id" in res) || !validId(res.id)) return "a response without a valid id";
  if ("result" in res === "error" in res) return "a response needs exactly one of result and error";
  if ("result" in res) return res.result === undefined ? "a result is undefined" : null;
  const e = res.error;
  if (!isObj(e) || !Number.isInteger(e.code)) return "an error without an integer code";
  const p = messageProblem(e.message, inputText);
  return p ? `error ${e.code}: ${p}` : null;
}

/** The answer to a parsed request body (as `handleJsonRpc` returns it). */
export function responseProblem(body: unknown, res: unknown, inputText: () => string): string | null {
  try {
    JSON.stringify(res);
  } catch (e) {
    return `the response can not be written as JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (Array.isArray(body) && body.length > 0 && body.length <= 100) {
    const withId = body.filter((r) => isObj(r) && "id" in r && validId(r.id));
    if (res === null) return withId.length === 0 ? null : `a batch with ${withId.length} calls got no answer`;
    if (!Array.isArray(res)) return "a batch was answered with a single object";
    if (res.length > body.length) return `a batch of ${body.length} got ${res.length} answers`;
    if (res.length < withId.length) return `a batch with ${withId.length} calls got only ${res.length} answers`;
    // the answers to calls with valid ids come in order, with those ids
    let at = 0;
    for (const r of withId) {
      while (at < res.length && (res[at] as { id?: unknown }).id !== (r as { id: unknown }).id) at++;
      if (at++ >= res.length) return `the answer to the call with id ${JSON.stringify((r as { id: unknown }).id)} is missing or out of order`;
    }
    for (const r of res) {
      const p = oneResponseProblem(r, inputText);
      if (p) return p;
    }
    return null;
  }
  if (res === null) return isObj(body) && !("id" in body) ? null : "a call (not a notification) got no answer";
  if (Array.isArray(res)) return "a single call was answered with a list";
  const p = oneResponseProblem(res, inputText);
  if (p) return p;
  if (isObj(body) && "id" in body && validId(body.id) && (res as { id: unknown }).id !== body.id && !("error" in (res as object)))
    return `the answer's id ${JSON.stringify((res as { id: unknown }).id)} is not the call's ${JSON.stringify(body.id)}`;
  return null;
}

/** The answer text to a request text (as `handleJsonRpcText` returns it). */
export function responseTextProblem(text: string, out: string, inputText: () => string): string | null {
  let body: unknown;
  let parsedBody = true;
  try {
    body = JSON.parse(text);
  } catch {
    parsedBody = false;
  }
  if (out === "") return parsedBody ? responseProblem(body, null, inputText) : "a body that is not JSON got no answer";
  let res: unknown;
  try {
    res = JSON.parse(out);
  } catch {
    return `the answer is not JSON: ${out.slice(0, 80)}`;
  }
  if (!parsedBody) return isObj(res) && isObj(res.error) && res.error.code === -32700 ? null : "a body that is not JSON was not answered with a parse error";
  return responseProblem(body, res, inputText);
}

/** Counts answers by kind (results, and errors by code and message shape), for the run's log line. */
export class AnswerTally {
  results = 0;
  errors = 0;
  private readonly kinds = new Map<string, number>();

  add(res: unknown): void {
    for (const r of Array.isArray(res) ? res : res ? [res] : []) {
      const e = isObj(r) && isObj(r.error) ? r.error : null;
      if (!e) {
        this.results++;
        continue;
      }
      this.errors++;
      const kind = `${e.code} ${String(e.message).replace(/0x[0-9a-fA-F]+/g, "0x…").replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, "N").slice(0, 70)}`;
      this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    }
  }

  /** `n results, m errors; the commonest errors: …` */
  summary(top = 12): string {
    const kinds = [...this.kinds].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, n]) => `${n}× ${k}`);
    return `${this.results} results, ${this.errors} errors (${this.kinds.size} kinds); the commonest:\n  ${kinds.join("\n  ")}`;
  }
}
