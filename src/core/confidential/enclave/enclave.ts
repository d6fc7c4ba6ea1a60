/**
 * One validator's emulated enclave. It makes its secrets itself (Ed25519 signing key, X25519
 * transport key, DKG key shares) from the boot seed (emulation: derived from the network seed so
 * runs replay), keeps them in #private fields, and answers only the allow-listed requests of
 * enclave-messages.ts through `handle`, which never throws. `openExecution` is for the worker that
 * hosts the enclave and runs Python; it is not reachable through `handle`.
 */
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { EmulatedPlatform, ManufacturerRoot, measureEnclaveBundle, type EnclaveIdentity, type PlatformSpec } from "../attestation/chain.js";
import type { PlatformCert } from "../attestation/platform-cert.js";
import { bindingReportData } from "../attestation/quote.js";
import { equalBytes } from "../group.js";
import { CommitteeStore } from "./committee-store.js";
import { type EnclaveKeyMaterial, EnclaveCeremonies } from "./enclave-ceremonies.js";
import type { EnclaveRequest, EnclaveResponse } from "./enclave-messages.js";
import { EnclaveShares } from "./enclave-shares.js";
import { type ArgumentCache, type OpenExecutionResult, openExecution } from "./execution.js";
import { parseEnclaveRequest } from "./request-validation.js";
import { seededRandomSource } from "./seeded-randomness.js";
import { sealCommitteeStore, unsealCommitteeStore } from "./sealed-storage.js";
import { VerificationMemo } from "./verification-memo.js";
import { answerAuditor } from "./auditor-open.js";
import { addressToBytes, oneLine } from "./wire.js";

/** What the enclave needs to act as the emulated platform that quotes for it (attestation/chain.ts). */
export interface EnclavePlatformInit {
  /** The platform's spec; `seed` is required (its attestation key must match the certificate). */
  spec: PlatformSpec;
  /** The certificate the ManufacturerRoot issued for this platform (`root.manufacture(spec).certificate`). */
  certificate: PlatformCert;
  /** The measured worker bytes: the platform hashes them itself into MRENCLAVE. */
  bundle: Uint8Array;
  /** The signer's declaration (MRSIGNER, product id, SVN). */
  identity: EnclaveIdentity;
}

/** Plain data handed to the enclave at boot. */
export interface EnclaveInit {
  validator: string;
  address: string;
  chainId: bigint;
  /** MRENCLAVE = sha256(platform.bundle); checked at boot. */
  measurement: Uint8Array;
  /** Boot seed (see deriveEnclaveSeed): every secret of this enclave derives from it. */
  seed: Uint8Array;
  platform: EnclavePlatformInit;
  /**
   * Emulated compromise for fault scenarios: "bad_shares" makes this enclave sign decryption
   * shares that fail their proof (so the receiver gets attributable evidence). Absent: honest.
   */
  fault?: "bad_shares";
  /** What this enclave sealed earlier (`seal-store`): its committee key shares come back from it. */
  sealedStore?: Uint8Array;
}

export interface EnclaveOptions {
  /** Allow `dumpSecretsForTest` (tests of compromised enclaves only; never set by a worker host). */
  testSeam?: boolean;
}

/** Everything secret inside one enclave, for tests that model a compromised enclave. */
export interface EnclaveSecretsDump {
  signingSecretKey: Uint8Array;
  transportSecretKey: Uint8Array;
  committees: { contract: string; id: string; participantId: number; share: bigint; stateShare: bigint }[];
  cachedArguments: { ciphertextId: string; txHash: string; args: Map<number, Uint8Array> }[];
  consumedKemPoints: Map<string, string>;
}

/** Builds the platform part of an EnclaveInit from a manufacturer root (hosts and tests). */
export function emulatedPlatformInit(root: ManufacturerRoot, spec: PlatformSpec, bundle: Uint8Array, identity: EnclaveIdentity): EnclavePlatformInit {
  return { spec, certificate: root.manufacture(spec).certificate, bundle, identity };
}

function initError(detail: string): Error {
  return new Error(`enclave init refused: ${detail}`);
}

