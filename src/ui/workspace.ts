/**
 * Browser persistence for the app: loads the saved workspace at start-up (files, settings and the
 * chain), autosaves each of them on change, flushes on `pagehide`, and implements export / import /
 * reset for the app actions. Only one tab writes a workspace (`WorkspaceLease`): a tab opened while
 * another edits it saves nothing until it takes over. Failed saves (storage full…) are retried.
 */
import {
  createAutosaver,
  interruptedWork,
  networkSection,
  pruneInterrupted,
  type Autosaver,
  type InterruptedSet,
  type JsonValue,
  type SaveOutcome,
  type SessionExtras,
  type WorkspaceFile,
  type WorkspaceLease,
} from "../core/persistence";
import { readSavedSession, type PlaygroundSession, type SavedChain, type SessionState } from "../core/session";
import { accountAddress } from "../core/scenario/accounts";
import { DEFAULT_DB_NAME, openWorkspaceStore, type StoreResult, type WorkspaceStore } from "./persistence/workspace-store";
import { browserWorkspaceLease } from "./persistence/tab-lease";

export interface WorkspaceStatus {
  /** one short line: "saved", "not saved: …", usage */
  saved: "idle" | "saving" | "saved" | "error" | "off";
  message?: string;
  usageBytes?: number;
  quotaBytes?: number;
  persisted?: boolean;
  /** A save failed because browser storage is full (cleared once every save went through). */
  quotaFull?: boolean;
  /** This tab saves nothing: another tab was editing the workspace when it opened, or took it over. */
  readOnly?: "other-tab" | "taken-over" | "writer-gone";
  /** Transactions the last reload caught with consensus work left, until they move. */
  interrupted?: InterruptedSet;
}

const OTHER_TAB = "this workspace is open in another tab";
/** Failed saves are tried again this often (e.g. once storage was freed). */
const RETRY_MS = 5_000;
/** The chain is saved at least this often during a long run (a crash then loses little). */
const CHAIN_MAX_WAIT_MS = 2_000;

const outcome = (r: StoreResult): SaveOutcome => (r.ok ? { ok: true } : { ok: false, message: r.message, ...(r.quota && { quota: true }) });

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
  /** Failed saves by area (the status stays "error" while any is left). */
  private readonly failures = new Map<string, SaveOutcome>();

  private constructor(
    private readonly store: WorkspaceStore | null,
    offMessage?: string,
    private readonly lease?: WorkspaceLease,
  ) {
    if (!store) this.status = { saved: "off", message: offMessage };
    else if (lease && lease.role !== "writer") this.status = { saved: "off", message: OTHER_TAB, readOnly: "other-tab" };
    lease?.onHandOver((save) => this.handOver(save));
    lease?.subscribe((role) => {
      if (role === "writer-gone" && this.status.readOnly)
        this.set({ saved: "off", message: "the other tab was closed; choose Edit here to save in this tab", readOnly: "writer-gone", quotaFull: false });
    });
  }

  /** Opens the store and reads the saved workspace (never throws). */
  static async open(): Promise<{ ws: WorkspacePersistence; initial: InitialWorkspace }> {
    const empty: InitialWorkspace = { files: null, activeFile: null, ui: {}, chain: null, warnings: [] };
    const lease = browserWorkspaceLease(DEFAULT_DB_NAME);
    const [opened] = await Promise.all([openWorkspaceStore(), lease.acquire()]);
    if (!opened.ok) return { ws: new WorkspacePersistence(null, opened.message), initial: empty };
    const ws = new WorkspacePersistence(opened.value, undefined, lease);
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
    if (chain) ws.status = { ...ws.status, interrupted: interruptedWork(chain.network) };
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
    // The marks of interrupted transactions go once they move (checked after the chain is restored).
    void session.ready().then(() => {
      const prune = () => {
        const set = this.status.interrupted;
        const next = set && pruneInterrupted(set, session.getState());
        if (next && next !== set) this.set({ interrupted: next });
      };
      prune();
      session.subscribe(prune);
    });
    const store = this.store;
    if (!store || this.status.readOnly) return;
    const onResult = (area: string) => (r: SaveOutcome) => {
      if (r.ok) this.failures.delete(area);
      else this.failures.set(area, r);
      if (this.status.readOnly) return;
      // "saved" only once nothing else waits to be written; "error" while any save failed.
      const failed = [...this.failures.values()];
      const waiting = [this.files, this.settings, this.chain, this.ui].some((a) => a?.pending);
      this.set(
        failed.length > 0
          ? { saved: "error", message: failed[0].message, quotaFull: failed.some((f) => f.quota) }
          : waiting
            ? { saved: "saving", quotaFull: false }
            : { saved: "saved", message: undefined, quotaFull: false },
      );
      if (r.ok && !waiting) void this.refreshUsage();
    };
    const retryMs = RETRY_MS;
    this.files = createAutosaver((files) => store.saveFiles(files).then(outcome), { onResult: onResult("files"), retryMs });
    this.settings = createAutosaver((s) => store.saveSettings({ activeFile: s.activeFile }).then(outcome), { onResult: onResult("settings"), retryMs });
    this.ui = createAutosaver((ui) => store.saveUi(ui).then(outcome), { onResult: onResult("ui"), retryMs });
    this.chain = createAutosaver(() => this.saveChain(store), { onResult: onResult("chain"), delayMs: 600, maxWaitMs: CHAIN_MAX_WAIT_MS, retryMs });
    let last = session.getState();
    session.subscribe(() => {
      if (this.status.readOnly) return;
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

  /** Another tab takes the workspace over: save what is pending (unless it already took the
   * lock) and stop saving. */
  private async handOver(save: boolean): Promise<void> {
    if (save) await this.flush();
    for (const a of [this.files, this.settings, this.chain, this.ui]) a?.cancel();
    this.failures.clear();
    this.set({ saved: "off", message: "this workspace is now open in another tab", readOnly: "taken-over", quotaFull: false });
  }

  /** Makes this tab the one that saves: the other tab saves and steps down, then this page
   * reloads so it shows the workspace as last saved. */
  async takeOver(): Promise<void> {
    if (!this.lease || !this.status.readOnly) return;
    await this.lease.takeOver();
    location.reload();
  }

  /** Saves UI state (debounced; a no-op before `attach`). */
  saveUi(ui: Record<string, JsonValue>): void {
    if (!this.ui || this.status.readOnly) return;
    this.set({ saved: "saving" });
    this.ui.schedule(ui);
  }

  /** Forgets saved settings and UI state (the caller puts the running app's back to defaults). */
  async resetSettings(): Promise<void> {
    const store = this.writableStore();
    this.ui?.cancel();
    this.settings?.cancel();
    const r = await store.resetSettings();
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
    return outcome(await store.saveNetwork(networkSection(saved.network), extras));
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

  /** The store, when this tab may change it (not while another tab edits the workspace). */
  private writableStore(): WorkspaceStore {
    if (this.status.readOnly) throw new Error(`${OTHER_TAB}: choose “Edit here instead” first`);
    return this.requireStore();
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
    const store = this.writableStore();
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
    const store = this.writableStore();
    this.files?.cancel();
    const r = await store.resetFiles();
    if (!r.ok) throw new Error(r.message);
    this.replaceFiles(defaults, defaults[0]?.path ?? null);
  }

  /** Forgets the saved network state (the running network is reset by the caller). */
  async resetNetwork(): Promise<void> {
    const store = this.writableStore();
    this.chain?.cancel();
    const r = await store.resetNetwork();
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
