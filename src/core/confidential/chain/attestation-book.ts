/**
 * The attestation registry part of the confidential ledger, over plain-data state: registry
 * nonces, registrations (rules 1–9 from `attestation/registration-rules.ts`, fail closed, rule 10
 * stores), expiry by height, revocation and TCB recovery. Same rules and expiry arithmetic as
 * `attestation/registry.ts`, but every bit of state is in `LedgerState` so it can be snapshotted.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { compareIds } from "../../consensus/selection";
import { bytesEqual, fromHex, lengthPrefixed, u64be, utf8 } from "../attestation/encoding.js";
import { verifyRegistration, type MeasurementEntry, type RegistrationTx, type RegistryView } from "../attestation/registration-rules.js";
import { fmspcKey, tcbStatusFor, type TcbInfo } from "../attestation/tcb-info.js";
import type { AttestationRecord } from "../protocol.js";
import { ConfidentialLedgerError, copyMeasurement, copyTcbInfo, expiryHeight, heightAt, unixSecondsAt, type ResolvedLedgerConfig } from "./ledger-config.js";
import { hex, hex0x, pushEvent, type LedgerRegistration, type LedgerState } from "./ledger-state.js";

export interface LedgerCore {
  readonly config: ResolvedLedgerConfig;
  readonly state: LedgerState;
}

/** A `ValidatorAttestation` transaction: the registration fields plus the validator id sending it. */
export interface AttestationSubmission extends RegistrationTx {
  validator: string;
}

export type AttestationResult =
  | { ok: true; registration: AttestationRecord }
  | { ok: false; rule: number; code: string; reason: string };

/** What governance can revoke: one validator's registration, a platform, or an enclave measurement. */
export type RevocationTarget = { validator: string } | { platform: Uint8Array | string } | { measurement: Uint8Array | string };

/** Validator ids are state keys: short, plain names ("v1"...). */
export function checkValidatorId(id: string): void {
  if (typeof id !== "string" || !/^[A-Za-z0-9_.:-]{1,64}$/.test(id)) throw new ConfidentialLedgerError("bad-validator", `confidential ledger: invalid validator id ${JSON.stringify(id)}`);
}

const bytesOf = (v: Uint8Array | string): Uint8Array => (typeof v === "string" ? fromHex(v) : v);

/** Registration valid at `height`: not revoked, registered at or before it, not yet expired. */
function standsAt(r: LedgerRegistration, height: number): boolean {
  return r.revoked === null && height >= r.registeredAtHeight && height < r.expiresAtHeight;
}

/** The read-only view the pure rules check against. */
function registryView(core: LedgerCore): RegistryView {
  const { config, state } = core;
  const tcbInfo = new Map(state.tcbInfo.map((info) => [fmspcKey(info.fmspc), info]));
  return {
    chainId: Number(config.chainId),
    manufacturerRootPublicKey: config.manufacturerRootPublicKey,
    qeVendorId: config.qeVendorId,
    acceptedTcbStatuses: config.acceptedTcbStatuses,
    maxQuoteAgeSeconds: config.maxQuoteAgeSeconds,
    nonceLifetimeBlocks: config.nonceLifetimeBlocks,
    revokedPlatforms: new Set(state.revokedPlatforms),
    tcbInfo,
    measurement: (m) => state.measurements[hex(m)],
    nonce: (n) => state.nonces[hex(n)],
    activeValidatorOnPlatform: (platformId, height) =>
      Object.values(state.registrations).find((r) => r.platformId === hex0x(platformId) && standsAt(r, height))?.address,
    enclaveKeyUsed: (pk) => hex(pk) in state.usedEnclaveKeys,
  };
}

/** A fresh single-use registry nonce, valid for `nonceLifetimeBlocks` from the current height. */
export function issueNonce(core: LedgerCore, atMs: number): Uint8Array {
  const height = heightAt(core.config, atMs);
  core.state.nonceCounter += 1;
  const nonce = sha256(lengthPrefixed(utf8("GL-CIC-v1/ledger-registry-nonce"), u64be(core.config.chainId), u64be(core.state.nonceCounter), u64be(height)));
  core.state.nonces[hex(nonce)] = { issuedAtHeight: height, used: false };
  return nonce;
}

