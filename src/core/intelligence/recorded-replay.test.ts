/**
 * Record a run, replay it: a scenario whose contract reads a web page and asks an LLM runs on real
 * Pyodide validators with every provider wrapped in a RecordingProvider; the recording goes into the
 * scenario with `llm.provider: "recorded"` and no scripted rules at all, and the second run must
 * give the same transactions, votes, state roots and results.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PyodideValidatorExecutor } from "../consensus/validator-executor";
import { createEngineNetwork } from "../scenario/engine-network";
import type { CreateNetwork } from "../scenario/network";
import { parseScenario } from "../scenario/parse";
import { scenarioProvider } from "../scenario/pooled-network";
import type { ScenarioReport } from "../scenario/report";
import { runScenario } from "../scenario/runner";
import { createPyodideNetwork } from "../../../workers/node/pyodide-network";
import { createNodePool } from "../../../workers/node/node-runtime";
import { orderedRecording, RecordingProvider, type Recording } from "./recorded";

const RESOLVER = readFileSync(new URL("../../../contracts-examples/web_resolver.py", import.meta.url), "utf8");
const URL_OF_MATCH = "https://scores.test/lions-tigers";

const SCENARIO = {
  version: 1,
  name: "Web resolver, recorded",
  seed: "record-replay-1",
  network: {
    validators: [
      { id: "v1" },
      // Its own reading differs in wording: comparative equivalence still agrees.
      { id: "v2", rules: { prompts: [{ match: "final score", answer: { score: "2:1", winner: 1, note: "v2 read it" } }] } },
      // Its LLM judges the answers different: it disagrees whenever it validates.
      { id: "v3", rules: { templates: [{ template: "EqComparative", answer: false }] } },
    ],
    consensus: { validatorsPerTx: 3 },
    runtimes: 1,
  },
  accounts: { alice: "1000000000000000000" },
  llm: {
    prompts: [{ match: "final score", answer: { score: "2:1", winner: 1 } }],
    web: [{ match: "^https://scores\\.test/", body: "<h1>Lions 2 - 1 Tigers</h1>" }],
  },
  contracts: { Resolver: RESOLVER },
  steps: [
    { deploy: { contract: "Resolver", args: [URL_OF_MATCH], label: "resolver", expect: { status: "ACCEPTED" } } },
    { call: { contract: "resolver", method: "resolve", label: "resolve", expect: { status: "ACCEPTED" } } },
    { view: { contract: "resolver", method: "get_result", expect: { resolved: true, winner: 1, score: "2:1" } } },
  ],
  report: { views: ["get_result"] },
};

async function run(doc: unknown, createNetwork: CreateNetwork): Promise<ScenarioReport> {
  const parsed = parseScenario(doc);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const report = await runScenario(parsed.scenario, { createNetwork, loadSource: () => "" });
  expect(report.error, JSON.stringify(report.error)).toBeUndefined();
  expect(report.expectations.filter((e) => !e.ok).map((e) => e.message)).toEqual([]);
  return report;
}

describe("recorded intelligence through real validators", () => {
  it("replays a recorded run with identical hashes, votes, state roots and results", async () => {
    const recording: Recording = {};
    const recordingNetwork: CreateNetwork = (spec) => {
      const pool = createNodePool(spec.runtimes);
      const executor = new PyodideValidatorExecutor({
        pool,
        settings: spec.settings,
        providerFor: (v) => new RecordingProvider(scenarioProvider(spec, v), v.id, recording),
      });
      return createEngineNetwork(spec, executor, () => pool.terminate());
    };
    const recorded = await run(SCENARIO, recordingNetwork);

    const saved = orderedRecording(recording);
    expect(Object.keys(saved)).toEqual(["v1", "v2", "v3"]);
    const kinds = (id: string) => new Set(saved[id].map((c) => c.kind));
    for (const id of ["v1", "v2", "v3"]) expect([...kinds(id)].sort()).toEqual(expect.arrayContaining(["prompt", "render"]));
    expect(saved.v2.find((c) => c.kind === "prompt")?.answer).toEqual({ score: "2:1", winner: 1, note: "v2 read it" });
    expect(saved.v1.find((c) => c.kind === "render")?.answer).toEqual({ text: "Lions 2 - 1 Tigers" });

    // The same scenario answering only from the recording: no scripted rules left anywhere.
    const replayDoc = JSON.parse(
      JSON.stringify({
        ...SCENARIO,
        network: { ...SCENARIO.network, validators: ["v1", "v2", "v3"].map((id) => ({ id, llm: { provider: "recorded" } })) },
        llm: {},
        recordings: saved,
      }),
    ) as unknown;
    const replayed = await run(replayDoc, createPyodideNetwork);

    const resolve = (r: ScenarioReport) => r.transactions.find((t) => t.label === "resolve")!;
    const votes = resolve(recorded).rounds.flatMap((round) => round.votes.map((v) => `${v.validator}:${v.vote}`));
    expect(votes).toContain("v3:disagree");
    // The leader's own reading (integers are decimal strings in reports).
    expect(resolve(recorded).result).toMatchObject({ score: "2:1", winner: "1" });

    expect(replayed.transactions).toEqual(recorded.transactions);
    expect(replayed.transactions.map((t) => t.hash)).toEqual(recorded.transactions.map((t) => t.hash));
    expect(replayed.contracts.map((c) => c.stateRoot)).toEqual(recorded.contracts.map((c) => c.stateRoot));
    expect(replayed.contracts).toEqual(recorded.contracts);
    expect(replayed.steps).toEqual(recorded.steps);
    expect(replayed.validators).toEqual(recorded.validators);
    expect(replayed.events).toEqual(recorded.events);
  });
});
