/** Workspace files in the Monaco contract editor (SDK lint + completions), the schema check and the save status. */
import { useCallback, useSyncExternalStore, type DragEvent } from "react";
import { EXAMPLE_FILES } from "../example-files";
import type { CheckOutput } from "../app-actions";
import type { ContractSchema } from "../../core/scenario/args";
import { ContractEditor } from "../editor/ContractEditor";
import { useDiagnostics, useGenLayerApi } from "../editor/genlayer-language";
import { editorRuntime } from "../editor-runtime";
import { useApp, useSessionState } from "../use-session";
import { formatBytes, type WorkspacePersistence } from "../workspace";
import { ActionButton, ErrorLine } from "./common";

/** The Examples select's entry that opens the gallery. */
const GALLERY = "#gallery";
const EXAMPLES = Object.keys(EXAMPLE_FILES).filter((p) => p.endsWith(".py")).sort();

/** One line for a checked contract: constructor parameters and method counts (the JSON folds open). */
function schemaSummary(schema: ContractSchema): string {
  const ctor = [...schema.ctor.params.map(([n]) => n), ...Object.keys(schema.ctor.kwparams)].join(", ");
  const methods = Object.values(schema.methods);
  const views = methods.filter((m) => m.readonly).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `Schema: constructor(${ctor}) · ${plural(views, "view")} · ${plural(methods.length - views, "write")}`;
}
const noop = () => () => undefined;

function SaveStatus({ ws }: { ws?: WorkspacePersistence }) {
  const s = useSyncExternalStore(ws?.subscribe ?? noop, ws?.getStatus ?? (() => null));
  if (!s) return null;
  const usage = s.usageBytes !== undefined ? `${formatBytes(s.usageBytes)} stored` : "";
  const text =
    s.saved === "off" ? `not saved: ${s.message ?? "no storage"}` : s.saved === "error" ? `not saved: ${s.message ?? ""}` : s.saved === "saving" ? "saving…" : s.saved === "saved" ? "saved in this browser" : "autosave on";
  return (
    <small className={s.saved === "error" || s.saved === "off" ? "save-status error" : "save-status hint"} data-testid="save-status" title={s.quotaBytes ? `${formatBytes(s.usageBytes ?? 0)} of ${formatBytes(s.quotaBytes)}${s.persisted ? " (persistent)" : ""}` : undefined}>
      {text}
      {usage && ` · ${usage}`}
    </small>
  );
}

export function FilesPanel({ check }: { check: CheckOutput }) {
  const { session, actions, workspace } = useApp();
  const st = useSessionState();
  const runtime = editorRuntime();
  const api = useGenLayerApi(runtime);
  const { byFile, checking, error } = useDiagnostics(runtime, st.files as { path: string; text: string }[]);
  const onChange = useCallback((path: string, text: string) => session.setFile(path, text), [session]);
  const onSelect = useCallback((path: string) => actions.run("files.open", path), [actions]);
  const onCreate = useCallback(() => actions.run("files.new"), [actions]);
  const onClose = useCallback((path: string) => actions.run("files.close", path), [actions]);
  // Files dropped anywhere on the panel (the editor too) open like "Open…".
  const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes("Files");
  const onDragOver = (e: DragEvent) => {
    if (hasFiles(e)) e.preventDefault();
  };
  const onDrop = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.stopPropagation();
    actions.run("files.openFromDisk", [...e.dataTransfer.files]);
  };
  const status = !runtime ? "SDK checks unavailable" : error ? `Python: ${error}` : !api ? "Python starting…" : checking ? "checking…" : "SDK checks up to date";
  return (
    <section className="panel files" data-testid="files" onDragOverCapture={onDragOver} onDropCapture={onDrop}>
      <header className="panel-head">
        <h2>Files</h2>
        <SaveStatus ws={workspace} />
        <ActionButton id="files.openFromDisk" className="ghost" testId="open-files" title="Open contract files from this computer (or drop them on this panel)">
          Open…
        </ActionButton>
        <select aria-label="Open example" value="" onChange={(e) => (e.target.value === GALLERY ? actions.run("gallery.open") : actions.run("files.openExample", e.target.value))}>
          <option value="">Examples…</option>
          <option value={GALLERY}>Browse gallery…</option>
          {EXAMPLES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </header>
      {st.files.length > 0 ? (
        <div className="editor-host">
          <ContractEditor files={st.files as { path: string; text: string }[]} active={st.activeFile ?? st.files[0].path} onChange={onChange} onSelect={onSelect} onCreate={onCreate} onClose={onClose} diagnostics={byFile} api={api} status={status} />
        </div>
      ) : (
        <p className="hint">
          Open an example to start, or <ActionButton id="files.new">create a file</ActionButton>.
        </p>
      )}
      <div className="row">
        <ActionButton id="contract.schema" className="primary" />
      </div>
      <ErrorLine scope="open" />
      <ErrorLine scope="files" />
      <div className="output" aria-live="polite" data-testid="output">
        {check.kind === "none" && <p className="hint">Check the contract to see its methods and constructor.</p>}
        {check.kind === "busy" && <p className="hint">Running…</p>}
        {check.kind === "schema" && (
          <details>
            <summary title="Show the schema JSON">{schemaSummary(check.schema)}</summary>
            <pre>{JSON.stringify(check.schema, null, 2)}</pre>
          </details>
        )}
        {check.kind === "error" && <p className="error">{check.message}</p>}
      </div>
    </section>
  );
}
