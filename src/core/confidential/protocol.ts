/**
 * Plain-data shapes shared by the chain, the consensus engine, the enclaves and the app for
 * Confidential Intelligent Contracts (issue 6). Everything here is public: ciphertexts, public
 * keys, commitments and metadata. No secret ever has a field in these types.
 */

/** What a confidential call or deploy carries besides its public calldata (GIP §6). */
export interface ConfidentialTxData {
  /** 0x + 64 hex: the committee the arguments were encrypted to. */
  committeeId: string;
  keyGeneration: number;
  /** The sender's nonce bound into the label (equal to the transaction's nonce). */
  senderNonce: bigint;
  /** Positional arguments that are encrypted, with the plaintext type hint from the schema. The
   * public calldata holds `null` at these positions. */
  args: { index: number; typeHint: string }[];
  /** `encodeCiphertext(Tdh2Ciphertext)`: TDH2 KEM + one AES-256-GCM body per argument. */
  ciphertext: Uint8Array;
  /** Optional auditor addresses named by the sender (deploy only): they may ask for outputs re-encrypted to their keys. */
  auditors?: string[];
}

/** One committee member as published on chain. */
export interface CommitteeMember {
  /** Validator id ("v1"...) and address. */
  validator: string;
  address: string;
  /** DKG participant id, 1..n. */
  participantId: number;
  /** 0x hex: the enclave's Ed25519 signing key and X25519 transport key (from its attestation). */
  enclaveKey: string;
  transportKey: string;
  /** 0x hex ristretto255: Y_i = x_i·G (verification key of this member's decryption share). */
  shareKey: string;
  /** 0x hex ristretto255: Y_s,i for the state-key PRF. */
  stateShareKey: string;
}

/** A contract's committee for one key generation, as published on chain after the DKG. */
export interface CommitteeRecord {
  /** 0x + 64 hex, `committeeIdFor(chainId, epoch, enclave keys)`. */
  id: string;
  contract: string;
  epoch: number;
  keyGeneration: number;
  threshold: number;
  members: CommitteeMember[];
  /** 0x hex ristretto255: Y, the threshold public key callers encrypt to. */
  publicKey: string;
  /** 0x hex: the Feldman commitments of the combined polynomial (C_0 = Y). */
  commitments: string[];
  /** 0x hex: Y_s, the public key of the state-key PRF. */
  statePublicKey: string;
  /** Virtual ms when the DKG (or resharing) finished. */
  createdAt: number;
  /** Dealers disqualified during the DKG, with the reason in words. */
  disqualified: { validator: string; reason: string }[];
  /** After a reshare: the committee this one took over from (same Y and Y_s, key generation − 1).
   * Ciphertexts made for it still decrypt during the one-generation grace window. */
  previousCommitteeId?: string;
  /** Addresses named at deploy that may ask for sealed values re-encrypted to their key (bound in the DKG session). */
  auditors?: string[];
}

/** What happened to each member's decryption share in one execution (for the tx view). */
export interface ShareReport {
  validator: string;
  /** "valid": verified and usable; "invalid": failed its proof (evidence kept); "missing": never arrived. */
  status: "valid" | "invalid" | "missing";
  reason?: string;
  /** Which share: the TDH2 decryption share (default when absent) or the state-key PRF share. */
  shareKind?: "decryption" | "state";
}

/** Publicly checkable evidence that a committee member sent a bad share (it gets slashed). */
export interface ShareEvidenceRecord {
  validator: string;
  txHash: string;
  reason: string;
  /** The signed share bytes, so anyone can re-verify. */
  share: Uint8Array;
  /** Which share: the TDH2 decryption share (default when absent) or the state-key PRF share. */
  shareKind?: "decryption" | "state";
}

// ---- Confidential chain state (attestation registry, committees), as the ledger publishes it ----

/** A validator's enclave registration as stored on chain after its attestation passed rules 1–9. */
export interface AttestationRecord {
  /** Validator id ("v1"...) and its address (0x + 40 lower-case hex). */
  validator: string;
  address: string;
  /** 0x hex: the enclave's Ed25519 signing key and X25519 transport key, bound into the quote. */
  enclaveKey: string;
  transportKey: string;
  /** 0x hex: MRENCLAVE (sha256 of the worker bundle), platform id, FMSPC and CPU SVN of the platform. */
  mrEnclave: string;
  platformId: string;
  fmspc: string;
  cpuSvn: string;
  pceSvn: number;
  /** The platform's TCB status when it registered (or after the last TCB recovery). */
  tcbStatus: string;
  /** Virtual ms and block height of the registration. */
  registeredAt: number;
  registeredAtHeight: number;
  /** First height at which the registration is no longer valid. */
  expiresAtHeight: number;
  /** Why governance invalidated it (validator, platform or measurement revoked, TCB recovery); null while it stands. */
  revoked: string | null;
}

