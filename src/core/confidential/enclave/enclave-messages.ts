// The enclave's message API: the allow-listed requests and their answers. Everything is plain,
// structured-cloneable data (objects, arrays, strings, numbers, bigint, Uint8Array), because the
// enclave lives in a worker behind comlink. Nothing secret ever has a field here.
import type { AuditorReply } from "../auditor.js";
import type { Complaint, DealerBundle, Justification } from "../dkg-messages.js";
import type { CommitteeRecord, ConfidentialTxData } from "../protocol.js";
import type { ReshareBundle } from "../reshare.js";
import type { SealedShare } from "../share-transport.js";
import type { RegistrationTx } from "../attestation/registration-rules.js";

/** The two keys made in one ceremony: x (decryption, Y) and x_s (state PRF, Y_s). */
export interface BothKeys<T> {
  decryption: T;
  state: T;
}

/** One member of a DKG or resharing session, as the chain selected it. */
export interface SessionMember {
  /** DKG participant id, 1..n in this session. */
  participantId: number;
  validator: string;
  address: string;
  /** The enclave's Ed25519 and X25519 public keys (from its attestation). */
  enclaveKey: Uint8Array;
  transportKey: Uint8Array;
}

/** Fresh DKG for a contract's committee. The session id is derived from all of it (see ceremony.ts). */
export interface DkgSessionSpec {
  chainId: bigint;
  epoch: number;
  contract: string;
  keyGeneration: number;
  threshold: number;
  members: SessionMember[];
  /** Addresses (lower-case, sorted) that may ask for sealed values re-encrypted to their own key. */
  auditors?: string[];
}

/** Resharing `previous` (read from the chain) to `members`, keeping Y and Y_s. */
export interface ReshareSessionSpec {
  chainId: bigint;
  epoch: number;
  contract: string;
  previous: CommitteeRecord;
  threshold: number;
  members: SessionMember[];
}

/** Public fields of the transaction: labels are rebuilt from these and the schema, never from the ciphertext. */
export interface TxPublicFields {
  chainId: bigint;
  contract: string;
  method: string;
  sender: string;
  senderNonce: bigint;
  txHash: string;
}

/** An encrypted parameter as the contract schema declares it. */
export interface SchemaSlot {
  index: number;
  typeHint: string;
}

/** The executing enclave a share is sealed to (must be a committee member). */
export interface ShareRecipient {
  participantId: number;
  transportKey: Uint8Array;
}

/** A threshold-PRF share sealed to one executing enclave (see state-share-transport.ts). */
export interface SealedStateShare {
  committeeId: Uint8Array;
  sender: number;
  recipient: number;
  ephemeralPublicKey: Uint8Array;
  body: Uint8Array;
}

export type EnclaveRequest =
  | { kind: "identity" }
  | { kind: "attest"; nonce: Uint8Array; timestamp: number; height?: number }
  | { kind: "dkg-deal"; session: DkgSessionSpec }
  | { kind: "dkg-respond"; session: DkgSessionSpec; bundles: BothKeys<DealerBundle[]> }
  | { kind: "dkg-justify"; session: DkgSessionSpec; complaints: BothKeys<Complaint[]> }
  | { kind: "dkg-finalize"; session: DkgSessionSpec; complaints: BothKeys<Complaint[]>; justifications: BothKeys<Justification[]> }
  | { kind: "reshare-deal"; session: ReshareSessionSpec }
  | { kind: "reshare-respond"; session: ReshareSessionSpec; bundles: BothKeys<ReshareBundle[]> }
  | { kind: "reshare-justify"; session: ReshareSessionSpec; complaints: BothKeys<Complaint[]> }
  | { kind: "reshare-finalize"; session: ReshareSessionSpec; complaints: BothKeys<Complaint[]>; justifications: BothKeys<Justification[]> }
  | {
      kind: "decryption-share";
      committee: CommitteeRecord;
      tx: TxPublicFields;
      confidential: ConfidentialTxData;
      schemaSlots: SchemaSlot[];
      recipient: ShareRecipient;
    }
  | { kind: "state-share"; committee: CommitteeRecord; contract: string; recipient: ShareRecipient }
  /** Emulated sealing: the committee key shares, sealed to this enclave build on this platform. */
  | { kind: "seal-store" }
  /** An auditor's signed request for a sealed value re-encrypted to its key (see ../auditor.ts). */
  | {
      kind: "auditor-open";
      committee: CommitteeRecord;
      name: string;
      sealed: Uint8Array;
      sealedStateShares: SealedStateShare[];
      auditorKey: Uint8Array;
      signature: Uint8Array;
    };

export type EnclaveRequestKind = EnclaveRequest["kind"];

/** What one enclave signs at the end of a DKG or resharing: the committee's public keys. */
export interface CommitteeKeyResult {
  ceremony: "dkg" | "reshare";
  sessionId: Uint8Array;
  /** committeeIdFor(chainId, epoch, member signing keys). */
  committeeId: Uint8Array;
  chainId: bigint;
  epoch: number;
  contract: string;
  keyGeneration: number;
  threshold: number;
  /** Y and the combined Feldman commitments (C_0 = Y). */
  publicKey: Uint8Array;
  commitments: Uint8Array[];
  statePublicKey: Uint8Array;
  stateCommitments: Uint8Array[];
  /** Y_i and Y_s,i of every member, in participant-id order (1..n). */
  verificationKeys: Uint8Array[];
  stateVerificationKeys: Uint8Array[];
  /** QUAL per key (dealer participant ids; old-committee ids when resharing). */
  qualified: BothKeys<number[]>;
  /** Dealers left out of QUAL (in either key), with the reason in words. */
  disqualified: { participantId: number; reason: string }[];
}

export interface SignedCommitteeKeyResult {
  result: CommitteeKeyResult;
  /** Participant id of the signing enclave (new-committee id when resharing). */
  signer: number;
  /** Ed25519 over `committeeKeyResultBytes(result, signer)`. */
  signature: Uint8Array;
}

export type EnclaveResponse =
  | { kind: "error"; message: string }
  | {
      kind: "identity";
      validator: string;
      address: string;
      chainId: bigint;
      enclaveKey: Uint8Array;
      transportKey: Uint8Array;
      measurement: Uint8Array;
    }
  | { kind: "attestation"; registration: RegistrationTx; height?: number }
  | { kind: "dkg-bundles"; sessionId: string; participantId: number; bundles: BothKeys<DealerBundle> }
  | { kind: "reshare-bundles"; sessionId: string; participantId: number; bundles: BothKeys<ReshareBundle> }
  | { kind: "dkg-complaints"; ceremony: "dkg" | "reshare"; sessionId: string; participantId: number; complaints: BothKeys<Complaint[]> }
  | {
      kind: "dkg-justifications";
      ceremony: "dkg" | "reshare";
      sessionId: string;
      participantId: number;
      justifications: BothKeys<Justification[]>;
    }
  | { kind: "dkg-result"; ceremony: "dkg" | "reshare"; sessionId: string; signed: SignedCommitteeKeyResult }
  | { kind: "decryption-share"; validator: string; participantId: number; sealed: SealedShare }
  | { kind: "state-share"; validator: string; participantId: number; sealed: SealedStateShare }
  | { kind: "sealed-store"; committees: number; blob: Uint8Array }
  | { kind: "auditor-reencrypted"; validator: string; name: string; reply: AuditorReply };
