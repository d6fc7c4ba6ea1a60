/**
 * The narrow interface between the consensus engine and the validators' execution. The engine
 * decides who runs what and when; a `ValidatorExecutor` runs one validator's execution on the
 * Python runtime (applying its behaviour) and says how it votes. Tests can plug a fake.
 */
import type { Address } from "../calldata";
import type { ChainReader } from "../runtime/host";
import type { SlotMap } from "../runtime/execution-types";
import type { Receipt, Transaction, ValidatorConfig, Vote } from "./types";

/** What an execution of `tx` sees of the chain. */
export interface ExecutionContext {
  /** Code of the target contract (for a deploy: the code being deployed). */
  code: string;
  /** Target contract's storage the execution starts from (accepted state). */
  storage: SlotMap;
  /** Target contract's balance, including the value this transaction carries. */
  balance: bigint;
  /** Transaction time (virtual clock), ISO 8601 with `Z`. */
  datetime: string;
  chainId: bigint;
  /** 32 bytes derived from the network seed and the tx hash (seeds `random`). */
  seed: Uint8Array;
  /** Other contracts, for synchronous view calls. */
  chain: ChainReader;
  /** The account that started the chain of transactions (origin). */
  origin: Address;
}

/** A view call: the context plus which contract, what to call and who asks. */
export interface ViewContext extends ExecutionContext {
  contract: Address;
  calldata: Uint8Array;
  sender: Address;
}

export interface ValidatorVerdict {
  receipt: Receipt;
  vote: Vote;
  reason: string;
}

export interface ValidatorExecutor {
  /** Runs `tx` as leader. */
  lead(validator: ValidatorConfig, tx: Transaction, ctx: ExecutionContext): Promise<Receipt>;
  /** Re-runs `tx` as a validator with the leader's non-deterministic results and votes. */
  validate(validator: ValidatorConfig, tx: Transaction, leader: Receipt, ctx: ExecutionContext): Promise<ValidatorVerdict>;
  /** Runs a view (read-only, leader mode) on one validator. */
  view(validator: ValidatorConfig, ctx: ViewContext): Promise<Receipt>;
  /**
   * Optional: told when the leader starts, with the round's other validators and the context they
   * will get. An executor may start their executions at once and use them in `validate` when that
   * gives exactly the same receipts (see PyodideValidatorExecutor).
   */
  speculate?(validators: ValidatorConfig[], tx: Transaction, ctx: ExecutionContext): void;
}
