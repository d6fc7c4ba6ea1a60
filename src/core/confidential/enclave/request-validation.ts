// Runtime shape checks for everything that enters an enclave. Requests are an explicit
// allow-list: an unknown kind, a missing or extra top-level field, or a field of the wrong type is
// refused with one line before any handler runs. Nested protocol records (committee record,
// confidential tx data) may carry extra fields; the enclave's own message types may not.
import type { Complaint, DealerBundle, EncryptedDeal, Justification } from "../dkg-messages.js";
import type { CommitteeMember, CommitteeRecord, ConfidentialTxData } from "../protocol.js";
import type { ReshareBundle } from "../reshare.js";
import type { SealedShare } from "../share-transport.js";
import type {
  BothKeys, DkgSessionSpec, EnclaveRequest, EnclaveRequestKind, ReshareSessionSpec, SchemaSlot, SealedStateShare, SessionMember,
  ShareRecipient, TxPublicFields,
} from "./enclave-messages.js";

export class RequestShapeError extends Error {}

export type Checker<T> = (value: unknown, path: string) => T;

const MAX_BYTES = 1 << 22;
const MAX_ITEMS = 4096;
const MAX_TEXT = 4096;

function fail(path: string, expected: string): never {
  throw new RequestShapeError(`${path} must be ${expected}`);
}

export const bytes = (length?: number): Checker<Uint8Array> => (value, path) => {
  if (!(value instanceof Uint8Array)) return fail(path, length === undefined ? "bytes" : `${length} bytes`);
  if (length !== undefined ? value.length !== length : value.length > MAX_BYTES) return fail(path, length === undefined ? "at most 4 MiB" : `${length} bytes`);
  return value;
};

export const integer = (min = 0, max = 0xffffffff): Checker<number> => (value, path) =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? value : fail(path, `an integer in ${min}..${max}`);

export const safeInteger: Checker<number> = integer(0, Number.MAX_SAFE_INTEGER);

export const u64: Checker<bigint> = (value, path) =>
  typeof value === "bigint" && value >= 0n && value < 1n << 64n ? value : fail(path, "a bigint in 0..2^64−1");

export const text = (max = MAX_TEXT): Checker<string> => (value, path) =>
  typeof value === "string" && value.length <= max ? value : fail(path, `a string of at most ${max} characters`);

export const nonEmptyText: Checker<string> = (value, path) => (text()(value, path).length > 0 ? (value as string) : fail(path, "a non-empty string"));

export const hexString = (byteLength?: number): Checker<string> => (value, path) => {
  const pattern = byteLength === undefined ? /^0[xX]([0-9a-fA-F]{2})*$/ : new RegExp(`^0[xX][0-9a-fA-F]{${2 * byteLength}}$`);
  return typeof value === "string" && value.length <= 2 * MAX_TEXT && pattern.test(value) ? value : fail(path, byteLength === undefined ? "0x hex" : `0x + ${2 * byteLength} hex digits`);
};

export const address: Checker<string> = hexString(20);

export const list = <T>(item: Checker<T>, max = MAX_ITEMS): Checker<T[]> => (value, path) => {
  if (!Array.isArray(value) || value.length > max) return fail(path, `a list of at most ${max} items`);
  return value.map((entry, index) => item(entry, `${path}[${index}]`));
};

export const nullable = <T>(checker: Checker<T>): Checker<T | null> => (value, path) => (value === null ? null : checker(value, path));

const OPTIONAL = Symbol("optional");
type OptionalChecker<T> = Checker<T | undefined> & { [OPTIONAL]: true };

export function optional<T>(checker: Checker<T>): OptionalChecker<T> {
  const wrapped = ((value: unknown, path: string) => (value === undefined ? undefined : checker(value, path))) as OptionalChecker<T>;
  wrapped[OPTIONAL] = true;
  return wrapped;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A plain object with exactly these fields (strict) or at least these fields (lenient). */
export function shape<T>(fields: { [K in keyof T]-?: Checker<T[K]> }, strict = true): Checker<T> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, "an object");
    if (strict) {
      for (const key of Object.keys(value)) if (!(key in fields)) throw new RequestShapeError(`${path}.${key} is not an allowed field`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, checker] of Object.entries(fields) as [string, Checker<unknown>][]) {
      if (!(key in value) && !(OPTIONAL in checker)) throw new RequestShapeError(`${path}.${key} is missing`);
      const checked = checker(value[key], `${path}.${key}`);
      if (checked !== undefined) out[key] = checked;
    }
    return out as T;
  };
}

const both = <T>(checker: Checker<T>): Checker<BothKeys<T>> => shape<BothKeys<T>>({ decryption: checker, state: checker });

const sessionMember = shape<SessionMember>({
  participantId: integer(1), validator: nonEmptyText, address, enclaveKey: bytes(32), transportKey: bytes(32),
});

const committeeMember = shape<CommitteeMember>({
  validator: nonEmptyText, address, participantId: integer(1), enclaveKey: hexString(32), transportKey: hexString(32),
  shareKey: hexString(32), stateShareKey: hexString(32),
}, false);

export const committeeRecord = shape<CommitteeRecord>({
  id: hexString(32), contract: address, epoch: safeInteger, keyGeneration: safeInteger, threshold: integer(1),
  members: list(committeeMember), publicKey: hexString(32), commitments: list(hexString(32)), statePublicKey: hexString(32),
  createdAt: (value, path) => (typeof value === "number" && Number.isFinite(value) ? value : fail(path, "a number")),
  disqualified: list(shape<{ validator: string; reason: string }>({ validator: text(), reason: text() }, false)),
  previousCommitteeId: optional(hexString(32)),
  auditors: optional(list(address, 64)),
}, false);

