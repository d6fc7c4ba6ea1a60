/**
 * Browser persistence for the app: loads the saved workspace at start-up (files and settings; the
 * network is not restored yet), autosaves files and settings on change, flushes on `pagehide`, and
 * implements export / import / reset for the app actions.
 */
import { createAutosaver, type Autosaver, type WorkspaceFile } from "../core/persistence";
import type { PlaygroundSession } from "../core/session";
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
  warnings: string[];
}

export class WorkspacePersistence {
  private status: WorkspaceStatus = { saved: "idle" };
  private readonly listeners = new Set<() => void>();
  private files: Autosaver<readonly WorkspaceFile[]> | null = null;
  private settings: Autosaver<{ activeFile: string | null }> | null = null;
  private session: PlaygroundSession | null = null;

  private constructor(private readonly store: WorkspaceStore | null, offMessage?: string) {
    if (!store) this.status = { saved: "off", message: offMessage };
  }

  /** Opens the store and reads the saved workspace (never throws). */
  static async open(): Promise<{ ws: WorkspacePersistence; initial: InitialWorkspace }> {
    const empty: InitialWorkspace = { files: null, activeFile: null, warnings: [] };
    const opened = await openWorkspaceStore();
    if (!opened.ok) return { ws: new WorkspacePersistence(null, opened.message), initial: empty };
    const ws = new WorkspacePersistence(opened.value);
    const loaded = await opened.value.load();
    if (!loaded.ok) return { ws, initial: { ...empty, warnings: [loaded.message] } };
    const { doc } = loaded.value;
    const files = loaded.value.empty || doc.files.length === 0 ? null : doc.files.map((f) => ({ path: f.path, text: f.text }));
    const active = typeof doc.settings.activeFile === "string" ? doc.settings.activeFile : null;
    return { ws, initial: { files, activeFile: active, warnings: loaded.value.warnings } };
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
      this.set(r.ok ? { saved: "saved", message: undefined } : { saved: "error", message: r.message });
      if (r.ok) void this.refreshUsage();
    };
    this.files = createAutosaver((files) => store.saveFiles(files).then((r) => (r.ok ? { ok: true } : { ok: false, message: r.message })), { onResult });
    this.settings = createAutosaver((s) => store.saveSettings({ activeFile: s.activeFile }).then((r) => (r.ok ? { ok: true } : { ok: false, message: r.message })), { onResult });
    let last = session.getState();
    session.subscribe(() => {
      const st = session.getState();
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
    return Promise.all([this.files?.flush(), this.settings?.flush()]);
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
        const r = await store.importWorkspace(file, { replace: true });
        if (!r.ok) return reject(new Error(r.message));
        this.replaceFiles(r.value.doc.files, typeof r.value.doc.settings.activeFile === "string" ? r.value.doc.settings.activeFile : null);
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
