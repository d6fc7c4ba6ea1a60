/**
 * Committees on the ledger: selection only from attested validators and deterministic for a seed,
 * t/n validation, committee records and key generations, expiry by height and revocation rotating
 * members out (`needsReshare` names who leaves and who replaces them).
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../attestation/encoding.js";
import { tcbTable, cpuSvn } from "../attestation/attestation-fixtures.js";
import { committeeIdFor } from "../label.js";
import { ConfidentialLedgerError } from "./ledger-config.js";
import {
  BLOCK_MS, CONTRACT, EXPIRY_HEIGHT, T0, attest, candidates, makeLedger, msAtHeight, recordFor, validatorAddress, type LedgerWorld,
} from "./ledger-fixtures.js";

/** A ledger with v1..v<count> attested at T0. */
function attested(count: number): LedgerWorld {
  const env = makeLedger();
  for (let i = 1; i <= count; i++) attest(env, i);
  return env;
}

describe("expiry by height", () => {
  it("a registration stands until the last block before its expiry height, then the validator is out", () => {
    const env = attested(2);
    expect(env.ledger.attestedValidators(msAtHeight(EXPIRY_HEIGHT - 1))).toEqual(["v1", "v2"]);
    expect(env.ledger.attestedValidators(msAtHeight(EXPIRY_HEIGHT))).toEqual([]);
    expect(env.ledger.invalidReason("v1", msAtHeight(EXPIRY_HEIGHT))).toBe(`attestation expired at height ${EXPIRY_HEIGHT}`);
    expect(env.ledger.invalidReason("v9", T0)).toBe("not attested");
  });

  it("announceExpiries emits one registration-expired event per registration, once", () => {
    const env = attested(2);
    expect(env.ledger.announceExpiries(msAtHeight(EXPIRY_HEIGHT - 1))).toEqual([]);
    expect(env.ledger.announceExpiries(msAtHeight(EXPIRY_HEIGHT))).toEqual(["v1", "v2"]);
    expect(env.ledger.announceExpiries(msAtHeight(EXPIRY_HEIGHT + 5))).toEqual([]);
    const expired = env.ledger.events.filter((e) => e.type === "registration-expired");
    expect(expired.map((e) => e.type === "registration-expired" && [e.validator, e.expiresAtHeight, e.height])).toEqual([
      ["v1", EXPIRY_HEIGHT, EXPIRY_HEIGHT],
      ["v2", EXPIRY_HEIGHT, EXPIRY_HEIGHT],
    ]);
  });

  it("an expired member rotates out: needsReshare names it and picks an attested replacement", () => {
    const env = attested(3);
    const selection = env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(5), n: 3, seed: "s", atMs: T0 });
    env.ledger.recordCommittee(recordFor(selection, T0 + BLOCK_MS));
    // v1 re-attests in epoch 11 (valid until 1400), v4 and v5 attest then too; v2 and v3 do not renew.
    const renewAt = msAtHeight(1150);
    attest(env, 1, renewAt, { keyLabel: "v1-renewed" });
    attest(env, 4, renewAt);
    attest(env, 5, renewAt);
    expect(env.ledger.needsReshare(CONTRACT, msAtHeight(EXPIRY_HEIGHT - 1))).toBeNull();
    const need = env.ledger.needsReshare(CONTRACT, msAtHeight(EXPIRY_HEIGHT), { candidates: candidates(5), seed: "s" })!;
    expect(need.leaving).toEqual([
      { validator: "v2", reason: `attestation expired at height ${EXPIRY_HEIGHT}` },
      { validator: "v3", reason: `attestation expired at height ${EXPIRY_HEIGHT}` },
    ]);
    expect(need.staying).toEqual(["v1"]);
    expect(need.joining).toEqual(["v4", "v5"]);
    expect(need.members).toEqual(["v1", "v4", "v5"]);
    // Only 1 of the 2 members the old threshold needs is left to deal: the key cannot move.
    expect(need.threshold).toBe(2);
    expect(need.canReshare).toBe(false);
    expect(need.summary).toMatch(/^key lost for 0xc0c0.*a fresh DKG is needed/);
    expect(need.summary).not.toContain("\n");
  });

  it("a member whose enclave keys changed by renewal still stands; the committee record keeps its attested keys", () => {
    const env = attested(3);
    const selection = env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(3), n: 3, seed: "s", atMs: T0 });
    env.ledger.recordCommittee(recordFor(selection, T0));
    attest(env, 1, msAtHeight(1150), { keyLabel: "v1-renewed" });
    // A record published now with v1's old keys is refused: they are no longer the attested ones.
    const again = recordFor({ ...selection, keyGeneration: 2 }, msAtHeight(1150));
    expect(() => env.ledger.recordCommittee(again)).toThrow(/member v1's address or enclave keys differ from its attestation/);
  });
});

