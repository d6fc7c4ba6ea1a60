/** Gallery, share and temporary-workspace actions, registered in the app's one ActionRegistry. */
import type { Scenario } from "../../core/scenario/format";
import type { PlaygroundSession } from "../../core/session";
import type { ActionRegistry } from "../actions";
import type { WorkspacePersistence } from "../workspace";
import { goExample, goScenarioFile, goUserWorkspace } from "./navigation";
import { readScenarioText } from "./open-temporary";
import type { TempWorkspace } from "./temp-workspace";

export type Overlay = "gallery" | "share" | null;

export interface ShareHooks {
  setOverlay(o: Overlay): void;
  /** One line for problems that belong to no panel (a scenario file that does not open). */
  setProblem(message: string | null): void;
  temp?: TempWorkspace;
  /** The user's workspace (absent in a temporary one): flushed before leaving the page. */
  ws?: WorkspacePersistence;
}

/** What Share sends: before a temporary workspace has run, its scenario as opened; otherwise the
 * session's setup and steps so far (with recordings), named after the scenario it came from. */
export function shareableScenario(session: PlaygroundSession, temp?: TempWorkspace): Scenario {
  if (temp && !temp.started) return temp.scenario;
  const doc = session.toScenario(temp?.scenario.name ?? "Playground session");
  if (temp?.scenario.description) doc.description = temp.scenario.description;
  if (temp?.scenario.tags) doc.tags = [...temp.scenario.tags];
  // Files not deployed yet travel too, so the receiver sees the whole workspace.
  for (const f of session.getState().files) {
    const label = f.path.replace(/\.py$/, "").replace(/[^\w.-]/g, "_");
    if (!f.path.endsWith(".py") || label in doc.contracts || Object.values(doc.contracts).some((c) => "source" in c && c.source === f.text)) continue;
    doc.contracts[label] = { source: f.text };
  }
  return doc;
}

function pickFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = ".json,application/json";
    input.onchange = () => resolve(input.files?.[0] ?? null);
    input.click();
  });
}

export function registerShareActions(r: ActionRegistry, s: PlaygroundSession, h: ShareHooks): void {
  const leave = async (go: () => void) => {
    await h.ws?.flush();
    go();
  };
  r.register({ id: "gallery.open", label: "Browse the examples gallery", group: "Examples", run: () => h.setOverlay("gallery") });
  r.register<string>({ id: "gallery.openExample", label: "Open example scenario", palette: false, run: (id) => leave(() => goExample(id!)) });
  r.register({ id: "share.open", label: "Share a link to this setup and run", group: "Share", run: () => h.setOverlay("share") });
  r.register({
    id: "scenario.openFile",
    label: "Open scenario file (.json) in a temporary workspace",
    group: "Share",
    run: async () => {
      const file = await pickFile();
      if (!file) return;
      const text = await file.text();
      const checked = readScenarioText(file.name, text);
      if (!checked.ok) return h.setProblem(checked.message);
      h.setProblem(null);
      await leave(() => goScenarioFile(file.name, text));
    },
  });
  const temp = h.temp;
  if (!temp) return;
  r.register({
    id: "temp.run",
    label: "Run the scenario",
    group: "Temporary workspace",
    enabled: () => temp.getStatus().phase !== "running",
    run: () => temp.run(s),
  });
  r.register({ id: "temp.save", label: "Save to my workspace (adds these files)", group: "Temporary workspace", run: () => temp.saveToUserWorkspace(s.getState().files) });
  r.register({ id: "temp.back", label: "Back to my workspace", group: "Temporary workspace", run: () => goUserWorkspace() });
}
