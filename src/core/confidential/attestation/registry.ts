/**
 * The on-chain attestation registry (emulated contract logic, DOM-free): pinned manufacturer root,
 * TCB-info table, measurement allow-list, revocations, single-use registry nonces, registrations
 * with expiry, and the committee each epoch. `register` runs rules 1–9 (registration-rules.ts)
 * and stores the registration (rule 10) only when all pass.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesEqual, lengthPrefixed, toHex, u64be, utf8 } from "./encoding.js";
import { measureEnclaveBundle } from "./chain.js";
import { EMULATED_QE_VENDOR_ID } from "./quote.js";
import {
  verifyRegistration, type MeasurementEntry, type NonceRecord, type RegistrationContext, type RegistrationTx, type RegistryView,
} from "./registration-rules.js";
import { DEFAULT_ACCEPTED_TCB, fmspcKey, tcbStatusFor, type TcbInfo, type TcbStatus } from "./tcb-info.js";

export interface RegistryConfig {
  chainId: number;
  manufacturerRootPublicKey: Uint8Array;
  tcbInfo: TcbInfo[];
  qeVendorId?: Uint8Array;
  acceptedTcbStatuses?: readonly TcbStatus[];
  /** |now − issuedAt| bound, seconds (default 7200) */
  maxQuoteAgeSeconds?: number;
  /** blocks a registry nonce stays usable (default 100) */
  nonceLifetimeBlocks?: number;
  epochLengthBlocks: number;
  /** a registration lasts this many whole epochs after the one it was made in */
  registrationEpochs: number;
}

export interface Registration {
  validatorAddress: string; // lower-case
  enclaveSigPk: Uint8Array;
  enclaveEncPk: Uint8Array;
  mrEnclave: Uint8Array;
  platformId: Uint8Array;
  fmspc: Uint8Array;
  cpuSvn: Uint8Array;
  pceSvn: number;
  tcbStatus: TcbStatus;
  registeredAtHeight: number;
  expiresAtHeight: number;
  /** set when governance invalidated it (revocation, TCB recovery) */
  flagged?: string;
}

export type RegisterResult = { ok: true; registration: Registration } | { ok: false; rule: number; code: string; reason: string };

export interface CommitteeChange {
  epoch: number;
  members: string[];
  removed: string[];
  added: string[];
  /** the key holders changed: shares must be reshared to the new members */
  reshareRequired: boolean;
}

export class AttestationRegistry {
  readonly chainId: number;
  readonly epochLengthBlocks: number;
  readonly registrationEpochs: number;
  #tcbEvaluationNumber = 1;
  readonly #view: RegistryView;
  readonly #tcbInfo = new Map<string, TcbInfo>();
  readonly #revokedPlatforms = new Set<string>();
  readonly #measurements = new Map<string, MeasurementEntry>();
  readonly #nonces = new Map<string, NonceRecord>();
  #nonceCounter = 0;
  readonly #registrations = new Map<string, Registration>();
  readonly #usedEnclaveKeys = new Set<string>();
  #committee: string[] = [];

  constructor(config: RegistryConfig) {
    this.chainId = config.chainId;
    this.epochLengthBlocks = config.epochLengthBlocks;
    this.registrationEpochs = config.registrationEpochs;
    for (const info of config.tcbInfo) this.#tcbInfo.set(fmspcKey(info.fmspc), info);
    this.#view = {
      chainId: config.chainId,
      manufacturerRootPublicKey: config.manufacturerRootPublicKey,
      qeVendorId: config.qeVendorId ?? EMULATED_QE_VENDOR_ID,
      acceptedTcbStatuses: config.acceptedTcbStatuses ?? DEFAULT_ACCEPTED_TCB,
      maxQuoteAgeSeconds: config.maxQuoteAgeSeconds ?? 7200,
      nonceLifetimeBlocks: config.nonceLifetimeBlocks ?? 100,
      revokedPlatforms: this.#revokedPlatforms,
      tcbInfo: this.#tcbInfo,
      measurement: (m) => this.#measurements.get(toHex(m)),
      nonce: (n) => this.#nonces.get(toHex(n)),
      activeValidatorOnPlatform: (platformId, height) =>
        [...this.#registrations.values()].find((r) => bytesEqual(r.platformId, platformId) && this.#validAt(r, height))?.validatorAddress,
      enclaveKeyUsed: (pk) => this.#usedEnclaveKeys.has(toHex(pk)),
    };
  }

  get tcbEvaluationNumber(): number {
    return this.#tcbEvaluationNumber;
  }

  epochOf(height: number): number {
    return Math.floor(height / this.epochLengthBlocks);
  }

  // ---- governance ----

  allowMeasurement(entry: MeasurementEntry): void {
    this.#measurements.set(toHex(entry.mrEnclave), { ...entry });
  }

  /** Allow-lists the exact bytes of an enclave worker bundle (MRENCLAVE = sha256(bundle)). */
  allowBundle(bundle: Uint8Array, policy: Omit<MeasurementEntry, "mrEnclave">): Uint8Array {
    const mrEnclave = measureEnclaveBundle(bundle);
    this.allowMeasurement({ ...policy, mrEnclave });
    return mrEnclave;
  }

