/**
 * Validates a scenario's `recordings` section: validator id → recorded intelligence calls
 * (the `Recording` of src/core/intelligence/recorded.ts), answered by validators whose
 * `llm.provider` is `"recorded"`.
 */
import { RECORDED_KINDS, type RecordedCall, type RecordedJson, type Recording } from "../intelligence/recorded";
import { Checker, describeJson, isObject, joinPath, quote, readEnum, readObject, readString, suggest } from "./check";

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** `validatorIds`: the scenario's validators (recordings of unknown validators are errors). */
export function parseRecordings(c: Checker, v: unknown, validatorIds: readonly string[]): Recording {
  const out: Recording = {};
  if (!isObject(v)) {
    c.error("recordings", `expected an object of validator id → recorded calls, got ${describeJson(v)}`);
    return out;
  }
  for (const [id, list] of Object.entries(v)) {
    const path = joinPath("recordings", id);
    if (validatorIds.length > 0 && !validatorIds.includes(id)) {
      c.error(path, `no validator ${quote(id)} in the network${suggest(id, validatorIds)}`);
      continue;
    }
    if (!Array.isArray(list)) {
      c.error(path, `expected a list of recorded calls, got ${describeJson(list)}`);
      continue;
    }
    out[id] = list.flatMap((item, i) => {
      const call = parseCall(c, `${path}[${i}]`, item);
      return call ? [call] : [];
    });
  }
  return out;
}

function parseCall(c: Checker, path: string, v: unknown): RecordedCall | undefined {
  const o = readObject(c, path, v, ["kind", "key", "about", "answer", "error", "usage"]);
  if (!o) return undefined;
  const kind = o.kind === undefined ? (c.error(`${path}.kind`, "required"), undefined) : readEnum(c, `${path}.kind`, o.kind, RECORDED_KINDS);
  const key = o.key === undefined ? (c.error(`${path}.key`, "required (the request's hash)"), undefined) : readString(c, `${path}.key`, o.key, { nonEmpty: true });
  const about = o.about === undefined ? "" : readString(c, `${path}.about`, o.about);
  if ((o.answer === undefined) === (o.error === undefined)) {
    c.error(path, 'give either "answer" or "error"');
    return undefined;
  }
  let usage: [number, number] | undefined;
  if (o.usage !== undefined) {
    const u = o.usage;
    if (Array.isArray(u) && u.length === 2 && u.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) usage = [u[0] as number, u[1] as number];
    else c.error(`${path}.usage`, `expected [prompt tokens, completion tokens], got ${describeJson(u)}`);
  }
  if (kind === undefined || key === undefined || about === undefined) return undefined;
  if (o.error !== undefined) {
    const error = readString(c, `${path}.error`, o.error);
    return error === undefined ? undefined : { kind, key, about, error, ...(usage && { usage }) };
  }
  const problem = answerProblem(kind, o.answer);
  if (problem) {
    c.error(`${path}.answer`, problem);
    return undefined;
  }
  return { kind, key, about, answer: o.answer as RecordedJson, ...(usage && { usage }) };
}

/** Why an answer does not fit its kind, or "" when it does. */
function answerProblem(kind: RecordedCall["kind"], a: unknown): string {
  switch (kind) {
    case "prompt":
      return typeof a === "string" || isObject(a) ? "" : `expected text or an object, got ${describeJson(a)}`;
    case "template":
      return typeof a === "boolean" || typeof a === "string" ? "" : `expected true, false or text, got ${describeJson(a)}`;
    case "request": {
      if (!isObject(a)) return `expected {"status", "headers", "body"}, got ${describeJson(a)}`;
      const extra = Object.keys(a).find((k) => !["status", "headers", "body"].includes(k));
      if (extra) return `unknown field ${quote(extra)}`;
      if (typeof a.status !== "number" || !Number.isInteger(a.status) || a.status < 100 || a.status > 599)
        return `status: expected an HTTP status (100–599), got ${describeJson(a.status)}`;
      if (!isObject(a.headers) || Object.values(a.headers).some((h) => typeof h !== "string"))
        return "headers: expected an object of text values";
      return isBase64(a.body) ? "" : "body: expected base64 text";
    }
    case "render":
      if (isObject(a) && Object.keys(a).length === 1 && typeof a.text === "string") return "";
      if (isObject(a) && Object.keys(a).length === 1 && isBase64(a.image)) return "";
      return 'expected {"text": "…"} or {"image": "<base64>"}';
  }
}

function isBase64(v: unknown): boolean {
  return typeof v === "string" && v.length % 4 === 0 && BASE64_RE.test(v);
}
