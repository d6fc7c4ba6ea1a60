/**
 * How the session submits and records confidential transactions: a confidential contract's
 * `gl.EncryptedField` arguments are encrypted with fresh randomness on submit, and the recorded
 * step keeps only the ciphertext (`sealed`) with `null` where each plaintext was, so a share link
 * or an exported scenario replays the run exactly without ever holding the plaintext.
 */
import type { Transaction } from "../consensus/types";
import type { ConfidentialSubmitOptions } from "../confidential/execution/confidential-submit";
import { isConfidentialSchema, type ContractSchema, type ParamsSchema } from "../scenario/args";
import type { ConfidentialTxData } from "../confidential/protocol";
import { fromHex0x, toHex0x } from "../confidential/enclave/wire";
import type { JsonValue, SealedArgs } from "../scenario/format";

/** Deploy options of a confidential contract: committee size, threshold and auditor account names. */
export interface CommitteeOptions {
  n?: number;
  t?: number;
  auditors?: string[];
}

export function confidentialSubmit(
  schema: ContractSchema,
  opts: { confidential?: CommitteeOptions; sealed?: SealedArgs; encryption?: "seeded" | "random" },
  addressOf: (name: string) => string,
): ConfidentialSubmitOptions | undefined {
  if (!isConfidentialSchema(schema)) return undefined;
  const c = opts.confidential ?? {};
  return {
    encryption: opts.encryption ?? "random",
    ...(opts.sealed && { sealed: sealedData(opts.sealed) }),
    committee: {
      ...(c.n !== undefined && { n: c.n }),
      ...(c.t !== undefined && { t: c.t }),
      ...(c.auditors && c.auditors.length > 0 && { auditors: c.auditors.map(addressOf) }),
    },
  };
}

/** The transaction's ciphertext as a scenario step carries it. */
export function sealedArgsOf(tx: Transaction | undefined): SealedArgs | undefined {
  const c = tx?.confidential;
  if (!c) return undefined;
  return {
    committeeId: c.committeeId,
    keyGeneration: c.keyGeneration,
    senderNonce: c.senderNonce.toString(),
    args: c.args.map((a) => ({ index: a.index, typeHint: a.typeHint })),
    ciphertext: toHex0x(c.ciphertext),
  };
}

export function sealedData(s: SealedArgs): ConfidentialTxData {
  return { committeeId: s.committeeId, keyGeneration: s.keyGeneration, senderNonce: BigInt(s.senderNonce), args: s.args.map((a) => ({ ...a })), ciphertext: fromHex0x(s.ciphertext, "ciphertext") };
}

/** A schema whose encrypted parameters accept anything (a replay passes null there). */
export function sealedAsAny<T extends ParamsSchema>(schema: T, sealed: SealedArgs | undefined): T {
  if (!sealed) return schema;
  const at = new Set(sealed.args.map((a) => a.index));
  return { ...schema, params: schema.params.map(([name, type], i) => [name, at.has(i) ? "any" : type]) };
}

/** The arguments as recorded: `null` at every encrypted position. */
export function publicArgs(args: JsonValue[], sealed: SealedArgs | undefined): JsonValue[] {
  if (!sealed) return args;
  const at = new Set(sealed.args.map((a) => a.index));
  return args.map((v, i) => (at.has(i) ? null : v));
}
