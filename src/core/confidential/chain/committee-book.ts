/**
 * Committees of confidential contracts on the ledger: seeded selection from attested validators
 * only, committee records per contract (every key generation), and the reshare a committee needs
 * when a member's attestation expired or was revoked (its shares must move to a replacement).
 */
import type { Address } from "../../calldata";
import { SeededRng } from "../../consensus/rng";
import { compareIds, weightedSample, type Candidate } from "../../consensus/selection";
import { fromHex } from "../attestation/encoding.js";
import { committeeIdFor, defaultThreshold } from "../label.js";
import type { CommitteeRecord, CommitteeSelection, ReshareNeed } from "../protocol.js";
import { invalidReason, keysMatch, type LedgerCore } from "./attestation-book.js";
import { ConfidentialLedgerError, epochOfHeight, heightAt } from "./ledger-config.js";
import { cloneLedgerData, hex0x, pushEvent } from "./ledger-state.js";

/** A validator that may be chosen (a `ValidatorConfig` fits; stake: its current stake). */
export interface CommitteeCandidate {
  id: string;
  address: Address | string;
  stake: bigint;
}

export interface SelectCommitteeRequest {
  contract: Address | string;
  candidates: readonly CommitteeCandidate[];
  /** Committee size; default: the contract's deploy option, else the ledger's default. */
  n?: number;
  /** Threshold; default: the contract's deploy option, else ⌈2n/3⌉. */
  t?: number;
  /** The network seed (selection is deterministic for a seed, contract and key generation). */
  seed: string;
  /** Virtual ms of the selection: who is attested then. */
  atMs: number;
}

/** The optional pool to pick replacements from, for `needsReshare`. */
export interface ReplacementPool {
  candidates: readonly CommitteeCandidate[];
  seed: string;
}

const addressOf = (a: Address | string): string => (typeof a === "string" ? a.toLowerCase() : a.toHex());

/** A contract address (0x + 40 hex, or an Address) as the ledger keys it: lower-case hex. */
export function contractKey(contract: Address | string): string {
  const key = addressOf(contract);
  if (!/^0x[0-9a-f]{40}$/.test(key)) throw new ConfidentialLedgerError("bad-contract", `confidential ledger: invalid contract address ${JSON.stringify(String(contract))}`);
  return key;
}

function fail(code: string, message: string): never {
  throw new ConfidentialLedgerError(code, message);
}

function checkSizes(contract: string, n: number, t: number): void {
  if (!Number.isSafeInteger(n) || n < 1) fail("bad-committee-size", `confidential committee for ${contract}: size ${n} is invalid`);
  if (!Number.isSafeInteger(t) || t < 1 || t > n) fail("bad-threshold", `confidential committee for ${contract}: threshold ${t} is invalid for a committee of ${n}`);
}

/** Candidates whose attestation stands at `atMs` under the same address, with stake (canonical order). */
function eligible(core: LedgerCore, candidates: readonly CommitteeCandidate[], atMs: number, exclude: ReadonlySet<string> = new Set()): Candidate[] {
  return candidates
    .filter((c) => !exclude.has(c.id) && c.stake > 0n && invalidReason(core, c.id, atMs) === undefined)
    .filter((c) => core.state.registrations[c.id].address === addressOf(c.address))
    .map((c) => ({ id: c.id, stake: c.stake }))
    .sort((a, b) => compareIds(a.id, b.id));
}

export function currentCommittee(core: LedgerCore, contract: Address | string): CommitteeRecord | undefined {
  const history = core.state.committees[contractKey(contract)];
  return history?.[history.length - 1];
}

/** Chooses n attested validators for `contract` (stake-weighted, seeded) and publishes the choice. */
export function selectCommittee(core: LedgerCore, req: SelectCommitteeRequest): CommitteeSelection {
  const key = contractKey(req.contract);
  const options = core.state.contracts[key];
  const n = req.n ?? options?.committeeSize ?? core.config.defaultCommitteeSize;
  const t = req.t ?? options?.threshold ?? defaultThreshold(n);
  checkSizes(key, n, t);
  const pool = eligible(core, req.candidates, req.atMs);
  if (pool.length < n) fail("too-few-attested", `confidential committee for ${key}: ${pool.length} attested validators, ${n} needed`);
  const keyGeneration = (currentCommittee(core, key)?.keyGeneration ?? 0) + 1;
  const chosen = weightedSample(pool, n, new SeededRng("confidential-committee", req.seed, key, keyGeneration)).sort(compareIds);
  const members = chosen.map((id, i) => {
    const r = core.state.registrations[id];
    return { validator: id, address: r.address, participantId: i + 1, enclaveKey: r.enclaveKey, transportKey: r.transportKey };
  });
  const height = heightAt(core.config, req.atMs);
  const epoch = epochOfHeight(core.config, height);
  const committeeId = hex0x(committeeIdFor(core.config.chainId, BigInt(epoch), members.map((m) => fromHex(m.enclaveKey))));
  pushEvent(core.state, req.atMs, height, { type: "committee-selected", contract: key, committeeId, epoch, keyGeneration, threshold: t, members: chosen });
  return { contract: key, committeeId, epoch, keyGeneration, threshold: t, members };
}

