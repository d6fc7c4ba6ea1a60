/**
 * GenLayer awareness for Monaco's Python: completions after `gl.`, `gl.nondet.`, `@gl.public.`
 * ... and hover docs, all built from `describeApi()` (the SDK describing itself), plus the
 * conversion of SDK diagnostics into Monaco markers.
 */
import type { editor, languages, IRange, Position } from "monaco-editor/editor/editor.api";
import type { ApiDoc, ApiEntry, Diagnostic } from "../../core/runtime/editor-analysis-types";
import type { Monaco } from "./monaco-setup";
import { activeParameter, calleeEntry, findOpenCall, splitParameters } from "./signature-help";

export { useDiagnostics, useGenLayerApi } from "./use-editor-analysis";

export const MARKER_OWNER = "genlayer";

let currentApi: ApiDoc | null = null;
let installed = false;

/** Makes `api` the source of completions and hovers (providers are registered once). */
export function installGenLayerLanguage(monaco: Monaco, api: ApiDoc): void {
  currentApi = api;
  if (installed) return;
  installed = true;
  monaco.languages.registerCompletionItemProvider("python", {
    triggerCharacters: ["."],
    provideCompletionItems: (model, position) => ({ suggestions: completionsAt(monaco, model, position) }),
  });
  monaco.languages.registerHoverProvider("python", {
    provideHover: (model, position) => hoverAt(model, position),
  });
  monaco.languages.registerSignatureHelpProvider("python", {
    signatureHelpTriggerCharacters: ["(", ","],
    signatureHelpRetriggerCharacters: [","],
    provideSignatureHelp: (model, position) => signatureHelpAt(model, position),
  });
}

function signatureHelpAt(model: editor.ITextModel, position: Position): languages.SignatureHelpResult | null {
  if (!currentApi) return null;
  const call = findOpenCall(model.getLineContent(position.lineNumber).slice(0, position.column - 1));
  const entry = call && calleeEntry(currentApi, call.callee);
  if (!call || !entry?.signature || entry.kind === "module") return null;
  const params = splitParameters(entry.signature);
  return {
    value: {
      signatures: [
        {
          label: `${call.callee}${entry.signature}`,
          documentation: entry.doc ? { value: entry.doc.replace(/``/g, "`") } : undefined,
          parameters: params.map((p) => ({ label: p })),
        },
      ],
      activeSignature: 0,
      activeParameter: activeParameter(params, call),
    },
    dispose: () => undefined,
  };
}

/**
 * A dotted name ending at the cursor: `gl.nondet.ex` → namespace `gl.nondet`, prefix `ex`; a bare
 * `Tree` → namespace null (globals). Null after something that is not a plain name (`f(x).`).
 */
export function splitDottedPrefix(textBeforeCursor: string): { namespace: string | null; prefix: string } | null {
  const m = /(?:^|[^\w.])((?:[A-Za-z_]\w*\.)*)(\w*)$/.exec(textBeforeCursor);
  if (!m) return null;
  const path = m[1].replace(/\.$/, "");
  return { namespace: path || null, prefix: m[2] };
}

function completionKind(monaco: Monaco, kind: ApiEntry["kind"]): languages.CompletionItemKind {
  const K = monaco.languages.CompletionItemKind;
  switch (kind) {
    case "module":
      return K.Module;
    case "class":
      return K.Class;
    case "function":
      return K.Function;
    case "decorator":
      return K.Method;
    case "type":
      return K.TypeParameter;
    default:
      return K.Property;
  }
}

function markdownDoc(qualified: string, entry: ApiEntry): string {
  const head = entry.kind === "module" ? `module ${qualified}` : `${qualified}${entry.signature ?? ""}`;
  const doc = (entry.doc ?? "").replace(/``/g, "`");
  return "```python\n" + head + "\n```\n\n" + doc;
}

const KIND_RANK: Record<ApiEntry["kind"], number> = { module: 0, decorator: 1, value: 2, function: 3, class: 4, type: 5 };

