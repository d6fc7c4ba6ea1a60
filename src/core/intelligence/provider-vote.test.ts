/**
 * A real execution (Pyodide, the wizard contract) with validators on an OpenAI-compatible server
 * started by the test: a working model lets the leader decide, and a validator whose server answers
 * 429 disagrees with the server's message as its reason.
 */
import { wizardCall } from "../consensus/testing/wizard-call";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Address } from "../calldata";
import { createNodeRuntime } from "../../../workers/node/node-runtime";
import { DEFAULT_SETTINGS, type ValidatorConfig } from "../consensus/types";
import { PyodideValidatorExecutor } from "../consensus/validator-executor";
import { RuntimePool } from "../runtime/runtime-pool";
import { createProvider } from "./provider-factory";

const QUOTA = "You exceeded your current quota, please check your plan.";

let server: Server;
let baseUrl = "";
const runtime = createNodeRuntime();
const pool = new RuntimePool([runtime]);

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const { model } = JSON.parse(raw) as { model: string };
      res.setHeader("Content-Type", "application/json");
      if (model === "over-quota") {
        res.statusCode = 429;
        return res.end(JSON.stringify({ error: { message: QUOTA, type: "insufficient_quota" } }));
      }
      const content = 'The wizard thinks.\n```json\n{"reasoning": "a wizard never gives the coin", "give_coin": false}\n```';
      res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }], usage: { prompt_tokens: 120, completion_tokens: 20 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  pool.terminate();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function validator(id: string, model: string): ValidatorConfig {
  return { id, address: new Address(new Uint8Array(20).fill(id.charCodeAt(1))), stake: 100n, behaviour: "honest", llm: { provider: "openai", model, baseUrl } };
}

describe("model-backed validators in a real execution", () => {
  it("a provider error becomes the validator's disagreement, with the server's message as its reason", async () => {
    const executor = new PyodideValidatorExecutor({ pool, settings: DEFAULT_SETTINGS, providerFor: (v) => createProvider(v.llm) });
    const { ctx, tx } = await wizardCall(runtime);

    const leader = await executor.lead(validator("v1", "wizard"), tx, ctx);
    expect(leader.outcome.kind).toBe("return");
    expect(leader.llmTokens).toBe(140); // the server's usage, not the estimate

    const agreeing = await executor.validate(validator("v2", "wizard"), tx, leader, ctx);
    expect(agreeing.vote).toBe("agree");

    const failing = await executor.validate(validator("v3", "over-quota"), tx, leader, ctx);
    const expected = `${new URL(baseUrl).origin} answered HTTP 429: ${QUOTA} (rate limit or quota exceeded)`;
    expect(failing.vote).toBe("disagree");
    expect(failing.reason).toBe(`the validator function rejected the leader's result after its LLM or web request failed: ${expected}`);
    expect(failing.receipt.hostCalls?.map((c) => c.answer)).toEqual([new Map([["error", expected]])]);

    // a leader whose model fails produces no result; its outcome carries the same line
    const failedLeader = await executor.lead(validator("v4", "over-quota"), tx, ctx);
    expect(failedLeader.outcome.kind).not.toBe("return");
    expect(JSON.stringify(failedLeader.outcome)).toContain(expected);
  });
});
