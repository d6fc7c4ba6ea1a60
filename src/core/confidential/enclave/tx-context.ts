// Rebuilding a confidential transaction's label context inside the enclave: from the public tx
// fields, the committee the enclave holds shares for and the schema's encrypted slots — never from
// the ciphertext. Every failure is the same line ("invalid confidential ciphertext", A4).
import { ConfidentialCryptoError } from "../group.js";
import { type ConfidentialArgSlot, type ConfidentialTxContext } from "../label.js";
import type { ConfidentialTxData } from "../protocol.js";
import { INVALID_CIPHERTEXT, type VerifiedCiphertext, verifyCiphertext } from "../tdh2.js";
import type { CommitteeKeyEntry } from "./committee-store.js";
import type { SchemaSlot, TxPublicFields } from "./enclave-messages.js";
import type { CommitteeMemo } from "./verification-memo.js";
import { addressToBytes, decodeCiphertext, digestOf, fromHex0x, sameHex } from "./wire.js";

function invalid(): ConfidentialCryptoError {
  return new ConfidentialCryptoError("invalid-ciphertext", INVALID_CIPHERTEXT);
}

/** Schema slots in ascending argument order (the order the client encrypts in). */
export function orderedSlots(slots: readonly SchemaSlot[]): ConfidentialArgSlot[] {
  return [...slots].sort((a, b) => a.index - b.index).map((slot) => ({ argIndex: slot.index, typeHint: slot.typeHint }));
}

/**
 * The committee id and key generation the ciphertext may be bound to: the entry's own, or during
 * the one-generation grace window after a reshare, its predecessor's (same Y).
 */
function acceptedBinding(entry: CommitteeKeyEntry, data: ConfidentialTxData): boolean {
  if (sameHex(data.committeeId, entry.id)) return data.keyGeneration === entry.keyGeneration;
  return entry.previousCommitteeId !== undefined && sameHex(data.committeeId, entry.previousCommitteeId) && data.keyGeneration === entry.keyGeneration - 1;
}

/**
 * Verifies the ciphertext against the rebuilt context; the uniform error on any mismatch. With a
 * memo, a success is remembered under a digest of every input the check reads (the tx hash is not
 * one), so an enclave that answered its own share request does not verify again when it opens.
 */
export function verifyConfidentialTx(
  entry: CommitteeKeyEntry, tx: TxPublicFields, data: ConfidentialTxData, schemaSlots: readonly SchemaSlot[], memo?: CommitteeMemo,
): VerifiedCiphertext {
  if (!memo) return verifyUncached(entry, tx, data, schemaSlots);
  const fields = { chainId: tx.chainId, contract: tx.contract, method: tx.method, sender: tx.sender, senderNonce: tx.senderNonce };
  const key = digestOf({ fields, data, schemaSlots });
  return memo.ciphertexts.get(key) ?? memo.ciphertexts.set(key, verifyUncached(entry, tx, data, schemaSlots));
}

function verifyUncached(entry: CommitteeKeyEntry, tx: TxPublicFields, data: ConfidentialTxData, schemaSlots: readonly SchemaSlot[]): VerifiedCiphertext {
  try {
    if (tx.chainId !== entry.chainId || !sameHex(tx.contract, entry.contract) || tx.senderNonce !== data.senderNonce) throw invalid();
    if (!acceptedBinding(entry, data)) throw invalid();
    const slots = orderedSlots(schemaSlots);
    const declared = orderedSlots(data.args);
    if (slots.length === 0 || declared.length !== slots.length) throw invalid();
    slots.forEach((slot, k) => {
      if (declared[k]!.argIndex !== slot.argIndex || declared[k]!.typeHint !== slot.typeHint) throw invalid();
    });
    const context: ConfidentialTxContext = {
      chainId: tx.chainId,
      committeeId: fromHex0x(data.committeeId, "committee id", 32),
      keyGeneration: data.keyGeneration,
      contract: addressToBytes(tx.contract, "contract"),
      method: tx.method,
      sender: addressToBytes(tx.sender, "sender"),
      senderNonce: tx.senderNonce,
      confidentialArgCount: slots.length,
    };
    return verifyCiphertext(decodeCiphertext(data.ciphertext), context, slots, entry.publicKey);
  } catch {
    throw invalid();
  }
}
