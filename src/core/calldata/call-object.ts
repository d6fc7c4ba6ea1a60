/** The entry calldata of a contract call or deploy, built the way genlayer-js does it. */
import type { EncodableValue } from "./types";

/**
 * `{method, args, kwargs}` as a Map: `method` is left out when undefined or empty (a deploy),
 * `args` when undefined or empty, `kwargs` when undefined or empty.
 */
export function makeCalldataObject<V extends EncodableValue>(
  method?: string,
  args?: readonly V[],
  kwargs?: Readonly<Record<string, V>> | ReadonlyMap<string, V>,
): Map<string, string | V[] | Map<string, V>> {
  const out = new Map<string, string | V[] | Map<string, V>>();
  if (method) out.set("method", method);
  if (args !== undefined && args.length > 0) out.set("args", [...args]);
  if (kwargs !== undefined) {
    const entries: [string, V][] = kwargs instanceof Map ? [...kwargs.entries()] : Object.entries(kwargs);
    if (entries.length > 0) out.set("kwargs", new Map(entries));
  }
  return out;
}
