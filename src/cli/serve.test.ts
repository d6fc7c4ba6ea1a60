/**
 * `cli serve` over HTTP: malformed bodies (bad JSON, wrong types, oversized, unknown methods, wrong
 * verb) get JSON-RPC error objects and the server keeps serving; real answers come from a network
 * of Pyodide validators (a schema computed by our SDK).
 */
import { startServeProcess, type ServeProcess } from "./serve-process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: ServeProcess;
let url = "";

beforeAll(async () => {
  server = await startServeProcess(3);
  url = server.url;
}, 60_000);

afterAll(() => {
  server?.stop();
});

async function post(body: string, path = "/"): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url + path, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const rpc = (method: string, params: unknown[] = []) => post(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }));

describe("cli serve", () => {
  it("answers malformed requests with JSON-RPC errors and keeps serving", async () => {
    expect(await post("{oops")).toEqual({ status: 200, json: { jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error: the body is not valid JSON" } } });
    expect((await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: 5 }))).json).toMatchObject({ error: { code: -32600 } });
    expect((await rpc("eth_getBalance", [123])).json).toMatchObject({ error: { code: -32602 } });
    expect((await rpc("no_such_method")).json).toMatchObject({ error: { code: -32601, message: "method not found: no_such_method" } });
    const big = await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: ["x".repeat(2 << 20)] }));
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ error: { code: -32600, message: expect.stringMatching(/larger than/) } });
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect((await rpc("eth_chainId")).json).toEqual({ jsonrpc: "2.0", id: 1, result: "0xeec7" });
  });

  it("computes a contract's schema with the validators' Python and serves accounts", { timeout: 120_000 }, async () => {
    const code = readFileSync(new URL("../../contracts-examples/storage.py", import.meta.url), "utf8");
    const hex = "0x" + Buffer.from(code, "utf8").toString("hex");
    const schema = (await rpc("gen_getContractSchemaForCode", [hex])).json as { result: { ctor: unknown; methods: Record<string, unknown> } };
    expect(Object.keys(schema.result.methods)).toEqual(expect.arrayContaining(["get_storage", "update_storage"]));
    const broken = (await rpc("gen_getContractSchemaForCode", ["def broken(:\n"])).json as { error: { code: number; message: string } };
    expect(broken.error.code).toBe(-32000);
    expect(broken.error.message).not.toContain("\n");
    const who = "0x" + "ab".repeat(20);
    expect((await rpc("sim_fundAccount", [who, "1000"])).json).toMatchObject({ result: "0x3e8" });
    expect((await rpc("eth_getBalance", [who, "latest"])).json).toMatchObject({ result: "0x3e8" });
  });

  it("manages validators before the first transaction (Studio's sim_* validator methods)", { timeout: 120_000 }, async () => {
    const created = (await rpc("sim_createValidator", [500, "openai", "gpt-4o"])).json as { result: { name: string; address: string; provider: string; model: string; stake: string } };
    expect(created.result).toMatchObject({ name: "v4", provider: "openai", model: "gpt-4o", stake: "500" });
    expect((await rpc("sim_countValidators")).json).toMatchObject({ result: 4 });
    expect((await rpc("sim_updateValidator", [created.result.address, 900])).json).toMatchObject({ result: { name: "v4", stake: "900", provider: "openai" } });
    expect((await rpc("sim_getValidator", [created.result.address])).json).toMatchObject({ result: { stake: "900" } });
    expect((await rpc("sim_deleteValidator", [created.result.address])).json).toMatchObject({ result: created.result.address });
    expect((await rpc("sim_countValidators")).json).toMatchObject({ result: 3 });
    expect((await rpc("sim_getValidator", ["0x" + "00".repeat(20)])).json).toMatchObject({ error: { code: -32000, message: expect.stringMatching(/^no validator 0x0{40}$/) } });
    expect((await rpc("sim_deleteAllValidators")).json).toMatchObject({ error: { code: -32000 } });
  });
});