  /** Revokes a measurement from `height`; flags its registrations. Returns the flagged validators. */
  revokeMeasurement(mrEnclave: Uint8Array, height: number): string[] {
    const entry = this.#measurements.get(toHex(mrEnclave));
    if (entry) entry.revokedAtHeight = height;
    return this.#flag((r) => bytesEqual(r.mrEnclave, mrEnclave), "measurement revoked");
  }

  /** Puts a platform on the revocation list; flags its registrations. */
  revokePlatform(platformId: Uint8Array): string[] {
    this.#revokedPlatforms.add(toHex(platformId));
    return this.#flag((r) => bytesEqual(r.platformId, platformId), "platform revoked");
  }

  /** TCB recovery: a new TCB-info table and evaluation number; registrations whose level is no longer accepted are flagged. */
  bumpTcbEvaluationNumber(tcbInfo: TcbInfo[]): string[] {
    this.#tcbEvaluationNumber += 1;
    this.#tcbInfo.clear();
    for (const info of tcbInfo) this.#tcbInfo.set(fmspcKey(info.fmspc), info);
    return this.#flag((r) => {
      const info = this.#tcbInfo.get(fmspcKey(r.fmspc));
      const status = info && tcbStatusFor(info, r.cpuSvn, r.pceSvn);
      if (status) r.tcbStatus = status;
      return !status || !this.#view.acceptedTcbStatuses.includes(status);
    }, "TCB level no longer accepted");
  }

  // ---- registration ----

  /** A fresh single-use nonce a validator's enclave must put in its quote's report data. */
  issueNonce(height: number): Uint8Array {
    this.#nonceCounter += 1;
    const nonce = sha256(lengthPrefixed(utf8("GL-EMU/registry-nonce"), u64be(this.chainId), u64be(this.#nonceCounter), u64be(height)));
    this.#nonces.set(toHex(nonce), { issuedAtHeight: height, used: false });
    return nonce;
  }

  register(tx: RegistrationTx, ctx: RegistrationContext): RegisterResult {
    const outcome = verifyRegistration(tx, this.#view, ctx);
    if (!outcome.ok) return outcome;
    const { quote, cert, tcbStatus } = outcome.verified;
    const registration: Registration = {
      validatorAddress: tx.validatorAddress.toLowerCase(),
      enclaveSigPk: tx.enclaveSigPk.slice(),
      enclaveEncPk: tx.enclaveEncPk.slice(),
      mrEnclave: quote.body.mrEnclave,
      platformId: cert.platformId,
      fmspc: cert.fmspc,
      cpuSvn: cert.cpuSvn,
      pceSvn: cert.pceSvn,
      tcbStatus,
      registeredAtHeight: ctx.height,
      expiresAtHeight: (this.epochOf(ctx.height) + 1 + this.registrationEpochs) * this.epochLengthBlocks,
    };
    this.#nonces.get(toHex(tx.registryNonce))!.used = true;
    this.#usedEnclaveKeys.add(toHex(tx.enclaveSigPk));
    this.#usedEnclaveKeys.add(toHex(tx.enclaveEncPk));
    this.#registrations.set(registration.validatorAddress, registration);
    return { ok: true, registration };
  }

  registration(validatorAddress: string): Registration | undefined {
    return this.#registrations.get(validatorAddress.toLowerCase());
  }

  /** Why a validator's enclave may not take part at `height`, or undefined when it may. */
  invalidReason(validatorAddress: string, height: number): string | undefined {
    const r = this.registration(validatorAddress);
    if (!r) return "not registered";
    if (r.flagged) return r.flagged;
    if (height >= r.expiresAtHeight) return "registration expired";
    return undefined;
  }

  isValidAt(validatorAddress: string, height: number): boolean {
    return this.invalidReason(validatorAddress, height) === undefined;
  }

  /** Validators with a valid registration at `height`, sorted. */
  validAt(height: number): string[] {
    return [...this.#registrations.values()].filter((r) => this.#validAt(r, height)).map((r) => r.validatorAddress).sort();
  }

  /**
   * Moves to the committee of the epoch containing `height` (members: valid at that epoch's first
   * block). Removing or adding members requires a reshare.
   */
  advanceCommittee(height: number): CommitteeChange {
    const epoch = this.epochOf(height);
    const members = this.validAt(epoch * this.epochLengthBlocks);
    const removed = this.#committee.filter((m) => !members.includes(m));
    const added = members.filter((m) => !this.#committee.includes(m));
    this.#committee = members;
    return { epoch, members, removed, added, reshareRequired: removed.length > 0 || added.length > 0 };
  }

  get committee(): readonly string[] {
    return this.#committee;
  }

  #validAt(r: Registration, height: number): boolean {
    return !r.flagged && height >= r.registeredAtHeight && height < r.expiresAtHeight;
  }

  #flag(affected: (r: Registration) => boolean, reason: string): string[] {
    const flagged: string[] = [];
    for (const r of this.#registrations.values()) {
      if (r.flagged || !affected(r)) continue;
      r.flagged = reason;
      flagged.push(r.validatorAddress);
    }
    return flagged.sort();
  }
}