describe("revocation", () => {
  it("revoking a validator, a platform or a measurement flags the registrations at once, with events", () => {
    const env = attested(4);
    expect(env.ledger.revoke({ validator: "v1" }, T0 + BLOCK_MS)).toEqual(["v1"]);
    expect(env.ledger.revoke({ platform: env.world.platform(2).platformId }, T0 + BLOCK_MS)).toEqual(["v2"]);
    expect(env.ledger.attestedValidators(T0 + BLOCK_MS)).toEqual(["v3", "v4"]);
    expect(env.ledger.revoke({ measurement: env.world.mrEnclave }, T0 + 2 * BLOCK_MS)).toEqual(["v3", "v4"]);
    expect(env.ledger.attestedValidators(T0 + 2 * BLOCK_MS)).toEqual([]);
    expect(env.ledger.invalidReason("v1", T0 + 2 * BLOCK_MS)).toBe("validator revoked");
    expect(env.ledger.invalidReason("v2", T0 + 2 * BLOCK_MS)).toBe("platform revoked");
    expect(env.ledger.invalidReason("v3", T0 + 2 * BLOCK_MS)).toBe("measurement revoked");
    const revocations = env.ledger.events.filter((e) => e.type === "revocation").map((e) => e.type === "revocation" && [e.target, e.affected]);
    expect(revocations).toEqual([["validator", ["v1"]], ["platform", ["v2"]], ["measurement", ["v3", "v4"]]]);
    expect(env.ledger.events.filter((e) => e.type === "registration-revoked")).toHaveLength(4);
    // A revoked registration never expires a second time in the log.
    expect(env.ledger.announceExpiries(msAtHeight(EXPIRY_HEIGHT))).toEqual([]);
  });

  it("a revoked validator may attest again with fresh keys; a revoked platform may not", () => {
    const env = attested(2);
    env.ledger.revoke({ validator: "v1" }, T0);
    env.ledger.revoke({ platform: env.world.platform(2).platformId }, T0);
    attest(env, 1, T0 + BLOCK_MS, { keyLabel: "v1-again" });
    expect(env.ledger.isAttested("v1", T0 + BLOCK_MS)).toBe(true);
    expect(() => attest(env, 2, T0 + BLOCK_MS, { keyLabel: "v2-again" })).toThrow(/rule 2, platform-revoked/);
  });

  it("a revoked committee member makes the committee reshare to an attested replacement", () => {
    const env = attested(5);
    const selection = env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(5), n: 4, seed: "s", atMs: T0 });
    env.ledger.recordCommittee(recordFor(selection, T0));
    const outsider = candidates(5).find((c) => !selection.members.some((m) => m.validator === c.id))!.id;
    const victim = selection.members[0].validator;
    env.ledger.revoke({ validator: victim }, T0 + BLOCK_MS);
    const need = env.ledger.needsReshare(CONTRACT, T0 + BLOCK_MS, { candidates: candidates(5), seed: "s" })!;
    expect(need.leaving).toEqual([{ validator: victim, reason: "validator revoked" }]);
    expect(need.joining).toEqual([outsider]);
    expect(need.members).toHaveLength(4);
    expect(need.members).not.toContain(victim);
    expect(need.threshold).toBe(3);
    expect(need.canReshare).toBe(true);
    expect(need.summary).toContain(`leaving: ${victim} (validator revoked)`);
  });

  it("TCB recovery flags registrations whose level is no longer accepted", () => {
    const env = makeLedger();
    attest(env, 1);
    attest(env, 2, T0, { platformSpec: { cpuSvn: cpuSvn(6) } });
    const stricter = { ...tcbTable(), levels: [{ cpuSvn: cpuSvn(6), pceSvn: 10, status: "UpToDate" as const }, ...tcbTable().levels.slice(1).map((l) => ({ ...l, status: "OutOfDate" as const }))] };
    expect(env.ledger.updateTcbInfo([stricter], T0 + BLOCK_MS)).toEqual(["v1"]);
    expect(env.ledger.tcbEvaluationNumber).toBe(2);
    expect(env.ledger.attestedValidators(T0 + BLOCK_MS)).toEqual(["v2"]);
    expect(env.ledger.attestation("v1")).toMatchObject({ tcbStatus: "OutOfDate", revoked: "TCB level no longer accepted" });
  });
});

