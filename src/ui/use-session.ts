/** React access to the session (useSyncExternalStore) and the action registry. */
import { createContext, useContext, useSyncExternalStore } from "react";
import type { PlaygroundSession, SessionState } from "../core/session";
import type { ActionRegistry } from "./actions";
import type { WorkspacePersistence } from "./workspace";

export interface AppContextValue {
  session: PlaygroundSession;
  actions: ActionRegistry;
  /** browser persistence (absent in tests / without IndexedDB) */
  workspace?: WorkspacePersistence;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error("AppContext missing");
  return v;
}

export function useSessionState(): SessionState {
  const { session } = useApp();
  return useSyncExternalStore(session.subscribe, session.getState);
}
