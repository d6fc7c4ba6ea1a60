/**
 * One-line banners about the saved workspace: another tab edits it (this one saves nothing), the
 * browser's storage is full (recent changes not saved, the last save kept), and transactions a
 * reload interrupted mid-consensus (with Resume). `InterruptedBadge` marks such a transaction in
 * the list.
 */
import { interruptedLine, type InterruptedWork } from "../../core/persistence";
import { ActionButton } from "../panels/common";
import { useSessionState } from "../use-session";
import { useWorkspaceStatus } from "./use-workspace-status";
import "./persistence.css";

const SHOWN = 3;

export const STORAGE_FULL_TEXT =
  "Browser storage is full — your latest changes are not saved (the last saved workspace is kept). Free some space: saving retries by itself.";

function readOnlyText(kind: "other-tab" | "taken-over" | "writer-gone"): string {
  if (kind === "writer-gone") return "The other tab with this workspace was closed — this tab saves nothing until you choose Edit here.";
  return kind === "other-tab"
    ? "This workspace is open in another tab — changes in this tab are not saved."
    : "This workspace is now open in another tab — changes in this tab are not saved.";
}

export function WorkspaceBanners() {
  const status = useWorkspaceStatus();
  const st = useSessionState();
  if (!status) return null;
  const label = (w: InterruptedWork) => st.txLabels[w.hash] ?? `transaction ${w.hash.slice(0, 10)}…`;
  const interrupted = status.readOnly ? [] : (status.interrupted?.work ?? []);
  return (
    <>
      {status.readOnly && (
        <div className="persist-banner other-tab" role="alert" data-testid="other-tab-banner">
          <span className="persist-badge">Not saved</span>
          <span className="persist-text" title={readOnlyText(status.readOnly)}>
            {readOnlyText(status.readOnly)}
          </span>
          <ActionButton id="workspace.takeOver" className="primary" testId="take-over" title="The other tab saves what it has and stops saving; this tab reloads with the saved workspace">
            {status.readOnly === "writer-gone" ? "Edit here" : "Edit here instead"}
          </ActionButton>
        </div>
      )}
      {status.quotaFull && !status.readOnly && (
        <div className="persist-banner full" role="alert" data-testid="storage-full">
          <span className="persist-text" title={`${STORAGE_FULL_TEXT} (${status.message ?? ""})`}>
            {STORAGE_FULL_TEXT}
          </span>
          <ActionButton id="workspace.export" title="Download the workspace as it was last saved">
            Export workspace
          </ActionButton>
        </div>
      )}
      {interrupted.slice(0, SHOWN).map((w) => (
        <div key={w.hash} className="persist-banner interrupted" role="status" data-testid="interrupted-banner">
          <span className="persist-badge">Interrupted by reload</span>
          <span className="persist-text" title={interruptedLine(w, label(w))}>
            {interruptedLine(w, label(w))}
          </span>
          <ActionButton id="stepper.continue" testId="resume-interrupted" title="Run its consensus on from where it stopped (Continue, F8)">
            Resume <kbd>F8</kbd>
          </ActionButton>
        </div>
      ))}
    </>
  );
}

/** "interrupted" next to a transaction the last reload stopped (until it moves); the title says how. */
export function InterruptedBadge({ hash }: { hash: string }) {
  const status = useWorkspaceStatus();
  const st = useSessionState();
  const w = status?.interrupted?.work.find((x) => x.hash === hash);
  if (!w) return null;
  return (
    <span className="badge badge-interrupted" data-testid="interrupted-badge" title={`Interrupted by reload: ${interruptedLine(w, st.txLabels[hash] ?? "this transaction")}`}>
      interrupted
    </span>
  );
}
