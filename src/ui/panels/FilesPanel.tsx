/** Workspace files, the editor (a textarea until the Monaco editor lands) and the schema check. */
import { EXAMPLE_FILES } from "../example-files";
import type { CheckOutput } from "../app-actions";
import { useApp, useSessionState } from "../use-session";
import { ActionButton, ErrorLine } from "./common";

const EXAMPLES = Object.keys(EXAMPLE_FILES).filter((p) => p.endsWith(".py")).sort();

/** The editor component; swap for the Monaco ContractEditor later. */
export function CodeEditor(props: { value: string; onChange(text: string): void }) {
  return <textarea className="code" aria-label="Contract source" spellCheck={false} wrap="off" value={props.value} onChange={(e) => props.onChange(e.target.value)} />;
}

export function FilesPanel({ check }: { check: CheckOutput }) {
  const { session, actions } = useApp();
  const st = useSessionState();
  const file = st.files.find((f) => f.path === st.activeFile);
  return (
    <section className="panel files" data-testid="files">
      <header className="panel-head">
        <div className="tabs" role="tablist">
          {st.files.map((f) => (
            <button key={f.path} role="tab" aria-selected={f.path === st.activeFile} className={f.path === st.activeFile ? "tab active" : "tab"} onClick={() => actions.run("files.open", f.path)}>
              {f.path}
            </button>
          ))}
        </div>
        <select aria-label="Open example" value="" onChange={(e) => actions.run("files.openExample", e.target.value)}>
          <option value="">Examples…</option>
          {EXAMPLES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </header>
      {file ? <CodeEditor value={file.text} onChange={(t) => session.setFile(file.path, t)} /> : <p className="hint">Open an example to start.</p>}
      <div className="row">
        <ActionButton id="contract.schema" className="primary" />
      </div>
      <ErrorLine scope="files" />
      <div className="output" aria-live="polite" data-testid="output">
        {check.kind === "none" && <p className="hint">Check the contract to see its methods and constructor.</p>}
        {check.kind === "busy" && <p className="hint">Running…</p>}
        {check.kind === "schema" && <pre>{JSON.stringify(check.schema, null, 2)}</pre>}
        {check.kind === "error" && <p className="error">{check.message}</p>}
      </div>
    </section>
  );
}
