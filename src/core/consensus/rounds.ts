/**
 * One consensus round, phase by phase (Studio's normal flow):
 *   select  PENDING → PROPOSING    stake-weighted seeded selection; the leader is first after a shuffle
 *   lead    PROPOSING → COMMITTING the leader executes (timeout → LEADER_TIMEOUT)
 *   commit  COMMITTING → REVEALING validators re-execute with the leader's receipt and commit
 *                                  keccak256(vote ‖ salt); the leader votes agree on its own receipt
 *   reveal  REVEALING → …          votes revealed and tallied → ACCEPTED, VALIDATORS_TIMEOUT, or a
 *                                  leader rotation (→ PROPOSING) / UNDETERMINED after maxRotations
 */
import { accept, decide } from "./decisions";
import type { ValidatorVerdict } from "./executor-api";
import { decidedLabel, rotationLabel, type NetworkCore, type PendingVote } from "./network-core";
import { SeededRng } from "./rng";
import { orderWithLeader, validatorCount, weightedSample } from "./selection";
import { tally, voteCommitment, voteSalt, type TallyResult } from "./tally";
import { cancelPending } from "./tx-factory";
import type { Receipt, Round, Transaction } from "./types";

/** A receipt for an execution that never produced one (executor error). */
export function failedReceipt(
  validator: string,
  role: Receipt["role"],
  message: string,
  durationMs: number,
  detail?: string,
): Receipt {
  return {
    validator,
    role,
    outcome: detail === undefined ? { kind: "vm_error", message } : { kind: "vm_error", message, detail },
    stateRoot: "",
    writes: new Map(),
    nondet: [],
    effects: [],
    gasUsed: 0n,
    llmTokens: 0,
    stdout: "",
    durationMs,
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Adds a round with `ordered` validators (leader first, unless an appeal round). */
export function startRound(core: NetworkCore, tx: Transaction, kind: Round["kind"], leader: string, validators: string[], leaderReceipt: Receipt | null = null): Round {
  const round: Round = {
    index: tx.rounds.length,
    kind,
    leader,
    validators,
    leaderReceipt,
    validatorReceipts: [],
    votes: [],
    result: null,
    label: "",
  };
  tx.rounds.push(round);
  if (kind !== "validator_appeal") core.work(tx.hash).usedLeaders.push(leader);
  core.emit({ type: "validators_selected", tx: tx.hash, round: round.index, leader, validators: [...validators], kind });
  return round;
}

/** PENDING → PROPOSING. */
export function selectPhase(core: NetworkCore, tx: Transaction): void {
  const w = core.work(tx.hash);
  const exists = core.chain.contract(tx.to) !== undefined;
  if (tx.kind === "call" && !exists) {
    tx.result = { kind: "vm_error", message: `no contract at ${tx.to.toChecksum()}` };
    return cancelPending(core, tx);
  }
  if (tx.kind === "deploy" && exists) {
    tx.result = { kind: "vm_error", message: `a contract already exists at ${tx.to.toChecksum()}` };
    return cancelPending(core, tx);
  }
  const rng = new SeededRng("select", core.seed, tx.hash, tx.rounds.length);
  let set: string[];
  if (w.rerunSet && w.rerunSet.length > 0) set = w.rerunSet;
  else set = weightedSample(core.candidates(tx), validatorCount(tx.mode, core.settings.validatorsPerTx, core.settings.fastValidators), rng);
  w.rerunSet = null;
  if (set.length === 0) {
    tx.result = { kind: "vm_error", message: "no validator with stake left" };
    return cancelPending(core, tx);
  }
  const ordered = orderWithLeader(set, w.usedLeaders, rng);
  if (w.initialCount === 0) {
    w.initialCount = ordered.length;
    w.leaderOnly = tx.mode === "fast" && ordered.length === 1;
  }
  tx.rotations = 0;
  core.setStatus(tx, "PROPOSING");
  startRound(core, tx, "normal", ordered[0], ordered);
  w.next = "lead";
}

function isTimeout(r: Receipt, limitMs: number): boolean {
  const o = r.outcome;
  if (o.kind === "vm_error" && (o.message === "timeout" || o.message.startsWith("internal error"))) return true;
  return r.durationMs >= limitMs;
}

/** PROPOSING → COMMITTING (or LEADER_TIMEOUT). */
export async function leadPhase(core: NetworkCore, tx: Transaction): Promise<void> {
  const w = core.work(tx.hash);
  const round = core.currentRound(tx);
  const limit = core.settings.executionTimeoutMs;
  core.emit({ type: "execution_started", tx: tx.hash, round: round.index, validator: round.leader, role: "leader" });
  if (round.kind !== "validator_appeal")
    core.executor.speculate?.(round.validators.slice(1).map((id) => core.validatorConfig(id)), tx, core.executionContext(tx));
  let receipt: Receipt;
  try {
    receipt = await core.executor.lead(core.validatorConfig(round.leader), tx, core.executionContext(tx));
  } catch (e) {
    receipt = failedReceipt(round.leader, "leader", `internal error: ${errorText(e)}`, 0);
  }
  round.leaderReceipt = receipt;
  core.emit({
    type: "execution_finished",
    tx: tx.hash,
    round: round.index,
    validator: round.leader,
    role: "leader",
    outcome: receipt.outcome.kind,
    stateRoot: receipt.stateRoot,
    gasUsed: receipt.gasUsed.toString(),
    durationMs: receipt.durationMs,
  });
  if (isTimeout(receipt, limit)) {
    round.result = "leader_timeout";
    round.label = decidedLabel(w.run, "LEADER_TIMEOUT");
    return decide(core, tx, "LEADER_TIMEOUT");
  }
  core.setStatus(tx, "COMMITTING");
  w.next = "commit";
}

/** COMMITTING → REVEALING: validators execute and commit their votes. */
export async function commitPhase(core: NetworkCore, tx: Transaction): Promise<void> {
  const w = core.work(tx.hash);
  const round = core.currentRound(tx);
  const appeal = round.kind === "validator_appeal";
  const voters = appeal ? round.validators : round.validators.slice(1);
  const leader = round.leaderReceipt!;
  const limit = core.settings.executionTimeoutMs;
  for (const id of voters) core.emit({ type: "execution_started", tx: tx.hash, round: round.index, validator: id, role: "validator" });
  const verdicts = await Promise.all(
    voters.map((id): Promise<ValidatorVerdict> =>
      core.executor
        .validate(core.validatorConfig(id), tx, leader, core.executionContext(tx, appeal ? w.preState : null))
        .catch((e) => {
          const receipt = failedReceipt(id, "validator", `internal error: ${errorText(e)}`, 0);
          return { receipt, vote: "timeout", reason: `execution failed: ${errorText(e)}` };
        }),
    ),
  );
  const pending: PendingVote[] = [];
  const add = (validator: string, vote: PendingVote["vote"], reason: string) =>
    pending.push({ validator, vote, reason, commitment: voteCommitment(vote, voteSalt(core.seed, tx.hash, round.index, validator)) });
  if (!appeal) add(round.leader, "agree", "leader: its own receipt");
  voters.forEach((id, i) => {
    const v = verdicts[i];
    round.validatorReceipts.push(v.receipt);
    core.emit({
      type: "execution_finished",
      tx: tx.hash,
      round: round.index,
      validator: id,
      role: "validator",
      outcome: v.receipt.outcome.kind,
      stateRoot: v.receipt.stateRoot,
      gasUsed: v.receipt.gasUsed.toString(),
      durationMs: v.receipt.durationMs,
    });
    if (v.vote !== "timeout" && v.receipt.durationMs >= limit) add(id, "timeout", `took ${v.receipt.durationMs} ms (limit ${limit} ms)`);
    else add(id, v.vote, v.reason);
  });
  for (const p of pending) core.emit({ type: "vote_committed", tx: tx.hash, round: round.index, validator: p.validator, commitment: p.commitment });
  w.pendingVotes = pending;
  core.setStatus(tx, "REVEALING");
  w.next = "reveal";
}

/** Reveals the committed votes and tallies them (the caller decides what follows). */
export function revealVotes(core: NetworkCore, tx: Transaction): TallyResult {
  const w = core.work(tx.hash);
  const round = core.currentRound(tx);
  for (const p of w.pendingVotes ?? []) {
    round.votes.push({ validator: p.validator, vote: p.vote, commitment: p.commitment, reason: p.reason });
    core.emit({ type: "vote_revealed", tx: tx.hash, round: round.index, validator: p.validator, vote: p.vote, reason: p.reason });
  }
  w.pendingVotes = null;
  const t = tally(round.votes.map((v) => v.vote));
  round.result = t.result;
  core.emit({ type: "tally", tx: tx.hash, round: round.index, agree: t.agree, disagree: t.disagree, timeout: t.timeout, violation: t.violation, result: t.result });
  return t;
}

/** After the tally of a normal/rotation/leader-appeal round. */
export function concludeRound(core: NetworkCore, tx: Transaction, t: TallyResult): void {
  const w = core.work(tx.hash);
  const round = core.currentRound(tx);
  if (t.result === "agree") {
    round.label = decidedLabel(w.run, "ACCEPTED");
    return accept(core, tx, round.leaderReceipt!);
  }
  if (t.result === "timeout") {
    round.label = decidedLabel(w.run, "VALIDATORS_TIMEOUT");
    return decide(core, tx, "VALIDATORS_TIMEOUT");
  }
  if (tx.rotations < core.settings.maxRotations && rotate(core, tx)) return;
  round.label = decidedLabel(w.run, "UNDETERMINED");
  decide(core, tx, "UNDETERMINED");
}

/**
 * Leader rotation (Studio's add_new_validator): the set minus the leaders used so far plus one new
 * stake-weighted validator not involved yet, reshuffled; the first is the new leader. False when
 * no validator is left to add.
 */
export function rotate(core: NetworkCore, tx: Transaction): boolean {
  const w = core.work(tx.hash);
  const round = core.currentRound(tx);
  const remaining = round.validators.filter((id) => !w.usedLeaders.includes(id));
  const taken = new Set([...round.validators, ...w.usedLeaders]);
  const rng = new SeededRng("rotate", core.seed, tx.hash, tx.rounds.length);
  const [added] = weightedSample(core.candidates(tx).filter((c) => !taken.has(c.id)), 1, rng);
  if (!added) return false;
  round.label = rotationLabel(w.run);
  tx.rotations += 1;
  core.emit({ type: "leader_rotated", tx: tx.hash, round: round.index, previousLeader: round.leader, rotation: tx.rotations });
  const ordered = orderWithLeader([...remaining, added], w.usedLeaders, rng);
  core.setStatus(tx, "PROPOSING");
  startRound(core, tx, "rotation", ordered[0], ordered);
  w.next = "lead";
  return true;
}
