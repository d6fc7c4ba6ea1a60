/**
 * The chain-side driver of a committee's DKG and of resharing: it carries messages between the
 * members' enclaves and publishes every one of them (plain public data: deals are encrypted to
 * their recipients) through `publish`, which the chain turns into events. It decides nothing
 * cryptographic: each enclave screens, complains and finalizes on its own, and the record is the
 * result at least t enclaves signed identically.
 */
import type { Complaint, DealerBundle, Justification } from "../dkg-messages.js";
import { evaluateCommitmentsAtIds } from "../feldman.js";
import { type Point, decodePoint, encodePoint, equalBytes } from "../group.js";
import type { CommitteeRecord } from "../protocol.js";
import type { ReshareBundle } from "../reshare.js";
import { committeeKeyResultBytes, dkgSessionId, reshareSessionId, sessionCommitteeId, verifyCommitteeKeyResult } from "./ceremony.js";
import type {
  BothKeys, CommitteeKeyResult, DkgSessionSpec, EnclaveRequest, EnclaveResponse, ReshareSessionSpec, SessionMember, SignedCommitteeKeyResult,
} from "./enclave-messages.js";
import { digestOf, oneLine, sameHex, toHex0x } from "./wire.js";

/** One selected validator and a way to reach its enclave (through comlink in the app). */
export interface CommitteeMemberHandle {
  validator: string;
  address: string;
  handle(request: EnclaveRequest): Promise<EnclaveResponse>;
}

type Ceremony = "dkg" | "reshare";
type Round = "identity" | "deal" | "respond" | "justify" | "finalize";

/** Everything the driver publishes, in order (becomes chain events). */
export type CommitteeDkgEvent =
  | { type: "dkg-started"; ceremony: Ceremony; sessionId: string; committeeId: string; contract: string; epoch: number; keyGeneration: number; threshold: number; members: SessionMember[]; previousCommitteeId?: string }
  | { type: "dkg-bundles"; sessionId: string; validator: string; participantId: number; bundles: BothKeys<DealerBundle> }
  | { type: "reshare-bundles"; sessionId: string; validator: string; participantId: number; bundles: BothKeys<ReshareBundle> }
  | { type: "dkg-complaints"; ceremony: Ceremony; sessionId: string; validator: string; participantId: number; complaints: BothKeys<Complaint[]> }
  | { type: "dkg-justifications"; ceremony: Ceremony; sessionId: string; validator: string; participantId: number; justifications: BothKeys<Justification[]> }
  | { type: "dkg-result"; ceremony: Ceremony; sessionId: string; validator: string; signed: SignedCommitteeKeyResult }
  | { type: "dkg-member-failed"; ceremony: Ceremony; sessionId: string; validator: string; round: Round; message: string }
  | { type: "committee"; ceremony: Ceremony; record: CommitteeRecord };

export type Publish = (event: CommitteeDkgEvent) => void | Promise<void>;

export interface RunCommitteeDkgInput {
  chainId: bigint;
  epoch: number;
  contract: string;
  threshold: number;
  /** Selected members in participant order (ids 1..n). */
  members: CommitteeMemberHandle[];
  publish: Publish;
  /** Key generation of the new key (default 1: a contract's first committee). */
  keyGeneration?: number;
  /** Virtual ms stamped on the record (default 0). */
  now?: number;
  /** Auditor addresses named at deploy: bound into the session (and so into the key's record). */
  auditors?: string[];
}

export interface ReshareCommitteeInput {
  chainId: bigint;
  epoch: number;
  contract: string;
  /** The committee on chain now; its members deal their shares. */
  previous: CommitteeRecord;
  /** Handles of the old members that are still reachable (matched by validator id). */
  oldMembers: CommitteeMemberHandle[];
  /** The new committee in participant order (may overlap the old one). */
  members: CommitteeMemberHandle[];
  threshold: number;
  publish: Publish;
  now?: number;
}

function fail(message: string): Error {
  return new Error(`committee ${message}`);
}

