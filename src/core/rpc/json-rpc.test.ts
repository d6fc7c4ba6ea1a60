/** The JSON-RPC envelope and the node methods over a network with the engine's fake executor. */
import { describe, expect, it } from "vitest";
import { FakeExecutor } from "../consensus/fake-executor";
import { accountAddress } from "../scenario/accounts";
import { createEngineNetwork } from "../scenario/engine-network";
import { networkSpec } from "../scenario/network";
import { parseScenario } from "../scenario/parse";
import { storageProgram } from "../scenario/testing/storage-program";
import { handleJsonRpc, handleJsonRpcText, INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR, type RpcMethods } from "./json-rpc";
import { nodeMethods } from "./node-methods";

function methods(): RpcMethods {
  const parsed = parseScenario({ version: 1, name: "rpc", seed: "rpc", network: { validators: { count: 3 } }, steps: [] });
  if (!parsed.ok) throw new Error(parsed.errors[0]);
  const spec = networkSpec(parsed.scenario);
  return nodeMethods(createEngineNetwork(spec, new FakeExecutor({ program: storageProgram("initial_storage"), executionTimeoutMs: spec.settings.executionTimeoutMs })));
}

const call = (m: RpcMethods, method: string, params?: unknown, id: unknown = 1) => handleJsonRpc(m, { jsonrpc: "2.0", id, method, ...(params !== undefined && { params }) });

describe("JSON-RPC envelope", () => {
  const m = methods();

  it("answers malformed bodies with the standard error objects", async () => {
    expect(JSON.parse(await handleJsonRpcText(m, "{not json"))).toEqual({ jsonrpc: "2.0", id: null, error: { code: PARSE_ERROR, message: "parse error: the body is not valid JSON" } });
    expect(await handleJsonRpc(m, 42)).toMatchObject({ id: null, error: { code: INVALID_REQUEST } });
    expect(await handleJsonRpc(m, [])).toMatchObject({ error: { code: INVALID_REQUEST, message: "invalid request: empty batch" } });
    expect(await handleJsonRpc(m, { jsonrpc: "1.0", id: 7, method: "eth_chainId" })).toMatchObject({ id: 7, error: { code: INVALID_REQUEST } });
    expect(await handleJsonRpc(m, { jsonrpc: "2.0", id: 7, method: 12 })).toMatchObject({ id: 7, error: { code: INVALID_REQUEST } });
    expect(await handleJsonRpc(m, { jsonrpc: "2.0", id: { a: 1 }, method: "eth_chainId" })).toMatchObject({ id: null, error: { code: INVALID_REQUEST } });
    expect(await handleJsonRpc(m, { jsonrpc: "2.0", id: 7, method: "eth_chainId", params: "x" })).toMatchObject({ id: 7, error: { code: INVALID_REQUEST } });
    expect(await call(m, "eth_mine")).toEqual({ jsonrpc: "2.0", id: 1, error: { code: METHOD_NOT_FOUND, message: "method not found: eth_mine" } });
    expect(await call(m, "__proto__")).toMatchObject({ error: { code: METHOD_NOT_FOUND } });
    expect(await call(m, "eth_getBalance", ["alice"])).toMatchObject({ error: { code: INVALID_PARAMS, message: "invalid params: address must be 0x followed by 40 hex digits" } });
    expect(await call(m, "sim_fundAccount", [accountAddress("a").toHex(), -5])).toMatchObject({ error: { code: INVALID_PARAMS } });
  });

  it("batches run in order; notifications get no answer", async () => {
    const alice = accountAddress("alice").toHex();
    const res = await handleJsonRpc(m, [
      { jsonrpc: "2.0", id: 1, method: "sim_fundAccount", params: [alice, "0x10"] },
      { jsonrpc: "2.0", method: "sim_fundAccount", params: [alice, 16] },
      { jsonrpc: "2.0", id: 2, method: "eth_getBalance", params: [alice, "latest"] },
      { jsonrpc: "2.0", id: 3, method: "nope" },
    ]);
    expect(res).toEqual([
      { jsonrpc: "2.0", id: 1, result: "0x10" },
      { jsonrpc: "2.0", id: 2, result: "0x20" },
      { jsonrpc: "2.0", id: 3, error: { code: METHOD_NOT_FOUND, message: "method not found: nope" } },
    ]);
    expect(await handleJsonRpc(m, { jsonrpc: "2.0", method: "sim_fundAccount", params: [alice, 1] })).toBeNull();
  });
});

describe("node methods", () => {
  it("chain id, nonce, finality window and the clock extension", async () => {
    const m = methods();
    expect(await call(m, "eth_chainId")).toMatchObject({ result: "0xeec7" });
    expect(await call(m, "net_version")).toMatchObject({ result: "61127" });
    expect(await call(m, "eth_getTransactionCount", [accountAddress("bob").toHex(), "latest"])).toMatchObject({ result: "0x0" });
    expect(await call(m, "sim_countValidators")).toMatchObject({ result: 3 });
    expect(((await call(m, "sim_getAllValidators")) as { result: { name: string }[] }).result.map((v) => v.name)).toEqual(["v1", "v2", "v3"]);
    expect(await call(m, "sim_setFinalityWindowTime", [5])).toMatchObject({ result: 5 });
    expect(await call(m, "sim_getFinalityWindowTime")).toMatchObject({ result: 5 });
    expect(await call(m, "sim_advanceTime", [3])).toMatchObject({ result: 3000 });
    expect(await call(m, "eth_blockNumber")).toMatchObject({ result: "0x3" });
    const who = accountAddress("carol").toHex();
    await call(m, "sim_fundAccount", [who, 5]);
    const snap = (await call(m, "sim_createSnapshot")) as { result: number };
    await call(m, "sim_fundAccount", [who, 5]);
    expect(await call(m, "eth_getBalance", [who])).toMatchObject({ result: "0xa" });
    expect(await call(m, "sim_restoreSnapshot", [snap.result])).toMatchObject({ result: true });
    expect(await call(m, "eth_getBalance", [who])).toMatchObject({ result: "0x5" });
    expect(await call(m, "sim_restoreSnapshot", [99])).toMatchObject({ error: { code: -32000, message: "no snapshot 99" } });
    expect(await call(m, "sim_appeal", ["0x" + "00".repeat(32), who])).toMatchObject({ error: { code: -32000 } });
    expect(await call(m, "gen_getContractCode", [accountAddress("nobody").toHex()])).toMatchObject({ error: { code: -32000, message: expect.stringMatching(/^no contract at 0x/) } });
  });
});
