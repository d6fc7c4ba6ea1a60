/**
 * What the SDK's editor helpers return (src/sdk/genlayer/_lint.py and _api_docs.py), as seen by
 * TypeScript. Lines and columns are 1-based, as in Monaco.
 */

export type DiagnosticSeverity = "error" | "warning";

export interface Diagnostic {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: DiagnosticSeverity;
  message: string;
}

export type ApiEntryKind = "module" | "class" | "function" | "decorator" | "type" | "value";

export interface ApiEntry {
  name: string;
  kind: ApiEntryKind;
  /** `"(prompt: str, *, response_format=...) -> Any"`, or null when there is none. */
  signature: string | null;
  /** First paragraph of the docstring. */
  doc: string | null;
  /** one of the older API names kept for old contracts (`gl.exec_prompt`, `gl.contract`, ...) */
  deprecated: boolean;
}

export interface ApiDoc {
  /** `"gl"`, `"gl.nondet"`, `"gl.public.write"`, ... → members completed after `<path>.` */
  namespaces: Record<string, ApiEntry[]>;
  /** Names `from genlayer import *` brings in (`gl`, `Address`, `u256`, `TreeMap`, ...). */
  globals: ApiEntry[];
}
