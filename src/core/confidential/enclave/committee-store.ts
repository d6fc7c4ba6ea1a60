// What an enclave remembers about each committee it holds key shares for. The host hands
// committee records in with every request; the enclave answers only when the record matches what
// it saw during the ceremony (members, keys, threshold), so a forged record cannot redirect shares.
import { type Point, encodePoint } from "../group.js";
import type { CommitteeRecord } from "../protocol.js";
import type { SessionMember } from "./enclave-messages.js";
import { pointHex, sameHex, toHex0x } from "./wire.js";

/** Secret and public state of one committee key generation inside one enclave. */
export interface CommitteeKeyEntry {
  id: string;
  contract: string;
  chainId: bigint;
  epoch: number;
  keyGeneration: number;
  threshold: number;
  previousCommitteeId?: string;
  participantId: number;
  members: SessionMember[];
  publicKey: Point;
  statePublicKey: Point;
  commitments: Point[];
  stateCommitments: Point[];
  verificationKeys: Map<number, Point>;
  stateVerificationKeys: Map<number, Point>;
  /** x_i and x_s,i: never leave the enclave. */
  share: bigint;
  stateShare: bigint;
  /** Auditors bound at the ceremony (lower-case, sorted); a reshare keeps them. */
  auditors: string[];
}

export class CommitteeStore {
  readonly #entries = new Map<string, CommitteeKeyEntry>();

  static key(contract: string, id: string): string {
    return `${contract.toLowerCase()}/${id.toLowerCase()}`;
  }

  put(entry: CommitteeKeyEntry): void {
    this.#entries.set(CommitteeStore.key(entry.contract, entry.id), entry);
  }

  get(contract: string, id: string): CommitteeKeyEntry | undefined {
    return this.#entries.get(CommitteeStore.key(contract, id));
  }

  entries(): CommitteeKeyEntry[] {
    return [...this.#entries.values()];
  }

  /** The entry for this record, or the one-line reason the enclave will not use it. */
  lookup(record: CommitteeRecord): { ok: true; entry: CommitteeKeyEntry } | { ok: false; reason: string } {
    const entry = this.get(record.contract, record.id);
    if (!entry) return { ok: false, reason: `this enclave holds no key share for committee ${record.id.slice(0, 10)}… of ${record.contract}` };
    const mismatch = recordMismatch(record, entry);
    return mismatch ? { ok: false, reason: `committee record does not match this enclave's ceremony (${mismatch})` } : { ok: true, entry };
  }
}

/** The first field where the record differs from what the enclave saw, or null. */
export function recordMismatch(record: CommitteeRecord, entry: CommitteeKeyEntry): string | null {
  if (!sameHex(record.id, entry.id) || !sameHex(record.contract, entry.contract)) return "id";
  if (record.keyGeneration !== entry.keyGeneration) return "key generation";
  if (record.threshold !== entry.threshold) return "threshold";
  if (!sameHex(record.publicKey, pointHex(entry.publicKey))) return "public key";
  if (!sameHex(record.statePublicKey, pointHex(entry.statePublicKey))) return "state public key";
  if ((record.auditors ?? []).map((a) => a.toLowerCase()).join(",") !== entry.auditors.join(",")) return "auditors";
  if (record.members.length !== entry.members.length) return "members";
  for (const member of record.members) {
    const seen = entry.members.find((candidate) => candidate.participantId === member.participantId);
    if (!seen) return "members";
    if (!sameHex(member.enclaveKey, toHex0x(seen.enclaveKey)) || !sameHex(member.transportKey, toHex0x(seen.transportKey))) return "member keys";
    if (!sameHex(member.shareKey, toHex0x(encodePoint(entry.verificationKeys.get(member.participantId)!)))) return "member share key";
    if (!sameHex(member.stateShareKey, toHex0x(encodePoint(entry.stateVerificationKeys.get(member.participantId)!)))) return "member state share key";
  }
  return null;
}
