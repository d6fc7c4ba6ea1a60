/**
 * Valid scenario documents to mutate: every example scenario as written (contracts by file) and
 * as a share link carries it (sources inline), plus one document that uses the fields the
 * examples leave out (recordings, sealed arguments, confidential settings, web rules, templates,
 * genesis time, report views, every expect form). Node only (reads contracts-examples/).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseScenario } from "../scenario/parse";
import type { Scenario } from "../scenario/format";
import { inlineScenario } from "../session/scenario-loader";
import type { Json } from "./json-mutators";

const EXAMPLES = fileURLToPath(new URL("../../../contracts-examples/scenarios/", import.meta.url));

const RICH: Json = {
  version: 1,
  name: "every field",
  description: "fuzz corpus",
  tags: ["LLM", "web", "appeals"],
  seed: 7,
  chainId: 61999,
  genesisTime: "2025-06-01T12:00:00Z",
  network: {
    validators: [
      { id: "lead", stake: "5000", behaviour: "honest", llm: { provider: "recorded" }, enclave: true },
      { id: "v2", stake: 7000, behaviour: "flaky_llm", llm: { provider: "openai", baseUrl: "http://localhost:11434/v1", model: "m", temperature: 0.2, maxTokens: 64, seed: 1 } },
      { id: "v3", behaviour: "slow", llm: { provider: "webllm", model: "Qwen" }, rules: { prompts: [{ match: "coin", flags: "i", answer: { give: false } }] } },
    ],
    consensus: { validatorsPerTx: 3, maxRotations: 2, finalityWindowMs: 60000, fastValidators: 1, validatorFee: "10", failedAppealWindowFactor: 0.5, slashBps: 100 },
    runtimes: 2,
    confidential: { feeMultiplier: 2, committeeSize: 2, epochLengthBlocks: 10, registrationEpochs: 3 },
  },
  accounts: { alice: "1000000000000000000000", bob: { balance: 5 }, carol: {} },
  llm: {
    prompts: [{ match: "weather", answer: "sunny" }],
    templates: [{ template: "EqComparative", match: "price", answer: true }, { template: "EqNonComparativeLeader", answer: "ok" }],
    web: [{ match: "^https://example\\.com/", status: 200, headers: { "content-type": "text/html" }, html: "<p>hi</p>" }, { match: "api", text: "t", body: "b" }],
  },
  recordings: {
    lead: [
      { kind: "prompt", key: "ab12", about: "prompt", answer: { score: "2:1" }, usage: [10, 5] },
      { kind: "template", key: "cd", about: "EqComparative", answer: false },
      { kind: "request", key: "ef", about: "GET u", answer: { status: 404, headers: { "content-type": "text/plain" }, body: "aGk=" } },
      { kind: "render", key: "01", about: "render", answer: { text: "page" } },
      { kind: "render", key: "02", about: "shot", error: "not available" },
    ],
  },
  contracts: { store: { source: "from genlayer import *\nclass S(gl.Contract):\n    pass\n" }, token: "pass", other: { file: "x.py" } },
  steps: [
    { deploy: { contract: "store", from: "@alice", args: ["a", 1, { k: [true, null] }], kwargs: { x: "0x10" }, value: "0", mode: "fast", confidential: { n: 2, t: 1, auditors: ["bob"] } } },
    { deploy: { contract: "token", label: "tok", wait: false, sealed: { committeeId: "0xab", keyGeneration: 0, senderNonce: "1", args: [{ index: 0, typeHint: "str" }], ciphertext: "0x00ff" } } },
    { call: { contract: "@store", method: "m", args: [1, "x"], label: "c1", expect: { status: "ACCEPTED", result: null } } },
    { call: { contract: "tok", method: "send", kwargs: { to: "@bob", amount: "100" }, from: "bob", label: "c2", expect: { error: "no" } } },
    { view: { contract: "store", method: "v", state: "finalized", expect: { a: 1 }, from: "bob", label: "v-1" } },
    { view: { contract: "store", method: "w", expectError: "boom" } },
    { appeal: { tx: "c1", by: "lead", bond: "100", wait: true, label: "ap" } },
    { advance: 30000 },
    { advance: { ms: 5, wait: false, note: "tick" } },
    { run: { label: "r" } },
    { expect: { tx: "c1", status: "FINALIZED" } },
    { expect: { contract: "store", view: "get", args: [], equals: "a", state: "accepted" } },
    { expect: { contract: "store", balance: { gte: "0", lt: "10" } } },
    { expect: { account: "alice", balance: "1000000000000000000000" } },
    { expect: { validator: "v2", stake: { gt: "1" }, reputation: { lte: 1 } } },
  ],
  report: { views: ["get"] },
};

function walk(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".scenario.json")) out.push(p);
  }
  return out;
}

export interface ScenarioCorpus {
  /** Documents as written (some name contract files). */
  docs: Json[];
  /** Parsed scenarios with every contract's source inline, as share links carry them. */
  inline: Scenario[];
}

let cached: ScenarioCorpus | undefined;

/** The corpus; throws if a document in it does not parse (the corpus must be valid). */
export function scenarioCorpus(): ScenarioCorpus {
  if (cached) return cached;
  const docs: Json[] = [RICH];
  const inline: Scenario[] = [];
  for (const path of walk(EXAMPLES, []).sort()) {
    const doc = JSON.parse(readFileSync(path, "utf8")) as Json;
    const parsed = parseScenario(doc);
    if (!parsed.ok) throw new Error(`${path}: ${parsed.errors[0]}`);
    docs.push(doc);
    inline.push(inlineScenario(parsed.scenario, (file) => readFileSync(join(dirname(path), file), "utf8")));
  }
  const rich = parseScenario(RICH);
  if (!rich.ok) throw new Error(`the rich corpus document: ${rich.errors[0]}`);
  inline.push(inlineScenario(rich.scenario, () => "pass\n"));
  cached = { docs, inline };
  return cached;
}
