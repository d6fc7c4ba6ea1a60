// Opening a confidential execution inside the executing enclave (in-worker only, not part of the
// message API): combine t verified decryption shares into the arguments, t verified PRF shares
// into the contract's state key, and hand the runner the plaintext arguments plus sealing
// functions. Every failure is the one uniform line "confidential inputs unavailable".
import { gcm } from "@noble/ciphers/aes.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { decode, type CalldataValue } from "../../calldata";
import { CONFIDENTIAL_INPUTS_UNAVAILABLE, combineShares, decryptArguments } from "../decryption-share.js";
import { concatBytes, encodePoint, equalBytes, lengthPrefixed, u64be, utf8 } from "../group.js";
import type { CommitteeRecord, ConfidentialTxData, ShareEvidenceRecord, ShareReport } from "../protocol.js";
import type { SealedShare } from "../share-transport.js";
import { ContractStateCipher } from "../state-cipher.js";
import { type VerifiedPrfShare, combinePrfShares } from "../threshold-prf.js";
import { ENCLAVE_DST } from "./ceremony.js";
import type { CommitteeStore } from "./committee-store.js";
import type { EnclaveKeyMaterial } from "./enclave-ceremonies.js";
import type { SchemaSlot, SealedStateShare, TxPublicFields } from "./enclave-messages.js";
import { stateKeyLabel } from "./enclave-shares.js";
import {
  committeeRecord, confidentialTxData, list, nullable, schemaSlot, sealedShare, sealedStateShare, shape, txPublicFields,
} from "./request-validation.js";
import { collectDecryptionShares, collectStateShares } from "./share-collection.js";
import { verifyConfidentialTx } from "./tx-context.js";
import type { CommitteeMemo, VerificationMemo } from "./verification-memo.js";
import { valueMatchesHint } from "./type-hints.js";
import { sameHex, splitLengthPrefixed, toHex0x } from "./wire.js";

export interface OpenExecutionInput {
  committee: CommitteeRecord;
  tx: TxPublicFields;
  /** Null for a confidential method without encrypted arguments (state only). */
  confidential: ConfidentialTxData | null;
  /** The method's encrypted parameters from the contract schema. */
  schemaSlots: SchemaSlot[];
  /** Every member's `decryption-share` and `state-share` answers sealed to this enclave. */
  sealedShares: SealedShare[];
  sealedStateShares: SealedStateShare[];
}

export interface OpenedExecution {
  /** Calldata-encoded plaintext of each encrypted argument, by position (type-checked against its hint). */
  args: Map<number, Uint8Array>;
  ciphertextId: string | null;
  /** ConfidentialField values: blob = u64be(version) ‖ AES-256-GCM-SIV ciphertext (state-cipher.ts). */
  seal(name: string, version: number, plaintext: Uint8Array): Uint8Array;
  open(name: string, sealed: Uint8Array): Uint8Array;
  /** The leader's non-deterministic results, sealed for the other enclaves of the committee. */
  sealNondet(results: Uint8Array[]): Uint8Array;
  openNondet(sealed: Uint8Array): Uint8Array[];
  shares: ShareReport[];
  evidence: ShareEvidenceRecord[];
  /** Ed25519 by this enclave over LP("GL-CIC-v1:enclave/execution-sig", message); see verifyExecutionSignature. */
  sign(message: Uint8Array): Uint8Array;
}

export type OpenExecutionResult =
  | { ok: true; opened: OpenedExecution }
  | { ok: false; message: string; shares: ShareReport[]; evidence: ShareEvidenceRecord[] };

export const openExecutionInput = shape<OpenExecutionInput>({
  committee: committeeRecord, tx: txPublicFields, confidential: nullable(confidentialTxData), schemaSlots: list(schemaSlot, 256),
  sealedShares: list(sealedShare, 1024), sealedStateShares: list(sealedStateShare, 1024),
}, false);

/**
 * Decrypted arguments kept per ciphertext id (encoded, and decoded as type-checked): rotations and
 * re-executions of the same tx reuse them. Plaintext, so it lives only in the enclave's worker.
 */
export type ArgumentCache = Map<string, { txHash: string; args: Map<number, Uint8Array>; values: Map<number, CalldataValue> }>;

export interface ExecutionContext {
  keys: EnclaveKeyMaterial;
  store: CommitteeStore;
  cache: ArgumentCache;
  /** Checks this enclave already made (its own share request's ciphertext, repeated state shares). */
  memo?: VerificationMemo;
}

export function executionSigningBytes(message: Uint8Array): Uint8Array {
  return lengthPrefixed(utf8(ENCLAVE_DST.executionSignature), message);
}

export function verifyExecutionSignature(signature: Uint8Array, message: Uint8Array, enclaveKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, executionSigningBytes(message), enclaveKey);
  } catch {
    return false;
  }
}

class OpenFailure extends Error {}

/** Decodes each plaintext with the calldata codec and checks it against its schema hint. */
function typeChecked(plaintexts: Map<number, Uint8Array>, slots: readonly SchemaSlot[]): Map<number, CalldataValue> {
  const values = new Map<number, CalldataValue>();
  for (const slot of slots) {
    const bytes = plaintexts.get(slot.index);
    if (!bytes) throw new OpenFailure();
    let value;
    try {
      value = decode(bytes);
    } catch {
      throw new OpenFailure();
    }
    if (!valueMatchesHint(value, slot.typeHint)) throw new OpenFailure();
    values.set(slot.index, value);
  }
  return values;
}

