/**
 * Reading workspace documents of any known version: recognise, migrate step by step to the
 * current version, validate. Every failure is one line for the UI.
 */
import {
  WORKSPACE_FORMAT,
  WORKSPACE_VERSION,
  sortFiles,
  type SavedNetworkSection,
  type WorkspaceDocument,
  type WorkspaceDocumentV1,
} from "./document";
import { deserializeNetwork, midConsensus, type InterruptedTx, type SavedNetwork, type SerializedNetwork } from "./network-state";

export type LoadResult =
  | {
      ok: true;
      doc: WorkspaceDocument;
      /** The version the input had. */
      fromVersion: number;
      /** The decoded network, when there is one. */
      network: SavedNetwork | null;
      /** Transactions that were mid-consensus at save time (resumed by the engine on restore). */
      interrupted: InterruptedTx[];
    }
  | { ok: false; message: string };

export const NOT_A_WORKSPACE = "this file is not a playground workspace";

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] turns a v(n) document into v(n+1). */
const MIGRATIONS: Record<number, Migration> = {
  1: (raw) => {
    const d = raw as unknown as WorkspaceDocumentV1;
    if (!d.files || typeof d.files !== "object" || Array.isArray(d.files)) throw new Error("v1 files must be a map of path to text");
    let network: SavedNetworkSection | null = null;
    if (d.network) {
      const saved = deserializeNetwork(d.network);
      network = { ...(d.network as SerializedNetwork), midConsensus: markers(saved) };
    }
    const v2: Omit<WorkspaceDocument, "version"> & { version: number } = {
      format: WORKSPACE_FORMAT,
      version: 2,
      savedAt: d.savedAt,
      files: sortFiles(Object.entries(d.files).map(([path, text]) => ({ path, text }))),
      settings: d.settings ?? {},
      network,
      session: { accounts: d.accounts ?? [], contracts: d.contracts ?? [], sender: d.sender ?? null },
      ui: {},
    };
    return v2 as unknown as Record<string, unknown>;
  },
};

/** The mid-consensus marker stored with a saved network. */
export function markers(saved: SavedNetwork): SavedNetworkSection["midConsensus"] {
  return midConsensus(saved.snapshot, saved.events).map(({ message: _m, ...rest }) => rest);
}

/** Brings a parsed document of any known version to the current one. Throws one-line errors. */
export function migrate(input: unknown): { doc: Record<string, unknown>; fromVersion: number } {
  if (!input || typeof input !== "object" || Array.isArray(input)) throw new Error(NOT_A_WORKSPACE);
  const raw = input as Record<string, unknown>;
  if (raw.format !== WORKSPACE_FORMAT) throw new Error(NOT_A_WORKSPACE);
  const v = raw.version;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new Error(`${NOT_A_WORKSPACE} (bad version ${JSON.stringify(v)})`);
  if (v > WORKSPACE_VERSION) throw new Error(`workspace from a newer version (v${v}); this playground reads up to v${WORKSPACE_VERSION}`);
  let doc = raw;
  for (let at = v; at < WORKSPACE_VERSION; at++) {
    try {
      doc = MIGRATIONS[at](doc);
    } catch (e) {
      throw new Error(`cannot upgrade workspace v${at} to v${at + 1}: ${errorLine(e)}`);
    }
  }
  return { doc, fromVersion: v };
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Checks a current-version document's shape; returns the first problem or null. */
export function validateWorkspace(d: Record<string, unknown>): string | null {
  if (typeof d.savedAt !== "string") return "savedAt must be a string";
  if (!Array.isArray(d.files)) return "files must be a list";
  const paths = new Set<string>();
  for (const [i, f] of d.files.entries()) {
    if (!isObj(f) || typeof f.path !== "string" || f.path === "" || typeof f.text !== "string") return `files[${i}] must be {path, text}`;
    if (paths.has(f.path)) return `file ${f.path} appears twice`;
    paths.add(f.path);
  }
  if (!isObj(d.settings)) return "settings must be an object";
  if (!isObj(d.ui)) return "ui must be an object";
  if (!isObj(d.session)) return "session must be an object";
  const s = d.session;
  if (!Array.isArray(s.accounts) || !s.accounts.every((a) => isObj(a) && typeof a.label === "string" && isHexAddress(a.address)))
    return "session.accounts must be a list of {label, address}";
  if (!Array.isArray(s.contracts) || !s.contracts.every((c) => isObj(c) && typeof c.label === "string" && isHexAddress(c.address)))
    return "session.contracts must be a list of {address, label}";
  if (s.sender !== null && !isHexAddress(s.sender)) return "session.sender must be an address or null";
  if (d.network !== null && !isObj(d.network)) return "network must be an object or null";
  return null;
}

const isHexAddress = (a: unknown): boolean => typeof a === "string" && /^0x[0-9a-fA-F]{40}$/.test(a);

/** Parses a workspace (text or an already-parsed value) of any known version. Never throws. */
export function loadWorkspace(input: string | unknown): LoadResult {
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, message: `${NOT_A_WORKSPACE} (not JSON)` };
    }
  }
  try {
    const { doc, fromVersion } = migrate(value);
    const problem = validateWorkspace(doc);
    if (problem) return { ok: false, message: `corrupted workspace: ${problem}` };
    let network: SavedNetwork | null = null;
    if (doc.network) {
      try {
        network = deserializeNetwork(doc.network);
      } catch (e) {
        return { ok: false, message: `corrupted workspace: network state: ${errorLine(e)}` };
      }
    }
    const interrupted = network ? midConsensus(network.snapshot, network.events) : [];
    return { ok: true, doc: doc as unknown as WorkspaceDocument, fromVersion, network, interrupted };
  } catch (e) {
    return { ok: false, message: errorLine(e) };
  }
}

export function errorLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0];
}
