/**
 * The caller's side of a confidential call: encrypt the schema's encrypted arguments to the
 * contract's committee key (TDH2 + AES-256-GCM, labels bound to the transaction) and leave `null`
 * at their positions in the public calldata. Used by the app's forms, the scenario runner and,
 * later, JSON-RPC.
 */
import { decode, encode, type CalldataValue } from "../calldata";
import { type ConfidentialTxContext } from "./label.js";
import type { CommitteeRecord, ConfidentialTxData } from "./protocol.js";
import { withTable } from "./multiplication.js";
import { encodeCiphertext, encryptForCommittee } from "./tdh2.js";
import { type RandomSource, withRandomSource } from "./enclave/seeded-randomness.js";
import { orderedSlots } from "./enclave/tx-context.js";
import { valueMatchesHint } from "./enclave/type-hints.js";
import { addressToBytes, fromHex0x, oneLine, pointFromHex } from "./enclave/wire.js";

export interface EncryptCallArgsInput {
  committee: CommitteeRecord;
  chainId: bigint;
  contract: string;
  method: string;
  sender: string;
  /** The transaction's nonce (bound into the label). */
  senderNonce: bigint;
  /** Encrypted parameters from the schema (`"encrypted": [i…]` with each parameter's type). */
  slots: { index: number; typeHint: string }[];
  /** All positional arguments, plaintext included. */
  args: CalldataValue[];
  /** Randomness for the KEM and proof (deterministic scenarios and tests); default: secure random. */
  rng?: RandomSource;
}

export interface EncryptedCallArgs {
  /** The arguments with `null` at every encrypted position. */
  publicArgs: CalldataValue[];
  confidential: ConfidentialTxData;
}

function refuse(detail: string): Error {
  return new Error(`cannot encrypt the arguments: ${detail}`);
}

export function encryptCallArgs(input: EncryptCallArgsInput): EncryptedCallArgs {
  const slots = orderedSlots(input.slots);
  if (slots.length === 0) throw refuse("the method has no encrypted parameters");
  slots.forEach((slot, k) => {
    if (!Number.isInteger(slot.argIndex) || slot.argIndex < 0 || slot.argIndex >= input.args.length) {
      throw refuse(`encrypted parameter ${slot.argIndex} is not among the ${input.args.length} arguments`);
    }
    if (k > 0 && slots[k - 1]!.argIndex === slot.argIndex) throw refuse(`encrypted parameter ${slot.argIndex} is listed twice`);
  });
  const plaintexts = slots.map((slot) => {
    const value = input.args[slot.argIndex]!;
    let bytes: Uint8Array;
    try {
      bytes = encode(value);
    } catch (error) {
      throw refuse(`argument ${slot.argIndex}: ${oneLine(error)}`);
    }
    if (!valueMatchesHint(decode(bytes), slot.typeHint)) {
      // Never echo the value: it is the plaintext being protected.
      throw refuse(`argument ${slot.argIndex} must be ${slot.typeHint}, got a value of another type`);
    }
    return { ...slot, plaintext: bytes };
  });
  let context: ConfidentialTxContext;
  let publicKey;
  try {
    context = {
      chainId: input.chainId,
      committeeId: fromHex0x(input.committee.id, "committee id", 32),
      keyGeneration: input.committee.keyGeneration,
      contract: addressToBytes(input.contract, "contract address"),
      method: input.method,
      sender: addressToBytes(input.sender, "sender address"),
      senderNonce: input.senderNonce,
      confidentialArgCount: slots.length,
    };
    // A committee key is encrypted to again and again: it gets a precomputed table.
    publicKey = withTable(pointFromHex(input.committee.publicKey, "committee public key"));
  } catch (error) {
    throw refuse(oneLine(error));
  }
  if (input.committee.contract.toLowerCase() !== input.contract.toLowerCase()) {
    throw refuse(`the committee serves ${input.committee.contract}, not ${input.contract}`);
  }
  const encrypt = () => encryptForCommittee(publicKey, context, plaintexts);
  const ciphertext = input.rng ? withRandomSource(input.rng, encrypt) : encrypt();
  const encrypted = new Set(slots.map((slot) => slot.argIndex));
  return {
    publicArgs: input.args.map((value, index) => (encrypted.has(index) ? null : value)),
    confidential: {
      committeeId: input.committee.id.toLowerCase(),
      keyGeneration: input.committee.keyGeneration,
      senderNonce: input.senderNonce,
      args: slots.map((slot) => ({ index: slot.argIndex, typeHint: slot.typeHint })),
      ciphertext: encodeCiphertext(ciphertext),
    },
  };
}
