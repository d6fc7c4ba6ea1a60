/** Boot progress of the app's Python workers: one bar per worker, and the pool's summary. */
import type { RuntimeBoot } from "../../core/session";
import "./boot.css";

/** "booting" after a crash or recycle is a restart; the bar says so. */
export function workerPhase(b: RuntimeBoot): "ready" | "failed" | "booting" | "restarting" {
  if (b.state === "booting" && (b.restarts ?? 0) > 0) return "restarting";
  return b.state;
}

export function workerLabel(b: RuntimeBoot): string {
  const phase = workerPhase(b);
  if (phase === "ready") {
    const how = b.startedFrom === "snapshot" ? " (restored from the saved interpreter)" : "";
    return (b.ms !== undefined ? `ready in ${(b.ms / 1000).toFixed(1)} s` : "ready") + how;
  }
  if (phase === "failed") return "failed";
  const pct = b.measured ? ` ${Math.round((b.progress ?? 0) * 100)}%` : "";
  return `${phase === "restarting" ? "restarting: " : ""}${b.stage ?? "starting"}${pct}`;
}

function restartsText(b: RuntimeBoot): string {
  const n = b.restarts ?? 0;
  return n === 0 ? "" : `${n} ${n === 1 ? "restart" : "restarts"}`;
}

/** A thin progress bar: measured progress as a width, a moving stripe while it cannot be measured. */
export function BootBar({ boot, wide = false }: { boot: RuntimeBoot; wide?: boolean }) {
  const phase = workerPhase(boot);
  const indeterminate = phase !== "ready" && phase !== "failed" && !boot.measured;
  const fill = phase === "ready" || phase === "failed" ? 1 : (boot.progress ?? 0);
  return (
    <span
      className={`wb-track wb-${phase}${wide ? " wb-wide" : ""}${indeterminate ? " wb-indeterminate" : ""}`}
      role="progressbar"
      aria-label={`${boot.id} boot`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={indeterminate ? undefined : Math.round(fill * 100)}
      aria-valuetext={workerLabel(boot)}
    >
      <span className="wb-fill" style={indeterminate ? undefined : { width: `${Math.round(fill * 100)}%` }} />
    </span>
  );
}

/** The header's compact row: "w1 ▬ w2 ▬ w3 ▬". */
export function HeaderWorkerBars({ boot }: { boot: readonly RuntimeBoot[] }) {
  return (
    <div className="wb-header" aria-label="Python workers">
      {boot.map((b, i) => (
        <span
          key={b.id}
          className="wb-header-item"
          data-testid={`worker-bar-${i + 1}`}
          data-state={workerPhase(b)}
          title={[`${b.id}: ${workerLabel(b)}`, restartsText(b), b.message ?? ""].filter(Boolean).join(" · ")}
        >
          <span className="wb-header-name">w{i + 1}</span>
          <BootBar boot={b} />
        </span>
      ))}
    </div>
  );
}

/** Workers ready out of all, and the pool's overall boot progress. */
export function poolSummary(boot: readonly RuntimeBoot[]): { ready: number; total: number; progress: number; phase: string } {
  const total = boot.length;
  const ready = boot.filter((b) => b.state === "ready").length;
  const progress = total === 0 ? 0 : boot.reduce((s, b) => s + (b.state === "ready" ? 1 : (b.progress ?? 0)), 0) / total;
  const phases = boot.map(workerPhase);
  const phase = total === 0 ? "booting" : ready === total ? "ready" : phases.includes("failed") ? "failed" : phases.includes("restarting") ? "restarting" : "booting";
  return { ready, total, progress, phase };
}

/** The Validators panel's list of workers: bar, stage, boot time, restarts and the last reason. */
export function WorkerList({ boot }: { boot: readonly RuntimeBoot[] }) {
  return (
    <ul className="wb-list" data-testid="worker-list">
      {boot.map((b, i) => {
        const why = [restartsText(b), b.message ?? ""].filter(Boolean).join(" · ");
        return (
          <li key={b.id} data-testid={`worker-${i + 1}`} data-state={workerPhase(b)}>
            <span className="wb-list-name">{b.id}</span>
            <BootBar boot={b} wide />
            <span className={`wb-list-state wb-text-${workerPhase(b)}`}>{workerLabel(b)}</span>
            {why && (
              <span className="wb-list-why" title={why}>
                {why}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