describe("committee selection", () => {
  it("chooses only attested validators whose address matches, with stake, and refuses when fewer than n remain", () => {
    const env = makeLedger();
    for (const i of [1, 2, 4, 5, 6]) attest(env, i);
    const pool = candidates(6, { v6: 0n });
    pool[3] = { ...pool[3], address: validatorAddress(9) }; // v4 claims another address than it attested
    const selection = env.ledger.selectCommittee({ contract: CONTRACT, candidates: pool, n: 3, seed: "s", atMs: T0 });
    expect(selection.members.map((m) => m.validator)).toEqual(["v1", "v2", "v5"]);
    expect(() => env.ledger.selectCommittee({ contract: CONTRACT, candidates: pool, n: 4, seed: "s", atMs: T0 })).toThrow(
      new ConfidentialLedgerError("too-few-attested", `confidential committee for ${CONTRACT}: 3 attested validators, 4 needed`),
    );
  });

  it("is deterministic for a seed and varies with it", () => {
    const pick = (seed: string) => {
      const env = attested(7);
      return env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(7), n: 3, seed, atMs: T0 }).members.map((m) => m.validator);
    };
    expect(pick("seed-a")).toEqual(pick("seed-a"));
    const sets = new Set(["a", "b", "c", "d", "e", "f", "g", "h"].map((s) => pick(`seed-${s}`).join(",")));
    expect(sets.size).toBeGreaterThan(1);
  });

  it("numbers members 1..n in id order, with their attested keys, and derives the committee id from them", () => {
    const env = attested(5);
    const s = env.ledger.selectCommittee({ contract: CONTRACT.toUpperCase().replace("0X", "0x"), candidates: candidates(5), n: 4, seed: "s", atMs: T0 });
    expect(s.contract).toBe(CONTRACT);
    expect(s.members.map((m) => m.participantId)).toEqual([1, 2, 3, 4]);
    expect(s.members.map((m) => m.validator)).toEqual([...s.members.map((m) => m.validator)].sort());
    for (const m of s.members) expect(m.enclaveKey).toBe(env.ledger.attestation(m.validator)!.enclaveKey);
    expect(s.epoch).toBe(10);
    expect(s.keyGeneration).toBe(1);
    expect(s.threshold).toBe(3); // ⌈2·4/3⌉
    const expectedId = committeeIdFor(BigInt(env.ledger.config.chainId), 10n, s.members.map((m) => fromHex(m.enclaveKey)));
    expect(s.committeeId).toBe("0x" + Buffer.from(expectedId).toString("hex"));
    expect(env.ledger.events.at(-1)).toMatchObject({ type: "committee-selected", contract: CONTRACT, committeeId: s.committeeId, members: s.members.map((m) => m.validator) });
  });

  it.each<[string, { n?: number; t?: number }, RegExp]>([
    ["t = 0", { n: 3, t: 0 }, /threshold 0 is invalid for a committee of 3/],
    ["t > n", { n: 3, t: 4 }, /threshold 4 is invalid for a committee of 3/],
    ["a fractional t", { n: 3, t: 1.5 }, /threshold 1.5 is invalid/],
    ["n = 0", { n: 0 }, /size 0 is invalid/],
  ])("refuses %s with one line", (_name, sizes, message) => {
    const env = attested(4);
    let error: unknown;
    try {
      env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(4), seed: "s", atMs: T0, ...sizes });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfidentialLedgerError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("uses the contract's deploy options, then the ledger default (n = validatorsPerTx)", () => {
    const env = attested(6);
    const byDefault = env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(6), seed: "s", atMs: T0 });
    expect([byDefault.members.length, byDefault.threshold]).toEqual([5, 4]);
    env.ledger.registerContract({ contract: CONTRACT, committeeSize: 4, threshold: 2 }, T0);
    const configured = env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(6), seed: "s", atMs: T0 });
    expect([configured.members.length, configured.threshold]).toEqual([4, 2]);
    expect(() => env.ledger.registerContract({ contract: CONTRACT, committeeSize: 2, threshold: 3 }, T0)).toThrow(/threshold 3 is invalid for a committee of 2/);
  });
});

