/**
 * The app's remote-network side: which network the app works on ("In-browser" or a GenLayer
 * JSON-RPC URL), the URL, and this browser's own key for remote networks (generated once, kept only
 * in this browser's localStorage, never in a share link). One RemoteNode per page.
 */
import { useSyncExternalStore } from "react";
import { RemoteNode, type RemoteState } from "../../core/remote/remote-node";

export type NetworkMode = "browser" | "remote";
const MODE_KEY = "genlayer-playground:network-mode";
const URL_KEY = "genlayer-playground:remote-url";
const KEY_KEY = "genlayer-playground:remote-key";
export const DEFAULT_REMOTE_URL = "http://127.0.0.1:4000/api";

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage full or blocked: the setting lasts for this page only.
  }
}

function localKey(): `0x${string}` {
  const existing = stored(KEY_KEY);
  if (existing && /^0x[0-9a-f]{64}$/.test(existing)) return existing as `0x${string}`;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const key = ("0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")) as `0x${string}`;
  store(KEY_KEY, key);
  return key;
}

let node: RemoteNode | null = null;
export function remoteNode(): RemoteNode {
  node ??= new RemoteNode({ privateKey: localKey() });
  return node;
}

const modeListeners = new Set<() => void>();
let mode: NetworkMode = stored(MODE_KEY) === "remote" ? "remote" : "browser";
export const getMode = (): NetworkMode => mode;
export function setMode(next: NetworkMode): void {
  mode = next;
  store(MODE_KEY, next);
  for (const l of [...modeListeners]) l();
}
export function useNetworkMode(): NetworkMode {
  return useSyncExternalStore((l) => (modeListeners.add(l), () => modeListeners.delete(l)), getMode);
}

export const remoteUrl = (): string => stored(URL_KEY) ?? DEFAULT_REMOTE_URL;
export const saveRemoteUrl = (url: string): void => store(URL_KEY, url);

export function useRemoteState(): RemoteState {
  const n = remoteNode();
  return useSyncExternalStore(n.subscribe, n.getState);
}
