/** The confidential side of the simulated chain: attestation registry, committees, replay guard, evidence. */
export { ConfidentialLedger, type ConsumeResult, type RegisterContractOptions } from "./confidential-ledger.js";
export {
  ConfidentialLedgerError, DEFAULT_GENESIS_MS, type ConfidentialLedgerConfig, type ResolvedLedgerConfig,
} from "./ledger-config.js";
export type { ConfidentialContractConfig, ConfidentialLedgerSnapshot, LedgerRegistration, LedgerState } from "./ledger-state.js";
export type { AttestationResult, AttestationSubmission, RevocationTarget } from "./attestation-book.js";
export type { CommitteeCandidate, ReplacementPool, SelectCommitteeRequest } from "./committee-book.js";