/** Namespaces first, then decorators, values, functions, classes, types; older names last. */
function rank(entry: ApiEntry): number {
  return (entry.deprecated ? 10 : 0) + KIND_RANK[entry.kind];
}

function completionsAt(monaco: Monaco, model: editor.ITextModel, position: Position): languages.CompletionItem[] {
  if (!currentApi) return [];
  const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
  if (/#/.test(line.replace(/(["'])(?:\\.|(?!\1).)*\1/g, ""))) return []; // inside a comment
  const split = splitDottedPrefix(line);
  if (!split) return [];
  const { namespace, prefix } = split;
  const range: IRange = {
    startLineNumber: position.lineNumber,
    endLineNumber: position.lineNumber,
    startColumn: position.column - prefix.length,
    endColumn: position.column,
  };
  const found = namespace === null ? currentApi.globals : currentApi.namespaces[namespace];
  if (!found) return [];
  const entries = [...found].sort((a, b) => rank(a) - rank(b)); // stable: SDK order within a rank
  return entries.map((entry, i) => {
    const qualified = namespace ? `${namespace}.${entry.name}` : entry.name;
    return {
      label: { label: entry.name, detail: entry.signature ?? "", description: entry.kind },
      kind: completionKind(monaco, entry.kind),
      insertText: entry.name,
      tags: entry.deprecated ? [monaco.languages.CompletionItemTag.Deprecated] : [],
      detail: `${qualified}${entry.signature ?? ""}`,
      documentation: { value: markdownDoc(qualified, entry) },
      // GenLayer names first, in the SDK's own order, ahead of Monaco's word suggestions
      sortText: `0${String(i).padStart(4, "0")}`,
      range,
    };
  });
}

/** The API entry for a fully qualified name (`gl.nondet.exec_prompt`, `TreeMap`, `gl`). */
export function lookupApi(api: ApiDoc, qualified: string): ApiEntry | null {
  const dot = qualified.lastIndexOf(".");
  if (dot < 0) return api.globals.find((e) => e.name === qualified) ?? null;
  const members = api.namespaces[qualified.slice(0, dot)];
  return members?.find((e) => e.name === qualified.slice(dot + 1)) ?? null;
}

function hoverAt(model: editor.ITextModel, position: Position): languages.Hover | null {
  if (!currentApi) return null;
  const word = model.getWordAtPosition(position);
  if (!word) return null;
  const line = model.getLineContent(position.lineNumber);
  // the dotted expression up to the end of the hovered word: `gl.nondet` when over `nondet`
  const before = /((?:[A-Za-z_]\w*\.)*)$/.exec(line.slice(0, word.startColumn - 1))?.[1] ?? "";
  const qualified = before + word.word;
  const entry = lookupApi(currentApi, qualified);
  if (!entry) return null;
  return {
    range: {
      startLineNumber: position.lineNumber,
      endLineNumber: position.lineNumber,
      startColumn: word.startColumn - before.length,
      endColumn: word.endColumn,
    },
    contents: [{ value: markdownDoc(qualified, entry) }],
  };
}

/** SDK diagnostics → Monaco markers on `model` (lines clamped to the model). */
export function setDiagnosticMarkers(monaco: Monaco, model: editor.ITextModel, diagnostics: Diagnostic[]): void {
  const lines = model.getLineCount();
  const markers = diagnostics.map((d) => {
    const line = Math.min(Math.max(1, d.line), lines);
    const endLine = Math.min(Math.max(line, d.endLine ?? line), lines);
    const maxEnd = model.getLineMaxColumn(endLine);
    let endColumn = Math.min(d.endColumn ?? maxEnd, maxEnd);
    let column = Math.min(Math.max(1, d.column), model.getLineMaxColumn(line));
    if (endLine === line && endColumn <= column) {
      // a zero-width error (e.g. at the end of a line): underline the character before it
      column = Math.max(1, column - 1);
      endColumn = Math.max(endColumn, column + 1);
    }
    return {
      severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      message: d.message,
      startLineNumber: line,
      startColumn: column,
      endLineNumber: endLine,
      endColumn,
      source: "genlayer",
    };
  });
  monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
}