/** Runs rules 1–9; stores the registration (rule 10) only if all pass. A rejection changes nothing but the event list. */
export function submitAttestation(core: LedgerCore, tx: AttestationSubmission, atMs: number): AttestationResult {
  const { config, state } = core;
  checkValidatorId(tx.validator);
  const height = heightAt(config, atMs);
  const address = String(tx.validatorAddress).toLowerCase();
  const outcome = verifyRegistration(tx, registryView(core), { now: unixSecondsAt(config, atMs), height });
  if (!outcome.ok) {
    pushEvent(state, atMs, height, { type: "attestation-rejected", validator: tx.validator, address, rule: outcome.rule, code: outcome.code, reason: outcome.reason });
    return { ok: false, rule: outcome.rule, code: outcome.code, reason: outcome.reason };
  }
  const { quote, cert, tcbStatus } = outcome.verified;
  const renewal = tx.validator in state.registrations;
  const registration: LedgerRegistration = {
    validator: tx.validator,
    address,
    enclaveKey: hex0x(tx.enclaveSigPk),
    transportKey: hex0x(tx.enclaveEncPk),
    mrEnclave: hex0x(quote.body.mrEnclave),
    platformId: hex0x(cert.platformId),
    fmspc: hex0x(cert.fmspc),
    cpuSvn: hex0x(cert.cpuSvn),
    pceSvn: cert.pceSvn,
    tcbStatus,
    registeredAt: atMs,
    registeredAtHeight: height,
    expiresAtHeight: expiryHeight(config, height),
    revoked: null,
    expiryAnnounced: false,
  };
  state.nonces[hex(tx.registryNonce)].used = true;
  state.usedEnclaveKeys[hex(tx.enclaveSigPk)] = tx.validator;
  state.usedEnclaveKeys[hex(tx.enclaveEncPk)] = tx.validator;
  state.registrations[tx.validator] = registration;
  pushEvent(state, atMs, height, {
    type: "attestation-accepted",
    validator: tx.validator,
    address,
    mrEnclave: registration.mrEnclave,
    platformId: registration.platformId,
    tcbStatus,
    expiresAtHeight: registration.expiresAtHeight,
    renewal,
  });
  return { ok: true, registration: publicRecord(registration) };
}

export function publicRecord(r: LedgerRegistration): AttestationRecord {
  const { expiryAnnounced: _, ...record } = r;
  return { ...record };
}

/** Why `validator` may not take part at `atMs` (one line), or undefined when its attestation stands. */
export function invalidReason(core: LedgerCore, validator: string, atMs: number): string | undefined {
  const r = Object.hasOwn(core.state.registrations, validator) ? core.state.registrations[validator] : undefined;
  if (!r) return "not attested";
  if (r.revoked !== null) return r.revoked;
  const height = heightAt(core.config, atMs);
  if (height >= r.expiresAtHeight) return `attestation expired at height ${r.expiresAtHeight}`;
  if (height < r.registeredAtHeight) return `attested only from height ${r.registeredAtHeight}`;
  return undefined;
}

/** Validator ids whose attestation stands at `atMs`, canonical order. */
export function attestedValidators(core: LedgerCore, atMs: number): string[] {
  const height = heightAt(core.config, atMs);
  return Object.values(core.state.registrations)
    .filter((r) => standsAt(r, height))
    .map((r) => r.validator)
    .sort(compareIds);
}

/** Emits `registration-expired` once for every registration that has expired by `atMs`; returns those validators. */
export function announceExpiries(core: LedgerCore, atMs: number): string[] {
  const height = heightAt(core.config, atMs);
  const expired = Object.values(core.state.registrations)
    .filter((r) => r.revoked === null && !r.expiryAnnounced && height >= r.expiresAtHeight)
    .sort((a, b) => compareIds(a.validator, b.validator));
  for (const r of expired) {
    r.expiryAnnounced = true;
    pushEvent(core.state, atMs, height, { type: "registration-expired", validator: r.validator, expiresAtHeight: r.expiresAtHeight });
  }
  return expired.map((r) => r.validator);
}

