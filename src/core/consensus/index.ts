/** The Optimistic Democracy engine: `Network`, its types, events and executor interface. */
export { Network, type ContractState, type PhaseHook, type PhaseInfo, type StepResult, type SubmitRequest, type ValidatorState } from "./engine";
export type { NetworkOptions, Phase } from "./network-core";
export type { NetworkSnapshot } from "./snapshots";
export type { EventListener, NetworkEvent, NetworkEventType } from "./events";
export type { ExecutionContext, ValidatorExecutor, ValidatorVerdict, ViewContext } from "./executor-api";
export { DEFAULT_FEES, VALIDATORS_PER_ROUND, appealRoundSize, formatGen, leaderAppealBond, validatorAppealBond, type FeeSettings } from "./fees";
export { reputationBps } from "./rewards";
export { compareIds } from "./selection";
export * from "./types";
