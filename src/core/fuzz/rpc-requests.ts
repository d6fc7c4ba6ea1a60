/**
 * JSON-RPC request bodies for the fuzzer: plausible calls of every method (addresses, hashes,
 * signed transactions and calldata the node knows) with their params mutated, broken envelopes
 * (versions, ids, methods, params of every type), notifications, batches, and signed transactions
 * whose calldata or fields are damaged.
 */
import { toHex, toRlp } from "viem";
import { encode, makeCalldataObject } from "../calldata";
import { Rng, randomValue } from "../calldata/random-values";
import { calldataInput } from "./calldata-mutators";
import { mutateBytes } from "./byte-mutators";
import { deepJson, mutateJson, ODD_NUMBERS, ODD_STRINGS, randomJson, setKey, type Json } from "./json-mutators";
import type { FuzzRng } from "./prng";
import { ACCOUNTS, RpcWorld, ZERO_ADDRESS } from "./rpc-world";

export const METHODS = [
  "eth_chainId", "net_version", "eth_gasPrice", "eth_blockNumber", "eth_getBalance", "eth_getTransactionCount", "gen_getContractCode",
  "gen_getContractSchemaForCode", "gen_getContractSchema", "sim_fundAccount", "sim_getAllValidators", "sim_countValidators",
  "sim_getFinalityWindowTime", "sim_setFinalityWindowTime", "sim_createSnapshot", "sim_restoreSnapshot", "sim_deleteAllSnapshots",
  "sim_appeal", "sim_advanceTime", "eth_estimateGas", "eth_sendRawTransaction", "eth_getTransactionReceipt", "eth_getTransactionByHash",
  "gen_getTransactionStatus", "gen_call", "eth_call", "sim_getConsensusContract", "sim_getValidator", "sim_createValidator",
  "sim_updateValidator", "sim_deleteValidator", "sim_deleteAllValidators",
];
const NOT_METHODS = ["", "eth_mine", "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "ETH_CHAINID", "eth_chainId ", "a\nb", "\u2028", "x".repeat(500)];

/** Contract code the fake executor runs (any text), and what a method call's calldata looks like. */
const CODES = ["class C(gl.Contract):\n    pass\n", "SYNTAX", "", "\u0000", "x".repeat(3000)];
const CALLS: [string | undefined, Json[]][] = [[undefined, [5]], ["get", []], ["inc", []], ["set", ["k", 3]], ["fail", ["boom"]], ["hang", []], ["balance", []], ["nope", []]];

export interface RequestContext {
  world: RpcWorld;
  rng: FuzzRng;
  /** Valid calldata encodings, for mutations. */
  calldataCorpus: readonly Uint8Array[];
}

const hex = (b: Uint8Array) => toHex(b);

function address(c: RequestContext): string {
  const { rng, world } = c;
  const r = rng.int(10);
  if (r < 4) return rng.pick(world.accountAddresses());
  if (r < 6 && world.contracts.length > 0) return rng.pick(world.contracts);
  if (r < 7) return rng.pick(world.validatorAddresses().length > 0 ? world.validatorAddresses() : [ZERO_ADDRESS]);
  if (r < 8) return hex(rng.bytes(20));
  return rng.pick([ZERO_ADDRESS, "0x" + "ff".repeat(20), "0X" + "ab".repeat(20), "0x" + "ab".repeat(19), "alice", "@alice", ""]);
}

function hash(c: RequestContext): string {
  const { rng, world } = c;
  if (world.txHashes.length > 0 && rng.chance(0.6)) {
    const h = rng.pick(world.txHashes);
    return rng.chance(0.8) ? h : rng.chance(0.5) ? h.toUpperCase() : h.slice(0, -1);
  }
  return rng.chance(0.5) ? hex(rng.bytes(32)) : rng.pick(ODD_STRINGS);
}

function quantity(rng: FuzzRng): Json {
  return rng.pick<Json>([0, 1, 5, 1e20, -1, 1.5, "0x10", "0x", "16", "-5", "1e3", 2 ** 53 + 2, "0x" + "f".repeat(70), null, true, [], {}, ...ODD_NUMBERS.slice(0, 8)]);
}

function calldata(c: RequestContext): Uint8Array {
  const { rng } = c;
  const r = rng.int(10);
  if (r < 5) {
    const [method, args] = rng.pick(CALLS);
    return encode(makeCalldataObject(method, args as never[], {}));
  }
  if (r < 7) return encode(makeCalldataObject(rng.pick(["get", "set", "inc", undefined]), [randomValue(new Rng(rng.u32() | 1), 2)], {}));
  return calldataInput(rng, c.calldataCorpus);
}

/** A signed transaction (mostly valid; sometimes with a wrong nonce, value or damaged bytes). */
async function rawTx(c: RequestContext): Promise<string> {
  const { rng, world } = c;
  const deploy = world.contracts.length === 0 || rng.chance(0.3);
  const to = deploy ? ZERO_ADDRESS : rng.pick(world.contracts);
  const from = rng.pick(ACCOUNTS);
  const nonce = rng.chance(0.85) ? undefined : rng.int(40);
  const raw = await world.signedTx({ from, to, calldata: calldata(c), code: rng.pick(CODES), nonce, value: rng.chance(0.1) ? BigInt(rng.int(1000)) : 0n });
  if (rng.chance(0.75)) return raw;
  const bytes = Uint8Array.from(Buffer.from(raw.slice(2), "hex"));
  return hex(mutateBytes(rng, bytes, [bytes], 2));
}

async function paramsFor(c: RequestContext, method: string): Promise<Json> {
  const { rng } = c;
  switch (method) {
    case "eth_getBalance":
    case "eth_getTransactionCount":
      return [address(c), "latest"];
    case "gen_getContractCode":
    case "sim_getValidator":
    case "sim_deleteValidator":
      return [address(c)];
    case "gen_getContractSchemaForCode":
      return [rng.chance(0.5) ? rng.pick(CODES) : hex(new TextEncoder().encode(rng.pick(CODES)))];
    case "gen_getContractSchema":
      return rng.chance(0.5) ? [address(c)] : [{ code: Buffer.from(rng.pick(CODES)).toString("base64") }];
    case "sim_fundAccount":
      return [address(c), quantity(rng)];
    case "sim_setFinalityWindowTime":
    case "sim_restoreSnapshot":
    case "sim_advanceTime":
      return [rng.chance(0.7) ? rng.int(100) : quantity(rng)];
    case "sim_appeal":
      return [hash(c), address(c)];
    case "eth_sendRawTransaction":
      return [await rawTx(c)];
    case "eth_getTransactionReceipt":
    case "eth_getTransactionByHash":
    case "gen_getTransactionStatus":
      return [hash(c)];
    case "gen_call": {
      const data = toRlp([hex(calldata(c)), toHex(false)]);
      return [{ type: rng.pick(["read", "write", "read", "x"]), to: address(c), from: address(c), data, transaction_hash_variant: rng.pick(["latest-final", "latest-nonfinal"]) }];
    }
    case "eth_call":
      return [{ to: address(c), from: address(c), data: hex(calldata(c)) }];
    case "sim_createValidator":
      return [quantity(rng), rng.pick(["openai", "ollama", 5, null]), rng.pick(["gpt", "", 5, null])];
    case "sim_updateValidator":
      return [address(c), quantity(rng), rng.pick(["openai", 5]), rng.pick(["m", null])];
    default:
      return rng.chance(0.8) ? [] : randomJson(rng, 2);
  }
}

function id(rng: FuzzRng): Json | undefined {
  const r = rng.int(20);
  if (r < 12) return rng.int(1_000_000);
  if (r < 15) return rng.pick(["a", "", "x".repeat(100), "\u2028"]);
  if (r < 16) return null;
  if (r < 17) return undefined; // a notification
  return rng.pick<Json>([1.5, -1, 2 ** 53 + 2, 1e300, true, [], {}, [1]]);
}

async function request(c: RequestContext): Promise<Json> {
  const { rng } = c;
  let method = rng.chance(0.95) ? rng.pick(METHODS) : rng.pick(NOT_METHODS);
  // signing and recovering a transaction costs milliseconds: half as many of those
  if (method === "eth_sendRawTransaction" && rng.chance(0.5)) method = rng.pick(METHODS);
  let params = await paramsFor(c, method);
  if (rng.chance(0.3)) params = mutateJson(rng, params, [params], 2);
  const req: { [k: string]: Json } = { jsonrpc: "2.0", method };
  const i = id(rng);
  if (i !== undefined) req.id = i;
  if (!(Array.isArray(params) && params.length === 0 && rng.chance(0.5))) req.params = params;
  if (rng.chance(0.15)) return mutateJson(rng, req, [req], 2); // a broken envelope
  if (rng.chance(0.03)) setKey(req, rng.pick(["__proto__", "constructor", "params"]), randomJson(rng, 2));
  return req;
}

/** One request body: a call, a batch (sometimes empty or too big), or an odd value. */
export async function requestBody(c: RequestContext): Promise<Json> {
  const { rng } = c;
  const r = rng.int(100);
  if (r < 80) return request(c);
  if (r < 92) {
    const n = rng.chance(0.97) ? rng.range(1, 6) : rng.chance(0.8) ? rng.pick([0, 101]) : 100;
    const out: Json[] = [];
    for (let i = 0; i < n; i++) out.push(rng.chance(0.9) ? await request(c) : randomJson(rng, 2));
    return out;
  }
  if (r < 94) return deepJson(rng, rng.range(10, 5000), { jsonrpc: "2.0", id: 1, method: "eth_chainId" });
  return randomJson(rng, 3);
}
