/** The editor's own Python runtime (SDK lint + API docs), separate from the validators' workers. Created once. */
import type { PythonRuntime } from "../core/runtime/python-runtime";
import { createBrowserRuntime } from "../../workers/browser/browser-runtime";

let runtime: PythonRuntime | null | undefined;

export function editorRuntime(): PythonRuntime | null {
  if (runtime === undefined) {
    try {
      runtime = createBrowserRuntime();
    } catch {
      runtime = null; // no cross-origin isolation: the editor works without SDK checks
    }
  }
  return runtime;
}
