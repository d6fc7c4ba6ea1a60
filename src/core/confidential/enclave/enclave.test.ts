import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { CONTEXT, ENCLAVE_BUNDLE, ENCLAVE_IDENTITY, NOW, makeWorld, platformSpec } from "../attestation/attestation-fixtures.js";
import { measureEnclaveBundle } from "../attestation/chain.js";
import { utf8 } from "../group.js";
import { Enclave, emulatedPlatformInit } from "./enclave.js";
import { CHAIN_ID, ROOT, makeEnclaves, validatorAddress } from "./enclave-test-fixtures.js";
import { REQUEST_KINDS } from "./request-validation.js";
import { deriveEnclaveSeed, seededRandomSource, withRandomSource } from "./seeded-randomness.js";

function init(index: number, overrides: Partial<Parameters<typeof Enclave.create>[0]> = {}) {
  return {
    validator: `v${index}`,
    address: validatorAddress(index),
    chainId: CHAIN_ID,
    measurement: measureEnclaveBundle(ENCLAVE_BUNDLE),
    seed: deriveEnclaveSeed(utf8("network-seed-1"), `v${index}`),
    platform: emulatedPlatformInit(ROOT, platformSpec(index), ENCLAVE_BUNDLE, ENCLAVE_IDENTITY),
    ...overrides,
  };
}

function identityOf(enclave: Enclave) {
  const answer = enclave.handle({ kind: "identity" });
  if (answer.kind !== "identity") throw new Error(JSON.stringify(answer));
  return answer;
}

describe("Enclave identity and boot", () => {
  it("derives its keys from the seed: same seed → same keys, another validator → other keys; public halves match", () => {
    const [a] = makeEnclaves(1);
    const [again] = makeEnclaves(1);
    const [other] = makeEnclaves(1, "network-seed-1", 1);
    const id = identityOf(a!);
    expect(id.enclaveKey).toEqual(identityOf(again!).enclaveKey);
    expect(id.transportKey).toEqual(identityOf(again!).transportKey);
    expect(id.enclaveKey).not.toEqual(identityOf(other!).enclaveKey);
    expect(id.measurement).toEqual(measureEnclaveBundle(ENCLAVE_BUNDLE));
    expect(id).toMatchObject({ validator: "v1", address: validatorAddress(1), chainId: CHAIN_ID });
    const dump = a!.dumpSecretsForTest();
    expect(ed25519.getPublicKey(dump.signingSecretKey)).toEqual(id.enclaveKey);
    expect(x25519.getPublicKey(dump.transportSecretKey)).toEqual(id.transportKey);
  });

  it("refuses inconsistent init data in one line", () => {
    const bad = [
      init(1, { measurement: measureEnclaveBundle(utf8("other bundle")) }),
      init(1, { address: "0x1234" }),
      init(1, { seed: new Uint8Array(4) }),
      init(1, { platform: { ...emulatedPlatformInit(ROOT, platformSpec(1), ENCLAVE_BUNDLE, ENCLAVE_IDENTITY), certificate: ROOT.manufacture(platformSpec(2)).certificate } }),
    ];
    for (const data of bad) {
      expect(() => Enclave.create(data)).toThrow(/^enclave init refused: [^\n]+$/);
    }
  });

  it("the secret dump is refused unless the enclave was created with the test seam", () => {
    const enclave = Enclave.create(init(1));
    expect(() => enclave.dumpSecretsForTest()).toThrow(/secret dump refused/);
  });
});

describe("attest → AttestationRegistry.register", () => {
  it("the enclave's quote binds its keys, address, chain, nonce and time, and the registry accepts it", () => {
    const world = makeWorld();
    const [enclave] = makeEnclaves(1);
    const nonce = world.registry.issueNonce(CONTEXT.height);
    const answer = enclave!.handle({ kind: "attest", nonce, timestamp: NOW, height: CONTEXT.height });
    if (answer.kind !== "attestation") throw new Error(JSON.stringify(answer));
    expect(answer.height).toBe(CONTEXT.height);
    expect(answer.registration.enclaveSigPk).toEqual(enclave!.enclaveKey);
    const result = world.registry.register(answer.registration, CONTEXT);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.registration.validatorAddress).toBe(validatorAddress(1));
  });

  it("negative controls: the same quote under another address or another nonce is rejected (rules 7, 8)", () => {
    const world = makeWorld();
    const [enclave] = makeEnclaves(1);
    const nonce = world.registry.issueNonce(CONTEXT.height);
    const answer = enclave!.handle({ kind: "attest", nonce, timestamp: NOW });
    if (answer.kind !== "attestation") throw new Error(JSON.stringify(answer));
    const stolen = world.registry.register({ ...answer.registration, validatorAddress: validatorAddress(9) }, CONTEXT);
    expect(stolen).toMatchObject({ ok: false, rule: 7 });
    const otherNonce = world.registry.issueNonce(CONTEXT.height);
    expect(world.registry.register({ ...answer.registration, registryNonce: otherNonce }, CONTEXT)).toMatchObject({ ok: false, rule: 7 });
    const unknownNonce = enclave!.handle({ kind: "attest", nonce: new Uint8Array(32).fill(9), timestamp: NOW });
    if (unknownNonce.kind !== "attestation") throw new Error(JSON.stringify(unknownNonce));
    expect(world.registry.register(unknownNonce.registration, CONTEXT)).toMatchObject({ ok: false, rule: 8, code: "nonce-unknown" });
  });
});

