/**
 * Early playground shell: one validator boots in a worker; the contract in the editor can be
 * checked (schema). The full editor, forms and consensus views come with the app issue.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { DirectRunner } from "../core/runtime/direct-runner";
import { describeFailure } from "../core/runtime/errors";
import type { PythonRuntime } from "../core/runtime/python-runtime";
import { createBrowserRuntime } from "../../workers/browser/browser-runtime";
import { ActionRegistry } from "./actions";
import storageExample from "../../contracts-examples/storage.py?raw";

type BootState = { kind: "booting" } | { kind: "ready"; ms: number; python: string } | { kind: "failed"; message: string };
type Output = { kind: "none" } | { kind: "schema"; json: string } | { kind: "error"; message: string } | { kind: "busy" };

export function App() {
  const [code, setCode] = useState(storageExample);
  const [boot, setBoot] = useState<BootState>({ kind: "booting" });
  const [output, setOutput] = useState<Output>({ kind: "none" });
  const runtime = useRef<PythonRuntime | null>(null);
  const codeRef = useRef(code);
  codeRef.current = code;

  useEffect(() => {
    let rt: PythonRuntime;
    try {
      rt = createBrowserRuntime();
    } catch (e) {
      setBoot({ kind: "failed", message: (e as Error).message });
      return;
    }
    runtime.current = rt;
    rt.boot().then(
      (info) => setBoot({ kind: "ready", ms: info.bootMs, python: info.pythonVersion }),
      (e: unknown) => setBoot({ kind: "failed", message: `validator failed to start: ${(e as Error).message}` }),
    );
    return () => rt.terminate();
  }, []);

  const actions = useMemo(() => {
    const registry = new ActionRegistry();
    registry.register({
      id: "contract.schema",
      label: "Check contract",
      shortcut: "Mod+Enter",
      enabled: () => runtime.current !== null,
      async run() {
        setOutput({ kind: "busy" });
        const runner = new DirectRunner({ runtime: runtime.current! });
        const res = await runner.schema(codeRef.current);
        if (res.ok) setOutput({ kind: "schema", json: JSON.stringify(res.schema, null, 2) });
        else {
          const f = describeFailure(res.result.outcome);
          setOutput({ kind: "error", message: f.line ? `line ${f.line}: ${f.message}` : f.message });
        }
      },
    });
    return registry;
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (actions.handleKey(e)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [actions]);

  const ready = boot.kind === "ready";
  return (
    <div className="app">
      <header>
        <h1>GenLayer Playground</h1>
        <span className={`boot boot-${boot.kind}`} data-testid="boot-status">
          {boot.kind === "booting" && "Starting validator (Pyodide + SDK)…"}
          {boot.kind === "ready" && `Validator ready — Python ${boot.python}, booted in ${boot.ms} ms`}
          {boot.kind === "failed" && boot.message}
        </span>
      </header>
      <main>
        <section className="editor">
          <textarea
            aria-label="Contract source"
            spellCheck={false}
            wrap="off"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="button" disabled={!ready || output.kind === "busy"} onClick={() => actions.run("contract.schema")}>
            {actions.get("contract.schema")!.label} <kbd>Ctrl+Enter</kbd>
          </button>
        </section>
        <section className="output" aria-live="polite" data-testid="output">
          {output.kind === "none" && <p className="hint">Check the contract to see its schema.</p>}
          {output.kind === "busy" && <p className="hint">Running…</p>}
          {output.kind === "schema" && <pre>{output.json}</pre>}
          {output.kind === "error" && <p className="error">{output.message}</p>}
        </section>
      </main>
    </div>
  );
}
