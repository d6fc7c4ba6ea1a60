import { describe, expect, it } from "vitest";
import { type DealerBundle, type DkgMember, bundleSigningBytes, complaintSigningBytes, sealDeal, signMessage } from "../dkg-messages.js";
import { G, Point, encodePoint, encodeScalar, mulSecret, randomScalar } from "../group.js";
import type { CommitteeRecord } from "../protocol.js";
import { interpolateScalarAtZero } from "../shamir.js";
import { committeeKeyResultBytes } from "./ceremony.js";
import type { CommitteeDkgEvent } from "./committee-dkg.js";
import type { Enclave } from "./enclave.js";
import type { BothKeys, EnclaveResponse } from "./enclave-messages.js";
import { OTHER_CONTRACT, type Wrap, formCommittee, makeEnclaves, stableJson } from "./enclave-test-fixtures.js";
import { pointHex, toHex0x } from "./wire.js";

/** Each enclave's shares match the record's verification keys, and any t of them interpolate to log Y and log Y_s. */
function expectWorkingKeys(record: CommitteeRecord, enclaves: readonly Enclave[]) {
  const held = enclaves.flatMap((enclave) => enclave.dumpSecretsForTest().committees.filter((c) => c.id === record.id && c.contract === record.contract));
  expect(held.length).toBe(record.members.length);
  for (const entry of held) {
    const member = record.members.find((m) => m.participantId === entry.participantId)!;
    expect(pointHex(mulSecret(G, entry.share))).toBe(member.shareKey);
    expect(pointHex(mulSecret(G, entry.stateShare))).toBe(member.stateShareKey);
  }
  const someT = held.slice(held.length - record.threshold);
  const x = interpolateScalarAtZero(someT.map((e) => ({ id: e.participantId, value: e.share })));
  const xs = interpolateScalarAtZero(someT.map((e) => ({ id: e.participantId, value: e.stateShare })));
  expect(pointHex(mulSecret(G, x))).toBe(record.publicKey);
  expect(pointHex(mulSecret(G, xs))).toBe(record.statePublicKey);
}

function bundlesOf(events: readonly CommitteeDkgEvent[]) {
  return events.flatMap((event) => (event.type === "dkg-bundles" ? [event] : []));
}

/** Honest members signed byte-identical results, and Y / Y_s are the sums of QUAL's C_i0 as published. */
function expectHonestAgreement(events: readonly CommitteeDkgEvent[], record: CommitteeRecord, honest: readonly string[]) {
  const results = events.flatMap((event) => (event.type === "dkg-result" && honest.includes(event.validator) ? [event.signed] : []));
  expect(results.length).toBe(honest.length);
  const first = committeeKeyResultBytes(results[0]!.result, 0);
  for (const signed of results) expect(committeeKeyResultBytes(signed.result, 0)).toEqual(first);
  const qual = results[0]!.result.qualified;
  for (const key of ["decryption", "state"] as const) {
    const sum = qual[key].reduce((acc, dealer) => {
      const bundle = bundlesOf(events).find((event) => event.participantId === dealer)!.bundles[key];
      return acc.add(Point.fromBytes(bundle.commitments[0]!));
    }, Point.ZERO);
    expect(pointHex(sum)).toBe(key === "decryption" ? record.publicKey : record.statePublicKey);
  }
  return qual;
}

/** A fault that rewrites this member's outgoing bundles (re-signed with its dumped key) and optionally stays silent on complaints. */
function faultyDealer(enclave: Enclave, rewrite: (bundle: DealerBundle, members: DkgMember[]) => DealerBundle, silent: boolean): Wrap {
  const secret = enclave.dumpSecretsForTest().signingSecretKey;
  return (request, inner) => {
    const answer = inner(request);
    if (request.kind === "dkg-deal" && answer.kind === "dkg-bundles") {
      const members = request.session.members.map((m) => ({ id: m.participantId, signingPublicKey: m.enclaveKey, encryptionPublicKey: m.transportKey }));
      const resign = (bundle: DealerBundle) => {
        const changed = rewrite(bundle, members);
        return { ...changed, signature: signMessage(bundleSigningBytes(changed), secret) };
      };
      const bundles: BothKeys<DealerBundle> = { decryption: resign(answer.bundles.decryption), state: answer.bundles.state };
      return { ...answer, bundles };
    }
    if (silent && answer.kind === "dkg-justifications") {
      return { ...answer, justifications: { decryption: [], state: [] } } satisfies EnclaveResponse;
    }
    return answer;
  };
}

