/**
 * The browser store of a workspace: IndexedDB (idb), one object store per area so the three resets
 * are separate:
 *   files     one record per file, key = path
 *   network   "network" → the saved network section, "session" → accounts / contract labels / sender
 *   settings  "settings" → playground settings, "ui" → UI state
 * Every record carries the document version it was written with and when. Nothing here throws into
 * the UI: every method resolves to `{ok: true, value}` or `{ok: false, message}` (one line).
 *
 * DB schema versions:
 *   1  (early builds) one store "workspace" with the whole document under "current"
 *   2  the per-area stores above; the upgrade moves a v1 document over (migrating it) and drops
 *      the old store.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from "idb";
import type { Network } from "../../core/consensus";
import {
  WORKSPACE_FORMAT,
  WORKSPACE_VERSION,
  emptySession,
  errorLine,
  exportFileName,
  loadWorkspace,
  networkSection,
  sortFiles,
  workspaceToText,
  type JsonValue,
  type LoadResult,
  type SavedNetworkSection,
  type SessionExtras,
  type WorkspaceDocument,
  type WorkspaceFile,
} from "../../core/persistence";

export const DEFAULT_DB_NAME = "genlayer-playground";
export const DB_VERSION = 2;
const AREAS = ["files", "network", "settings"] as const;
type Area = (typeof AREAS)[number];

/** A failure says in one line what went wrong; `quota` when browser storage is full. */
export type StoreResult<T = void> = { ok: true; value: T } | { ok: false; message: string; quota?: true };

export type LoadedWorkspace = Extract<LoadResult, { ok: true }> & {
  /** True when nothing was stored yet (the document is empty defaults). */
  empty: boolean;
  /** Problems that did not stop the load (e.g. unreadable network state: files still load). */
  warnings: string[];
};

export interface StorageUsage {
  usageBytes: number;
  quotaBytes: number;
  persisted: boolean;
}

interface Stamped {
  version: number;
  savedAt: string;
}
type FileRecord = WorkspaceFile & Stamped;
type ValueRecord = Stamped & { value: JsonValue | SavedNetworkSection | SessionExtras | null };

const ok = <T>(value: T): StoreResult<T> => ({ ok: true, value });
const fail = (e: unknown): { ok: false; message: string; quota?: true } => {
  const name = e instanceof DOMException || e instanceof Error ? e.name : "";
  if (name === "QuotaExceededError") return { ok: false, message: `browser storage is full: ${errorLine(e)}`, quota: true };
  return { ok: false, message: errorLine(e) };
};

/** A queued request: its failure is reported once by the transaction's `done`, not again here. */
const queued = (request: Promise<unknown>): void => void request.catch(() => undefined);

/**
 * Queues a write transaction's requests and waits for it to commit. A failure is the transaction's
 * own error (QuotaExceededError when storage is full; its requests only say AbortError). If
 * queuing throws (a value that cannot be stored…), the transaction is aborted so requests queued
 * before (e.g. a `clear()`) are not committed alone.
 */
async function writeAll(tx: { abort(): void; done: Promise<void> }, queue: () => void): Promise<void> {
  try {
    queue();
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // already finished
    }
    await tx.done.catch(() => undefined);
    throw e;
  }
  await tx.done;
}

const stamp = (): Stamped => ({ version: WORKSPACE_VERSION, savedAt: new Date().toISOString() });

async function guard<T>(fn: () => Promise<T>): Promise<StoreResult<T>> {
  try {
    return ok(await fn());
  } catch (e) {
    return fail(e);
  }
}

type Tx = IDBPTransaction<unknown, string[], "versionchange">;

/** Schema upgrades, run inside the version-change transaction. */
function upgrade(db: IDBPDatabase, oldVersion: number, tx: Tx): void {
  if (oldVersion < 2) {
    db.createObjectStore("files", { keyPath: "path" });
    db.createObjectStore("network");
    db.createObjectStore("settings");
  }
  if (oldVersion === 1 && db.objectStoreNames.contains("workspace")) {
    const legacy = tx.objectStore("workspace");
    void legacy.get("current").then((raw) => {
      const r = raw === undefined ? null : loadWorkspace(raw);
      if (r && !r.ok) {
        // Keep the old store (never lose work): a later version may read it.
        console.warn(`stored workspace could not be migrated (kept as is): ${r.message}`);
        return;
      }
      if (r) writeDocument(tx as unknown as AreaTx, r.doc);
      db.deleteObjectStore("workspace");
    });
  }
}

type AreaTx = IDBPTransaction<unknown, Area[], "readwrite">;

