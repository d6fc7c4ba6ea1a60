/**
 * `cli run <scenario.json> [--trace]`: runs a scenario on the consensus engine with Pyodide
 * validators and prints the JSON report. Exit 0 only when every expectation holds. Bad input
 * prints one line (`file:line:col: …`, `file: steps[3].call.contract: …`) and exits 1; with
 * `--trace` every network event is printed to stderr as it happens.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseJsonText } from "../core/scenario/json-text";
import { parseScenario } from "../core/scenario/parse";
import { runScenario } from "../core/scenario/runner";
import { formatEvent } from "../core/scenario/trace";
import { createPyodideNetwork } from "../../workers/node/pyodide-network";

const USAGE = "usage: npm run -s cli -- run <scenario.json> [--trace]";

export async function runRunCommand(args: string[]): Promise<number> {
  const trace = args.includes("--trace");
  const rest = args.filter((a) => a !== "--trace");
  const unknown = rest.find((a) => a.startsWith("-"));
  if (unknown !== undefined || rest.length !== 1) {
    console.error(unknown !== undefined ? `unknown option '${unknown}'\n${USAGE}` : USAGE);
    return 1;
  }
  const file = rest[0];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    console.error(`${file}: cannot read the file`);
    return 1;
  }
  const json = parseJsonText(text);
  if (!json.ok) {
    const at = json.line !== undefined ? `:${json.line}:${json.column}` : "";
    console.error(`${file}${at}: invalid JSON: ${json.message}`);
    return 1;
  }
  const parsed = parseScenario(json.value);
  if (!parsed.ok) {
    const more = parsed.errors.length - 1;
    console.error(`${file}: ${parsed.errors[0]}${more > 0 ? ` (and ${more} more problem${more === 1 ? "" : "s"})` : ""}`);
    return 1;
  }

  const base = dirname(file);
  const report = await runScenario(parsed.scenario, {
    createNetwork: createPyodideNetwork,
    loadSource: (path) => {
      const full = resolve(base, path);
      try {
        return readFileSync(full, "utf8");
      } catch (e) {
        const code = (e as { code?: string }).code;
        throw new Error(code === "ENOENT" ? `no such file: ${full}` : code === "EISDIR" ? `${full} is a directory` : String(e));
      }
    },
    onEvent: trace ? (e, names) => process.stderr.write(formatEvent(e, names) + "\n") : undefined,
  });
  if (report.error) {
    console.error(`${file}: ${report.error.message}`);
    return 1;
  }
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  for (const x of report.expectations) if (!x.ok) console.error(x.message);
  return report.ok ? 0 : 1;
}
