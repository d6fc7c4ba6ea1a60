/** Gallery, share and temporary-workspace actions, registered in the app's one ActionRegistry. */
import type { Scenario } from "../../core/scenario/format";
import type { PlaygroundSession } from "../../core/session";
import type { ActionRegistry } from "../actions";
import type { WorkspacePersistence } from "../workspace";
import { goExample, goScenarioFile, goUserWorkspace } from "./navigation";
import { readScenarioText } from "./open-temporary";
import type { TempWorkspace } from "./temp-workspace";
import { decodeTextFile, fileSizeProblem, MAX_SCENARIO_FILE_BYTES } from "../../core/files/text-file";
import { pickFiles } from "../open-files";

/** A scenario file's text, or one line saying why it can not be opened (checked for size before it is read). */
async function readScenarioFile(file: File): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  const big = fileSizeProblem(file.name, file.size, MAX_SCENARIO_FILE_BYTES);
  if (big) return { ok: false, message: big };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { ok: false, message: `${file.name} could not be read (was it moved or deleted?)` };
  }
  const r = decodeTextFile(file.name, bytes, MAX_SCENARIO_FILE_BYTES);
  if (!r.ok) return r;
  const checked = readScenarioText(file.name, r.text);
  return checked.ok ? { ok: true, text: r.text } : checked;
}

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

export function registerShareActions(r: ActionRegistry, s: PlaygroundSession, h: ShareHooks): void {
  const leave = async (go: () => void) => {
    await h.ws?.flush();
    go();
  };
  r.register({ id: "gallery.open", label: "Browse the examples gallery", group: "Examples", run: () => h.setOverlay("gallery") });
  r.register<string>({ id: "gallery.openExample", label: "Open example scenario", palette: false, run: (id) => leave(() => goExample(id!)) });
  r.register({ id: "share.open", label: "Share a link to this setup and run", group: "Share", run: () => h.setOverlay("share") });
  r.register<File>({
    id: "scenario.openFile",
    label: "Open scenario file (.json) in a temporary workspace",
    group: "Share",
    run: async (given) => {
      const file = given ?? (await pickFiles(".json,application/json"))[0];
      if (!file) return;
      const read = await readScenarioFile(file);
      if (!read.ok) return h.setProblem(read.message);
      h.setProblem(null);
      try {
        await leave(() => goScenarioFile(file.name, read.text));
      } catch {
        h.setProblem(`${file.name} is too large to open in this tab (the browser refused to keep it)`);
      }
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
