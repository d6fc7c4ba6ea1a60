/** Builds the temporary workspace a start request asks for, or one line saying why it cannot open. */
import { parseScenario } from "../../core/scenario/parse";
import { parseJsonText } from "../../core/scenario/json-text";
import type { Scenario } from "../../core/scenario/format";
import { decodeFragment } from "../../core/share/codec";
import type { WorkspaceFile } from "../../core/persistence";
import { loadExample } from "../gallery/gallery-data";
import { openedScenarioText, type StartRequest } from "./navigation";
import { TempWorkspace } from "./temp-workspace";

export type OpenResult = { ok: true; temp: TempWorkspace } | { ok: false; message: string };

/** A scenario file's text as a self-contained scenario (contract sources inline). */
export function readScenarioText(name: string, text: string): { ok: true; scenario: Scenario } | { ok: false; message: string } {
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, message: `${name}: not a JSON file (${json.line !== undefined ? `line ${json.line}, column ${json.column}: ` : ""}${json.message.split("\n")[0]})` };
  const parsed = parseScenario(json.value);
  if (!parsed.ok) return { ok: false, message: `${name}: ${parsed.errors[0]}` };
  const byFile = Object.entries(parsed.scenario.contracts).find(([, c]) => "file" in c)?.[0] ?? (parsed.scenario.steps.some((s) => "deploy" in s && s.deploy.file !== undefined) ? "a deploy" : undefined);
  if (byFile) return { ok: false, message: `${name}: ${byFile === "a deploy" ? "a deploy step" : `contract ${byFile}`} names a .py file; a scenario opened here must carry its sources inline ("contracts": {"Name": {"source": "…"}})` };
  return { ok: true, scenario: parsed.scenario };
}

export async function openTemporary(req: Exclude<StartRequest, { kind: "user" }>, defaults: readonly WorkspaceFile[]): Promise<OpenResult> {
  if (req.kind === "link") {
    const r = await decodeFragment(req.fragment);
    if (!r.ok) return { ok: false, message: `Could not open the shared link: ${r.message}` };
    return { ok: true, temp: new TempWorkspace(r.scenario, { kind: "link", label: "Shared link" }, r.options, defaults) };
  }
  if (req.kind === "example") {
    const r = loadExample(req.id);
    if (!r.ok) return { ok: false, message: `Could not open the example: ${r.message}` };
    return { ok: true, temp: new TempWorkspace(r.scenario, { kind: "example", label: "Example" }, { autorun: req.autorun }, defaults) };
  }
  const text = openedScenarioText();
  if (text === null) return { ok: false, message: `Could not open ${req.name || "the scenario file"}: it was opened in another tab or session; open it again` };
  const r = readScenarioText(req.name || "scenario file", text);
  if (!r.ok) return { ok: false, message: `Could not open the scenario file: ${r.message}` };
  return { ok: true, temp: new TempWorkspace(r.scenario, { kind: "file", label: `Scenario file ${req.name}` }, { autorun: req.autorun }, defaults) };
}