describe("committee records", () => {
  it("keeps every key generation; a new key is committee-formed, the same key reshared is committee-reshared", () => {
    const env = attested(5);
    const first = env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(3), n: 3, seed: "s", atMs: T0 });
    env.ledger.recordCommittee(recordFor(first, T0 + BLOCK_MS, "0x" + "aa".repeat(32)));
    expect(env.ledger.events.at(-1)).toMatchObject({ type: "committee-formed", keyGeneration: 1, members: ["v1", "v2", "v3"], publicKey: "0x" + "aa".repeat(32) });
    const pool = candidates(5).filter((c) => c.id !== "v1");
    const second = env.ledger.selectCommittee({ contract: CONTRACT, candidates: pool, n: 3, seed: "s", atMs: T0 + 2 * BLOCK_MS });
    expect(second.keyGeneration).toBe(2);
    env.ledger.recordCommittee(recordFor(second, T0 + 3 * BLOCK_MS, "0x" + "aa".repeat(32)));
    const before = ["v1", "v2", "v3"];
    const after = second.members.map((m) => m.validator);
    expect(env.ledger.events.at(-1)).toMatchObject({
      type: "committee-reshared",
      keyGeneration: 2,
      previousCommitteeId: first.committeeId,
      committeeId: second.committeeId,
      members: after,
      removed: before.filter((v) => !after.includes(v)),
      added: after.filter((v) => !before.includes(v)),
    });
    expect(after).not.toContain("v1");
    expect(env.ledger.committeeHistory(CONTRACT).map((r) => r.keyGeneration)).toEqual([1, 2]);
    expect(env.ledger.committeeOf(CONTRACT)!.id).toBe(second.committeeId);
    expect(env.ledger.committeeContracts()).toEqual([CONTRACT]);
  });

  it("refuses records with unattested members, bad participant ids, a bad threshold or an old key generation", () => {
    const env = attested(3);
    const selection = env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(3), n: 3, seed: "s", atMs: T0 });
    const good = recordFor(selection, T0);
    expect(() => env.ledger.recordCommittee(recordFor(selection, msAtHeight(EXPIRY_HEIGHT)))).toThrow(/member v1 is not attested \(attestation expired at height 1300\)/);
    expect(() => env.ledger.recordCommittee({ ...good, members: good.members.map((m) => ({ ...m, participantId: m.participantId + 1 })) })).toThrow(/participant ids must be 1..3/);
    expect(() => env.ledger.recordCommittee({ ...good, threshold: 4 })).toThrow(/threshold 4 is invalid/);
    expect(() => env.ledger.recordCommittee({ ...good, members: good.members.map((m, i) => (i === 0 ? { ...m, transportKey: good.members[1].transportKey } : m)) })).toThrow(/enclave keys differ/);
    expect(env.ledger.committeeOf(CONTRACT)).toBeUndefined();
    env.ledger.recordCommittee(good);
    expect(() => env.ledger.recordCommittee(good)).toThrow(/key generation 1 is not after 1/);
    expect(env.ledger.committeeHistory(CONTRACT)).toHaveLength(1);
  });

  it("the stored record is a copy: changing what was passed in or read out does not change the ledger", () => {
    const env = attested(3);
    const record = recordFor(env.ledger.selectCommittee({ contract: CONTRACT, candidates: candidates(3), n: 3, seed: "s", atMs: T0 }), T0);
    const returned = env.ledger.recordCommittee(record);
    record.members.pop();
    returned.threshold = 99;
    env.ledger.committeeOf(CONTRACT)!.members.pop();
    expect(env.ledger.committeeOf(CONTRACT)!.members).toHaveLength(3);
    expect(env.ledger.committeeOf(CONTRACT)!.threshold).toBe(2);
  });
});
