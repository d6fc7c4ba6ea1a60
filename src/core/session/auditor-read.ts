/**
 * The app's auditor view of sealed state: an account named as auditor at a confidential contract's
 * deploy opens the sealed values of one storage field, each re-encrypted by a committee enclave to
 * that account's key and opened here (see confidential/execution/auditor-access.ts). A sealed field
 * is one slot (its name); a sealed mapping has one slot per key, named `field[0x<calldata(key)>]`.
 */
import { decode, encode, makeCalldataObject, type Address, type CalldataValue } from "../calldata";
import { auditorOpen } from "../confidential/execution/auditor-access";
import { fromHex0x, toHex0x } from "../confidential/enclave/wire";
import type { EngineNetwork } from "../scenario/engine-network";
import type { JsonValue } from "../scenario/format";
import { toJsonSafe } from "../scenario/values";

function sealedBytes(v: CalldataValue): Uint8Array | null {
  if (!(v instanceof Map) || v.size !== 1 || !v.has("sealed")) return null;
  const s = v.get("sealed");
  if (s instanceof Uint8Array) return s;
  if (typeof s === "string" && /^0x([0-9a-f]{2})*$/i.test(s)) return fromHex0x(s, "sealed value");
  return null;
}

/** [slot shown as, plaintext] for every sealed value of `field`. */
export async function auditSealedField(net: EngineNetwork, contract: Address, from: Address, field: string, accountPrivateKey: Uint8Array): Promise<[string, JsonValue][]> {
  const conf = net.confidential;
  if (!conf?.committeeOf(contract)) throw new Error("this contract has no confidential committee");
  const dump = await net.view({ to: contract, from, calldata: encode(makeCalldataObject("#state", [], {})), state: "accepted" });
  if (dump.kind !== "return" || !Array.isArray(dump.value)) throw new Error("the contract's state could not be read");
  const entry = (dump.value as CalldataValue[][]).find(([name]) => name === field);
  if (!entry) throw new Error(`no storage field ${field}`);
  const value = entry[1]!;
  const slots: [string, string, Uint8Array][] = [];
  const own = sealedBytes(value);
  if (own) slots.push([field, field, own]);
  else if (value instanceof Map)
    for (const [key, v] of value) {
      const sealed = sealedBytes(v as CalldataValue);
      if (sealed) slots.push([JSON.stringify(toJsonSafe(key as CalldataValue)), `${field}[${toHex0x(encode(key as never))}]`, sealed]);
    }
  if (slots.length === 0) throw new Error(`${field} holds no sealed value`);
  const out: [string, JsonValue][] = [];
  for (const [shown, name, sealed] of slots) out.push([shown, toJsonSafe(decode(await auditorOpen(conf, contract, { name, sealed }, accountPrivateKey)))]);
  return out;
}
