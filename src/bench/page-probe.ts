/**
 * What the browser bench injects into the app's page before any of its scripts run (Playwright's
 * `addInitScript`): timestamps on the page's own clock (`performance.now()`, 0 = navigation start)
 * for when the network is ready, when the editor is mounted and when a typed marker shows in it,
 * and when each Python worker of the pool reaches each boot stage. It only reads the page: the
 * header's boot status (`data-testid="boot-status"`, the same signal the e2e tests wait for), the
 * editor's DOM and the existing read-only test hook `genlayerPlayground.debug.workers()`.
 */

/** Worker boot milestones, ms since navigation start (first time seen). */
export interface WorkerMilestones {
  /** The runtime exists (its Worker was created; nothing reported yet). */
  created?: number;
  /** The worker's script runs and started loading Pyodide. */
  started?: number;
  /** Pyodide's files are downloaded (what is left: compile, start Python). */
  downloaded?: number;
  /** Python runs; the SDK is being written and imported. */
  pythonUp?: number;
  /** Booted: SDK imported, sandbox locked down. */
  ready?: number;
  /** The worker's own boot time (from inside the worker). */
  bootMs?: number;
}

export interface PageMarks {
  /** The header says "Validator ready": every worker of the pool booted, the network built. */
  ready: number | null;
  /** The header's status text when it showed a failure (one line). */
  failed: string | null;
  /** Monaco is mounted with the file's lines rendered. */
  editor: number | null;
  /** The marker typed into the editor is rendered in it. */
  typed: number | null;
  workers: WorkerMilestones[];
}

/** Runs in the page (serialised by Playwright: no imports, no closures). `marker`: the text the bench types into the editor. */
export function installPageProbe(marker: string): void {
  const marks: PageMarks = { ready: null, failed: null, editor: null, typed: null, workers: [] };
  (window as unknown as { __benchMarks: PageMarks }).__benchMarks = marks;
  const check = () => {
    const now = performance.now();
    const status = document.querySelector('[data-testid="boot-status"]');
    if (marks.ready === null && status?.textContent?.startsWith("Validator ready")) marks.ready = now;
    if (marks.failed === null && status?.classList.contains("boot-failed")) marks.failed = status.textContent ?? "failed";
    if (marks.editor === null && document.querySelector(".monaco-editor .view-line")) {
      marks.editor = now;
      // Focus the editor's input (EditContext or textarea) so the bench's keystroke lands in it.
      if (marker) document.querySelector<HTMLElement>(".monaco-editor .native-edit-context, .monaco-editor textarea.inputarea")?.focus();
    }
    if (marks.typed === null && marker && document.querySelector(".monaco-editor .view-lines")?.textContent?.includes(marker)) marks.typed = now;
  };
  type Boot = { state: string; stage?: string; progress: number; ms?: number };
  const poll = setInterval(() => {
    const debug = (window as unknown as { genlayerPlayground?: { debug?: { workers?: () => Boot[] } } }).genlayerPlayground?.debug;
    const now = performance.now();
    (debug?.workers?.() ?? []).forEach((b, i) => {
      const m = (marks.workers[i] ??= {});
      m.created ??= now;
      if (b.progress > 0) m.started ??= now;
      if (b.stage === "starting Python" || b.stage === "installing SDK" || b.state === "ready") m.downloaded ??= now;
      if (b.stage === "installing SDK" || b.state === "ready") m.pythonUp ??= now;
      if (b.state === "ready") {
        m.ready ??= now;
        m.bootMs ??= b.ms;
      }
    });
    if (marks.ready !== null && marks.workers.length > 0 && marks.workers.every((m) => m.ready !== undefined)) clearInterval(poll);
  }, 10);
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["class"] });
}
