/** The temporary-workspace banner (where it came from, Run, Save to my workspace, Back to my
 * workspace, the run's one-line result) and start-up problems such as a broken link. */
import { useSyncExternalStore } from "react";
import "./share.css";
import { useApp } from "../use-session";
import { ActionButton } from "../panels/common";
import type { TempWorkspace } from "./temp-workspace";

export function ProblemBanner({ message, onDismiss }: { message: string; onDismiss(): void }) {
  return (
    <div className="ws-banner problem" role="alert">
      <span className="ws-text" title={message} data-testid="start-error">
        {message}
      </span>
      <button type="button" className="ghost" onClick={onDismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

export function TempBanner({ temp }: { temp: TempWorkspace }) {
  const { actions } = useApp();
  const status = useSyncExternalStore(temp.subscribe, temp.getStatus);
  const deep = temp.options.deep;
  const target = deep ? ` · Run stops at ${deep.tx}${deep.round ? ` round ${deep.round}` : ""}, ${deep.phase}` : "";
  const line = status.message ?? `Nothing has run yet: press Run to replay its ${temp.scenario.steps.length} steps${target}.`;
  const failed = status.phase === "failed" || (status.run?.expectations.some((e) => !e.ok) ?? false);
  return (
    <div className="ws-banner" role="region" aria-label="Temporary workspace" data-testid="temp-banner">
      <span className="ws-badge">Temporary workspace</span>
      <span className="ws-title" title={temp.scenario.description}>
        {temp.origin.label}: <strong>{temp.scenario.name}</strong>
      </span>
      <span className={`ws-text ${failed ? "bad" : status.phase === "done" ? "good" : ""}`} data-testid="temp-status" title={line}>
        {line}
      </span>
      <span className="ws-actions">
        <ActionButton id="temp.run" className="primary" testId="temp-run">
          {status.phase === "running" ? "Running…" : temp.started ? "Run again" : "Run"}
        </ActionButton>
        <ActionButton id="temp.save" title="Adds these files to your own workspace (nothing of yours is replaced) and goes back to it">
          Save to my workspace
        </ActionButton>
        <button type="button" onClick={() => actions.run("temp.back")} title="Your saved files and chain come back; this temporary workspace is dropped">
          Back to my workspace
        </button>
      </span>
    </div>
  );
}
