/** Workspace persistence, DOM-free: the versioned workspace document, lossless network state,
 * migrations and validation. The browser store (IndexedDB) is in `src/ui/persistence`. */
import type { Network } from "../consensus";
import type { SavedNetworkSection, WorkspaceDocument } from "./document";
import { markers } from "./migrate";
import { captureNetwork, serializeNetwork, type SavedNetwork } from "./network-state";

export * from "./document";
export { loadWorkspace, migrate, validateWorkspace, errorLine, NOT_A_WORKSPACE, type LoadResult } from "./migrate";
export {
  captureNetwork,
  deserializeNetwork,
  deserializeNetworkSnapshot,
  midConsensus,
  networkConfigOf,
  restoreNetwork,
  serializeNetwork,
  serializeNetworkSnapshot,
  type InterruptedTx,
  type NetworkConfig,
  type RestoredNetwork,
  type SavedNetwork,
  type SerializedNetwork,
} from "./network-state";
export { fromTagged, toTagged, parseTagged, stringifyTagged, TaggedJsonError, type JsonValue } from "./tagged-json";

/** The `network` section of a workspace document for a live network (or a captured one). */
export function networkSection(source: Network | SavedNetwork): SavedNetworkSection {
  const saved = "snapshot" in source && "config" in source ? source : captureNetwork(source as Network);
  return { ...serializeNetwork(saved), midConsensus: markers(saved) };
}

/** The export file's text (pretty JSON, one file). */
export function workspaceToText(doc: WorkspaceDocument): string {
  return JSON.stringify(doc, null, 1) + "\n";
}

/** Suggested export file name, e.g. `genlayer-workspace-2026-11-22.json`. */
export function exportFileName(doc: WorkspaceDocument): string {
  return `genlayer-workspace-${doc.savedAt.slice(0, 10)}.json`;
}
export { createAutosaver, type Autosaver, type AutosaveOptions, type SaveOutcome } from "./autosave";
export { interruptedLine, interruptedWork, pruneInterrupted, type InterruptedSet, type InterruptedWork, type LiveChain } from "./interrupted";
export { WorkspaceLease, type ChannelLike, type LeaseOptions, type LeaseRole, type LockManagerLike } from "./workspace-lease";
