// The enclave's side of a committee DKG and of resharing. Two keys, one set of rounds: every
// message carries a decryption-key part and a state-key part, run as two parallel Joint-Feldman
// sessions whose ids derive from the same session spec. Each round is idempotent (the same
// inputs give the same answer, randomness comes from a stream keyed by the session id) and
// refuses different inputs for a round it already answered.
import { ed25519 } from "@noble/curves/ed25519.js";
import {
  type Complaint, DealEphemeral, type DealerBundle, type DkgConfig, type DkgIdentity, type DkgMember, type Justification, complaintSigningBytes,
  verifySignature,
} from "../dkg-messages.js";
import { type DkgResult, type ScreenedBundles, createDealerBundle, finalizeDkg, justifyComplaints, processDeals, screenBundles } from "../dkg.js";
import { ConfidentialCryptoError, encodePoint, equalBytes } from "../group.js";
import {
  type ReshareBundle, type ReshareConfig, type ScreenedReshare, createReshareBundle, finalizeReshare, justifyReshareComplaints,
  processReshareDeals, screenReshareBundles,
} from "../reshare.js";
import type { Polynomial } from "../shamir.js";
import {
  committeeKeyResultBytes, dkgConfigs, dkgSessionId, reshareConfigs, reshareSessionId, sessionCommitteeId,
} from "./ceremony.js";
import { type CommitteeKeyEntry, type CommitteeStore } from "./committee-store.js";
import type {
  BothKeys, CommitteeKeyResult, DkgSessionSpec, EnclaveResponse, ReshareSessionSpec, SessionMember, SignedCommitteeKeyResult,
} from "./enclave-messages.js";
import { type RandomSource, withRandomSource } from "./seeded-randomness.js";
import { digestOf, fromHex0x, sameHex, toHex0x } from "./wire.js";

/** The enclave's own keys, handed to this module by the Enclave class (never exported further). */
export interface EnclaveKeyMaterial {
  validator: string;
  address: string;
  chainId: bigint;
  signingSecretKey: Uint8Array;
  signingPublicKey: Uint8Array;
  transportSecretKey: Uint8Array;
  transportPublicKey: Uint8Array;
}

type Ceremony = "dkg" | "reshare";

interface Responded<S> {
  digest: string;
  screened: BothKeys<S>;
  shares: BothKeys<Map<number, bigint>>;
  complaints: BothKeys<Complaint[]>;
}

interface DkgSession {
  sessionId: Uint8Array;
  configs: BothKeys<DkgConfig>;
  me: number;
  dealt?: { polynomials: BothKeys<Polynomial>; bundles: BothKeys<DealerBundle> };
  responded?: Responded<ScreenedBundles>;
  finalized?: { digest: string; signed: SignedCommitteeKeyResult };
}

interface ReshareSession {
  sessionId: Uint8Array;
  configs: BothKeys<ReshareConfig>;
  oldId?: number;
  newId?: number;
  dealt?: { polynomials: BothKeys<Polynomial>; bundles: BothKeys<ReshareBundle> };
  responded?: Responded<ScreenedReshare>;
  finalized?: { digest: string; signed: SignedCommitteeKeyResult };
}

function refused(message: string): ConfidentialCryptoError {
  return new ConfidentialCryptoError("ceremony-refused", message);
}

function mapBoth<T, U>(value: BothKeys<T>, fn: (item: T, key: keyof BothKeys<T>) => U): BothKeys<U> {
  return { decryption: fn(value.decryption, "decryption"), state: fn(value.state, "state") };
}

/** Signed, session-bound complaints from members of `accusers`, one per (accuser, dealer). */
function validComplaints(sessionId: Uint8Array, accusers: readonly DkgMember[], complaints: readonly Complaint[]): Complaint[] {
  const seen = new Set<string>();
  return complaints.filter((complaint) => {
    const accuser = accusers.find((member) => member.id === complaint.accuser);
    const key = `${complaint.accuser}:${complaint.dealer}`;
    if (!accuser || seen.has(key) || !equalBytes(complaint.sessionId, sessionId)) return false;
    if (!verifySignature(complaint.signature, complaintSigningBytes(complaint), accuser.signingPublicKey)) return false;
    seen.add(key);
    return true;
  });
}