async function ask(member: CommitteeMemberHandle, request: EnclaveRequest): Promise<EnclaveResponse> {
  try {
    return await member.handle(request);
  } catch (error) {
    return { kind: "error", message: oneLine(error, "enclave did not answer") };
  }
}

type Answered<K extends EnclaveResponse["kind"]> = { member: CommitteeMemberHandle; response: Extract<EnclaveResponse, { kind: K }> };

/** Asks every member the same round; answers of the wrong kind are published as member failures. */
async function round<K extends EnclaveResponse["kind"]>(
  ceremony: Ceremony, sessionId: string, members: readonly CommitteeMemberHandle[], name: Round, kind: K,
  request: (member: CommitteeMemberHandle) => EnclaveRequest, publish: Publish,
): Promise<Answered<K>[] & { failures: string[] }> {
  const answers = await Promise.all(members.map((member) => ask(member, request(member))));
  const out = Object.assign([] as Answered<K>[], { failures: [] as string[] });
  for (const [index, response] of answers.entries()) {
    const member = members[index]!;
    if (response.kind === kind) out.push({ member, response: response as Extract<EnclaveResponse, { kind: K }> });
    else {
      const message = response.kind === "error" ? response.message : `unexpected answer ${response.kind}`;
      out.failures.push(`${member.validator}: ${message}`);
      await publish({ type: "dkg-member-failed", ceremony, sessionId, validator: member.validator, round: name, message });
    }
  }
  return out;
}

async function identities(chainId: bigint, members: readonly CommitteeMemberHandle[]): Promise<SessionMember[]> {
  const answers = await Promise.all(members.map((member) => ask(member, { kind: "identity" })));
  return answers.map((answer, index) => {
    const member = members[index]!;
    if (answer.kind !== "identity") throw fail(`${member.validator}'s enclave did not identify itself: ${answer.kind === "error" ? answer.message : answer.kind}`);
    if (answer.validator !== member.validator || !sameHex(answer.address, member.address) || answer.chainId !== chainId) {
      throw fail(`${member.validator}'s enclave belongs to another validator or chain`);
    }
    return { participantId: index + 1, validator: member.validator, address: member.address.toLowerCase(), enclaveKey: answer.enclaveKey, transportKey: answer.transportKey };
  });
}

function joinBoth<T>(items: readonly BothKeys<T[]>[]): BothKeys<T[]> {
  return { decryption: items.flatMap((item) => item.decryption), state: items.flatMap((item) => item.state) };
}

/** The result signed by the most enclaves (valid signatures, signer = its member); at least t needed. */
function agreedResult(
  results: readonly Answered<"dkg-result">[] & { failures: string[] }, members: readonly SessionMember[], threshold: number, expectedSession: string,
): CommitteeKeyResult {
  const groups = new Map<string, { result: CommitteeKeyResult; signers: number }>();
  for (const { member, response } of results) {
    const me = members.find((candidate) => candidate.validator === member.validator);
    const { signed } = response;
    if (!me || signed.signer !== me.participantId || !verifyCommitteeKeyResult(signed, me.enclaveKey)) continue;
    if (toHex0x(signed.result.sessionId) !== expectedSession) continue;
    const key = digestOf(committeeKeyResultBytes(signed.result, 0));
    const group = groups.get(key) ?? { result: signed.result, signers: 0 };
    group.signers++;
    groups.set(key, group);
  }
  const best = [...groups.values()].sort((a, b) => b.signers - a.signers)[0];
  if (!best || best.signers < threshold) {
    const first = results.failures[0];
    throw fail(`key ceremony failed: ${best?.signers ?? 0} enclaves agreed on the keys, ${threshold} needed${first ? ` (${first})` : ""}`);
  }
  return best.result;
}

