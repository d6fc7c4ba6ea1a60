/**
 * Configuration of the confidential ledger and its clock: block heights and epochs derived from
 * the network's virtual time, and unix seconds (for quote and certificate times) from the genesis.
 */
import { DEFAULT_SETTINGS } from "../../consensus/types";
import { EMULATED_QE_VENDOR_ID } from "../attestation/quote.js";
import type { MeasurementEntry } from "../attestation/registration-rules.js";
import { DEFAULT_ACCEPTED_TCB, type TcbInfo, type TcbStatus } from "../attestation/tcb-info.js";

/** The network's default genesis (NetworkOptions.genesisTime). */
export const DEFAULT_GENESIS_MS = Date.parse("2025-01-01T00:00:00Z");

export interface ConfidentialLedgerConfig {
  chainId: bigint | number;
  /** Unix ms at virtual time 0 (the network's genesis). Default 2025-01-01T00:00:00Z. */
  genesisMs?: number;
  /** The pinned (emulated) manufacturer root. */
  manufacturerRootPublicKey: Uint8Array;
  /** Allow-listed enclave measurements with their policy (active height, minimum ISV SVN, signer). */
  measurements: readonly MeasurementEntry[];
  /** TCB-info table (levels per FMSPC). */
  tcbInfo: readonly TcbInfo[];
  /** TCB statuses accepted (default UpToDate, SWHardeningNeeded). */
  acceptedTcbStatuses?: readonly TcbStatus[];
  qeVendorId?: Uint8Array;
  /** |now − issuedAt| bound in seconds (default 7200). */
  maxQuoteAgeSeconds?: number;
  /** Blocks a registry nonce stays usable (default 100). */
  nonceLifetimeBlocks?: number;
  /** Virtual ms per block (default 1000): height = floor(virtualMs / blockMs) + 1. */
  blockMs?: number;
  /** Blocks per epoch (default 600). */
  epochLengthBlocks?: number;
  /** A registration lasts this many whole epochs after the one it was made in (default 6). */
  registrationEpochs?: number;
  /** Confidential transactions pay validators this multiple of the validator fee (default 2). */
  confidentialFeeMultiplier?: number;
  /** Committee size n when neither the deploy nor the contract says otherwise (default: validatorsPerTx, 5). */
  defaultCommitteeSize?: number;
}

/** The fixed part of the configuration, resolved (plain data). Governance state (measurements,
 * TCB table, revocations) lives in the ledger state because it changes. */
export interface ResolvedLedgerConfig {
  chainId: bigint;
  genesisMs: number;
  manufacturerRootPublicKey: Uint8Array;
  qeVendorId: Uint8Array;
  acceptedTcbStatuses: TcbStatus[];
  maxQuoteAgeSeconds: number;
  nonceLifetimeBlocks: number;
  blockMs: number;
  epochLengthBlocks: number;
  registrationEpochs: number;
  confidentialFeeMultiplier: number;
  defaultCommitteeSize: number;
}

/** A refused ledger operation; the message is one line for the UI. */
export class ConfidentialLedgerError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "ConfidentialLedgerError";
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfidentialLedgerError("bad-config", `confidential ledger: ${name} must be a positive integer, got ${value}`);
  return value;
}

export function resolveLedgerConfig(config: ConfidentialLedgerConfig): ResolvedLedgerConfig {
  const chainId = BigInt(config.chainId);
  if (chainId < 0n || chainId > BigInt(Number.MAX_SAFE_INTEGER)) throw new ConfidentialLedgerError("bad-config", `confidential ledger: chain id ${chainId} is out of range`);
  const genesisMs = config.genesisMs ?? DEFAULT_GENESIS_MS;
  if (!Number.isSafeInteger(genesisMs)) throw new ConfidentialLedgerError("bad-config", `confidential ledger: genesisMs must be an integer, got ${genesisMs}`);
  return {
    chainId,
    genesisMs,
    manufacturerRootPublicKey: config.manufacturerRootPublicKey.slice(),
    qeVendorId: (config.qeVendorId ?? EMULATED_QE_VENDOR_ID).slice(),
    acceptedTcbStatuses: [...(config.acceptedTcbStatuses ?? DEFAULT_ACCEPTED_TCB)],
    maxQuoteAgeSeconds: positiveInteger("maxQuoteAgeSeconds", config.maxQuoteAgeSeconds ?? 7200),
    nonceLifetimeBlocks: positiveInteger("nonceLifetimeBlocks", config.nonceLifetimeBlocks ?? 100),
    blockMs: positiveInteger("blockMs", config.blockMs ?? 1000),
    epochLengthBlocks: positiveInteger("epochLengthBlocks", config.epochLengthBlocks ?? 600),
    registrationEpochs: positiveInteger("registrationEpochs", config.registrationEpochs ?? 6),
    confidentialFeeMultiplier: positiveInteger("confidentialFeeMultiplier", config.confidentialFeeMultiplier ?? 2),
    defaultCommitteeSize: positiveInteger("defaultCommitteeSize", config.defaultCommitteeSize ?? DEFAULT_SETTINGS.validatorsPerTx),
  };
}

/** Copies of the caller's measurement entries and TCB table (the ledger never shares their buffers). */
export function copyMeasurement(entry: MeasurementEntry): MeasurementEntry {
  const out: MeasurementEntry = { mrEnclave: entry.mrEnclave.slice(), activeFromHeight: entry.activeFromHeight, minIsvSvn: entry.minIsvSvn };
  if (entry.mrSigner) out.mrSigner = entry.mrSigner.slice();
  if (entry.revokedAtHeight !== undefined) out.revokedAtHeight = entry.revokedAtHeight;
  return out;
}

export function copyTcbInfo(info: TcbInfo): TcbInfo {
  return { fmspc: info.fmspc.slice(), levels: info.levels.map((l) => ({ cpuSvn: l.cpuSvn.slice(), pceSvn: l.pceSvn, status: l.status })) };
}

/** Block height at virtual time `atMs`: floor(atMs / blockMs) + 1 (genesis block is 1). */
export function heightAt(config: ResolvedLedgerConfig, atMs: number): number {
  if (!Number.isFinite(atMs) || atMs < 0) throw new ConfidentialLedgerError("bad-time", `confidential ledger: invalid virtual time ${atMs}`);
  return Math.floor(atMs / config.blockMs) + 1;
}

export function epochOfHeight(config: ResolvedLedgerConfig, height: number): number {
  return Math.floor(height / config.epochLengthBlocks);
}

/** Unix seconds at virtual time `atMs` (what quote issue times and certificates are checked against). */
export function unixSecondsAt(config: ResolvedLedgerConfig, atMs: number): number {
  return Math.floor((config.genesisMs + atMs) / 1000);
}

/** First height at which a registration made at `height` is no longer valid. */
export function expiryHeight(config: ResolvedLedgerConfig, height: number): number {
  return (epochOfHeight(config, height) + 1 + config.registrationEpochs) * config.epochLengthBlocks;
}
