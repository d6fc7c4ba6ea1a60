/** The workspace lease of this tab over the browser's Web Locks and a BroadcastChannel (see
 * src/core/persistence/workspace-lease.ts). */
import { WorkspaceLease, type ChannelLike, type LockManagerLike } from "../../core/persistence";

export function browserWorkspaceLease(dbName: string): WorkspaceLease {
  const name = `genlayer-playground:workspace:${dbName}`;
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks ?? null;
  const channel: ChannelLike | null = typeof BroadcastChannel === "function" ? new BroadcastChannel(name) : null;
  return new WorkspaceLease({ locks, channel, name });
}
