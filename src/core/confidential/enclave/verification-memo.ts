// What one enclave remembers between requests so that repeated work is done once: a ciphertext it
// verified when answering its own share request is not verified again when it opens the execution,
// and a contract's state share — the same bytes for every transaction, since the PRF point and the
// per-recipient randomness do not depend on the transaction — is built, checked and combined once.
// Everything is per enclave (never shared between enclaves in one process), keyed by the committee
// entry object (a reshare's new entry starts empty) and bounded.
import type { VerifiedCiphertext } from "../tdh2.js";
import type { VerifiedPrfShare } from "../threshold-prf.js";
import type { CommitteeKeyEntry } from "./committee-store.js";
import type { SealedStateShare } from "./enclave-messages.js";
import type { ShareOutcome } from "./share-collection.js";

const LIMIT = 256;

class BoundedMap<V> {
  readonly #items = new Map<string, V>();

  get(key: string): V | undefined {
    return this.#items.get(key);
  }

  set(key: string, value: V): V {
    if (this.#items.size >= LIMIT) this.#items.clear();
    this.#items.set(key, value);
    return value;
  }
}

/** Per-committee memo tables of one enclave. */
export interface CommitteeMemo {
  /** Verified ciphertexts by digest of (tx fields except the hash, confidential data, schema slots). */
  readonly ciphertexts: BoundedMap<VerifiedCiphertext>;
  /** This enclave's sealed state share per recipient (participant id and transport key). */
  readonly stateShareAnswers: BoundedMap<SealedStateShare>;
  /** The check of a sealed state share addressed to this enclave, by digest of its bytes. */
  readonly stateShareChecks: BoundedMap<ShareOutcome<VerifiedPrfShare>>;
  /** The combined state key material by the ids and points of the shares combined. */
  readonly stateKeys: BoundedMap<Uint8Array>;
}

export class VerificationMemo {
  readonly #byEntry = new WeakMap<CommitteeKeyEntry, CommitteeMemo>();

  for(entry: CommitteeKeyEntry): CommitteeMemo {
    let memo = this.#byEntry.get(entry);
    if (!memo) {
      memo = { ciphertexts: new BoundedMap(), stateShareAnswers: new BoundedMap(), stateShareChecks: new BoundedMap(), stateKeys: new BoundedMap() };
      this.#byEntry.set(entry, memo);
    }
    return memo;
  }
}

/** A copy the caller may change without touching the remembered answer. */
export function copySealedStateShare(sealed: SealedStateShare): SealedStateShare {
  return { ...sealed, committeeId: sealed.committeeId.slice(), ephemeralPublicKey: sealed.ephemeralPublicKey.slice(), body: sealed.body.slice() };
}
