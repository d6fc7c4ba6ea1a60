/**
 * Browser persistence for the app: loads the saved workspace at start-up (files, settings and the
 * chain), autosaves each of them on change, flushes on `pagehide`, and implements export / import /
 * reset for the app actions.
 */
import { createAutosaver, networkSection, type Autosaver, type JsonValue, type SessionExtras, type WorkspaceFile } from "../core/persistence";
import { readSavedSession, type PlaygroundSession, type SavedChain, type SessionState } from "../core/session";
import { accountAddress } from "../core/scenario/accounts";
import { openWorkspaceStore, type WorkspaceStore } from "./persistence/workspace-store";

export interface WorkspaceStatus {
  /** one short line: "saved", "not saved: …", usage */
  saved: "idle" | "saving" | "saved" | "error" | "off";
  message?: string;
  usageBytes?: number;
  quotaBytes?: number;
  persisted?: boolean;
}

export interface InitialWorkspace {
  files: WorkspaceFile[] | null;
  activeFile: string | null;
  /** Saved UI state (open tab, column width). */
  ui: Record<string, JsonValue>;
  /** The saved chain to continue from (null: start a fresh network). */
  chain: SavedChain | null;
  warnings: string[];
}

/** The parts of the session state whose change means the chain should be saved again. */
const CHAIN_KEYS = ["transactions", "events", "contracts", "accounts", "sender", "results", "setup", "stepMode", "breakpoints"] as const;

export class WorkspacePersistence {
  private status: WorkspaceStatus = { saved: "idle" };
  private readonly listeners = new Set<() => void>();
  private files: Autosaver<readonly WorkspaceFile[]> | null = null;
  private settings: Autosaver<{ activeFile: string | null }> | null = null;
  private chain: Autosaver<null> | null = null;
  private ui: Autosaver<Record<string, JsonValue>> | null = null;
  private session: PlaygroundSession | null = null;

  private constructor(private readonly store: WorkspaceStore | null, offMessage?: string) {
    if (!store) this.status = { saved: "off", message: offMessage };
  }

  /** Opens the store and reads the saved workspace (never throws). */
  static async open(): Promise<{ ws: WorkspacePersistence; initial: InitialWorkspace }> {
    const empty: InitialWorkspace = { files: null, activeFile: null, ui: {}, chain: null, warnings: [] };
    const opened = await openWorkspaceStore();
    if (!opened.ok) return { ws: new WorkspacePersistence(null, opened.message), initial: empty };
    const ws = new WorkspacePersistence(opened.value);
    const loaded = await opened.value.load();
    if (!loaded.ok) return { ws, initial: { ...empty, warnings: [loaded.message] } };
    const { doc } = loaded.value;
    const files = loaded.value.empty || doc.files.length === 0 ? null : doc.files.map((f) => ({ path: f.path, text: f.text }));
    const active = typeof doc.settings.activeFile === "string" ? doc.settings.activeFile : null;
    const warnings = [...loaded.value.warnings];
    let chain: SavedChain | null = null;
    if (loaded.value.network && doc.session.playground !== undefined) {
      const state = readSavedSession(doc.session.playground);
      if (state.ok) chain = { state: state.value, network: loaded.value.network };
      else warnings.push(`${state.message}: started a fresh network (files are kept)`);
    }
    return { ws, initial: { files, activeFile: active, ui: doc.ui, chain, warnings } };
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getStatus = (): WorkspaceStatus => this.status;

  private set(patch: Partial<WorkspaceStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const l of this.listeners) l();
  }