const dkgSession = shape<DkgSessionSpec>({
  chainId: u64, epoch: safeInteger, contract: address, keyGeneration: safeInteger, threshold: integer(1), members: list(sessionMember, 1024),
  auditors: optional(list(address, 64)),
});

const reshareSession = shape<ReshareSessionSpec>({
  chainId: u64, epoch: safeInteger, contract: address, previous: committeeRecord, threshold: integer(1), members: list(sessionMember, 1024),
});

const deal = shape<EncryptedDeal>({ recipient: integer(1), ephemeralPublicKey: bytes(32), body: bytes() });

const dealerBundle = shape<DealerBundle>({
  sessionId: bytes(32), dealer: integer(1), commitments: list(bytes(32), 1024), pokCommitment: bytes(32), pokResponse: bytes(32),
  deals: list(deal, 1024), signature: bytes(64),
});

const reshareBundle = shape<ReshareBundle>({
  sessionId: bytes(32), dealer: integer(1), commitments: list(bytes(32), 1024), deals: list(deal, 1024), signature: bytes(64),
});

const complaint = shape<Complaint>({ sessionId: bytes(32), accuser: integer(1), dealer: integer(1), reason: text(), signature: bytes(64) });

const justification = shape<Justification>({
  sessionId: bytes(32), dealer: integer(1), recipient: integer(1), share: bytes(32), signature: bytes(64),
});

export const txPublicFields = shape<TxPublicFields>({
  chainId: u64, contract: address, method: nonEmptyText, sender: address, senderNonce: u64, txHash: nonEmptyText,
});

export const schemaSlot = shape<SchemaSlot>({ index: integer(0, 255), typeHint: nonEmptyText });

export const confidentialTxData = shape<ConfidentialTxData>({
  committeeId: hexString(32), keyGeneration: safeInteger, senderNonce: u64, args: list(schemaSlot, 256), ciphertext: bytes(),
  auditors: optional(list(address, 64)),
}, false);

const recipient = shape<ShareRecipient>({ participantId: integer(1), transportKey: bytes(32) });

export const sealedShare = shape<SealedShare>({
  ctId: bytes(32), sender: integer(1), recipient: integer(1), ephemeralPublicKey: bytes(32), body: bytes(),
});

export const sealedStateShare = shape<SealedStateShare>({
  committeeId: bytes(32), sender: integer(1), recipient: integer(1), ephemeralPublicKey: bytes(32), body: bytes(),
});

const REQUESTS: { [K in EnclaveRequestKind]: Checker<Extract<EnclaveRequest, { kind: K }>> } = {
  identity: shape({ kind: () => "identity" as const }),
  attest: shape({ kind: () => "attest" as const, nonce: bytes(32), timestamp: safeInteger, height: optional(safeInteger) }),
  "dkg-deal": shape({ kind: () => "dkg-deal" as const, session: dkgSession }),
  "dkg-respond": shape({ kind: () => "dkg-respond" as const, session: dkgSession, bundles: both(list(dealerBundle, 1024)) }),
  "dkg-justify": shape({ kind: () => "dkg-justify" as const, session: dkgSession, complaints: both(list(complaint)) }),
  "dkg-finalize": shape({
    kind: () => "dkg-finalize" as const, session: dkgSession, complaints: both(list(complaint)), justifications: both(list(justification)),
  }),
  "reshare-deal": shape({ kind: () => "reshare-deal" as const, session: reshareSession }),
  "reshare-respond": shape({ kind: () => "reshare-respond" as const, session: reshareSession, bundles: both(list(reshareBundle, 1024)) }),
  "reshare-justify": shape({ kind: () => "reshare-justify" as const, session: reshareSession, complaints: both(list(complaint)) }),
  "reshare-finalize": shape({
    kind: () => "reshare-finalize" as const, session: reshareSession, complaints: both(list(complaint)), justifications: both(list(justification)),
  }),
  "decryption-share": shape({
    kind: () => "decryption-share" as const, committee: committeeRecord, tx: txPublicFields, confidential: confidentialTxData,
    schemaSlots: list(schemaSlot, 256), recipient,
  }),
  "state-share": shape({ kind: () => "state-share" as const, committee: committeeRecord, contract: address, recipient }),
  "seal-store": shape({ kind: () => "seal-store" as const }),
  "auditor-open": shape({
    kind: () => "auditor-open" as const, committee: committeeRecord, name: nonEmptyText, sealed: bytes(),
    sealedStateShares: list(sealedStateShare, 1024), auditorKey: bytes(32), signature: bytes(65),
  }),
};

export const REQUEST_KINDS = Object.keys(REQUESTS) as EnclaveRequestKind[];

/** The typed request, or the one-line reason it is not allowed. */
export function parseEnclaveRequest(request: unknown): { ok: true; request: EnclaveRequest } | { ok: false; message: string } {
  try {
    if (!isPlainObject(request)) return { ok: false, message: "request not allowed: a request must be an object with a kind" };
    const kind = request.kind;
    if (typeof kind !== "string" || !Object.prototype.hasOwnProperty.call(REQUESTS, kind)) {
      const shown = typeof kind === "string" ? JSON.stringify(kind.slice(0, 64)) : typeof kind;
      return { ok: false, message: `request not allowed: unknown kind ${shown}` };
    }
    const checker = REQUESTS[kind as EnclaveRequestKind] as Checker<EnclaveRequest>;
    return { ok: true, request: checker(request, "request") };
  } catch (error) {
    const detail = error instanceof RequestShapeError ? error.message : "malformed request";
    const kind = isPlainObject(request) && typeof request.kind === "string" ? `${request.kind}: ` : "";
    return { ok: false, message: `request not allowed: ${kind}${detail}`.split("\n")[0]! };
  }
}
