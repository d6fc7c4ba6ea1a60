/**
 * `window.genlayerPlayground.runScenario(path)`: runs one of the bundled example scenarios in this
 * browser (Pyodide validators in Workers) and returns its report and event log. Used by the e2e
 * tests to check that a run in Chromium is identical to the same run in Node.
 */
import type { NetworkEvent } from "../core/consensus/events";
import { parseScenario } from "../core/scenario/parse";
import type { ScenarioReport } from "../core/scenario/report";
import { runScenario } from "../core/scenario/runner";
import { createBrowserNetwork } from "../../workers/browser/browser-network";
import { EXAMPLE_FILES, resolveExamplePath } from "./example-files";
import { crashSessionWorker, sessionWorkers } from "./session-network";

export interface ScenarioRun {
  report: ScenarioReport;
  events: NetworkEvent[];
}

export async function runExampleScenario(path: string): Promise<ScenarioRun> {
  const text = EXAMPLE_FILES[path];
  if (text === undefined) throw new Error(`no bundled example ${path}`);
  const parsed = parseScenario(JSON.parse(text));
  if (!parsed.ok) throw new Error(parsed.errors[0]);
  const events: NetworkEvent[] = [];
  const report = await runScenario(parsed.scenario, {
    createNetwork: createBrowserNetwork,
    loadSource: (file) => {
      const source = EXAMPLE_FILES[resolveExamplePath(path, file)];
      if (source === undefined) throw new Error(`no such file: ${file}`);
      return source;
    },
    onEvent: (e) => events.push(e),
  });
  return { report, events };
}

export function installScenarioBridge(): void {
  const w = window as unknown as { genlayerPlayground?: Record<string, unknown> };
  w.genlayerPlayground = {
    ...(w.genlayerPlayground ?? {}),
    runScenario: runExampleScenario,
    /**
     * Test hooks, not a user feature. `crashWorker(i, "throw" | "terminate")` kills the app's
     * Python worker i (0-based) for real, to check that it is restarted and the network goes on;
     * `workers()` returns the workers' boot states.
     */
    debug: { crashWorker: crashSessionWorker, workers: sessionWorkers },
  };
}
