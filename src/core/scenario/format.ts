/**
 * The scenario format (version 1): one JSON document that sets up a network, accounts, scripted
 * LLM answers and contracts, then runs steps (deploy, call, view, appeal, advance, run, expect).
 * The CLI (`cli run`), the examples gallery, e2e tests and share links all read it.
 *
 * `parseScenario` (parse.ts) turns unknown JSON into a `Scenario`: the same shape as the input with
 * shorthands expanded (validators listed one by one, accounts as objects, amounts as decimal
 * strings, deploy labels filled in). A `Scenario` stays plain JSON, so `JSON.stringify` of it is a
 * valid scenario again. The README's "Scenario format" section documents every field.
 */
import type { ConfidentialSettings } from "../confidential/execution/confidential-world";
import type { ConsensusMode, ConsensusSettings, LlmConfig, TxStatus, ValidatorBehaviour } from "../consensus/types";
import type { Recording } from "../intelligence/recorded";
import type { ScriptedRules } from "../runtime/providers/scripted";

export const SCENARIO_VERSION = 1;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Wei (or stake units) as a canonical decimal string, e.g. "1000000000000000000". */
export type Amount = string;

export const BEHAVIOURS: readonly ValidatorBehaviour[] = [
  "honest",
  "malicious_leader",
  "always_disagree",
  "offline",
  "slow",
  "flaky_llm",
  "bad_shares",
];

export interface ScenarioValidator {
  /** "v1", "v2"... unless given. */
  id: string;
  stake: Amount;
  behaviour: ValidatorBehaviour;
  llm: LlmConfig;
  /** Checked before the shared `llm` rules of the scenario. */
  rules?: ScriptedRules;
  /** Runs an emulated enclave: attested, can join confidential committees. */
  enclave?: boolean;
}

/** Any subset of the engine's settings; `validatorFee` as a decimal string. */
export type ScenarioConsensus = Partial<Omit<ConsensusSettings, "validatorFee">> & { validatorFee?: Amount };

export interface ScenarioNetworkConfig {
  validators: ScenarioValidator[];
  consensus: ScenarioConsensus;
  /** Python workers shared by the validators (default min(validators, 3)). */
  runtimes?: number;
  /** Confidential chain settings (fee multiplier, default committee size, attestation epochs). */
  confidential?: ConfidentialSettings;
}

export interface ScenarioAccount {
  balance: Amount;
}

/** Inline Python source, or a file resolved by the host (the CLI: relative to the scenario file). */
export type ContractSource = { source: string } | { file: string };

export interface TxExpect {
  status?: TxStatus;
  /** Compared with the decoded return value (see README: value matching). */
  result?: JsonValue;
  /** The transaction must fail with a message containing this text. */
  error?: string;
}

interface StepCommon {
  label?: string;
  /** Free text shown by the gallery and in reports. */
  note?: string;
}

interface TxCommon extends StepCommon {
  /** Account name (default: the first account). */
  from?: string;
  value?: Amount;
  mode?: ConsensusMode;
  /** false: submit only; the transaction is processed by a later `run`, `advance` or submit. */
  wait?: boolean;
  expect?: TxExpect;
}

export interface DeployAction extends TxCommon {
  /** A label of `contracts` (exactly one of `contract` and `file`). */
  contract?: string;
  file?: string;
  /** Names the deployed contract and its deploy transaction (filled in by the parser). */
  label: string;
  args?: JsonValue[];
  kwargs?: Record<string, JsonValue>;
  /** A confidential contract's committee: size, threshold, auditor accounts. */
  confidential?: { n?: number; t?: number; auditors?: string[] };
  /** A recorded run's encrypted arguments (submitted as they are). */
  sealed?: SealedArgs;
}

/** Encrypted arguments as a scenario carries them (hex ciphertext). */
export interface SealedArgs {
  committeeId: string;
  keyGeneration: number;
  senderNonce: string;
  args: { index: number; typeHint: string }[];
  ciphertext: string;
}

