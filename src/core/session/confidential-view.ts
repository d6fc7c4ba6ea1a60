/**
 * What the app shows of the confidential chain: the emulated hardware (labelled as such), each
 * enclave validator's attestation and whether it is valid now, and each confidential contract's
 * committee (members, t of n, threshold key, key generation, auditors, evidence). Public data
 * only: this is what the chain publishes, never a secret or a plaintext.
 */
import type { ConfidentialNetwork } from "../confidential/execution/confidential-network";
import type { CommitteeRecord, ShareEvidenceRecord } from "../confidential/protocol";
import { toHex0x } from "../confidential/enclave/wire";

export interface AttestationView {
  validator: string;
  address: string;
  /** Valid at the current virtual time (registered, not expired, not revoked). */
  valid: boolean;
  /** Why it is not valid (one line), when it is not. */
  invalidReason: string | null;
  enclaveKey: string;
  transportKey: string;
  mrEnclave: string;
  platformId: string;
  tcbStatus: string;
  registeredAtHeight: number;
  expiresAtHeight: number;
}

export interface CommitteeView extends CommitteeRecord {
  auditors: string[];
  /** Earlier key generations of the same contract (resharing keeps the public key). */
  generations: number;
}

export interface ConfidentialView {
  /** Always true: TEE isolation and quotes are emulated; the cryptography is real. */
  emulated: true;
  ready: boolean;
  /** MRENCLAVE: SHA-256 of the enclave worker bytes (0x hex; "" before it is measured). */
  measurement: string;
  height: number;
  epoch: number;
  feeMultiplier: number;
  /** Validators that run an enclave (attested or not). */
  enclaveValidators: string[];
  attestations: AttestationView[];
  /** By contract address (lower-case 0x hex). */
  committees: CommitteeView[];
  evidence: ShareEvidenceRecord[];
}

export function confidentialView(conf: ConfidentialNetwork, atMs: number, enclaveValidators: string[]): ConfidentialView {
  const world = conf.world;
  let ledger: ConfidentialNetwork["ledger"] | null = null;
  try {
    ledger = conf.ledger;
  } catch {
    ledger = null;
  }
  if (!ledger || !world) {
    return { emulated: true, ready: false, measurement: "", height: 0, epoch: 0, feeMultiplier: 1, enclaveValidators, attestations: [], committees: [], evidence: [] };
  }
  const l = ledger;
  return {
    emulated: true,
    ready: true,
    measurement: toHex0x(world.measurement),
    height: l.heightAt(atMs),
    epoch: l.epochAt(atMs),
    feeMultiplier: l.config.confidentialFeeMultiplier,
    enclaveValidators,
    attestations: l.attestations().map((a) => {
      const reason = l.invalidReason(a.validator, atMs) ?? null;
      return {
        validator: a.validator,
        address: a.address,
        valid: reason === null,
        invalidReason: reason,
        enclaveKey: a.enclaveKey,
        transportKey: a.transportKey,
        mrEnclave: a.mrEnclave,
        platformId: a.platformId,
        tcbStatus: a.tcbStatus,
        registeredAtHeight: a.registeredAtHeight,
        expiresAtHeight: a.expiresAtHeight,
      };
    }),
    committees: l.committeeContracts().flatMap((contract) => {
      const record = l.committeeOf(contract);
      if (!record) return [];
      return [{ ...record, auditors: l.contractConfig(contract)?.auditors ?? [], generations: l.committeeHistory(contract).length }];
    }),
    evidence: l.evidence(),
  };
}
