/**
 * Auditor access (GIP open question, answered as a deploy option): an address named at deploy
 * may ask the committee for a sealed value re-encrypted to its own key. The auditor signs the
 * request with its account key (secp256k1, recoverable); one member enclave checks the signer is
 * among the auditors bound into the committee's DKG session, opens the value with t state shares
 * and encrypts it to the auditor's X25519 key (ECIES: X25519 + HKDF-SHA256 + AES-256-GCM), signing
 * the answer with its enclave key. Only the auditor's key opens it. DOM-free; used by the enclave
 * (checking and answering) and by the app and tests (asking and opening).
 */
import { gcm } from "@noble/ciphers/aes.js";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { lengthPrefixed, utf8 } from "./group.js";
import { fromHex0x } from "./enclave/wire.js";

const DST_REQUEST = "GL-CIC-v1:auditor/request";
const DST_KEY = "GL-CIC-v1:auditor/x25519";
const DST_REPLY = "GL-CIC-v1:auditor/reencrypt";
const DST_REPLY_SIG = "GL-CIC-v1:auditor/reply-sig";

export interface AuditorRequestFields {
  committeeId: string;
  contract: string;
  /** The sealed slot's name (a field, or `field[0x<calldata(key)>]` for a mapping entry). */
  name: string;
  /** The sealed value as stored (u64be(version) ‖ ciphertext). */
  sealed: Uint8Array;
  auditorKey: Uint8Array;
}

export interface AuditorReply {
  ephemeralPublicKey: Uint8Array;
  nonce: Uint8Array;
  body: Uint8Array;
  /** Ed25519 by the answering enclave over `auditorReplyBytes`. */
  signature: Uint8Array;
}

export function auditorRequestDigest(f: AuditorRequestFields): Uint8Array {
  return keccak_256(lengthPrefixed(utf8(DST_REQUEST), fromHex0x(f.committeeId, "committee id"), fromHex0x(f.contract.toLowerCase(), "contract"), utf8(f.name), sha256(f.sealed), f.auditorKey));
}

/** The auditor's X25519 secret, derived from its account key (so nothing else needs storing). */
export function auditorSecretKey(accountPrivateKey: Uint8Array): Uint8Array {
  return hkdf(sha256, accountPrivateKey, undefined, utf8(DST_KEY), 32);
}

export function auditorPublicKey(accountPrivateKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(auditorSecretKey(accountPrivateKey));
}

/** 65 bytes: r ‖ s ‖ recovery, over the request digest (no further hashing). */
export function signAuditorRequest(f: AuditorRequestFields, accountPrivateKey: Uint8Array): Uint8Array {
  return secp256k1.sign(auditorRequestDigest(f), accountPrivateKey, { prehash: false, format: "recovered" });
}

/** The address (0x lower-case) that signed the request, or null. */
export function auditorOf(f: AuditorRequestFields, signature: Uint8Array): string | null {
  try {
    const pub = secp256k1.recoverPublicKey(signature, auditorRequestDigest(f), { prehash: false });
    const full = secp256k1.Point.fromBytes(pub).toBytes(false);
    return "0x" + Array.from(keccak_256(full.slice(1)).slice(12), (b) => b.toString(16).padStart(2, "0")).join("");
  } catch {
    return null;
  }
}

function replyKey(shared: Uint8Array, ephemeralPublicKey: Uint8Array, committeeId: string, name: string): Uint8Array {
  return hkdf(sha256, shared, ephemeralPublicKey, lengthPrefixed(utf8(DST_REPLY), fromHex0x(committeeId, "committee id"), utf8(name)), 32);
}

export function auditorReplyBytes(committeeId: string, name: string, r: Omit<AuditorReply, "signature">): Uint8Array {
  return lengthPrefixed(utf8(DST_REPLY_SIG), fromHex0x(committeeId, "committee id"), utf8(name), r.ephemeralPublicKey, r.nonce, r.body);
}

/** Inside the enclave: the plaintext encrypted to the auditor's key, signed by the enclave. */
export function reencryptForAuditor(plaintext: Uint8Array, f: AuditorRequestFields, enclaveSigningKey: Uint8Array): AuditorReply {
  const ephemeral = randomBytes(32);
  const ephemeralPublicKey = x25519.getPublicKey(ephemeral);
  const key = replyKey(x25519.getSharedSecret(ephemeral, f.auditorKey), ephemeralPublicKey, f.committeeId, f.name);
  const nonce = randomBytes(12);
  const body = gcm(key, nonce, utf8(f.name)).encrypt(plaintext);
  const unsigned = { ephemeralPublicKey, nonce, body };
  return { ...unsigned, signature: ed25519.sign(auditorReplyBytes(f.committeeId, f.name, unsigned), enclaveSigningKey) };
}

/** The auditor's side: checks the enclave's signature (against the committee record) and decrypts. */
export function openAuditorReply(reply: AuditorReply, f: { committeeId: string; name: string }, enclaveKey: Uint8Array, accountPrivateKey: Uint8Array): Uint8Array {
  if (!ed25519.verify(reply.signature, auditorReplyBytes(f.committeeId, f.name, reply), enclaveKey)) throw new Error("the answer is not signed by a committee enclave");
  const key = replyKey(x25519.getSharedSecret(auditorSecretKey(accountPrivateKey), reply.ephemeralPublicKey), reply.ephemeralPublicKey, f.committeeId, f.name);
  return gcm(key, reply.nonce, utf8(f.name)).decrypt(reply.body);
}
