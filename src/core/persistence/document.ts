/**
 * The workspace document: everything a playground holds, as one JSON value. It is the export file
 * format and the shape the browser store loads into.
 *
 * Versions:
 *   v1  files as a map {path: text}; accounts, contracts and sender at the top level; no ui;
 *       network without the mid-consensus marker.
 *   v2  files as a sorted list [{path, text}]; accounts, contracts and sender under `session`;
 *       `ui`; `network.midConsensus` lists the transactions that were mid-consensus at save time.
 */
import type { InterruptedTx, SerializedNetwork } from "./network-state";
import type { JsonValue } from "./tagged-json";

export const WORKSPACE_FORMAT = "genlayer-playground-workspace";
export const WORKSPACE_VERSION = 2;

export interface WorkspaceFile {
  path: string;
  text: string;
}

export interface SavedAccount {
  /** Shown in the UI ("Alice"). */
  label: string;
  /** 0x + 40 hex. */
  address: string;
  /** 0x + 64 hex, when the playground holds the key. */
  privateKey?: string;
}

export interface SavedContract {
  /** 0x + 40 hex. */
  address: string;
  label: string;
  /** The workspace file it was deployed from. */
  file?: string;
  /** The contract schema as the SDK reported it (opaque JSON). */
  schema?: JsonValue;
}

export interface SessionExtras {
  accounts: SavedAccount[];
  contracts: SavedContract[];
  /** Address of the selected sender, or null. */
  sender: string | null;
  /** The app session's own bookkeeping (setup, labels, code, recorded steps; see
   * src/core/session/saved-session.ts). Optional: other writers may leave it out. */
  playground?: JsonValue;
}

export interface SavedNetworkSection extends SerializedNetwork {
  /** Transactions that were mid-consensus when the workspace was saved (informational). */
  midConsensus: Omit<InterruptedTx, "message">[];
}

export interface WorkspaceDocument {
  format: typeof WORKSPACE_FORMAT;
  version: typeof WORKSPACE_VERSION;
  /** ISO 8601. */
  savedAt: string;
  files: WorkspaceFile[];
  /** Playground settings (editor, LLM provider, consensus defaults...), opaque JSON per key. */
  settings: Record<string, JsonValue>;
  network: SavedNetworkSection | null;
  session: SessionExtras;
  /** UI state (open tabs, selected panel...), opaque JSON per key. */
  ui: Record<string, JsonValue>;
}

/** The v1 document (read by `migrate` only). */
export interface WorkspaceDocumentV1 {
  format: typeof WORKSPACE_FORMAT;
  version: 1;
  savedAt: string;
  files: Record<string, string>;
  settings: Record<string, JsonValue>;
  network: SerializedNetwork | null;
  accounts: SavedAccount[];
  contracts: SavedContract[];
  sender: string | null;
}

export function emptySession(): SessionExtras {
  return { accounts: [], contracts: [], sender: null };
}

/** A v2 document from its parts (defaults for what is left out). */
export function createWorkspaceDocument(parts: Partial<Omit<WorkspaceDocument, "format" | "version">> = {}): WorkspaceDocument {
  return {
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    savedAt: parts.savedAt ?? new Date().toISOString(),
    files: sortFiles(parts.files ?? []),
    settings: parts.settings ?? {},
    network: parts.network ?? null,
    session: parts.session ?? emptySession(),
    ui: parts.ui ?? {},
  };
}

export function sortFiles(files: readonly WorkspaceFile[]): WorkspaceFile[] {
  return [...files].map((f) => ({ path: f.path, text: f.text })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
