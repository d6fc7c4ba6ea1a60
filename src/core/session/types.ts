/**
 * Plain-data types of the playground session: what `PlaygroundSession.getState()` returns. Every
 * state object is a fresh, frozen-by-convention snapshot, so React can compare by reference.
 */
import type { NetworkEvent } from "../consensus/events";
import type { PhaseInfo, ValidatorState } from "../consensus/engine";
import type { Phase } from "../consensus/network-core";
import type { ConsensusMode, Transaction } from "../consensus/types";
import type { ContractSchema } from "../scenario/args";
import type { EngineNetwork } from "../scenario/engine-network";
import type { JsonValue, SealedArgs, ScenarioConsensus, ScenarioValidator } from "../scenario/format";
import type { NetworkSpec } from "../scenario/network";
import type { ScriptedRules } from "../runtime/providers/scripted";
import type { IntelligenceProvider } from "../runtime/intelligence";
import type { Recording } from "../intelligence/recorded";
import type { CommitteeOptions } from "./confidential-steps";
import type { ConfidentialView } from "./confidential-view";
import type { ConfidentialSettings } from "../confidential/execution/confidential-world";

export interface WorkspaceFile {
  path: string;
  text: string;
}

/** Boot state of one Python worker shared by the validators. */
export interface RuntimeBoot {
  id: string;
  state: "booting" | "ready" | "failed";
  /** Boot stage: "loading Pyodide", "starting Python", "installing SDK", "ready". */
  stage?: string;
  /** Share of the boot done, 0..1. */
  progress?: number;
  /** False while `progress` is a guess (the download could not be measured). */
  measured?: boolean;
  /** Times this worker was replaced after a crash, a timeout or a memory blow-up. */
  restarts?: number;
  /** Boot time once ready. */
  ms?: number;
  python?: string;
  /** How the interpreter started: Python's own start-up, or restored from the page's snapshot. */
  startedFrom?: "boot" | "snapshot";
  /** Why the boot failed, or why the worker was last replaced (one line). */
  message?: string;
}

/** Builds a network for the session; `onBoot` reports worker boot progress (optional). */
/** What the session asks of the network it gets built. */
export interface NetworkHooks {
  /** Wraps each validator's intelligence provider (the session records every answer with it). */
  wrapProvider(validatorId: string, provider: IntelligenceProvider): IntelligenceProvider;
}

/** Builds a network for the session; `onBoot` reports worker boot progress (optional). Factories
 * with real intelligence should pass each provider through `hooks.wrapProvider`. */
export type SessionNetworkFactory = (spec: NetworkSpec, onBoot: (boot: RuntimeBoot[]) => void, hooks?: NetworkHooks) => Promise<EngineNetwork> | EngineNetwork;

export interface AccountView {
  name: string;
  address: string;
  balance: bigint;
}

export interface ContractView {
  label: string;
  address: string;
  file: string;
  code: string;
  schema: ContractSchema;
  deployTx: string;
  /** Status of the deploy transaction. */
  status: Transaction["status"];
  /** Root of the accepted state ("" before the deploy is accepted). */
  stateRoot: string;
}

export interface ResultView {
  ok: boolean;
  /** JSON-safe decoded value (ok) or the one-line error. */
  value?: JsonValue;
  error?: string;
  state: "accepted" | "finalized";
  at: number;
}

/** A contract's storage fields as last read (`readState`), with the state root they belong to. */
export interface StateView {
  ok: boolean;
  root: string;
  at: number;
  /** [field, JSON-safe value] in declaration order. */
  fields?: [string, JsonValue][];
  error?: string;
}

/** Where an error should be shown: the panel the user acted in ("open": a file from this computer that could not be opened). */
export type ErrorScope = "files" | "open" | "deploy" | "contract" | "accounts" | "validators" | "stepper" | "clock" | "network";

export interface SessionError {
  scope: ErrorScope;
  message: string;
}

export interface LogEntry {
  /** Position in the log. */
  id: number;
  at: number;
  tx: string | null;
  /** "network" for events not tied to one validator. */
  role: "leader" | "validator" | "network";
  validator: string | null;
  kind: "event" | "print";
  /** Event type or "print". */
  type: string;
  text: string;
}

export interface LogFilter {
  tx?: string | null;
  role?: LogEntry["role"] | null;
  validator?: string | null;
}

export interface ValidatorSetup extends ScenarioValidator {}

export interface SessionSetup {
  seed: string;
  validators: ScenarioValidator[];
  consensus: ScenarioConsensus;
  runtimes: number;
  llm: ScriptedRules;
  /** Answers for validators with `llm.provider: "recorded"` (from a scenario or a share link). */
  recordings?: Recording;
  /** Confidential chain settings (fee multiplier, default committee size, epochs). */
  confidential?: ConfidentialSettings;
}

export interface TxOptions {
  from?: string;
  value?: bigint;
  mode?: ConsensusMode;
  /** Deploy of a confidential contract: committee size, threshold, auditor account names. */
  confidential?: CommitteeOptions;
  /** Replays: the recorded ciphertext of the encrypted arguments (their args are null). */
  sealed?: SealedArgs;
  /** Fresh randomness (default) or derived from the seed (replaying a scenario without `sealed`). */
  encryption?: "seeded" | "random";
}

export interface SessionState {
  files: readonly WorkspaceFile[];
  activeFile: string | null;
  setup: SessionSetup;
  /** Network being (re)built, ready, or failed to build. */
  network: "building" | "ready" | "failed";
  boot: readonly RuntimeBoot[];
  /** Validators and settings can change only before the first transaction (or after reset). */
  setupLocked: boolean;
  accounts: readonly AccountView[];
  sender: string;
  validators: readonly (ValidatorState & { llmProvider: string })[];
  contracts: readonly ContractView[];
  transactions: readonly Transaction[];
  /** tx hash → session label ("storage", "update_storage#1"). */
  txLabels: Readonly<Record<string, string>>;
  results: Readonly<Record<string, ResultView>>;
  /** contract label → its storage fields as last read. */
  contractStates: Readonly<Record<string, StateView>>;
  events: readonly NetworkEvent[];
  log: readonly LogEntry[];
  /** The phase `step()` would run next (null: idle). */
  next: PhaseInfo | null;
  /** Auto-run after each submit (false: wait for Next/Continue). */
  stepMode: boolean;
  breakpoints: readonly Phase[];
  canBack: boolean;
  busy: boolean;
  clock: number;
  finalityWindowMs: number;
  errors: readonly SessionError[];
  /** One-line notes about the restored chain (e.g. a transaction interrupted mid-consensus). */
  notices: readonly string[];
  selectedTx: string | null;
  /** The confidential chain (attestations, committees), when validators run enclaves. */
  confidential: ConfidentialView | null;
}