/** One member chosen for a contract's committee, before its DKG. */
export interface SelectedCommitteeMember {
  validator: string;
  address: string;
  /** DKG participant id, 1..n, in canonical validator-id order. */
  participantId: number;
  /** 0x hex, from the member's attestation. */
  enclaveKey: string;
  transportKey: string;
}

/** The chain's choice of a committee for a contract (the DKG input). */
export interface CommitteeSelection {
  contract: string;
  /** 0x + 64 hex: `committeeIdFor(chainId, epoch, the members' enclave keys)`. */
  committeeId: string;
  epoch: number;
  /** The key generation the DKG (or reshare) will produce: the contract's last one + 1 (first: 1). */
  keyGeneration: number;
  threshold: number;
  members: SelectedCommitteeMember[];
}

/** A committee some of whose members may no longer hold key shares (attestation expired or revoked). */
export interface ReshareNeed {
  contract: string;
  committeeId: string;
  keyGeneration: number;
  leaving: { validator: string; reason: string }[];
  /** Members still attested (canonical order). */
  staying: string[];
  /** Attested validators picked to take the leavers' places (empty when no candidates were given). */
  joining: string[];
  /** staying + joining, canonical order: the committee after the reshare. */
  members: string[];
  /** Threshold of the new committee. */
  threshold: number;
  /** The staying members can deal the reshare (at least the old threshold of them) and the new
   * committee is large enough for its threshold; otherwise the key is lost and a fresh DKG is needed. */
  canReshare: boolean;
  /** One line for the UI. */
  summary: string;
}

interface ConfidentialChainEventBase {
  /** Position in the ledger's event list. */
  seq: number;
  /** Virtual ms and block height. */
  at: number;
  height: number;
}

/** What the confidential ledger records, for logs and the UI (plain data). */
export type ConfidentialChainEvent = ConfidentialChainEventBase &
  (
    | { type: "attestation-accepted"; validator: string; address: string; mrEnclave: string; platformId: string; tcbStatus: string; expiresAtHeight: number; renewal: boolean }
    | { type: "attestation-rejected"; validator: string; address: string; rule: number; code: string; reason: string }
    | { type: "registration-expired"; validator: string; expiresAtHeight: number }
    | { type: "registration-revoked"; validator: string; reason: string }
    | { type: "revocation"; target: "validator" | "platform" | "measurement"; id: string; affected: string[] }
    | { type: "measurement-allowed"; mrEnclave: string; activeFromHeight: number; minIsvSvn: number }
    | { type: "tcb-updated"; tcbEvaluationNumber: number; affected: string[] }
    | { type: "contract-registered"; contract: string; auditors: string[]; committeeSize: number | null; threshold: number | null }
    | { type: "committee-selected"; contract: string; committeeId: string; epoch: number; keyGeneration: number; threshold: number; members: string[] }
    | { type: "committee-formed"; contract: string; committeeId: string; keyGeneration: number; threshold: number; members: string[]; publicKey: string }
    | {
        type: "committee-reshared";
        contract: string;
        committeeId: string;
        previousCommitteeId: string;
        keyGeneration: number;
        threshold: number;
        members: string[];
        removed: string[];
        added: string[];
        publicKey: string;
      }
    | { type: "ciphertext-consumed"; kemPoint: string; txHash: string }
    | { type: "ciphertext-replay-refused"; kemPoint: string; txHash: string; firstTx: string }
    | { type: "share-evidence"; validator: string; txHash: string; reason: string }
  );

/** What a receipt of a confidential execution shows (no plaintext). */
export interface ConfidentialReceiptInfo {
  /** The enclave that ran it. */
  enclave: string;
  shares: ShareReport[];
  evidence: ShareEvidenceRecord[];
  /** Host requests answered inside the enclave (their contents stay there). */
  enclaveCalls: string[];
  /** "confidential inputs unavailable" when fewer than t valid shares arrived. */
  unavailable: string | null;
  /** 0x hex Ed25519 signature of the enclave over the response bytes (null if it did not run). */
  signature: string | null;
}
