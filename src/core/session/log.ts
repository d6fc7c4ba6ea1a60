/**
 * The session log: every engine event as one line, plus the contract prints (`Receipt.stdout`)
 * placed right after the execution that produced them. Entries carry tx, role and validator so the
 * logs panel can filter (genlayer-studio#1483: leader/validator filters against 6× duplicates).
 */
import type { NetworkEvent } from "../consensus/events";
import type { Transaction } from "../consensus/types";
import type { LogEntry, LogFilter } from "./types";

const short = (h: string) => (h.length > 12 ? `${h.slice(0, 8)}…` : h);

export function describeEvent(e: NetworkEvent): string {
  switch (e.type) {
    case "tx_created":
      return `${e.kind} ${short(e.tx)} created (${e.mode})${e.parent ? ` by ${short(e.parent)}` : ""}`;
    case "status_changed":
      return `${short(e.tx)}: ${e.from} → ${e.to}`;
    case "validators_selected":
      return `round ${e.round} (${e.kind}): leader ${e.leader}, validators ${e.validators.join(", ")}`;
    case "execution_started":
      return `${e.validator} starts executing as ${e.role}`;
    case "execution_finished":
      return `${e.validator} finished as ${e.role}: ${e.outcome}, gas ${e.gasUsed}, ${e.durationMs} ms`;
    case "vote_committed":
      return `${e.validator} committed ${e.commitment.slice(0, 10)}…`;
    case "vote_revealed":
      return `${e.validator} revealed ${e.vote}${e.reason ? ` — ${e.reason}` : ""}`;
    case "tally":
      return `tally round ${e.round}: ${e.agree} agree, ${e.disagree} disagree, ${e.timeout} timeout, ${e.violation} violation → ${e.result}`;
    case "leader_rotated":
      return `leader ${e.previousLeader} rotated out (rotation ${e.rotation})`;
    case "state_applied":
      return `state ${e.stage} for ${short(e.contract)}: root ${e.stateRoot.slice(0, 10)}…`;
    case "appeal_submitted":
      return `${e.kind} appeal by ${short(e.by)}, bond ${e.bond}`;
    case "appeal_decided":
      return `appeal ${e.successful ? "succeeded" : "failed"}: ${e.label}`;
    case "tx_rolled_back":
      return `${short(e.tx)} rolled back: ${e.because}`;
    case "child_tx":
      return `child ${e.kind} ${short(e.child)} on ${e.on}`;
    case "finalized":
      return `${short(e.tx)} finalized as ${e.status}`;
    case "slashed":
      return `${e.validator} slashed ${e.amount} wei: ${e.reason}`;
    case "rewarded":
      return `${e.validator} rewarded ${e.amount} wei`;
    case "clock_advanced":
      return `clock +${e.by} ms (now ${e.now} ms)`;
    case "transfer":
      return `transfer ${e.value} wei ${short(e.from)} → ${short(e.to)}`;
    case "account_funded":
      return `faucet: ${e.value} wei to ${short(e.address)}`;
    case "confidential":
      return `confidential: ${e.summary}`;
  }
}

function txOf(e: NetworkEvent): string | null {
  if ("tx" in e) return e.tx ?? null;
  if (e.type === "child_tx") return e.parent;
  return null;
}

export function buildLog(events: readonly NetworkEvent[], txs: ReadonlyMap<string, Transaction>): LogEntry[] {
  const out: LogEntry[] = [];
  const push = (x: Omit<LogEntry, "id">) => out.push({ id: out.length, ...x });
  for (const e of events) {
    const tx = txOf(e);
    let validator: string | null = "validator" in e ? e.validator ?? null : null;
    let role: LogEntry["role"] = "network";
    if (e.type === "execution_started" || e.type === "execution_finished") role = e.role;
    else if (e.type === "validators_selected") {
      role = "leader";
      validator = e.leader;
    } else if (validator !== null && (e.type === "vote_committed" || e.type === "vote_revealed")) {
      const round = tx ? txs.get(tx)?.rounds[e.round] : undefined;
      role = round?.leader === validator ? "leader" : "validator";
    } else if (validator !== null) role = "validator";
    push({ at: e.at, tx, role, validator, kind: "event", type: e.type, text: describeEvent(e) });
    if (e.type === "execution_finished") {
      const round = txs.get(e.tx)?.rounds[e.round];
      const receipt = e.role === "leader" ? round?.leaderReceipt : round?.validatorReceipts.find((r) => r.validator === e.validator);
      const stdout = receipt?.stdout.trimEnd();
      if (stdout) push({ at: e.at, tx, role: e.role, validator: e.validator, kind: "print", type: "print", text: stdout });
    }
  }
  return out;
}

export function filterLog(log: readonly LogEntry[], f: LogFilter): LogEntry[] {
  return log.filter((x) => (!f.tx || x.tx === f.tx) && (!f.role || x.role === f.role) && (!f.validator || x.validator === f.validator));
}