function buildRecord(
  result: CommitteeKeyResult, members: readonly SessionMember[], dealers: readonly { participantId: number; validator: string }[], now: number,
  previousCommitteeId?: string, auditors: readonly string[] = [],
): CommitteeRecord {
  const commitments = result.commitments.map((bytes, k) => decodePoint(bytes, `commitment ${k}`, k > 0));
  const stateCommitments = result.stateCommitments.map((bytes, k) => decodePoint(bytes, `state commitment ${k}`, k > 0));
  const keyOf = (keys: readonly Uint8Array[], expected: Point, id: number): string => {
    const key = keys[id - 1];
    if (!key || !equalBytes(key, encodePoint(expected))) throw fail(`key ceremony failed: verification key ${id} does not match the commitments`);
    return toHex0x(key);
  };
  const ids = members.map((member) => member.participantId);
  const shareKeys = evaluateCommitmentsAtIds(commitments, ids);
  const stateShareKeys = evaluateCommitmentsAtIds(stateCommitments, ids);
  return {
    id: toHex0x(result.committeeId),
    contract: result.contract,
    epoch: result.epoch,
    keyGeneration: result.keyGeneration,
    threshold: result.threshold,
    members: members.map((member, index) => ({
      validator: member.validator,
      address: member.address,
      participantId: member.participantId,
      enclaveKey: toHex0x(member.enclaveKey),
      transportKey: toHex0x(member.transportKey),
      shareKey: keyOf(result.verificationKeys, shareKeys[index]!, member.participantId),
      stateShareKey: keyOf(result.stateVerificationKeys, stateShareKeys[index]!, member.participantId),
    })),
    publicKey: toHex0x(result.publicKey),
    commitments: commitments.map((point) => toHex0x(encodePoint(point))),
    statePublicKey: toHex0x(result.statePublicKey),
    createdAt: now,
    disqualified: result.disqualified.map((entry) => ({
      validator: dealers.find((dealer) => dealer.participantId === entry.participantId)?.validator ?? `participant ${entry.participantId}`,
      reason: entry.reason,
    })),
    ...(previousCommitteeId !== undefined && { previousCommitteeId }),
    ...(auditors.length > 0 && { auditors: [...auditors] }),
  };
}

/** Runs the two-key DKG (decryption key x, state key x_s) among `members`' enclaves. */
export async function runCommitteeDkg(input: RunCommitteeDkgInput): Promise<CommitteeRecord> {
  const { publish, threshold } = input;
  const members = await identities(input.chainId, input.members);
  const session: DkgSessionSpec = {
    chainId: input.chainId, epoch: input.epoch, contract: input.contract.toLowerCase(), keyGeneration: input.keyGeneration ?? 1, threshold, members,
    ...(input.auditors && input.auditors.length > 0 && { auditors: [...new Set(input.auditors.map((a) => a.toLowerCase()))].sort() }),
  };
  const sessionId = toHex0x(dkgSessionId(session));
  const committeeId = toHex0x(sessionCommitteeId(session.chainId, session.epoch, members));
  await publish({
    type: "dkg-started", ceremony: "dkg", sessionId, committeeId, contract: session.contract, epoch: session.epoch,
    keyGeneration: session.keyGeneration, threshold, members,
  });
  const handles = input.members;
  const dealt = await round("dkg", sessionId, handles, "deal", "dkg-bundles", () => ({ kind: "dkg-deal", session }), publish);
  for (const { member, response } of dealt) {
    await publish({ type: "dkg-bundles", sessionId, validator: member.validator, participantId: response.participantId, bundles: response.bundles });
  }
  const bundles = { decryption: dealt.map((d) => d.response.bundles.decryption), state: dealt.map((d) => d.response.bundles.state) };
  const complained = await round("dkg", sessionId, handles, "respond", "dkg-complaints", () => ({ kind: "dkg-respond", session, bundles }), publish);
  for (const { member, response } of complained) {
    await publish({ type: "dkg-complaints", ceremony: "dkg", sessionId, validator: member.validator, participantId: response.participantId, complaints: response.complaints });
  }
  const complaints = joinBoth(complained.map((c) => c.response.complaints));
  const justified = await round("dkg", sessionId, handles, "justify", "dkg-justifications", () => ({ kind: "dkg-justify", session, complaints }), publish);
  for (const { member, response } of justified) {
    await publish({ type: "dkg-justifications", ceremony: "dkg", sessionId, validator: member.validator, participantId: response.participantId, justifications: response.justifications });
  }
  const justifications = joinBoth(justified.map((j) => j.response.justifications));
  const finalized = await round("dkg", sessionId, handles, "finalize", "dkg-result", () => ({ kind: "dkg-finalize", session, complaints, justifications }), publish);
  for (const { member, response } of finalized) {
    await publish({ type: "dkg-result", ceremony: "dkg", sessionId, validator: member.validator, signed: response.signed });
  }
  const result = agreedResult(finalized, members, threshold, sessionId);
  const record = buildRecord(result, members, members, input.now ?? 0, undefined, session.auditors);
  await publish({ type: "committee", ceremony: "dkg", record });
  return record;
}

