/** Actions of the browser persistence: taking the workspace over from another tab. */
import type { ActionRegistry } from "../actions";
import type { WorkspacePersistence } from "../workspace";

export function registerPersistenceActions(r: ActionRegistry, ws: WorkspacePersistence | undefined): void {
  if (!ws) return;
  r.register({
    id: "workspace.takeOver",
    label: "Edit the workspace in this tab (another tab has it open)",
    group: "Workspace",
    enabled: () => ws.getStatus().readOnly !== undefined,
    run: () => ws.guard(() => ws.takeOver()),
  });
}
