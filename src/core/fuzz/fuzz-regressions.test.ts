/**
 * The bugs the fuzzers found, each as its smallest input, so they stay fixed even on a run whose
 * random seed does not reach them.
 */
import { describe, expect, it } from "vitest";
import { FakeExecutor } from "../consensus/fake-executor";
import { handleJsonRpc } from "../rpc/json-rpc";
import { createEngineNetwork } from "../scenario/engine-network";
import { parseJsonText } from "../scenario/json-text";
import { parseScenario } from "../scenario/parse";
import { decodeFragment, decodePayload } from "../share/codec";
import { CalldataError, decode } from "../calldata";
import { messageProblem } from "./harness";
import { PythonCodec } from "./python-codec";
import { RpcWorld } from "./rpc-world";

const BASE = { version: 1, name: "t", seed: "s", steps: [] };
const errors = (doc: Record<string, unknown>) => {
  const r = parseScenario({ ...BASE, ...doc });
  return r.ok ? [] : r.errors;
};
const clean = (message: string) => expect(messageProblem(message), message).toBeNull();

describe("scenario parser: what the fuzzer found", () => {
  it("quotes keys, names and labels in messages: line breaks escaped, long text cut", () => {
    const cases = [
      { llm: { "a\nb": 1 } },
      { llm: { "a\u2028b": 1 } },
      { network: { ["x".repeat(400)]: 1 } },
      { steps: [{ "a\nb": {} }] },
      { accounts: { ["y".repeat(400)]: "1", ["y".repeat(400) + "z"]: "2" }, network: { validators: [{ id: "y".repeat(400) }] } },
      { steps: [{ deploy: { contract: "line\nbreak" } }] },
      { steps: [{ call: { contract: "z".repeat(500), method: "m" } }] },
      { name: "x\u2028y".repeat(5), seed: 1.5 },
    ];
    for (const doc of cases) {
      const list = errors(doc);
      expect(list.length, JSON.stringify(doc).slice(0, 80)).toBeGreaterThan(0);
      list.forEach(clean);
    }
    expect(errors({ llm: { "a\nb": 1 } })).toEqual(['llm: unknown field "a\\nb"']);
  });

  it("refuses __proto__ as a name (it set the prototype of accounts instead of adding one)", () => {
    const doc = JSON.parse('{"version":1,"name":"t","seed":"s","steps":[],"accounts":{"__proto__":"5"}}');
    const r = parseScenario(doc);
    expect(r.ok ? [] : r.errors).toEqual(['accounts.__proto__: "__proto__" is reserved; choose another name']);
  });

  it("checks deploy labels against the contracts' own keys, not inherited ones like constructor", () => {
    expect(errors({ steps: [{ deploy: { contract: "constructor" } }] })).toEqual([
      'steps[0].deploy.contract: unknown contract "constructor"; "contracts" is empty (use "file" for a .py path)',
    ]);
  });

  it("takes genesis times up to the year 9999 and refuses later ones instead of throwing", () => {
    expect(errors({ genesisTime: 9007199254740991 })[0]).toMatch(/^genesisTime: expected an ISO 8601 time/);
    expect(errors({ genesisTime: 8.64e15 })[0]).toMatch(/^genesisTime: expected an ISO 8601 time/);
    const r = parseScenario({ ...BASE, genesisTime: Date.UTC(9999, 11, 31, 23, 59, 59) });
    expect(r.ok && r.scenario.genesisTime).toBe("9999-12-31T23:59:59.000Z");
  });

  it("escapes the character a JSON error quotes", () => {
    const r = parseJsonText('{"a": 1\u2028}');
    expect(r.ok).toBe(false);
    if (!r.ok) clean(r.message);
  });
});

describe("share links: what the fuzzer found", () => {
  it("quotes the phase, round, codec and version it refuses, in one short line", async () => {
    const fragments = ["s=v1.j.e30&tx=a&phase=%0Ax", `s=v1.j.e30&tx=a&phase=${"x".repeat(400)}`, "s=v1.j.e30&tx=a&round=1%0A", "s=v1.\n.e30", `s=v0${"0".repeat(300)}.j.e30`];
    for (const f of fragments) {
      const r = await decodeFragment(f);
      expect(r.ok).toBe(false);
      if (!r.ok) clean(r.message);
    }
    const r = await decodePayload("v1.\u2028.e30");
    expect(r.ok ? "" : r.message).toBe('this link uses an unknown encoding "\\u2028"');
  });
});

describe("JSON-RPC: what the fuzzer found", () => {
  const world = new RpcWorld((spec) => createEngineNetwork(spec, new FakeExecutor({ executionTimeoutMs: spec.settings.executionTimeoutMs })));
  const call = (method: string, params: unknown[]) => handleJsonRpc(world.methods(), { jsonrpc: "2.0", id: 1, method, params }) as Promise<{ error: { code: number; message: string } }>;

  it("asks for a hash instead of looking up 'transaction undefined' or '[object Object]'", async () => {
    expect((await call("gen_getTransactionStatus", [])).error).toEqual({ code: -32602, message: "invalid params: the hash must be 0x-hex" });
    expect((await call("sim_appeal", [{ a: 1 }])).error).toEqual({ code: -32602, message: "invalid params: the transaction hash must be 0x-hex" });
    expect((await call("gen_getTransactionStatus", ["0xab\nc"])).error.message).toBe("transaction 0xab\\u000ac not found");
  });

  it("shows an unknown method's name with its line breaks escaped, and keeps every message to one short line", async () => {
    expect((await call("a\u2028b", [])).error.message).toBe("method not found: a\\u2028b");
    expect((await call("sim_getValidator", ["0x\n" + "0".repeat(100)])).error.message).toBe(`no validator 0x\\u000a${"0".repeat(38)}…`);
  });

  it("refuses contract code with a lone surrogate as invalid params (Python can not take it)", async () => {
    expect((await call("gen_getContractSchemaForCode", ["class C:\ud800 pass"])).error).toEqual({
      code: -32602,
      message: "invalid params: contract code is not valid text (it holds a lone UTF-16 surrogate)",
    });
  });
});

describe("calldata: what the fuzzer found", () => {
  it("names a huge unknown atom by its size in both decoders (Python raised ValueError printing it)", async () => {
    const header = (1n << 20_000n) << 3n; // an atom (type 0) whose payload has 20,001 bits
    const bytes: number[] = [];
    for (let v = header; ; ) {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      if (v === 0n) { bytes.push(low); break; }
      bytes.push(low | 0x80);
    }
    const input = Uint8Array.from(bytes);
    expect(() => decode(input)).toThrow(new CalldataError("unknown atom of 20001 bits"));
    const python = await PythonCodec.start();
    try {
      expect(await python.roundTrip([input, Uint8Array.of(4 << 3)])).toEqual([
        { ok: false, error: "DecodingError" },
        { ok: false, error: "DecodingError" },
      ]);
    } finally {
      await python.stop();
    }
  }, 60_000);
});
