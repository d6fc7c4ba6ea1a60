/**
 * A session whose validators ask a real (local) OpenAI-compatible server records every answer;
 * `toScenario()` turns those validators into "recorded" ones carrying the answers, and the scenario
 * then replays — server gone — to the same transactions, votes and state.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import { createPooledNetwork, scenarioProvider } from "../scenario/pooled-network";
import { runScenario } from "../scenario/runner";
import { createNodePool } from "../../../workers/node/node-runtime";
import { runScenarioSteps, sessionOptionsFromScenario } from "./scenario-loader";
import { PlaygroundSession } from "./session";
import type { SessionNetworkFactory } from "./types";

const WIZARD = readFileSync(new URL("../../../contracts-examples/wizard_of_coin.py", import.meta.url), "utf8");
const pool = createNodePool(1);
let server: Server | null = null;
afterAll(() => {
  pool.terminate();
  server?.close();
});

async function startModel(): Promise<{ baseUrl: string; calls: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      n++;
      const content = JSON.stringify({ reasoning: "A wizard keeps the coin.", give_coin: false });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }], usage: { prompt_tokens: 100 + n, completion_tokens: 20 } }));
    });
  });
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, calls: () => n };
}

describe("session recording", () => {
  it("a session with model-backed validators exports a scenario that replays exactly without the model", async () => {
    const model = await startModel();
    const factory: SessionNetworkFactory = (spec, _onBoot, hooks) =>
      createPooledNetwork(spec, pool, undefined, (sp, v) => hooks!.wrapProvider(v.id, scenarioProvider(sp, v)));
    const s = new PlaygroundSession({ createNetwork: factory, files: [{ path: "wizard_of_coin.py", text: WIZARD }] });
    await s.setValidators(["v1", "v2", "v3"].map((id) => ({ id, stake: "1000000000000000000000", behaviour: "honest" as const, llm: { provider: "openai", baseUrl: model.baseUrl, model: "local-test" } })));
    expect(s.getState().errors).toEqual([]);
    await s.deploy("wizard_of_coin.py", [true]);
    const call = await s.call("wizard_of_coin", "ask_for_coin", ["Please, the coin"]);
    const tx = s.getState().transactions.find((t) => t.hash === call)!;
    expect(tx.status).toBe("ACCEPTED");
    expect(model.calls()).toBeGreaterThanOrEqual(3);
    const tokens = tx.rounds[0].leaderReceipt!.llmTokens;

    const doc = s.toScenario("recorded wizard");
    expect(doc.network.validators.map((v) => v.llm)).toEqual([{ provider: "recorded", model: "local-test" }, { provider: "recorded", model: "local-test" }, { provider: "recorded", model: "local-test" }]);
    const recorded = Object.values(doc.recordings ?? {}).flat();
    expect(recorded.length).toBe(model.calls());
    expect(recorded.every((c) => c.kind === "prompt" && c.usage !== undefined)).toBe(true);
    expect(JSON.stringify(doc)).not.toContain(model.baseUrl);

    server!.close();
    const parsed = parseScenario(JSON.parse(JSON.stringify(doc)));
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const report = await runScenario(parsed.scenario, { createNetwork: (spec) => createPooledNetwork(spec, pool), loadSource: () => "" });
    expect(report.error).toBeUndefined();
    expect(report.transactions.map((t) => [t.hash, t.status])).toEqual(s.getState().transactions.map((t) => [t.hash, t.status]));
    const votes = (r: typeof report) => r.transactions.flatMap((t) => t.rounds.flatMap((round) => round.votes.map((v) => `${v.validator}:${v.vote}`)));
    expect(votes(report)).toEqual(s.getState().transactions.flatMap((t) => t.rounds.flatMap((round) => round.votes.map((v) => `${v.validator}:${v.vote}`))));
    expect(report.contracts[0].stateRoot).toBe(s.getState().contracts[0].stateRoot);
    expect(tokens).toBeGreaterThan(100);

    // The app's way (a share link): a session built from the scenario replays from its recordings.
    const replay = new PlaygroundSession({ ...sessionOptionsFromScenario(parsed.scenario), createNetwork: factory });
    await runScenarioSteps(replay, parsed.scenario);
    expect(replay.getState().errors).toEqual([]);
    expect(replay.getState().transactions.map((t) => [t.hash, t.status])).toEqual(s.getState().transactions.map((t) => [t.hash, t.status]));
    expect(replay.getState().contracts[0].stateRoot).toBe(s.getState().contracts[0].stateRoot);
    // Exported again, it carries the same recordings.
    expect(replay.toScenario("again").recordings).toEqual(doc.recordings);
    await replay.dispose();
    await s.dispose();
  });

  it("a save taken while a phase waits for the model leaves that phase's answers out (it records them again after a reload)", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let asked = 0;
    const slow = createServer((req, res) => {
      req.resume();
      req.on("end", async () => {
        asked++;
        await gate;
        const content = JSON.stringify({ reasoning: "No.", give_coin: false });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }], usage: { prompt_tokens: 10, completion_tokens: 2 } }));
      });
    });
    await new Promise<void>((done) => slow.listen(0, "127.0.0.1", done));
    const baseUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/v1`;
    try {
      const factory: SessionNetworkFactory = (spec, _onBoot, hooks) =>
        createPooledNetwork(spec, pool, undefined, (sp, v) => hooks!.wrapProvider(v.id, scenarioProvider(sp, v)));
      const s = new PlaygroundSession({ createNetwork: factory, files: [{ path: "wizard_of_coin.py", text: WIZARD }] });
      await s.setValidators(["v1", "v2", "v3"].map((id) => ({ id, stake: "1000000000000000000000", behaviour: "honest" as const, llm: { provider: "openai", baseUrl, model: "local-test" } })));
      await s.deploy("wizard_of_coin.py", [true]);
      s.setStepMode(true);
      await s.call("wizard_of_coin", "ask_for_coin", ["Please"]);
      const answers = (rec: Record<string, unknown[]>) => Object.values(rec).reduce((n, calls) => n + calls.length, 0);
      // run phases until one is waiting for the model
      let running: Promise<unknown> = Promise.resolve();
      for (let i = 0; i < 10 && asked === 0; i++) {
        running = s.step();
        await Promise.race([running, new Promise((r) => setTimeout(r, 2_000))]);
      }
      expect(asked).toBeGreaterThan(0);
      const during = s.saveChain()!;
      expect(answers(during.state.recording)).toBe(0); // the waiting call is not saved
      release();
      await running;
      const after = s.saveChain()!;
      expect(answers(after.state.recording)).toBeGreaterThan(0);
      await s.dispose();
    } finally {
      release();
      slow.close();
    }
  }, 120_000);
});
