/**
 * React hooks that ask a Python runtime (the SDK in Pyodide) about the files being edited:
 * `useGenLayerApi` loads the API description once; `useDiagnostics` re-lints changed files,
 * debounced, so markers follow typing within a second once the interpreter is up.
 */
import { useEffect, useRef, useState } from "react";
import type { ApiDoc, Diagnostic } from "../../core/runtime/editor-analysis-types";

/** The part of `PythonRuntime` the editor needs. */
export interface EditorAnalysisRuntime {
  lint(code: string): Promise<Diagnostic[]>;
  describeApi(): Promise<ApiDoc>;
}

export interface EditorFileText {
  path: string;
  text: string;
}

export const LINT_DEBOUNCE_MS = 300;

export interface DiagnosticsState {
  /** path → diagnostics of the last lint of that file */
  byFile: Record<string, Diagnostic[]>;
  /** a lint is scheduled or running */
  checking: boolean;
  /** the runtime failed (boot error, crash); null when fine */
  error: string | null;
}

export function useDiagnostics(runtime: EditorAnalysisRuntime | null, files: EditorFileText[]): DiagnosticsState {
  const [byFile, setByFile] = useState<Record<string, Diagnostic[]>>({});
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const linted = useRef(new Map<string, string>());
  const latest = useRef(files);
  latest.current = files;

  useEffect(() => {
    const present = new Set(files.map((f) => f.path));
    for (const path of [...linted.current.keys()]) if (!present.has(path)) linted.current.delete(path);
    setByFile((prev) => {
      const gone = Object.keys(prev).filter((p) => !present.has(p));
      if (gone.length === 0) return prev;
      const next = { ...prev };
      for (const p of gone) delete next[p];
      return next;
    });
    if (!runtime) return;
    const changed = files.filter((f) => f.path.endsWith(".py") && linted.current.get(f.path) !== f.text);
    if (changed.length === 0) return;
    let cancelled = false;
    setChecking(true);
    const timer = setTimeout(async () => {
      for (const file of changed) {
        try {
          const diagnostics = await runtime.lint(file.text);
          if (cancelled) return;
          const current = latest.current.find((f) => f.path === file.path);
          if (current?.text !== file.text) continue; // edited meanwhile: the next run covers it
          linted.current.set(file.path, file.text);
          setByFile((prev) => ({ ...prev, [file.path]: diagnostics }));
          setError(null);
        } catch (e) {
          if (cancelled) return;
          setError(String((e as Error)?.message ?? e));
        }
      }
      if (!cancelled) setChecking(false);
    }, LINT_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [runtime, files]);

  return { byFile, checking, error };
}

/** The SDK's API description (null until the runtime answered). */
export function useGenLayerApi(runtime: EditorAnalysisRuntime | null): ApiDoc | null {
  const [api, setApi] = useState<ApiDoc | null>(null);
  useEffect(() => {
    if (!runtime) return;
    let cancelled = false;
    runtime.describeApi().then(
      (doc) => {
        if (!cancelled) setApi(doc);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [runtime]);
  return api;
}
