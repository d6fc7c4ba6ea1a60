/**
 * One line per network event, for `cli run --trace` and logs:
 *   [t=0ms] #12 vote_revealed tx=0xab…12 v3 agree
 */
import type { NetworkEvent } from "../consensus/events";

/** `0xab…12`: enough to tell transactions apart in a trace. */
export function shortHash(hash: string): string {
  return hash.length > 10 ? `${hash.slice(0, 4)}…${hash.slice(-2)}` : hash;
}

/**
 * `names` maps an address (any case) to an account or contract name, so `from`/`to` read as
 * `alice→store`.
 */
export function formatEvent(e: NetworkEvent, names: (address: string) => string | undefined = () => undefined): string {
  const who = (a: string) => names(a) ?? shortHash(a);
  const tx = (h: string) => `tx=${shortHash(h)}`;
  let detail: string;
  switch (e.type) {
    case "tx_created":
      detail = `${tx(e.tx)} ${e.kind} ${who(e.from)}→${who(e.to)} ${e.mode}${e.parent ? ` parent=${shortHash(e.parent)}` : ""}`;
      break;
    case "status_changed":
      detail = `${tx(e.tx)} ${e.from}→${e.to}`;
      break;
    case "validators_selected":
      detail = `${tx(e.tx)} round ${e.round} (${e.kind}) leader ${e.leader} validators ${e.validators.join(",")}`;
      break;
    case "execution_started":
      detail = `${tx(e.tx)} ${e.validator} ${e.role}`;
      break;
    case "execution_finished":
      detail = `${tx(e.tx)} ${e.validator} ${e.role} ${e.outcome} gas=${e.gasUsed} ${e.durationMs}ms`;
      break;
    case "vote_committed":
      detail = `${tx(e.tx)} ${e.validator}`;
      break;
    case "vote_revealed":
      detail = `${tx(e.tx)} ${e.validator} ${e.vote}`;
      break;
    case "tally":
      detail = `${tx(e.tx)} round ${e.round} agree=${e.agree} disagree=${e.disagree} timeout=${e.timeout} violation=${e.violation} → ${e.result}`;
      break;
    case "leader_rotated":
      detail = `${tx(e.tx)} round ${e.round} rotation ${e.rotation} (was ${e.previousLeader})`;
      break;
    case "state_applied":
      detail = `${tx(e.tx)} ${who(e.contract)} ${e.stage} root=${shortHash(e.stateRoot)}`;
      break;
    case "appeal_submitted":
      detail = `${tx(e.tx)} ${e.kind} by ${who(e.by)} bond=${e.bond}`;
      break;
    case "appeal_decided":
      detail = `${tx(e.tx)} ${e.successful ? "successful" : "failed"} "${e.label}" window=${e.windowMs}ms`;
      break;
    case "tx_rolled_back":
      detail = `${tx(e.tx)} because ${shortHash(e.because)}`;
      break;
    case "child_tx":
      detail = `${tx(e.parent)} → ${shortHash(e.child)} ${e.kind} on ${e.on}`;
      break;
    case "finalized":
      detail = `${tx(e.tx)} ${e.status}`;
      break;
    case "slashed":
      detail = `${tx(e.tx)} ${e.validator} -${e.amount} (${e.reason})`;
      break;
    case "rewarded":
      detail = `${tx(e.tx)} ${e.validator} +${e.amount}`;
      break;
    case "clock_advanced":
      detail = `+${e.by}ms`;
      break;
    case "transfer":
      detail = `${tx(e.tx)} ${who(e.from)}→${who(e.to)} ${e.value}`;
      break;
    case "account_funded":
      detail = `${who(e.address)} +${e.value}`;
      break;
    default: {
      const rest = e as unknown as Record<string, unknown>;
      detail = Object.entries(rest)
        .filter(([k]) => !["seq", "at", "type"].includes(k))
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ");
    }
  }
  return `[t=${e.at}ms] #${e.seq} ${(e as { type: string }).type} ${detail}`;
}
