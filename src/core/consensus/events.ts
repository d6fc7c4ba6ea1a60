/**
 * The typed event stream: every state transition of the network is one event, in a deterministic
 * order, stamped with the virtual clock. The app's stepper/explorer and `cli run --trace` read only
 * these.
 */
import type { ExecutionOutcome } from "../runtime/execution-types";
import type { ConsensusMode, Round, TxStatus, Vote } from "./types";

interface Base {
  /** Sequence number, starting at 0. */
  seq: number;
  /** Virtual clock, ms since genesis. */
  at: number;
}

export type NetworkEvent = Base &
  (
    | { type: "tx_created"; tx: string; kind: "deploy" | "call" | "transfer"; from: string; to: string; mode: ConsensusMode; parent: string | null }
    | { type: "status_changed"; tx: string; from: TxStatus; to: TxStatus }
    | { type: "validators_selected"; tx: string; round: number; leader: string; validators: string[]; kind: Round["kind"] }
    | { type: "execution_started"; tx: string; round: number; validator: string; role: "leader" | "validator" }
    | {
        type: "execution_finished";
        tx: string;
        round: number;
        validator: string;
        role: "leader" | "validator";
        outcome: ExecutionOutcome["kind"];
        stateRoot: string;
        gasUsed: string;
        durationMs: number;
      }
    | { type: "vote_committed"; tx: string; round: number; validator: string; commitment: string }
    | { type: "vote_revealed"; tx: string; round: number; validator: string; vote: Vote; reason: string }
    | { type: "tally"; tx: string; round: number; agree: number; disagree: number; timeout: number; violation: number; result: Round["result"] }
    | { type: "leader_rotated"; tx: string; round: number; previousLeader: string; rotation: number }
    | { type: "state_applied"; tx: string; contract: string; stateRoot: string; stage: "accepted" | "finalized" }
    | { type: "appeal_submitted"; tx: string; by: string; kind: "validator" | "leader"; bond: string }
    | { type: "appeal_decided"; tx: string; successful: boolean; label: string; windowMs: number }
    | { type: "tx_rolled_back"; tx: string; because: string }
    | {
        /** The confidential chain: attestations, committees, DKG messages (summarised), share evidence. */
        type: "confidential";
        kind: string;
        summary: string;
        validator?: string;
        contract?: string;
        tx?: string;
      }
    | { type: "child_tx"; parent: string; child: string; on: "accepted" | "finalized"; kind: "call" | "deploy" | "transfer" }
    | { type: "finalized"; tx: string; status: TxStatus }
    | { type: "slashed"; tx: string; validator: string; amount: string; reason: string }
    | { type: "rewarded"; tx: string; validator: string; amount: string }
    | { type: "clock_advanced"; by: number; now: number }
    | { type: "transfer"; tx: string; from: string; to: string; value: string }
    | { type: "account_funded"; address: string; value: string }
  );

export type NetworkEventType = NetworkEvent["type"];

export type EventListener = (event: NetworkEvent) => void;