/** Why each dealer outside QUAL was left out (the decision itself is the library's). */
function exclusionReasons(
  dealers: readonly number[], qual: readonly number[], screened: ScreenedBundles | ScreenedReshare, counted: readonly Complaint[], threshold: number,
): Map<number, string> {
  const reasons = new Map<number, string>();
  for (const dealer of dealers) {
    if (qual.includes(dealer)) continue;
    const evicted = screened.evicted.find((entry) => entry.dealer === dealer);
    const against = counted.filter((complaint) => complaint.dealer === dealer).length;
    if (evicted) reasons.set(dealer, evicted.reason);
    else if (!screened.accepted.has(dealer)) reasons.set(dealer, "sent no bundle");
    else if (against >= threshold) reasons.set(dealer, `${against} complaints (threshold ${threshold})`);
    else reasons.set(dealer, "did not answer a complaint with a correct share");
  }
  return reasons;
}

function mergeReasons(reasons: BothKeys<Map<number, string>>): { participantId: number; reason: string }[] {
  const ids = [...new Set([...reasons.decryption.keys(), ...reasons.state.keys()])].sort((a, b) => a - b);
  return ids.map((participantId) => {
    const x = reasons.decryption.get(participantId);
    const s = reasons.state.get(participantId);
    const reason = x !== undefined && x === s ? x : [x && `decryption key: ${x}`, s && `state key: ${s}`].filter(Boolean).join("; ");
    return { participantId, reason };
  });
}

export class EnclaveCeremonies {
  readonly #keys: EnclaveKeyMaterial;
  readonly #store: CommitteeStore;
  readonly #randomFor: (label: string, ...context: Uint8Array[]) => RandomSource;
  readonly #dkg = new Map<string, DkgSession>();
  readonly #reshare = new Map<string, ReshareSession>();

  constructor(keys: EnclaveKeyMaterial, store: CommitteeStore, randomFor: (label: string, ...context: Uint8Array[]) => RandomSource) {
    this.#keys = keys;
    this.#store = store;
    this.#randomFor = randomFor;
  }

