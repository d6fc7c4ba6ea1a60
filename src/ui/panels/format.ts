/** Display helpers: wei as GEN, short hashes, virtual time, decoded values. */
import { decode, toText, type CalldataValue } from "../../core/calldata";
import type { ExecutionOutcome } from "../../core/runtime/execution-types";
import { describeFailure } from "../../core/runtime/errors";

const GEN = 10n ** 18n;

export function gen(wei: bigint): string {
  const neg = wei < 0n;
  const a = neg ? -wei : wei;
  const whole = a / GEN;
  const frac = (a % GEN).toString().padStart(18, "0").slice(0, 4).replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""} GEN`;
}

/** "12.5" GEN → wei; throws on bad input. */
export function parseGen(text: string): bigint {
  const t = text.trim();
  if (!/^\d+(\.\d{0,18})?$/.test(t)) throw new Error(`"${text}" is not an amount of GEN`);
  const [w, f = ""] = t.split(".");
  return BigInt(w) * GEN + BigInt(f.padEnd(18, "0") || "0");
}

export function short(hash: string, n = 6): string {
  return hash.length > 2 * n + 2 ? `${hash.slice(0, n + 2)}…${hash.slice(-4)}` : hash;
}

export function clockText(ms: number): string {
  return `t+${(ms / 1000).toFixed(1)} s`;
}

export function valueText(v: CalldataValue | undefined): string {
  if (v === undefined) return "";
  try {
    return toText(v as never);
  } catch {
    return String(v);
  }
}

export function calldataText(bytes: Uint8Array): string {
  try {
    return valueText(decode(bytes));
  } catch (e) {
    return `undecodable calldata (${(e as Error).message})`;
  }
}

export function outcomeText(o: ExecutionOutcome | null | undefined): string {
  if (!o) return "—";
  if (o.kind === "return") return `returned ${valueText(o.value)}`;
  const f = describeFailure(o);
  return `${o.kind === "user_error" ? "user error" : "VM error"}: ${f.message}`;
}
