/**
 * `ConfidentialLedger`: the confidential side of the simulated chain (DOM-free, deterministic,
 * plain-data state). It holds the attestation registry (rules 1–9, fail closed), the committees of
 * confidential contracts and their key generations, auditors named at deploy, the on-chain replay
 * guard for ciphertext KEM points, share evidence for slashing, and a list of plain-data events.
 *
 * Time is the network's virtual clock (ms): height = floor(ms / blockMs) + 1; quote and
 * certificate times are checked against genesisMs + ms in unix seconds.
 */
import type { Address } from "../../calldata";
import type { MeasurementEntry } from "../attestation/registration-rules.js";
import type { TcbInfo } from "../attestation/tcb-info.js";
import type { AttestationRecord, CommitteeRecord, CommitteeSelection, ConfidentialChainEvent, ReshareNeed, ShareEvidenceRecord } from "../protocol.js";
import * as registry from "./attestation-book.js";
import type { AttestationResult, AttestationSubmission, LedgerCore, RevocationTarget } from "./attestation-book.js";
import * as committees from "./committee-book.js";
import type { ReplacementPool, SelectCommitteeRequest } from "./committee-book.js";
import {
  ConfidentialLedgerError, epochOfHeight, heightAt, resolveLedgerConfig, unixSecondsAt, type ConfidentialLedgerConfig, type ResolvedLedgerConfig,
} from "./ledger-config.js";
import {
  checkSnapshot, cloneLedgerData, emptyLedgerState, hex, pushEvent, type ConfidentialContractConfig, type ConfidentialLedgerSnapshot, type LedgerState,
} from "./ledger-state.js";

export interface RegisterContractOptions {
  contract: Address | string;
  /** Addresses allowed to ask for outputs re-encrypted to their keys. */
  auditors?: readonly (Address | string)[];
  /** Deploy options overriding the ledger's committee size and ⌈2n/3⌉ threshold. */
  committeeSize?: number;
  threshold?: number;
}

export type ConsumeResult = { ok: true; first: boolean } | { ok: false; firstTx: string; reason: string };

const addressKey = (a: Address | string, what: string): string => {
  const key = typeof a === "string" ? a.toLowerCase() : a.toHex();
  if (!/^0x[0-9a-f]{40}$/.test(key)) throw new ConfidentialLedgerError("bad-address", `confidential ledger: invalid ${what} address ${JSON.stringify(String(a))}`);
  return key;
};

export class ConfidentialLedger {
  #config: ResolvedLedgerConfig;
  #state: LedgerState;

  constructor(config: ConfidentialLedgerConfig) {
    this.#config = resolveLedgerConfig(config);
    this.#state = emptyLedgerState(config.measurements, config.tcbInfo);
  }

  /** Rebuilds a ledger from `toJSON()` output (also after a tagged-JSON round trip). */
  static fromJSON(snapshot: unknown): ConfidentialLedger {
    const s = cloneLedgerData(checkSnapshot(snapshot));
    const ledger = new ConfidentialLedger({ ...s.config, measurements: [], tcbInfo: [] });
    ledger.#state = s.state;
    return ledger;
  }

