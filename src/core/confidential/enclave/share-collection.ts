// Inside the executing enclave: open the sealed shares addressed to it, check each one (sender's
// signature, then its DLEQ proof) and sort them into usable shares, a per-member report and
// publicly checkable evidence against members whose correctly signed share is invalid. Every
// share is checked (not only the first t valid ones): the per-member report and the evidence
// against a member who signed a bad share depend on it. Members' keys get precomputed tables; a
// state share seen before (the same bytes every transaction) reuses its earlier check.
import { type SignedDecryptionShare, type VerifiedShare, encodeDecryptionShare, verifyDecryptionShare } from "../decryption-share.js";
import { verifyEd25519 } from "../ed25519-verify.js";
import { withTable } from "../multiplication.js";
import type { ShareEvidenceRecord, ShareReport } from "../protocol.js";
import { type SealedShare, openShare } from "../share-transport.js";
import type { VerifiedCiphertext } from "../tdh2.js";
import { type StateKeyLabel, type VerifiedPrfShare, verifyPrfShare } from "../threshold-prf.js";
import type { CommitteeKeyEntry } from "./committee-store.js";
import type { SealedStateShare } from "./enclave-messages.js";
import { encodeSignedPrfShare, openStateShare, prfShareSignatureValid } from "./state-share-transport.js";
import type { CommitteeMemo } from "./verification-memo.js";
import { digestOf, encodeSignedShare, sameHex, toHex0x } from "./wire.js";

export interface CollectedShares<S> {
  /** Verified shares with distinct ids, ascending by id. */
  valid: S[];
  reports: ShareReport[];
  evidence: ShareEvidenceRecord[];
}

export type ShareOutcome<S> = { status: "valid"; share: S } | { status: "invalid"; reason: string; evidence: Uint8Array } | { status: "missing"; reason: string };
type Outcome<S> = ShareOutcome<S>;

const RANK = { valid: 2, invalid: 1, missing: 0 } as const;

/** One report per member in committee order; a member's best outcome wins (valid > invalid > missing). */
function collect<S extends { id: number }>(
  entry: CommitteeKeyEntry, me: number, sealed: readonly { sender: number; recipient: number }[], txHash: string,
  shareKind: "decryption" | "state", check: (index: number, enclaveKey: Uint8Array) => Outcome<S>,
): CollectedShares<S> {
  const best = new Map<number, Outcome<S>>();
  const evidence: ShareEvidenceRecord[] = [];
  sealed.forEach((item, index) => {
    const member = entry.members.find((candidate) => candidate.participantId === item.sender);
    if (!member || item.recipient !== me) return;
    const outcome = check(index, member.enclaveKey);
    if (outcome.status === "invalid") {
      evidence.push({ validator: member.validator, txHash, reason: outcome.reason, share: outcome.evidence, shareKind });
    }
    const previous = best.get(member.participantId);
    if (!previous || RANK[outcome.status] > RANK[previous.status]) best.set(member.participantId, outcome);
  });
  const reports: ShareReport[] = entry.members.map((member) => {
    const outcome = best.get(member.participantId);
    if (!outcome) return { validator: member.validator, status: "missing", reason: "no share arrived", shareKind };
    if (outcome.status === "valid") return { validator: member.validator, status: "valid", shareKind };
    return { validator: member.validator, status: outcome.status, reason: outcome.reason, shareKind };
  });
  const valid = [...best.values()].flatMap((outcome) => (outcome.status === "valid" ? [outcome.share] : [])).sort((a, b) => a.id - b.id);
  return { valid, reports, evidence };
}

function signatureValid(signed: SignedDecryptionShare, enclaveKey: Uint8Array): boolean {
  return verifyEd25519(signed.signature, encodeDecryptionShare(signed.share), enclaveKey);
}

export function collectDecryptionShares(
  entry: CommitteeKeyEntry, verified: VerifiedCiphertext, sealed: readonly SealedShare[], transportSecretKey: Uint8Array, txHash: string,
): CollectedShares<VerifiedShare> {
  for (const key of entry.verificationKeys.values()) withTable(key);
  const committee = {
    threshold: entry.threshold,
    verificationKeys: entry.verificationKeys,
    signingKeys: new Map(entry.members.map((member) => [member.participantId, member.enclaveKey])),
  };
  return collect<VerifiedShare>(entry, entry.participantId, sealed, txHash, "decryption", (index, enclaveKey) => {
    let signed: SignedDecryptionShare;
    try {
      signed = openShare(sealed[index]!, entry.participantId, transportSecretKey);
    } catch (error) {
      return { status: "missing", reason: (error as Error).message };
    }
    // An unsigned or forged share names nobody: it is dropped, not held against the member.
    if (!signatureValid(signed, enclaveKey)) return { status: "missing", reason: "share signature does not verify" };
    const result = verifyDecryptionShare(verified, signed.share, committee);
    return result.ok ? { status: "valid", share: result.share } : { status: "invalid", reason: result.reason, evidence: encodeSignedShare(signed) };
  });
}

export function collectStateShares(
  entry: CommitteeKeyEntry, label: StateKeyLabel, sealed: readonly SealedStateShare[], transportSecretKey: Uint8Array, txHash: string,
  memo?: CommitteeMemo,
): CollectedShares<VerifiedPrfShare> {
  for (const key of entry.stateVerificationKeys.values()) withTable(key);
  return collect<VerifiedPrfShare>(entry, entry.participantId, sealed, txHash, "state", (index, enclaveKey) => {
    const item = sealed[index]!;
    if (!memo) return checkStateShare(entry, label, item, transportSecretKey, enclaveKey);
    // The check depends only on the sealed bytes, this entry and this enclave's keys.
    const key = digestOf([item, enclaveKey]);
    return memo.stateShareChecks.get(key) ?? memo.stateShareChecks.set(key, checkStateShare(entry, label, item, transportSecretKey, enclaveKey));
  });
}

function checkStateShare(
  entry: CommitteeKeyEntry, label: StateKeyLabel, item: SealedStateShare, transportSecretKey: Uint8Array, enclaveKey: Uint8Array,
): Outcome<VerifiedPrfShare> {
  let signed;
  try {
    signed = openStateShare(item, entry.participantId, transportSecretKey);
  } catch (error) {
    return { status: "missing", reason: (error as Error).message };
  }
  if (!sameHex(toHex0x(signed.committeeId), entry.id)) return { status: "missing", reason: "state share is for another committee" };
  if (!prfShareSignatureValid(signed, enclaveKey)) return { status: "missing", reason: "state share signature does not verify" };
  const result = verifyPrfShare(label, signed.share, entry.stateVerificationKeys);
  return result.ok ? { status: "valid", share: result.share } : { status: "invalid", reason: result.reason, evidence: encodeSignedPrfShare(signed) };
}
