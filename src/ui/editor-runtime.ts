/** The editor's own Python runtime (SDK lint + API docs), separate from the validators' workers. Created once. */
import type { PythonRuntime } from "../core/runtime/python-runtime";
import { createBrowserRuntime } from "../../workers/browser/browser-runtime";
import { whenWorkersBooted } from "./session-network";

let runtime: PythonRuntime | null | undefined;

export function editorRuntime(): PythonRuntime | null {
  if (runtime === undefined) {
    try {
      // after the validators' workers (at most 4 s): boots are CPU-bound and the network comes first
      runtime = createBrowserRuntime({ bootAfter: () => whenWorkersBooted(4_000) });
    } catch {
      runtime = null; // no cross-origin isolation: the editor works without SDK checks
    }
  }
  return runtime;
}
