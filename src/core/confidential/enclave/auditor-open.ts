// The enclave's side of auditor access: the request must be signed by an auditor bound into the
// committee's DKG session (so a host cannot add one), t verified state shares give the contract's
// state key, and the sealed value leaves only encrypted to the auditor's key (see ../auditor.ts).
import { auditorOf, reencryptForAuditor } from "../auditor.js";
import { ConfidentialCryptoError } from "../group.js";
import { combinePrfShares } from "../threshold-prf.js";
import type { CommitteeStore } from "./committee-store.js";
import type { EnclaveKeyMaterial } from "./enclave-ceremonies.js";
import type { EnclaveRequest, EnclaveResponse } from "./enclave-messages.js";
import { stateKeyLabel } from "./enclave-shares.js";
import { stateAccess } from "./execution.js";
import { collectStateShares } from "./share-collection.js";

export function answerAuditor(ctx: { keys: EnclaveKeyMaterial; store: CommitteeStore }, request: Extract<EnclaveRequest, { kind: "auditor-open" }>): EnclaveResponse {
  const found = ctx.store.lookup(request.committee);
  if (!found.ok) throw new ConfidentialCryptoError("share-refused", found.reason);
  const entry = found.entry;
  const fields = { committeeId: entry.id, contract: entry.contract, name: request.name, sealed: request.sealed, auditorKey: request.auditorKey };
  const signer = auditorOf(fields, request.signature);
  if (!signer || !entry.auditors.includes(signer)) throw new Error("the request is not signed by an auditor named at the contract's deploy");
  const state = collectStateShares(entry, stateKeyLabel(entry.chainId, entry.contract), request.sealedStateShares, ctx.keys.transportSecretKey, `auditor:${signer}`);
  if (state.valid.length < entry.threshold) throw new Error("confidential inputs unavailable");
  const access = stateAccess(combinePrfShares(state.valid, entry.threshold), entry.chainId, entry.contract);
  let plaintext: Uint8Array;
  try {
    plaintext = access.open(request.name, request.sealed);
  } catch {
    throw new Error(`the sealed value does not open as ${request.name}`);
  }
  return { kind: "auditor-reencrypted", validator: ctx.keys.validator, name: request.name, reply: reencryptForAuditor(plaintext, fields, ctx.keys.signingSecretKey) };
}
