/** Expiry, revocation and TCB recovery after registration, and the committee each epoch. */
import { describe, expect, it } from "vitest";
import { utf8 } from "./encoding.js";
import {
  CONTEXT, EPOCH_LENGTH, FMSPC, HEIGHT, VALIDATOR_A, VALIDATOR_B, VALIDATOR_C, buildRegistration, cpuSvn, makeWorld, tcbTable,
} from "./attestation-fixtures.js";

/** A registered at HEIGHT on platform 1 (TCB level 5), B on platform 2 (level 4), C on platform 3 with another bundle. */
function threeValidators() {
  const world = makeWorld();
  const otherBundle = utf8("/* GL enclave worker v2 */");
  const otherMeasurement = world.registry.allowBundle(otherBundle, { activeFromHeight: 0, minIsvSvn: 0 });
  const ok = [
    world.registry.register(buildRegistration(world, world.platform(1), { validator: VALIDATOR_A }), CONTEXT),
    world.registry.register(buildRegistration(world, world.platform(2, { cpuSvn: cpuSvn(4) }), { validator: VALIDATOR_B }), CONTEXT),
    world.registry.register(buildRegistration(world, world.platform(3), { validator: VALIDATOR_C, bundle: otherBundle }), CONTEXT),
  ].every((r) => r.ok);
  expect(ok).toBe(true);
  return { world, otherMeasurement };
}

const nextEpochStart = (height: number) => (Math.floor(height / EPOCH_LENGTH) + 1) * EPOCH_LENGTH;

describe("committee and expiry", () => {
  it("the committee is who is valid at an epoch's first block; a mid-epoch registration joins at the next epoch", () => {
    const { world } = threeValidators(); // registered at HEIGHT, the first block of epoch 10
    const first = world.registry.advanceCommittee(HEIGHT);
    expect(first).toMatchObject({ epoch: 10, members: [VALIDATOR_A, VALIDATOR_B, VALIDATOR_C], reshareRequired: true });
    const late = "0x" + "d4".repeat(20);
    const midEpoch = { ...CONTEXT, height: HEIGHT + 50 };
    expect(world.registry.register(buildRegistration(world, world.platform(4), { validator: late, height: midEpoch.height }), midEpoch).ok).toBe(true);
    expect(world.registry.advanceCommittee(midEpoch.height)).toMatchObject({ epoch: 10, added: [], reshareRequired: false });
    const next = world.registry.advanceCommittee(nextEpochStart(HEIGHT));
    expect(next).toMatchObject({ epoch: 11, added: [late], removed: [], reshareRequired: true });
    expect(next.members).toEqual([VALIDATOR_A, VALIDATOR_B, VALIDATOR_C, late]);
  });

  it("an unchanged committee needs no reshare", () => {
    const { world } = threeValidators();
    world.registry.advanceCommittee(nextEpochStart(HEIGHT));
    const same = world.registry.advanceCommittee(nextEpochStart(HEIGHT) + EPOCH_LENGTH);
    expect(same.removed).toEqual([]);
    expect(same.reshareRequired).toBe(false);
  });

  it("registration expiry removes the validator at the next epoch and triggers a reshare", () => {
    const { world } = threeValidators();
    const expiry = world.registry.registration(VALIDATOR_A)!.expiresAtHeight;
    world.registry.advanceCommittee(expiry - 1);
    expect(world.registry.isValidAt(VALIDATOR_A, expiry - 1)).toBe(true);
    // A renews, B and C do not
    const renewal = buildRegistration(world, world.platform(1), { validator: VALIDATOR_A, keys: "A2", height: expiry - 1 });
    expect(world.registry.register(renewal, { ...CONTEXT, height: expiry - 1 }).ok).toBe(true);
    expect(world.registry.invalidReason(VALIDATOR_B, expiry)).toBe("registration expired");
    const change = world.registry.advanceCommittee(expiry);
    expect(change.members).toEqual([VALIDATOR_A]);
    expect(change.removed).toEqual([VALIDATOR_B, VALIDATOR_C]);
    expect(change.reshareRequired).toBe(true);
  });
});

describe("governance", () => {
  it("revoking a measurement mid-epoch flags its validators at once; the next committee drops them", () => {
    const { world, otherMeasurement } = threeValidators();
    const epochStart = nextEpochStart(HEIGHT);
    world.registry.advanceCommittee(epochStart);
    const midEpoch = epochStart + EPOCH_LENGTH / 2;
    expect(world.registry.revokeMeasurement(otherMeasurement, midEpoch)).toEqual([VALIDATOR_C]);
    expect(world.registry.invalidReason(VALIDATOR_C, midEpoch)).toBe("measurement revoked");
    expect(world.registry.isValidAt(VALIDATOR_A, midEpoch)).toBe(true);
    const change = world.registry.advanceCommittee(epochStart + EPOCH_LENGTH);
    expect(change.removed).toEqual([VALIDATOR_C]);
    expect(change.members).toEqual([VALIDATOR_A, VALIDATOR_B]);
    expect(change.reshareRequired).toBe(true);
  });

  it("revoking a platform flags the validator on it", () => {
    const { world } = threeValidators();
    expect(world.registry.revokePlatform(world.platform(2).platformId)).toEqual([VALIDATOR_B]);
    expect(world.registry.invalidReason(VALIDATOR_B, HEIGHT)).toBe("platform revoked");
    expect(world.registry.validAt(HEIGHT)).toEqual([VALIDATOR_A, VALIDATOR_C]);
  });

  it("TCB recovery: after the evaluation number is bumped, the older level becomes OutOfDate and is flagged", () => {
    const { world } = threeValidators();
    const recovered = tcbTable(FMSPC);
    recovered.levels[1] = { ...recovered.levels[1], status: "OutOfDate" }; // level 4 no longer acceptable
    expect(world.registry.bumpTcbEvaluationNumber([recovered])).toEqual([VALIDATOR_B]);
    expect(world.registry.tcbEvaluationNumber).toBe(2);
    expect(world.registry.registration(VALIDATOR_B)!.tcbStatus).toBe("OutOfDate");
    expect(world.registry.invalidReason(VALIDATOR_B, HEIGHT)).toBe("TCB level no longer accepted");
    expect(world.registry.isValidAt(VALIDATOR_A, HEIGHT)).toBe(true);
    // a new registration from that platform is now refused by rule 3
    const again = buildRegistration(world, world.platform(4, { cpuSvn: cpuSvn(4) }), { validator: "0x" + "d4".repeat(20) });
    const result = world.registry.register(again, CONTEXT);
    expect(!result.ok && result.code).toBe("tcb-status");
  });

  it("an unregistered validator is never valid", () => {
    const world = makeWorld();
    expect(world.registry.invalidReason(VALIDATOR_A, HEIGHT)).toBe("not registered");
  });
});
