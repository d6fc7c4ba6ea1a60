/**
 * What a soak run must show afterwards: every transaction reached a terminal status (none lost or
 * stuck), every injected worker kill really ended its execution and nothing else crashed, honest
 * validators computed identical state roots, the chain's accepted and finalized states agree, and
 * (`compareReplay`) a second run of the same plan ends with the same final state root.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "../core/calldata";
import type { Receipt, Transaction } from "../core/consensus/types";
import { accountAddress } from "../core/scenario/accounts";
import type { EngineNetwork } from "../core/scenario/engine-network";
import type { FaultLog } from "./soak-faults";
import type { SoakPlan } from "./soak-plan";

const TERMINAL = new Set(["FINALIZED", "CANCELED"]);
const CRASHED = "internal error: validator worker crashed";

export interface SoakCheck {
  name: string;
  ok: boolean;
  /** Up to a few one-line problems. */
  problems: string[];
}

/**
 * A digest of the whole final state: every contract's finalized and accepted state roots and
 * balance, every account's balance, every validator's stake and balance.
 */
export function finalStateRoot(net: EngineNetwork, plan: SoakPlan): string {
  const lines: string[] = [];
  const contracts = net.transactions().filter((t) => t.kind === "deploy").map((t) => t.to);
  for (const a of [...new Map(contracts.map((c) => [c.toChecksum(), c])).values()].sort((x, y) => x.toChecksum().localeCompare(y.toChecksum()))) {
    const c = net.network.contractState(a);
    if (c) lines.push(`contract ${a.toChecksum()} ${c.finalizedRoot} ${c.acceptedRoot} ${c.balance}`);
  }
  for (const name of Object.keys(plan.accounts).sort()) lines.push(`account ${name} ${net.balanceOf(accountAddress(name))}`);
  for (const v of net.validatorsState()) lines.push(`validator ${v.id} ${v.stake} ${v.balance}`);
  return "0x" + bytesToHex(sha256(new TextEncoder().encode(lines.join("\n"))));
}

class Findings {
  readonly problems: string[] = [];
  count = 0;
  add(problem: string): void {
    this.count++;
    if (this.problems.length < 5) this.problems.push(problem);
  }
  result(name: string): SoakCheck {
    const more = this.count > this.problems.length ? [`… and ${this.count - this.problems.length} more`] : [];
    return { name, ok: this.count === 0, problems: [...this.problems, ...more] };
  }
}

const short = (hash: string) => `${hash.slice(0, 10)}…`;

/** Every planned transaction exists, and every transaction (children too) is FINALIZED or CANCELED. */
export function checkAllTerminal(net: EngineNetwork, plan: SoakPlan, hashes: string[]): SoakCheck {
  const f = new Findings();
  if (hashes.length !== plan.txs.length) f.add(`${plan.txs.length} transactions planned, ${hashes.length} submitted`);
  hashes.forEach((h, i) => {
    if (!net.getTx(h)) f.add(`planned transaction ${i} (${short(h)}) is not on the network`);
  });
  const txs = net.transactions();
  for (const t of txs) {
    if (!TERMINAL.has(t.status)) f.add(`${short(t.hash)} stuck in ${t.status} (history ${t.statusHistory.join(" → ")})`);
    for (const c of t.children) if (!net.getTx(c)) f.add(`child ${short(c)} of ${short(t.hash)} is lost`);
  }
  if (net.network.peek() !== null) f.add(`the network still has work: ${JSON.stringify(net.network.peek())}`);
  return f.result("every transaction reached a terminal status");
}

/** The executions a round ran (an appeal round reuses the leader's receipt without running it). */
function executions(t: Transaction): { round: number; receipt: Receipt }[] {
  const out: { round: number; receipt: Receipt }[] = [];
  t.rounds.forEach((r, i) => {
    if (r.kind !== "validator_appeal" && r.leaderReceipt) out.push({ round: i, receipt: r.leaderReceipt });
    for (const v of r.validatorReceipts) out.push({ round: i, receipt: v });
  });
  return out;
}

/**
 * Each killed execution ended as a crash (the kill landed mid-execution or before it) and no
 * execution without a planned kill crashed. A malicious leader reports a tampered result whatever
 * happened to its execution, so its own receipts cannot show the crash.
 */
