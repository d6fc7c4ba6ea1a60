// Emulated SGX sealing (MRENCLAVE policy): an enclave seals its committee key shares under the
// key its platform derives for its measurement (EmulatedPlatform.sealKey, the EGETKEY stand-in),
// so only the same enclave build on the same machine can open them. The host keeps the
// blob with the chain and hands it back at boot, so a restarted worker or a reloaded page gets its
// shares back; another build (other measurement) or a tampered blob opens nothing.
import { gcmsiv } from "@noble/ciphers/aes.js";
import { Point, decodePoint, encodePoint, utf8 } from "../group.js";
import type { CommitteeKeyEntry } from "./committee-store.js";
import { fromHex0x, toHex0x } from "./wire.js";

const SEALING_AAD = utf8("GL-CIC-v1:enclave/sealed-committee-store");
/** Deterministic: GCM-SIV under a fixed nonce reveals only whether two sealed stores are equal. */
const NONCE = new Uint8Array(12);

type Plain = Record<string, unknown>;

function pointOut(p: Point): string {
  return toHex0x(encodePoint(p));
}

function pointIn(v: unknown): Point {
  return decodePoint(fromHex0x(String(v), "point", 32), "point");
}

function entryOut(e: CommitteeKeyEntry): Plain {
  return {
    ...e,
    chainId: e.chainId.toString(),
    members: e.members.map((m) => ({ ...m, enclaveKey: toHex0x(m.enclaveKey), transportKey: toHex0x(m.transportKey) })),
    publicKey: pointOut(e.publicKey),
    statePublicKey: pointOut(e.statePublicKey),
    commitments: e.commitments.map(pointOut),
    stateCommitments: e.stateCommitments.map(pointOut),
    verificationKeys: [...e.verificationKeys].map(([id, p]) => [id, pointOut(p)]),
    stateVerificationKeys: [...e.stateVerificationKeys].map(([id, p]) => [id, pointOut(p)]),
    share: e.share.toString(),
    stateShare: e.stateShare.toString(),
  };
}

function entryIn(p: Plain): CommitteeKeyEntry {
  const members = (p.members as Plain[]).map((m) => ({
    participantId: Number(m.participantId),
    validator: String(m.validator),
    address: String(m.address),
    enclaveKey: fromHex0x(String(m.enclaveKey), "enclave key", 32),
    transportKey: fromHex0x(String(m.transportKey), "transport key", 32),
  }));
  const keys = (v: unknown) => new Map((v as [number, string][]).map(([id, hex]) => [Number(id), pointIn(hex)]));
  return {
    id: String(p.id),
    contract: String(p.contract),
    chainId: BigInt(String(p.chainId)),
    epoch: Number(p.epoch),
    keyGeneration: Number(p.keyGeneration),
    threshold: Number(p.threshold),
    ...(p.previousCommitteeId !== undefined && { previousCommitteeId: String(p.previousCommitteeId) }),
    participantId: Number(p.participantId),
    members,
    publicKey: pointIn(p.publicKey),
    statePublicKey: pointIn(p.statePublicKey),
    commitments: (p.commitments as string[]).map(pointIn),
    stateCommitments: (p.stateCommitments as string[]).map(pointIn),
    verificationKeys: keys(p.verificationKeys),
    stateVerificationKeys: keys(p.stateVerificationKeys),
    share: BigInt(String(p.share)),
    stateShare: BigInt(String(p.stateShare)),
    auditors: Array.isArray(p.auditors) ? p.auditors.map(String) : [],
  };
}

export function sealCommitteeStore(entries: readonly CommitteeKeyEntry[], key: Uint8Array): Uint8Array {
  const json = utf8(JSON.stringify(entries.map(entryOut)));
  return gcmsiv(key, NONCE, SEALING_AAD).encrypt(json);
}

/** The sealed entries, or null when the blob was sealed by another build or platform, or altered. */
export function unsealCommitteeStore(blob: Uint8Array, key: Uint8Array): CommitteeKeyEntry[] | null {
  try {
    const json = new TextDecoder().decode(gcmsiv(key, NONCE, SEALING_AAD).decrypt(blob));
    return (JSON.parse(json) as Plain[]).map(entryIn);
  } catch {
    return null;
  }
}
