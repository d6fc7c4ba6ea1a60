/**
 * The confidential ledger's state as one plain-data value (records, arrays, strings, numbers,
 * Uint8Array): what `ConfidentialLedger.toJSON()` returns and `fromJSON()` takes. Tagged JSON
 * (`src/core/persistence/tagged-json.ts`) stores it losslessly.
 */
import type { MeasurementEntry, NonceRecord } from "../attestation/registration-rules.js";
import type { TcbInfo } from "../attestation/tcb-info.js";
import type { AttestationRecord, CommitteeRecord, ConfidentialChainEvent, ShareEvidenceRecord } from "../protocol.js";
import { ConfidentialLedgerError, copyMeasurement, copyTcbInfo, type ResolvedLedgerConfig } from "./ledger-config.js";

/** A registration plus the ledger's own bookkeeping. */
export interface LedgerRegistration extends AttestationRecord {
  /** A `registration-expired` event was emitted for it. */
  expiryAnnounced: boolean;
}

/** What a contract's deploy fixed for its confidential side. */
export interface ConfidentialContractConfig {
  contract: string;
  /** Lower-case addresses allowed to ask for outputs re-encrypted to them. */
  auditors: string[];
  /** Deploy options; null: the ledger's defaults. */
  committeeSize: number | null;
  threshold: number | null;
}

export interface LedgerState {
  // ---- governance ----
  tcbEvaluationNumber: number;
  tcbInfo: TcbInfo[];
  /** By MRENCLAVE hex. */
  measurements: Record<string, MeasurementEntry>;
  /** Platform ids (hex) on the revocation list. */
  revokedPlatforms: string[];
  // ---- registry ----
  nonceCounter: number;
  /** By nonce hex. */
  nonces: Record<string, NonceRecord>;
  /** By validator id. */
  registrations: Record<string, LedgerRegistration>;
  /** Enclave public key hex → the validator that registered it (keys are never reused). */
  usedEnclaveKeys: Record<string, string>;
  // ---- contracts and committees ----
  /** By lower-case contract address. */
  contracts: Record<string, ConfidentialContractConfig>;
  /** By lower-case contract address: every key generation, oldest first. */
  committees: Record<string, CommitteeRecord[]>;
  // ---- executions ----
  /** First 32 bytes of a ciphertext's KEM point U (hex) → the transaction that consumed it. */
  consumedKemPoints: Record<string, string>;
  /** Share evidence, one per (transaction, validator), in arrival order. */
  evidence: ShareEvidenceRecord[];
  events: ConfidentialChainEvent[];
}

export interface ConfidentialLedgerSnapshot {
  version: 1;
  config: ResolvedLedgerConfig;
  state: LedgerState;
}

export function emptyLedgerState(measurements: readonly MeasurementEntry[], tcbInfo: readonly TcbInfo[]): LedgerState {
  const state: LedgerState = {
    tcbEvaluationNumber: 1,
    tcbInfo: tcbInfo.map(copyTcbInfo),
    measurements: {},
    revokedPlatforms: [],
    nonceCounter: 0,
    nonces: {},
    registrations: {},
    usedEnclaveKeys: {},
    contracts: {},
    committees: {},
    consumedKemPoints: {},
    evidence: [],
    events: [],
  };
  for (const m of measurements) state.measurements[hex(m.mrEnclave)] = copyMeasurement(m);
  return state;
}

/** A deep copy (plain data only: structuredClone copies Uint8Array and bigint). */
export function cloneLedgerData<T>(value: T): T {
  return structuredClone(value);
}

/** Checks the shape of a snapshot read back from storage (one-line error when it is not one). */
export function checkSnapshot(value: unknown): ConfidentialLedgerSnapshot {
  const s = value as Partial<ConfidentialLedgerSnapshot> | null;
  if (!s || typeof s !== "object" || s.version !== 1 || !s.config || !s.state) {
    throw new ConfidentialLedgerError("bad-snapshot", "confidential ledger: not a version 1 ledger snapshot");
  }
  const st = s.state as Partial<LedgerState>;
  const records = ["measurements", "nonces", "registrations", "usedEnclaveKeys", "contracts", "committees", "consumedKemPoints"] as const;
  for (const key of records) {
    if (!st[key] || typeof st[key] !== "object") throw new ConfidentialLedgerError("bad-snapshot", `confidential ledger: snapshot state lacks ${key}`);
  }
  for (const key of ["tcbInfo", "revokedPlatforms", "evidence", "events"] as const) {
    if (!Array.isArray(st[key])) throw new ConfidentialLedgerError("bad-snapshot", `confidential ledger: snapshot state lacks ${key}`);
  }
  if (typeof s.config.chainId !== "bigint" || !(s.config.manufacturerRootPublicKey instanceof Uint8Array)) {
    throw new ConfidentialLedgerError("bad-snapshot", "confidential ledger: snapshot config is malformed");
  }
  return s as ConfidentialLedgerSnapshot;
}

/** Lower-case hex without 0x (state keys). */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** 0x + lower-case hex (published fields). */
export function hex0x(bytes: Uint8Array): string {
  return "0x" + hex(bytes);
}

type DistributeInput<E> = E extends ConfidentialChainEvent ? Omit<E, "seq" | "at" | "height"> : never;
/** An event before the ledger stamps it with its position, time and height. */
export type ChainEventInput = DistributeInput<ConfidentialChainEvent>;

/** Appends an event to the state's list, stamped with `seq`, `at` and `height`. */
export function pushEvent(state: LedgerState, atMs: number, height: number, input: ChainEventInput): ConfidentialChainEvent {
  const event = { ...input, seq: state.events.length, at: atMs, height } as ConfidentialChainEvent;
  state.events.push(event);
  return event;
}
