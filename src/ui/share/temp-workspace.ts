/**
 * A temporary workspace: a scenario from a share link, the gallery or a file, opened without
 * touching the user's saved workspace (nothing here writes to IndexedDB except "Save to my
 * workspace", which adds the files next to the user's own and never replaces one). Nothing runs
 * until `run()` (the Run button, or `autorun=1`).
 */
import type { Scenario } from "../../core/scenario/format";
import type { PlaygroundSession } from "../../core/session";
import { phaseRound, runScenarioSteps, type StepsRun, type StopAt } from "../../core/session/scenario-loader";
import type { ShareOptions } from "../../core/share/codec";
import type { WorkspaceFile } from "../../core/persistence";
import { openWorkspaceStore } from "../persistence/workspace-store";
import { goUserWorkspace } from "./navigation";

export interface TempOrigin {
  kind: "link" | "example" | "file";
  /** "Shared link", "Gallery example", "Scenario file prediction.json" */
  label: string;
}

export interface TempStatus {
  phase: "ready" | "running" | "done" | "failed";
  /** One line: progress, the result, or why it failed. */
  message?: string;
  run?: StepsRun;
}

export class TempWorkspace {
  private status: TempStatus = { phase: "ready" };
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly scenario: Scenario,
    readonly origin: TempOrigin,
    readonly options: ShareOptions,
    private readonly defaultFiles: readonly WorkspaceFile[],
  ) {}

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getStatus = (): TempStatus => this.status;

  private set(s: TempStatus): void {
    this.status = s;
    for (const l of [...this.listeners]) l();
  }

  get started(): boolean {
    return this.status.phase !== "ready";
  }

  /** Runs the scenario's steps (stopping where a deep link points). A second run starts from a fresh network. */
  async run(session: PlaygroundSession): Promise<void> {
    if (this.status.phase === "running") return;
    const again = this.started;
    this.set({ phase: "running", message: again ? "starting over on a fresh network…" : "running the steps…" });
    if (again) {
      await session.reset();
      session.setStepMode(false);
    }
    await session.ready();
    const total = this.scenario.steps.length;
    const stopAt: StopAt | undefined = this.options.deep;
    const run = await runScenarioSteps(session, this.scenario, {
      stopAt,
      onStep: (i) => this.set({ phase: "running", message: `step ${i + 1} of ${total}…` }),
    });
    if (run.error) return this.set({ phase: "failed", message: run.error, run });
    const failed = run.expectations.filter((e) => !e.ok);
    const checks = run.expectations.length === 0 ? "" : failed.length === 0 ? ` · all ${run.expectations.length} expectations held` : ` · ${failed.length} of ${run.expectations.length} expectations failed: ${failed[0].message}`;
    const where = run.stoppedAt ? `stopped before ${run.stoppedAt.phase} of round ${phaseRound(run.stoppedAt) + 1} (Continue F8 goes on) · ` : "";
    this.set({ phase: "done", message: `${where}ran ${run.ran} of ${total} steps${checks}`, run });
  }

  /** Copies the files into the user's saved workspace (renaming rather than replacing), then goes back to it. */
  async saveToUserWorkspace(files: readonly WorkspaceFile[]): Promise<void> {
    try {
      const opened = await openWorkspaceStore();
      if (!opened.ok) throw new Error(opened.message);
      const store = opened.value;
      const loaded = await store.load();
      if (!loaded.ok) throw new Error(loaded.message);
      const doc = loaded.value.doc;
      const mine: WorkspaceFile[] = loaded.value.empty || doc.files.length === 0 ? this.defaultFiles.map((f) => ({ ...f })) : doc.files.map((f) => ({ path: f.path, text: f.text }));
      const { merged, added } = mergeFiles(mine, files);
      const saved = await store.saveFiles(merged);
      if (!saved.ok) throw new Error(saved.message);
      if (added[0]) await store.saveSettings({ ...doc.settings, activeFile: added[0] });
      goUserWorkspace();
    } catch (e) {
      this.set({ ...this.status, message: `not saved: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}` });
    }
  }
}

/** `mine` plus each of `incoming` (skipped when identical; renamed `name_2.py`… when the path is taken). */
export function mergeFiles(mine: readonly WorkspaceFile[], incoming: readonly WorkspaceFile[]): { merged: WorkspaceFile[]; added: string[] } {
  const merged = mine.map((f) => ({ ...f }));
  const added: string[] = [];
  for (const f of incoming) {
    if (merged.some((m) => m.path === f.path && m.text === f.text)) continue;
    let path = f.path;
    const stem = path.replace(/\.py$/, "");
    const ext = path.endsWith(".py") ? ".py" : "";
    for (let i = 2; merged.some((m) => m.path === path); i++) path = `${stem}_${i}${ext}`;
    merged.push({ path, text: f.text });
    added.push(path);
  }
  return { merged, added };
}
