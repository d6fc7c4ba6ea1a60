// What the enclaves and the committee driver must agree on for a DKG or resharing session: the
// session ids (derived from the whole session spec, so a message from another ceremony never
// verifies), the per-key DKG/reshare configurations, the parsed public committee record, and
// the signed encoding of each enclave's result.
import { sha256 } from "@noble/hashes/sha2.js";
import type { DkgConfig, DkgMember } from "../dkg-messages.js";
import { verifyEd25519 } from "../ed25519-verify.js";
import { ConfidentialCryptoError, type Point, lengthPrefixed, u32be, u64be, utf8 } from "../group.js";
import { checkThreshold, committeeIdFor } from "../label.js";
import type { CommitteeRecord } from "../protocol.js";
import type { ReshareConfig } from "../reshare.js";
import { validateParticipantIds } from "../shamir.js";
import type { BothKeys, CommitteeKeyResult, DkgSessionSpec, ReshareSessionSpec, SessionMember, SignedCommitteeKeyResult } from "./enclave-messages.js";
import { addressToBytes, fromHex0x, pointFromHex, toHex0x } from "./wire.js";

/** Domain tags of the enclave layer (distinct from the crypto core's DSTs in group.ts). */
export const ENCLAVE_DST = {
  dkgSession: "GL-CIC-v1:enclave/dkg-session",
  reshareSession: "GL-CIC-v1:enclave/reshare-session",
  committeeRecord: "GL-CIC-v1:enclave/committee-record",
  committeeKeys: "GL-CIC-v1:enclave/committee-keys",
  prfShareSignature: "GL-CIC-v1:enclave/prf-share-sig",
  prfShareTransport: "GL-CIC-v1:enclave/prf-share-transport",
  executionSignature: "GL-CIC-v1:enclave/execution-sig",
  nondet: "GL-CIC-v1:nondet",
} as const;

function memberParts(members: readonly SessionMember[]): Uint8Array[] {
  return [
    u32be(members.length),
    ...members.flatMap((member) => [
      u32be(member.participantId), member.enclaveKey, member.transportKey, utf8(member.validator), utf8(member.address.toLowerCase()),
    ]),
  ];
}

/** Members must have ids 1..n (distinct), distinct enclave keys, and t must fit. */
export function checkSessionMembers(members: readonly SessionMember[], threshold: number): void {
  validateParticipantIds(members.map((member) => member.participantId), members.length);
  checkThreshold(threshold, members.length);
  const keys = new Set(members.map((member) => toHex0x(member.enclaveKey)));
  if (keys.size !== members.length) throw new ConfidentialCryptoError("bad-session", "two session members share an enclave key");
}

export function sessionCommitteeId(chainId: bigint, epoch: number, members: readonly SessionMember[]): Uint8Array {
  return committeeIdFor(chainId, BigInt(epoch), members.map((member) => member.enclaveKey));
}

export function dkgSessionId(spec: DkgSessionSpec): Uint8Array {
  return sha256(lengthPrefixed(
    utf8(ENCLAVE_DST.dkgSession), u64be(spec.chainId), u64be(spec.epoch), addressToBytes(spec.contract, "contract"),
    u64be(spec.keyGeneration), u32be(spec.threshold), sessionCommitteeId(spec.chainId, spec.epoch, spec.members),
    ...memberParts(spec.members), ...auditorParts(spec.auditors),
  ));
}

/** Auditors bound into a session or record digest (nothing when there are none, as before auditors existed). */
export function auditorParts(auditors: readonly string[] | undefined): Uint8Array[] {
  if (!auditors || auditors.length === 0) return [];
  return [utf8("auditors"), u32be(auditors.length), ...auditors.map((a) => addressToBytes(a, "auditor"))];
}

/** Digest of every public field of a committee record that resharing relies on. */
export function committeeRecordDigest(record: CommitteeRecord): Uint8Array {
  const hex = (value: string, what: string) => fromHex0x(value, what);
  return sha256(lengthPrefixed(
    utf8(ENCLAVE_DST.committeeRecord), hex(record.id, "committee id"), addressToBytes(record.contract, "contract"), u64be(record.epoch),
    u64be(record.keyGeneration), u32be(record.threshold), hex(record.publicKey, "public key"), hex(record.statePublicKey, "state public key"),
    u32be(record.commitments.length), ...record.commitments.map((c) => hex(c, "commitment")),
    u32be(record.members.length),
    ...record.members.flatMap((m) => [
      u32be(m.participantId), hex(m.enclaveKey, "enclave key"), hex(m.transportKey, "transport key"),
      hex(m.shareKey, "share key"), hex(m.stateShareKey, "state share key"),
    ]),
    ...auditorParts(record.auditors),
  ));
}