  /** `forRound`: with a cache of X25519 results for one round (a dealer's deals of both keys share an ephemeral key). */
  #identity(id: number, forRound = false): DkgIdentity {
    return {
      id, signingSecretKey: this.#keys.signingSecretKey, encryptionSecretKey: this.#keys.transportSecretKey,
      ...(forRound && { sharedSecrets: new Map<string, Uint8Array>() }),
    };
  }

  /** My entry in a member list (matched by enclave key; transport key, validator and address must agree). */
  #findMe(members: readonly SessionMember[]): number | undefined {
    const me = members.find((member) => equalBytes(member.enclaveKey, this.#keys.signingPublicKey));
    if (!me) return undefined;
    const consistent = equalBytes(me.transportKey, this.#keys.transportPublicKey) && sameHex(me.address, this.#keys.address) && me.validator === this.#keys.validator;
    if (!consistent) throw refused("session lists this enclave's key with another transport key, validator or address");
    return me.participantId;
  }

  #checkChain(chainId: bigint): void {
    if (chainId !== this.#keys.chainId) throw refused(`session is for chain ${chainId}, this enclave serves chain ${this.#keys.chainId}`);
  }

  #dkgSession(spec: DkgSessionSpec): DkgSession {
    this.#checkChain(spec.chainId);
    const configs = dkgConfigs(spec);
    const sessionId = dkgSessionId(spec);
    const key = toHex0x(sessionId);
    const existing = this.#dkg.get(key);
    if (existing) return existing;
    const me = this.#findMe(spec.members);
    if (me === undefined) throw refused("this enclave is not a member of the DKG session");
    const session: DkgSession = { sessionId, configs, me };
    this.#dkg.set(key, session);
    return session;
  }

  dkgDeal(spec: DkgSessionSpec): EnclaveResponse {
    const session = this.#dkgSession(spec);
    const identity = this.#identity(session.me);
    session.dealt ??= withRandomSource(this.#randomFor("dkg-deal", session.sessionId), () => {
      // One ephemeral key seals this dealer's deals of both keys to every member.
      const ephemeral = new DealEphemeral();
      const dealt = mapBoth(session.configs, (config) => createDealerBundle(config, identity, undefined, ephemeral));
      return { polynomials: mapBoth(dealt, (entry) => entry.polynomial), bundles: mapBoth(dealt, (entry) => entry.bundle) };
    });
    return { kind: "dkg-bundles", sessionId: toHex0x(session.sessionId), participantId: session.me, bundles: session.dealt.bundles };
  }

  dkgRespond(spec: DkgSessionSpec, bundles: BothKeys<DealerBundle[]>): EnclaveResponse {
    const session = this.#dkgSession(spec);
    const digest = digestOf(bundles);
    if (session.responded && session.responded.digest !== digest) throw refused("this enclave already answered other bundles for this session");
    if (!session.responded) {
      const screened = mapBoth(session.configs, (config, key) => screenBundles(config, bundles[key]));
      const identity = this.#identity(session.me, true);
      const opened = mapBoth(session.configs, (config, key) => processDeals(config, identity, screened[key]));
      session.responded = { digest, screened, shares: mapBoth(opened, (o) => o.shares), complaints: mapBoth(opened, (o) => o.complaints) };
    }
    return { kind: "dkg-complaints", ceremony: "dkg", sessionId: toHex0x(session.sessionId), participantId: session.me, complaints: session.responded.complaints };
  }

  dkgJustify(spec: DkgSessionSpec, complaints: BothKeys<Complaint[]>): EnclaveResponse {
    const session = this.#dkgSession(spec);
    const justifications = mapBoth(session.configs, (config, key) => {
      if (!session.dealt) return [];
      const against = validComplaints(config.sessionId, config.members, complaints[key]).filter((c) => c.dealer === session.me);
      // With ≥ t complaints the dealer is out anyway; revealing shares would only leak them.
      if (against.length >= config.threshold) return [];
      return justifyComplaints(config, this.#identity(session.me), session.dealt.polynomials[key], against);
    });
    return { kind: "dkg-justifications", ceremony: "dkg", sessionId: toHex0x(session.sessionId), participantId: session.me, justifications };
  }

  dkgFinalize(spec: DkgSessionSpec, complaints: BothKeys<Complaint[]>, justifications: BothKeys<Justification[]>): EnclaveResponse {
    const session = this.#dkgSession(spec);
    const responded = session.responded;
    if (!responded) throw refused("this enclave has not answered the bundles of this session yet");
    const digest = digestOf({ complaints, justifications });
    if (session.finalized && session.finalized.digest !== digest) throw refused("this enclave already finalized this session with other inputs");
    if (!session.finalized) {
      const results = mapBoth(session.configs, (config, key) =>
        finalizeDkg(config, this.#identity(session.me), responded.screened[key], responded.shares[key], complaints[key], justifications[key]),
      );
      const reasons = mapBoth(session.configs, (config, key) =>
        exclusionReasons(config.members.map((m) => m.id), results[key].qual, responded.screened[key],
          validComplaints(config.sessionId, config.members, complaints[key]), config.threshold),
      );
      const committeeId = toHex0x(sessionCommitteeId(spec.chainId, spec.epoch, spec.members));
      this.#store.put(this.#entry(spec, committeeId, session.me, spec.keyGeneration, results));
      session.finalized = { digest, signed: this.#sign("dkg", session.sessionId, spec, committeeId, spec.keyGeneration, session.me, results, reasons) };
    }
    return { kind: "dkg-result", ceremony: "dkg", sessionId: toHex0x(session.sessionId), signed: session.finalized.signed };
  }

  #entry(
    spec: DkgSessionSpec | ReshareSessionSpec, id: string, me: number, keyGeneration: number, results: BothKeys<DkgResult>, previousCommitteeId?: string,
  ): CommitteeKeyEntry {
    return {
      id, contract: spec.contract.toLowerCase(), chainId: spec.chainId, epoch: spec.epoch, keyGeneration, threshold: spec.threshold,
      ...(previousCommitteeId !== undefined && { previousCommitteeId }),
      participantId: me, members: spec.members.map((member) => ({ ...member })),
      auditors: [...("previous" in spec ? (spec.previous.auditors ?? []) : (spec.auditors ?? []))].map((a) => a.toLowerCase()),
      publicKey: results.decryption.publicKey, statePublicKey: results.state.publicKey,
      commitments: [...results.decryption.commitments], stateCommitments: [...results.state.commitments],
      verificationKeys: new Map(results.decryption.verificationKeys), stateVerificationKeys: new Map(results.state.verificationKeys),
      share: results.decryption.secretShare.secret, stateShare: results.state.secretShare.secret,
    };
  }

  #sign(
    ceremony: Ceremony, sessionId: Uint8Array, spec: DkgSessionSpec | ReshareSessionSpec, committeeId: string, keyGeneration: number, me: number,
    results: BothKeys<DkgResult>, reasons: BothKeys<Map<number, string>>,
  ): SignedCommitteeKeyResult {
    const ids = spec.members.map((member) => member.participantId).sort((a, b) => a - b);
    const result: CommitteeKeyResult = {
      ceremony, sessionId, committeeId: fromHex0x(committeeId, "committee id", 32),
      chainId: spec.chainId, epoch: spec.epoch, contract: spec.contract.toLowerCase(), keyGeneration, threshold: spec.threshold,
      publicKey: encodePoint(results.decryption.publicKey), commitments: results.decryption.commitments.map(encodePoint),
      statePublicKey: encodePoint(results.state.publicKey), stateCommitments: results.state.commitments.map(encodePoint),
      verificationKeys: ids.map((id) => encodePoint(results.decryption.verificationKeys.get(id)!)),
      stateVerificationKeys: ids.map((id) => encodePoint(results.state.verificationKeys.get(id)!)),
      qualified: mapBoth(results, (r) => [...r.qual]), disqualified: mergeReasons(reasons),
    };
    return { result, signer: me, signature: ed25519.sign(committeeKeyResultBytes(result, me), this.#keys.signingSecretKey) };
  }

  #reshareSession(spec: ReshareSessionSpec): ReshareSession {
    this.#checkChain(spec.chainId);
    if (!sameHex(spec.contract, spec.previous.contract)) throw refused("resharing must keep the committee's contract");
    const configs = reshareConfigs(spec);
    if (sameHex(toHex0x(sessionCommitteeId(spec.chainId, spec.epoch, spec.members)), spec.previous.id)) {
      throw refused("resharing must move to a new committee id (another epoch or member set)");
    }
    const sessionId = reshareSessionId(spec);
    const key = toHex0x(sessionId);
    const existing = this.#reshare.get(key);
    if (existing) return existing;
    const oldMember = spec.previous.members.find((member) => sameHex(member.enclaveKey, toHex0x(this.#keys.signingPublicKey)));
    const newId = this.#findMe(spec.members);
    if (!oldMember && newId === undefined) throw refused("this enclave is in neither the old nor the new committee");
    const session: ReshareSession = { sessionId, configs, ...(oldMember && { oldId: oldMember.participantId }), ...(newId !== undefined && { newId }) };
    this.#reshare.set(key, session);
    return session;
  }

  reshareDeal(spec: ReshareSessionSpec): EnclaveResponse {
    const session = this.#reshareSession(spec);
    const oldId = session.oldId;
    if (oldId === undefined) throw refused("this enclave is not in the old committee");
    const found = this.#store.lookup(spec.previous);
    if (!found.ok) throw refused(found.reason);
    const entry = found.entry;
    session.dealt ??= withRandomSource(this.#randomFor("reshare-deal", session.sessionId), () => {
      const ephemeral = new DealEphemeral();
      const dealt = mapBoth(session.configs, (config, key) =>
        createReshareBundle(config, this.#identity(oldId), key === "decryption" ? entry.share : entry.stateShare, ephemeral));
      return { polynomials: mapBoth(dealt, (d) => d.polynomial), bundles: mapBoth(dealt, (d) => d.bundle) };
    });
    return { kind: "reshare-bundles", sessionId: toHex0x(session.sessionId), participantId: oldId, bundles: session.dealt.bundles };
  }

  reshareRespond(spec: ReshareSessionSpec, bundles: BothKeys<ReshareBundle[]>): EnclaveResponse {
    const session = this.#reshareSession(spec);
    const newId = session.newId;
    if (newId === undefined) throw refused("this enclave is not in the new committee");
    const digest = digestOf(bundles);
    if (session.responded && session.responded.digest !== digest) throw refused("this enclave already answered other bundles for this session");
    if (!session.responded) {
      const screened = mapBoth(session.configs, (config, key) => screenReshareBundles(config, bundles[key]));
      const identity = this.#identity(newId, true);
      const opened = mapBoth(session.configs, (config, key) => processReshareDeals(config, identity, screened[key]));
      session.responded = { digest, screened, shares: mapBoth(opened, (o) => o.subShares), complaints: mapBoth(opened, (o) => o.complaints) };
    }
    return { kind: "dkg-complaints", ceremony: "reshare", sessionId: toHex0x(session.sessionId), participantId: newId, complaints: session.responded.complaints };
  }

  reshareJustify(spec: ReshareSessionSpec, complaints: BothKeys<Complaint[]>): EnclaveResponse {
    const session = this.#reshareSession(spec);
    const oldId = session.oldId;
    if (oldId === undefined) throw refused("this enclave is not in the old committee");
    const justifications = mapBoth(session.configs, (config, key) => {
      if (!session.dealt) return [];
      const against = validComplaints(config.sessionId, config.newMembers, complaints[key]).filter((c) => c.dealer === oldId);
      if (against.length >= config.newThreshold) return [];
      return justifyReshareComplaints(config, this.#identity(oldId), session.dealt.polynomials[key], against);
    });
    return { kind: "dkg-justifications", ceremony: "reshare", sessionId: toHex0x(session.sessionId), participantId: oldId, justifications };
  }

  reshareFinalize(spec: ReshareSessionSpec, complaints: BothKeys<Complaint[]>, justifications: BothKeys<Justification[]>): EnclaveResponse {
    const session = this.#reshareSession(spec);
    const newId = session.newId;
    const responded = session.responded;
    if (newId === undefined) throw refused("this enclave is not in the new committee");
    if (!responded) throw refused("this enclave has not answered the bundles of this session yet");
    const digest = digestOf({ complaints, justifications });
    if (session.finalized && session.finalized.digest !== digest) throw refused("this enclave already finalized this session with other inputs");
    if (!session.finalized) {
      const results = mapBoth(session.configs, (config, key) =>
        finalizeReshare(config, this.#identity(newId), responded.screened[key], responded.shares[key], complaints[key], justifications[key]),
      );
      const reasons = mapBoth(session.configs, (config, key) =>
        exclusionReasons(config.oldMembers.map((m) => m.id), results[key].qual, responded.screened[key],
          validComplaints(config.sessionId, config.newMembers, complaints[key]), config.newThreshold),
      );
      const committeeId = toHex0x(sessionCommitteeId(spec.chainId, spec.epoch, spec.members));
      const keyGeneration = spec.previous.keyGeneration + 1;
      this.#store.put(this.#entry(spec, committeeId, newId, keyGeneration, results, spec.previous.id.toLowerCase()));
      session.finalized = { digest, signed: this.#sign("reshare", session.sessionId, spec, committeeId, keyGeneration, newId, results, reasons) };
    }
    return { kind: "dkg-result", ceremony: "reshare", sessionId: toHex0x(session.sessionId), signed: session.finalized.signed };
  }
}
