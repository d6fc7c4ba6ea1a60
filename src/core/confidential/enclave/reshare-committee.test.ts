import { beforeAll, describe, expect, it } from "vitest";
import { decode, encode } from "../../calldata";
import { encryptCallArgs } from "../client.js";
import { G, mulSecret } from "../group.js";
import type { CommitteeRecord } from "../protocol.js";
import { interpolateScalarAtZero } from "../shamir.js";
import { type CommitteeDkgEvent, reshareCommittee } from "./committee-dkg.js";
import type { Enclave } from "./enclave.js";
import {
  CHAIN_ID, CONTRACT, SENDER, SLOTS, type Wrap, collectShares, formCommittee, makeEnclaves, memberHandle, txFields,
} from "./enclave-test-fixtures.js";
import { pointHex } from "./wire.js";

let all: Enclave[];
let old: CommitteeRecord;
let oldCall: ReturnType<typeof encrypt>;
let sealedUnderOld: Uint8Array;

function encrypt(committee: CommitteeRecord, senderNonce: bigint, secret: string) {
  const tx = txFields({ senderNonce, txHash: "0x" + senderNonce.toString(16).padStart(64, "0") });
  const { confidential } = encryptCallArgs({
    committee, chainId: CHAIN_ID, contract: CONTRACT, method: tx.method, sender: SENDER, senderNonce, slots: SLOTS, args: [senderNonce, "memo", secret],
  });
  return { tx, confidential };
}

function openWith(committee: CommitteeRecord, members: readonly Enclave[], executing: Enclave, call: ReturnType<typeof encrypt>) {
  const shares = collectShares(members, executing, committee, call.tx, call.confidential);
  return { errors: shares.errors, result: executing.openExecution({ committee, tx: call.tx, confidential: call.confidential, schemaSlots: SLOTS, ...shares }) };
}

/** Each call uses its own epoch: the same session spec would get the enclaves' earlier (idempotent) answers. */
async function reshare(members: readonly Enclave[], dealers: readonly Enclave[], epoch: number, options: { wrap?: Map<string, Wrap> } = {}) {
  const events: CommitteeDkgEvent[] = [];
  const record = await reshareCommittee({
    chainId: CHAIN_ID, epoch, contract: CONTRACT, previous: old, threshold: 3,
    oldMembers: dealers.map((enclave) => memberHandle(enclave, { wrap: options.wrap?.get(enclave.validator) })),
    members: members.map((enclave) => memberHandle(enclave)),
    publish: (event) => void events.push(event), now: 9_000,
  });
  return { record, events };
}

beforeAll(async () => {
  all = makeEnclaves(6);
  ({ record: old } = await formCommittee(all.slice(0, 4), 3));
  oldCall = encrypt(old, 1n, "old secret");
  const opened = openWith(old, all.slice(0, 4), all[0]!, oldCall).result;
  if (!opened.ok) throw new Error(opened.message);
  sealedUnderOld = opened.opened.seal("vault", 1, encode("sealed before the reshare"));
}, 60_000);

describe("resharing a committee keeps Y and Y_s", () => {
  it("v1..v4 → v2..v6: same public keys, generation + 1, old ciphertexts and old sealed state still open, new ones too", async () => {
    const newMembers = all.slice(1, 6);
    const { record, events } = await reshare(newMembers, all.slice(0, 4), 2);
    expect(record).toMatchObject({
      publicKey: old.publicKey, statePublicKey: old.statePublicKey, keyGeneration: 2, epoch: 2, threshold: 3, previousCommitteeId: old.id,
      createdAt: 9_000, disqualified: [],
    });
    expect(record.id).not.toBe(old.id);
    expect(record.members.map((m) => m.validator)).toEqual(["v2", "v3", "v4", "v5", "v6"]);
    expect(events.filter((e) => e.type === "reshare-bundles").map((e) => e.type === "reshare-bundles" && e.validator)).toEqual(["v1", "v2", "v3", "v4"]);
    expect(events.at(-1)).toMatchObject({ type: "committee", ceremony: "reshare" });

    const shares = newMembers.map((enclave) => enclave.dumpSecretsForTest().committees.find((c) => c.id === record.id)!);
    const x = interpolateScalarAtZero(shares.slice(2).map((s) => ({ id: s.participantId, value: s.share })));
    expect(pointHex(mulSecret(G, x))).toBe(old.publicKey);

    const executing = all[5]!;
    const oldOpen = openWith(record, newMembers, executing, oldCall);
    expect(oldOpen.errors).toEqual([]);
    if (!oldOpen.result.ok) throw new Error(oldOpen.result.message);
    expect(decode(oldOpen.result.opened.args.get(2)!)).toBe("old secret");
    expect(decode(oldOpen.result.opened.open("vault", sealedUnderOld))).toBe("sealed before the reshare");

    const fresh = openWith(record, newMembers, all[1]!, encrypt(record, 2n, "new secret")).result;
    expect(fresh.ok && decode(fresh.opened.args.get(2)!)).toBe("new secret");

    const leaver = all[0]!.handle({
      kind: "state-share", committee: record, contract: CONTRACT, recipient: { participantId: 1, transportKey: all[1]!.transportKey },
    });
    expect(leaver).toMatchObject({ kind: "error", message: expect.stringMatching(/^state-share refused: this enclave holds no key share for committee/) });
  }, 60_000);

  it("an old dealer that stays offline is tolerated while t_old remain; a ciphertext claiming the wrong generation is refused", async () => {
    const offline: Wrap = (request, inner) => (request.kind === "reshare-deal" ? { kind: "error", message: "offline" } : inner(request));
    const newMembers = all.slice(1, 6);
    const { record, events } = await reshare(newMembers, all.slice(0, 4), 3, { wrap: new Map([["v2", offline]]) });
    expect(events).toContainEqual(expect.objectContaining({ type: "dkg-member-failed", ceremony: "reshare", validator: "v2", round: "deal" }));
    expect(record.disqualified).toEqual([{ validator: "v2", reason: "sent no bundle" }]);
    expect(record.publicKey).toBe(old.publicKey);
    const call = encrypt(old, 3n, "grace window");
    const wrongGeneration = { ...call, confidential: { ...call.confidential, keyGeneration: 2 } };
    expect(openWith(record, newMembers, all[5]!, wrongGeneration).errors[0]).toBe("decryption-share refused: invalid confidential ciphertext");
  }, 60_000);

  it("fewer than t_old reachable old dealers abort the reshare in one line", async () => {
    await expect(reshare(all.slice(1, 6), all.slice(0, 2), 4)).rejects.toThrow(
      /^committee key ceremony failed: 0 enclaves agreed on the keys, 3 needed \(v2: reshare-finalize refused: reshare aborted: only 2 qualified dealers, 3 needed\)$/,
    );
  }, 60_000);
});
