// Shared test fixtures for the enclave tests: deterministic enclaves on emulated platforms, member
// handles (with optional spies and fault wrappers), a committee formed through the real DKG, and
// share requests for an execution. Imported by *.test.ts only.
import { ManufacturerRoot } from "../attestation/chain.js";
import { ENCLAVE_BUNDLE, ENCLAVE_IDENTITY, platformSpec } from "../attestation/attestation-fixtures.js";
import { measureEnclaveBundle } from "../attestation/chain.js";
import { utf8 } from "../group.js";
import type { CommitteeRecord, ConfidentialTxData } from "../protocol.js";
import type { SealedShare } from "../share-transport.js";
import { type CommitteeDkgEvent, type CommitteeMemberHandle, runCommitteeDkg } from "./committee-dkg.js";
import { Enclave, emulatedPlatformInit, type EnclaveInit } from "./enclave.js";
import type { EnclaveRequest, EnclaveResponse, SchemaSlot, SealedStateShare, TxPublicFields } from "./enclave-messages.js";
import { deriveEnclaveSeed } from "./seeded-randomness.js";

export const CHAIN_ID = 61_999n;
export const CONTRACT = "0x" + "c0".repeat(20);
export const OTHER_CONTRACT = "0x" + "c1".repeat(20);
export const SENDER = "0x" + "a1".repeat(20);
export const ROOT = new ManufacturerRoot(utf8("GL-EMU-SGX root seed"));

export function validatorAddress(index: number): string {
  return "0x" + (0x10 + index).toString(16).padStart(2, "0").repeat(20);
}

/** Enclaves v1..vN booted from `networkSeed`, each on its own emulated platform. */
export function makeEnclaves(count: number, networkSeed = "network-seed-1", offset = 0): Enclave[] {
  return Array.from({ length: count }, (_, k) => {
    const index = offset + k + 1;
    return Enclave.create(enclaveInit(index, networkSeed), { testSeam: true });
  });
}

/** The boot data of enclave v<index> (as makeEnclaves uses it). */
export function enclaveInit(index: number, networkSeed = "network-seed-1", bundle = ENCLAVE_BUNDLE): EnclaveInit {
  return {
    validator: `v${index}`,
    address: validatorAddress(index),
    chainId: CHAIN_ID,
    measurement: measureEnclaveBundle(bundle),
    seed: deriveEnclaveSeed(utf8(networkSeed), `v${index}`),
    platform: emulatedPlatformInit(ROOT, platformSpec(index), bundle, ENCLAVE_IDENTITY),
  };
}

export type Wrap = (request: EnclaveRequest, inner: (request: EnclaveRequest) => EnclaveResponse) => EnclaveResponse;

/** A member handle; `wrap` can tamper with what leaves the enclave, `spy` sees every answer. */
export function memberHandle(enclave: Enclave, options: { wrap?: Wrap; spy?: (response: EnclaveResponse) => void } = {}): CommitteeMemberHandle {
  const inner = (request: EnclaveRequest) => enclave.handle(request);
  return {
    validator: enclave.validator,
    address: enclave.address,
    handle: async (request) => {
      const response = options.wrap ? options.wrap(request, inner) : inner(request);
      options.spy?.(response);
      return response;
    },
  };
}

export interface FormedCommittee {
  record: CommitteeRecord;
  events: CommitteeDkgEvent[];
}

export async function formCommittee(
  enclaves: readonly Enclave[], threshold: number,
  options: { epoch?: number; contract?: string; wraps?: Map<number, Wrap>; spy?: (response: EnclaveResponse) => void; auditors?: string[] } = {},
): Promise<FormedCommittee> {
  const events: CommitteeDkgEvent[] = [];
  const record = await runCommitteeDkg({
    chainId: CHAIN_ID,
    epoch: options.epoch ?? 1,
    contract: options.contract ?? CONTRACT,
    threshold,
    members: enclaves.map((enclave, index) => memberHandle(enclave, { wrap: options.wraps?.get(index + 1), spy: options.spy })),
    publish: (event) => {
      events.push(event);
    },
    now: 5_000,
    ...(options.auditors && { auditors: options.auditors }),
  });
  return { record, events };
}

export function txFields(overrides: Partial<TxPublicFields> = {}): TxPublicFields {
  return { chainId: CHAIN_ID, contract: CONTRACT, method: "place_bid", sender: SENDER, senderNonce: 7n, txHash: "0x" + "ab".repeat(32), ...overrides };
}

export const SLOTS: SchemaSlot[] = [
  { index: 0, typeHint: "int" },
  { index: 2, typeHint: "string" },
];

export function memberOf(record: CommitteeRecord, enclave: Enclave) {
  const member = record.members.find((candidate) => candidate.validator === enclave.validator);
  if (!member) throw new Error(`${enclave.validator} is not in the committee`);
  return member;
}

/** Every listed member's decryption and state shares, sealed to `executing`. */
export function collectShares(
  members: readonly Enclave[], executing: Enclave, record: CommitteeRecord, tx: TxPublicFields, confidential: ConfidentialTxData | null,
  slots: SchemaSlot[] = SLOTS,
): { sealedShares: SealedShare[]; sealedStateShares: SealedStateShare[]; errors: string[] } {
  const recipient = { participantId: memberOf(record, executing).participantId, transportKey: executing.transportKey };
  const sealedShares: SealedShare[] = [];
  const sealedStateShares: SealedStateShare[] = [];
  const errors: string[] = [];
  for (const enclave of members) {
    if (confidential) {
      const answer = enclave.handle({ kind: "decryption-share", committee: record, tx, confidential, schemaSlots: slots, recipient });
      if (answer.kind === "decryption-share") sealedShares.push(answer.sealed);
      else errors.push(answer.kind === "error" ? answer.message : answer.kind);
    }
    const state = enclave.handle({ kind: "state-share", committee: record, contract: tx.contract, recipient });
    if (state.kind === "state-share") sealedStateShares.push(state.sealed);
    else errors.push(state.kind === "error" ? state.message : state.kind);
  }
  return { sealedShares, sealedStateShares, errors };
}

/** Plain-data JSON with bytes as hex and bigint as decimal (for byte-identity comparisons). */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Uint8Array) return "0x" + Array.from(item, (b) => b.toString(16).padStart(2, "0")).join("");
    if (typeof item === "bigint") return `${item}n`;
    if (item instanceof Map) return Object.fromEntries(item);
    return item;
  });
}
