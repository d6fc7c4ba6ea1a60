/**
 * Fuzz: the JSON-RPC handler (`handleJsonRpc` and `handleJsonRpcText` over the method table of
 * `cli serve`) on ≥ 100,000 mutated and random requests, over a network with the engine's fake
 * executor (no Python; json-rpc-python.fuzz.test.ts sends fewer through Pyodide). It never throws;
 * every answer is well-formed JSON-RPC 2.0 with one-line error messages; afterwards the chain
 * still takes a deploy, a call and a read. FUZZ_SEED / FUZZ_N / FUZZ_ONLY: see harness.ts.
 */
import { afterAll, describe, expect, it } from "vitest";
import { decode, encode, makeCalldataObject } from "../calldata";
import { randomValues } from "../calldata/random-values";
import { FakeExecutor } from "../consensus/fake-executor";
import { handleJsonRpc, handleJsonRpcText } from "../rpc/json-rpc";
import { createEngineNetwork } from "../scenario/engine-network";
import { mutateText, PRINTABLE } from "./byte-mutators";
import { describeThrown, FailureLog, fuzzRun, inputRng, showJson } from "./harness";
import { jsonText } from "./json-mutators";
import { AnswerTally, responseProblem, responseTextProblem } from "./rpc-check";
import { requestBody } from "./rpc-requests";
import { RpcWorld, ZERO_ADDRESS } from "./rpc-world";

const run = fuzzRun("json-rpc", "src/core/fuzz/json-rpc.fuzz.test.ts", 100_000);
const world = new RpcWorld((spec) => createEngineNetwork(spec, new FakeExecutor({ executionTimeoutMs: spec.settings.executionTimeoutMs })));
afterAll(() => world.dispose());

type Answer = { result?: unknown; error?: { code: number; message: string } };
const call = async (method: string, params: unknown[] = []) => (await handleJsonRpc(world.methods(), { jsonrpc: "2.0", id: 1, method, params })) as Answer;

/** Sends a deploy or call signed by `from` and returns the transaction id (throws if refused). */
async function send(from: string, to: string, method: string | undefined, args: number[]): Promise<string> {
  const raw = await world.signedTx({ from, to, calldata: encode(makeCalldataObject(method, args, {})), code: "class C(gl.Contract): pass" });
  const res = await call("eth_sendRawTransaction", [raw]);
  if (typeof res.result !== "string") throw new Error(`send refused: ${JSON.stringify(res.error)}`);
  return res.result;
}

/** Remembers the transactions a request made and the contracts they deployed. */
function learn(res: unknown): void {
  for (const r of Array.isArray(res) ? res : [res]) {
    const h = (r as Answer | null)?.result;
    if (typeof h !== "string" || !/^0x[0-9a-f]{64}$/.test(h)) continue;
    const tx = world.network().network.getTx(h);
    if (!tx) continue;
    world.txHashes.push(h);
    if (tx.kind === "deploy" && !world.contracts.includes(tx.to.toChecksum())) world.contracts.push(tx.to.toChecksum());
    if (world.txHashes.length > 64) world.txHashes.shift();
    if (world.contracts.length > 16) world.contracts.shift();
  }
}

describe("JSON-RPC fuzz", () => {
  it(`answers ${run.indices.length} mutated and random requests well-formed, and the chain still works`, async () => {
    learn({ result: await send("alice", ZERO_ADDRESS, undefined, [5]) });
    learn({ result: await send("alice", world.contracts[0]!, "inc", []) });
    const calldataCorpus = [...randomValues(0xfeed, 300)].map((v) => encode(v));
    const failures = new FailureLog(run);
    const tally = new AnswerTally();
    let texts = 0;
    for (const index of run.indices) {
      const rng = inputRng(run, index);
      const body = await requestBody({ world, rng, calldataCorpus });
      if (rng.chance(0.25)) {
        texts++;
        const base = jsonText(body) ?? "[";
        const text = rng.chance(0.5) ? mutateText(rng, base, [base], PRINTABLE + "{}[]\":,") : base;
        const show = () => JSON.stringify(text);
        try {
          const out = await handleJsonRpcText(world.methods(), text);
          const p = responseTextProblem(text, out, () => text);
          if (p) failures.add(index, p, show);
          if (out) {
            learn(JSON.parse(out));
            tally.add(JSON.parse(out));
          }
        } catch (e) {
          failures.add(index, `handleJsonRpcText threw ${describeThrown(e)}`, show);
        }
        continue;
      }
      const show = () => showJson(body);
      try {
        const res = await handleJsonRpc(world.methods(), body);
        const p = responseProblem(body, res, () => jsonText(body) ?? "");
        if (p) failures.add(index, p, show);
        tally.add(res);
        learn(res);
      } catch (e) {
        failures.add(index, `handleJsonRpc threw ${describeThrown(e)}`, show);
      }
    }
    console.log(`fuzz json-rpc: ${texts} requests as text; ${tally.summary()}`);
    expect(failures.report()).toBe("");

    // the chain still works: chain id, funding, a deploy, a call and a read
    expect((await call("eth_chainId")).result).toMatch(/^0x[0-9a-f]+$/);
    const fresh = "0x" + "5e".repeat(20);
    const before = BigInt(((await call("eth_getBalance", [fresh])).result as string) ?? "0x0");
    await call("sim_fundAccount", [fresh, 7]);
    expect(BigInt((await call("eth_getBalance", [fresh])).result as string)).toBe(before + 7n);
    const deploy = await send("bob", ZERO_ADDRESS, undefined, [41]);
    expect((await call("gen_getTransactionStatus", [deploy])).result).toMatch(/^(ACCEPTED|FINALIZED)$/);
    const contract = world.network().network.getTx(deploy)!.to.toChecksum();
    const inc = await send("bob", contract, "inc", []);
    expect((await call("gen_getTransactionStatus", [inc])).result).toMatch(/^(ACCEPTED|FINALIZED)$/);
    const read = await call("gen_call", [{ type: "read", to: contract, from: contract, data: RpcWorld.callData("get", []), transaction_hash_variant: "latest-nonfinal" }]);
    expect(decode(Uint8Array.from(Buffer.from((read.result as string).replace(/^0x/, ""), "hex")))).toBe(42n); // gen_call's hex may come without 0x
  }, 600_000);
});
