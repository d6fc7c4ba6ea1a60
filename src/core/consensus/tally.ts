/**
 * Vote commitments and the tally, as Studio counts (backend/consensus/utils.py): agree > half →
 * agree; else disagree > half → disagree; else timeout > half → timeout; else no majority.
 * `deterministic_violation` counts toward none of the majorities.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "../calldata";
import type { Round, Vote } from "./types";

const utf8 = new TextEncoder();

export interface TallyResult {
  agree: number;
  disagree: number;
  timeout: number;
  violation: number;
  total: number;
  result: "agree" | "disagree" | "timeout" | "no_majority";
}

export function tally(votes: readonly Vote[]): TallyResult {
  const t = { agree: 0, disagree: 0, timeout: 0, violation: 0, total: votes.length };
  for (const v of votes) {
    if (v === "agree") t.agree++;
    else if (v === "disagree") t.disagree++;
    else if (v === "timeout") t.timeout++;
    else t.violation++;
  }
  const n = t.total;
  const result: TallyResult["result"] =
    2 * t.agree > n ? "agree" : 2 * t.disagree > n ? "disagree" : 2 * t.timeout > n ? "timeout" : "no_majority";
  return { ...t, result };
}

/** The per-validator salt of one round, derived from the network seed (never revealed early). */
export function voteSalt(seed: string, tx: string, round: number, validator: string): Uint8Array {
  return keccak_256(utf8.encode(`salt|${seed}|${tx}|${round}|${validator}`));
}

/** keccak256(vote ‖ salt), `0x` hex. */
export function voteCommitment(vote: Vote, salt: Uint8Array): string {
  const v = utf8.encode(vote);
  const buf = new Uint8Array(v.length + salt.length);
  buf.set(v);
  buf.set(salt, v.length);
  return "0x" + bytesToHex(keccak_256(buf));
}

/** Checks a revealed vote against its commitment. */
export function verifyCommitment(commitment: string, vote: Vote, salt: Uint8Array): boolean {
  return voteCommitment(vote, salt) === commitment;
}

export type RoundResult = NonNullable<Round["result"]>;