export class Enclave {
  readonly validator: string;
  readonly address: string;
  readonly chainId: bigint;
  readonly #measurement: Uint8Array;
  readonly #keys: EnclaveKeyMaterial;
  readonly #platform: EmulatedPlatform;
  readonly #platformInit: EnclavePlatformInit;
  readonly #store = new CommitteeStore();
  readonly #cache: ArgumentCache = new Map();
  readonly #memo = new VerificationMemo();
  readonly #ceremonies: EnclaveCeremonies;
  readonly #shares: EnclaveShares;
  readonly #testSeam: boolean;
  readonly #sealingKey: Uint8Array;
  /** False when a sealed store was handed in but could not be opened (another build or platform). */
  readonly restoredSealedStore: boolean | null;

  private constructor(init: EnclaveInit, options: EnclaveOptions) {
    if (typeof init.validator !== "string" || init.validator.length === 0) throw initError("validator id is empty");
    addressToBytes(init.address, "validator address");
    if (typeof init.chainId !== "bigint" || init.chainId < 0n || init.chainId > BigInt(Number.MAX_SAFE_INTEGER)) throw initError("chain id is invalid");
    if (!(init.seed instanceof Uint8Array) || init.seed.length < 16) throw initError("seed must be at least 16 bytes");
    if (!(init.platform?.bundle instanceof Uint8Array) || !equalBytes(measureEnclaveBundle(init.platform.bundle), init.measurement)) {
      throw initError("measurement is not sha256 of the enclave bundle");
    }
    if (!(init.platform.spec.seed instanceof Uint8Array)) throw initError("the platform spec needs its seed");
    this.validator = init.validator;
    this.address = init.address.toLowerCase();
    this.chainId = init.chainId;
    this.#measurement = init.measurement.slice();
    this.#platformInit = init.platform;
    const certificate = init.platform.certificate;
    this.#platform = new EmulatedPlatform(init.platform.spec, (attestPubKey) => {
      if (!equalBytes(attestPubKey, certificate.attestPubKey)) throw initError("the platform certificate does not certify this platform's attestation key");
      return certificate;
    });
    const seed = init.seed.slice();
    const longTerm = seededRandomSource(seed, "long-term-keys");
    const signingSecretKey = longTerm(32);
    const transportSecretKey = longTerm(32);
    this.#keys = {
      validator: this.validator, address: this.address, chainId: this.chainId,
      signingSecretKey, signingPublicKey: ed25519.getPublicKey(signingSecretKey),
      transportSecretKey, transportPublicKey: x25519.getPublicKey(transportSecretKey),
    };
    const randomFor = (label: string, ...context: Uint8Array[]) => seededRandomSource(seed, label, ...context);
    this.#ceremonies = new EnclaveCeremonies(this.#keys, this.#store, randomFor);
    this.#shares = new EnclaveShares(this.#keys, this.#store, randomFor, this.#memo, init.fault === "bad_shares");
    this.#testSeam = options.testSeam === true;
    // EGETKEY (emulated): the platform's seal secret and MRENCLAVE; another build or machine gets another key.
    this.#sealingKey = this.#platform.sealKey(this.#measurement);
    if (init.sealedStore instanceof Uint8Array) {
      const entries = unsealCommitteeStore(init.sealedStore, this.#sealingKey);
      for (const entry of entries ?? []) this.#store.put(entry);
      this.restoredSealedStore = entries !== null;
    } else this.restoredSealedStore = null;
  }

  /** Boots an enclave; throws one line when the init data is inconsistent. */
  static create(init: EnclaveInit, options: EnclaveOptions = {}): Enclave {
    try {
      return new Enclave(init, options);
    } catch (error) {
      const message = oneLine(error, "invalid init data");
      throw message.startsWith("enclave init refused") ? new Error(message) : initError(message);
    }
  }

  /** Ed25519 public key (0x hex in committee records). */
  get enclaveKey(): Uint8Array {
    return this.#keys.signingPublicKey.slice();
  }

  /** X25519 public key that shares and deals are sealed to. */
  get transportKey(): Uint8Array {
    return this.#keys.transportPublicKey.slice();
  }

  get measurement(): Uint8Array {
    return this.#measurement.slice();
  }

  /** The message API: allow-listed requests only; never throws, errors are one line. */
  handle(request: unknown): EnclaveResponse {
    const parsed = parseEnclaveRequest(request);
    if (!parsed.ok) return { kind: "error", message: parsed.message };
    try {
      return this.#dispatch(parsed.request);
    } catch (error) {
      return { kind: "error", message: `${parsed.request.kind} refused: ${oneLine(error)}` };
    }
  }

  #dispatch(request: EnclaveRequest): EnclaveResponse {
    switch (request.kind) {
      case "identity":
        return {
          kind: "identity", validator: this.validator, address: this.address, chainId: this.chainId,
          enclaveKey: this.enclaveKey, transportKey: this.transportKey, measurement: this.measurement,
        };
      case "attest":
        return this.#attest(request.nonce, request.timestamp, request.height);
      case "dkg-deal":
        return this.#ceremonies.dkgDeal(request.session);
      case "dkg-respond":
        return this.#ceremonies.dkgRespond(request.session, request.bundles);
      case "dkg-justify":
        return this.#ceremonies.dkgJustify(request.session, request.complaints);
      case "dkg-finalize":
        return this.#ceremonies.dkgFinalize(request.session, request.complaints, request.justifications);
      case "reshare-deal":
        return this.#ceremonies.reshareDeal(request.session);
      case "reshare-respond":
        return this.#ceremonies.reshareRespond(request.session, request.bundles);
      case "reshare-justify":
        return this.#ceremonies.reshareJustify(request.session, request.complaints);
      case "reshare-finalize":
        return this.#ceremonies.reshareFinalize(request.session, request.complaints, request.justifications);
      case "decryption-share":
        return this.#shares.decryptionShare(request);
      case "state-share":
        return this.#shares.stateShare(request);
      case "auditor-open":
        return answerAuditor({ keys: this.#keys, store: this.#store }, request);
      case "seal-store":
        return { kind: "sealed-store", committees: this.#store.entries().length, blob: sealCommitteeStore(this.#store.entries(), this.#sealingKey) };
    }
  }

  /** A quote whose report data binds both enclave keys, the validator address, chain, nonce and time. */
  #attest(nonce: Uint8Array, timestamp: number, height: number | undefined): EnclaveResponse {
    const enclaveSigPk = this.enclaveKey;
    const enclaveEncPk = this.transportKey;
    const registryNonce = nonce.slice();
    const reportData = bindingReportData({
      enclaveSigPk, enclaveEncPk, validatorAddress: this.address, chainId: Number(this.chainId), registryNonce, issuedAt: timestamp,
    });
    const report = this.#platform.report(this.#platformInit.bundle, this.#platformInit.identity, reportData);
    const registration = { validatorAddress: this.address, enclaveSigPk, enclaveEncPk, issuedAt: timestamp, registryNonce, quote: this.#platform.quote(report) };
    return { kind: "attestation", registration, ...(height !== undefined && { height }) };
  }

  /** In-worker only: open a confidential execution (see execution.ts). Never throws. */
  openExecution(input: unknown): OpenExecutionResult {
    return openExecution({ keys: this.#keys, store: this.#store, cache: this.#cache, memo: this.#memo }, input);
  }

  /**
   * Test seam (documented in README): models a compromised enclave by handing out its secrets.
   * Refused unless the enclave was created with `{ testSeam: true }`; not reachable through `handle`.
   */
  dumpSecretsForTest(): EnclaveSecretsDump {
    if (!this.#testSeam) throw new Error("secret dump refused: this enclave was not created with the test seam");
    return {
      signingSecretKey: this.#keys.signingSecretKey.slice(),
      transportSecretKey: this.#keys.transportSecretKey.slice(),
      committees: this.#store.entries().map((entry) => ({
        contract: entry.contract, id: entry.id, participantId: entry.participantId, share: entry.share, stateShare: entry.stateShare,
      })),
      cachedArguments: [...this.#cache].map(([ciphertextId, cached]) => ({ ciphertextId, txHash: cached.txHash, args: new Map(cached.args) })),
      consumedKemPoints: this.#shares.consumedKemPoints(),
    };
  }
}
