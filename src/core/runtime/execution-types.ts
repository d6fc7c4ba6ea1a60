/** Typed view of one contract execution (the calldata protocol is in src/sdk/README.md). */
import type { Address, CalldataValue } from "../calldata";

/** Storage of one contract: slot id (64 lowercase hex chars) → slot content. */
export type SlotMap = Map<string, Uint8Array>;

export interface MessageContext {
  contractAddress: Address;
  senderAddress: Address;
  originAddress: Address;
  value: bigint;
  chainId: bigint;
  /** Transaction time, ISO 8601 with `Z`. */
  datetime: string;
  isInit: boolean;
  stack: Address[];
  /** Entry calldata: `{method?, args?, kwargs?}`. */
  entryData: Uint8Array;
}

export type ExecutionMode = "leader" | "validator";

export interface ExecutionInput {
  code: string;
  message: MessageContext;
  mode: ExecutionMode;
  /** View calls: storage writes are a VM error. */
  readonly: boolean;
  /** Validator mode: the leader's encoded run_nondet results, in order. */
  leaderResults: Uint8Array[];
  storage: SlotMap;
  balance: bigint;
  gasLimit: bigint;
  seed: Uint8Array;
}

export type ExecutionOutcome =
  | { kind: "return"; calldata: Uint8Array; value: CalldataValue }
  /** `detail`: the cause as this node saw it (informational; never compared between nodes). */
  | { kind: "user_error"; message: string; detail?: string }
  | { kind: "vm_error"; message: string; exception?: string; detail?: string };

/** Something an execution asked the chain to do after it ends. */
export type Effect =
  | { kind: "PostMessage"; payload: Map<string, CalldataValue> }
  | { kind: "DeployContract"; payload: Map<string, CalldataValue> }
  | { kind: "EmitEvent"; payload: Map<string, CalldataValue> }
  | { kind: "EthSend"; payload: Map<string, CalldataValue> };

/** One synchronous request Python made to the host, with the host's answer (for the UI and logs). */
export interface HostCallRecord {
  request: string;
  payload: CalldataValue;
  answer: CalldataValue;
  ms: number;
}

export interface ExecutionResult {
  outcome: ExecutionOutcome;
  writes: SlotMap;
  /** State root of the contract after this execution (unchanged unless it returned). */
  stateRoot: string;
  /** Leader mode: the encoded result of each run_nondet block (what validators receive). */
  nondet: Uint8Array[];
  effects: Effect[];
  stdout: string;
  /** Tracebacks of uncaught errors (contract frames only). */
  stderr: string;
  /** Lint warnings about the contract source (e.g. a missing runner header). */
  warnings: string[];
  gasUsed: bigint;
  /** LLM tokens counted for this execution ("gas for intelligence"). */
  llmTokens: number;
  hostCalls: HostCallRecord[];
  computeMs: number;
  /** A confidential execution: what the enclave reported besides the response (share reports,
   * evidence, requests answered inside, signature). Plain data. */
  enclave?: unknown;
}