export function checkKills(net: EngineNetwork, plan: SoakPlan, faults: FaultLog): SoakCheck {
  const f = new Findings();
  const liars = new Set(plan.validators.filter((v) => v.behaviour === "malicious_leader").map((v) => v.id));
  let crashed = 0;
  let masked = 0;
  for (const t of net.transactions())
    for (const { round, receipt } of executions(t)) {
      const o = receipt.outcome;
      if (receipt.role === "leader" && liars.has(receipt.validator)) {
        if (faults.hit(t.hash, round, receipt.validator, "kill_mid_execution")) masked++;
        continue;
      }
      const isCrash = o.kind === "vm_error" && o.message === CRASHED;
      const killedMid = faults.hit(t.hash, round, receipt.validator, "kill_mid_execution");
      if (isCrash) crashed++;
      if (killedMid && !isCrash) f.add(`${short(t.hash)} round ${round} ${receipt.validator}: killed mid-execution but ended ${o.kind} ${"message" in o ? o.message : ""}`);
      if (isCrash && !killedMid) f.add(`${short(t.hash)} round ${round} ${receipt.validator}: crashed without a planned kill`);
      if (!isCrash && o.kind === "vm_error" && o.message.startsWith("internal error")) f.add(`${short(t.hash)} round ${round} ${receipt.validator}: ${o.message}`);
    }
  const kills = faults.fired.filter((x) => x.kind === "kill_mid_execution").length;
  if (crashed + masked !== kills) f.add(`${kills} mid-execution kills, ${crashed} crashed executions (+${masked} behind a tampered result)`);
  return f.result("every worker kill ended its execution, and nothing else crashed");
}

const NO_STATE = new Set(["timeout", CRASHED, "validator_disagrees"]);

/**
 * In every round, the honest validators whose execution ran to the end without an injected fault
 * computed the same state root (the leader's too when it is honest); and every contract's accepted
 * state equals its finalized state once everything is final.
 */
export function checkHonestRoots(net: EngineNetwork, plan: SoakPlan, faults: FaultLog): SoakCheck {
  const f = new Findings();
  const honest = new Set(plan.validators.filter((v) => v.behaviour === "honest").map((v) => v.id));
  let rounds = 0;
  for (const t of net.transactions()) {
    const byRound = new Map<number, Set<string>>();
    for (const { round, receipt } of executions(t)) {
      if (!honest.has(receipt.validator) || faults.hit(t.hash, round, receipt.validator)) continue;
      if (receipt.outcome.kind === "vm_error" && NO_STATE.has(receipt.outcome.message)) continue;
      const set = byRound.get(round) ?? new Set<string>();
      set.add(receipt.stateRoot);
      byRound.set(round, set);
    }
    for (const [round, roots] of byRound) {
      rounds++;
      if (roots.size > 1) f.add(`${short(t.hash)} round ${round}: honest validators computed ${roots.size} state roots`);
    }
  }
  if (rounds === 0) f.add("no round had an honest execution to compare");
  for (const t of net.transactions().filter((x) => x.kind === "deploy" && x.status === "FINALIZED")) {
    const c = net.network.contractState(t.to);
    if (c && c.finalizedRoot !== c.acceptedRoot) f.add(`contract ${t.to.toChecksum()}: accepted root ${c.acceptedRoot} ≠ finalized ${c.finalizedRoot}`);
  }
  return f.result("honest validators' state roots are identical");
}

export function checkSoak(net: EngineNetwork, plan: SoakPlan, hashes: string[], faults: FaultLog): SoakCheck[] {
  return [checkAllTerminal(net, plan, hashes), checkKills(net, plan, faults), checkHonestRoots(net, plan, faults)];
}

/** The replay ended with the same final state root (and, stronger, the same event stream). */
export function compareReplay(first: { finalRoot: string; eventDigest: string }, replay: { finalRoot: string; eventDigest: string }): SoakCheck {
  const f = new Findings();
  if (first.finalRoot !== replay.finalRoot) f.add(`final state root ${first.finalRoot} ≠ replay's ${replay.finalRoot}`);
  if (first.eventDigest !== replay.eventDigest) f.add(`event stream digest ${first.eventDigest} ≠ replay's ${replay.eventDigest}`);
  return f.result("a replay of the same plan reproduces the final state root");
}
