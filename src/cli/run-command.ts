/**
 * `cli run <scenario.json>... [--trace] [--allow-network]`: runs scenarios on the consensus engine
 * with Pyodide validators and prints the JSON report (one file: the report; several: a list of
 * reports, failed ones included, one summary line per file on stderr, all on one pool of Python workers). Exit 0 only
 * when every expectation holds. Bad input prints one line (`file:line:col: …`,
 * `file: steps[3].call.contract: …`) and exits 1; with `--trace` every network event is printed to
 * stderr as it happens. `--allow-network` lets validators fetch URLs no web fixture matches;
 * OpenAI-compatible validators read their API key from GENLAYER_LLM_API_KEY (or OPENAI_API_KEY).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Scenario } from "../core/scenario/format";
import { parseJsonText } from "../core/scenario/json-text";
import type { NetworkSpec } from "../core/scenario/network";
import { parseScenario } from "../core/scenario/parse";
import { createPooledNetwork, scenarioProvider } from "../core/scenario/pooled-network";
import type { ScenarioReport } from "../core/scenario/report";
import { runScenario } from "../core/scenario/runner";
import { formatEvent } from "../core/scenario/trace";
import { createNodePool } from "../../workers/node/node-runtime";
import { nodeEnclaveHosting } from "../../workers/node/node-enclaves";

const USAGE = "usage: npm run -s cli -- run <scenario.json>... [--trace] [--allow-network]";
const FLAGS = ["--trace", "--allow-network"];

type Loaded = { ok: true; scenario: Scenario } | { ok: false; message: string };

function load(file: string): Loaded {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return { ok: false, message: `${file}: cannot read the file` };
  }
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, message: `${file}${json.line !== undefined ? `:${json.line}:${json.column}` : ""}: invalid JSON: ${json.message}` };
  const parsed = parseScenario(json.value);
  if (!parsed.ok) {
    const more = parsed.errors.length - 1;
    return { ok: false, message: `${file}: ${parsed.errors[0]}${more > 0 ? ` (and ${more} more problem${more === 1 ? "" : "s"})` : ""}` };
  }
  return { ok: true, scenario: parsed.scenario };
}

function sourceLoader(file: string) {
  const base = dirname(file);
  return (path: string) => {
    const full = resolve(base, path);
    try {
      return readFileSync(full, "utf8");
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new Error(code === "ENOENT" ? `no such file: ${full}` : code === "EISDIR" ? `${full} is a directory` : String(e));
    }
  };
}

export async function runRunCommand(args: string[]): Promise<number> {
  const trace = args.includes("--trace");
  const allowNetwork = args.includes("--allow-network");
  const files = args.filter((a) => !FLAGS.includes(a));
  const unknown = files.find((a) => a.startsWith("-"));
  if (unknown !== undefined || files.length === 0) {
    console.error(unknown !== undefined ? `unknown option '${unknown}'\n${USAGE}` : USAGE);
    return 1;
  }
  const loaded = files.map(load);
  const bad = loaded.flatMap((l) => (l.ok ? [] : [l.message]));
  if (bad.length > 0) {
    for (const m of bad) console.error(m);
    return 1;
  }
  const scenarios = loaded.map((l) => (l as { scenario: Scenario }).scenario);
  const key = process.env.GENLAYER_LLM_API_KEY;
  const providerFor = (spec: NetworkSpec, v: Parameters<typeof scenarioProvider>[1]) =>
    scenarioProvider(spec, v, {
      web: { allowNetwork },
      secrets: { apiKey: (baseUrl) => key ?? (baseUrl.startsWith("https://api.openai.com") ? process.env.OPENAI_API_KEY : undefined) },
    });
  const size = Math.max(1, ...scenarios.map((s) => s.network.runtimes ?? Math.min(s.network.validators.length, 3)));
  const pool = createNodePool(size);
  const reports: ScenarioReport[] = [];
  let failed = false;
  try {
    for (const [i, scenario] of scenarios.entries()) {
      const report = await runScenario(scenario, {
        createNetwork: (spec) => createPooledNetwork(spec, pool, undefined, providerFor, nodeEnclaveHosting),
        loadSource: sourceLoader(files[i]),
        onEvent: trace ? (e, names) => process.stderr.write(formatEvent(e, names) + "\n") : undefined,
      });
      reports.push(report);
      if (report.error) {
        console.error(`${files[i]}: ${report.error.message}`);
        failed = true;
        continue;
      }
      for (const x of report.expectations) if (!x.ok) console.error(files.length > 1 ? `${files[i]}: ${x.message}` : x.message);
      if (!report.ok) failed = true;
      if (files.length > 1) console.error(`${report.ok ? "ok  " : "FAIL"} ${files[i]} (${report.expectations.length} expectations)`);
    }
  } finally {
    pool.terminate();
  }
  if (files.length === 1 && reports[0]?.error) return 1;
  // Wait until the text is flushed: the process exits right after (a pipe would be cut short).
  const text = JSON.stringify(files.length === 1 ? reports[0] : reports, null, 2) + "\n";
  await new Promise<void>((done) => process.stdout.write(text, () => done()));
  return failed ? 1 : 0;
}