export interface CallAction extends TxCommon {
  /** Label of a contract deployed by an earlier step. */
  contract: string;
  method: string;
  args?: JsonValue[];
  kwargs?: Record<string, JsonValue>;
  /** A recorded run's encrypted arguments (submitted as they are). */
  sealed?: SealedArgs;
}

/** Which contract state a view reads. */
export type ViewState = "accepted" | "finalized";

export interface ViewAction extends StepCommon {
  contract: string;
  method: string;
  args?: JsonValue[];
  kwargs?: Record<string, JsonValue>;
  from?: string;
  state?: ViewState;
  /** The value the view must return. */
  expect?: JsonValue;
  /** The view must fail with a message containing this text. */
  expectError?: string;
}

export interface AppealAction extends StepCommon {
  /** Label of an earlier deploy or call. */
  tx: string;
  /** Account (or validator id) that appeals and pays the bond (default: the first account). */
  by?: string;
  /** Appeal bond in wei (default: the minimum bond). */
  bond?: Amount;
  wait?: boolean;
}

export interface AdvanceAction extends StepCommon {
  ms: number;
  wait?: boolean;
}

export type RunAction = StepCommon;

export const COMPARE_OPS = ["eq", "ne", "lt", "lte", "gt", "gte"] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/** An exact value, or bounds that must all hold (`{"gt": "0", "lt": "100"}`). */
export type Comparison<T> = T | Partial<Record<CompareOp, T>>;

export type ExpectAction = StepCommon &
  (
    | ({ tx: string } & TxExpect)
    | {
        contract: string;
        view: string;
        args?: JsonValue[];
        kwargs?: Record<string, JsonValue>;
        from?: string;
        state?: ViewState;
        equals: JsonValue;
      }
    | { contract: string; balance: Comparison<Amount> }
    | { account: string; balance: Comparison<Amount> }
    | { validator: string; stake?: Comparison<Amount>; balance?: Comparison<Amount>; reputation?: Comparison<number> }
  );

export type Step =
  | { deploy: DeployAction }
  | { call: CallAction }
  | { view: ViewAction }
  | { appeal: AppealAction }
  | { advance: AdvanceAction }
  | { run: RunAction }
  | { expect: ExpectAction };

export const STEP_KINDS = ["deploy", "call", "view", "appeal", "advance", "run", "expect"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface Scenario {
  version: 1;
  name: string;
  description?: string;
  /** Gallery labels (see SCENARIO_TAGS in parse-llm.ts). */
  tags?: string[];
  seed: string | number;
  chainId?: number;
  /** ISO 8601 with `Z`: the virtual clock's time at 0 ms. */
  genesisTime?: string;
  network: ScenarioNetworkConfig;
  /** Name → account; addresses derive from the name (accounts.ts). */
  accounts: Record<string, ScenarioAccount>;
  /** Shared scripted answers of every validator. */
  llm: ScriptedRules;
  /** Validator id → recorded intelligence calls, answered by validators with `llm.provider: "recorded"`. */
  recordings?: Recording;
  contracts: Record<string, ContractSource>;
  steps: Step[];
  report?: { views?: string[] };
}

/** The account used when `accounts` is empty. */
export const DEFAULT_ACCOUNT = "owner";
/** Stake of a validator that gives none: 1000 GEN in wei. */
export const DEFAULT_STAKE: Amount = "1000000000000000000000";
export const DEFAULT_VALIDATOR_COUNT = 5;

export function stepKind(step: Step): StepKind {
  return Object.keys(step)[0] as StepKind;
}

/** The action object of a step, whatever its kind. */
export function stepAction(step: Step): StepCommon {
  return (step as Record<StepKind, StepCommon>)[stepKind(step)];
}

/** The account a transaction or view is sent from when it names none. */
export function defaultAccount(scenario: Pick<Scenario, "accounts">): string {
  return Object.keys(scenario.accounts)[0] ?? DEFAULT_ACCOUNT;
}
