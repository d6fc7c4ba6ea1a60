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
  return { message: outcome.detail ? `${outcome.message}: ${outcome.detail}` : outcome.message, line };
}

function lineOf(detail: string): number | undefined {
  const m = /(?:contract\.py"?, line |contract\.py:)(\d+)/.exec(detail);
  return m ? Number(m[1]) : undefined;
}
