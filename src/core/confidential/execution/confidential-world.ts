/**
 * The emulated hardware world of one network, all derived from the network seed so a scenario
 * replays: the manufacturer root ("GL-EMU-SGX"), one platform per enclave validator (its own
 * attestation key and certificate), the vendor's signing identity, the TCB table, the ledger's
 * configuration and each enclave's boot data (with the measured worker bytes). Nothing here is
 * hardware: it is the explicit stand-in the UI labels "emulated".
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { ManufacturerRoot, type EnclaveIdentity, type PlatformSpec } from "../attestation/chain";
import type { TcbInfo } from "../attestation/tcb-info";
import { lengthPrefixed, utf8 } from "../group";
import type { ConfidentialLedgerConfig } from "../chain";
import { emulatedPlatformInit, type EnclaveInit } from "../enclave/enclave";
import { deriveEnclaveSeed } from "../enclave/seeded-randomness";
import type { ValidatorConfig } from "../../consensus/types";

export const ENCLAVE_IDENTITY: EnclaveIdentity = { mrSigner: sha256(utf8("GL-EMU vendor code-signing key")), isvProdId: 7, isvSvn: 3 };
const FMSPC = Uint8Array.from([0x00, 0x90, 0x6e, 0xa1, 0x00, 0x00]);
const DAY_S = 86_400;

export interface ConfidentialSettings {
  /** Confidential transactions pay validators this multiple of the validator fee. */
  feeMultiplier?: number;
  /** Committee size when a deploy does not say (default: validators per transaction, at most the enclave validators). */
  committeeSize?: number;
  /** Blocks per epoch (1 block = 1 s of virtual time). */
  epochLengthBlocks?: number;
  /** Epochs an attestation stays valid after the one it was made in. */
  registrationEpochs?: number;
}

export interface ConfidentialWorldInput {
  seed: string;
  chainId: bigint;
  genesisMs: number;
  validators: readonly ValidatorConfig[];
  /** The measured enclave worker bytes (MRENCLAVE = sha256 of them). */
  bundle: Uint8Array;
  settings?: ConfidentialSettings;
}

export interface ConfidentialWorld {
  root: ManufacturerRoot;
  measurement: Uint8Array;
  ledgerConfig: ConfidentialLedgerConfig;
  /** Boot data of each enclave validator's worker, by validator id. */
  enclaveInits: Map<string, EnclaveInit>;
}

export function tcbTable(): TcbInfo {
  const svn = (n: number) => new Uint8Array(16).fill(n);
  return {
    fmspc: FMSPC,
    levels: [
      { cpuSvn: svn(5), pceSvn: 10, status: "UpToDate" },
      { cpuSvn: svn(4), pceSvn: 10, status: "SWHardeningNeeded" },
      { cpuSvn: svn(2), pceSvn: 5, status: "OutOfDate" },
    ],
  };
}

export function buildConfidentialWorld(input: ConfidentialWorldInput): ConfidentialWorld {
  const seedBytes = utf8(input.seed);
  const root = new ManufacturerRoot(sha256(lengthPrefixed(utf8("GL-EMU root"), seedBytes)));
  const measurement = sha256(input.bundle);
  const genesisS = Math.floor(input.genesisMs / 1000);
  const enclaveInits = new Map<string, EnclaveInit>();
  input.validators.forEach((v, index) => {
    if (!v.enclave) return;
    const spec: PlatformSpec = {
      platformId: sha256(lengthPrefixed(utf8("platform"), seedBytes, utf8(v.id))).slice(0, 16),
      fmspc: FMSPC,
      cpuSvn: new Uint8Array(16).fill(5),
      pceSvn: 10,
      qeSvn: 8,
      notBefore: genesisS - 30 * DAY_S,
      notAfter: genesisS + 365 * DAY_S,
      seed: sha256(lengthPrefixed(utf8("platform-seed"), seedBytes, utf8(v.id), Uint8Array.of(index))),
    };
    enclaveInits.set(v.id, {
      validator: v.id,
      address: v.address.toHex().toLowerCase(),
      chainId: input.chainId,
      measurement,
      seed: deriveEnclaveSeed(seedBytes, v.id),
      platform: emulatedPlatformInit(root, spec, input.bundle, ENCLAVE_IDENTITY),
      ...(v.behaviour === "bad_shares" && { fault: "bad_shares" as const }),
    });
  });
  const ledgerConfig: ConfidentialLedgerConfig = {
    chainId: input.chainId,
    genesisMs: input.genesisMs,
    manufacturerRootPublicKey: root.publicKey,
    measurements: [{ mrEnclave: measurement, activeFromHeight: 0, minIsvSvn: ENCLAVE_IDENTITY.isvSvn, mrSigner: ENCLAVE_IDENTITY.mrSigner }],
    tcbInfo: [tcbTable()],
    ...(input.settings?.feeMultiplier !== undefined && { confidentialFeeMultiplier: input.settings.feeMultiplier }),
    ...(input.settings?.committeeSize !== undefined && { defaultCommitteeSize: input.settings.committeeSize }),
    ...(input.settings?.epochLengthBlocks !== undefined && { epochLengthBlocks: input.settings.epochLengthBlocks }),
    ...(input.settings?.registrationEpochs !== undefined && { registrationEpochs: input.settings.registrationEpochs }),
  };
  return { root, measurement, ledgerConfig, enclaveInits };
}