  /** Plain-data copy of the whole ledger (configuration and state). */
  toJSON(): ConfidentialLedgerSnapshot {
    return cloneLedgerData({ version: 1, config: this.#config, state: this.#state });
  }

  /** Puts the state back as it was in `snapshot` (the configuration stays). */
  restore(snapshot: ConfidentialLedgerSnapshot): void {
    this.#state = cloneLedgerData(checkSnapshot(snapshot).state);
  }

  get #core(): LedgerCore {
    return { config: this.#config, state: this.#state };
  }

  get config(): Readonly<ResolvedLedgerConfig> {
    return this.#config;
  }

  /** Every event so far, in order (plain data; do not mutate). */
  get events(): readonly ConfidentialChainEvent[] {
    return this.#state.events;
  }

  // ---- clock ----

  heightAt(atMs: number): number {
    return heightAt(this.#config, atMs);
  }

  epochAt(atMs: number): number {
    return epochOfHeight(this.#config, this.heightAt(atMs));
  }

  unixSecondsAt(atMs: number): number {
    return unixSecondsAt(this.#config, atMs);
  }

  // ---- attestation registry ----

  get tcbEvaluationNumber(): number {
    return this.#state.tcbEvaluationNumber;
  }

  /** A single-use registry nonce for a validator's next quote. */
  issueNonce(atMs: number): Uint8Array {
    return registry.issueNonce(this.#core, atMs);
  }

  /** A `ValidatorAttestation` transaction: rules 1–9 (first failure wins), then stored. */
  submitAttestation(tx: AttestationSubmission, atMs: number): AttestationResult {
    return registry.submitAttestation(this.#core, tx, atMs);
  }

  /** The validator's latest registration (valid or not). */
  attestation(validator: string): AttestationRecord | undefined {
    const r = Object.hasOwn(this.#state.registrations, validator) ? this.#state.registrations[validator] : undefined;
    return r ? registry.publicRecord(r) : undefined;
  }

  attestations(): AttestationRecord[] {
    return Object.values(this.#state.registrations).map(registry.publicRecord);
  }

  /** Why the validator's enclave may not take part at `atMs`, or undefined when it may. */
  invalidReason(validator: string, atMs: number): string | undefined {
    return registry.invalidReason(this.#core, validator, atMs);
  }

  isAttested(validator: string, atMs: number): boolean {
    return this.invalidReason(validator, atMs) === undefined;
  }

  /** Ids of validators attested at `atMs` (not expired, not revoked), canonical order. */
  attestedValidators(atMs: number): string[] {
    return registry.attestedValidators(this.#core, atMs);
  }

  /** Emits `registration-expired` once per registration expired by `atMs`; returns those validators. */
  announceExpiries(atMs: number): string[] {
    return registry.announceExpiries(this.#core, atMs);
  }

  /** Governance: revokes a validator's registration, a platform or a measurement; returns the validators flagged. */
  revoke(target: RevocationTarget, atMs: number): string[] {
    return registry.revoke(this.#core, target, atMs);
  }

  allowMeasurement(entry: MeasurementEntry, atMs: number): void {
    registry.allowMeasurement(this.#core, entry, atMs);
  }

  /** TCB recovery: a new TCB-info table; returns the validators whose level is no longer accepted. */
  updateTcbInfo(tcbInfo: readonly TcbInfo[], atMs: number): string[] {
    return registry.updateTcbInfo(this.#core, tcbInfo, atMs);
  }

  // ---- contracts ----

  /** Records a confidential contract's deploy options and auditors. */
  registerContract(opts: RegisterContractOptions, atMs: number): ConfidentialContractConfig {
    const contract = committees.contractKey(opts.contract);
    const committeeSize = opts.committeeSize ?? null;
    const threshold = opts.threshold ?? null;
    if (committeeSize !== null && (!Number.isSafeInteger(committeeSize) || committeeSize < 1)) {
      throw new ConfidentialLedgerError("bad-committee-size", `confidential contract ${contract}: committee size ${committeeSize} is invalid`);
    }
    const n = committeeSize ?? this.#config.defaultCommitteeSize;
    if (threshold !== null && (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > n)) {
      throw new ConfidentialLedgerError("bad-threshold", `confidential contract ${contract}: threshold ${threshold} is invalid for a committee of ${n}`);
    }
    const auditors = [...new Set((opts.auditors ?? []).map((a) => addressKey(a, "auditor")))];
    const entry: ConfidentialContractConfig = { contract, auditors, committeeSize, threshold };
    this.#state.contracts[contract] = entry;
    pushEvent(this.#state, atMs, this.heightAt(atMs), { type: "contract-registered", contract, auditors: [...auditors], committeeSize, threshold });
    return cloneLedgerData(entry);
  }

  contractConfig(contract: Address | string): ConfidentialContractConfig | undefined {
    const entry = this.#state.contracts[committees.contractKey(contract)];
    return entry ? cloneLedgerData(entry) : undefined;
  }

  /** Was `address` named as an auditor when `contract` was deployed? */
  isAuditor(contract: Address | string, address: Address | string): boolean {
    const entry = this.#state.contracts[committees.contractKey(contract)];
    if (!entry) return false;
    const key = typeof address === "string" ? address.toLowerCase() : address.toHex();
    return entry.auditors.includes(key);
  }

  // ---- committees ----

  /** n attested validators for the contract (seeded, stake-weighted); refuses when too few are attested or t is invalid. */
  selectCommittee(req: SelectCommitteeRequest): CommitteeSelection {
    return committees.selectCommittee(this.#core, req);
  }

  /** Publishes a committee after its DKG or reshare (checked against the registry, fail closed). */
  recordCommittee(record: CommitteeRecord): CommitteeRecord {
    return committees.recordCommittee(this.#core, record);
  }

  /** The contract's current committee (latest key generation). */
  committeeOf(contract: Address | string): CommitteeRecord | undefined {
    const record = committees.currentCommittee(this.#core, contract);
    return record ? cloneLedgerData(record) : undefined;
  }

  /** Every committee the contract has had, oldest key generation first. */
  committeeHistory(contract: Address | string): CommitteeRecord[] {
    return cloneLedgerData(this.#state.committees[committees.contractKey(contract)] ?? []);
  }

  /** Contracts with a committee, in the order they got one. */
  committeeContracts(): string[] {
    return Object.keys(this.#state.committees);
  }

  /** Whether the contract's committee must reshare at `atMs`, and the replacement set (null: no). */
  needsReshare(contract: Address | string, atMs: number, pool?: ReplacementPool): ReshareNeed | null {
    return committees.needsReshare(this.#core, contract, atMs, pool);
  }

  // ---- executions ----

  /**
   * Replay guard: marks a ciphertext's KEM point U (its first 32 bytes) as used by `txHash`. The
   * same transaction may consume it again (every execution of it does); another one is refused.
   */
  consume(kemPoint: Uint8Array, txHash: string, atMs: number): ConsumeResult {
    if (!(kemPoint instanceof Uint8Array) || kemPoint.length < 32) {
      throw new ConfidentialLedgerError("bad-kem-point", `confidential ledger: a KEM point has 32 bytes, got ${kemPoint?.length ?? 0}`);
    }
    const key = hex(kemPoint.subarray(0, 32));
    const first = Object.hasOwn(this.#state.consumedKemPoints, key) ? this.#state.consumedKemPoints[key] : undefined;
    const height = this.heightAt(atMs);
    if (first === undefined) {
      this.#state.consumedKemPoints[key] = txHash;
      pushEvent(this.#state, atMs, height, { type: "ciphertext-consumed", kemPoint: "0x" + key, txHash });
      return { ok: true, first: true };
    }
    if (first === txHash) return { ok: true, first: false };
    pushEvent(this.#state, atMs, height, { type: "ciphertext-replay-refused", kemPoint: "0x" + key, txHash, firstTx: first });
    return { ok: false, firstTx: first, reason: `confidential ciphertext was already used by transaction ${first}` };
  }

  /** The transaction that consumed this KEM point, if any. */
  consumedBy(kemPoint: Uint8Array): string | undefined {
    const key = hex(kemPoint.subarray(0, 32));
    return Object.hasOwn(this.#state.consumedKemPoints, key) ? this.#state.consumedKemPoints[key] : undefined;
  }

  /** Keeps evidence of a bad share; one record per (transaction, validator). Returns false for a duplicate. */
  recordEvidence(record: ShareEvidenceRecord, atMs: number): boolean {
    if (this.#state.evidence.some((e) => e.txHash === record.txHash && e.validator === record.validator)) return false;
    this.#state.evidence.push(cloneLedgerData({ validator: record.validator, txHash: record.txHash, reason: record.reason, share: record.share.slice() }));
    pushEvent(this.#state, atMs, this.heightAt(atMs), { type: "share-evidence", validator: record.validator, txHash: record.txHash, reason: record.reason });
    return true;
  }

  /** The evidence that makes validators slashable for `txHash` (one per validator, arrival order). */
  slashingFor(txHash: string): ShareEvidenceRecord[] {
    return cloneLedgerData(this.#state.evidence.filter((e) => e.txHash === txHash));
  }

  evidence(): ShareEvidenceRecord[] {
    return cloneLedgerData(this.#state.evidence);
  }

  /** The fee each validator earns on a confidential transaction (the validator fee × the multiplier). */
  confidentialValidatorFee(validatorFee: bigint): bigint {
    return validatorFee * BigInt(this.#config.confidentialFeeMultiplier);
  }
}
