/**
 * The client side of a confidential transaction, as the scenario runner and the app submit one:
 * a confidential contract's deploy first gets its committee (selection + DKG), then every
 * `gl.EncryptedField` argument is encrypted to the committee key (labels bound to the transaction)
 * and the public calldata keeps `null` in its place. A recorded transaction (`sealed`) is submitted
 * as it was, ciphertext and all.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { decode, encode, type Address, type CalldataValue } from "../../calldata";
import { contractAddress } from "../../chain";
import type { Network } from "../../consensus/engine";
import { isConfidentialSchema, readContractSchema, type ParamsSchema } from "../../scenario/args";
import { encryptCallArgs } from "../client";
import { seededRandomSource } from "../enclave/seeded-randomness";
import { lengthPrefixed, u64be, utf8 } from "../group";
import type { ConfidentialTxData } from "../protocol";
import { DEPLOY_METHOD, methodOf, type ConfidentialNetwork, type SchemaSlots } from "./confidential-network";

export interface ConfidentialSubmitOptions {
  /** Deploy: committee size, threshold and auditor addresses. */
  committee?: { n?: number; t?: number; auditors?: string[] };
  /** Already encrypted (a recorded run): submitted as is. */
  sealed?: ConfidentialTxData;
  /** "seeded": randomness from the network seed and the sender's nonce (scenario files, replays);
   * "random" (default): fresh secure randomness. */
  encryption?: "seeded" | "random";
}

export interface PreparedSubmit {
  calldata: Uint8Array;
  confidential?: ConfidentialTxData;
}

type SchemaOf = (code: string) => Promise<{ ok: true; schema: unknown } | { ok: false }>;

/** Encrypted parameters per method of a parsed schema. */
export function schemaSlots(raw: unknown): SchemaSlots | null {
  const schema = readContractSchema(raw);
  if (!isConfidentialSchema(schema)) return null;
  const slotsOf = (p: ParamsSchema) => (p.encrypted ?? []).map((index) => ({ index, typeHint: typeHint(p.params[index]![1]) }));
  const out: SchemaSlots = { [DEPLOY_METHOD]: slotsOf(schema.ctor) };
  for (const [name, m] of Object.entries(schema.methods)) out[name] = slotsOf(m);
  return out;
}

function typeHint(t: unknown): string {
  return typeof t === "string" ? t : JSON.stringify(t);
}

export async function prepareConfidentialSubmit(
  conf: ConfidentialNetwork,
  network: Network,
  req: { kind: "deploy" | "call"; from: Address; to?: Address; code?: string; calldata: Uint8Array },
  options: ConfidentialSubmitOptions,
  schemaOf: SchemaOf,
): Promise<PreparedSubmit> {
  const nonce = network.accountState(req.from).nonce;
  let to: Address;
  let method: string;
  if (req.kind === "deploy") {
    const schema = await schemaOf(req.code ?? "");
    if (!schema.ok) return { calldata: req.calldata };
    let slots: SchemaSlots | null;
    try {
      slots = schemaSlots(schema.schema);
    } catch {
      return { calldata: req.calldata };
    }
    if (!slots) return { calldata: req.calldata };
    to = contractAddress(req.from, nonce);
    await conf.formCommittee(to, slots, options.committee ?? {});
    method = DEPLOY_METHOD;
  } else {
    to = req.to!;
    if (!conf.committeeOf(to)) return { calldata: req.calldata };
    // Lapsed attestations are renewed or rotated out (resharing) before encrypting to the committee.
    await conf.maintain();
    method = methodOf(req.calldata);
  }
  const entry = decode(req.calldata);
  const map = entry instanceof Map ? new Map(entry) : new Map<string, CalldataValue>();
  const args = Array.isArray(map.get("args")) ? [...(map.get("args") as CalldataValue[])] : [];
  if (options.sealed) {
    // A recorded ciphertext: whatever stood at its positions never goes into the public calldata.
    for (const a of options.sealed.args) if (a.index < args.length) args[a.index] = null;
    map.set("args", args);
    return { calldata: encode(map as never), confidential: options.sealed };
  }
  const slots = conf.slotsOf(to)[method] ?? [];
  if (slots.length === 0) return { calldata: req.calldata };
  const committee = conf.committeeOf(to)!;
  const rng =
    options.encryption === "seeded"
      ? seededRandomSource(sha256(utf8(network.seed)), "client-encryption", utf8(req.from.toHex()), u64be(nonce), lengthPrefixed(utf8(method)))
      : undefined;
  const { publicArgs, confidential } = encryptCallArgs({
    committee,
    chainId: network.chainId,
    contract: to.toHex(),
    method,
    sender: req.from.toHex(),
    senderNonce: nonce,
    slots,
    args,
    ...(rng && { rng }),
  });
  map.set("args", publicArgs);
  return { calldata: encode(map as never), confidential };
}