  /** Starts autosaving the session's files and settings. */
  attach(session: PlaygroundSession): void {
    this.session = session;
    const store = this.store;
    if (!store) return;
    const onResult = (r: { ok: boolean; message?: string }) => {
      // "saved" only once nothing else waits to be written.
      const waiting = [this.files, this.settings, this.chain, this.ui].some((a) => a?.pending);
      this.set(!r.ok ? { saved: "error", message: r.message } : waiting ? { saved: "saving" } : { saved: "saved", message: undefined });
      if (r.ok && !waiting) void this.refreshUsage();
    };
    this.files = createAutosaver((files) => store.saveFiles(files).then((r) => (r.ok ? { ok: true } : { ok: false, message: r.message })), { onResult });
    this.settings = createAutosaver((s) => store.saveSettings({ activeFile: s.activeFile }).then((r) => (r.ok ? { ok: true } : { ok: false, message: r.message })), { onResult });
    this.ui = createAutosaver((ui) => store.saveUi(ui).then((r) => (r.ok ? { ok: true } : { ok: false, message: r.message })), { onResult });
    this.chain = createAutosaver(() => this.saveChain(store), { onResult, delayMs: 600 });
    let last = session.getState();
    session.subscribe(() => {
      const st = session.getState();
      if (st.network === "ready" && CHAIN_KEYS.some((k) => st[k] !== last[k])) {
        this.set({ saved: "saving" });
        this.chain!.schedule(null);
      }
      if (st.files !== last.files) {
        this.set({ saved: "saving" });
        this.files!.schedule(st.files);
      }
      if (st.activeFile !== last.activeFile) this.settings!.schedule({ activeFile: st.activeFile });
      last = st;
    });
    window.addEventListener("pagehide", () => void this.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") void this.flush();
    });
    void store.requestPersistence().then((r) => r.ok && this.set({ persisted: r.value }));
    void this.refreshUsage();
  }

  /** Runs a workspace action; a failure shows as one line in the status. */
  async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.set({ saved: "error", message: e instanceof Error ? e.message : String(e) });
    }
  }

  flush(): Promise<unknown> {
    return Promise.all([this.files?.flush(), this.settings?.flush(), this.chain?.flush(), this.ui?.flush()]);
  }

  /** Saves UI state (debounced; a no-op before `attach`). */
  saveUi(ui: Record<string, JsonValue>): void {
    if (!this.ui) return;
    this.set({ saved: "saving" });
    this.ui.schedule(ui);
  }

  /** Forgets saved settings and UI state (the caller puts the running app's back to defaults). */
  async resetSettings(): Promise<void> {
    this.ui?.cancel();
    this.settings?.cancel();
    const r = await this.requireStore().resetSettings();
    if (!r.ok) throw new Error(r.message);
  }

  /** Writes the session's chain as it is now (the network section and the session extras). */
  private async saveChain(store: WorkspaceStore): Promise<{ ok: boolean; message?: string }> {
    const saved = this.session?.saveChain();
    if (!saved) return { ok: true };
    const st: SessionState = this.session!.getState();
    const extras: SessionExtras = {
      accounts: st.accounts.map((a) => ({ label: a.name, address: a.address })),
      contracts: st.contracts.map((c) => ({ address: c.address, label: c.label, file: c.file, schema: c.schema as unknown as SessionExtras["contracts"][number]["schema"] })),
      sender: accountAddress(st.sender).toChecksum(),
      playground: JSON.parse(JSON.stringify(saved.state)),
    };
    const r = await store.saveNetwork(networkSection(saved.network), extras);
    return r.ok ? { ok: true } : { ok: false, message: r.message };
  }

  async refreshUsage(): Promise<void> {
    if (!this.store) return;
    const u = await this.store.usage();
    if (u.ok) this.set({ usageBytes: u.value.usageBytes, quotaBytes: u.value.quotaBytes, persisted: u.value.persisted });
  }

  private requireStore(): WorkspaceStore {
    if (!this.store) throw new Error(this.status.message ?? "storage is not available");
    return this.store;
  }

  /** Downloads the workspace as a JSON file. */
  async exportWorkspace(): Promise<void> {
    const store = this.requireStore();
    await this.flush();
    const r = await store.exportWorkspace();
    if (!r.ok) throw new Error(r.message);
    const url = URL.createObjectURL(r.value.blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = r.value.fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** Asks for a workspace file and replaces the files with its files. */
  importWorkspace(): Promise<void> {
    const store = this.requireStore();
    return new Promise((resolve, reject) => {
      const input = document.createElement("input");
      input.type = "file";
      input.accept = ".json,application/json";
      input.onchange = async () => {
        const file = input.files?.[0];
        if (!file) return resolve();
        await this.flush();
        const check = await store.importWorkspace(file, { replace: false });
        if (!check.ok) return reject(new Error(check.message));
        // Stop autosaving first so the running session cannot overwrite what is imported.
        for (const a of [this.files, this.settings, this.chain, this.ui]) a?.cancel();
        const r = await store.importWorkspace(file, { replace: true });
        if (!r.ok) return reject(new Error(r.message));
        // The app starts from the store: reloading brings the imported files, settings and chain.
        location.reload();
        resolve();
      };
      input.click();
    });
  }

  /** Forgets the saved files and puts `defaults` back. */
  async resetFiles(defaults: readonly WorkspaceFile[]): Promise<void> {
    const store = this.requireStore();
    this.files?.cancel();
    const r = await store.resetFiles();
    if (!r.ok) throw new Error(r.message);
    this.replaceFiles(defaults, defaults[0]?.path ?? null);
  }

  /** Forgets the saved network state (the running network is reset by the caller). */
  async resetNetwork(): Promise<void> {
    this.chain?.cancel();
    const r = await this.requireStore().resetNetwork();
    if (!r.ok) throw new Error(r.message);
    void this.refreshUsage();
  }

  private replaceFiles(files: readonly WorkspaceFile[], active: string | null): void {
    const s = this.session;
    if (!s) return;
    const keep = new Set(files.map((f) => f.path));
    for (const f of files) s.setFile(f.path, f.text);
    for (const f of s.getState().files) if (!keep.has(f.path)) s.removeFile(f.path);
    const open = active && keep.has(active) ? active : files[0]?.path;
    if (open) s.openFile(open);
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