function nondetCipher(keyMaterial: Uint8Array, txHash: string) {
  const okm = hkdf(sha256, keyMaterial, utf8(txHash), utf8(ENCLAVE_DST.nondet), 64);
  const encKey = okm.slice(0, 32);
  const macKey = okm.slice(32, 64);
  const aad = lengthPrefixed(utf8(ENCLAVE_DST.nondet), utf8(txHash));
  return {
    // Synthetic nonce (HMAC of the payload): the same results seal to the same bytes, others never reuse a nonce.
    seal(results: Uint8Array[]): Uint8Array {
      const payload = lengthPrefixed(...results);
      const nonce = hmac(sha256, macKey, payload).slice(0, 12);
      return concatBytes(nonce, gcm(encKey, nonce, aad).encrypt(payload));
    },
    open(sealed: Uint8Array): Uint8Array[] {
      try {
        const nonce = sealed.slice(0, 12);
        const payload = gcm(encKey, nonce, aad).decrypt(sealed.slice(12));
        if (!equalBytes(hmac(sha256, macKey, payload).slice(0, 12), nonce)) throw new Error("nonce");
        return splitLengthPrefixed(payload);
      } catch {
        throw new Error("sealed non-deterministic results could not be opened in this enclave");
      }
    },
  };
}

export function stateAccess(keyMaterial: Uint8Array, chainId: bigint, contract: string) {
  const cipher = new ContractStateCipher({ keyMaterial, chainId: Number(chainId), contract, stateKeyVersion: stateKeyLabel(chainId, contract).stateKeyVersion });
  return {
    seal(name: string, version: number, plaintext: Uint8Array): Uint8Array {
      const slot = cipher.seal(cipher.slotId(name), version, plaintext);
      return concatBytes(u64be(version), slot.ciphertext);
    },
    open(name: string, sealed: Uint8Array): Uint8Array {
      if (sealed.length < 8 + 16) throw new Error(`sealed value of ${name} is too short`);
      const version = new DataView(sealed.buffer, sealed.byteOffset, 8).getBigUint64(0, false);
      if (version > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`sealed value of ${name} has an invalid version`);
      const slot = { slotId: cipher.slotId(name), version: Number(version), stateKeyVersion: cipher.stateKeyVersion, ciphertext: sealed.slice(8) };
      return cipher.open(slot, slot.version);
    },
  };
}

/** The state key material from t verified PRF shares; the same shares give the same key, so it is combined once. */
function combinedStateKey(valid: readonly VerifiedPrfShare[], threshold: number, memo: CommitteeMemo | undefined): Uint8Array {
  if (!memo) return combinePrfShares(valid, threshold);
  const used = valid.slice(0, threshold);
  const key = used.map((share) => `${share.id}:${toHex0x(encodePoint(share.point))}`).join(",");
  return memo.stateKeys.get(key) ?? memo.stateKeys.set(key, combinePrfShares(used, threshold));
}

export function openExecution(ctx: ExecutionContext, rawInput: unknown): OpenExecutionResult {
  let shares: ShareReport[] = [];
  let evidence: ShareEvidenceRecord[] = [];
  const unavailable = (): OpenExecutionResult => ({ ok: false, message: CONFIDENTIAL_INPUTS_UNAVAILABLE, shares, evidence });
  try {
    const input = openExecutionInput(rawInput, "input");
    const { tx } = input;
    const found = ctx.store.lookup(input.committee);
    if (!found.ok || tx.chainId !== ctx.keys.chainId || !sameHex(tx.contract, found.entry.contract)) return unavailable();
    const entry = found.entry;
    const memo = ctx.memo?.for(entry);
    const label = stateKeyLabel(entry.chainId, entry.contract);
    const state = collectStateShares(entry, label, input.sealedStateShares, ctx.keys.transportSecretKey, tx.txHash, memo);
    let args = new Map<number, Uint8Array>();
    let ciphertextId: string | null = null;
    let argsOk = true;
    if (input.confidential) {
      const verified = verifyConfidentialTx(entry, tx, input.confidential, input.schemaSlots, memo);
      ciphertextId = toHex0x(verified.ctId);
      const decryption = collectDecryptionShares(entry, verified, input.sealedShares, ctx.keys.transportSecretKey, tx.txHash);
      shares = decryption.reports;
      evidence = decryption.evidence;
      const cached = ctx.cache.get(ciphertextId);
      if (cached && cached.txHash !== tx.txHash) argsOk = false;
      else if (cached) args = new Map(cached.args);
      else if (decryption.valid.length < entry.threshold) argsOk = false;
      else {
        const plaintexts = decryptArguments(verified, combineShares(decryption.valid, entry.threshold));
        const values = typeChecked(plaintexts, input.schemaSlots);
        args = plaintexts;
        ctx.cache.set(ciphertextId, { txHash: tx.txHash, args: new Map(args), values });
      }
    }
    shares = [...shares, ...state.reports];
    evidence = [...evidence, ...state.evidence];
    if (!argsOk || state.valid.length < entry.threshold) return unavailable();
    const keyMaterial = combinedStateKey(state.valid, entry.threshold, memo);
    const sealedState = stateAccess(keyMaterial, entry.chainId, entry.contract);
    const nondet = nondetCipher(keyMaterial, tx.txHash);
    const signingSecretKey = ctx.keys.signingSecretKey;
    return {
      ok: true,
      opened: {
        args, ciphertextId, shares, evidence,
        seal: sealedState.seal,
        open: sealedState.open,
        sealNondet: nondet.seal,
        openNondet: nondet.open,
        sign: (message) => ed25519.sign(executionSigningBytes(message), signingSecretKey),
      },
    };
  } catch {
    return unavailable();
  }
}