function writeDocument(tx: AreaTx, doc: WorkspaceDocument): void {
  const s: Stamped = { version: WORKSPACE_VERSION, savedAt: doc.savedAt };
  const files = tx.objectStore("files");
  queued(files.clear());
  for (const f of doc.files) queued(files.put({ ...s, path: f.path, text: f.text } satisfies FileRecord));
  const net = tx.objectStore("network");
  queued(net.clear());
  if (doc.network) queued(net.put({ ...s, value: doc.network } satisfies ValueRecord, "network"));
  queued(net.put({ ...s, value: doc.session } satisfies ValueRecord, "session"));
  const set = tx.objectStore("settings");
  queued(set.clear());
  queued(set.put({ ...s, value: doc.settings } satisfies ValueRecord, "settings"));
  queued(set.put({ ...s, value: doc.ui } satisfies ValueRecord, "ui"));
}

export class WorkspaceStore {
  constructor(private readonly db: IDBPDatabase) {}

  close(): void {
    this.db.close();
  }

  /** Everything stored, as a current-version document (validated and migrated). */
  async load(): Promise<StoreResult<LoadedWorkspace>> {
    try {
      const tx = this.db.transaction([...AREAS], "readonly");
      const [files, network, session, settings, ui] = await Promise.all([
        tx.objectStore("files").getAll() as Promise<FileRecord[]>,
        tx.objectStore("network").get("network") as Promise<ValueRecord | undefined>,
        tx.objectStore("network").get("session") as Promise<ValueRecord | undefined>,
        tx.objectStore("settings").get("settings") as Promise<ValueRecord | undefined>,
        tx.objectStore("settings").get("ui") as Promise<ValueRecord | undefined>,
      ]);
      await tx.done;
      const records: Stamped[] = [...files, network, session, settings, ui].flatMap((r) => (r ? [r as Stamped] : []));
      const newest = Math.max(WORKSPACE_VERSION, ...records.map((r) => r.version));
      if (newest > WORKSPACE_VERSION)
        return { ok: false, message: `workspace from a newer version (v${newest}); this playground reads up to v${WORKSPACE_VERSION}` };
      const savedAt = records.map((r) => r.savedAt).sort().pop() ?? new Date().toISOString();
      const doc: WorkspaceDocument = {
        format: WORKSPACE_FORMAT,
        version: WORKSPACE_VERSION,
        savedAt,
        files: sortFiles(files),
        settings: (settings?.value as Record<string, JsonValue>) ?? {},
        network: (network?.value as SavedNetworkSection) ?? null,
        session: (session?.value as SessionExtras) ?? emptySession(),
        ui: (ui?.value as Record<string, JsonValue>) ?? {},
      };
      const warnings: string[] = [];
      let r = loadWorkspace(doc);
      if (!r.ok && doc.network) {
        warnings.push(`the saved network could not be restored (${r.message}); files and settings are kept`);
        r = loadWorkspace({ ...doc, network: null });
      }
      if (!r.ok) return r;
      return ok({ ...r, empty: records.length === 0, warnings });
    } catch (e) {
      return fail(e);
    }
  }

  /** Replaces all files (one transaction). */
  saveFiles(files: readonly WorkspaceFile[]): Promise<StoreResult> {
    return guard(async () => {
      const tx = this.db.transaction("files", "readwrite");
      const s = stamp();
      await writeAll(tx, () => {
        queued(tx.store.clear());
        for (const f of files) queued(tx.store.put({ ...s, path: f.path, text: f.text } satisfies FileRecord));
      });
    });
  }

  /** Saves one file (for per-keystroke debounced saves). */
  saveFile(file: WorkspaceFile): Promise<StoreResult> {
    return guard(async () => {
      const tx = this.db.transaction("files", "readwrite");
      await writeAll(tx, () => queued(tx.store.put({ ...stamp(), path: file.path, text: file.text } satisfies FileRecord)));
    });
  }

  deleteFile(path: string): Promise<StoreResult> {
    return guard(() => this.db.delete("files", path));
  }

  /** Saves the chain (a live network, or a prepared section; null = no network) and the session
   * extras (accounts, contract labels, sender) together. */
  saveNetwork(network: Network | SavedNetworkSection | null, session: SessionExtras): Promise<StoreResult> {
    return guard(async () => {
      const section = network === null ? null : "encoding" in network ? network : networkSection(network);
      const tx = this.db.transaction("network", "readwrite");
      const s = stamp();
      await writeAll(tx, () => {
        if (section) queued(tx.store.put({ ...s, value: section } satisfies ValueRecord, "network"));
        else queued(tx.store.delete("network"));
        queued(tx.store.put({ ...s, value: session } satisfies ValueRecord, "session"));
      });
    });
  }

