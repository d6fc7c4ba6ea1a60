/**
 * Parameter hints for SDK calls (`gl.nondet.exec_prompt(` → its parameters), from the signatures
 * in `describeApi()`. Text-based: finds the open call around the cursor on the current line.
 */
import type { ApiDoc, ApiEntry } from "../../core/runtime/editor-analysis-types";

export interface OpenCall {
  /** dotted name before the `(`: `gl.nondet.exec_prompt` */
  callee: string;
  /** index of the argument the cursor is in */
  argIndex: number;
  /** `name` when the current argument is written `name=...` */
  keyword: string | null;
}

/** The innermost call still open at the end of `text` (same line only), or null. */
export function findOpenCall(text: string): OpenCall | null {
  let depth = 0;
  let commas = 0;
  let quote: string | null = null;
  let argStart = text.length;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (quote) {
      if (c === quote && text[i - 1] !== "\\") quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === ")" || c === "]" || c === "}") depth++;
    else if (c === "[" || c === "{") depth--;
    else if (c === "(") {
      if (depth === 0) {
        const callee = /([A-Za-z_][\w.]*)\s*$/.exec(text.slice(0, i))?.[1];
        if (!callee) return null;
        const current = text.slice(argStart).trimStart();
        const keyword = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(current)?.[1] ?? null;
        return { callee, argIndex: commas, keyword };
      }
      depth--;
    } else if (c === "," && depth === 0) {
      if (commas === 0) argStart = i + 1;
      commas++;
    }
    if (depth < 0) return null;
  }
  return null;
}

/** `"(a: int, *, b=1) -> T"` → `["a: int", "*", "b=1"]` (top-level commas only). */
export function splitParameters(signature: string): string[] {
  if (!signature.startsWith("(")) return [];
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 1;
  for (let i = 1; i < signature.length; i++) {
    const c = signature[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      if (depth === 0) {
        const last = signature.slice(start, i).trim();
        if (last) out.push(last);
        return out;
      }
      depth--;
    } else if (c === "," && depth === 0) {
      out.push(signature.slice(start, i).trim());
      start = i + 1;
    }
  }
  return out;
}

/** Which parameter the cursor is on: by keyword when written `name=`, else by position. */
export function activeParameter(params: string[], call: OpenCall): number {
  const names = params.map((p) => p.replace(/^\*{1,2}/, "").split(/[:=]/)[0].trim());
  if (call.keyword) {
    const byName = names.indexOf(call.keyword);
    if (byName >= 0) return byName;
  }
  let positional = 0;
  for (let i = 0; i < params.length; i++) {
    if (params[i] === "*" || params[i].startsWith("*")) return params[i] === "*" ? -1 : i;
    if (params[i] === "/") continue;
    if (positional === call.argIndex) return i;
    positional++;
  }
  return -1;
}

export function calleeEntry(api: ApiDoc, callee: string): ApiEntry | null {
  const dot = callee.lastIndexOf(".");
  if (dot < 0) return api.globals.find((e) => e.name === callee) ?? null;
  return api.namespaces[callee.slice(0, dot)]?.find((e) => e.name === callee.slice(dot + 1)) ?? null;
}
