/**
 * Workers started from an interpreter snapshot (PythonEngine.makeSnapshot → EngineInit.snapshot):
 * they run contracts exactly like workers that started Python themselves, agree with each other
 * even on memory addresses (every one restores the same bytes), keep the lockdown, and a snapshot
 * that does not load means a normal boot with a one-line reason.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { Address, encode, type EncodableValue } from "../../src/core/calldata";
import { Network } from "../../src/core/consensus/engine";
import { makeValidators } from "../../src/core/consensus/fake-executor";
import { PyodideValidatorExecutor } from "../../src/core/consensus/validator-executor";
import { DEFAULT_SETTINGS } from "../../src/core/consensus/types";
import { PythonRuntime } from "../../src/core/runtime/python-runtime";
import { RuntimePool } from "../../src/core/runtime/runtime-pool";
import { ScriptedProvider } from "../../src/core/runtime/providers/scripted";
import type { SnapshotSource } from "../python-engine";
import { makeNodeSnapshot } from "./make-snapshot";
import { MEMORY_RECYCLE_BYTES } from "./node-runtime";
import { readSdkFiles } from "./sdk-files";
import { spawnNodeWorker } from "./spawn-node-worker";

const STORAGE = readFileSync(new URL("../../contracts-examples/storage.py", import.meta.url), "utf8");
// Answers that depend on the interpreter's memory layout and on what the lockdown removed.
const PROBE = `
from genlayer import *

class Probe(gl.Contract):
    seen: str

    def __init__(self):
        self.seen = ""

    @gl.public.write
    def look(self) -> None:
        parts = [str(id(object()) % 100003), repr(set(object() for _ in range(3))).count("object")]
        for name in ["js", "pyodide", "pyodide_js", "_pyodide"]:
            try:
                __import__(name)
                parts.append(name + " imported")
            except Exception as e:
                parts.append(name + " blocked")
        self.seen = " ".join(str(p) for p in parts)

    @gl.public.view
    def get_seen(self) -> str:
        return self.seen
`;
const ALICE = Address.fromHex("0x" + "a1".repeat(20));
const cd = (method: string | undefined, args: EncodableValue[] = []) => encode(method ? { method, args } : { args });
const sdkFiles = readSdkFiles();

function runtime(snapshot: SnapshotSource | null, failures: string[] = []): PythonRuntime {
  return new PythonRuntime({
    spawn: spawnNodeWorker,
    sdkFiles,
    memoryRecycleBytes: MEMORY_RECYCLE_BYTES,
    ...(snapshot && { snapshot: { get: async () => snapshot, failed: (why: string) => void failures.push(why) } }),
  });
}

const pools: RuntimePool[] = [];
afterAll(() => pools.forEach((p) => p.terminate()));

async function run(pool: RuntimePool) {
  const settings = { ...DEFAULT_SETTINGS, validatorsPerTx: 5, finalityWindowMs: 0 };
  const provider = new ScriptedProvider({ prompts: [] });
  const executor = new PyodideValidatorExecutor({ pool, settings, providerFor: () => provider });
  const net = new Network({ validators: makeValidators(5), settings, executor, seed: "snapshot" });
  net.fund(ALICE, 10n ** 24n);
  const hashes: string[] = [];
  const submit = async (tx: Parameters<Network["submit"]>[0]) => {
    const hash = net.submit(tx);
    await net.runUntilIdle();
    net.advanceTime(1);
    await net.runUntilIdle();
    hashes.push(hash);
    return net.getTx(hash)!;
  };
  const storage = (await submit({ kind: "deploy", from: ALICE, code: STORAGE, calldata: cd(undefined, ["start"]) })).to;
  for (let i = 0; i < 3; i++) await submit({ kind: "call", from: ALICE, to: storage, calldata: cd("update_storage", [`v${i}`]) });
  const probe = (await submit({ kind: "deploy", from: ALICE, code: PROBE, calldata: cd(undefined) })).to;
  const look = await submit({ kind: "call", from: ALICE, to: probe, calldata: cd("look") });
  return { net, hashes, storage, probe, look };
}

describe("workers started from an interpreter snapshot", () => {
  it("run contracts like normally booted workers, agree with each other on memory addresses, and stay locked down", async () => {
    const bytes = await makeNodeSnapshot(sdkFiles);
    expect(bytes.byteLength).toBeGreaterThan(10 * 2 ** 20);
    const restored = [runtime({ bytes }), runtime({ bytes })];
    const restoredPool = new RuntimePool(restored);
    const plain = [runtime(null), runtime(null)];
    const plainPool = new RuntimePool(plain);
    pools.push(restoredPool, plainPool);
    const infos = await Promise.all(restored.map((r) => r.boot()));
    expect(infos.map((i) => [i.started, i.snapshotError])).toEqual([
      ["snapshot", undefined],
      ["snapshot", undefined],
    ]);
    expect(restored.map((r) => r.status.startedFrom)).toEqual(["snapshot", "snapshot"]);
    expect((await plain[0]!.boot()).started).toBe("boot");

    const a = await run(restoredPool);
    const b = await run(plainPool);
    for (const hash of a.hashes) expect(a.net.getTx(hash)!.status).toBe("FINALIZED");
    // five validators on two restored workers agree even on id() and set order
    expect(a.look.rounds.at(-1)!.votes.map((v) => v.vote)).toEqual(["agree", "agree", "agree", "agree", "agree"]);
    const seen = (net: Network, at: Address) => JSON.stringify(net.contractState(at), (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(seen(a.net, a.storage)).toBe(seen(b.net, b.storage));
    expect(a.hashes).toEqual(b.hashes);
    const outcome = (await a.net.view(a.probe, cd("get_seen"))).outcome;
    expect(outcome.kind === "return" && String(outcome.value)).toMatch(/^\d+ 6 js blocked pyodide blocked pyodide_js blocked _pyodide blocked$/);
  }, 240_000);

  it("boots normally, with a one-line reason, from a snapshot that does not load", async () => {
    const failures: string[] = [];
    const rt = runtime({ bytes: new Uint8Array(4096).fill(7) }, failures);
    pools.push(new RuntimePool([rt]));
    const info = await rt.boot();
    expect(info.started).toBe("boot");
    expect(info.snapshotError).toMatch(/^the interpreter snapshot did not load \(.+\); started Python instead$/);
    expect(info.snapshotError).not.toContain("\n");
    expect(failures).toEqual([info.snapshotError]);
    expect(rt.status.startedFrom).toBe("boot");
  }, 120_000);
});
