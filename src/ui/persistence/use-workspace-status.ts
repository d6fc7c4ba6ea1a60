/** React access to the browser persistence's status (save state, storage full, other tab,
 * transactions a reload interrupted). */
import { useSyncExternalStore } from "react";
import { useApp } from "../use-session";
import type { WorkspaceStatus } from "../workspace";

const noop = () => () => undefined;
const none = (): WorkspaceStatus | null => null;

/** The status, or null in a temporary workspace (nothing is saved there). */
export function useWorkspaceStatus(): WorkspaceStatus | null {
  const { workspace } = useApp();
  return useSyncExternalStore(workspace?.subscribe ?? noop, workspace?.getStatus ?? none);
}