/** Checks a committee record against the ledger (fail closed) before it is published. */
function checkRecord(core: LedgerCore, record: CommitteeRecord, previous: CommitteeRecord | undefined): void {
  const key = contractKey(record.contract);
  const n = record.members.length;
  checkSizes(key, n, record.threshold);
  const ids = record.members.map((m) => m.participantId).sort((a, b) => a - b);
  if (!ids.every((id, i) => id === i + 1)) fail("bad-committee", `confidential committee for ${key}: participant ids must be 1..${n}`);
  if (new Set(record.members.map((m) => m.validator)).size !== n) fail("bad-committee", `confidential committee for ${key}: a validator appears twice`);
  for (const m of record.members) {
    const reason = invalidReason(core, m.validator, record.createdAt);
    if (reason) fail("member-not-attested", `confidential committee for ${key}: member ${m.validator} is not attested (${reason})`);
    const r = core.state.registrations[m.validator];
    if (r.address !== m.address.toLowerCase() || !keysMatch(r, m.enclaveKey, m.transportKey)) {
      fail("member-keys", `confidential committee for ${key}: member ${m.validator}'s address or enclave keys differ from its attestation`);
    }
  }
  if (previous && record.keyGeneration <= previous.keyGeneration) {
    fail("bad-generation", `confidential committee for ${key}: key generation ${record.keyGeneration} is not after ${previous.keyGeneration}`);
  }
}

/**
 * Publishes a contract's committee after its DKG (`committee-formed`) or a reshare that kept the
 * public key (`committee-reshared`). Refuses (one line) a record whose members are not attested at
 * `createdAt` with the keys they attested, bad sizes or ids, or a key generation not after the last.
 */
export function recordCommittee(core: LedgerCore, record: CommitteeRecord): CommitteeRecord {
  const key = contractKey(record.contract);
  const previous = currentCommittee(core, key);
  checkRecord(core, record, previous);
  const stored = cloneLedgerData({ ...record, contract: key });
  (core.state.committees[key] ??= []).push(stored);
  const height = heightAt(core.config, record.createdAt);
  const members = record.members.map((m) => m.validator).sort(compareIds);
  if (previous && previous.publicKey.toLowerCase() === record.publicKey.toLowerCase()) {
    const before = previous.members.map((m) => m.validator);
    pushEvent(core.state, record.createdAt, height, {
      type: "committee-reshared",
      contract: key,
      committeeId: record.id,
      previousCommitteeId: previous.id,
      keyGeneration: record.keyGeneration,
      threshold: record.threshold,
      members,
      removed: before.filter((v) => !members.includes(v)).sort(compareIds),
      added: members.filter((v) => !before.includes(v)),
      publicKey: record.publicKey,
    });
  } else {
    pushEvent(core.state, record.createdAt, height, {
      type: "committee-formed",
      contract: key,
      committeeId: record.id,
      keyGeneration: record.keyGeneration,
      threshold: record.threshold,
      members,
      publicKey: record.publicKey,
    });
  }
  return cloneLedgerData(stored);
}

/**
 * Whether `contract`'s committee must reshare at `atMs` (a member's attestation expired or was
 * revoked), and to whom: staying members plus attested replacements from `pool` (seeded), up to
 * the committee's size. Null when there is no committee or every member still stands.
 */
export function needsReshare(core: LedgerCore, contract: Address | string, atMs: number, pool?: ReplacementPool): ReshareNeed | null {
  const key = contractKey(contract);
  const record = currentCommittee(core, key);
  if (!record) return null;
  const leaving: { validator: string; reason: string }[] = [];
  const staying: string[] = [];
  for (const m of [...record.members].sort((a, b) => compareIds(a.validator, b.validator))) {
    const reason = invalidReason(core, m.validator, atMs);
    if (reason) leaving.push({ validator: m.validator, reason });
    else staying.push(m.validator);
  }
  if (leaving.length === 0) return null;
  let joining: string[] = [];
  if (pool) {
    const members = new Set(record.members.map((m) => m.validator));
    const replacements = eligible(core, pool.candidates, atMs, members);
    const wanted = Math.min(leaving.length, replacements.length);
    joining = weightedSample(replacements, wanted, new SeededRng("confidential-reshare", pool.seed, key, record.keyGeneration + 1)).sort(compareIds);
  }
  const members = [...staying, ...joining].sort(compareIds);
  const configured = core.state.contracts[key]?.threshold ?? null;
  // An explicit threshold (deploy option, or one chosen at selection) is kept; the default follows the new size.
  const explicit = configured ?? (record.threshold === defaultThreshold(record.members.length) ? null : record.threshold);
  const threshold = explicit ?? defaultThreshold(members.length);
  const dealersOk = staying.length >= record.threshold;
  const sizeOk = members.length >= 1 && threshold <= members.length;
  const canReshare = dealersOk && sizeOk;
  const left = leaving.map((l) => `${l.validator} (${l.reason})`).join(", ");
  let summary: string;
  if (!dealersOk) summary = `key lost for ${key}: ${staying.length} of the ${record.threshold} members needed to reshare still attested; a fresh DKG is needed (leaving: ${left})`;
  else if (!sizeOk) summary = `cannot reshare ${key}: ${members.length} validators for a threshold of ${threshold} (leaving: ${left})`;
  else summary = `reshare ${key} to ${threshold}-of-${members.length}; leaving: ${left}; joining: ${joining.length > 0 ? joining.join(", ") : "none"}`;
  return { contract: key, committeeId: record.id, keyGeneration: record.keyGeneration, leaving, staying, joining, members, threshold, canReshare, summary };
}
