/**
 * The contract editor: Monaco (bundled locally) with Python, one tab per file, SDK diagnostics as
 * markers and GenLayer completions/hovers. Uncontrolled: each file gets one Monaco model, created
 * from its text and kept across tab switches (undo history survives); edits are reported through
 * `onChange`, and a `files[i].text` that is none of the texts the editor reported (an outside
 * change, not a late echo of typing) replaces the model's content as an undoable edit.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import Editor from "@monaco-editor/react";
import type { editor } from "monaco-editor/editor/editor.api";
import { monaco } from "./monaco-setup";
import { installGenLayerLanguage, setDiagnosticMarkers } from "./genlayer-language";
import type { ApiDoc, Diagnostic } from "../../core/runtime/editor-analysis-types";
import { EditorTabs } from "./EditorTabs";
import { ReportedTexts } from "./reported-texts";
import "./contract-editor.css";

export interface EditorFile {
  path: string;
  text: string;
}

export interface ContractEditorProps {
  files: EditorFile[];
  /** path of the file shown */
  active: string;
  onChange(path: string, text: string): void;
  onSelect(path: string): void;
  /** shows a "+" button when given */
  onCreate?(): void;
  /** shows a close button on each tab when given */
  onClose?(path: string): void;
  /** path → diagnostics (from `useDiagnostics`) */
  diagnostics: Record<string, Diagnostic[]>;
  /** the SDK's API for completions and hovers (from `useGenLayerApi`); null while loading */
  api?: ApiDoc | null;
  /** extra text for the status line, e.g. "checking…" or "Python starting…" */
  status?: string;
  readOnly?: boolean;
  className?: string;
}

export function modelUri(path: string) {
  return monaco.Uri.from({ scheme: "file", path: path.startsWith("/") ? path : `/${path}` });
}

function languageOf(path: string): string {
  if (path.endsWith(".py")) return "python";
  if (path.endsWith(".json")) return "json";
  return "plaintext";
}

function modelFor(file: EditorFile): editor.ITextModel {
  const uri = modelUri(file.path);
  return monaco.editor.getModel(uri) ?? monaco.editor.createModel(file.text, languageOf(file.path), uri);
}

export function ContractEditor(props: ContractEditorProps) {
  const { files, active, diagnostics, api } = props;
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  const reported = useRef(new ReportedTexts());
  const onChangeRef = useRef(props.onChange);
  onChangeRef.current = props.onChange;
  const [cursor, setCursor] = useState({ line: 1, column: 1 });
  const activeFile = files.find((f) => f.path === active) ?? files[0];

  // One model per file; external text changes become undoable edits; closed files lose theirs.
  useEffect(() => {
    const wanted = new Set(files.map((f) => modelUri(f.path).toString()));
    for (const file of files) {
      const model = modelFor(file);
      if (reported.current.classify(file.path, file.text, model.getValue()) === "outside change")
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text: file.text }], () => null);
    }
    for (const model of monaco.editor.getModels()) {
      if (model.uri.scheme === "file" && !wanted.has(model.uri.toString()) && model.uri.path.startsWith("/")) {
        const path = model.uri.path.replace(/^\//, "");
        if (reported.current.has(path) || reported.current.has(model.uri.path)) {
          reported.current.forget(path);
          reported.current.forget(model.uri.path);
          model.dispose();
        }
      }
    }
  }, [files]);

  // Show the active file's model (Monaco keeps each model's undo stack; we keep view states).
  const viewStates = useRef(new Map<string, editor.ICodeEditorViewState | null>());
  const shownPath = useRef<string | null>(null);
  const showActive = () => {
    const ed = editorRef.current;
    if (!ed || !activeFile) return;
    if (shownPath.current === activeFile.path && ed.getModel()) return;
    if (shownPath.current) viewStates.current.set(shownPath.current, ed.saveViewState());
    ed.setModel(modelFor(activeFile));
    const state = viewStates.current.get(activeFile.path);
    if (state) ed.restoreViewState(state);
    shownPath.current = activeFile.path;
    const pos = ed.getPosition();
    setCursor({ line: pos?.lineNumber ?? 1, column: pos?.column ?? 1 });
    ed.focus();
  };
  useEffect(showActive, [activeFile?.path]); // eslint-disable-line react-hooks/exhaustive-deps

  // Markers follow new diagnostics (and new files), not every keystroke: between lints Monaco
  // moves the existing markers along with the edits.
  const pathsKey = files.map((f) => f.path).join("\n");
  useEffect(() => {
    for (const file of files) setDiagnosticMarkers(monaco, modelFor(file), diagnostics[file.path] ?? []);
  }, [pathsKey, diagnostics]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (api) installGenLayerLanguage(monaco, api);
  }, [api]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: !!props.readOnly });
  }, [props.readOnly]);

  const counts = useMemo(() => {
    const list = (activeFile && diagnostics[activeFile.path]) || [];
    return {
      errors: list.filter((d) => d.severity === "error").length,
      warnings: list.filter((d) => d.severity === "warning").length,
    };
  }, [activeFile, diagnostics]);

  const goToNextProblem = () => {
    const ed = editorRef.current;
    if (!ed) return;
    ed.focus();
    void ed.getAction("editor.action.marker.next")?.run();
  };

  return (
    <div className={`contract-editor ${props.className ?? ""}`} data-testid="contract-editor">
      <EditorTabs
        files={files}
        active={activeFile?.path ?? ""}
        diagnostics={diagnostics}
        onSelect={props.onSelect}
        onCreate={props.onCreate}
        onClose={props.onClose}
      />
      <div className="ce-surface">
        <Editor
          defaultLanguage="python"
          keepCurrentModel
          theme="vs"
          loading={<div className="ce-loading">Loading editor…</div>}
          options={{
            fontSize: 13,
            lineHeight: 20,
            minimap: { enabled: false },
            scrollBeyondLastLine: false,
            automaticLayout: true,
            tabSize: 4,
            insertSpaces: true,
            renderWhitespace: "selection",
            fixedOverflowWidgets: true,
            readOnly: !!props.readOnly,
            padding: { top: 8 },
            quickSuggestions: { other: true, comments: false, strings: false },
            // The editor sits in a narrow column: wrap long lines (runner headers) instead of
            // scrolling sideways, which hid the start of every line after a restore.
            wordWrap: "on",
            wrappingIndent: "same",
          }}
          onMount={(ed) => {
            editorRef.current = ed;
            ed.onDidChangeModelContent(() => {
              const model = ed.getModel();
              const path = shownPath.current;
              if (!model || !path) return;
              const text = model.getValue();
              reported.current.report(path, text);
              onChangeRef.current(path, text);
            });
            ed.onDidChangeCursorPosition((e) => setCursor({ line: e.position.lineNumber, column: e.position.column }));
            showActive();
          }}
        />
      </div>
      <div className="ce-status" role="status">
        <button
          type="button"
          className="ce-problems"
          onClick={goToNextProblem}
          title="Go to the next problem (F8)"
          data-testid="editor-problems"
        >
          <span className={counts.errors ? "ce-count ce-count-error" : "ce-count"}>✕ {counts.errors}</span>
          <span className={counts.warnings ? "ce-count ce-count-warning" : "ce-count"}>⚠ {counts.warnings}</span>
        </button>
        {props.status && <span className="ce-status-text">{props.status}</span>}
        <span className="ce-spacer" />
        <span>
          Ln {cursor.line}, Col {cursor.column}
        </span>
        <span>{activeFile ? languageOf(activeFile.path) : ""}</span>
      </div>
    </div>
  );
}
