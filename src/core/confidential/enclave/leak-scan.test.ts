import { describe, expect, it } from "vitest";
import { encode } from "../../calldata";
import { encryptCallArgs } from "../client.js";
import { createDecryptionShare } from "../decryption-share.js";
import { encodePoint, encodeScalar, mulSecret, utf8 } from "../group.js";
import type { ConfidentialTxContext } from "../label.js";
import { verifyCiphertext } from "../tdh2.js";
import { statePoint } from "../threshold-prf.js";
import type { EnclaveResponse } from "./enclave-messages.js";
import { stateKeyLabel } from "./enclave-shares.js";
import { CHAIN_ID, CONTRACT, SENDER, SLOTS, formCommittee, makeEnclaves, memberOf, txFields } from "./enclave-test-fixtures.js";
import { orderedSlots } from "./tx-context.js";
import { addressToBytes, decodeCiphertext, fromHex0x, pointFromHex, toHex0x } from "./wire.js";

const MARKER = "A18-PLAINTEXT-MARKER-5e7b";

/** Every byte string and text reachable in a value (objects, arrays, Maps). */
function leaves(value: unknown, out: { bytes: Uint8Array[]; texts: string[] } = { bytes: [], texts: [] }) {
  if (value instanceof Uint8Array) out.bytes.push(value);
  else if (typeof value === "string") out.texts.push(value.toLowerCase());
  else if (value instanceof Map) for (const [key, item] of value) leaves(key, out), leaves(item, out);
  else if (Array.isArray(value)) value.forEach((item) => leaves(item, out));
  else if (typeof value === "object" && value !== null) Object.values(value).forEach((item) => leaves(item, out));
  return out;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Names of the needles found anywhere in the scanned values, in bytes or as hex / utf-8 text. */
function scan(values: readonly unknown[], needles: ReadonlyMap<string, Uint8Array>): string[] {
  const { bytes, texts } = leaves(values);
  const found: string[] = [];
  for (const [name, needle] of needles) {
    const hex = toHex0x(needle).slice(2);
    const text = new TextDecoder("utf-8", { fatal: false }).decode(needle).toLowerCase();
    if (bytes.some((b) => contains(b, needle)) || texts.some((t) => t.includes(hex) || (text.length >= 8 && t.includes(text)))) found.push(name);
  }
  return found;
}

describe("A18: nothing secret leaves the enclaves through handle or publish", () => {
  it("no valid U_i, key share, PRF share or plaintext in any answer or chain event; positive controls find them in clear copies", async () => {
    const enclaves = makeEnclaves(5);
    const outbound: unknown[] = [];
    const spy = (response: EnclaveResponse) => void outbound.push(response);
    const { record, events } = await formCommittee(enclaves, 3, { spy });
    outbound.push(...events);

    const tx = txFields({ senderNonce: 900n });
    const { publicArgs, confidential } = encryptCallArgs({
      committee: record, chainId: CHAIN_ID, contract: CONTRACT, method: tx.method, sender: SENDER, senderNonce: tx.senderNonce, slots: SLOTS,
      args: [77n, "public", MARKER],
    });
    outbound.push(publicArgs, confidential);
    const executing = enclaves[0]!;
    const recipient = { participantId: memberOf(record, executing).participantId, transportKey: executing.transportKey };
    const sealedShares = [];
    const sealedStateShares = [];
    for (const enclave of enclaves) {
      const share = enclave.handle({ kind: "decryption-share", committee: record, tx, confidential, schemaSlots: SLOTS, recipient });
      const state = enclave.handle({ kind: "state-share", committee: record, contract: CONTRACT, recipient });
      outbound.push(share, state);
      if (share.kind === "decryption-share") sealedShares.push(share.sealed);
      if (state.kind === "state-share") sealedStateShares.push(state.sealed);
    }
    const result = executing.openExecution({ committee: record, tx, confidential, schemaSlots: SLOTS, sealedShares, sealedStateShares });
    if (!result.ok) throw new Error(result.message);
    const { opened } = result;
    outbound.push(opened.shares, opened.evidence, opened.seal("notes", 1, encode(MARKER)), opened.sealNondet([encode(MARKER)]), opened.sign(utf8(MARKER)));

    const context: ConfidentialTxContext = {
      chainId: CHAIN_ID, committeeId: fromHex0x(record.id, "id", 32), keyGeneration: 1, contract: addressToBytes(CONTRACT), method: tx.method,
      sender: addressToBytes(SENDER), senderNonce: tx.senderNonce, confidentialArgCount: 2,
    };
    const verified = verifyCiphertext(decodeCiphertext(confidential.ciphertext), context, orderedSlots(SLOTS), pointFromHex(record.publicKey, "Y"));
    const point = statePoint(stateKeyLabel(CHAIN_ID, CONTRACT));
    const needles = new Map<string, Uint8Array>([["plaintext", utf8(MARKER)], ["encoded plaintext", encode(MARKER)]]);
    const dumps = enclaves.map((enclave) => ({ enclave, dump: enclave.dumpSecretsForTest() }));
    for (const { enclave, dump } of dumps) {
      const entry = dump.committees.find((c) => c.id === record.id)!;
      needles.set(`U_${entry.participantId}`, encodePoint(mulSecret(verified.kemPoint, entry.share)));
      needles.set(`x_${entry.participantId}`, encodeScalar(entry.share));
      needles.set(`x_s,${entry.participantId}`, encodeScalar(entry.stateShare));
      needles.set(`S_${entry.participantId}`, encodePoint(mulSecret(point, entry.stateShare)));
      needles.set(`signing key of ${enclave.validator}`, dump.signingSecretKey);
      needles.set(`transport key of ${enclave.validator}`, dump.transportSecretKey);
    }

    expect(leaves(outbound).bytes.length).toBeGreaterThan(100);
    expect(scan(outbound, needles)).toEqual([]);

    // Positive controls: the scanner does find them where they are in clear.
    const entry1 = dumps[1]!.dump.committees.find((c) => c.id === record.id)!;
    const unsealed = createDecryptionShare(verified, { id: entry1.participantId, secret: entry1.share }, dumps[1]!.dump.signingSecretKey);
    expect(scan([unsealed], needles)).toEqual([`U_${entry1.participantId}`]);
    expect(scan([executing.dumpSecretsForTest().cachedArguments], needles)).toEqual(["plaintext", "encoded plaintext"]);
    expect(scan([{ memo: `note: ${MARKER}` }], needles)).toEqual(["plaintext"]);
  }, 60_000);
});