describe("allow-list: only typed requests reach the enclave", () => {
  const [enclave] = makeEnclaves(1);
  const refusals: [string, unknown][] = [
    ["not an object", null],
    ["a number", 42],
    ["a bare string", "identity"],
    ["an array", [{ kind: "identity" }]],
    ["a Map", new Map([["kind", "identity"]])],
    ["no kind", {}],
    ["unknown kind", { kind: "dump-secrets" }],
    ["in-worker method by name", { kind: "openExecution" }],
    ["test seam by name", { kind: "dumpSecretsForTest" }],
    ["prototype names", { kind: "__proto__" }],
    ["prototype names", { kind: "constructor" }],
    ["kind of the wrong type", { kind: 1 }],
    ["an extra field", { kind: "identity", verbose: true }],
    ["nonce as hex text", { kind: "attest", nonce: "0x" + "00".repeat(32), timestamp: 1 }],
    ["short nonce", { kind: "attest", nonce: new Uint8Array(31), timestamp: 1 }],
    ["negative timestamp", { kind: "attest", nonce: new Uint8Array(32), timestamp: -1 }],
    ["missing field", { kind: "decryption-share", committee: {} }],
    ["state share for a caller's point", { kind: "state-share", committee: {}, contract: "0x" + "00".repeat(20), recipient: {}, point: new Uint8Array(32) }],
    ["chain id as number", { kind: "dkg-deal", session: { chainId: 1, epoch: 1, contract: "0x" + "00".repeat(20), keyGeneration: 1, threshold: 1, members: [] } }],
  ];

  for (const [what, request] of refusals) {
    it(`refuses ${what} with one line, without throwing`, () => {
      const answer = enclave!.handle(request);
      expect(answer.kind).toBe("error");
      if (answer.kind === "error") {
        expect(answer.message).toMatch(/^request not allowed: /);
        expect(answer.message).not.toContain("\n");
      }
    });
  }

  it("a request whose fields throw when read is refused, not thrown", () => {
    const hostile = new Proxy({ kind: "identity" }, { ownKeys: () => { throw new Error("boom\nstack"); } });
    const answer = enclave!.handle(hostile);
    expect(answer).toEqual({ kind: "error", message: "request not allowed: identity: malformed request" });
  });

  it("the allow-list is exactly the documented kinds", () => {
    expect([...REQUEST_KINDS].sort()).toEqual([
      "attest", "auditor-open", "decryption-share", "dkg-deal", "dkg-finalize", "dkg-justify", "dkg-respond", "identity",
      "reshare-deal", "reshare-finalize", "reshare-justify", "reshare-respond", "seal-store", "state-share",
    ]);
  });

  it("a well-formed request that the enclave cannot serve is refused in one line naming the kind", () => {
    const answer = enclave!.handle({
      kind: "dkg-deal",
      session: { chainId: CHAIN_ID + 1n, epoch: 1, contract: "0x" + "00".repeat(20), keyGeneration: 1, threshold: 1, members: [] },
    });
    expect(answer.kind).toBe("error");
    if (answer.kind === "error") expect(answer.message).toMatch(/^dkg-deal refused: [^\n]+$/);
  });
});

describe("seeded randomness scope", () => {
  it("routes random draws to the seeded stream and restores crypto.getRandomValues, also after a throw", () => {
    const original = globalThis.crypto.getRandomValues;
    const draw = () => globalThis.crypto.getRandomValues(new Uint8Array(16));
    const a = withRandomSource(seededRandomSource(utf8("seed"), "t"), draw);
    const b = withRandomSource(seededRandomSource(utf8("seed"), "t"), draw);
    expect(a).toEqual(b);
    expect(withRandomSource(seededRandomSource(utf8("seed"), "u"), draw)).not.toEqual(a);
    expect(() => withRandomSource(seededRandomSource(utf8("seed"), "t"), () => { throw new Error("inner"); })).toThrow("inner");
    expect(globalThis.crypto.getRandomValues).toBe(original);
    expect(draw()).not.toEqual(a);
  });
});
