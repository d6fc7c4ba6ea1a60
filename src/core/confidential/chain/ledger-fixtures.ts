/**
 * Test fixtures for the confidential ledger: the attestation test world (root, platforms, the
 * allow-listed bundle) wired to a ledger whose clock puts virtual time T0 at the attestation
 * fixtures' NOW and height 1000, validators v1..vN, and attestation transactions built through the
 * real path (platform report → quote) with a nonce issued by the ledger.
 */
import { Address } from "../../calldata";
import {
  CHAIN_ID, ENCLAVE_IDENTITY, NOW, VENDOR_MR_SIGNER, buildRegistration, makeWorld, tcbTable, type AttestationWorld, type RegistrationOptions,
} from "../attestation/attestation-fixtures.js";
import type { PlatformSpec } from "../attestation/chain.js";
import type { CommitteeMember, CommitteeRecord, CommitteeSelection } from "../protocol.js";
import type { AttestationSubmission } from "./attestation-book.js";
import type { CommitteeCandidate } from "./committee-book.js";
import { ConfidentialLedger } from "./confidential-ledger.js";
import type { ConfidentialLedgerConfig } from "./ledger-config.js";

export const BLOCK_MS = 1000;
/** Virtual time at which the ledger is at height 1000 and unix time NOW. */
export const T0 = 999_000;
export const GENESIS_MS = (NOW - 999) * 1000;
export const EPOCH_BLOCKS = 100;
export const REGISTRATION_EPOCHS = 2;
/** A registration made in epoch 10 (heights 1000..1099) expires at height (10 + 1 + 2) · 100. */
export const EXPIRY_HEIGHT = 1300;
/** Virtual ms of a height. */
export const msAtHeight = (height: number): number => (height - 1) * BLOCK_MS;

export interface LedgerWorld {
  world: AttestationWorld;
  ledger: ConfidentialLedger;
}

export function makeLedger(overrides: Partial<ConfidentialLedgerConfig> = {}): LedgerWorld {
  const world = makeWorld();
  const ledger = new ConfidentialLedger({
    chainId: CHAIN_ID,
    genesisMs: GENESIS_MS,
    manufacturerRootPublicKey: world.root.publicKey,
    measurements: [{ mrEnclave: world.mrEnclave, activeFromHeight: 0, minIsvSvn: 3, mrSigner: VENDOR_MR_SIGNER }],
    tcbInfo: [tcbTable()],
    blockMs: BLOCK_MS,
    epochLengthBlocks: EPOCH_BLOCKS,
    registrationEpochs: REGISTRATION_EPOCHS,
    ...overrides,
  });
  return { world, ledger };
}

/** Address of validator `v<index>`: 0x + the index byte repeated. */
export function validatorAddress(index: number): string {
  return "0x" + (0x10 + index).toString(16).padStart(2, "0").repeat(20);
}

/** Validators v1..v<count> as the engine's ValidatorConfig carries them (Address objects), stake 100 each unless given. */
export function candidates(count: number, stakes: Record<string, bigint> = {}): CommitteeCandidate[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `v${i + 1}`;
    return { id, address: Address.fromHex(validatorAddress(i + 1)), stake: stakes[id] ?? 100n };
  });
}

export interface AttestOptions extends RegistrationOptions {
  /** Platform index (default: the validator's index). */
  platform?: number;
  platformSpec?: Partial<PlatformSpec>;
  /** Label of the enclave keys (default: the validator id; change it to renew with new keys). */
  keyLabel?: string;
}

/** A `ValidatorAttestation` for v<index> at `atMs`: nonce from the ledger, issued at the ledger's unix time. */
export function attestationTx(env: LedgerWorld, index: number, atMs: number = T0, opts: AttestOptions = {}): AttestationSubmission {
  const platform = env.world.platform(opts.platform ?? index, opts.platformSpec);
  const tx = buildRegistration(env.world, platform, {
    validator: validatorAddress(index),
    nonce: opts.nonce ?? env.ledger.issueNonce(atMs),
    issuedAt: opts.issuedAt ?? env.ledger.unixSecondsAt(atMs),
    keys: opts.keyLabel ?? `v${index}`,
    identity: opts.identity ?? ENCLAVE_IDENTITY,
    ...(opts.bundle ? { bundle: opts.bundle } : {}),
  });
  return { ...tx, validator: `v${index}` };
}

/** Attests v<index> and fails the test when the ledger refuses. */
export function attest(env: LedgerWorld, index: number, atMs: number = T0, opts: AttestOptions = {}): void {
  const result = env.ledger.submitAttestation(attestationTx(env, index, atMs, opts), atMs);
  if (!result.ok) throw new Error(`fixture attestation of v${index} refused: ${result.reason}`);
}

/** The committee record a DKG over `selection` would publish (key material stands in: the ledger only stores it). */
export function recordFor(selection: CommitteeSelection, createdAt: number, publicKey = "0x" + "11".repeat(32)): CommitteeRecord {
  const members: CommitteeMember[] = selection.members.map((m) => ({
    ...m,
    shareKey: "0x" + m.participantId.toString(16).padStart(2, "0").repeat(32),
    stateShareKey: "0x" + (0x80 + m.participantId).toString(16).repeat(32),
  }));
  return {
    id: selection.committeeId,
    contract: selection.contract,
    epoch: selection.epoch,
    keyGeneration: selection.keyGeneration,
    threshold: selection.threshold,
    members,
    publicKey,
    commitments: [publicKey],
    statePublicKey: "0x" + "22".repeat(32),
    createdAt,
    disqualified: [],
  };
}

export const CONTRACT = "0x" + "c0".repeat(20);
