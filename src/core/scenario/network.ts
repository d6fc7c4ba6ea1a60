/**
 * What the scenario runner needs from a network, and what it hands to the factory that builds one.
 * The CLI and the app adapt the consensus engine (with the Pyodide executor) to `ScenarioNetwork`;
 * tests can plug a fake.
 */
import type { Address } from "../calldata";
import type { EventListener } from "../consensus/events";
import { DEFAULT_SETTINGS, type ConsensusMode, type ConsensusSettings, type Transaction, type ValidatorConfig } from "../consensus/types";
import type { Recording } from "../intelligence/recorded";
import type { ExecutionOutcome } from "../runtime/execution-types";
import type { ScriptedRules } from "../runtime/providers/scripted";
import { accountAddress, validatorAddress } from "./accounts";
import type { Scenario, ViewState } from "./format";
import type { ConfidentialSubmitOptions } from "../confidential/execution/confidential-submit";
import type { ConfidentialSettings } from "../confidential/execution/confidential-world";

export const DEFAULT_CHAIN_ID = 61127;
export const DEFAULT_GENESIS_TIME = "2025-01-01T00:00:00Z";

export interface NetworkSpec {
  seed: string | number;
  chainId: bigint;
  /** ISO 8601 (UTC) time of the virtual clock's 0 ms. */
  genesisTime: string;
  validators: ValidatorConfig[];
  /** Scripted answers of each validator by id: its own rules first, then the shared ones. */
  rules: Record<string, ScriptedRules>;
  /** Recorded answers by validator id, for validators whose `llm.provider` is "recorded". */
  recordings?: Recording;
  settings: ConsensusSettings;
  /** Python workers to share among the validators. */
  runtimes: number;
  /** Accounts to fund before the first step. */
  accounts: { name: string; address: Address; balance: bigint }[];
  /** Confidential chain settings (validators with `enclave` opt in). */
  confidential?: ConfidentialSettings;
}

export type SubmitRequest =
  | { kind: "deploy"; from: Address; code: string; calldata: Uint8Array; value: bigint; mode: ConsensusMode; confidential?: ConfidentialSubmitOptions }
  | { kind: "call"; from: Address; to: Address; calldata: Uint8Array; value: bigint; mode: ConsensusMode; confidential?: ConfidentialSubmitOptions };

export interface ViewRequest {
  to: Address;
  from: Address;
  calldata: Uint8Array;
  state: ViewState;
}

export type SchemaOutcome = { ok: true; schema: unknown } | { ok: false; message: string; line?: number };

export interface ValidatorInfo {
  id: string;
  address: Address;
  stake: bigint;
  balance: bigint;
  /** Share of this validator's votes that matched the final outcome (1 before any vote). */
  reputation: number;
}

export interface ContractInfo {
  stateRoot: string;
  balance: bigint;
}

export interface ScenarioNetwork {
  /** Queues a transaction; returns its hash (a deploy's `to` is the new contract's address). */
  submit(req: SubmitRequest): Promise<string> | string;
  /** Processes everything there is to do at the current virtual time. */
  runUntilIdle(): Promise<void>;
  /** Moves the virtual clock (finality windows elapse). */
  advanceTime(ms: number): Promise<void> | void;
  /** `bond` defaults to the minimum appeal bond. */
  appeal(txHash: string, opts: { by: Address; bond?: bigint }): Promise<void> | void;
  view(req: ViewRequest): Promise<ExecutionOutcome>;
  /** Runs `#get-schema` on code (deployed or not). */
  schema(code: string): Promise<SchemaOutcome>;
  getTx(hash: string): Transaction | undefined;
  /** Every transaction so far, in creation order (children included). */
  transactions(): Transaction[];
  /** Replays the events so far (e.g. accounts funded at creation), then every new one; returns
   * an unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  validatorsState(): ValidatorInfo[];
  contractState(address: Address): ContractInfo | null;
  balanceOf(address: Address): bigint;
  /** Releases workers. */
  dispose?(): Promise<void> | void;
}

export type CreateNetwork = (spec: NetworkSpec) => Promise<ScenarioNetwork> | ScenarioNetwork;

/** The engine's settings, validators and accounts for a scenario. */
export function networkSpec(scenario: Scenario): NetworkSpec {
  const { validatorFee, ...rest } = scenario.network.consensus;
  const settings: ConsensusSettings = { ...DEFAULT_SETTINGS, ...rest, ...(validatorFee !== undefined && { validatorFee: BigInt(validatorFee) }) };
  const validators: ValidatorConfig[] = scenario.network.validators.map((v) => ({
    id: v.id,
    address: validatorAddress(v.id),
    stake: BigInt(v.stake),
    behaviour: v.behaviour,
    llm: { ...v.llm },
    ...(v.enclave && { enclave: true }),
  }));
  const rules: Record<string, ScriptedRules> = {};
  for (const v of scenario.network.validators) rules[v.id] = mergeRules(v.rules, scenario.llm);
  return {
    seed: scenario.seed,
    chainId: BigInt(scenario.chainId ?? DEFAULT_CHAIN_ID),
    genesisTime: scenario.genesisTime ?? DEFAULT_GENESIS_TIME,
    validators,
    rules,
    ...(scenario.recordings !== undefined && { recordings: scenario.recordings }),
    settings,
    runtimes: scenario.network.runtimes ?? Math.max(1, Math.min(validators.length, 3)),
    accounts: Object.entries(scenario.accounts).map(([name, a]) => ({ name, address: accountAddress(name), balance: BigInt(a.balance) })),
    ...(scenario.network.confidential && { confidential: { ...scenario.network.confidential } }),
  };
}

/** A validator's own rules are tried before the shared ones. */
export function mergeRules(own: ScriptedRules | undefined, shared: ScriptedRules): ScriptedRules {
  const out: ScriptedRules = {};
  for (const key of ["prompts", "templates", "web"] as const) {
    const list = [...(own?.[key] ?? []), ...(shared[key] ?? [])];
    if (list.length > 0) (out as Record<string, unknown[]>)[key] = list;
  }
  return out;
}
