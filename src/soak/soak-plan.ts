/**
 * A seeded soak plan: a network with a minority of malicious validators, six example contracts, N
 * transactions in batches with clock moves and appeals in between, and the faults to inject into
 * chosen executions (worker kills, LLM errors and timeouts). Plain JSON data: the same `txs` and
 * `seed` always give the same plan, so a run can be replayed exactly.
 */
import { SeededRng } from "../core/consensus/rng";
import type { ValidatorBehaviour } from "../core/consensus/types";

/**
 * - `kill_mid_execution`: the validator's Python worker is killed while the execution waits for its
 *   `atHostCall`-th host answer (so it always dies mid-execution); the runtime restarts it.
 * - `kill_before_execution`: the worker that is about to run the leader's execution is killed
 *   first; the execution waits for the restarted one.
 * - `llm_error`: every LLM call of that execution fails (a provider outage).
 * - `llm_timeout`: every LLM call of that execution hangs `delayMs` of wall-clock time, then fails
 *   as a timeout.
 */
export type FaultKind = "kill_mid_execution" | "kill_before_execution" | "llm_error" | "llm_timeout";

export const FAULT_KINDS: readonly FaultKind[] = ["kill_mid_execution", "kill_before_execution", "llm_error", "llm_timeout"];

/** A fault on one execution of a planned transaction: round index, and position in that round
 * (0 = the leader of a normal round; the validators follow in the round's order). */
export interface FaultEvent {
  kind: FaultKind;
  round: number;
  position: number;
  atHostCall?: number;
  delayMs?: number;
}

/** A contract argument: JSON, or a deployed contract's / account's address (as an `Address` or as
 * its checksum text, for contracts that take addresses as `str`). */
export type PlanArg = string | number | boolean | PlanArg[] | { address: string } | { addressText: string };

export interface PlannedTx {
  index: number;
  /** A contract label of `SoakPlan.contracts` (deploys) or of a deployed contract (calls). */
  contract: string;
  /** Null for a deploy. */
  method: string | null;
  args: PlanArg[];
  from: string;
  faults: FaultEvent[];
}

export type SoakStep =
  | { kind: "submit"; tx: number }
  | { kind: "run" }
  | { kind: "advance"; ms: number }
  | { kind: "appeal"; tx: number; by: string };

export interface SoakContract {
  label: string;
  /** Under contracts-examples/. */
  file: string;
}

export interface SoakPlan {
  seed: string;
  validators: { id: string; behaviour: ValidatorBehaviour }[];
  validatorsPerTx: number;
  finalityWindowMs: number;
  runtimes: number;
  accounts: Record<string, string>;
  /** Scripted LLM answers shared by every validator (scenario `llm` format). */
  llm: { prompts: { match: string; answer: Record<string, unknown> }[] };
  contracts: SoakContract[];
  /** Deploys first (one per contract), then the soak's calls. */
  txs: PlannedTx[];
  steps: SoakStep[];
}

export const APPELLANT = "auditor";
const USERS = ["alice", "bob", "carol", "dave", "erin"];
const RICH = "1000000000000000000000000000";

const CONTRACTS: SoakContract[] = [
  { label: "store", file: "storage.py" },
  { label: "todo", file: "todo_board.py" },
  { label: "counter", file: "counter.py" },
  { label: "client", file: "counter_client.py" },
  { label: "wizard", file: "wizard_of_coin.py" },
  { label: "dao", file: "dao_moderation.py" },
];

const DEPLOY_ARGS: Record<string, PlanArg[]> = {
  store: ["genesis"],
  todo: [],
  counter: [0],
  client: [{ addressText: "counter" }],
  wizard: [true],
  dao: [["No selling or promotion.", "No insults."], [{ address: "bob" }, { address: "carol" }]],
};

const POSTS: { text: string; answer: Record<string, unknown> }[] = [
  { text: "Buy followers cheap at my shop", answer: { verdict: "remove", rule: 1, reason: "It sells a service." } },
  { text: "Proposal 12 should pass: it funds audits", answer: { verdict: "keep", rule: 0, reason: "A governance argument." } },
  { text: "Anyone who voted no is a fool", answer: { verdict: "remove", rule: 2, reason: "It insults members." } },
  { text: "Weekly call notes are up", answer: { verdict: "keep", rule: 0, reason: "On topic." } },
];

const PLEAS = ["Please, I need it", "My village is starving", "I will give it back", "It is my birthday"];

/** Contracts whose executions wait for the host at least once (where a worker can be killed mid-way). */
const HOST_CALLING = new Set(["client.observe", "wizard.ask_for_coin", "dao.submit"]);
const LLM_CALLING = new Set(["wizard.ask_for_coin", "dao.submit", "dao.appeal"]);

interface Pick {
  method: string;
  weight: number;
  args(r: SeededRng, s: PlanState): PlanArg[];
  from?(r: SeededRng): string;
}

interface PlanState {
  tasks: number;
  posts: number;
}

const anyUser = (r: SeededRng) => USERS[r.int(USERS.length)];