describe("committee DKG through Enclave objects", () => {
  it("happy path: 4 enclaves, t = 3, two keys in one ceremony, every message published, working shares", async () => {
    const enclaves = makeEnclaves(4);
    const { record, events } = await formCommittee(enclaves, 3);
    expect(record).toMatchObject({ contract: "0x" + "c0".repeat(20), epoch: 1, keyGeneration: 1, threshold: 3, createdAt: 5_000, disqualified: [] });
    expect(record.members.map((m) => [m.validator, m.participantId])).toEqual([["v1", 1], ["v2", 2], ["v3", 3], ["v4", 4]]);
    expect(record.members[0]!.enclaveKey).toBe(toHex0x(enclaves[0]!.enclaveKey));
    expect(record.commitments[0]).toBe(record.publicKey);
    expect(record.publicKey).not.toBe(record.statePublicKey);
    expect(events.map((e) => e.type)).toEqual([
      "dkg-started", ...Array(4).fill("dkg-bundles"), ...Array(4).fill("dkg-complaints"), ...Array(4).fill("dkg-justifications"),
      ...Array(4).fill("dkg-result"), "committee",
    ]);
    expectHonestAgreement(events, record, ["v1", "v2", "v3", "v4"]);
    expectWorkingKeys(record, enclaves);
  });

  it("deterministic: the same seeds give byte-identical records and event streams; another network seed gives other keys", async () => {
    const first = await formCommittee(makeEnclaves(4), 3);
    const second = await formCommittee(makeEnclaves(4), 3);
    expect(stableJson(second.record)).toBe(stableJson(first.record));
    expect(stableJson(second.events)).toBe(stableJson(first.events));
    const other = await formCommittee(makeEnclaves(4, "network-seed-2"), 3);
    expect(other.record.publicKey).not.toBe(first.record.publicKey);
  });

  it("A12: a dealer that sends a bad share and ignores the complaint is disqualified; the honest four agree", async () => {
    const enclaves = makeEnclaves(5);
    const wrong = (bundle: DealerBundle, members: DkgMember[]) => ({
      ...bundle,
      deals: bundle.deals.map((deal) => (deal.recipient === 2 ? sealDeal(members[1]!, bundle.sessionId, bundle.dealer, bundle.commitments, encodeScalar(randomScalar())) : deal)),
    });
    const { record, events } = await formCommittee(enclaves, 3, { wraps: new Map([[3, faultyDealer(enclaves[2]!, wrong, true)]]) });
    const complaint = events.find((e) => e.type === "dkg-complaints" && e.validator === "v2");
    expect(complaint?.type === "dkg-complaints" && complaint.complaints.decryption.map((c) => [c.dealer, c.reason])).toEqual([[3, "share does not match the commitments"]]);
    const qual = expectHonestAgreement(events, record, ["v1", "v2", "v4", "v5"]);
    expect(qual.decryption).toEqual([1, 2, 4, 5]);
    expect(qual.state).toEqual([1, 2, 3, 4, 5]);
    expect(record.disqualified).toEqual([{ validator: "v3", reason: "decryption key: did not answer a complaint with a correct share" }]);
    expectWorkingKeys(record, enclaves);
  });

  it("A12: a missing deal is answered by the dealer's justification: it stays qualified and the accuser uses the revealed share", async () => {
    const enclaves = makeEnclaves(5);
    const drop = (bundle: DealerBundle) => ({ ...bundle, deals: bundle.deals.filter((deal) => deal.recipient !== 4) });
    const { record, events } = await formCommittee(enclaves, 3, { wraps: new Map([[1, faultyDealer(enclaves[0]!, drop, false)]]) });
    const justification = events.find((e) => e.type === "dkg-justifications" && e.validator === "v1");
    expect(justification?.type === "dkg-justifications" && justification.justifications.decryption.map((j) => j.recipient)).toEqual([4]);
    expect(record.disqualified).toEqual([]);
    expectHonestAgreement(events, record, ["v1", "v2", "v3", "v4", "v5"]);
    expectWorkingKeys(record, enclaves);
  });

  it("A12: a missing deal left unjustified disqualifies the dealer", async () => {
    const enclaves = makeEnclaves(5);
    const drop = (bundle: DealerBundle) => ({ ...bundle, deals: bundle.deals.filter((deal) => deal.recipient !== 4) });
    const { record, events } = await formCommittee(enclaves, 3, { wraps: new Map([[1, faultyDealer(enclaves[0]!, drop, true)]]) });
    expect(record.disqualified.map((d) => d.validator)).toEqual(["v1"]);
    expectHonestAgreement(events, record, ["v2", "v3", "v4", "v5"]);
  });

  it("A11: a rogue key (C_0 chosen to cancel the others, no PoK possible) is evicted by everyone at screening", async () => {
    const enclaves = makeEnclaves(4);
    const honest = await formCommittee(makeEnclaves(4), 3);
    const othersSum = bundlesOf(honest.events).filter((e) => e.participantId !== 2)
      .reduce((acc, e) => acc.add(Point.fromBytes(e.bundles.decryption.commitments[0]!)), Point.ZERO);
    const target = mulSecret(G, 12345n);
    const rogue = (bundle: DealerBundle) => ({ ...bundle, commitments: [encodePoint(target.subtract(othersSum)), ...bundle.commitments.slice(1)] });
    const { record, events } = await formCommittee(enclaves, 3, { wraps: new Map([[2, faultyDealer(enclaves[1]!, rogue, false)]]) });
    expect(record.disqualified).toEqual([{ validator: "v2", reason: "decryption key: invalid proof of knowledge" }]);
    expect(record.publicKey).not.toBe(pointHex(target));
    expectHonestAgreement(events, record, ["v1", "v3", "v4"]);
    expectWorkingKeys(record, enclaves);
  });

  it("A12: a bundle replayed from another session (another contract's DKG) is evicted", async () => {
    const enclaves = makeEnclaves(4);
    const earlier = await formCommittee(enclaves, 3, { contract: OTHER_CONTRACT });
    const old = bundlesOf(earlier.events).find((e) => e.validator === "v4")!.bundles;
    const replay: Wrap = (request, inner) => {
      const answer = inner(request);
      return answer.kind === "dkg-bundles" ? { ...answer, bundles: old } : answer;
    };
    const { record, events } = await formCommittee(enclaves, 3, { wraps: new Map([[4, replay]]) });
    expect(record.disqualified).toEqual([{ validator: "v4", reason: "bundle belongs to another DKG session" }]);
    expectHonestAgreement(events, record, ["v1", "v2", "v3"]);
    expectWorkingKeys(record, enclaves);
  });

  it("A12: a forged complaint gets no share revealed; a false but signed complaint is answered and the dealer stays", async () => {
    const enclaves = makeEnclaves(4);
    const secret3 = enclaves[2]!.dumpSecretsForTest().signingSecretKey;
    const accuse: Wrap = (request, inner) => {
      const answer = inner(request);
      if (answer.kind !== "dkg-complaints" || request.kind !== "dkg-respond") return answer;
      const sessionId = request.bundles.decryption[0]!.sessionId;
      const falseOne = { sessionId, accuser: 3, dealer: 1 };
      const forged = { sessionId, accuser: 2, dealer: 4, reason: "forged", signature: new Uint8Array(64).fill(1) };
      const signed = { ...falseOne, reason: "false", signature: signMessage(complaintSigningBytes(falseOne), secret3) };
      return { ...answer, complaints: { ...answer.complaints, decryption: [signed, forged] } };
    };
    const { record, events } = await formCommittee(enclaves, 3, { wraps: new Map([[3, accuse]]) });
    const justified = (validator: string) => {
      const event = events.find((e) => e.type === "dkg-justifications" && e.validator === validator);
      return event?.type === "dkg-justifications" ? event.justifications.decryption.map((j) => j.recipient) : undefined;
    };
    expect(justified("v1")).toEqual([3]);
    expect(justified("v4")).toEqual([]);
    expect(record.disqualified).toEqual([]);
    expectHonestAgreement(events, record, ["v1", "v2", "v3", "v4"]);
  });

  it("a member whose enclave refuses to deal is reported and left out of QUAL; the others still form the committee", async () => {
    const enclaves = makeEnclaves(4);
    const offline: Wrap = (request, inner) => (request.kind === "dkg-deal" ? { kind: "error", message: "enclave offline" } : inner(request));
    const { record, events } = await formCommittee(enclaves, 3, { wraps: new Map([[3, offline]]) });
    expect(events).toContainEqual(expect.objectContaining({ type: "dkg-member-failed", validator: "v3", round: "deal", message: "enclave offline" }));
    expect(record.disqualified).toEqual([{ validator: "v3", reason: "sent no bundle" }]);
    expectWorkingKeys(record, enclaves);
  });

  it("fewer than t enclaves agreeing on the result fails the ceremony in one line", async () => {
    const enclaves = makeEnclaves(4);
    const silent: Wrap = (request, inner) => (request.kind === "dkg-finalize" ? { kind: "error", message: "no" } : inner(request));
    await expect(formCommittee(enclaves, 3, { wraps: new Map([[1, silent], [2, silent]]) })).rejects.toThrow(
      /^committee key ceremony failed: 2 enclaves agreed on the keys, 3 needed \(v1: no\)$/,
    );
  });

  it("rounds are idempotent and an enclave refuses a second, different set of bundles for the same session", async () => {
    const enclaves = makeEnclaves(3);
    const { events } = await formCommittee(enclaves, 2);
    const started = events[0]!;
    if (started.type !== "dkg-started") throw new Error("no start event");
    const session = { chainId: 61_999n, epoch: 1, contract: started.contract, keyGeneration: 1, threshold: 2, members: started.members };
    const again = enclaves[0]!.handle({ kind: "dkg-deal", session });
    expect(stableJson(again)).toContain(stableJson(bundlesOf(events)[0]!.bundles));
    const bundles = bundlesOf(events);
    const partial = { decryption: bundles.slice(1).map((b) => b.bundles.decryption), state: bundles.slice(1).map((b) => b.bundles.state) };
    const refused = enclaves[0]!.handle({ kind: "dkg-respond", session, bundles: partial });
    expect(refused).toEqual({ kind: "error", message: "dkg-respond refused: this enclave already answered other bundles for this session" });
  });
});
