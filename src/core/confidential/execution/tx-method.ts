/** Small helpers of the confidential execution layer: a call's method name and short hex labels. */
import { decode, type CalldataValue } from "../../calldata";

/** The method name confidential deploys are labelled with (the constructor). */
export const DEPLOY_METHOD = "__init__";

/** The method a calldata object names; a deploy (no method) is DEPLOY_METHOD. */
export function methodOf(calldata: Uint8Array): string {
  try {
    const entry: CalldataValue = decode(calldata);
    const m = entry instanceof Map ? entry.get("method") : undefined;
    return typeof m === "string" && m.length > 0 ? m : DEPLOY_METHOD;
  } catch {
    return DEPLOY_METHOD;
  }
}

export function short(hex: string): string {
  return hex.slice(0, 8) + "…" + hex.slice(-4);
}