const CALLS: Record<string, Pick[]> = {
  store: [{ method: "update_storage", weight: 18, args: (r) => [`value-${r.int(1_000_000)}`] }],
  todo: [
    { method: "add", weight: 9, args: (r, s) => (s.tasks++, [`task ${r.int(10_000)}`, r.int(2) ? ["soak"] : []]) },
    { method: "vote", weight: 6, args: (r, s) => [r.int(s.tasks + 3)] }, // sometimes past the end: a contract error
    { method: "complete", weight: 5, args: (r, s) => [r.int(Math.max(1, s.tasks))], from: anyUser }, // not the owner: UserError
  ],
  counter: [{ method: "add", weight: 9, args: (r) => [1 + r.int(9)] }],
  client: [
    { method: "observe", weight: 8, args: () => [] },
    { method: "bump_later", weight: 3, args: (r) => [1 + r.int(3)] }, // two child transactions
  ],
  wizard: [{ method: "ask_for_coin", weight: 12, args: (r) => [PLEAS[r.int(PLEAS.length)]] }],
  dao: [
    { method: "submit", weight: 11, args: (r, s) => (s.posts++, [POSTS[r.int(POSTS.length)].text]) },
    { method: "appeal", weight: 3, args: (r, s) => [r.int(s.posts + 2), "It was a joke"], from: anyUser }, // UserError unless a member appeals a removed post
    { method: "add_rule", weight: 2, args: (r) => [`Rule ${r.int(100)}`], from: anyUser }, // UserError for non-members
  ],
};

export interface PlanOptions {
  /** Calls after the deploys. */
  txs: number;
  seed: string | number;
  /** Share of host-calling transactions with a worker killed mid-execution (default 0.05). */
  killRate?: number;
  /** Share of all transactions with a worker killed just before the leader's execution (default 0.005). */
  killBeforeRate?: number;
  /** Share of LLM transactions with an LLM outage in one execution (default 0.1). */
  llmErrorRate?: number;
  /** Share of LLM transactions with an LLM timeout in one execution (default 0.04). */
  llmTimeoutRate?: number;
  /** Appeals per call (default 0.02). */
  appealRate?: number;
}

export function makeSoakPlan(opts: PlanOptions): SoakPlan {
  const seed = String(opts.seed);
  const r = new SeededRng("soak-plan", seed);
  const chance = (p: number) => r.int(1_000_000) < p * 1_000_000;
  const validatorsPerTx = 5;
  const validators = Array.from({ length: 10 }, (_, i) => ({ id: `v${i + 1}`, behaviour: "honest" as ValidatorBehaviour }));
  // A minority of every set: at most two of the five (seven in an appeal) can misbehave.
  validators[0].behaviour = "malicious_leader";
  validators[1].behaviour = "always_disagree";

  const txs: PlannedTx[] = CONTRACTS.map((c, index) => ({ index, contract: c.label, method: null, args: DEPLOY_ARGS[c.label], from: "alice", faults: [] }));
  const steps: SoakStep[] = txs.map((t) => ({ kind: "submit", tx: t.index }) as SoakStep).concat([{ kind: "run" }]);
  const state: PlanState = { tasks: 0, posts: 0 };
  const picks = Object.entries(CALLS).flatMap(([contract, list]) => list.map((p) => ({ contract, ...p })));
  const totalWeight = picks.reduce((a, p) => a + p.weight, 0);
  const pick = () => {
    let at = r.int(totalWeight);
    for (const p of picks) if ((at -= p.weight) < 0) return p;
    return picks[0];
  };
  const position = () => r.int(validatorsPerTx);
  const round = () => (chance(0.15) ? 1 : 0);

  let made = 0;
  while (made < opts.txs) {
    const batch = Math.min(opts.txs - made, 1 + r.int(12));
    for (let i = 0; i < batch; i++, made++) {
      const p = pick();
      const key = `${p.contract}.${p.method}`;
      const faults: FaultEvent[] = [];
      if (HOST_CALLING.has(key) && chance(opts.killRate ?? 0.05))
        faults.push({ kind: "kill_mid_execution", round: round(), position: position(), atHostCall: 1 + r.int(2) });
      // The leader: a validator's run may have been started beside the leader's, before any fault.
      if (chance(opts.killBeforeRate ?? 0.005)) faults.push({ kind: "kill_before_execution", round: 0, position: 0 });
      if (LLM_CALLING.has(key) && chance(opts.llmErrorRate ?? 0.1)) faults.push({ kind: "llm_error", round: round(), position: position() });
      if (LLM_CALLING.has(key) && chance(opts.llmTimeoutRate ?? 0.04))
        faults.push({ kind: "llm_timeout", round: round(), position: position(), delayMs: 20 + r.int(130) });
      const tx: PlannedTx = { index: txs.length, contract: p.contract, method: p.method, args: p.args(r, state), from: p.from?.(r) ?? anyUser(r), faults };
      txs.push(tx);
      steps.push({ kind: "submit", tx: tx.index });
    }
    steps.push({ kind: "run" });
    // Appeals on transactions decided a little earlier (some will be final or busy: skipped).
    const appeals = batch * (opts.appealRate ?? 0.02);
    for (let a = 0; a < Math.floor(appeals) + (chance(appeals % 1) ? 1 : 0); a++) {
      const recent = Math.max(CONTRACTS.length, txs.length - 60);
      steps.push({ kind: "appeal", tx: recent + r.int(txs.length - recent), by: APPELLANT });
    }
    steps.push({ kind: "advance", ms: 200 + r.int(3800) });
  }

  const accounts: Record<string, string> = Object.fromEntries(USERS.map((u) => [u, RICH]));
  accounts[APPELLANT] = RICH;
  return {
    seed,
    validators,
    validatorsPerTx,
    finalityWindowMs: 30_000,
    runtimes: 2,
    accounts,
    llm: {
      prompts: [
        { match: "A new adventurer approaches", answer: { reasoning: "A wizard never gives the coin.", give_coin: false } },
        ...POSTS.map((p) => ({ match: `Post: ${escapeRegex(p.text)}`, answer: p.answer })),
      ],
    },
    contracts: CONTRACTS,
    txs,
    steps,
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** How many faults of each kind the plan asks for. */
export function plannedFaults(plan: SoakPlan): Record<FaultKind, number> {
  const out = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  for (const t of plan.txs) for (const f of t.faults) out[f.kind]++;
  return out;
}
