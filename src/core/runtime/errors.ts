/** Turns an execution outcome into one line a person understands (no stack traces). */
import type { ExecutionOutcome } from "./execution-types";

export interface FailureDescription {
  message: string;
  /** 1-based line in the contract, when the error points at one. */
  line?: number;
}

export function describeFailure(outcome: ExecutionOutcome): FailureDescription {
  if (outcome.kind === "return") return { message: "returned normally" };
  if (outcome.kind === "user_error")
    return { message: `rolled back: ${outcome.message}${outcome.detail ? ` (${outcome.detail})` : ""}`, line: lineOf(outcome.detail ?? "") };
  const detail = outcome.detail ?? "";
  const line = lineOf(detail);
  if (outcome.exception) {
    const text = detail.replace(/\s*\((?:\/?contract\.py), line \d+\)/, "");
    return { message: `${outcome.exception}: ${text || outcome.message}`, line };
  }
  if (!outcome.detail) return { message: outcome.message, line };
  // "internal error: validator worker crashed" + "validator worker crashed; restarted (…)": say it once
  const at = outcome.message.lastIndexOf(": ");
  const tail = at < 0 ? outcome.message : outcome.message.slice(at + 2);
  if (tail && outcome.detail.startsWith(tail)) return { message: outcome.message.slice(0, outcome.message.length - tail.length) + outcome.detail, line };
  return { message: `${outcome.message}: ${outcome.detail}`, line };
}

function lineOf(detail: string): number | undefined {
  const m = /(?:contract\.py"?, line |contract\.py:)(\d+)/.exec(detail);
  return m ? Number(m[1]) : undefined;
}