function flag(core: LedgerCore, atMs: number, affected: (r: LedgerRegistration) => boolean, reason: string): string[] {
  const height = heightAt(core.config, atMs);
  const flagged: string[] = [];
  const ordered = Object.values(core.state.registrations).sort((a, b) => compareIds(a.validator, b.validator));
  for (const r of ordered) {
    if (r.revoked !== null || !affected(r)) continue;
    r.revoked = reason;
    flagged.push(r.validator);
    pushEvent(core.state, atMs, height, { type: "registration-revoked", validator: r.validator, reason });
  }
  return flagged;
}

/**
 * Governance revocation. A validator: its current registration is invalidated (a fresh attestation
 * may register again). A platform: put on the revocation list (rule 2 refuses it from now on). A
 * measurement: revoked from this height (rule 6). Affected registrations are flagged at once.
 * Returns the validators flagged.
 */
export function revoke(core: LedgerCore, target: RevocationTarget, atMs: number): string[] {
  const { state } = core;
  const height = heightAt(core.config, atMs);
  let kind: "validator" | "platform" | "measurement";
  let id: string;
  let affected: string[];
  if ("validator" in target) {
    kind = "validator";
    id = target.validator;
    affected = flag(core, atMs, (r) => r.validator === target.validator, "validator revoked");
  } else if ("platform" in target) {
    kind = "platform";
    const platformId = bytesOf(target.platform);
    id = hex0x(platformId);
    if (!state.revokedPlatforms.includes(hex(platformId))) state.revokedPlatforms.push(hex(platformId));
    affected = flag(core, atMs, (r) => r.platformId === id, "platform revoked");
  } else {
    kind = "measurement";
    const mrEnclave = bytesOf(target.measurement);
    id = hex0x(mrEnclave);
    const entry = state.measurements[hex(mrEnclave)];
    if (entry && entry.revokedAtHeight === undefined) entry.revokedAtHeight = height;
    affected = flag(core, atMs, (r) => r.mrEnclave === id, "measurement revoked");
  }
  pushEvent(state, atMs, height, { type: "revocation", target: kind, id, affected });
  return affected;
}

/** Governance: allow-lists a measurement (MRENCLAVE and its policy). */
export function allowMeasurement(core: LedgerCore, entry: MeasurementEntry, atMs: number): void {
  const copy = copyMeasurement(entry);
  core.state.measurements[hex(copy.mrEnclave)] = copy;
  pushEvent(core.state, atMs, heightAt(core.config, atMs), {
    type: "measurement-allowed",
    mrEnclave: hex0x(copy.mrEnclave),
    activeFromHeight: copy.activeFromHeight,
    minIsvSvn: copy.minIsvSvn,
  });
}

/** TCB recovery: a new TCB-info table; registrations whose level is no longer accepted are flagged. */
export function updateTcbInfo(core: LedgerCore, tcbInfo: readonly TcbInfo[], atMs: number): string[] {
  const { config, state } = core;
  state.tcbEvaluationNumber += 1;
  state.tcbInfo = tcbInfo.map(copyTcbInfo);
  const table = new Map(state.tcbInfo.map((info) => [fmspcKey(info.fmspc), info]));
  const affected = flag(core, atMs, (r) => {
    const info = table.get(r.fmspc.slice(2));
    const status = info && tcbStatusFor(info, fromHex(r.cpuSvn), r.pceSvn);
    if (status) r.tcbStatus = status;
    return !status || !config.acceptedTcbStatuses.includes(status);
  }, "TCB level no longer accepted");
  pushEvent(state, atMs, heightAt(config, atMs), { type: "tcb-updated", tcbEvaluationNumber: state.tcbEvaluationNumber, affected });
  return affected;
}

/** The registration's enclave keys equal these (0x hex, any case). */
export function keysMatch(r: AttestationRecord, enclaveKey: string, transportKey: string): boolean {
  return bytesEqual(fromHex(r.enclaveKey), fromHex(enclaveKey)) && bytesEqual(fromHex(r.transportKey), fromHex(transportKey));
}