  /** Saves settings and, when given, UI state (one transaction). */
  saveSettings(settings: Record<string, JsonValue>, ui?: Record<string, JsonValue>): Promise<StoreResult> {
    return guard(async () => {
      const tx = this.db.transaction("settings", "readwrite");
      const s = stamp();
      await writeAll(tx, () => {
        queued(tx.store.put({ ...s, value: settings } satisfies ValueRecord, "settings"));
        if (ui) queued(tx.store.put({ ...s, value: ui } satisfies ValueRecord, "ui"));
      });
    });
  }

  saveUi(ui: Record<string, JsonValue>): Promise<StoreResult> {
    return guard(async () => {
      const tx = this.db.transaction("settings", "readwrite");
      await writeAll(tx, () => queued(tx.store.put({ ...stamp(), value: ui } satisfies ValueRecord, "ui")));
    });
  }

  resetFiles(): Promise<StoreResult> {
    return guard(() => this.db.clear("files"));
  }

  /** Forgets the chain: transactions, contracts, accounts, sender. Files and settings stay. */
  resetNetwork(): Promise<StoreResult> {
    return guard(() => this.db.clear("network"));
  }

  /** Forgets settings and UI state. Files and the chain stay. */
  resetSettings(): Promise<StoreResult> {
    return guard(() => this.db.clear("settings"));
  }

  /** How much this origin stores, of how much, and whether the browser promised to keep it. */
  usage(): Promise<StoreResult<StorageUsage>> {
    return guard(async () => {
      const storage = globalThis.navigator?.storage;
      if (!storage?.estimate) throw new Error("this browser does not report storage usage");
      const est = await storage.estimate();
      const persisted = storage.persisted ? await storage.persisted() : false;
      return { usageBytes: est.usage ?? 0, quotaBytes: est.quota ?? 0, persisted };
    });
  }

  /** Asks the browser not to evict this origin's storage; value = granted. */
  requestPersistence(): Promise<StoreResult<boolean>> {
    return guard(async () => {
      const storage = globalThis.navigator?.storage;
      if (!storage?.persist) throw new Error("this browser cannot make storage persistent");
      return storage.persist();
    });
  }

  /** The whole stored workspace as one JSON file. */
  async exportWorkspace(): Promise<StoreResult<{ blob: Blob; fileName: string; doc: WorkspaceDocument }>> {
    const r = await this.load();
    if (!r.ok) return r;
    const doc = { ...r.value.doc, savedAt: new Date().toISOString() };
    return ok({ blob: exportDocument(doc), fileName: exportFileName(doc), doc });
  }

  /** Reads an exported file (any known version) and, unless `replace: false`, replaces everything
   * stored with it (one transaction: all or nothing). */
  async importWorkspace(file: Blob | string, opts: { replace?: boolean } = {}): Promise<StoreResult<LoadedWorkspace>> {
    const parsed = await parseWorkspaceFile(file);
    if (!parsed.ok) return parsed;
    if (opts.replace === false) return parsed;
    const written = await guard(async () => {
      const tx = this.db.transaction([...AREAS], "readwrite");
      await writeAll(tx, () => writeDocument(tx, parsed.value.doc));
    });
    return written.ok ? parsed : written;
  }
}

/** A document as a downloadable JSON Blob. */
export function exportDocument(doc: WorkspaceDocument): Blob {
  return new Blob([workspaceToText(doc)], { type: "application/json" });
}

/** Parses and validates an exported workspace file without touching the store. */
export async function parseWorkspaceFile(file: Blob | string): Promise<StoreResult<LoadedWorkspace>> {
  let text: string;
  try {
    text = typeof file === "string" ? file : await file.text();
  } catch (e) {
    return { ok: false, message: `cannot read the file: ${errorLine(e)}` };
  }
  const r = loadWorkspace(text);
  return r.ok ? ok({ ...r, empty: false, warnings: r.fromVersion < WORKSPACE_VERSION ? [`upgraded from workspace v${r.fromVersion}`] : [] }) : r;
}

/** Opens (creating or upgrading) the workspace database. */
export async function openWorkspaceStore(name: string = DEFAULT_DB_NAME): Promise<StoreResult<WorkspaceStore>> {
  if (!globalThis.indexedDB) return { ok: false, message: "this browser has no IndexedDB: work will not be saved" };
  return guard(async () => {
    const db = await openDB(name, DB_VERSION, {
      upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db as IDBPDatabase, oldVersion, tx as unknown as Tx),
      blocked: () => console.warn("workspace database upgrade is waiting for another tab to close"),
    });
    return new WorkspaceStore(db);
  });
}