export function reshareSessionId(spec: ReshareSessionSpec): Uint8Array {
  return sha256(lengthPrefixed(
    utf8(ENCLAVE_DST.reshareSession), u64be(spec.chainId), u64be(spec.epoch), addressToBytes(spec.contract, "contract"),
    committeeRecordDigest(spec.previous), u64be(spec.previous.keyGeneration + 1), u32be(spec.threshold),
    sessionCommitteeId(spec.chainId, spec.epoch, spec.members), ...memberParts(spec.members),
  ));
}

/** The two keys run as two parallel sessions inside one set of rounds. */
export function keySessionIds(base: Uint8Array): BothKeys<Uint8Array> {
  return {
    decryption: sha256(lengthPrefixed(base, utf8("decryption"))),
    state: sha256(lengthPrefixed(base, utf8("state"))),
  };
}

function dkgMembers(members: readonly SessionMember[]): DkgMember[] {
  return members.map((m) => ({ id: m.participantId, signingPublicKey: m.enclaveKey, encryptionPublicKey: m.transportKey }));
}

export function dkgConfigs(spec: DkgSessionSpec): BothKeys<DkgConfig> {
  checkSessionMembers(spec.members, spec.threshold);
  const ids = keySessionIds(dkgSessionId(spec));
  const members = dkgMembers(spec.members);
  return {
    decryption: { sessionId: ids.decryption, threshold: spec.threshold, members },
    state: { sessionId: ids.state, threshold: spec.threshold, members },
  };
}

/** A committee record's public keys, decoded (one-line errors on bad encodings). */
export interface ParsedCommittee {
  id: Uint8Array;
  threshold: number;
  publicKey: Point;
  statePublicKey: Point;
  members: (SessionMember & { shareKey: Point; stateShareKey: Point })[];
}

export function parseCommitteeRecord(record: CommitteeRecord): ParsedCommittee {
  const members = record.members.map((m) => ({
    participantId: m.participantId,
    validator: m.validator,
    address: m.address,
    enclaveKey: fromHex0x(m.enclaveKey, "member enclave key", 32),
    transportKey: fromHex0x(m.transportKey, "member transport key", 32),
    shareKey: pointFromHex(m.shareKey, "member share key"),
    stateShareKey: pointFromHex(m.stateShareKey, "member state share key"),
  }));
  checkSessionMembers(members, record.threshold);
  return {
    id: fromHex0x(record.id, "committee id", 32),
    threshold: record.threshold,
    publicKey: pointFromHex(record.publicKey, "committee public key"),
    statePublicKey: pointFromHex(record.statePublicKey, "committee state public key"),
    members,
  };
}

export function reshareConfigs(spec: ReshareSessionSpec): BothKeys<ReshareConfig> {
  checkSessionMembers(spec.members, spec.threshold);
  const previous = parseCommitteeRecord(spec.previous);
  const ids = keySessionIds(reshareSessionId(spec));
  const oldMembers = dkgMembers(previous.members);
  const newMembers = dkgMembers(spec.members);
  const common = { oldThreshold: previous.threshold, oldMembers, newThreshold: spec.threshold, newMembers };
  return {
    decryption: {
      ...common, sessionId: ids.decryption, publicKey: previous.publicKey,
      oldVerificationKeys: new Map(previous.members.map((m) => [m.participantId, m.shareKey])),
    },
    state: {
      ...common, sessionId: ids.state, publicKey: previous.statePublicKey,
      oldVerificationKeys: new Map(previous.members.map((m) => [m.participantId, m.stateShareKey])),
    },
  };
}

/** The bytes an enclave signs for its result: LP(DST, every field, signer). */
export function committeeKeyResultBytes(result: CommitteeKeyResult, signer: number): Uint8Array {
  return lengthPrefixed(
    utf8(ENCLAVE_DST.committeeKeys), utf8(result.ceremony), result.sessionId, result.committeeId, u64be(result.chainId),
    u64be(result.epoch), addressToBytes(result.contract, "contract"), u64be(result.keyGeneration), u32be(result.threshold),
    result.publicKey, u32be(result.commitments.length), ...result.commitments,
    result.statePublicKey, u32be(result.stateCommitments.length), ...result.stateCommitments,
    u32be(result.verificationKeys.length), ...result.verificationKeys,
    u32be(result.stateVerificationKeys.length), ...result.stateVerificationKeys,
    u32be(result.qualified.decryption.length), ...result.qualified.decryption.map(u32be),
    u32be(result.qualified.state.length), ...result.qualified.state.map(u32be),
    u32be(result.disqualified.length), ...result.disqualified.flatMap((entry) => [u32be(entry.participantId), utf8(entry.reason)]),
    u32be(signer),
  );
}

export function verifyCommitteeKeyResult(signed: SignedCommitteeKeyResult, enclaveKey: Uint8Array): boolean {
  try {
    return verifyEd25519(signed.signature, committeeKeyResultBytes(signed.result, signed.signer), enclaveKey);
  } catch {
    return false;
  }
}
