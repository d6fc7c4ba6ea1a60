// The two share requests a committee member answers for an execution: its TDH2 decryption share
// of a transaction's ciphertext and its threshold-PRF share of the contract's state key. Both are
// signed and sealed to the executing enclave, which must be a member of the same committee.
import { ed25519 } from "@noble/curves/ed25519.js";
import { createDecryptionShare, encodeDecryptionShare, type SignedDecryptionShare } from "../decryption-share.js";
import { ConfidentialCryptoError, G, decodePoint, encodePoint, equalBytes, u32be, utf8 } from "../group.js";
import type { CommitteeRecord } from "../protocol.js";
import { sealShare } from "../share-transport.js";
import { type StateKeyLabel, createPrfShare } from "../threshold-prf.js";
import type { CommitteeKeyEntry, CommitteeStore } from "./committee-store.js";
import type { EnclaveKeyMaterial } from "./enclave-ceremonies.js";
import type { EnclaveRequest, EnclaveResponse, SealedStateShare, ShareRecipient } from "./enclave-messages.js";
import { type RandomSource, withRandomSource } from "./seeded-randomness.js";
import { sealStateShare, signPrfShare } from "./state-share-transport.js";
import { verifyConfidentialTx } from "./tx-context.js";
import { type VerificationMemo, copySealedStateShare } from "./verification-memo.js";
import { addressToBytes, fromHex0x, sameHex, toHex0x } from "./wire.js";

/** Version of a contract's state key inside its PRF label (a reshare keeps x_s, so it stays 1). */
export const STATE_KEY_VERSION = 1;

/** The state point P_c is hashed from this label inside the enclave, never taken from a caller (A17). */
export function stateKeyLabel(chainId: bigint, contract: string): StateKeyLabel {
  return { chainId, contract: addressToBytes(contract, "contract"), stateKeyVersion: STATE_KEY_VERSION };
}

function refused(message: string): ConfidentialCryptoError {
  return new ConfidentialCryptoError("share-refused", message);
}

type ShareRequest<K extends "decryption-share" | "state-share"> = Extract<EnclaveRequest, { kind: K }>;

export class EnclaveShares {
  readonly #keys: EnclaveKeyMaterial;
  readonly #store: CommitteeStore;
  readonly #randomFor: (label: string, ...context: Uint8Array[]) => RandomSource;
  /** KEM point U (hex) → the transaction hash it was first used by. */
  readonly #consumed = new Map<string, string>();
  readonly #corrupt: boolean;
  readonly #memo: VerificationMemo;

  /** `corruptShares`: the emulated compromised enclave of a `bad_shares` validator (signs wrong shares). */
  constructor(
    keys: EnclaveKeyMaterial, store: CommitteeStore, randomFor: (label: string, ...context: Uint8Array[]) => RandomSource, memo: VerificationMemo,
    corruptShares = false,
  ) {
    this.#keys = keys;
    this.#store = store;
    this.#randomFor = randomFor;
    this.#memo = memo;
    this.#corrupt = corruptShares;
  }

  #entryFor(committee: CommitteeRecord, recipient: ShareRecipient): CommitteeKeyEntry {
    const found = this.#store.lookup(committee);
    if (!found.ok) throw refused(found.reason);
    const member = found.entry.members.find((candidate) => candidate.participantId === recipient.participantId);
    if (!member || !equalBytes(member.transportKey, recipient.transportKey)) {
      throw refused(`the recipient is not a member of committee ${committee.id.slice(0, 10)}…`);
    }
    return found.entry;
  }

  decryptionShare(request: ShareRequest<"decryption-share">): EnclaveResponse {
    const { tx, recipient } = request;
    const entry = this.#entryFor(request.committee, recipient);
    let verified;
    try {
      verified = verifyConfidentialTx(entry, tx, request.confidential, request.schemaSlots, this.#memo.for(entry));
    } catch (error) {
      throw refused((error as Error).message);
    }
    const kemPoint = toHex0x(verified.ciphertext.u);
    const firstTx = this.#consumed.get(kemPoint);
    if (firstTx !== undefined && firstTx !== tx.txHash) {
      throw refused(`the ciphertext's KEM point was already used by transaction ${firstTx}`);
    }
    this.#consumed.set(kemPoint, tx.txHash);
    const random = this.#randomFor("decryption-share", verified.ctId, u32be(recipient.participantId), recipient.transportKey, utf8(tx.txHash));
    const sealed = withRandomSource(random, () => {
      const keyShare = { id: entry.participantId, secret: entry.share };
      const honest = createDecryptionShare(verified, keyShare, this.#keys.signingSecretKey, entry.verificationKeys.get(entry.participantId));
      const signed = this.#corrupt ? this.#corrupted(honest) : honest;
      return sealShare(signed, recipient.participantId, recipient.transportKey);
    });
    return { kind: "decryption-share", validator: this.#keys.validator, participantId: entry.participantId, sealed };
  }

  stateShare(request: ShareRequest<"state-share">): EnclaveResponse {
    const { recipient } = request;
    const entry = this.#entryFor(request.committee, recipient);
    if (!sameHex(request.contract, entry.contract)) {
      throw refused(`committee ${entry.id.slice(0, 10)}… holds the state key of ${entry.contract}, not of ${request.contract}`);
    }
    // The answer depends on nothing else (the randomness is keyed by committee and recipient), so
    // it is the same bytes for every transaction of the contract: built once per recipient.
    const answers = this.#memo.for(entry).stateShareAnswers;
    const key = `${recipient.participantId}/${toHex0x(recipient.transportKey)}`;
    const sealed = answers.get(key) ?? answers.set(key, this.#buildStateShare(entry, recipient));
    return { kind: "state-share", validator: this.#keys.validator, participantId: entry.participantId, sealed: copySealedStateShare(sealed) };
  }

  #buildStateShare(entry: CommitteeKeyEntry, recipient: ShareRecipient): SealedStateShare {
    const committeeId = fromHex0x(entry.id, "committee id", 32);
    const random = this.#randomFor("state-share", committeeId, u32be(recipient.participantId), recipient.transportKey);
    return withRandomSource(random, () => {
      const share = createPrfShare(stateKeyLabel(entry.chainId, entry.contract), { id: entry.participantId, secret: entry.stateShare });
      return sealStateShare(signPrfShare(committeeId, share, this.#keys.signingSecretKey), recipient.participantId, recipient.transportKey);
    });
  }

  /** A share point moved off the proven one (adds G), signed with this enclave's key: attributable. */
  #corrupted(honest: SignedDecryptionShare): SignedDecryptionShare {
    const share = { ...honest.share, sharePoint: encodePoint(decodePoint(honest.share.sharePoint, "share point").add(G)) };
    return { share, signature: ed25519.sign(encodeDecryptionShare(share), this.#keys.signingSecretKey) };
  }

  /** Consumed KEM points (public data; for the test seam). */
  consumedKemPoints(): Map<string, string> {
    return new Map(this.#consumed);
  }
}
