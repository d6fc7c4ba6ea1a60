/**
 * What a `PlaygroundSession` saves of its chain between page loads: the session's own bookkeeping
 * (setup, accounts, deployed contracts with their code and schema, transaction labels, view
 * results, recorded steps) as plain JSON, next to the network's saved state (config, snapshot and
 * event log; see persistence/network-state.ts).
 *
 * `readSavedSession` never throws: a value it cannot read comes back as one line, and the caller
 * starts a fresh chain (files are never touched by this).
 */
import type { Phase } from "../consensus/network-core";
import type { ContractSchema } from "../scenario/args";
import type { JsonValue, Step } from "../scenario/format";
import type { Recording } from "../intelligence/recorded";
import type { ResultView, SessionSetup } from "./types";

export const SAVED_SESSION_FORMAT = "playground-session-1";

export interface SavedDeployed {
  label: string;
  file: string;
  code: string;
  schema: ContractSchema;
  /** 0x + 40 hex. */
  address: string;
  deployTx: string;
  source: string;
}

export interface SavedSessionState {
  format: typeof SAVED_SESSION_FORMAT;
  setup: SessionSetup;
  /** Account name → starting balance (decimal wei). */
  accounts: [string, string][];
  sender: string;
  contracts: SavedDeployed[];
  sources: Record<string, string>;
  txLabels: Record<string, string>;
  results: Record<string, ResultView>;
  steps: Step[];
  selectedTx: string | null;
  stepMode: boolean;
  breakpoints: Phase[];
  /** The answers each validator got (model-backed validators replay from these in a scenario). */
  recording: Recording;
}

export type ReadResult = { ok: true; value: SavedSessionState } | { ok: false; message: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStrMap = (v: unknown): v is Record<string, string> => isObj(v) && Object.values(v).every((x) => typeof x === "string");

/** Checks the shape of a saved session (as read back from storage or an import). */
export function readSavedSession(value: JsonValue | undefined): ReadResult {
  const bad = (what: string): ReadResult => ({ ok: false, message: `saved session: ${what}` });
  if (!isObj(value) || value.format !== SAVED_SESSION_FORMAT) return bad("unknown format");
  const v = value as Record<string, unknown>;
  const setup = v.setup;
  if (!isObj(setup) || typeof setup.seed !== "string" || !Array.isArray(setup.validators) || !isObj(setup.consensus)) return bad("bad setup");
  if (!Array.isArray(v.accounts) || !v.accounts.every((a) => Array.isArray(a) && a.length === 2 && typeof a[0] === "string" && /^\d+$/.test(String(a[1]))))
    return bad("bad accounts");
  if (typeof v.sender !== "string") return bad("bad sender");
  if (!Array.isArray(v.contracts)) return bad("bad contracts");
  for (const c of v.contracts) {
    if (!isObj(c) || typeof c.label !== "string" || typeof c.code !== "string" || typeof c.deployTx !== "string") return bad("bad contract entry");
    if (typeof c.address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(c.address)) return bad(`bad address for ${String(c.label)}`);
    if (!isObj(c.schema) || !isObj(c.schema.methods)) return bad(`bad schema for ${String(c.label)}`);
  }
  if (!isStrMap(v.sources) || !isStrMap(v.txLabels)) return bad("bad labels");
  if (!isObj(v.results) || !Array.isArray(v.steps)) return bad("bad results or steps");
  return {
    ok: true,
    value: {
      format: SAVED_SESSION_FORMAT,
      setup: setup as unknown as SessionSetup,
      accounts: v.accounts as [string, string][],
      sender: v.sender,
      contracts: v.contracts as unknown as SavedDeployed[],
      sources: v.sources,
      txLabels: v.txLabels,
      results: v.results as unknown as Record<string, ResultView>,
      steps: v.steps as Step[],
      selectedTx: typeof v.selectedTx === "string" ? v.selectedTx : null,
      stepMode: v.stepMode === true,
      breakpoints: Array.isArray(v.breakpoints) ? (v.breakpoints.filter((b) => typeof b === "string") as Phase[]) : [],
      recording: isObj(v.recording) && Object.values(v.recording).every(Array.isArray) ? (v.recording as unknown as Recording) : {},
    },
  };
}