/** Reshares `previous` to `members`: same Y and Y_s (old ciphertexts and sealed state stay readable), key generation + 1. */
export async function reshareCommittee(input: ReshareCommitteeInput): Promise<CommitteeRecord> {
  const { publish, threshold, previous } = input;
  const members = await identities(input.chainId, input.members);
  const session: ReshareSessionSpec = { chainId: input.chainId, epoch: input.epoch, contract: input.contract.toLowerCase(), previous, threshold, members };
  const sessionId = toHex0x(reshareSessionId(session));
  const committeeId = toHex0x(sessionCommitteeId(session.chainId, session.epoch, members));
  const dealers = input.oldMembers.filter((handle) => previous.members.some((member) => member.validator === handle.validator));
  await publish({
    type: "dkg-started", ceremony: "reshare", sessionId, committeeId, contract: session.contract, epoch: session.epoch,
    keyGeneration: previous.keyGeneration + 1, threshold, members, previousCommitteeId: previous.id,
  });
  const dealt = await round("reshare", sessionId, dealers, "deal", "reshare-bundles", () => ({ kind: "reshare-deal", session }), publish);
  for (const { member, response } of dealt) {
    await publish({ type: "reshare-bundles", sessionId, validator: member.validator, participantId: response.participantId, bundles: response.bundles });
  }
  const bundles = { decryption: dealt.map((d) => d.response.bundles.decryption), state: dealt.map((d) => d.response.bundles.state) };
  const newHandles = input.members;
  const complained = await round("reshare", sessionId, newHandles, "respond", "dkg-complaints", () => ({ kind: "reshare-respond", session, bundles }), publish);
  for (const { member, response } of complained) {
    await publish({ type: "dkg-complaints", ceremony: "reshare", sessionId, validator: member.validator, participantId: response.participantId, complaints: response.complaints });
  }
  const complaints = joinBoth(complained.map((c) => c.response.complaints));
  const justified = await round("reshare", sessionId, dealers, "justify", "dkg-justifications", () => ({ kind: "reshare-justify", session, complaints }), publish);
  for (const { member, response } of justified) {
    await publish({ type: "dkg-justifications", ceremony: "reshare", sessionId, validator: member.validator, participantId: response.participantId, justifications: response.justifications });
  }
  const justifications = joinBoth(justified.map((j) => j.response.justifications));
  const finalized = await round("reshare", sessionId, newHandles, "finalize", "dkg-result", () => ({ kind: "reshare-finalize", session, complaints, justifications }), publish);
  for (const { member, response } of finalized) {
    await publish({ type: "dkg-result", ceremony: "reshare", sessionId, validator: member.validator, signed: response.signed });
  }
  const result = agreedResult(finalized, members, threshold, sessionId);
  if (!sameHex(toHex0x(result.publicKey), previous.publicKey) || !sameHex(toHex0x(result.statePublicKey), previous.statePublicKey)) {
    throw fail("reshare failed: the new keys differ from the committee's public keys");
  }
  const record = buildRecord(result, members, previous.members, input.now ?? 0, previous.id.toLowerCase(), (previous.auditors ?? []).map((a) => a.toLowerCase()));
  await publish({ type: "committee", ceremony: "reshare", record });
  return record;
}
