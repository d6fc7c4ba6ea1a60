/**
 * Fuzz: JSON-RPC methods that run Python (contract schemas, deploys, calls and reads through real
 * Pyodide validators), with mutated contract sources and mutated calldata in validly signed
 * transactions. Fewer inputs than json-rpc.fuzz.test.ts (each costs Python milliseconds): 500 by
 * default, FUZZ_N_JSON_RPC_PYTHON for more. Same checks: every answer well-formed with one-line
 * errors, and the chain still deploys, writes and reads afterwards.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { toHex, toRlp } from "viem";
import { decode, encode, makeCalldataObject, type CalldataValue } from "../calldata";
import { Rng, randomValue } from "../calldata/random-values";
import { handleJsonRpc } from "../rpc/json-rpc";
import { createPyodideNetwork } from "../../../workers/node/pyodide-network";
import { mutateText } from "./byte-mutators";
import { calldataInput } from "./calldata-mutators";
import { describeThrown, FailureLog, fuzzRun, inputRng, showJson } from "./harness";
import { jsonText, type Json } from "./json-mutators";
import type { FuzzRng } from "./prng";
import { AnswerTally, responseProblem } from "./rpc-check";
import { requestBody } from "./rpc-requests";
import { ACCOUNTS, RpcWorld, ZERO_ADDRESS } from "./rpc-world";

const run = fuzzRun("json-rpc-python", "src/core/fuzz/json-rpc-python.fuzz.test.ts", 500);
const EXAMPLES = new URL("../../../contracts-examples/", import.meta.url);
const SOURCES = ["storage.py", "counter.py", "user_storage.py", "todo_board.py", "event_log.py"].map((f) => readFileSync(new URL(f, EXAMPLES), "utf8"));
const METHOD_NAMES = ["get_storage", "update_storage", "#get-schema", "", "__init__", "_private", "nope", "get_storage\u0000", "__receive__"];

const world = new RpcWorld(createPyodideNetwork, 1);
afterAll(() => world.dispose());

type Answer = { result?: unknown; error?: { code: number; message: string } };
const call = async (method: string, params: unknown[] = []) => (await handleJsonRpc(world.methods(), { jsonrpc: "2.0", id: 1, method, params })) as Answer;

function entryCalldata(rng: FuzzRng, corpus: readonly Uint8Array[]): Uint8Array {
  if (rng.chance(0.3)) return calldataInput(rng, corpus);
  const method = rng.chance(0.7) ? rng.pick(["get_storage", "update_storage"]) : rng.pick(METHOD_NAMES);
  const args: CalldataValue[] = rng.chance(0.5) ? [rng.pick<CalldataValue>(["text", "", 5n, null, "\ud7ff\u{10ffff}"])] : Array.from({ length: rng.int(3) }, () => randomValue(new Rng(rng.u32() | 1), 2));
  const kwargs: Record<string, CalldataValue> = rng.chance(0.1) ? { new_storage: "k", extra: 1n } : {};
  return encode(makeCalldataObject(method || undefined, args, kwargs));
}

async function pythonRequest(rng: FuzzRng, storage: string, corpus: readonly Uint8Array[]): Promise<Json> {
  const r = rng.int(100);
  const req = (method: string, params: Json[]): Json => ({ jsonrpc: "2.0", id: rng.int(1000), method, params });
  const source = () => mutateText(rng, rng.pick(SOURCES), SOURCES);
  if (r < 25) return req("gen_getContractSchemaForCode", [rng.chance(0.8) ? source() : toHex(new TextEncoder().encode(source()))]);
  if (r < 50) {
    const data = toRlp([toHex(entryCalldata(rng, corpus)), toHex(false)]);
    return req("gen_call", [{ type: rng.pick(["read", "write"]), to: storage, from: storage, data, transaction_hash_variant: "latest-nonfinal" }]);
  }
  if (r < 60) return req("eth_call", [{ to: storage, data: toHex(entryCalldata(rng, corpus)) }]);
  if (r < 85) return req("eth_sendRawTransaction", [await world.signedTx({ from: rng.pick(ACCOUNTS), to: storage, calldata: entryCalldata(rng, corpus) })]);
  if (r < 93) {
    const calldata = encode(makeCalldataObject(undefined, [rng.pick(["a", 5n, null])], {}));
    return req("eth_sendRawTransaction", [await world.signedTx({ from: rng.pick(ACCOUNTS), to: ZERO_ADDRESS, calldata, code: source() })]);
  }
  return requestBody({ world, rng, calldataCorpus: corpus });
}

async function deployStorage(initial: string): Promise<string> {
  const raw = await world.signedTx({ from: "alice", to: ZERO_ADDRESS, calldata: encode(makeCalldataObject(undefined, [initial], {})), code: SOURCES[0] });
  const sent = await call("eth_sendRawTransaction", [raw]);
  if (typeof sent.result !== "string") throw new Error(`deploy refused: ${JSON.stringify(sent.error)}`);
  const tx = world.network().network.getTx(sent.result)!;
  expect(tx.status, JSON.stringify(tx.result)).toMatch(/^(ACCEPTED|FINALIZED)$/);
  return tx.to.toChecksum();
}

const readStorage = async (to: string) => {
  const res = await call("gen_call", [{ type: "read", to, from: to, data: RpcWorld.callData("get_storage", []), transaction_hash_variant: "latest-nonfinal" }]);
  return decode(Uint8Array.from(Buffer.from(String(res.result).replace(/^0x/, ""), "hex")));
};

describe("JSON-RPC fuzz through Python", () => {
  it(`answers ${run.indices.length} requests that run Python well-formed, and the chain still works`, async () => {
    const storage = await deployStorage("start");
    world.contracts.push(storage);
    const corpus = [encode(makeCalldataObject("get_storage", [], {})), encode(makeCalldataObject("update_storage", ["x"], {}))];
    const failures = new FailureLog(run);
    const tally = new AnswerTally();
    for (const index of run.indices) {
      const rng = inputRng(run, index);
      const body = await pythonRequest(rng, storage, corpus);
      const show = () => showJson(body);
      try {
        const res = await handleJsonRpc(world.methods(), body);
        const p = responseProblem(body, res, () => jsonText(body) ?? "");
        if (p) failures.add(index, p, show);
        tally.add(res);
      } catch (e) {
        failures.add(index, `handleJsonRpc threw ${describeThrown(e)}`, show);
      }
    }
    console.log(`fuzz json-rpc-python: ${tally.summary()}`);
    expect(failures.report()).toBe("");

    const fresh = await deployStorage("after the fuzz");
    expect(await readStorage(fresh)).toBe("after the fuzz");
    const raw = await world.signedTx({ from: "bob", to: fresh, calldata: encode(makeCalldataObject("update_storage", ["changed"], {})) });
    const sent = await call("eth_sendRawTransaction", [raw]);
    expect((await call("gen_getTransactionStatus", [sent.result])).result).toMatch(/^(ACCEPTED|FINALIZED)$/);
    expect(await readStorage(fresh)).toBe("changed");
    // a read that fails in Python says why (it used to say only "vm error: exit_code 1")
    const bad = await call("gen_call", [{ type: "read", to: fresh, from: fresh, data: RpcWorld.callData("get_storage", [1]), transaction_hash_variant: "latest-nonfinal" }]);
    expect(bad.error?.message).toMatch(/^vm error: TypeError: \S*get_storage\(\) takes 1 positional argument but 2 were given/);
  }, 600_000);
});
