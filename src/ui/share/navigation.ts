/**
 * Where the app starts, read from the address: the user's own workspace (no fragment), a shared
 * link (`#s=…`), a gallery example (`#example=<id>`) or a scenario file opened in this tab
 * (`#file=<name>`, its text kept in sessionStorage). Everything but the first opens a temporary
 * workspace. Switching reloads the page, so exactly one session runs and the temporary one never
 * touches the saved workspace.
 */
import { hasSharedScenario } from "../../core/share/codec";

export type StartRequest =
  | { kind: "user" }
  | { kind: "link"; fragment: string }
  | { kind: "example"; id: string; autorun: boolean }
  | { kind: "file"; name: string; autorun: boolean };

const FILE_KEY = "genlayer-playground:opened-scenario";

export function readStart(hash: string): StartRequest {
  if (!hash || hash === "#") return { kind: "user" };
  if (hasSharedScenario(hash)) return { kind: "link", fragment: hash };
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const autorun = params.get("autorun") === "1";
  const example = params.get("example");
  if (example) return { kind: "example", id: example, autorun };
  const file = params.get("file");
  if (file !== null) return { kind: "file", name: file, autorun };
  return { kind: "user" };
}

function go(url: string): void {
  history.pushState(null, "", url);
  location.reload();
}

/** Opens a gallery example in a temporary workspace. */
export function goExample(id: string): void {
  go(`#example=${encodeURIComponent(id)}`);
}

/** Opens a share link's fragment (`s=…`) in a temporary workspace. */
export function goLink(fragment: string): void {
  go(`#${fragment.replace(/^#/, "")}`);
}

/** Opens a scenario file's text in a temporary workspace (kept for this tab only). */
export function goScenarioFile(name: string, text: string): void {
  sessionStorage.setItem(FILE_KEY, text);
  go(`#file=${encodeURIComponent(name)}`);
}

export function openedScenarioText(): string | null {
  return sessionStorage.getItem(FILE_KEY);
}

/** Back to the user's own workspace (it loads from this browser's storage). */
export function goUserWorkspace(): void {
  go(location.pathname + location.search);
}

/** Reloads when the address switches to another workspace (e.g. a link pasted into this tab). */
export function reloadOnWorkspaceChange(current: StartRequest): void {
  window.addEventListener("hashchange", () => {
    const next = readStart(location.hash);
    if (next.kind !== current.kind || JSON.stringify(next) !== JSON.stringify(current)) location.reload();
  });
}
